//! Precompressed variants of the built site: `FILE.br` (Brotli, quality 11) and `FILE.gz` (gzip,
//! level 9) next to every compressible file of `dist/`, made once at build time so that a host
//! (and `cargo xtask serve`) sends the smallest one the browser accepts without compressing on
//! each request. A variant that is not smaller than its file is not kept.

use crate::headers::{self, Encoding};
use crate::util::{secs, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Files at least this big get their own line in the `[dist]` print; smaller ones are summed
/// by folder (the examples and exercises are dozens of small files).
const OWN_LINE_BYTES_MIN: u64 = 10_000;

/// The sizes of one file and of its variants (`None`: the variant was not smaller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub raw: u64,
    pub br: Option<u64>,
    pub gz: Option<u64>,
}

/// Compresses every compressible file below `dist` and prints the sizes.
pub fn write_variants(dist: &Path) -> Result {
    let start = Instant::now();
    let mut rows: Vec<(String, Sizes)> = Vec::new();
    for file in site_files(dist)? {
        let name = relative_name(dist, &file);
        if !headers::compressible(&name) {
            continue;
        }
        rows.push((name, compress_file(&file)?));
    }
    print_sizes(&rows);
    println!(
        "[dist] compress: {} files, Brotli q11 and gzip -9 in {}",
        rows.len(),
        secs(start.elapsed())
    );
    Ok(())
}

/// Every file below `dir`, sorted, except precompressed variants and hidden files.
pub fn site_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with(".br") || name.ends_with(".gz") {
                continue;
            }
            // A link is followed only if it stays a plain file or folder; dist/ has none.
            if path.is_dir() {
                pending.push(path);
            } else if path.is_file() {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `file`'s path below `dist` with `/` separators (`lessons/self-healing/index.html`).
pub fn relative_name(dist: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(dist).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes `file.br` and `file.gz` when smaller than `file` (and removes a stale one when not).
pub fn compress_file(file: &Path) -> Result<Sizes> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let raw = bytes.len() as u64;
    let keep = |encoding: Encoding, packed: Vec<u8>| -> Result<Option<u64>> {
        let mut path = file.as_os_str().to_owned();
        path.push(encoding.suffix());
        let path = PathBuf::from(path);
        if (packed.len() as u64) < raw {
            std::fs::write(&path, &packed)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(Some(packed.len() as u64))
        } else {
            let _ = std::fs::remove_file(&path);
            Ok(None)
        }
    };
    let br = keep(Encoding::Brotli, brotli11(&bytes)?)?;
    let gz = keep(Encoding::Gzip, gzip9(&bytes)?)?;
    Ok(Sizes { raw, br, gz })
}

/// Brotli at its best quality, with the largest window every decoder accepts (2^24).
pub fn brotli11(bytes: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

/// gzip at level 9 (modification time 0, so the same input gives the same bytes).
pub fn gzip9(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    enc.write_all(bytes).map_err(|e| format!("gzip: {e}"))?;
    enc.finish().map_err(|e| format!("gzip: {e}"))
}

/// The `[dist]` table: big files on their own line, the rest by folder, then the totals (what
/// a browser downloads is the br column).
fn print_sizes(rows: &[(String, Sizes)]) {
    let kb = |b: u64| format!("{:.1} kB", b as f64 / 1000.0);
    // A variant not kept is sent as the file itself.
    let sent = |s: &Sizes, v: Option<u64>| v.unwrap_or(s.raw);
    let line = |what: &str, raw: u64, br: u64, gz: u64| {
        println!(
            "[dist] {what:<44} raw {:>10}   br {:>10}   gz {:>10}",
            kb(raw),
            kb(br),
            kb(gz)
        );
    };
    let mut groups: std::collections::BTreeMap<String, (u64, u64, u64, usize)> =
        std::collections::BTreeMap::new();
    let (mut raw, mut br, mut gz) = (0, 0, 0);
    for (name, s) in rows {
        let (b, g) = (sent(s, s.br), sent(s, s.gz));
        (raw, br, gz) = (raw + s.raw, br + b, gz + g);
        if s.raw >= OWN_LINE_BYTES_MIN {
            line(name, s.raw, b, g);
            continue;
        }
        let folder = match name.split_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => "./".to_string(),
        };
        let e = groups.entry(folder).or_default();
        *e = (e.0 + s.raw, e.1 + b, e.2 + g, e.3 + 1);
    }
    for (folder, (r, b, g, n)) in &groups {
        let files = if *n == 1 { "file" } else { "files" };
        line(&format!("{folder} ({n} smaller {files})"), *r, *b, *g);
    }
    line(&format!("total ({} files)", rows.len()), raw, br, gz);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::tests::Site;
    use std::io::Read;

    #[test]
    fn variants_decompress_to_the_file_and_are_kept_only_when_smaller() {
        let site = Site::new("compress");
        let text = "kubectl get pods\n".repeat(500);
        let page = site.write("lessons/self-healing/index.html", text.as_bytes());
        let tiny = site.write("a.txt", b"k");
        let sizes = compress_file(&page).unwrap();
        assert_eq!(sizes.raw, text.len() as u64);
        let br = std::fs::read(site.root.join("lessons/self-healing/index.html.br")).unwrap();
        let gz = std::fs::read(site.root.join("lessons/self-healing/index.html.gz")).unwrap();
        assert_eq!(
            (sizes.br, sizes.gz),
            (Some(br.len() as u64), Some(gz.len() as u64))
        );
        assert!(
            br.len() < 100 && gz.len() < 200,
            "{} {}",
            br.len(),
            gz.len()
        );

        let mut unbr = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut unbr)
            .unwrap();
        let mut ungz = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut ungz)
            .unwrap();
        assert_eq!((unbr, ungz), (text.clone().into_bytes(), text.into_bytes()));

        let tiny_sizes = compress_file(&tiny).unwrap();
        assert_eq!(
            tiny_sizes,
            Sizes {
                raw: 1,
                br: None,
                gz: None
            }
        );
        assert!(!site.root.join("a.txt.gz").exists());
    }

    #[test]
    fn the_walk_skips_variants_and_hidden_files_and_images_are_not_compressed() {
        let site = Site::new("walk");
        site.write("index.html", &b"<p>hi</p>".repeat(100));
        site.write("logo.png", &[0u8; 4000]);
        site.write(".trunk-lock", b"");
        site.write("exercises/course.yaml", &b"id: x\n".repeat(100));
        write_variants(&site.root).unwrap();
        let names: Vec<String> = site_files(&site.root)
            .unwrap()
            .iter()
            .map(|f| relative_name(&site.root, f))
            .collect();
        assert_eq!(names, ["exercises/course.yaml", "index.html", "logo.png"]);
        assert!(site.root.join("index.html.br").is_file());
        assert!(site.root.join("exercises/course.yaml.gz").is_file());
        assert!(!site.root.join("logo.png.br").exists());
        // Running again never compresses a variant.
        write_variants(&site.root).unwrap();
        assert!(!site.root.join("index.html.br.br").exists());
    }
}
