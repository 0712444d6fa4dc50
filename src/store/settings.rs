//! The user's settings: their annotator name and recent projects. Stored as RON in the
//! platform's config folder, or in `$MARGINALIA_CONFIG_DIR` (tests set it).
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;

const MAX_RECENT: usize = 10;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Name stamped on every annotation this user makes; asked once.
    pub annotator: Option<String>,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub dark_mode: Option<bool>,
    /// The reader's text size, as last set with Ctrl+plus / Ctrl+minus.
    pub font_size: Option<f32>,
    /// Run the suggester on a document when it is first shown (Edit menu).
    pub suggest_on_open: bool,
}

impl Settings {
    /// The settings folder, if the platform has one.
    pub fn dir() -> Option<PathBuf> {
        // Empty counts as unset: `MARGINALIA_CONFIG_DIR= marginalia` must not write
        // settings into whatever folder it was started from.
        if let Some(dir) = std::env::var_os("MARGINALIA_CONFIG_DIR").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("org", "Marginalia", "Marginalia")
            .map(|d| d.config_dir().to_owned())
    }

    /// The user's settings file, if the platform has a settings folder.
    pub fn default_file() -> Option<PathBuf> {
        Self::dir().map(|d| d.join("settings.ron"))
    }

    /// Loads the settings, or defaults when there are none or they cannot be read (settings
    /// are a convenience; a broken file must not stop anyone from working).
    pub fn load() -> Settings {
        Self::default_file()
            .map(|f| Self::load_from(&f))
            .unwrap_or_default()
    }

    pub fn load_from(path: &Path) -> Settings {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|t| ron::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Writes the settings to `path`, creating its folder if needed.
    pub fn save_to(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        write_atomic(path, text.as_bytes())
    }

    /// Puts `path` at the top of the recent list.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// The most recent project that still exists.
    pub fn last_project(&self) -> Option<&PathBuf> {
        self.recent.iter().find(|p| p.exists())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remember_moves_to_front_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        let mut s = Settings::default();
        s.remember(&a);
        s.remember(&b);
        s.remember(&a);
        assert_eq!(s.recent.len(), 2);
        assert!(s.recent[0].ends_with("a.ron"));
        let file = dir.path().join("settings.ron");
        s.annotator = Some("Ada".into());
        s.save_to(&file).unwrap();
        assert_eq!(Settings::load_from(&file), s);
    }

    #[test]
    fn unreadable_settings_fall_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.ron");
        std::fs::write(&file, "(annotator: ").unwrap();
        assert_eq!(Settings::load_from(&file), Settings::default());
    }
}
