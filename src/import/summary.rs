//! What an import tells the user: warnings about files that were added with damage, and
//! the window's one-line status. The command line prints one line per file instead.
use super::batch::ImportReport;

impl ImportReport {
    /// One warning per added file whose damaged UTF-8 bytes were replaced by U+FFFD,
    /// naming the file and where the bytes were.
    pub fn warnings(&self) -> Vec<String> {
        (self.added.iter())
            .filter_map(|a| {
                let invalid = a.invalid_utf8.as_ref()?;
                Some(format!("{}: {invalid}", a.path.display()))
            })
            .collect()
    }

    /// Whether the status should stand out: a file was refused or added with damage.
    pub fn needs_attention(&self) -> bool {
        !self.refused.is_empty() || self.added.iter().any(|a| a.invalid_utf8.is_some())
    }

    /// The window's status after an import: what was added (and from which legacy
    /// encoding), replaced bytes, duplicates, and the first refusal with its reason.
    pub fn summary(&self) -> String {
        let added = self.added.len();
        let mut msg = format!("Imported {added} article{}", plural(added));
        let legacy: Vec<_> = (self.added.iter())
            .filter(|a| a.encoding != encoding_rs::UTF_8.name())
            .collect();
        if let Some(first) = legacy.first() {
            msg.push_str(&format!(
                " ({} decoded from {}{})",
                first.path.display(),
                first.encoding,
                more(legacy.len())
            ));
        }
        let warnings = self.warnings();
        if let Some(first) = warnings.first() {
            msg.push_str(&format!("; {first}{}", more(warnings.len())));
        }
        if !self.skipped.is_empty() {
            msg.push_str(&format!("; {} already in the project", self.skipped.len()));
        }
        if let Some((path, why)) = self.refused.first() {
            msg.push_str(&format!(
                "; {} refused ({}: {why})",
                self.refused.len(),
                path.display()
            ));
        }
        msg
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// ", and 2 more" after the first of `n` items named.
fn more(n: usize) -> String {
    if n > 1 {
        format!(", and {} more", n - 1)
    } else {
        String::new()
    }
}
