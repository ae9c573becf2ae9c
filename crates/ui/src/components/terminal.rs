//! The terminal: every command the playground ran (typed here or clicked elsewhere) with its
//! kubectl-shaped output, and a prompt with history (↑/↓) and Tab completion from the core.
//! Tab on an empty prompt is the browser's: focus moves on, so the prompt never traps a
//! keyboard user (the hint line says so).

use std::rc::Rc;

use sunaba_core::lang::complete::Completion;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::use_stick_to_bottom;
use crate::session::LogEntry;
use crate::strings::{use_lang, use_strings};

pub struct TerminalText {
    pub input_label: &'static str,
    pub placeholder: &'static str,
    pub keys_hint: &'static str,
    /// `{n}`: how many completions.
    pub completions: &'static str,
    pub no_completion: &'static str,
    /// `{by}`: how far the command moved the clock.
    pub advanced: &'static str,
}

pub const EN: TerminalText = TerminalText {
    input_label: "Command (kubectl … or sim …)",
    placeholder: "kubectl get pods",
    keys_hint: "Enter runs · ↑/↓ history · Tab completes (on an empty line, moves focus on) · help lists the commands",
    completions: "{n} completions:",
    no_completion: "No completion.",
    advanced: "This command moved the clock by {by}",
};

pub const JA: TerminalText = TerminalText {
    input_label: "コマンド (kubectl … または sim …)",
    placeholder: "kubectl get pods",
    keys_hint: "Enter で実行 · ↑/↓ で履歴 · Tab で補完（空の行ではフォーカスを次へ移動）· help でコマンド一覧",
    completions: "補完候補 {n} 件:",
    no_completion: "補完候補はありません。",
    advanced: "このコマンドで時計が {by} 進みました",
};

/// Most history lines remembered by the prompt.
pub const HISTORY_MAX: usize = 200;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub log: Rc<Vec<LogEntry>>,
    pub on_run: Callback<String>,
    /// Completes a line (the session asks the core).
    pub complete: Callback<String, Completion>,
}

/// Where the ↑/↓ history cursor is and what was typed before browsing it.
#[derive(Default)]
struct Browse {
    /// Index into the history (from its end), `None` while editing a fresh line.
    back: Option<usize>,
    draft: String,
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let ids = crate::ids::use_ids();
    let s = use_strings();
    let t = use_lang().pick(&EN, &JA);
    let node = use_node_ref();
    let input = use_node_ref();
    let onscroll = use_stick_to_bottom(node.clone(), props.log.len());
    let browse = use_mut_ref(Browse::default);
    let shown = use_state(|| None::<Vec<String>>);

    // The prompt's history: the commands of the log, newest last, without repeats in a row.
    let history: Rc<Vec<String>> = {
        let log = props.log.clone();
        Rc::new(history_of(&log))
    };

    let onkeydown = {
        let (input, browse, shown, on_run, complete) = (
            input.clone(),
            browse.clone(),
            shown.clone(),
            props.on_run.clone(),
            props.complete.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = el.value();
                    if !line.trim().is_empty() {
                        on_run.emit(line.trim().to_owned());
                    }
                    el.set_value("");
                    *browse.borrow_mut() = Browse::default();
                    shown.set(None);
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let mut b = browse.borrow_mut();
                    if b.back.is_none() {
                        b.draft = el.value();
                    }
                    let next = step_history(b.back, history.len(), e.key() == "ArrowUp");
                    b.back = next;
                    let text = match next {
                        Some(back) => history[history.len() - 1 - back].clone(),
                        None => b.draft.clone(),
                    };
                    el.set_value(&text);
                    let end = text.len() as u32;
                    let _ = el.set_selection_range(end, end);
                }
                "Tab" if !e.shift_key() => {
                    let line = el.value();
                    if !tab_completes(&line) {
                        // Not taken: the browser moves focus on.
                        shown.set(None);
                        return;
                    }
                    let c = complete.emit(line.clone());
                    // Tab moves focus on as usual when there is nothing to complete, so the
                    // prompt never traps keyboard users.
                    if c.candidates.is_empty() {
                        shown.set(None);
                        return;
                    }
                    e.prevent_default();
                    let (text, list) = apply_completion(&line, &c);
                    el.set_value(&text);
                    shown.set(list);
                }
                "Escape" => shown.set(None),
                _ => {}
            }
        })
    };
    let focus_prompt = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            // A click that selects output text must not steal the selection.
            let selecting = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_some_and(|sel| !sel.is_collapsed());
            if !selecting {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        })
    };

    html! {
        <section class="sb-panel sb-log-panel sb-terminal-panel" aria-labelledby={ids.id("log-heading")} data-testid="terminal">
            <div class="sb-panel-head">
                <h2 id={ids.id("log-heading")}>{ s.log_heading }</h2>
                <p class="sb-hint">{ s.log_hint }</p>
            </div>
            <div class="sb-terminal" onclick={focus_prompt}>
                <div class="sb-terminal-out" data-testid="terminal-output" role="log" tabindex="0"
                    aria-label={s.log_heading} ref={node} {onscroll}>
                    if props.log.is_empty() {
                        <p class="sb-empty">{ s.log_empty }</p>
                    }
                    { for props.log.iter().map(|entry| html! {
                        <div class={classes!("sb-log-entry", (!entry.ok).then_some("is-error"))}>
                            <div class="sb-log-cmd"><span class="sb-prompt" aria-hidden="true">{ "$ " }</span>{ crate::visible::reveal_bidi(&entry.command) }
                                if entry.advanced_ms >= crate::session::JUMP_SHOWN_MIN_MS {
                                    <span class="sb-log-jump" data-testid="log-jump" title={crate::strings::fill(t.advanced, &[("by", &crate::format::clock(entry.advanced_ms))])}>
                                        { format!("⏩ +{}", crate::format::clock(entry.advanced_ms)) }
                                    </span>
                                }
                            </div>
                            if !entry.output.is_empty() {
                                <pre class="sb-log-out">{ crate::visible::reveal_bidi(&entry.output) }</pre>
                            }
                        </div>
                    }) }
                </div>
                <div class="sb-prompt-line">
                    <span class="sb-prompt" aria-hidden="true">{ "$" }</span>
                    <input ref={input} type="text" class="sb-terminal-input" data-testid="terminal-input"
                        aria-label={t.input_label} aria-describedby={ids.id("terminal-keys")}
                        placeholder={t.placeholder} spellcheck="false" autocomplete="off"
                        autocapitalize="off" enterkeyhint="send" {onkeydown} />
                </div>
                if let Some(list) = &*shown {
                    <div class="sb-completions" data-testid="completions" aria-live="polite">
                        if list.is_empty() {
                            { t.no_completion }
                        } else {
                            <span class="sb-visually-hidden">{ crate::strings::fill(t.completions, &[("n", &list.len().to_string())]) }</span>
                            { for list.iter().map(|c| html! { <code>{ c }</code> }) }
                        }
                    </div>
                }
            </div>
            <p class="sb-hint sb-terminal-keys" id={ids.id("terminal-keys")}>{ t.keys_hint }</p>
        </section>
    }
}

