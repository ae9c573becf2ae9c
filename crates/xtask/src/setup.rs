//! `cargo xtask setup`: installs what the build and the tests need, each step timed, idempotent.
//!
//! Host tools (trunk, wasm-bindgen-cli) go into the cargo home (`~/.cargo/bin`) and are built with
//! the normal (rustup) toolchain. The wasm32 standard library comes from rustup when it has (or can
//! add, within a minute) `wasm32-unknown-unknown`; otherwise from Debian's `rustc-web` +
//! `rust-web-src`, with std built from source (`build-std`). That choice is [`WasmStd`], and
//! [`wasm_env`] is the one place that turns it into environment variables.

use crate::util::{self, capture, run, run_with_timeout, secs, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub const TRUNK_VERSION: &str = "0.22.1";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// How long `rustup target add` may take before we give up on it (it hangs on offline machines).
const RUSTUP_PROBE: Duration = Duration::from_secs(60);
/// Debian packages that provide Rust 1.96 with std sources and the wasm linker (`rust-lld` -> lld-22).
const DEBIAN_RUST: &[&str] = &[
    "rustc-web",
    "cargo-web",
    "rust-web-src",
    "rust-web-llvm",
    "lld-22",
];
/// Debian packages for the browser tests.
/// (A CJK font, so screenshots show 砂場 and Japanese text instead of empty boxes.)
const DEBIAN_BROWSER: &[&str] = &["chromium", "chromium-driver", "fonts-ipafont-gothic"];

/// Where the wasm32 standard library comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmStd {
    /// rustup's toolchain has the prebuilt `wasm32-unknown-unknown` std.
    Rustup,
    /// Debian's rustc-web 1.96 builds std from `rust-web-src` (`-Zbuild-std` via env).
    Debian,
}

/// What later steps need to know after setup.
#[derive(Clone, Debug)]
pub struct Setup {
    pub wasm_std: WasmStd,
    pub wasm_bindgen_version: String,
}

/// Applies the wasm environment to a cargo/trunk command that builds for wasm32. Never use it for
/// native commands: with build-std variables set, a native build rebuilds the host std and
/// doctests break.
pub fn wasm_env(cmd: &mut Command, wasm_std: WasmStd) -> &mut Command {
    if wasm_std == WasmStd::Debian {
        cmd.env("RUSTC", "/usr/bin/rustc")
            .env("RUSTDOC", "/usr/bin/rustdoc")
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort");
        // rust-web-llvm's /usr/bin/rust-lld (-> lld-22) is the default wasm linker; without it,
        // name lld-22's wasm-ld directly.
        if !Path::new("/usr/bin/rust-lld").exists() && util::which("wasm-ld-22").is_some() {
            cmd.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", "wasm-ld-22");
        }
    }
    cmd
}

/// Size flags for the release (Trunk) build, only where std is built from source (Debian's
/// rustc-web + build-std): rustup's prebuilt std cannot take them. Measured on this site
/// (wasm-opt'd, gzip -9): 477.6 kB without them; `-Cpanic=immediate-abort` (a panic traps at
/// once, without formatting a message — on wasm32-unknown-unknown std prints panic messages
/// nowhere anyway) 455.9 kB; `-Zlocation-detail=none` (no file:line:col strings for panics)
/// 454.4 kB; std's `optimize_for_size` feature (smaller sort, fmt and collection code) 436.8 kB.
/// Not `-Zfmt-debug=none`: `{:?}` quotes strings in user-visible messages.
pub const BUILD_STD_RELEASE_RUSTFLAGS: &str =
    "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none";
pub const BUILD_STD_RELEASE_FEATURES: &str = "optimize_for_size";

/// [`wasm_env`] plus, with build-std, the release size flags above. For `trunk build|serve
/// --release` only: the browser tests keep normal panics, so a failing test says why.
pub fn wasm_release_env(cmd: &mut Command, wasm_std: WasmStd) -> &mut Command {
    wasm_env(cmd, wasm_std);
    if wasm_std == WasmStd::Debian {
        const FLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";
        let flags = match std::env::var(FLAGS) {
            Ok(own) if !own.trim().is_empty() => format!("{own} {BUILD_STD_RELEASE_RUSTFLAGS}"),
            _ => BUILD_STD_RELEASE_RUSTFLAGS.to_string(),
        };
        cmd.env(FLAGS, flags).env(
            "CARGO_UNSTABLE_BUILD_STD_FEATURES",
            BUILD_STD_RELEASE_FEATURES,
        );
    }
    cmd
}

