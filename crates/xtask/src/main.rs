//! `cargo xtask` — Sunaba's build and test driver (std, plus `brotli`, `flate2` and `sha2` for dist's compressed variants and precache list).
//!
//! ```text
//! cargo xtask setup            install what is missing (apt packages, trunk, wasm-bindgen-cli, wasm32 std, npm)
//! cargo xtask dist             build the static site into dist/ (trunk build --release, then
//!                              wasm-opt -Oz when tests/e2e has binaryen) and print sizes
//! cargo xtask serve [--port N] [--watch]
//!                              build and serve the playground at http://127.0.0.1:8080
//!                              (--watch: `trunk serve`, rebuilding on changes)
//! cargo xtask test [STEP...]   setup, fmt, layers, clippy, native tests, wasm browser tests, end-to-end
//! cargo xtask layers [--imports] the core's modules against their layers (crates/core/layers-debt.txt);
//!                              --imports also lists every import between modules
//! cargo xtask bench [core|browser|size|lighthouse]
//!                              the core benchmark (crates/bench: native, then Wasm in headless
//!                              Chromium, with the ratio and digests per section) and the browser
//!                              benchmark of dist/ (tests/e2e/bench.mjs, then Lighthouse and the
//!                              transfer budget: tests/e2e/lighthouse.mjs); both without an argument;
//!                              size: dist/ against the simulation alone (crates/size-floor);
//!                              lighthouse: only the Lighthouse step, on the dist/ already built
//! ```

mod compress;
mod core_bench;
mod fuzz;
mod headers;
mod layers;
mod lighthouse;
mod precache;
mod server;
mod setup;
mod util;

use setup::{wasm_env, wasm_release_env, Need, Setup, WASM_TARGET};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};
use util::{repo_root, run, run_tee, secs, Result};

const USAGE: &str =
    "usage: cargo xtask <setup | dist | serve [--port N] [--watch] | test [STEP...] | bench [core|browser|size|lighthouse] | layers>
  setup   install what is missing (apt packages when root, trunk, wasm-bindgen-cli, wasm32 std, npm)
  dist    trunk build --release into dist/, wasm-opt -Oz (binaryen from tests/e2e's npm packages,
          when installed), print wasm/JS sizes (raw and gzip -9)
  serve   dist + serve it at http://127.0.0.1:8080 (--watch: trunk serve, rebuilds on change)
  layers  check that the core's modules import only their own and lower layers, with no cycle,
          no impl World outside the facade and no file over 1,000 lines (known debt listed in
          crates/core/layers-debt.txt)
  test    setup, fmt, layers, clippy, native tests, wasm tests in headless Chromium, end-to-end test
          (STEP names restrict which run: fmt layers clippy test-native test-wasm e2e)
  bench   core: the core benchmark (crates/bench) natively, then compiled to Wasm in headless
          Chromium, side by side with the Wasm/native ratio and a digest check per section
          (core --only SECTION runs one: scheduler ledger end-to-end crash-wave ecs state); browser: dist + tests/e2e/bench.mjs in
          headless Chromium (load, frame time at 100 nodes / 1,000 pods, DOM size, bundle size;
          writes target/bench/browser.json), then tests/e2e/lighthouse.mjs (Lighthouse on three
          pages, repeat visits, Wasm + JS against tests/e2e/budget.json; writes
          target/bench/lighthouse.json); size: dist, and the simulation alone
          (crates/size-floor) built the same way, to split the bundle; lighthouse: only the
          Lighthouse step, serving the dist/ already built; no argument: core, browser";