/// The log's commands as prompt history (consecutive repeats once), at most [`HISTORY_MAX`].
pub fn history_of(log: &[LogEntry]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for entry in log {
        if out.last() != Some(&entry.command) {
            out.push(entry.command.clone());
        }
    }
    let excess = out.len().saturating_sub(HISTORY_MAX);
    out.drain(..excess);
    out
}

/// Moves the history cursor (`None` = the fresh line below the newest entry).
pub fn step_history(back: Option<usize>, len: usize, up: bool) -> Option<usize> {
    match (back, up) {
        (_, _) if len == 0 => None,
        (None, true) => Some(0),
        (Some(b), true) => Some((b + 1).min(len - 1)),
        (None, false) | (Some(0), false) => None,
        (Some(b), false) => Some(b - 1),
    }
}

/// Whether Tab completes `line`; on an empty line it is left to the browser (focus moves on),
/// where completing would only offer the program names.
pub fn tab_completes(line: &str) -> bool {
    !line.trim().is_empty()
}

/// The line after Tab, and the candidates to show when more than one remains.
pub fn apply_completion(line: &str, c: &Completion) -> (String, Option<Vec<String>>) {
    let start = c.start.min(line.len());
    let head = line.get(..start).unwrap_or(line);
    match c.candidates.as_slice() {
        [] => (line.to_owned(), Some(Vec::new())),
        [only] => {
            // Names like `deployment/` and explain's `pods.spec.` continue; whole words get a
            // space.
            let sep = if only.ends_with(['/', '.']) { "" } else { " " };
            (format!("{head}{only}{sep}"), None)
        }
        many => (format!("{head}{}", c.common_prefix()), Some(many.to_vec())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::tests::placeholders;

    fn entry(command: &str) -> LogEntry {
        LogEntry {
            command: command.into(),
            output: String::new(),
            ok: true,
            at_ms: 0,
            advanced_ms: 0,
        }
    }

    #[test]
    fn history_skips_repeats_and_browses_both_ways() {
        let log = [entry("a"), entry("b"), entry("b"), entry("c")];
        assert_eq!(history_of(&log), ["a", "b", "c"]);
        assert_eq!(step_history(None, 3, true), Some(0));
        assert_eq!(step_history(Some(0), 3, true), Some(1));
        assert_eq!(
            step_history(Some(2), 3, true),
            Some(2),
            "stops at the oldest"
        );
        assert_eq!(step_history(Some(1), 3, false), Some(0));
        assert_eq!(step_history(Some(0), 3, false), None, "back to the draft");
        assert_eq!(step_history(None, 0, true), None);
    }

    #[test]
    fn tab_completes_one_or_shows_many() {
        let one = Completion {
            start: 8,
            candidates: vec!["get".into()],
        };
        assert_eq!(
            apply_completion("kubectl g", &one),
            ("kubectl get ".into(), None)
        );
        let many = Completion {
            start: 8,
            candidates: vec!["delete".into(), "describe".into()],
        };
        let (line, list) = apply_completion("kubectl d", &many);
        assert_eq!(line, "kubectl de");
        assert_eq!(list.map(|l| l.len()), Some(2));
        let bad = Completion {
            start: 999,
            candidates: vec!["x".into()],
        };
        assert_eq!(apply_completion("ab", &bad).0, "abx ");
    }

    #[test]
    fn tab_on_an_empty_line_is_left_to_the_browser() {
        assert!(!tab_completes(""));
        assert!(!tab_completes("   "));
        assert!(tab_completes("k"));
        assert!(tab_completes("kubectl "));
        let field = Completion {
            start: 16,
            candidates: vec!["pods.spec.".into()],
        };
        assert_eq!(
            apply_completion("kubectl explain pods.sp", &field).0,
            "kubectl explain pods.spec."
        );
    }

    #[test]
    fn the_hint_line_says_what_tab_does_on_an_empty_line_in_both_languages() {
        assert!(EN.keys_hint.contains("empty line"));
        assert!(JA.keys_hint.contains("空の行"));
        assert!(EN.keys_hint.contains("help") && JA.keys_hint.contains("help"));
    }

    #[test]
    fn japanese_keeps_the_placeholders() {
        assert_eq!(placeholders(EN.completions), placeholders(JA.completions));
        assert_eq!(placeholders(EN.advanced), placeholders(JA.advanced));
    }
}