/// One setup step: prints `[setup] NAME: present, skipped` or times the install.
fn step(name: &str, present: bool, how: &str, install: impl FnOnce() -> Result) -> Result {
    if present {
        println!("[setup] {name}: present, skipped");
        return Ok(());
    }
    println!("[setup] {name}: {how} …");
    let start = Instant::now();
    let result = install();
    let took = secs(start.elapsed());
    match &result {
        Ok(()) => println!("[setup] {name}: done in {took}"),
        Err(e) => println!("[setup] {name}: FAILED after {took}: {e}"),
    }
    result
}

/// What the command about to run needs: building only (dist, serve) or also the browser tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Build,
    Everything,
}

pub fn setup(need: Need) -> Result<Setup> {
    util::ensure_cargo_bin_on_path();
    let root = util::repo_root();
    let wasm_bindgen_version = lockfile_version(&root.join("Cargo.lock"), "wasm-bindgen")?;
    let wasm_std = choose_wasm_std()?;
    apt_packages(wasm_std, need)?;
    install_trunk()?;
    install_wasm_bindgen(&wasm_bindgen_version)?;
    fetch_wasm_deps(&root, wasm_std)?;
    // Also for a build: binaryen's wasm-opt comes from tests/e2e's npm packages, and `dist`
    // and `serve` must give the same optimised site on a fresh clone as after `test`.
    npm_ci(&root)?;
    Ok(Setup {
        wasm_std,
        wasm_bindgen_version,
    })
}

/// The version of a package in Cargo.lock (first match).
pub fn lockfile_version(lock: &Path, package: &str) -> Result<String> {
    let text = std::fs::read_to_string(lock)
        .map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    let wanted = format!("name = \"{package}\"");
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(v.to_string());
            }
        }
    }
    Err(format!("{package} not found in {}", lock.display()))
}

// ------------------------------------------------------------------------------------ wasm32 std

fn rustup_has_wasm_std() -> bool {
    capture(Command::new("rustc").args(["--print", "sysroot"]))
        .map(|s| {
            PathBuf::from(s.trim())
                .join("lib/rustlib")
                .join(WASM_TARGET)
                .join("lib")
                .is_dir()
        })
        .unwrap_or(false)
}

/// The wasm32 std to try when setup failed: rustup's when it has one, else Debian's.
pub fn guess_wasm_std() -> WasmStd {
    if rustup_has_wasm_std() {
        WasmStd::Rustup
    } else {
        WasmStd::Debian
    }
}

/// Stamp that remembers that `rustup target add` did not work with this toolchain, so we do not
/// wait for it again. Lives in the cargo home: it is a fact about the machine, not the checkout.
fn rustup_probe_stamp() -> PathBuf {
    let version = capture(Command::new("rustc").arg("--version")).unwrap_or_default();
    let hash = util::fnv64(version.trim().as_bytes());
    util::cargo_home()
        .join("sunaba-xtask")
        .join(format!("rustup-no-wasm32-{hash:016x}"))
}

fn choose_wasm_std() -> Result<WasmStd> {
    let name = format!("wasm32 std ({WASM_TARGET})");
    match std::env::var("SUNABA_WASM_STD").as_deref() {
        Ok("rustup") => {
            println!("[setup] {name}: SUNABA_WASM_STD=rustup, using rustup's toolchain");
            return Ok(WasmStd::Rustup);
        }
        Ok("debian") => {
            println!("[setup] {name}: SUNABA_WASM_STD=debian, using Debian rustc-web + build-std");
            return Ok(WasmStd::Debian);
        }
        _ => {}
    }
    if rustup_has_wasm_std() {
        println!("[setup] {name}: present, skipped (rustup's toolchain has it)");
        return Ok(WasmStd::Rustup);
    }
    let stamp = rustup_probe_stamp();
    if stamp.exists() {
        println!(
            "[setup] {name}: present, skipped (Debian rustc-web + build-std; `rustup target add` \
             did not finish here before — delete {} to try again)",
            stamp.display()
        );
        return Ok(WasmStd::Debian);
    }
    if util::which("rustup").is_none() {
        println!("[setup] {name}: no rustup, using Debian rustc-web + build-std");
        return Ok(WasmStd::Debian);
    }
    let mut added = false;
    step(
        &name,
        false,
        &format!(
            "trying `rustup target add {WASM_TARGET}` (at most {} s)",
            RUSTUP_PROBE.as_secs()
        ),
        || {
            added = run_with_timeout(
                Command::new("rustup").args(["target", "add", WASM_TARGET]),
                RUSTUP_PROBE,
            )? && rustup_has_wasm_std();
            Ok(())
        },
    )?;
    if added {
        return Ok(WasmStd::Rustup);
    }
    println!("[setup] {name}: rustup cannot add it here; using Debian rustc-web + build-std");
    if let Some(dir) = stamp.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(
        &stamp,
        "rustup target add wasm32-unknown-unknown did not finish\n",
    );
    Ok(WasmStd::Debian)
}

// ------------------------------------------------------------------------------------ apt