fn main() -> ExitCode {
    util::ensure_cargo_bin_on_path();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup(Need::Everything).map(|_| ()),
        Some("dist") => setup::setup(Need::Build).and_then(|s| dist(&s)),
        Some("serve") => serve(&args[1..]),
        Some("test") => return test(&args[1..]),
        Some("bench") => bench(&args[1..]),
        Some("layers") => check_layers(args.get(1).map(String::as_str) == Some("--imports")),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------- layers

/// `cargo xtask layers`: the core's modules checked against their layers (see [`layers`]).
/// No tracked file keeps a merge's conflict markers (a README once did, unnoticed by every
/// other check, since Markdown compiles).
fn check_conflict_markers(root: &Path) -> Result {
    let out = Command::new("git")
        .current_dir(root)
        .args(["grep", "-n", "-I", "-E", "^(<<<<<<<|>>>>>>>) |^=======$"])
        .output()
        .map_err(|e| format!("git grep: {e}"))?;
    let found = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = found
        .lines()
        .filter(|l| !l.ends_with(":=======") || found.contains(":<<<<<<< "))
        .collect();
    if lines.is_empty() {
        println!("[layers] no merge conflict markers in tracked files");
        return Ok(());
    }
    for l in &lines {
        println!("[layers] conflict marker: {l}");
    }
    Err(format!(
        "{} merge conflict markers left in tracked files",
        lines.len()
    ))
}

fn check_layers(print_imports: bool) -> Result {
    let src = repo_root().join("crates/core/src");
    let r = layers::check(&src)?;
    if print_imports {
        for e in &r.imports {
            println!("[layers] import: {} -> {} (line {})", e.from, e.to, e.line);
        }
    }
    println!(
        "[layers] {} modules, {} imports between them; layers, lowest first: {}",
        r.modules,
        r.imports.len(),
        layers::LAYERS.join(" < ")
    );
    for e in &r.upward {
        println!(
            "[layers] upward import: {} -> {} (line {})",
            e.from, e.to, e.line
        );
    }
    for c in &r.cycles {
        println!("[layers] cycle of {} modules: {}", c.len(), c.join(", "));
    }
    for (file, n) in &r.impl_world {
        println!("[layers] impl World outside the facade: {file} ({n} blocks)");
    }
    for (file, n) in &r.long_files {
        println!("[layers] over {} lines: {file} ({n})", layers::LINES_MAX);
    }
    let debt_file = repo_root().join(DEBT_FILE);
    let debt = std::fs::read_to_string(&debt_file).unwrap_or_default();
    let found = layers::finding_lines(&r);
    let (new, stale) = layers::against_debt(&found, &debt);
    println!(
        "[layers] {} findings, all listed in {DEBT_FILE} as known debt: {}",
        found.len(),
        new.is_empty()
    );
    for n in &new {
        println!("[layers] NEW: {n}");
    }
    for s in &stale {
        println!("[layers] GONE (remove it from {DEBT_FILE}): {s}");
    }
    if new.is_empty() && stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} new findings, {} listed findings gone; {DEBT_FILE} must list exactly what is left",
            new.len(),
            stale.len()
        ))
    }
}

/// Known findings of `cargo xtask layers` still to be removed (see [`layers::against_debt`]).
const DEBT_FILE: &str = "crates/core/layers-debt.txt";

// ------------------------------------------------------------------------------------ dist

/// `trunk build --release` under the wasm env, then prints sizes of the built wasm and JS.
fn dist(s: &Setup) -> Result {
    let root = repo_root();
    // Trunk uses the wasm-bindgen CLI on PATH only when Trunk.toml names its exact version.
    let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml")).unwrap_or_default();
    let pinned = format!("wasm_bindgen = \"{}\"", s.wasm_bindgen_version);
    if !trunk_toml.lines().any(|l| l.trim().starts_with(&pinned)) {
        return Err(format!(
            "Trunk.toml must pin [tools] {pinned} (the wasm-bindgen version in Cargo.lock)"
        ));
    }
    let start = Instant::now();
    let mut cmd = Command::new("trunk");
    cmd.current_dir(&root).args(["build", "--release"]);
    run(wasm_release_env(&mut cmd, s.wasm_std))?;
    println!(
        "[dist] trunk build --release: done in {}",
        secs(start.elapsed())
    );
    optimize_wasm(&root, &root.join("dist"));
    render_pages(&root)?;
    // Last, once every file of dist/ is final: the worker's list, then the compressed variants.
    precache::write(&root.join("dist"))?;
    compress::write_variants(&root.join("dist"))?;
    print_sizes(&root.join("dist"))
}

