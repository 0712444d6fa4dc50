//! The snapshot's binary form of a [`ProjectFile`]: every field in declaration order,
//! integers as LEB128 varints, strings as a length and UTF-8 bytes, lists as a count and
//! their items, options as a 0/1 tag. Hand-written rather than a serde format such as
//! postcard or bincode: the model's serde attributes are tuned for RON
//! (`skip_serializing_if` leaves fields out), which a format without field names cannot
//! read back, and mirror types for serde would be as long as this file.
//!
//! Decoding checks every length against what is left and every string's UTF-8, so a
//! damaged snapshot is an error (then the RON is parsed), never a panic or a wrong project
//! that looks right: the snapshot also carries a checksum of these bytes.
use crate::model::{Alias, DoneMark, MergeConflict, ProjectFileRef, Rejection};
use crate::model::{Annotation, AnnotationId, DocId, Document, Label, Link, ProjectFile, Span};
use crate::text::bidi::Direction;

/// Why a snapshot could not be decoded. Never shown to the user: the RON is read instead.
#[derive(Debug, PartialEq, Eq)]
pub struct Corrupt(pub &'static str);

pub fn encode(file: &ProjectFileRef<'_>, out: &mut Vec<u8>) {
    let w = &mut Writer(out);
    w.uint(file.format_version.into());
    w.str(file.name);
    w.list(file.labels, |w, l| label(w, l));
    w.list(&file.documents, |w, d| document(w, d));
    w.list(&file.annotations, |w, a| annotation(w, a));
    w.list(&file.done, |w, d| {
        w.str(&d.annotator);
        w.uint(d.document.0);
    });
    w.list(&file.links, |w, l| {
        w.uint(l.from.0);
        w.uint(l.to.0);
        w.str(&l.kind);
    });
    w.list(file.merge_conflicts, |w, c| {
        w.str(&c.location);
        w.str(&c.message);
    });
    w.list(&file.rejected, |w, r| {
        w.uint(r.document.0);
        w.uint(r.start as u64);
        w.uint(r.end as u64);
        w.str(&r.label);
    });
    w.list(&file.aliases, |w, a| {
        w.str(&a.form);
        w.str(&a.person);
    });
}

pub fn decode(bytes: &[u8]) -> Result<ProjectFile, Corrupt> {
    let r = &mut Reader { bytes, at: 0 };
    let file = ProjectFile {
        format_version: u32::try_from(r.uint()?).map_err(|_| Corrupt("format version"))?,
        name: r.string()?,
        labels: r.list(read_label)?,
        documents: r.list(read_document)?,
        annotations: r.list(read_annotation)?,
        done: r.list(|r| {
            Ok(DoneMark {
                annotator: r.string()?,
                document: DocId(r.uint()?),
            })
        })?,
        links: r.list(|r| {
            Ok(Link {
                from: AnnotationId(r.uint()?),
                to: AnnotationId(r.uint()?),
                kind: r.string()?,
            })
        })?,
        merge_conflicts: r.list(|r| {
            Ok(MergeConflict {
                location: r.string()?,
                message: r.string()?,
            })
        })?,
        rejected: r.list(|r| {
            Ok(Rejection {
                document: DocId(r.uint()?),
                start: usize::try_from(r.uint()?).map_err(|_| Corrupt("offset"))?,
                end: usize::try_from(r.uint()?).map_err(|_| Corrupt("offset"))?,
                label: r.string()?,
            })
        })?,
        aliases: r.list(|r| {
            Ok(Alias {
                form: r.string()?,
                person: r.string()?,
            })
        })?,
    };
    if r.at != bytes.len() {
        return Err(Corrupt("bytes after the project"));
    }
    Ok(file)
}

fn label(w: &mut Writer<'_>, l: &Label) {
    w.str(&l.id);
    w.str(&l.name);
    w.str(&l.color);
    w.uint(l.hotkey.map_or(0, |c| u64::from(c) + 1));
    w.str(&l.description);
    w.uint(l.is_source.into());
}

fn read_label(r: &mut Reader<'_>) -> Result<Label, Corrupt> {
    Ok(Label {
        id: r.string()?,
        name: r.string()?,
        color: r.string()?,
        hotkey: match r.uint()? {
            0 => None,
            n => Some(
                u32::try_from(n - 1)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(Corrupt("hotkey"))?,
            ),
        },
        description: r.string()?,
        is_source: r.flag()?,
    })
}

fn document(w: &mut Writer<'_>, d: &Document) {
    w.uint(d.id.0);
    w.str(&d.title);
    w.str(&d.source);
    w.str(&d.hash);
    w.str(&d.text);
    w.uint(match d.direction {
        None => 0,
        Some(Direction::Ltr) => 1,
        Some(Direction::Rtl) => 2,
    });
}

fn read_document(r: &mut Reader<'_>) -> Result<Document, Corrupt> {
    let id = DocId(r.uint()?);
    let (title, source) = (r.string()?, r.string()?);
    // The stored hash is kept as it was (checking it is `Project::from_file`'s job), so the
    // document is made empty and given its text and hash after.
    let mut doc = Document::new(id, title, source, String::new());
    doc.hash = r.string()?;
    doc.text = r.string()?;
    doc.direction = match r.uint()? {
        0 => None,
        1 => Some(Direction::Ltr),
        2 => Some(Direction::Rtl),
        _ => return Err(Corrupt("direction")),
    };
    Ok(doc)
}

fn annotation(w: &mut Writer<'_>, a: &Annotation) {
    w.uint(a.id.0);
    w.uint(a.document.0);
    w.uint(a.start as u64);
    w.uint(a.end as u64);
    w.str(&a.label);
    w.str(&a.annotator);
    match &a.note {
        None => w.uint(0),
        Some(note) => {
            w.uint(1);
            w.str(note);
        }
    }
    w.str(&a.created);
    w.str(&a.modified);
    w.list(&a.derived_from, |w, id| w.uint(id.0));
    w.list(&a.fragments, |w, s| {
        w.uint(s.start as u64);
        w.uint(s.end as u64);
    });
}

fn read_annotation(r: &mut Reader<'_>) -> Result<Annotation, Corrupt> {
    Ok(Annotation {
        id: AnnotationId(r.uint()?),
        document: DocId(r.uint()?),
        start: r.usize()?,
        end: r.usize()?,
        label: r.string()?,
        annotator: r.string()?,
        note: if r.flag()? { Some(r.string()?) } else { None },
        created: r.string()?,
        modified: r.string()?,
        derived_from: r.list(|r| Ok(AnnotationId(r.uint()?)))?,
        fragments: r.list(|r| Ok(Span::new(r.usize()?, r.usize()?)))?,
    })
}

struct Writer<'a>(&'a mut Vec<u8>);

