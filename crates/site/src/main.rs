//! `sunaba-site DIST`: writes the site's pages into `DIST` (Trunk's output), each with its first
//! view rendered here by Yew's server-side renderer, so a learner reads it before any Wasm
//! arrives; the browser then hydrates the playground and lesson pages (`src/lib.rs` `start`).
//! Also writes `boot.js` (loads the Wasm on those pages) and `sunaba.js` (the stable entry
//! point for pages that embed playgrounds). `cargo xtask dist` runs it after Trunk.

mod assets;
mod document;
mod pages;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dist) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: sunaba-site DIST");
        return ExitCode::from(2);
    };
    match run(&dist) {
        Ok(written) => {
            println!("[site] {written} pages rendered into {}", dist.display());
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("sunaba-site: {why}");
            ExitCode::FAILURE
        }
    }
}

fn run(dist: &std::path::Path) -> Result<usize, String> {
    let assets = assets::Assets::find(dist)?;
    assets.write_loaders(dist)?;
    let course = pages::Course::read(&dist.join("exercises"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("tokio: {e}"))?;
    let local = tokio::task::LocalSet::new();
    let pages = local.block_on(&runtime, pages::render_all(&course))?;
    for page in &pages {
        let path = dist.join(&page.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let html = document::document(page, &assets);
        std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(pages.len())
}
