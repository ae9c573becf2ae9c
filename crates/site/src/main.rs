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
    let site_url = site_url(std::env::var("SUNABA_SITE_URL").ok().as_deref())?;
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
        let html = document::document(page, &assets, site_url.as_deref());
        std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(pages.len())
}

/// The site's public address from `SUNABA_SITE_URL` (`https://example.org/sunaba/`), for the
/// links that must be absolute (`hreflang`); unset or empty, the pages carry none.
fn site_url(value: Option<&str>) -> Result<Option<String>, String> {
    let Some(url) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let host = url.split_once("://").map_or("", |(_, rest)| rest);
    if !scheme_ok || host.is_empty() || host.starts_with('/') || url.len() > 2000 {
        return Err(format!(
            "SUNABA_SITE_URL must be the site's absolute address, like \
             https://example.org/sunaba/ (got {url:?})"
        ));
    }
    if url.contains(['"', '<', '>', '?', '#', ' ']) {
        return Err(format!(
            "SUNABA_SITE_URL: a site's address has no query, fragment, quote or space (got {url:?})"
        ));
    }
    Ok(Some(if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }))
}

#[cfg(test)]
mod tests {
    use super::site_url;

    #[test]
    fn the_site_url_is_absolute_and_ends_with_a_slash() {
        assert_eq!(site_url(None), Ok(None));
        assert_eq!(site_url(Some("  ")), Ok(None));
        assert_eq!(
            site_url(Some("https://example.org/sunaba")),
            Ok(Some("https://example.org/sunaba/".into()))
        );
        for bad in [
            "/sunaba/",
            "example.org",
            "https://",
            "ftp://x/",
            "https://x/?a=1",
        ] {
            let why = site_url(Some(bad)).unwrap_err();
            assert!(why.starts_with("SUNABA_SITE_URL"), "{bad}: {why}");
        }
    }
}
