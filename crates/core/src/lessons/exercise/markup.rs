//! A step's text as the lesson panel shows it: the small Markdown subset authors write —
//! paragraphs (separated by a blank line), `` `code` `` and `` `$ command` `` spans, the latter
//! runnable with a click — read once here into typed pieces, so no shell parses the text.

use serde::Serialize;

/// One piece of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub enum Inline {
    Text(String),
    /// `` `kubectl get pods` ``: shown as code.
    Code(String),
    /// `` `$ kubectl get pods` ``: a command the learner can run by clicking it.
    Command(String),
}

/// The text's paragraphs, each a list of pieces. Lines of one paragraph join with a space; a
/// backtick without its pair is text.
pub fn paragraphs(text: &str) -> Vec<Vec<Inline>> {
    text.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .map(|p| inline(&p))
        .collect()
}

fn inline(p: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = p;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        if open > 0 {
            out.push(Inline::Text(rest[..open].to_string()));
        }
        let span = &rest[open + 1..open + 1 + len];
        out.push(match span.strip_prefix("$ ") {
            Some(cmd) if !cmd.trim().is_empty() => Inline::Command(cmd.trim().to_string()),
            _ => Inline::Code(span.to_string()),
        });
        rest = &rest[open + 2 + len..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_code_and_paragraphs_are_told_apart() {
        let t = "Apply it: `$ kubectl apply -f web.yaml`, then\nread `web.yaml`.\n\nSecond `one";
        assert_eq!(
            paragraphs(t),
            vec![
                vec![
                    Inline::Text("Apply it: ".into()),
                    Inline::Command("kubectl apply -f web.yaml".into()),
                    Inline::Text(", then read ".into()),
                    Inline::Code("web.yaml".into()),
                    Inline::Text(".".into()),
                ],
                vec![Inline::Text("Second `one".into())],
            ]
        );
        assert_eq!(paragraphs("`$ `"), vec![vec![Inline::Code("$ ".into())]]);
        assert!(paragraphs("\n\n\n").is_empty());
    }

    #[test]
    fn every_step_of_every_exercise_reads_in_both_languages() {
        for entry in
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/exercises")).unwrap()
        {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "course.yaml") {
                continue;
            }
            let ex =
                crate::lessons::exercise::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for s in &ex.steps {
                for text in [&s.text.en, &s.text.ja] {
                    let ps = paragraphs(text);
                    assert!(!ps.is_empty(), "{path:?}");
                    assert!(
                        ps.iter()
                            .flatten()
                            .all(|i| !matches!(i, Inline::Text(t) if t.contains('`'))),
                        "an unpaired backtick in {path:?}: {text}"
                    );
                }
            }
        }
    }
}
