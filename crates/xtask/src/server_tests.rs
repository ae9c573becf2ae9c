use super::*;
use std::io::Read;

/// A fresh site under the system's temp dir, removed when dropped.
pub(crate) struct Site {
    pub root: PathBuf,
    outer: PathBuf,
}

impl Site {
    pub fn new(tag: &str) -> Site {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let outer =
            std::env::temp_dir().join(format!("sunaba-xtask-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&outer);
        let root = outer.join("dist");
        std::fs::create_dir_all(&root).unwrap();
        Site { root, outer }
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// A file next to the root, which the server must never show.
    pub fn write_outside(&self, name: &str) -> PathBuf {
        let p = self.outer.join(name);
        std::fs::write(&p, b"secret").unwrap();
        p
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.outer);
    }
}

fn site() -> Site {
    let s = Site::new("server");
    s.write("index.html", b"<!doctype html><p>home</p>");
    s.write("lessons/index.html", b"<!doctype html><p>lessons</p>");
    s.write("sunaba-0123456789abcdef_bg.wasm", b"\0asm-plain");
    s.write("sunaba-0123456789abcdef_bg.wasm.br", b"BR");
    s.write("sunaba-0123456789abcdef_bg.wasm.gz", b"GZ");
    s.write("sw.js", b"self.__PRECACHE = [];");
    s
}

#[test]
fn decodes_percent_escapes() {
    assert_eq!(percent_decode("/a%20b.txt"), "/a b.txt");
    assert_eq!(percent_decode("/100%"), "/100%");
    assert_eq!(percent_decode("/%zz"), "/%zz");
}

#[test]
fn resolves_files_directories_and_the_redirect_to_a_slash() {
    let s = site();
    assert_eq!(
        resolve(&s.root, "/"),
        Resolved::File(s.root.join("index.html"))
    );
    assert_eq!(
        resolve(&s.root, "/lessons/"),
        Resolved::File(s.root.join("lessons/index.html"))
    );
    assert_eq!(
        resolve(&s.root, "/lessons"),
        Resolved::Redirect("/lessons/".into())
    );
    assert_eq!(
        resolve(&s.root, "/sw.js"),
        Resolved::File(s.root.join("sw.js"))
    );
    assert_eq!(resolve(&s.root, "/nope.html"), Resolved::NotFound(None));
    s.write("404.html", b"<!doctype html><p>not here</p>");
    assert_eq!(
        resolve(&s.root, "/nope.html"),
        Resolved::NotFound(Some(s.root.join("404.html")))
    );
}

#[test]
fn never_serves_outside_the_root_or_hidden_files() {
    let s = site();
    s.write_outside("secret.txt");
    s.write(".trunk-lock", b"");
    for path in [
        "/../secret.txt",
        "/lessons/../../secret.txt",
        &percent_decode("/%2e%2e/secret.txt"),
        "/.trunk-lock",
    ] {
        assert_eq!(resolve(&s.root, path), Resolved::NotFound(None), "{path}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            s.root.parent().unwrap().join("secret.txt"),
            s.root.join("link"),
        )
        .unwrap();
        assert_eq!(resolve(&s.root, "/link"), Resolved::NotFound(None));
    }
}

/// Sends one raw request to a server on `root`; returns the status line, headers and body.
fn ask(root: &Path, request: &str) -> (String, Vec<(String, String)>, Vec<u8>) {
    let addr = start(root, "127.0.0.1:0").unwrap();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(answer[..split].to_vec()).unwrap();
    let body = answer[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().to_string();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    (status, headers, body)
}

fn get<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn answers_with_the_variant_the_client_accepts_brotli_first() {
    let s = site();
    let wasm = "/sunaba-0123456789abcdef_bg.wasm";
    let (status, h, body) = ask(
        &s.root,
        &format!("GET {wasm} HTTP/1.1\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n"),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, b"BR");
    assert_eq!(get(&h, "Content-Encoding"), Some("br"));
    assert_eq!(get(&h, "Content-Type"), Some("application/wasm"));
    assert_eq!(get(&h, "Vary"), Some("Accept-Encoding"));
    assert_eq!(get(&h, "Cache-Control"), Some(headers::CACHE_IMMUTABLE));
    assert_eq!(get(&h, "Content-Length"), Some("2"));

    let (_, h, body) = ask(
        &s.root,
        &format!("GET {wasm} HTTP/1.1\r\naccept-encoding: gzip\r\n\r\n"),
    );
    assert_eq!(
        (body.as_slice(), get(&h, "Content-Encoding")),
        (&b"GZ"[..], Some("gzip"))
    );
    let (_, h, body) = ask(&s.root, &format!("GET {wasm} HTTP/1.1\r\n\r\n"));
    assert_eq!(
        (body.as_slice(), get(&h, "Content-Encoding")),
        (&b"\0asm-plain"[..], None)
    );
}

#[test]
fn pages_carry_the_policy_and_head_sends_no_body() {
    let s = site();
    let (status, h, body) = ask(&s.root, "HEAD /lessons/?lang=ja HTTP/1.1\r\n\r\n");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.is_empty());
    assert_eq!(get(&h, "Content-Security-Policy"), Some(headers::CSP));
    assert_eq!(get(&h, "Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(get(&h, "Cache-Control"), Some("no-cache"));
    assert_eq!(get(&h, "X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(get(&h, "Referrer-Policy"), Some(headers::REFERRER_POLICY));
    assert_eq!(get(&h, "Content-Length"), Some("29"));
}

#[test]
fn a_directory_without_its_slash_is_redirected_with_its_query() {
    let s = site();
    let (status, h, _) = ask(&s.root, "GET /lessons?lang=ja HTTP/1.1\r\n\r\n");
    assert_eq!(status, "HTTP/1.1 301 Moved Permanently");
    assert_eq!(get(&h, "Location"), Some("/lessons/?lang=ja"));
}

#[test]
fn unknown_paths_get_the_sites_404_page_with_status_404() {
    let s = site();
    let (status, _, body) = ask(&s.root, "GET /missing HTTP/1.1\r\n\r\n");
    assert_eq!(
        (status.as_str(), body.as_slice()),
        ("HTTP/1.1 404 Not Found", &b"not found\n"[..])
    );
    s.write("404.html", b"<!doctype html><p>not here</p>");
    let (status, h, body) = ask(&s.root, "GET /missing HTTP/1.1\r\n\r\n");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    assert_eq!(body, b"<!doctype html><p>not here</p>");
    assert_eq!(get(&h, "Content-Security-Policy"), Some(headers::CSP));
    let (status, h, _) = ask(&s.root, "POST / HTTP/1.1\r\n\r\n");
    assert_eq!(status, "HTTP/1.1 405 Method Not Allowed");
    assert_eq!(get(&h, "Allow"), Some("GET, HEAD"));
}
