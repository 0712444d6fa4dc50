//! Who said what, in the reader: linking a content span to its source, and split spans.
//! The reader only reports clicks and drags ([`ReaderRequest`]); the edits are made here,
//! through the model's rules, so menus, keys and mouse share one path.
use super::selection::ReaderRequest;
use super::state::AppState;
use crate::model::{Annotation, AnnotationId, Span};
use crate::text::{TextIndex, boundaries};

impl AppState {
    /// L: starts link mode from the selected span (a content or a source). The next click
    /// on a span of the other kind makes the link; Tab / Shift+Tab walk the candidates and
    /// Enter takes the highlighted one; Esc cancels.
    pub fn start_link(&mut self) {
        if self.reader.linking.take().is_some() {
            self.info("Link cancelled");
            return;
        }
        let Some(a) = self.selected_annotation().cloned() else {
            self.info(
                "Select a quote, claim or figure first (click it, or Tab to it), then press L \
                 and click its source",
            );
            return;
        };
        if !self.may_edit(&a) {
            return;
        }
        let source = self.is_source(&a);
        self.reader.linking = Some(a.id);
        self.info(if source {
            "Link mode: click the quote, claim or figure this source said (Tab / Enter from the \
             keyboard, Esc cancels)"
        } else {
            "Link mode: click the source (attribution span) of this span (Tab / Enter from the \
             keyboard, Esc cancels)"
        });
    }

    fn is_source(&self, a: &Annotation) -> bool {
        self.project()
            .and_then(|p| p.label(&a.label))
            .is_some_and(|l| l.is_source)
    }

    /// The spans the link being made could end on: the other kind, same annotator, same
    /// document, in text order.
    fn link_candidates(&self, origin: &Annotation) -> Vec<AnnotationId> {
        let Some(project) = self.project() else {
            return Vec::new();
        };
        let want_source = !self.is_source(origin);
        project
            .annotations_in(origin.document)
            .filter(|a| a.annotator == origin.annotator && self.is_visible(a))
            .filter(|a| project.label(&a.label).is_some_and(|l| l.is_source) == want_source)
            .map(|a| a.id)
            .collect()
    }

    /// In link mode, Tab / Shift+Tab highlight the next / previous candidate.
    pub fn step_link_candidate(&mut self, step: isize) {
        let Some(origin) = self.linking_origin() else {
            return;
        };
        let ids = self.link_candidates(&origin);
        if ids.is_empty() {
            self.error("There is no span to link to in this document; tag the source first");
            return;
        }
        let k = match self.reader.step_in(&ids, step) {
            Some(k) => k,
            // Start from the candidate nearest after the origin: sources usually follow quotes.
            None => ids
                .iter()
                .position(|&id| {
                    self.project()
                        .and_then(|p| p.annotation(id))
                        .is_some_and(|a| a.start >= origin.start)
                })
                .unwrap_or(0),
        };
        self.select_by_id(ids[k]);
    }

    fn linking_origin(&self) -> Option<Annotation> {
        self.project()?.annotation(self.reader.linking?).cloned()
    }

    /// In link mode, Enter links to the highlighted candidate.
    pub fn confirm_link(&mut self) {
        match self.reader.selected {
            Some(id) if Some(id) != self.reader.linking => self.finish_link(&[id]),
            _ => self.info("Tab to the span to link to (or click it), then press Enter"),
        }
    }

    /// Ends link mode on the first span of `hits` that can be the other end.
    pub fn finish_link(&mut self, hits: &[AnnotationId]) {
        let Some(origin) = self.linking_origin() else {
            self.reader.linking = None;
            return;
        };
        let candidates = self.link_candidates(&origin);
        let Some(&target) = hits.iter().find(|id| candidates.contains(id)) else {
            let want = if self.is_source(&origin) {
                "a quote, claim or figure"
            } else {
                "a source (attribution) span"
            };
            self.error(format!(
                "Click {want} by {} in this document, or press Esc to cancel",
                origin.annotator
            ));
            return;
        };
        let (content, source) = if self.is_source(&origin) {
            (target, origin.id)
        } else {
            (origin.id, target)
        };
        let Some(project) = self.project() else {
            return;
        };
        let edit = match project.link_edit(content, source) {
            Ok(edit) => edit,
            Err(e) => {
                self.error(format!("Could not link: {e}"));
                return;
            }
        };
        let message = self.describe_link(content, source);
        self.reader.linking = None;
        self.reader.selected = Some(origin.id);
        if self.apply(edit) {
            self.info(format!("Linked {message}"));
        }
    }