/// Writes the site's pages over Trunk's output with their first views rendered at build time
/// (`crates/site`, natively).
fn render_pages(root: &Path) -> Result {
    let start = Instant::now();
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root)
        .args(["run", "--quiet", "--locked", "-p", "sunaba-site", "--"])
        .arg(root.join("dist"));
    run(&mut cmd)?;
    println!("[dist] pages rendered in {}", secs(start.elapsed()));
    Ok(())
}

/// Binaryen's `wasm-opt` as installed by `npm ci` in tests/e2e (the `binaryen` package). Trunk's
/// own wasm-opt step stays off (`data-wasm-opt="0"` in index.html): it would download a binary.
const WASM_OPT: &str = "tests/e2e/node_modules/.bin/wasm-opt";
/// `-Oz` without inlining, plus the Wasm features rustc 1.8x+ emits for wasm32-unknown-unknown
/// by default (without them wasm-opt rejects the module). Measured on this site (binaryen 132,
/// Trunk output 1133 kB raw / 370 kB gzip -9): plain `-Oz` gives 1006 kB raw but 399 kB gzip
/// (inlining makes the code less compressible; -Os and -O2 are alike); `-Oz` with the inliner
/// off gives 1032 kB raw / 366 kB gzip.
const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--always-inline-max-function-size",
    "0",
    "--one-caller-inline-max-function-size",
    "0",
    "--flexible-inline-max-function-size",
    "0",
    "--enable-reference-types",
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-multivalue",
];

/// Runs wasm-opt over each `.wasm` in `dist` and keeps its output only if it is smaller after
/// gzip -9 (what a browser downloads). Trunk's subresource-integrity hashes in index.html are
/// then stale, so they are rewritten. Optional: without binaryen, or if anything fails, the site
/// keeps Trunk's output (which works, only bigger), so this only warns.
fn optimize_wasm(root: &Path, dist: &Path) {
    let tool = root.join(WASM_OPT);
    if !tool.is_file() {
        println!("[dist] wasm-opt: skipped ({WASM_OPT} missing; `cargo xtask setup` installs it)");
        return;
    }
    for file in files_with_extension(dist, &["wasm"]).unwrap_or_default() {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        match optimize_one(&tool, dist, &file) {
            Ok(line) => println!("[dist] wasm-opt {name}: {line}"),
            Err(e) => println!("[dist] wasm-opt {name}: FAILED, keeping Trunk's output: {e}"),
        }
    }
}