impl Writer<'_> {
    fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.uint(items.len() as u64);
        items.iter().for_each(|item| each(self, item));
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn uint(&mut self) -> Result<u64, Corrupt> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at).ok_or(Corrupt("cut short"))?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Corrupt("varint too long"))
    }

    fn usize(&mut self) -> Result<usize, Corrupt> {
        usize::try_from(self.uint()?).map_err(|_| Corrupt("offset too large"))
    }

    fn flag(&mut self) -> Result<bool, Corrupt> {
        match self.uint()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt("flag")),
        }
    }

    fn string(&mut self) -> Result<String, Corrupt> {
        let len = self.usize()?;
        let end = (self.at.checked_add(len))
            .filter(|&end| end <= self.bytes.len())
            .ok_or(Corrupt("string past the end"))?;
        let s = std::str::from_utf8(&self.bytes[self.at..end]).map_err(|_| Corrupt("UTF-8"))?;
        self.at = end;
        Ok(s.to_owned())
    }

    fn list<T>(
        &mut self,
        mut each: impl FnMut(&mut Self) -> Result<T, Corrupt>,
    ) -> Result<Vec<T>, Corrupt> {
        let n = self.usize()?;
        // Every item takes at least one byte: a damaged count cannot reserve gigabytes.
        if n > self.bytes.len() - self.at {
            return Err(Corrupt("list longer than the file"));
        }
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(each(self)?);
        }
        Ok(items)
    }
}
