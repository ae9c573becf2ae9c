//! A small std-only static file server for `dist/` (GET/HEAD, one thread per connection) that
//! sends exactly the headers README's "Hosting" section asks of a host (see [`crate::headers`]):
//! the right types, the CSP on pages, immutable caching of content-hashed files, the
//! precompressed `.br`/`.gz` variant the client accepts, `dir` → `dir/` so relative URLs work,
//! and `404.html` for what does not exist. Never serves anything outside the root.

use crate::headers::{self, Encoding};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// A request head larger than this is refused (a browser's is far below it).
const HEAD_BYTES_MAX: u64 = 16 * 1024;

/// Binds `addr` (use port 0 for a free port) and serves `root` on a background thread.
pub fn start(root: &Path, addr: &str) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    let root = root.to_path_buf();
    std::thread::spawn(move || serve_forever(listener, root));
    Ok(local)
}

/// Serves `root` on `listener` in the current thread.
pub fn serve_forever(listener: TcpListener, root: PathBuf) {
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &root);
        });
    }
}

/// What a request's path names below the root.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    /// A directory asked without its trailing slash: its relative links need the slash.
    Redirect(String),
    /// Nothing there (or outside the root, or hidden): the root's `404.html` when it has one.
    NotFound(Option<PathBuf>),
}

/// The parts of a request the server uses.
struct Request {
    method: String,
    target: String,
    accept_encoding: String,
}

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream.try_clone()?.take(HEAD_BYTES_MAX));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut accept_encoding = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                accept_encoding = value.trim().to_string();
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    Ok(Request {
        method: parts.next().unwrap_or("").to_string(),
        target: parts.next().unwrap_or("/").to_string(),
        accept_encoding,
    })
}

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let req = read_request(&stream)?;
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        let extra = [("Allow", "GET, HEAD")];
        return respond_text(&mut stream, 405, "method not allowed\n", &extra, false);
    }
    let (path, query) = match req.target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (req.target.as_str(), None),
    };
    let path = path.split('#').next().unwrap_or("/");
    match resolve(root, &percent_decode(path)) {
        Resolved::File(file) => send_file(&mut stream, &file, 200, &req.accept_encoding, head_only),
        Resolved::Redirect(to) => {
            let location = match query {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let extra = [("Location", location.as_str())];
            respond_text(&mut stream, 301, "moved\n", &extra, head_only)
        }
        Resolved::NotFound(Some(page)) => {
            send_file(&mut stream, &page, 404, &req.accept_encoding, head_only)
        }
        Resolved::NotFound(None) => respond_text(&mut stream, 404, "not found\n", &[], head_only),
    }
}

/// Answers with `file`, or its precompressed variant when the client accepts one.
fn send_file(
    stream: &mut TcpStream,
    file: &Path,
    status: u16,
    accept_encoding: &str,
    head_only: bool,
) -> std::io::Result<()> {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let variant = |e: Encoding| {
        let mut p = file.as_os_str().to_owned();
        p.push(e.suffix());
        PathBuf::from(p)
    };
    let encoding = if headers::compressible(&name) {
        headers::choose_encoding(accept_encoding, |e| variant(e).is_file())
    } else {
        None
    };
    let body = match encoding {
        Some(e) => std::fs::read(variant(e)),
        None => std::fs::read(file),
    };
    let Ok(body) = body else {
        return respond_text(stream, 404, "not found\n", &[], head_only);
    };
    let headers = headers::for_file(&name, encoding);
    respond(stream, status, &headers, &body, head_only)
}

/// Maps a URL path to what it names below `root`. Refuses `..`, hidden names (`.trunk-lock`)
/// and links leading outside the root; a directory serves its `index.html`.
fn resolve(root: &Path, url_path: &str) -> Resolved {
    let not_found = || {
        let page = root.join("404.html");
        Resolved::NotFound(page.is_file().then_some(page))
    };
    let mut file = root.to_path_buf();
    for comp in Path::new(url_path.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(c) if !c.to_string_lossy().starts_with('.') => file.push(c),
            Component::CurDir => {}
            _ => return not_found(),
        }
    }
    let inside = match (file.canonicalize(), root.canonicalize()) {
        (Ok(f), Ok(r)) => f.starts_with(r),
        _ => false,
    };
    if !inside {
        return not_found();
    }
    if file.is_dir() {
        if !url_path.ends_with('/') {
            return Resolved::Redirect(format!("{url_path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        not_found()
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn respond_text(
    stream: &mut TcpStream,
    status: u16,
    text: &str,
    extra: &[(&str, &str)],
    head_only: bool,
) -> std::io::Result<()> {
    let mut headers = vec![
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Cache-Control", headers::CACHE_REVALIDATE),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", headers::REFERRER_POLICY),
    ];
    headers.extend_from_slice(extra);
    respond(stream, status, &headers, text.as_bytes(), head_only)
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    stream.write_all(head(status, headers, body.len()).as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The status line and headers of an answer.
fn head(status: u16, headers: &[(&str, &str)], length: usize) -> String {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ));
    out
}

#[cfg(test)]
#[path = "server_tests.rs"]
pub(crate) mod tests;