fn optimize_one(tool: &Path, dist: &Path, file: &Path) -> Result<String> {
    let start = Instant::now();
    let tmp = file.with_extension("wasm-opt.tmp");
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let (raw_before, gz_before) = (size(file), util::gzip9_size(file).unwrap_or(0));
    let outcome = run(&mut wasm_opt(tool, file, &tmp));
    let (raw_after, gz_after) = (size(&tmp), util::gzip9_size(&tmp).unwrap_or(u64::MAX));
    let sizes = format!(
        "raw {} → {}, gzip -9 {} → {} ({})",
        kb(raw_before),
        kb(raw_after),
        kb(gz_before),
        kb(gz_after),
        secs(start.elapsed())
    );
    if let Err(e) = outcome {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if gz_after >= gz_before {
        let _ = std::fs::remove_file(&tmp);
        return Ok(format!("{sizes}; not smaller, kept Trunk's output"));
    }
    let replaced = std::fs::read(&tmp)
        .map_err(|e| format!("cannot read {}: {e}", tmp.display()))
        .and_then(|bytes| update_integrity(dist, file, &bytes))
        .and_then(|()| {
            std::fs::rename(&tmp, file)
                .map_err(|e| format!("cannot replace {}: {e}", file.display()))
        });
    if let Err(e) = replaced {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(sizes)
}

/// Trunk writes `integrity="sha384-…"` into index.html for the wasm it preloads; rewrites it in
/// every tag that names `file` (sha384 via `openssl`; without it, the attribute is dropped).
fn update_integrity(dist: &Path, file: &Path, bytes: &[u8]) -> Result {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let replacement = match util::sha384_base64(bytes) {
        Some(hash) => format!("integrity=\"sha384-{hash}\""),
        None => String::new(),
    };
    let html = rewrite_integrity(&html, &name, &replacement)?;
    std::fs::write(&index, html).map_err(|e| format!("cannot write {}: {e}", index.display()))
}

/// Replaces the `integrity="…"` attribute of each tag in `html` that mentions `name`.
fn rewrite_integrity(html: &str, name: &str, replacement: &str) -> Result<String> {
    const ATTR: &str = "integrity=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(hit) = rest.find(name) {
        let tag_start = rest[..hit].rfind('<').unwrap_or(0);
        let tag_end = rest[hit..].find('>').map_or(rest.len(), |i| hit + i);
        let tag = &rest[tag_start..tag_end];
        out.push_str(&rest[..tag_start]);
        match tag.find(ATTR) {
            Some(attr) => {
                let value_start = attr + ATTR.len();
                let value_end = tag[value_start..]
                    .find('"')
                    .map(|i| value_start + i)
                    .ok_or("index.html: unterminated integrity attribute")?;
                out.push_str(&tag[..attr]);
                out.push_str(replacement);
                out.push_str(&tag[value_end + 1..]);
            }
            None => out.push_str(tag),
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `wasm-opt INPUT <dist's arguments> -o OUTPUT`.
fn wasm_opt(tool: &Path, input: &Path, output: &Path) -> Command {
    let mut cmd = Command::new(tool);
    cmd.arg(input).args(WASM_OPT_ARGS).arg("-o").arg(output);
    cmd
}

/// The files of `dir` whose extension is one of `extensions`, sorted.
fn files_with_extension(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn print_sizes(dist: &Path) -> Result {
    let files = files_with_extension(dist, &["wasm", "js"])?;
    if files.is_empty() {
        return Err(format!("no .wasm or .js in {}", dist.display()));
    }
    for f in files {
        let raw = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
        let gz = util::gzip9_size(&f)
            .map(kb)
            .unwrap_or_else(|| "?".to_string());
        println!(
            "[dist] {:<44} raw {:>10}   gzip -9 {:>10}",
            f.strip_prefix(dist.parent().unwrap_or(dist))
                .unwrap_or(&f)
                .display(),
            kb(raw),
            gz
        );
    }
    Ok(())
}

fn kb(bytes: u64) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

// ------------------------------------------------------------------------------------ serve

fn serve(args: &[String]) -> Result {
    let mut port: u16 = 8080;
    let mut watch = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--watch" => watch = true,
            "--port" => {
                port = it
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a number")?
            }
            other => return Err(format!("serve: unknown argument {other}\n{USAGE}")),
        }
    }
    let s = setup::setup(Need::Build)?;
    let root = repo_root();
    if watch {
        let mut cmd = Command::new("trunk");
        cmd.current_dir(&root).args([
            "serve",
            "--release",
            "--address",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ]);
        println!(
            "[serve] trunk serve: http://127.0.0.1:{port}/ (rebuilds on change; Ctrl-C to stop)"
        );
        return run(wasm_release_env(&mut cmd, s.wasm_std));
    }
    dist(&s)?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e} (try --port N)"))?;
    println!(
        "[serve] Sunaba playground: http://127.0.0.1:{port}/  (serving dist/; Ctrl-C to stop)"
    );
    server::serve_forever(listener, root.join("dist"));
    Ok(())
}

// ------------------------------------------------------------------------------------ bench

fn bench(args: &[String]) -> Result {
    let (core, browser) = match args {
        [] => (true, true),
        [a] if a == "core" => (true, false),
        [a, o, section] if a == "core" && o == "--only" => {
            return core_bench::bench_core(Some(section))
        }
        [a] if a == "browser" => (false, true),
        [a] if a == "size" => return bench_size(),
        [a] if a == "lighthouse" => return bench_lighthouse(),
        _ => {
            return Err(format!(
                "bench: expected nothing, core, browser, size or lighthouse\n{USAGE}"
            ))
        }
    };
    if core {
        core_bench::bench_core(None)?;
    }
    if browser {
        bench_browser()?;
    }
    Ok(())
}

/// Builds dist/ (release), serves it and measures it with tests/e2e/bench.mjs, then the pages
/// with tests/e2e/lighthouse.mjs (Lighthouse, repeat visits, the transfer budget).
fn bench_browser() -> Result {
    let s = setup::setup(Need::Everything)?;
    let root = repo_root();
    dist(&s)?;
    let addr = server::start(&root.join("dist"), "127.0.0.1:0")
        .map_err(|e| format!("cannot start the static server: {e}"))?;
    let url = format!("http://{addr}/");
    println!("[bench] serving dist/ at {url}");
    let mut cmd = Command::new("node");
    cmd.current_dir(&root).args([
        "tests/e2e/bench.mjs",
        &url,
        "--dist",
        "dist",
        "--out",
        "target/bench/browser.json",
    ]);
    let measured = util::run_with_timeout(&mut cmd, Duration::from_secs(600))?;
    // The pages' numbers are worth printing even when the frame benchmark broke.
    lighthouse::bench(&root, &url)?;
    match measured {
        true => Ok(()),
        false => Err("browser benchmark failed".into()),
    }
}

/// Serves the dist/ already built, as `bench browser` does, and runs only its Lighthouse step:
/// for measuring one change to the pages without rebuilding or the frame benchmark.
fn bench_lighthouse() -> Result {
    setup::setup(Need::Everything)?;
    let root = repo_root();
    if !root.join("dist/index.html").is_file() {
        return Err("no dist/index.html: run `cargo xtask dist` first".into());
    }
    let addr = server::start(&root.join("dist"), "127.0.0.1:0")
        .map_err(|e| format!("cannot start the static server: {e}"))?;
    let url = format!("http://{addr}/");
    println!("[bench] serving dist/ at {url}");
    lighthouse::bench(&root, &url)
}

/// The bundle split in two: `dist` (the playground), then `crates/size-floor` (every core entry
/// point the playground calls, without Yew or the components) through the same release build,
/// wasm-bindgen and wasm-opt. Prints both and the difference.
fn bench_size() -> Result {
    let s = setup::setup(Need::Everything)?;
    let root = repo_root();
    dist(&s)?;
    let in_dist = |ext: &str| -> Result<PathBuf> {
        files_with_extension(&root.join("dist"), &[ext])?
            .into_iter()
            .next()
            .ok_or_else(|| format!("no .{ext} in dist/"))
    };
    let whole = (in_dist("wasm")?, in_dist("js")?);

    let start = Instant::now();
    let mut cmd = Command::new("cargo");
    cmd.current_dir(&root).args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "sunaba-size-floor",
    ]);
    run(wasm_release_env(&mut cmd, s.wasm_std))?;
    let out = root.join("target/size-floor");
    run(Command::new("wasm-bindgen")
        .current_dir(&root)
        .args(["--target", "web", "--out-dir"])
        .arg(&out)
        .arg("target/wasm32-unknown-unknown/release/sunaba_size_floor.wasm"))?;
    let wasm = out.join("sunaba_size_floor_bg.wasm");
    let optimized = out.join("sunaba_size_floor_bg.opt.wasm");
    run(&mut wasm_opt(&root.join(WASM_OPT), &wasm, &optimized))?;
    println!(
        "[bench] the simulation alone built in {}",
        secs(start.elapsed())
    );
    let floor = (optimized, out.join("sunaba_size_floor.js"));

    let sizes = |(wasm, js): &(PathBuf, PathBuf)| -> (u64, u64) {
        let raw = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let gz = |p: &Path| util::gzip9_size(p).unwrap_or(0);
        (raw(wasm) + raw(js), gz(wasm) + gz(js))
    };
    let (whole_raw, whole_gz) = sizes(&whole);
    let (floor_raw, floor_gz) = sizes(&floor);
    println!("  wasm + JS, after wasm-opt             raw          gzip -9");
    for (what, raw, gz) in [
        ("the playground (dist/)", whole_raw, whole_gz),
        ("the simulation alone (size-floor)", floor_raw, floor_gz),
        (
            "the page around it (difference)",
            whole_raw.saturating_sub(floor_raw),
            whole_gz.saturating_sub(floor_gz),
        ),
    ] {
        println!("  {what:<36} {:>10}   {:>10}", kb(raw), kb(gz));
    }
    Ok(())
}