    /// “quote…” → “source…”, for messages.
    fn describe_link(&self, content: AnnotationId, source: AnnotationId) -> String {
        let text = |id| {
            let p = self.project()?;
            let a = p.annotation(id)?;
            let doc = p.document(a.document)?;
            Some(super::reader::quoted(doc.index(), doc, a, 40))
        };
        format!(
            "“{}” to its source “{}”",
            text(content).unwrap_or_default(),
            text(source).unwrap_or_default()
        )
    }

    /// Shift+L: removes the selected content's link, or every link to the selected source.
    pub fn unlink_selected(&mut self) {
        let Some(a) = self.selected_annotation().cloned() else {
            self.info("Select a linked span first");
            return;
        };
        if !self.may_edit(&a) {
            return;
        }
        let Some(project) = self.project() else {
            return;
        };
        let edits: Vec<crate::model::Edit> = project
            .links_of(a.id)
            .cloned()
            .map(crate::model::Edit::RemoveLink)
            .collect();
        let n = edits.len();
        if n == 0 {
            self.info("This span has no link");
            return;
        }
        if self.apply(crate::model::Edit::Batch(edits)) {
            self.info(format!("Removed {n} link{}", if n == 1 { "" } else { "s" }));
        }
    }

    /// F: adds the text selection to the span selected last, splitting it into fragments
    /// (the keyboard twin of Alt+drag).
    pub fn add_selection_as_fragment(&mut self, idx: &TextIndex) {
        let (Some(id), Some(sel)) = (
            self.last_selected,
            self.reader.selection.filter(|s| !s.is_empty()),
        ) else {
            self.info(
                "Select a span, then select the other part of its text (Shift+arrows or drag) \
                 and press F — or Alt+drag with the span selected",
            );
            return;
        };
        self.add_fragment(id, sel.span(), idx);
    }

    /// Adds `span` (trimmed of white space) to annotation `id` as another fragment.
    pub fn add_fragment(&mut self, id: AnnotationId, span: Span, idx: &TextIndex) {
        let Some(before) = self.project().and_then(|p| p.annotation(id)).cloned() else {
            return;
        };
        if !self.may_edit(&before) {
            return;
        }
        let Some(doc) = self
            .project()
            .and_then(|p| p.document(before.document))
            .cloned()
        else {
            return;
        };
        let (start, end) = boundaries::trim_span(&doc.text, idx, span.start, span.end);
        if start == end {
            self.error("The selection is only white space; drag over the words to add");
            return;
        }
        let mut after = before.clone();
        after.set_spans(before.spans().chain([Span::new(start, end)]));
        if after.spans().eq(before.spans()) {
            self.info("That text is already part of the span");
            return;
        }
        after.modified = crate::model::now_timestamp();
        let pieces = after.spans().count();
        self.replace_selected(
            before,
            after,
            format!("The span now has {pieces} fragments"),
        );
    }

    /// Alt+click on a fragment of a split span removes that fragment.
    pub fn remove_fragment(&mut self, id: AnnotationId, at: usize) {
        let Some(before) = self.project().and_then(|p| p.annotation(id)).cloned() else {
            return;
        };
        if !before.is_split() {
            self.info("Alt+drag over more text to split this span; Alt+click removes a fragment");
            return;
        }
        if !self.may_edit(&before) {
            return;
        }
        if !before.covers(at) {
            self.info("Alt+click on one of the span's fragments to remove it");
            return;
        }
        let mut after = before.clone();
        after.set_spans(before.spans().filter(|s| !s.contains(at)));
        after.modified = crate::model::now_timestamp();
        self.replace_selected(before, after, "Removed a fragment".into());
    }

    fn replace_selected(&mut self, before: Annotation, after: Annotation, message: String) {
        let id = before.id;
        let Some(edit) = self.project().map(|p| p.replace_edit(&before, after)) else {
            return;
        };
        if self.apply(edit) {
            self.reader.selected = Some(id);
            self.reader.selection = None;
            self.info(message);
        }
    }

    /// Carries out what the reader asked for.
    pub fn handle_reader_request(&mut self, request: ReaderRequest, idx: &TextIndex) {
        match request {
            ReaderRequest::LinkTo(hits) => self.finish_link(&hits),
            ReaderRequest::AddFragment { id, span } => self.add_fragment(id, span, idx),
            ReaderRequest::RemoveFragment { id, at } => self.remove_fragment(id, at),
        }
        if self.reader.selected.is_some() && self.reader.linking.is_none() {
            self.last_selected = self.reader.selected;
        }
    }
}
