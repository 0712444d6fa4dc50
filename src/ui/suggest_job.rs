//! Suggesting in many documents on a background thread, with a progress bar and a way to
//! stop: 10,000 articles take seconds, and the window must keep drawing and taking edits
//! meanwhile. The edit is built when the suggestions are ready, against the project as it
//! is then, so nothing the user did in between is overwritten.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use super::state::AppState;
use crate::model::{DocId, Document};
use crate::suggest::{self, SuggestOptions, Suggestions};

/// Below this many characters the suggester runs within the frame (a few milliseconds).
pub const BACKGROUND_FROM_CHARS: usize = 300_000;

pub struct SuggestJob {
    targets: Vec<Arc<Document>>,
    lineage: u64,
    done: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    result: Receiver<Option<Vec<Suggestions>>>,
}

impl SuggestJob {
    fn start(targets: Vec<Arc<Document>>, lineage: u64) -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (send, result) = std::sync::mpsc::channel();
        let (docs, d, c) = (targets.clone(), done.clone(), cancel.clone());
        std::thread::spawn(move || {
            let found =
                suggest::suggest_documents_with_progress(&docs, &SuggestOptions::default(), &d, &c);
            // The window may have closed; nobody to tell then.
            let _ = send.send(found);
        });
        Self {
            targets,
            lineage,
            done,
            cancel,
            result,
        }
    }

    /// Documents finished and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.done.load(Ordering::Relaxed), self.targets.len())
    }
}

impl AppState {
    /// Suggests in `docs` (every document when `None`): within the frame for a little text,
    /// on a background thread with a progress bar for more.
    pub fn suggest(&mut self, docs: Option<Vec<DocId>>) {
        let Some(project) = self.project() else {
            return;
        };
        if self.suggest_job.is_some() {
            self.info("Already suggesting: wait for it, or stop it in the status bar");
            return;
        }
        let targets = suggest::target_documents(project, docs.as_deref().unwrap_or_default());
        let chars: usize = targets.iter().map(|d| d.text.len()).sum();
        if chars < BACKGROUND_FROM_CHARS {
            let found = suggest::suggest_documents(&targets, &SuggestOptions::default());
            self.apply_suggestions(&targets, found);
        } else {
            self.suggest_job = Some(SuggestJob::start(targets, project.stamp().lineage));
        }
    }

    /// Stops a running suggestion job; nothing is changed.
    pub fn stop_suggesting(&mut self) {
        if let Some(job) = self.suggest_job.take() {
            job.cancel.store(true, Ordering::Relaxed);
            let (done, all) = job.progress();
            self.info(format!(
                "Stopped suggesting ({done} of {all} documents were done; nothing was changed)"
            ));
        }
    }

    /// Called every frame: applies the suggestions when the job is done.
    pub fn poll_suggest_job(&mut self) {
        let Some(job) = &self.suggest_job else {
            return;
        };
        let found = match job.result.try_recv() {
            Err(TryRecvError::Empty) => return,
            Ok(found) => found,
            Err(TryRecvError::Disconnected) => None,
        };
        let job = self.suggest_job.take().expect("checked above");
        let same_project = self
            .project()
            .is_some_and(|p| p.stamp().lineage == job.lineage);
        match found {
            Some(found) if same_project => self.apply_suggestions(&job.targets, found),
            Some(_) => self.info("Suggestions dropped: another project was opened meanwhile"),
            None => self.error("Suggesting stopped before it finished; nothing was changed"),
        }
    }

    /// With "Suggest when a document opens" on, a document shown for the first time in
    /// this window gets suggestions, unless it has some already (one article: < 5 ms).
    pub fn suggest_on_open(&mut self) {
        if !self.settings.suggest_on_open || self.current == self.auto_suggested {
            return;
        }
        self.auto_suggested = self.current;
        let (Some(doc), Some(p)) = (self.current, self.project()) else {
            return;
        };
        if !(p.annotations_in(doc)).any(|a| a.annotator == suggest::SUGGESTED) {
            self.suggest(Some(vec![doc]));
        }
    }

    fn apply_suggestions(&mut self, targets: &[Arc<Document>], found: Vec<Suggestions>) {
        let Some(project) = self.project() else {
            return;
        };
        let before = project.annotation_count_of(suggest::SUGGESTED);
        let edit = suggest::suggestion_edit_from(project, targets, found);
        if matches!(&edit, crate::model::Edit::Batch(e) if e.is_empty()) {
            self.info("No new suggestions");
            return;
        }
        if self.apply(edit) {
            let after = (self.project()).map_or(0, |p| p.annotation_count_of(suggest::SUGGESTED));
            self.info(format!(
                "{after} suggestions (were {before}) in {} documents: Tab walks them, Enter accepts, \
                 Delete rejects, a label key accepts with that label",
                targets.len()
            ));
        }
    }
}