// ------------------------------------------------------------------------------------ test

struct Outcome {
    name: &'static str,
    result: Result,
    took: Duration,
    note: String,
}

/// Sums `test result: ok. N passed; M failed; K ignored` lines of cargo test / wasm-bindgen-test.
fn count_tests(output: &str) -> String {
    let (mut passed, mut failed, mut ignored) = (0u64, 0u64, 0u64);
    let mut seen = false;
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        seen = true;
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(kind), Some(n)) = (words.next(), words.next()) else {
                continue;
            };
            let n: u64 = n.parse().unwrap_or(0);
            match kind {
                "passed" => passed += n,
                "failed" => failed += n,
                "ignored" => ignored += n,
                _ => {}
            }
        }
    }
    if seen {
        format!("{passed} tests passed, {failed} failed, {ignored} ignored")
    } else {
        String::new()
    }
}

fn test(args: &[String]) -> ExitCode {
    const STEPS: &[&str] = &["fmt", "layers", "clippy", "test-native", "test-wasm", "e2e"];
    if let Some(bad) = args.iter().find(|a| !STEPS.contains(&a.as_str())) {
        eprintln!("xtask test: unknown step {bad}; steps: {}", STEPS.join(" "));
        return ExitCode::from(2);
    }
    let wanted = |name: &str| args.is_empty() || args.iter().any(|a| a == name);
    let root = repo_root();
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> (Result, String)| {
        println!("\n==== xtask test: {name} ====");
        let start = Instant::now();
        let (result, note) = f();
        let took = start.elapsed();
        match &result {
            Ok(()) => println!("==== {name}: ok in {} {note}", secs(took)),
            Err(e) => println!("==== {name}: FAILED in {}: {e} {note}", secs(took)),
        }
        outcomes.push(Outcome {
            name,
            result,
            took,
            note,
        });
    };

    let mut setup_result: Option<Setup> = None;
    step("setup", &mut || match setup::setup(Need::Everything) {
        Ok(s) => {
            setup_result = Some(s);
            (Ok(()), String::new())
        }
        Err(e) => (Err(e), String::new()),
    });
    // Without a completed setup, still try the wasm steps with the best guess.
    let s = setup_result.unwrap_or_else(|| Setup {
        wasm_std: setup::guess_wasm_std(),
        wasm_bindgen_version: setup::lockfile_version(&root.join("Cargo.lock"), "wasm-bindgen")
            .unwrap_or_default(),
    });

    if wanted("fmt") {
        step("fmt", &mut || {
            (
                run(Command::new("cargo")
                    .current_dir(&root)
                    .args(["fmt", "--all", "--", "--check"])),
                String::new(),
            )
        });
    }
    if wanted("layers") {
        step("layers", &mut || {
            (
                check_layers(false).and_then(|()| check_conflict_markers(&root)),
                String::new(),
            )
        });
    }
    if wanted("clippy") {
        step("clippy", &mut || {
            (
                run(Command::new("cargo").current_dir(&root).args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])),
                String::new(),
            )
        });
    }
    if wanted("test-native") {
        step("test-native", &mut || {
            let (r, out) = run_tee(
                Command::new("cargo")
                    .current_dir(&root)
                    .args(["test", "--workspace"]),
            );
            (r, count_tests(&out))
        });
    }
    if wanted("test-wasm") {
        step("test-wasm", &mut || {
            let mut cmd = wasm_test_command(&root, &s);
            cmd.args(["-p", "sunaba", "--test", "browser"]);
            let (r, out) = run_tee(&mut cmd);
            (r, count_tests(&out))
        });
        if root.join("crates/core/tests/wasm_determinism.rs").is_file() {
            step("test-wasm-core", &mut || {
                let mut cmd = wasm_test_command(&root, &s);
                cmd.args(["-p", "sunaba-core", "--test", "wasm_determinism"]);
                let (r, out) = run_tee(&mut cmd);
                (r, count_tests(&out))
            });
        }
    }
    if wanted("e2e") {
        step("e2e", &mut || (e2e(&root, &s), String::new()));
    }

    println!("\n==== xtask test summary ====");
    for o in &outcomes {
        let status = match &o.result {
            Ok(()) => "ok    ".to_string(),
            Err(_) => "FAILED".to_string(),
        };
        println!("  {:<16} {status} {:>8}  {}", o.name, secs(o.took), o.note);
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    let passed = outcomes.len() - failed;
    if failed > 0 {
        let names: Vec<_> = outcomes
            .iter()
            .filter(|o| o.result.is_err())
            .map(|o| o.name)
            .collect();
        println!("  failed steps: {}", names.join(", "));
    }
    println!("xtask: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `cargo test --target wasm32-unknown-unknown` run by wasm-bindgen-test-runner in headless Chromium.
fn wasm_test_command(root: &Path, s: &Setup) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root)
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env(
            "CHROMEDRIVER",
            util::which("chromedriver")
                .unwrap_or_else(|| "/usr/bin/chromedriver".into())
                .into_os_string(),
        )
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            root.join("webdriver.json").into_os_string(),
        )
        .args(["test", "--target", WASM_TARGET]);
    wasm_env(&mut cmd, s.wasm_std);
    cmd
}

