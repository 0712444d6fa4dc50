//! What the window tests share: the real app in an egui_kittest harness (light theme, no
//! settings written, scripted dialogs) and input given the way a hand gives it.
#![allow(dead_code)]
use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, Modifiers, Pos2};
use egui_kittest::{Harness, HarnessBuilder};
use marginalia::model::AnnotationId;
use marginalia::store::settings::Settings;
use marginalia::ui::MarginaliaApp;
use marginalia::ui::dialogs::{Dialogs, ScriptedDialogs};

/// A harness of `size` at 60 frames a second; add builder options before [`start`].
/// The reader lays out what is not visible a few milliseconds per frame: a long article
/// (and an unoptimised test build) takes more than kittest's default 4 frames to settle.
pub fn builder(size: [f32; 2]) -> HarnessBuilder<MarginaliaApp> {
    Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(64)
}

/// Settings of a user who has already given their name.
pub fn named(annotator: &str) -> Settings {
    Settings {
        annotator: Some(annotator.into()),
        ..Default::default()
    }
}

/// The real app, opened on `project`, after its first frames.
pub fn start(
    builder: HarnessBuilder<MarginaliaApp>,
    settings: Settings,
    dialogs: impl Dialogs + 'static,
    project: Option<PathBuf>,
) -> Harness<'static, MarginaliaApp> {
    let mut h = builder.build_eframe(move |cc| {
        cc.egui_ctx.set_theme(egui::Theme::Light);
        MarginaliaApp::new(&cc.egui_ctx, settings, None, Box::new(dialogs), project)
    });
    h.run();
    h
}

/// The app on `path`, as `annotator`, in a window of `size`.
pub fn open_as(path: &Path, annotator: &str, size: [f32; 2]) -> Harness<'static, MarginaliaApp> {
    start(
        builder(size),
        named(annotator),
        ScriptedDialogs::default(),
        Some(path.to_owned()),
    )
}

/// A copy of the sample project in `dir`, for a test to change (and lock) on its own.
pub fn sample_copy(dir: &Path) -> PathBuf {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample.ron");
    let copy = dir.join("sample.ron");
    std::fs::copy(sample, &copy).expect("the sample is readable");
    copy
}

/// A press and a release at `p`, a frame apart.
pub fn click(h: &mut Harness<'_, MarginaliaApp>, p: Pos2) {
    clicks(h, p, 1);
}

/// `n` clicks at `p`, a frame apart, so that two count as a double-click for egui.
pub fn clicks(h: &mut Harness<'_, MarginaliaApp>, p: Pos2, n: usize) {
    for _ in 0..n {
        for pressed in [true, false] {
            h.event(button(p, pressed));
            h.step();
        }
    }
    h.run();
}

/// Ctrl+S, then waits until the background save is written.
pub fn save(h: &mut Harness<'_, MarginaliaApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let session = h.state_mut().state.session.as_mut().expect("a project");
    session.wait_for_save().expect("saved");
}

pub fn key(h: &mut Harness<'_, MarginaliaApp>, k: Key) {
    h.key_press(k);
    h.run();
}

/// A drag from `a` to `b` holding `modifiers`: press, a move halfway, a move to `b`,
/// release, each in a frame of its own.
pub fn drag(h: &mut Harness<'_, MarginaliaApp>, a: Pos2, b: Pos2, modifiers: Modifiers) {
    let held = !modifiers.is_none();
    if held {
        h.event(egui::Event::ModifiersChanged(modifiers));
    }
    h.hover_at(a);
    h.run();
    h.drag_at(a);
    h.run();
    h.hover_at(a + (b - a) * 0.5);
    h.run();
    h.hover_at(b);
    h.run();
    h.drop_at(b);
    h.run();
    if held {
        h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
        h.run();
    }
}

/// The source `content` is linked to, in the window's project.
pub fn source_of(h: &Harness<'_, MarginaliaApp>, content: AnnotationId) -> Option<AnnotationId> {
    let p = h.state().state.project().unwrap();
    p.source_link(content).map(|l| l.to)
}

/// One thing a hand does, for [`in_one_frame`].
#[derive(Clone, Copy, Debug)]
pub enum Input {
    /// Press and release a key.
    Key(Key),
    /// Press and release the primary button here.
    Click(Pos2),
}

/// `inputs`, in order, all in one frame's input, as a slow frame receives fast hands.
/// (`Harness::event` would give each event a frame of its own.)
pub fn in_one_frame(h: &mut Harness<'_, MarginaliaApp>, inputs: &[Input]) {
    for input in inputs {
        for pressed in [true, false] {
            h.input_mut().events.push(match *input {
                Input::Key(key) => egui::Event::Key {
                    key,
                    physical_key: None,
                    pressed,
                    repeat: false,
                    modifiers: Modifiers::NONE,
                },
                Input::Click(p) => button(p, pressed),
            });
        }
    }
    h.run();
}

/// The primary button going down or up at `pos`.
pub fn button(pos: Pos2, pressed: bool) -> egui::Event {
    egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    }
}
