//! The "who said what" window: every source in the project, grouped by speaker, with what
//! was attributed to it. A click opens the quote in the reader; an open source can be
//! merged into another or have a name form split off (aliases, through `Action::Apply`). Built from
//! [`crate::sources::who_said_what`] when the project or the filters change: on a worker
//! thread for big projects, so an edit never waits for it, and drawn as fixed-height rows of
//! which only the visible ones are laid out.
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use eframe::egui::{self, Color32, RichText};

use super::panels::color_chip;
use super::{Action, MarginaliaApp};
use crate::model::{AnnotationId, DocId, Project};
use crate::sources::{SourceGroup, normalize, who_said_what, write_csv};
use crate::text::shorten;

/// Projects up to this many annotations are grouped at once, in the frame (about 3 ms);
/// bigger ones on a worker thread (a 1,000,000-character article with 20,000 spans takes
/// 50–100 ms, 500,000 annotations with 345,000 links 1.6 s).
const SYNC_LIMIT: usize = 2_000;
/// A big project is regrouped once edits pause this long, so a burst of tagging starts one
/// regrouping, not one per edit.
const SETTLE: Duration = Duration::from_millis(400);

/// What a grouping was made from: the project and its revision, and the filters.
type Key = (crate::model::Stamp, u64);

/// One line of the window.
#[derive(Clone, Copy, Debug)]
enum Row {
    /// A source's header (group index).
    Group(usize),
    /// Something attributed to it (group, content index).
    Content(usize, usize),
    /// A document it is mentioned in (group, index into [`Rows::documents`]).
    Document(usize, usize),
    /// The "Merge into…" button of an open source.
    Tools(usize),
    /// One name form of a source with several (group, variant index).
    Variant(usize, usize),
}

/// The window's lines, and for document lines what they say.
#[derive(Default)]
struct Rows {
    rows: Vec<Row>,
    documents: Vec<DocumentLine>,
    /// "6 sources, 8 attributed spans…", counted once here rather than in every frame.
    summary: String,
}

/// "in “Title” (amira, ben)": the first mention there, and who tagged the source there.
struct DocumentLine {
    mention: usize,
    who: String,
}

#[derive(Default)]
pub struct SourcesView {
    pub search: String,
    /// The groups shown and what they were made from.
    shown: Option<(Key, Arc<Vec<SourceGroup>>)>,
    /// A grouping under way on a worker thread.
    pending: Option<(Key, Receiver<Vec<SourceGroup>>)>,
    /// When the project was last seen to change, for [`SETTLE`].
    changed: Option<(Key, Instant)>,
    /// Groups the user opened or closed (by key); the rest follow the default.
    toggled: HashMap<String, bool>,
    /// The rows for the shown groups, the search as typed and the toggles; rebuilt when one
    /// changes.
    rows: Option<(RowsKey, Arc<Rows>)>,
    /// Each group's text, normalised, for the search; made on the first search.
    haystacks: Option<(Key, Arc<Vec<String>>)>,
    toggles: u64,
    /// The source being merged into another (its key and name): the headers offer "Join".
    merging: Option<(String, String)>,
    /// The row the keyboard is on (moved with ↓ ↑ in the Find field).
    cursor: Option<usize>,
    /// Whether the Find field had the keyboard last frame: then ↓ ↑ Enter are ours.
    find_focused: bool,
    /// The window was just opened: its Find field takes the keyboard (until it holds).
    pub focus_find: bool,
    /// The rows drawn last frame (those in view).
    drawn: std::ops::Range<usize>,
}

type RowsKey = (Key, String, u64);

mod actions;
use actions::handle_click;

