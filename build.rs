//! One name for the desktops whose file dialogs go through the XDG portal (the targets
//! Cargo.toml gives zbus), so the code says `cfg(xdg_portal)` instead of repeating the list.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(xdg_portal)");
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if ["linux", "freebsd", "dragonfly", "netbsd", "openbsd"].contains(&os.as_str()) {
        println!("cargo::rustc-cfg=xdg_portal");
    }
}