fn dpkg_installed(package: &str) -> bool {
    capture(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .map(|s| s.trim() == "install ok installed")
        .unwrap_or(false)
}

fn apt_packages(wasm_std: WasmStd, need: Need) -> Result {
    let mut wanted: Vec<&str> = Vec::new();
    let mut binaries: Vec<&str> = Vec::new();
    if need == Need::Everything {
        wanted.extend_from_slice(DEBIAN_BROWSER);
        binaries.extend(["chromium", "chromedriver"]);
    }
    // npm installs binaryen (wasm-opt) for every build, not only for the browser tests.
    binaries.extend(["node", "npm"]);
    if util::which("node").is_none() {
        wanted.push("nodejs");
    }
    if util::which("npm").is_none() {
        wanted.push("npm");
    }
    if wasm_std == WasmStd::Debian {
        wanted.extend_from_slice(DEBIAN_RUST);
    }
    if wanted.is_empty() && binaries.is_empty() {
        return Ok(());
    }
    let name = format!("apt packages ({})", wanted.join(" "));
    if util::which("dpkg-query").is_none() {
        // Not Debian: we can only check for the binaries we use.
        let missing: Vec<&str> = binaries
            .into_iter()
            .filter(|b| util::which(b).is_none())
            .collect();
        if missing.is_empty() && wasm_std == WasmStd::Rustup {
            println!("[setup] {name}: not a Debian system, but the binaries are present, skipped");
            return Ok(());
        }
        return Err(format!(
            "not a Debian system: install {} yourself (and the wasm32 target with rustup)",
            missing.join(", ")
        ));
    }
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|p| !dpkg_installed(p))
        .collect();
    let how = format!("installing {} (apt-get)", missing.join(" "));
    step(&name, missing.is_empty(), &how, || {
        let command = format!("apt-get update && apt-get install -y {}", missing.join(" "));
        if !util::is_root() {
            return Err(format!(
                "missing Debian packages; as root run:\n    sudo sh -c '{command}'"
            ));
        }
        run(Command::new("apt-get")
            .args(["update", "-qq"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
        run(Command::new("apt-get")
            .args(["install", "-y", "-qq"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    })
}

// ------------------------------------------------------------------------------------ host tools

fn tool_version(program: &str) -> Option<String> {
    capture(Command::new(program).arg("--version")).map(|s| s.trim().to_string())
}

/// A plain `Command` for cargo that is sure not to carry the wasm env from a parent process.
fn host_cargo() -> Command {
    let mut c = Command::new("cargo");
    for var in [
        "RUSTC",
        "RUSTDOC",
        "RUSTC_BOOTSTRAP",
        "CARGO_UNSTABLE_BUILD_STD",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
    ] {
        c.env_remove(var);
    }
    c
}

fn install_trunk() -> Result {
    let present = tool_version("trunk").as_deref() == Some(&format!("trunk {TRUNK_VERSION}"));
    step(
        &format!("trunk {TRUNK_VERSION}"),
        present,
        "installing (cargo install --locked, ≈ 10–13 min cold)",
        || {
            run(host_cargo().args([
                "install",
                "--locked",
                "trunk",
                "--version",
                TRUNK_VERSION,
                "--ignore-rust-version",
            ]))
        },
    )
}

fn install_wasm_bindgen(version: &str) -> Result {
    let expected = format!("wasm-bindgen {version}");
    let present = tool_version("wasm-bindgen").as_deref() == Some(expected.as_str())
        && tool_version("wasm-bindgen-test-runner").as_deref()
            == Some(&format!("wasm-bindgen-test-runner {version}"));
    step(
        &format!("wasm-bindgen-cli {version}"),
        present,
        "installing (cargo install --locked, ≈ 2–3 min cold)",
        || {
            let direct = run(host_cargo().args([
                "install",
                "--locked",
                "--force",
                "wasm-bindgen-cli",
                "--version",
                version,
            ]));
            if direct.is_ok() {
                return Ok(());
            }
            // Its Cargo.lock pins webpki-roots 1.0.11, which the registry here does not serve:
            // unpack the crate, pin 1.0.10, install from the path.
            println!(
                "[setup] wasm-bindgen-cli {version}: retrying with webpki-roots pinned to 1.0.10"
            );
            let src = unpack_registry_crate("wasm-bindgen-cli", version)?;
            run(host_cargo().current_dir(&src).args([
                "update",
                "-p",
                "webpki-roots",
                "--precise",
                "1.0.10",
            ]))?;
            run(host_cargo()
                .current_dir(&src)
                .args(["install", "--locked", "--force", "--path", "."]))
        },
    )
}

/// Unpacks `<name>-<version>.crate` from cargo's registry cache into a temporary folder outside
/// the workspace; returns the package folder.
fn unpack_registry_crate(name: &str, version: &str) -> Result<PathBuf> {
    let file = format!("{name}-{version}.crate");
    let cache = util::cargo_home().join("registry/cache");
    let found = std::fs::read_dir(&cache)
        .map_err(|e| format!("cannot read {}: {e}", cache.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join(&file))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{file} is not in {}", cache.display()))?;
    let dest = std::env::temp_dir().join("sunaba-xtask-src");
    let pkg = dest.join(format!("{name}-{version}"));
    let _ = std::fs::remove_dir_all(&pkg);
    std::fs::create_dir_all(&dest).map_err(|e| e.to_string())?;
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&found)
        .arg("-C")
        .arg(&dest))?;
    Ok(pkg)
}

// ------------------------------------------------------------------------------------ cargo fetch

fn fetch_wasm_deps(root: &Path, wasm_std: WasmStd) -> Result {
    // Key: our lockfile + where std comes from (+ std's own lockfile for build-std).
    let mut key = std::fs::read(root.join("Cargo.lock")).unwrap_or_default();
    key.extend_from_slice(format!("{wasm_std:?}").as_bytes());
    if wasm_std == WasmStd::Debian {
        key.extend(
            std::fs::read("/usr/lib/rustlib/src/rust/library/Cargo.lock").unwrap_or_default(),
        );
    }
    let stamp_value = format!("{:016x}\n", util::fnv64(&key));
    let stamp = root.join("target/xtask/cargo-fetch-wasm32.stamp");
    let present = std::fs::read_to_string(&stamp).ok().as_deref() == Some(stamp_value.as_str());
    let what = match wasm_std {
        WasmStd::Debian => "crates + std's own dependencies",
        WasmStd::Rustup => "crates",
    };
    step(
        &format!("cargo fetch --target {WASM_TARGET} ({what})"),
        present,
        "fetching so that offline builds work",
        || {
            let mut cmd = Command::new("cargo");
            cmd.current_dir(root)
                .args(["fetch", "--target", WASM_TARGET]);
            run(wasm_env(&mut cmd, wasm_std))?;
            if let Some(dir) = stamp.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            std::fs::write(&stamp, stamp_value).map_err(|e| e.to_string())
        },
    )
}

// ------------------------------------------------------------------------------------ npm

fn npm_ci(root: &Path) -> Result {
    let dir = root.join("tests/e2e");
    // binaryen (wasm-opt for `cargo xtask dist`) came later: a checkout without it re-runs npm ci.
    let present = ["playwright-core", "binaryen"].iter().all(|m| {
        dir.join("node_modules")
            .join(m)
            .join("package.json")
            .is_file()
    });
    step(
        "tests/e2e node modules (playwright-core, binaryen)",
        present,
        "installing (npm ci; no browser download, Chromium comes from apt)",
        || {
            run(Command::new("npm")
                .current_dir(&dir)
                .args(["ci", "--no-audit", "--no-fund"])
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wasm_bindgen_version_from_the_workspace_lockfile() {
        let lock = util::repo_root().join("Cargo.lock");
        let v = lockfile_version(&lock, "wasm-bindgen").unwrap();
        assert!(v.starts_with("0.2."), "{v}");
        assert!(lockfile_version(&lock, "no-such-package-here").is_err());
    }

    #[test]
    fn wasm_env_is_empty_for_rustup_and_build_std_for_debian() {
        let mut c = Command::new("cargo");
        assert_eq!(wasm_env(&mut c, WasmStd::Rustup).get_envs().count(), 0);
        let mut c = Command::new("cargo");
        let envs: Vec<_> = wasm_env(&mut c, WasmStd::Debian)
            .get_envs()
            .map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned())))
            .collect();
        assert!(envs.contains(&(
            "CARGO_UNSTABLE_BUILD_STD".into(),
            Some("std,panic_abort".into())
        )));
        assert!(envs.contains(&("RUSTC".into(), Some("/usr/bin/rustc".into()))));
    }

    #[test]
    fn release_size_flags_only_with_build_std() {
        let mut c = Command::new("trunk");
        assert_eq!(
            wasm_release_env(&mut c, WasmStd::Rustup).get_envs().count(),
            0
        );
        let mut c = Command::new("trunk");
        let envs: Vec<_> = wasm_release_env(&mut c, WasmStd::Debian)
            .get_envs()
            .map(|(k, v)| (k.to_owned(), v.map(|v| v.to_string_lossy().into_owned())))
            .collect();
        let get = |name: &str| {
            envs.iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert!(get("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS")
            .ends_with("-Cpanic=immediate-abort -Zlocation-detail=none"));
        assert_eq!(
            get("CARGO_UNSTABLE_BUILD_STD_FEATURES"),
            "optimize_for_size"
        );
        assert_eq!(get("CARGO_UNSTABLE_BUILD_STD"), "std,panic_abort");
    }
}
