//! Style values computed at run time (a bar's width, a tile's load, a pulse's path), written
//! through the CSSOM after render. The site's Content-Security-Policy (`style-src 'self'`, no
//! `'unsafe-inline'`) blocks every `style` attribute in markup, whether Yew renders it or
//! `setAttribute` sets it, but not a script's `element.style.setProperty(..)`. Fixed looks belong
//! in classes in `www/style.css`; only numbers computed by the UI come here, never learner text.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, SvgElement};
use yew::prelude::*;

/// CSS properties (custom `--name` ones too) and their values, e.g. `("width", "42.0%")`.
pub type StyleValues = Vec<(&'static str, String)>;

/// Writes `values` on `node`'s element after the first render and whenever they change. The
/// calling component must render that element unconditionally: a replaced element would miss
/// values that did not change.
#[hook]
pub fn use_style_values(node: NodeRef, values: StyleValues) {
    use_effect_with(values, move |values| {
        if let Some(element) = node.cast::<Element>() {
            apply(&element, values);
        }
    });
}

/// Sets each value on `element`'s inline style declaration (HTML or SVG elements).
pub fn apply(element: &Element, values: &[(&'static str, String)]) {
    let style = if let Some(html) = element.dyn_ref::<HtmlElement>() {
        html.style()
    } else if let Some(svg) = element.dyn_ref::<SvgElement>() {
        svg.style()
    } else {
        return;
    };
    for (name, value) in values {
        let _ = style.set_property(name, value);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every `.rs` file under `dir`, with its text.
    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir)
            .expect("readable source folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable source");
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// What would put a `style` attribute in the page: `style=` or `{style}` in `html!`, or
    /// `setAttribute("style", …)`. Under the site's CSP each is blocked, and the look is lost.
    fn style_attributes(text: &str) -> Vec<usize> {
        text.lines()
            .enumerate()
            .filter(|(_, line)| {
                let code = line.split("//").next().unwrap_or("");
                code.contains(" style={")
                    || code.contains(" style=\"")
                    || code.contains(" {style}")
                    || code.contains("set_attribute(\"style\"")
            })
            .map(|(i, _)| i + 1)
            .collect()
    }

    #[test]
    fn the_ui_renders_no_style_attributes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        sources(&root.join("src"), &mut files);
        sources(&root.join("../../src"), &mut files);
        assert!(files.len() > 20, "found the sources: {}", files.len());
        let found: Vec<String> = files
            .iter()
            // This file names the patterns in its tests.
            .filter(|(path, _)| !path.ends_with("cssom.rs"))
            .flat_map(|(path, text)| {
                style_attributes(text)
                    .into_iter()
                    .map(move |line| format!("{path}:{line}"))
            })
            .collect();
        assert!(
            found.is_empty(),
            "style attributes (use classes or crate::cssom): {found:?}"
        );
    }

    #[test]
    fn the_check_sees_each_way_of_writing_a_style_attribute() {
        for line in [
            r#"<div style={format!("width:{pct}%")}></div>"#,
            r#"<span style="color: red">"#,
            "<g class=\"x\" {style}>",
            r#"el.set_attribute("style", "width: 1px")"#,
        ] {
            assert_eq!(style_attributes(line), [1], "{line}");
        }
        assert!(style_attributes("// an old style={..} in a comment").is_empty());
    }
}
