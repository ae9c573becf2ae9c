//! The editor's words in English and Japanese, and filling `{name}` placeholders.

use sunaba_core::lessons::experiments::Text;

use crate::strings::Lang;

pub(super) struct EditorText {
    pub(super) examples_label: &'static str,
    /// The menu's entry while the editor holds no example as it is.
    pub(super) own_text: &'static str,
    pub(super) load_example: &'static str,
    pub(super) load_example_title: &'static str,
    pub(super) undo_load: &'static str,
    pub(super) undo_load_title: &'static str,
    pub(super) no_problems: &'static str,
    /// `{errors}` and `{warnings}` are counts.
    pub(super) problems: &'static str,
    pub(super) error: &'static str,
    pub(super) warning: &'static str,
    /// `{line}` is 1-based.
    pub(super) line_message: &'static str,
    /// `{count}` diagnostics not listed.
    pub(super) more: &'static str,
    pub(super) diagnostics_label: &'static str,
    pub(super) plain_notice: &'static str,
    pub(super) checked_hint: &'static str,
    /// `{count}` lint findings.
    pub(super) hints: &'static str,
    pub(super) hint: &'static str,
    pub(super) show_me: &'static str,
    pub(super) show_me_title: &'static str,
    pub(super) show_me_heading: &'static str,
    pub(super) as_written: &'static str,
    pub(super) fixed: &'static str,
    pub(super) look_at: &'static str,
    pub(super) no_experiment: &'static str,
    pub(super) close: &'static str,
}

pub(super) const EN: EditorText = EditorText {
    examples_label: "Example",
    own_text: "(your own text)",
    load_example: "Load",
    load_example_title: "Replace the text with this example",
    undo_load: "Undo load",
    undo_load_title: "Bring back the text you had before loading the example",
    no_problems: "No problems found",
    problems: "{errors} error(s), {warnings} warning(s)",
    error: "error",
    warning: "warning",
    line_message: "line {line}: {message}",
    more: "…and {count} more",
    diagnostics_label: "Problems in the definition",
    plain_notice: "Large file: highlighting and line numbers are off.",
    checked_hint: "Checked as you type, as kubectl apply would",
    hints: "{count} operability hint(s)",
    hint: "hint",
    show_me: "Show me",
    show_me_title:
        "Run the failure this hint predicts on a fresh simulated cluster (yours is not touched)",
    show_me_heading: "Show me",
    as_written: "As written",
    fixed: "Fixed",
    look_at: "Look at",
    no_experiment: "No experiment",
    close: "Close",
};

pub(super) const JA: EditorText = EditorText {
    examples_label: "例",
    own_text: "（編集したテキスト）",
    load_example: "読み込む",
    load_example_title: "テキストをこの例に置き換えます",
    undo_load: "読み込みを取り消す",
    undo_load_title: "例を読み込む前のテキストに戻します",
    no_problems: "問題は見つかりません",
    problems: "エラー {errors} 件、警告 {warnings} 件",
    error: "エラー",
    warning: "警告",
    line_message: "{line} 行目: {message}",
    more: "ほか {count} 件",
    diagnostics_label: "定義の問題",
    plain_notice: "大きなファイルのため、色分けと行番号はオフです。",
    checked_hint: "入力ごとに kubectl apply と同じ検査をします",
    hints: "運用上のヒント {count} 件",
    hint: "ヒント",
    show_me: "やってみせて",
    show_me_title: "このヒントが予言する障害を、新しいシミュレーションのクラスタで再現します（あなたのクラスタには触れません）",
    show_me_heading: "やってみせて",
    as_written: "書いたとおり",
    fixed: "修正後",
    look_at: "見るところ",
    no_experiment: "実験はありません",
    close: "閉じる",
};

pub(super) fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(template.to_owned(), |s, (name, value)| {
        s.replace(&format!("{{{name}}}"), value)
    })
}

pub(super) fn pick(text: &Text, lang: Lang) -> &str {
    text.pick(lang == Lang::Ja)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::strings::tests::placeholders;

    #[test]
    fn japanese_keeps_every_placeholder_of_english() {
        for (en, ja) in [
            (EN.problems, JA.problems),
            (EN.line_message, JA.line_message),
            (EN.more, JA.more),
            (EN.hints, JA.hints),
        ] {
            assert_eq!(placeholders(en), placeholders(ja), "{en:?} vs {ja:?}");
            assert!(!placeholders(en).is_empty(), "{en:?}");
        }
    }
}
