//! Pauses at chosen moments of a save, so tests can kill the process exactly there
//! (`MARGINALIA_FAULT_PAUSE=after-checkpoint,after-replace:200` pauses 200 ms at each).
//! Unset, it costs one lookup of a cached empty list.
use std::sync::OnceLock;
use std::time::Duration;

fn points() -> &'static [(String, u64)] {
    static POINTS: OnceLock<Vec<(String, u64)>> = OnceLock::new();
    POINTS.get_or_init(|| {
        let Ok(spec) = std::env::var("MARGINALIA_FAULT_PAUSE") else {
            return Vec::new();
        };
        let (names, ms) = spec.rsplit_once(':').unwrap_or((&spec, "100"));
        let ms = ms.parse().unwrap_or(100);
        names
            .split(',')
            .map(|n| (n.trim().to_owned(), ms))
            .collect()
    })
}

/// Sleeps here if the environment asks for a pause at `point`.
pub fn pause(point: &str) {
    if let Some((_, ms)) = points().iter().find(|(p, _)| p == point) {
        std::thread::sleep(Duration::from_millis(*ms));
    }
}
