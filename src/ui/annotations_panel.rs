//! The annotations panel beside the reader: filters by label and annotator, the note
//! editor, the document's links with both texts, and every shown annotation. Its lists are
//! patched edit by edit ([`DocList`]) and drawn by visible rows only.
use eframe::egui::{self, Color32, RichText, Ui};

use super::doc_list::{DocList, Entry, ListKey, ListKind};
use super::panels::color_chip;
use super::reader::{in_quotes, quoted};
use super::{Command, MarginaliaApp};
use crate::model::{Annotation, Document, Label, Project};
use crate::text::TextIndex;

pub fn annotations(app: &mut MarginaliaApp, ui: &mut Ui) {
    let Some(project) = app.state.project() else {
        return;
    };
    let Some(doc) = app.state.current.and_then(|d| project.document(d)).cloned() else {
        return;
    };
    let labels = project.labels().to_vec();
    let annotators = project.annotators();
    let ids = cached_list(app, doc.id, ListKind::Visible);
    let colors: std::collections::HashMap<String, Color32> = labels
        .iter()
        .map(|l| (l.id.clone(), app.label_color(&l.id)))
        .collect();
    let color_of = |id: &str| colors.get(id).copied().unwrap_or(Color32::GRAY);
    let mut select = None;
    super::panels::side_panel(ui, "annotations", false, 0.25).show(ui, |ui| {
        ui.heading("Annotations");
        filters(app, ui, &labels, &annotators, &color_of);
        ui.separator();
        note_editor(app, ui);
        if let Some(pick) = links_section(app, ui, &doc, &color_of) {
            select = Some(pick);
        }
        let idx = doc.index();
        let Some(project) = app.state.project() else {
            return;
        };
        super::panels::list_rows(ui, 2.0, 10.0, ids.len(), |ui, rows| {
            for &(_, _, id) in &ids[rows] {
                let Some(a) = project.annotation(id) else {
                    continue;
                };
                let selected = app.state.reader.selected == Some(id);
                let resp = annotation_row(ui, project, idx, &doc, a, color_of(&a.label), selected);
                if resp.clicked() {
                    select = Some((id, a.start));
                }
            }
        });
    });
    if let Some((id, start)) = select {
        app.state.reader.select_annotation(id, start);
    }
}

/// Check boxes that show or hide each label's and each annotator's spans.
fn filters(
    app: &mut MarginaliaApp,
    ui: &mut Ui,
    labels: &[Label],
    annotators: &[String],
    color_of: &dyn Fn(&str) -> Color32,
) {
    ui.horizontal_wrapped(|ui| {
        for l in labels {
            let mut shown = !app.state.hidden_labels.contains(&l.id);
            let text = RichText::new(&l.name).color(color_of(&l.id));
            if ui.checkbox(&mut shown, text).changed() {
                toggle(&mut app.state.hidden_labels, &l.id, shown);
            }
        }
    });
    if annotators.len() > 1 {
        ui.horizontal_wrapped(|ui| {
            ui.weak("By:");
            for a in annotators {
                let mut shown = !app.state.hidden_annotators.contains(a);
                if ui.checkbox(&mut shown, a).changed() {
                    toggle(&mut app.state.hidden_annotators, a, shown);
                }
            }
        });
    }
}

/// One annotation in the list: label, annotator, offsets, link, text and note; outlined
/// when selected. The response is the whole row's click.
fn annotation_row(
    ui: &mut Ui,
    project: &Project,
    idx: &TextIndex,
    doc: &Document,
    a: &Annotation,
    color: Color32,
    selected: bool,
) -> egui::Response {
    let name = project.label_name(&a.label);
    let resp = ui
        .push_id(a.id.0, |ui| {
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    color_chip(ui, color);
                    ui.strong(name);
                    // Truncated, so a long split span's offsets
                    // never widen the panel and reflow the reader.
                    let meta = format!("{} · {}{}", a.annotator, offsets(a), link_hint(project, a));
                    ui.add(egui::Label::new(RichText::new(meta).weak()).truncate());
                });
                let mut text = in_quotes(&quoted(idx, doc, a, 70));
                if let Some(n) = &a.note {
                    text.push_str(&format!("  — {n}"));
                }
                ui.add(egui::Label::new(text).truncate().selectable(false));
            })
        })
        .response;
    let resp = ui.interact(
        resp.rect,
        ui.scope_id().with(("ann", a.id.0)),
        egui::Sense::click(),
    );
    if selected {
        ui.painter().rect_stroke(
            resp.rect.expand(2.0),
            3.0,
            (1.5, color),
            egui::StrokeKind::Outside,
        );
    }
    resp
}

/// The side panel's list of `doc`'s annotations of one kind, patched by each edit.
fn cached_list(
    app: &mut MarginaliaApp,
    doc: crate::model::DocId,
    kind: ListKind,
) -> std::sync::Arc<Vec<Entry>> {
    let st = &app.state;
    let Some(project) = st.project() else {
        return Default::default();
    };
    let key = ListKey {
        doc,
        filter: st.filter_hash(),
    };
    let slot = match kind {
        ListKind::Visible => &mut app.annotation_list,
        ListKind::Linked => &mut app.link_list,
    };
    DocList::refresh(slot, kind, key, project, &|a| st.is_visible(a))
}