impl SourcesView {
    /// The groups to draw, starting a new grouping when the project changed. Returns
    /// whether the groups shown are out of date (a grouping is under way).
    fn refresh(&mut self, app_state: &super::state::AppState, ctx: &egui::Context) -> bool {
        let (Some(session), Some(project)) = (&app_state.session, app_state.project()) else {
            return false;
        };
        let key = (project.stamp(), app_state.filter_hash());
        if self.shown.as_ref().is_some_and(|(k, _)| *k == key) {
            return false;
        }
        // Another project's groups would open documents this one does not have.
        if self
            .shown
            .as_ref()
            .is_some_and(|(k, _)| k.0.lineage != key.0.lineage)
        {
            self.shown = None;
        }
        let shown = shown_annotators(app_state);
        if project.annotation_count() <= SYNC_LIMIT {
            self.shown = Some((key, Arc::new(who_said_what(project, &shown))));
            self.pending = None;
            return false;
        }
        if let Some((k, rx)) = &self.pending {
            match rx.try_recv() {
                Ok(groups) => {
                    let k = *k;
                    self.pending = None;
                    self.shown = Some((k, Arc::new(groups)));
                    return k != key;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(50));
                    return true;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.pending = None,
            }
        }
        // Wait for edits to pause, except the first time (nothing to show yet).
        let since = match self.changed {
            Some((k, t)) if k == key => t,
            _ => {
                self.changed = Some((key, Instant::now()));
                Instant::now()
            }
        };
        if self.shown.is_some() && since.elapsed() < SETTLE {
            ctx.request_repaint_after(SETTLE - since.elapsed());
            return true;
        }
        let snapshot: Arc<Project> = session.shared_project();
        let (tx, rx) = channel();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(who_said_what(&snapshot, &shown));
            repaint.request_repaint();
        });
        self.pending = Some((key, rx));
        true
    }

    fn groups(&self) -> Arc<Vec<SourceGroup>> {
        self.shown
            .as_ref()
            .map_or_else(Arc::default, |(_, g)| Arc::clone(g))
    }

    fn is_open(&self, g: &SourceGroup) -> bool {
        (self.toggled.get(&g.key).copied()).unwrap_or(g.contents.len() <= 6)
    }

    fn toggle(&mut self, g: &SourceGroup) {
        let open = self.is_open(g);
        self.toggled.insert(g.key.clone(), !open);
        self.toggles += 1;
    }

    /// The rows to draw: the groups that match the search, each open one with its lines.
    fn rows(&mut self) -> Arc<Rows> {
        let Some((key, groups)) = self.shown.clone() else {
            return Arc::default();
        };
        // Compared as typed, so a frame where nothing changed allocates nothing.
        if let Some(((k, search, toggles), rows)) = &self.rows
            && (*k, search.as_str(), *toggles) == (key, self.search.as_str(), self.toggles)
        {
            return Arc::clone(rows);
        }
        let rows_key = (key, self.search.clone(), self.toggles);
        let needle = normalize(&self.search);
        let haystacks = (!needle.is_empty()).then(|| self.haystacks(key, &groups));
        let mut out = Rows::default();
        let rows = &mut out.rows;
        let (mut shown, mut attributed) = (0, 0);
        for (i, g) in groups.iter().enumerate() {
            if haystacks.as_ref().is_some_and(|h| !h[i].contains(&needle)) {
                continue;
            }
            shown += 1;
            attributed += g.contents.len();
            rows.push(Row::Group(i));
            if !self.is_open(g) {
                continue;
            }
            rows.push(Row::Tools(i));
            if g.variants.len() > 1 {
                rows.extend((0..g.variants.len()).map(|v| Row::Variant(i, v)));
            }
            rows.extend((0..g.contents.len()).map(|c| Row::Content(i, c)));
            // Each document once, in order of first mention, with everyone who tagged it there
            // (each name once: a source mentioned twice by one annotator is still one name).
            let mut line_of: HashMap<DocId, (usize, Vec<&str>)> = HashMap::new();
            for (m, mention) in g.mentions.iter().enumerate() {
                match line_of.get_mut(&mention.document) {
                    Some((k, names)) => {
                        if !names.contains(&mention.annotator.as_str()) {
                            names.push(&mention.annotator);
                            let who = &mut out.documents[*k].who;
                            who.push_str(", ");
                            who.push_str(&mention.annotator);
                        }
                    }
                    None => {
                        let k = out.documents.len();
                        line_of.insert(mention.document, (k, vec![&mention.annotator]));
                        rows.push(Row::Document(i, k));
                        out.documents.push(DocumentLine {
                            mention: m,
                            who: mention.annotator.clone(),
                        });
                    }
                }
            }
        }
        out.summary = summary(shown, groups.len(), attributed, self.search.trim());
        let rows = Arc::new(out);
        self.rows = Some((rows_key, Arc::clone(&rows)));
        rows
    }

    fn haystacks(&mut self, key: Key, groups: &[SourceGroup]) -> Arc<Vec<String>> {
        if let Some((k, h)) = &self.haystacks
            && *k == key
        {
            return Arc::clone(h);
        }
        let h: Vec<String> = (groups.iter())
            .map(|g| {
                let texts = g.contents.iter().map(|c| normalize(&c.text));
                let names =
                    (g.variants.iter()).flat_map(|v| v.speakers.iter().map(|s| normalize(s)));
                std::iter::once(g.key.clone())
                    .chain(names)
                    .chain(texts)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        let h = Arc::new(h);
        self.haystacks = Some((key, Arc::clone(&h)));
        h
    }
}

pub fn window(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.state.show_sources || app.state.session.is_none() {
        return;
    }
    let updating = app.sources.refresh(&app.state, ctx);
    let groups = app.sources.groups();
    let rows = app.sources.rows();
    let mut open = true;
    let mut clicked = None;
    let mut export = false;
    egui::Window::new("Who said what")
        .open(&mut open)
        .default_size([640.0, 520.0])
        .show(ctx, |ui| {
            let keys = app.sources.read_keys(ui, rows.rows.len());
            if keys.escape {
                clicked = Some(Clicked::CancelMerge);
            }
            if let Some(c) = app.sources.cursor.filter(|_| keys.enter) {
                clicked = Some(app.sources.activate(&groups, &rows, rows.rows[c]));
            }
            export = find_bar(app, ui, updating);
            ui.weak(rows.summary.as_str());
            if let Some((_, name)) = &app.sources.merging {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "Merging “{}”: press “Join …” on the source it is.",
                        shorten(name, 40)
                    ));
                    if ui.button("Cancel merge").clicked() {
                        clicked = Some(Clicked::CancelMerge);
                    }
                });
            }
            ui.separator();
            if let Some(c) = list(app, ui, &groups, &rows, keys.moved) {
                clicked = Some(c);
            }
        });
    app.state.show_sources = open;
    if export {
        app.send(Action::Ask(super::dialogs::FileRequest::WhoSaidWhatCsv));
    }
    if let Some(c) = clicked {
        handle_click(app, &groups, c);
    }
}

