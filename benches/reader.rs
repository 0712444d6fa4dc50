//! Speed of the reader and of project files, on the sizes the product promises:
//! a 1,000,000-character article with 20,000 spans, and a project of 10,000 articles
//! with 500,000 annotations. Frames are measured as the CPU work of one egui pass plus
//! tessellation (what the app does per frame before the GPU).
//!
//! Opening is timed without freeing the result (the app keeps it).
//! `cargo bench --bench reader` prints criterion's figures and, first, a scroll-through
//! of the whole article reporting the worst frame.
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use eframe::egui::{self, Event, Key, Modifiers, Pos2, RawInput, Rect, vec2};
use marginalia::fixtures;
use marginalia::session::Session;
use marginalia::store::settings::Settings;
use marginalia::ui::MarginaliaApp;
use marginalia::ui::dialogs::ScriptedDialogs;
use marginalia::ui::selection::TextSelection;

const CHARS: usize = 1_000_000;
const SPANS: usize = 20_000;

struct Window {
    ctx: egui::Context,
    app: MarginaliaApp,
    frame: eframe::Frame,
}

impl Window {
    fn new() -> Self {
        let ctx = egui::Context::default();
        ctx.set_theme(egui::Theme::Light);
        let settings = Settings {
            annotator: Some("ada".into()),
            ..Default::default()
        };
        let mut app = MarginaliaApp::new(
            &ctx,
            settings,
            None,
            Box::new(ScriptedDialogs::default()),
            None,
        );
        let (project, doc) = fixtures::long_document_project(CHARS, SPANS);
        app.state.session = Some(Session::in_memory(project));
        app.state.current = Some(doc);
        Self {
            ctx,
            app,
            frame: eframe::Frame::_new_kittest(),
        }
    }

    fn frame(&mut self, events: Vec<Event>) -> Duration {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            events,
            ..Default::default()
        };
        let t = Instant::now();
        let out = self.ctx.run_ui(input, |ui| {
            eframe::App::ui(&mut self.app, ui, &mut self.frame)
        });
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        black_box(prims);
        t.elapsed()
    }

    /// Runs frames until the background layout of the whole article is done.
    fn settle(&mut self) {
        for _ in 0..10_000 {
            self.frame(vec![]);
            if !self.ctx.has_requested_repaint() {
                break;
            }
        }
    }
}

fn scroll(dy: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(Pos2::new(640.0, 400.0)),
        Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, -dy),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        },
    ]
}

/// Scrolls through the whole article a screen at a time; prints the worst and typical frames.
fn worst_frames() {
    let t = Instant::now();
    let mut w = Window::new();
    let setup = t.elapsed();
    let first = w.frame(vec![]);
    println!("reader: setup (generate 1M chars, 20k spans) {setup:.2?}; first display {first:.2?}");
    let mut times = Vec::new();
    for _ in 0..400 {
        times.push(w.frame(scroll(700.0)));
    }
    report("scroll a screen per frame (while laying out)", &mut times);
    w.settle();
    let mut times: Vec<Duration> = (0..400).map(|_| w.frame(scroll(-700.0))).collect();
    report("scroll a screen per frame (laid out)", &mut times);
    let mut times: Vec<Duration> = (0..200).map(|_| w.frame(vec![])).collect();
    report("steady frame", &mut times);
    w.app.state.show_sources = true;
    w.settle();
    let mut times: Vec<Duration> = (0..200).map(|_| w.frame(vec![])).collect();
    report(
        "steady frame, who said what open (15,000 links)",
        &mut times,
    );
    w.app.state.show_sources = false;
    w.settle();
    let mut times = Vec::new();
    for k in 0..200 {
        let c = 400_000 + k * 37;
        w.app.state.reader.selection = Some(TextSelection {
            anchor: c,
            head: c + 12,
        });
        times.push(w.frame(vec![Event::Key {
            key: Key::Num1,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        }]));
        times.push(w.frame(vec![Event::Key {
            key: Key::Z,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::COMMAND,
        }]));
    }
    report("tag with a hotkey / undo", &mut times);
    let mut times = Vec::new();
    for k in 0..200 {
        let p = Pos2::new(500.0 + (k % 40) as f32 * 5.0, 300.0 + (k % 9) as f32 * 20.0);
        times.push(w.frame(vec![
            Event::PointerMoved(p),
            Event::PointerButton {
                pos: p,
                button: egui::PointerButton::Primary,
                pressed: k % 20 == 0,
                modifiers: Modifiers::NONE,
            },
        ]));
    }
    report("select with the mouse", &mut times);
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let p = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "reader: {what}: median {:.2?}, p99 {:.2?}, worst {:.2?}",
        p(0.5),
        p(0.99),
        times[times.len() - 1]
    );
}

fn frames(c: &mut Criterion) {
    let mut w = Window::new();
    w.settle();
    c.bench_function("reader/steady_frame_1M_chars_20k_spans", |b| {
        b.iter(|| w.frame(vec![]))
    });
    let mut down = true;
    let mut n = 0;
    c.bench_function("reader/scroll_frame", |b| {
        b.iter(|| {
            n += 1;
            if n % 300 == 0 {
                down = !down;
            }
            w.frame(scroll(if down { 300.0 } else { -300.0 }))
        })
    });
    c.bench_function("reader/first_display", |b| {
        b.iter_with_setup(Window::new, |mut w| w.frame(vec![]));
    });
}

fn files(c: &mut Criterion) {
    let project = fixtures::many_documents_project(10_000, 3000, 50, &["ada"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    marginalia::store::save(&path, &project, marginalia::store::Overwrite::Always).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "files: 10,000 articles, {} annotations, {:.1} MB",
        project.annotation_count(),
        size as f64 / 1e6
    );
    let mut g = c.benchmark_group("files");
    g.sample_size(10);
    g.bench_function("open_10k_articles_500k_annotations", |b| {
        b.iter_with_large_drop(|| marginalia::store::load(&path).unwrap())
    });
    let text = std::fs::read_to_string(&path).unwrap();
    g.bench_function("parse_only", |b| {
        b.iter_with_large_drop(|| marginalia::store::project_file::parse_schema(&text).unwrap())
    });
    g.bench_function("parse_and_index_only", |b| {
        b.iter_with_large_drop(|| marginalia::store::project_file::parse(&text).unwrap())
    });
    g.bench_function("serialize_only", |b| {
        b.iter(|| marginalia::store::to_ron(&project))
    });
    g.bench_function("save_10k_articles_500k_annotations", |b| {
        b.iter(|| {
            marginalia::store::save(&path, &project, marginalia::store::Overwrite::Always).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, frames, files);

fn main() {
    worst_frames();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
