//! The response headers the site needs, in one place: what `cargo xtask serve` sends and what
//! README's "Hosting" section tells a host to send. Pure functions of a file's name, so the
//! server, the compressor and the tests agree.

/// The Content-Security-Policy of every HTML page. Scripts and styles only from the site itself
/// (`'wasm-unsafe-eval'` lets the page compile its WebAssembly, nothing else), no plugins, no
/// `<base>` rewriting, forms only to the site. Also usable as a `<meta http-equiv>` value.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'";

/// Where a link from the site leads, the other site learns only our origin.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// Content-hashed files never change under their name: a year, and never revalidated.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else (pages, sw.js, examples): the browser asks again each time, so a new
/// deployment is seen at once.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// The `Content-Type` of a file by its extension (`application/wasm` is what streaming
/// compilation requires).
pub fn content_type(name: &str) -> &'static str {
    match extension(name) {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "xml" => "application/xml",
        "yaml" | "yml" | "txt" | "md" | "sh" | "recipes" | "sunaba" | "out" => {
            "text/plain; charset=utf-8"
        }
        // Dockerfile, and anything without a known extension: text the learner may open.
        "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether a precompressed variant is worth keeping: text formats and Wasm, not images or
/// fonts that are compressed already.
pub fn compressible(name: &str) -> bool {
    !matches!(
        extension(name),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "avif"
            | "ico"
            | "woff"
            | "woff2"
            | "br"
            | "gz"
            | "zip"
    )
}

/// Trunk names what it builds `NAME-<hash>` (`sunaba-d84958c2b191cb41.js`,
/// `sunaba-f0991abf9224bd28_bg.wasm`): a new content gets a new name. The hash is a 64-bit
/// number in hex without leading zeros (`sunaba-9c5ffb5a8d1ee40_bg.wasm`: 15 digits).
pub fn is_content_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(base, hash)| {
        !base.is_empty()
            && (8..=16).contains(&hash.len())
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The `Cache-Control` of a file by its name.
pub fn cache_control(name: &str) -> &'static str {
    if is_content_hashed(name) {
        CACHE_IMMUTABLE
    } else {
        CACHE_REVALIDATE
    }
}

/// A precompressed variant of a file, written next to it as `FILE.br` / `FILE.gz`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    /// Best first: Brotli is smaller than gzip on every asset of the site.
    pub const PREFERENCE: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    /// The `Content-Encoding` / `Accept-Encoding` token.
    pub fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// The suffix of the variant's file.
    pub fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
        }
    }
}

/// Whether an `Accept-Encoding` value accepts `encoding` (a token with `q=0` refuses it; `*`
/// accepts what is not named).
pub fn accepts(accept_encoding: &str, encoding: Encoding) -> bool {
    let mut star = false;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let token = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if token.eq_ignore_ascii_case(encoding.token()) {
            return !refused;
        }
        if token == "*" {
            star = !refused;
        }
    }
    star
}

/// The encoding to answer with: the most preferred one the client accepts and the file has.
pub fn choose_encoding(
    accept_encoding: &str,
    available: impl Fn(Encoding) -> bool,
) -> Option<Encoding> {
    Encoding::PREFERENCE
        .into_iter()
        .find(|&e| accepts(accept_encoding, e) && available(e))
}