/// The Find field, Export CSV and the updating spinner; whether Export was pressed.
fn find_bar(app: &mut MarginaliaApp, ui: &mut egui::Ui, updating: bool) -> bool {
    ui.horizontal(|ui| {
        let label = ui.label("Find:");
        // Asked before the field is drawn, so it takes the keys typed after F4.
        let id = egui::Id::unique("who-said-what-find");
        if app.sources.focus_find {
            ui.memory_mut(|m| m.request_focus(id));
        }
        let find = ui
            .add(
                egui::TextEdit::singleline(&mut app.sources.search)
                    .id(id)
                    .hint_text("source or quoted words (Down, Up, Enter)")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        app.sources.find_focused = find.has_focus();
        app.sources.focus_find &= !find.has_focus();
        let export = ui.button("Export CSV…").clicked();
        if updating {
            ui.spinner();
            ui.weak("updating…");
        }
        export
    })
    .inner
}

/// The rows in view, the keyboard cursor outlined (and scrolled to when it `moved`); what
/// was clicked.
fn list(
    app: &mut MarginaliaApp,
    ui: &mut egui::Ui,
    groups: &[SourceGroup],
    rows: &Rows,
    moved: bool,
) -> Option<Clicked> {
    let row_h = ui.spacing().interact_size.y;
    let mut scroll = egui::ScrollArea::vertical().auto_shrink(false);
    let moved_to = app.sources.cursor.filter(|_| moved);
    // A row out of view is not drawn, so it cannot scroll itself into view: jump.
    if let Some(c) = moved_to.filter(|c| !app.sources.drawn.contains(c)) {
        let pitch = row_h + ui.spacing().item_spacing.y;
        scroll = scroll.vertical_scroll_offset(c.saturating_sub(3) as f32 * pitch);
    }
    let mut clicked = None;
    scroll.show_rows(ui, row_h, rows.rows.len(), |ui, range| {
        app.sources.drawn = range.clone();
        let first = range.start;
        for (k, &row) in rows.rows[range].iter().enumerate() {
            let drawn = ui.scope(|ui| row_ui(app, ui, groups, rows, row, row_h));
            if let Some(c) = drawn.inner {
                clicked = Some(c);
            }
            if app.sources.cursor == Some(first + k) {
                let stroke = ui.visuals().selection.stroke;
                let rect = drawn.response.rect;
                (ui.painter()).rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Inside);
                if moved_to.is_some() {
                    drawn.response.scroll_to_me(None);
                }
            }
        }
    });
    clicked
}