/// Builds dist/, serves it on a free loopback port and drives it with tests/e2e/e2e.mjs.
fn e2e(root: &Path, s: &Setup) -> Result {
    dist(s)?;
    let addr = server::start(&root.join("dist"), "127.0.0.1:0")
        .map_err(|e| format!("cannot start the static server: {e}"))?;
    let url = format!("http://{addr}/");
    println!("[e2e] serving dist/ at {url}");
    let shots = root.join("target/screenshots");
    std::fs::create_dir_all(&shots).map_err(|e| e.to_string())?;
    let mut cmd = Command::new("node");
    cmd.current_dir(root)
        .arg("tests/e2e/e2e.mjs")
        .arg(&url)
        .env("SUNABA_SCREENSHOTS", &shots);
    match util::run_with_timeout(&mut cmd, Duration::from_secs(600))? {
        true => {
            println!("[e2e] screenshots in {}", shots.display());
            Ok(())
        }
        false => Err("end-to-end test failed".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_integrity_changes_only_the_tags_naming_the_file() {
        let html = r#"<script>init('/a_bg.wasm')</script><link rel="modulepreload" href="/a.js" integrity="sha384-JS"><link rel="preload" href="/a_bg.wasm" crossorigin="anonymous" integrity="sha384-OLD" as="fetch">"#;
        let out = rewrite_integrity(html, "a_bg.wasm", r#"integrity="sha384-NEW""#).unwrap();
        assert_eq!(
            out,
            html.replace("sha384-OLD", "sha384-NEW"),
            "the JS preload keeps its hash; the script tag has none"
        );
        let dropped = rewrite_integrity(html, "a_bg.wasm", "").unwrap();
        assert!(!dropped.contains("sha384-OLD") && dropped.contains("sha384-JS"));
    }
}