fn note_editor(app: &mut MarginaliaApp, ui: &mut Ui) {
    let Some(edit) = &mut app.state.note_edit else {
        if app.state.reader.selected.is_some() {
            let labels = app.state.project().map_or(&[][..], |p| p.labels());
            ui.weak(selection_hint(labels));
            ui.separator();
        }
        return;
    };
    ui.label("Note (Enter to keep, Esc to cancel):");
    let resp = ui.add(
        egui::TextEdit::singleline(&mut edit.text)
            .hint_text("why, source, doubts…")
            .desired_width(f32::INFINITY),
    );
    if edit.focus {
        resp.request_focus();
        edit.focus = false;
    }
    if resp.lost_focus() {
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            app.state.note_edit = None;
        } else {
            app.send(super::Action::CommitNote);
        }
    }
    ui.separator();
}

/// A small square in a label's colour (drawn, so it needs no glyph).
/// `[start, end)`, or each fragment's for a split span.
fn offsets(a: &crate::model::Annotation) -> String {
    let parts: Vec<String> = a
        .spans()
        .map(|s| format!("[{}, {})", s.start, s.end))
        .collect();
    parts.join("+")
}

/// " · → source" for a linked content, " · source of 2" for a source.
fn link_hint(project: &crate::model::Project, a: &crate::model::Annotation) -> String {
    if project.source_link(a.id).is_some() {
        return " · linked to a source".into();
    }
    match project.contents_of(a.id).count() {
        0 => String::new(),
        n => format!(" · source of {n}"),
    }
}

/// The document's links, each with both texts: “content” → “source”. A click selects the
/// content. Returns the content to select, if one was clicked.
fn links_section(
    app: &mut MarginaliaApp,
    ui: &mut Ui,
    doc: &crate::model::Document,
    color_of: &dyn Fn(&str) -> Color32,
) -> Option<(crate::model::AnnotationId, usize)> {
    let contents = cached_list(app, doc.id, ListKind::Linked);
    let idx = doc.index();
    let project = app.state.project()?;
    let mut pick = None;
    egui::CollapsingHeader::new(format!("Links ({})", contents.len()))
        .id_salt("links")
        .default_open(true)
        .show(ui, |ui| {
            if contents.is_empty() {
                ui.weak("No links yet: select a quote, press L, click its source.");
                return;
            }
            let row_h = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical()
                .id_salt("links list")
                .max_height(160.0)
                .show_rows(ui, row_h, contents.len(), |ui, rows| {
                    for &(_, _, id) in &contents[rows] {
                        let Some(content) = project.annotation(id) else {
                            continue;
                        };
                        let Some(source) = project
                            .source_link(id)
                            .and_then(|l| project.annotation(l.to))
                        else {
                            continue;
                        };
                        let selected = app.state.reader.selected == Some(content.id);
                        let text = format!(
                            "{} — {}",
                            in_quotes(&quoted(idx, doc, content, 50)),
                            quoted(idx, doc, source, 40)
                        );
                        let resp = ui
                            .horizontal(|ui| {
                                color_chip(ui, color_of(&content.label));
                                ui.add(
                                    egui::Button::selectable(selected, text)
                                        .truncate()
                                        .frame_when_inactive(false),
                                )
                            })
                            .inner
                            .on_hover_text(format!("by {}", content.annotator));
                        if resp.clicked() {
                            pick = Some((content.id, content.start));
                        }
                    }
                });
        });
    ui.separator();
    pick
}

fn toggle(set: &mut std::collections::BTreeSet<String>, key: &str, shown: bool) {
    if shown {
        set.remove(key);
    } else {
        set.insert(key.to_owned());
    }
}

/// "Enter: edit the note · Delete: remove · 1–5: relabel", with the keys of the commands and
/// of the project's labels.
fn selection_hint(labels: &[Label]) -> String {
    let key = |c: Command| c.key_text().unwrap_or_default();
    let mut hint = format!(
        "{}: edit the note · {}: remove",
        key(Command::EditNote),
        key(Command::DeleteAnnotation)
    );
    let mut keys: Vec<char> = labels.iter().filter_map(|l| l.hotkey).collect();
    keys.sort_unstable();
    let contiguous = keys.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1);
    let keys = match keys.as_slice() {
        [] => return hint,
        [k] => k.to_string(),
        [first, .., last] if contiguous => format!("{first}–{last}"),
        _ => (keys.iter().map(char::to_string))
            .collect::<Vec<_>>()
            .join(", "),
    };
    hint.push_str(&format!(" · {keys}: relabel"));
    hint
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_labels;

    #[test]
    fn the_hint_names_the_keys_of_the_labels_there_are() {
        let mut labels = default_labels();
        assert!(selection_hint(&labels).ends_with("1–4: relabel"));
        let mut opinion = labels[0].clone();
        (opinion.id, opinion.hotkey) = ("opinion".into(), Some('5'));
        labels.push(opinion);
        assert_eq!(
            selection_hint(&labels),
            "Enter: edit the note · Delete: remove · 1–5: relabel"
        );
        labels[1].hotkey = Some('9');
        assert!(selection_hint(&labels).ends_with("1, 3, 4, 5, 9: relabel"));
        labels.iter_mut().for_each(|l| l.hotkey = None);
        assert!(!selection_hint(&labels).contains("relabel"));
    }
}