enum Clicked {
    Open((DocId, AnnotationId, usize)),
    Toggle(usize),
    StartMerge(usize),
    CancelMerge,
    /// Join the source being merged to this one.
    Join(usize),
    /// Split this name form (group, variant) off its source.
    Split(usize, usize),
}

fn row_ui(
    app: &MarginaliaApp,
    ui: &mut egui::Ui,
    groups: &[SourceGroup],
    rows: &Rows,
    row: Row,
    row_h: f32,
) -> Option<Clicked> {
    let indent = 22.0;
    match row {
        Row::Group(i) => group_header(app, ui, groups, i, row_h),
        Row::Tools(i) => {
            let g = &groups[i];
            let text = format!("Merge “{}” into…", shorten(&g.name, 40));
            ui.horizontal(|ui| {
                ui.add_space(indent);
                (ui.small_button(text))
                    .on_hover_text("This source is the same person as another: join them")
                    .clicked()
            })
            .inner
            .then_some(Clicked::StartMerge(i))
        }
        Row::Variant(i, v) => {
            let variant = &groups[i].variants[v];
            let written = variant.speakers.join(" · ");
            ui.horizontal(|ui| {
                ui.add_space(indent);
                let split = ui
                    .small_button(format!("Split “{}” off", shorten(&variant.name, 30)))
                    .on_hover_text("This name is not this person: list it on its own");
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("as {written} ({})", variant.mentions)).weak(),
                    )
                    .truncate(),
                );
                split.clicked()
            })
            .inner
            .then_some(Clicked::Split(i, v))
        }
        Row::Content(i, c) => {
            let c = &groups[i].contents[c];
            let line = ui.horizontal(|ui| {
                ui.add_space(indent);
                // Who tagged it: with several annotators the same quote appears per person.
                ui.add_sized(
                    [56.0, row_h],
                    egui::Label::new(RichText::new(&c.annotator).weak()).truncate(),
                );
                color_chip(ui, app.label_color(&c.label));
                ui.add(
                    egui::Button::new(super::reader::in_quotes(&c.text))
                        .frame_when_inactive(false)
                        .truncate(),
                )
            });
            let resp = line.inner.on_hover_text(format!(
                "{} by {} in “{}”",
                c.label, c.annotator, c.document_title
            ));
            resp.clicked()
                .then_some(Clicked::Open((c.document, c.id, c.start)))
        }
        Row::Document(i, line) => {
            let line = &rows.documents[line];
            let m = &groups[i].mentions[line.mention];
            let text = format!("in “{}” ({})", shorten(&m.document_title, 60), line.who);
            let clicked = ui
                .horizontal(|ui| {
                    ui.add_space(indent + 12.0); // under the annotator column
                    ui.link(RichText::new(text).color(Color32::GRAY))
                        .on_hover_text(&m.text)
                        .clicked()
                })
                .inner;
            clicked.then_some(Clicked::Open((m.document, m.id, m.start)))
        }
    }
}

