//! Small helpers: paths, running commands with a visible command line, timing, hashing.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (two levels above this crate's manifest).
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| here.to_path_buf())
}

/// Cargo's home: `$CARGO_HOME`, else `~/.cargo`. Host tools are installed into `<cargo home>/bin`.
pub fn cargo_home() -> PathBuf {
    if let Some(h) = std::env::var_os("CARGO_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h);
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
    PathBuf::from(home).join(".cargo")
}

/// Makes sure `<cargo home>/bin` is on this process's PATH, so every child finds installed tools.
pub fn ensure_cargo_bin_on_path() {
    let bin = cargo_home().join("bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if !dirs.iter().any(|d| d == &bin) {
        dirs.insert(0, bin);
        if let Ok(joined) = std::env::join_paths(dirs) {
            std::env::set_var("PATH", joined);
        }
    }
}

/// Full path of an executable on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

pub fn is_root() -> bool {
    // `id -u` keeps this std-only without libc.
    capture(Command::new("id").arg("-u"))
        .map(|s| s.trim() == "0")
        .unwrap_or(false)
}

/// A printable form of a command: `VAR=value ... program args...` (only variables set explicitly).
pub fn display(cmd: &Command) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            parts.push(format!("{}={}", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    parts.push(cmd.get_program().to_string_lossy().into_owned());
    parts.extend(cmd.get_args().map(quote));
    parts.join(" ")
}

fn quote(a: &OsStr) -> String {
    let s = a.to_string_lossy();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_=./:,@+".contains(c))
    {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Runs a command with inherited stdio, echoing it first. Error when it cannot start or exits non-zero.
pub fn run(cmd: &mut Command) -> Result {
    eprintln!("  $ {}", display(cmd));
    let status = cmd.stdin(Stdio::null()).status().map_err(|e| {
        format!(
            "cannot start `{}`: {e}",
            cmd.get_program().to_string_lossy()
        )
    })?;
    check(cmd, status)
}

fn check(cmd: &Command, status: ExitStatus) -> Result {
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{}` failed ({status})",
            cmd.get_program().to_string_lossy()
        ))
    }
}

/// Runs a command, passing its output through while also returning its stdout (for counting tests).
pub fn run_tee(cmd: &mut Command) -> (Result, String) {
    eprintln!("  $ {}", display(cmd));
    let child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return (
                Err(format!(
                    "cannot start `{}`: {e}",
                    cmd.get_program().to_string_lossy()
                )),
                String::new(),
            )
        }
    };
    let mut captured = String::new();
    if let Some(out) = child.stdout.take() {
        let mut stdout = std::io::stdout();
        for line in BufReader::new(out).split(b'\n') {
            let Ok(line) = line else { break };
            let _ = stdout.write_all(&line);
            let _ = stdout.write_all(b"\n");
            let _ = stdout.flush();
            captured.push_str(&String::from_utf8_lossy(&line));
            captured.push('\n');
        }
    }
    let result = match child.wait() {
        Ok(status) => check(cmd, status),
        Err(e) => Err(e.to_string()),
    };
    (result, captured)
}

/// Runs a command quietly and returns its stdout when it exits zero.
pub fn capture(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs a command with a time limit; kills it when the limit passes. Ok(true) = exited zero in time.
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Result<bool> {
    eprintln!("  $ {}   (time limit {} s)", display(cmd), limit.as_secs());
    let mut child = cmd.stdin(Stdio::null()).spawn().map_err(|e| {
        format!(
            "cannot start `{}`: {e}",
            cmd.get_program().to_string_lossy()
        )
    })?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(status.success());
        }
        if start.elapsed() > limit {
            eprintln!(
                "  … no result after {} s, stopping it (pid {})",
                limit.as_secs(),
                child.id()
            );
            let _ = child.kill();
            let _ = child.wait();
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// FNV-1a, 64 bit: a stable hash for stamp files (std's hasher is not promised to be stable).
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Size of a file compressed with `gzip -9` (shells out to gzip; None when gzip is missing).
pub fn gzip9_size(path: &Path) -> Option<u64> {
    let out = Command::new("gzip")
        .arg("-9c")
        .arg(path)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

/// SHA-384 of `bytes` in base64, as subresource integrity wants it (shells out to `openssl`;
/// None when it is missing or fails).
pub fn sha384_base64(bytes: &[u8]) -> Option<String> {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha384", "-binary"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    // Feed stdin from a thread: openssl may write before it has read everything.
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    (out.status.success() && out.stdout.len() == 48).then(|| base64(&out.stdout))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want, "{input:?}");
        }
    }

    #[test]
    fn sha384_base64_is_the_subresource_integrity_hash() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        if which("openssl").is_some() {
            assert_eq!(
                sha384_base64(b"abc").as_deref(),
                Some("ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn")
            );
        }
    }

    #[test]
    fn timeout_kills_a_hanging_command() {
        let start = Instant::now();
        let ok =
            run_with_timeout(Command::new("sleep").arg("30"), Duration::from_millis(500)).unwrap();
        assert!(!ok);
        assert!(start.elapsed() < Duration::from_secs(10));
        assert!(run_with_timeout(&mut Command::new("true"), Duration::from_secs(10)).unwrap());
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