/// The headers of a successful answer for the file `name` (its last path segment), encoded
/// as `encoding`, in the order they are sent.
pub fn for_file(name: &str, encoding: Option<Encoding>) -> Vec<(&'static str, &'static str)> {
    let mut headers = vec![
        ("Content-Type", content_type(name)),
        ("Cache-Control", cache_control(name)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", REFERRER_POLICY),
    ];
    if matches!(extension(name), "html" | "htm") {
        headers.push(("Content-Security-Policy", CSP));
    }
    if compressible(name) {
        // Caches must keep the variants apart even when this answer was not compressed.
        headers.push(("Vary", "Accept-Encoding"));
    }
    if let Some(e) = encoding {
        headers.push(("Content-Encoding", e.token()));
    }
    headers
}

/// The extension of a file name, lower case not required (the site's names are lower case);
/// `""` when there is none.
fn extension(name: &str) -> &str {
    let name = name.rsplit('/').next().unwrap_or(name);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(headers: &'a [(&str, &'a str)], name: &str) -> Option<&'a str> {
        headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    #[test]
    fn trunk_output_is_content_hashed_and_pages_are_not() {
        assert!(is_content_hashed("sunaba-d84958c2b191cb41.js"));
        assert!(is_content_hashed("sunaba-f0991abf9224bd28_bg.wasm"));
        assert!(is_content_hashed("boot-0123456789abcdef.js"));
        for name in [
            "index.html",
            "sw.js",
            "sw-register.js",
            "style.css",
            "sunaba-d84958c2b191cb41x.js",
            "sunaba-D84958C2B191CB41.js",
            "-d84958c2b191cb41.js",
            "self-healing.yaml",
        ] {
            assert!(!is_content_hashed(name), "{name}");
        }
    }

    #[test]
    fn pages_get_the_policy_and_are_revalidated() {
        let h = for_file("index.html", None);
        assert_eq!(header(&h, "Content-Type"), Some("text/html; charset=utf-8"));
        assert_eq!(header(&h, "Content-Security-Policy"), Some(CSP));
        assert_eq!(header(&h, "Cache-Control"), Some("no-cache"));
        assert_eq!(header(&h, "X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(header(&h, "Vary"), Some("Accept-Encoding"));
        assert_eq!(header(&h, "Content-Encoding"), None);
        assert!(CSP.contains("script-src 'self' 'wasm-unsafe-eval'"));
    }

    #[test]
    fn a_hash_with_leading_zeros_dropped_is_still_a_hash() {
        assert!(is_content_hashed("sunaba-9c5ffb5a8d1ee40_bg.wasm"));
        assert!(!is_content_hashed("sunaba.js"));
        assert!(!is_content_hashed("boot-abc.js"));
    }

    #[test]
    fn the_pages_carry_the_served_policy_in_their_meta() {
        // crates/site writes it into every page's <meta>: the same text, line for line.
        let site = include_str!("../../site/src/document.rs");
        let start =
            site.find("pub const CSP: &str = \"").unwrap() + "pub const CSP: &str = \"".len();
        let literal = &site[start..start + site[start..].find("\";").unwrap()];
        assert_eq!(literal.replace("\\\n", ""), CSP);
    }

    #[test]
    fn hashed_wasm_is_immutable_and_says_its_encoding() {
        let h = for_file("sunaba-f0991abf9224bd28_bg.wasm", Some(Encoding::Brotli));
        assert_eq!(header(&h, "Content-Type"), Some("application/wasm"));
        assert_eq!(
            header(&h, "Cache-Control"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(header(&h, "Content-Encoding"), Some("br"));
        assert_eq!(header(&h, "Content-Security-Policy"), None);
    }

    #[test]
    fn the_worker_and_other_scripts_are_revalidated_javascript() {
        for name in ["sw.js", "sw-register.js"] {
            let h = for_file(name, None);
            assert_eq!(
                header(&h, "Content-Type"),
                Some("text/javascript; charset=utf-8")
            );
            assert_eq!(header(&h, "Cache-Control"), Some("no-cache"));
        }
        assert_eq!(
            content_type("site.webmanifest"),
            "application/manifest+json"
        );
        assert_eq!(
            content_type("examples/app/Dockerfile"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(content_type("logo.png"), "image/png");
        assert!(!compressible("logo.png") && compressible("a.svg") && compressible("a.wasm"));
        assert_eq!(header(&for_file("logo.png", None), "Vary"), None);
    }

    #[test]
    fn brotli_is_preferred_over_gzip_when_both_are_accepted_and_present() {
        let both = |_: Encoding| true;
        assert_eq!(
            choose_encoding("gzip, deflate, br, zstd", both),
            Some(Encoding::Brotli)
        );
        assert_eq!(choose_encoding("gzip", both), Some(Encoding::Gzip));
        assert_eq!(choose_encoding("br;q=0, gzip", both), Some(Encoding::Gzip));
        assert_eq!(choose_encoding("*", both), Some(Encoding::Brotli));
        assert_eq!(choose_encoding("*, br;q=0", both), Some(Encoding::Gzip));
        assert_eq!(choose_encoding("identity", both), None);
        assert_eq!(choose_encoding("", both), None);
        let only_gzip = |e: Encoding| e == Encoding::Gzip;
        assert_eq!(choose_encoding("br, gzip", only_gzip), Some(Encoding::Gzip));
        assert_eq!(choose_encoding("br", only_gzip), None);
    }
}