/// A source's header with its counts and an open/close arrow; while another source is being
/// merged, a "Join" button in its place.
fn group_header(
    app: &MarginaliaApp,
    ui: &mut egui::Ui,
    groups: &[SourceGroup],
    i: usize,
    row_h: f32,
) -> Option<Clicked> {
    let g = &groups[i];
    let header = format!(
        "{} — {} attributed · {} mention{} in {} document{}",
        g.name.replace('\n', " "),
        g.contents.len(),
        g.mentions.len(),
        if g.mentions.len() == 1 { "" } else { "s" },
        g.documents,
        if g.documents == 1 { "" } else { "s" }
    );
    let open = app.sources.is_open(g);
    let joining = (app.sources.merging.as_ref()).is_some_and(|(from, _)| *from != g.key);
    ui.horizontal(|ui| {
        let (_, arrow) = ui.allocate_exact_size(egui::vec2(16.0, row_h), egui::Sense::click());
        egui::collapsing_header::paint_default_icon(ui, if open { 1.0 } else { 0.0 }, &arrow);
        if joining
            && ui
                .button(format!("Join “{}”", shorten(&g.name, 40)))
                .on_hover_text(&header)
                .clicked()
        {
            return Some(Clicked::Join(i));
        }
        let forms: Vec<&str> = (g.variants.iter())
            .flat_map(|v| v.speakers.iter().map(String::as_str))
            .collect();
        let label = ui
            .add(
                egui::Label::new(RichText::new(header).strong())
                    .truncate()
                    .sense(egui::Sense::click()),
            )
            .on_hover_text(format!(
                "Written as: {}{}",
                forms[..forms.len().min(12)].join(" · "),
                if forms.len() > 12 { " …" } else { "" }
            ));
        (arrow.clicked() || label.clicked()).then_some(Clicked::Toggle(i))
    })
    .inner
}

/// "6 sources, 8 attributed spans" (of those Find leaves), and how to use the list.
fn summary(shown: usize, all: usize, attributed: usize, find: &str) -> String {
    let counts = if find.is_empty() {
        format!("{all} sources, {attributed} attributed spans.")
    } else {
        format!("{shown} of {all} sources match “{find}”, with {attributed} attributed spans.")
    };
    format!(
        "{counts} Sources are grouped by speaker (name, surname, title + surname; pronouns \
         per document). Click a line to open it; open a source to merge it or split a name \
         off. In Find, Down, Up and Enter do the same from the keyboard."
    )
}

/// The annotators the filters show.
fn shown_annotators(app_state: &super::state::AppState) -> Vec<String> {
    let Some(project) = app_state.project() else {
        return Vec::new();
    };
    (project.annotators().into_iter())
        .filter(|a| !app_state.hidden_annotators.contains(a))
        .collect()
}

/// Writes the CSV of the project as it is now (the window may still be regrouping) to
/// `path`, chosen in a file dialog.
pub(crate) fn csv_chosen(app: &mut MarginaliaApp, path: &std::path::Path) {
    let Some(session) = &app.state.session else {
        return;
    };
    let groups = who_said_what(session.project(), &shown_annotators(&app.state));
    // The save dialog has asked before replacing a file; the project's own files are
    // refused all the same.
    let written = write_csv(&groups, session.project(), path, Some(session.path()), true);
    match written {
        Ok(()) => app
            .state
            .info(format!("Wrote who said what to {}", path.display())),
        Err(e) => app
            .state
            .error(format!("Who said what was not written: {e}")),
    }
}
