//! The definition editor: a native `<textarea>` (native editing, IME, undo, accessibility)
//! laid over a `<pre aria-hidden>` that draws the same text highlighted, scroll-synchronised,
//! beside a line-number gutter that marks lines with errors and warnings.
//!
//! Diagnostics come from the core's `definitions::load` as the learner types: exactly what
//! `kubectl apply -f editor.yaml` would report. They are also listed under the editor as
//! "line N: message" buttons that move the caret to the line. Ready examples load from a menu;
//! the text they replace stays recoverable ("Undo load", also kept in localStorage under
//! `<storageKey>:previous`). Nothing here decides validity or touches the cluster.
//!
//! The operability lint's findings (`definitions::lint`) are a third, milder severity, "hint",
//! in the gutter and the list, in the current language. Each has a "Show me" button: the
//! core's `lessons::experiments::show_me` plays the failure the rule predicts on a fresh
//! simulated cluster (never the learner's), as written and fixed, and the editor shows the
//! commands, their output and the numbers. The experiment is the core's; this only draws it.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

use sunaba_core::input::definitions::lint::{lint, Finding};
use sunaba_core::input::definitions::{load, Diagnostic, Severity};
use sunaba_core::lessons::experiments::{self, Run, ShowMe, Text};
use web_sys::{Element, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::example::{Example, EXAMPLES};
use crate::highlight;
use crate::session::{apply_command_of, EDITOR_FILE};
use crate::storage;
use crate::strings::{use_lang, use_strings, Lang};

/// At most this many diagnostics are listed under the editor (all are marked in the gutter).
pub const DIAGNOSTICS_LISTED_MAX: usize = 50;

struct EditorText {
    examples_label: &'static str,
    load_example: &'static str,
    load_example_title: &'static str,
    undo_load: &'static str,
    undo_load_title: &'static str,
    no_problems: &'static str,
    /// `{errors}` and `{warnings}` are counts.
    problems: &'static str,
    error: &'static str,
    warning: &'static str,
    /// `{line}` is 1-based.
    line_message: &'static str,
    /// `{count}` diagnostics not listed.
    more: &'static str,
    diagnostics_label: &'static str,
    plain_notice: &'static str,
    checked_hint: &'static str,
    /// `{count}` lint findings.
    hints: &'static str,
    hint: &'static str,
    show_me: &'static str,
    show_me_title: &'static str,
    show_me_heading: &'static str,
    as_written: &'static str,
    fixed: &'static str,
    look_at: &'static str,
    no_experiment: &'static str,
    close: &'static str,
}

const EN: EditorText = EditorText {
    examples_label: "Example",
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

const JA: EditorText = EditorText {
    examples_label: "例",
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

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: Rc<str>,
    pub read_only: bool,
    pub last_apply: Option<Result<String, String>>,
    pub on_edit: Callback<String>,
    pub on_apply: Callback<()>,
    /// The app's autosave key; the text replaced by an example is kept under `KEY:previous`.
    #[prop_or_default]
    pub storage_key: Option<AttrValue>,
}

/// How bad a mark is: kubectl's errors and warnings, then the lint's hints (ordered, worst last).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Hint,
    Warning,
    Error,
}

impl From<Severity> for Level {
    fn from(s: Severity) -> Level {
        match s {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        }
    }
}

/// The diagnostics of one line, worst severity first.
struct LineMark {
    severity: Level,
    messages: Vec<String>,
}

fn severity_name(severity: Level) -> &'static str {
    match severity {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Hint => "hint",
    }
}

fn severity_icon(severity: Level) -> &'static str {
    match severity {
        Level::Error => "✖",
        Level::Warning => "▲",
        Level::Hint => "●",
    }
}

/// Marks grouped by line, clamped to the text's lines (an error "at the end of the file" may
/// point one line past the last); a line shows its worst level.
fn marks_by_line(
    marks_in: &[(usize, Level, String)],
    line_count: usize,
) -> BTreeMap<usize, LineMark> {
    let mut marks: BTreeMap<usize, LineMark> = BTreeMap::new();
    for (line, level, message) in marks_in {
        let line = (*line).clamp(1, line_count.max(1));
        let mark = marks.entry(line).or_insert(LineMark {
            severity: *level,
            messages: Vec::new(),
        });
        mark.severity = mark.severity.max(*level);
        mark.messages.push(message.clone());
    }
    marks
}

/// Every mark of the gutter: the diagnostics, then the lint's findings in `lang`.
fn all_marks(
    diagnostics: &[Diagnostic],
    findings: &[Finding],
    lang: Lang,
) -> Vec<(usize, Level, String)> {
    diagnostics
        .iter()
        .map(|d| (d.line, Level::from(d.severity), d.message.clone()))
        .chain(
            findings
                .iter()
                .map(|f| (f.line, Level::Hint, finding_message(f, lang))),
        )
        .collect()
}

fn finding_message(f: &Finding, lang: Lang) -> String {
    let message = match lang {
        Lang::En => &f.message,
        Lang::Ja => &f.message_ja,
    };
    format!("[{}] {message}", f.rule)
}

fn pick(text: &Text, lang: Lang) -> &str {
    text.pick(lang == Lang::Ja)
}

/// One run of an experiment: what changed, each command with its output, the outcome.
fn run_view(run: &Run, heading: &str, lang: Lang, testid: &'static str) -> Html {
    let change = pick(&run.experiment.change, lang);
    let heading = if change.is_empty() {
        heading.to_owned()
    } else {
        format!("{heading}: {change}")
    };
    let mut transcript = String::new();
    for step in &run.steps {
        let _ = writeln!(transcript, "$ {}", step.command);
        transcript.push_str(&step.output);
        if !step.output.is_empty() && !step.output.ends_with('\n') {
            transcript.push('\n');
        }
    }
    let files = run
        .experiment
        .files
        .iter()
        .map(|(name, text)| {
            html! {
                <details class="sb-show-me-file">
                    <summary><code>{ name.clone() }</code></summary>
                    <pre>{ text.clone() }</pre>
                </details>
            }
        })
        .collect::<Html>();
    html! {
        <div class={classes!("sb-show-me-run", run.failure_observed.then_some("is-failure"))}
            data-testid={testid}>
            <h4>{ heading }</h4>
            { files }
            <pre class="sb-show-me-transcript" tabindex="0">{ transcript }</pre>
            <p class="sb-show-me-outcome" data-testid="show-me-outcome">
                <strong>{ "=> " }{ pick(&run.outcome, lang).to_owned() }</strong>
            </p>
        </div>
    }
}

/// The gutter as HTML: one line number per line, lines with diagnostics marked (icon, colour
/// and the messages as a tooltip). Set as `innerHTML` rather than diffed as 2,000 virtual
/// nodes: a keystroke that changes neither the line count nor the diagnostics costs nothing.
fn gutter_html(line_count: usize, marks: &BTreeMap<usize, LineMark>) -> String {
    let mut html = String::with_capacity(line_count * 40);
    for line in 1..=line_count {
        match marks.get(&line) {
            None => {
                let _ = write!(html, "<div class=\"sb-gutter-line\">{line}</div>");
            }
            Some(mark) => {
                let severity = severity_name(mark.severity);
                // Hints have their own test id: "no markers" still means no kubectl problems.
                let testid = if mark.severity == Level::Hint {
                    "editor-hint-marker"
                } else {
                    "editor-marker"
                };
                let _ = write!(
                    html,
                    "<div class=\"sb-gutter-line is-{severity}\"><span class=\"sb-marker \
                     is-{severity}\" data-testid=\"{testid}\" data-line=\"{line}\" \
                     data-severity=\"{severity}\" title=\""
                );
                highlight::escape_into(&mut html, &mark.messages.join("\n"));
                let _ = write!(
                    html,
                    "\">{}</span>{line}</div>",
                    severity_icon(mark.severity)
                );
            }
        }
    }
    html
}

/// Makes the `<pre>`'s line elements show `new` when they showed `old`: keeps the common
/// first and last lines, replaces the ones between. If the `<pre>` does not hold `old` (it was
/// just created), it is rebuilt whole.
fn update_lines(pre: &Element, old: &[String], new: &[String]) {
    // One block per line (CSS): an edit re-lays out its own line, not the whole text.
    let line = |html: &str| format!("<span class=\"sb-line\">{html}</span>");
    let holds_old = usize::try_from(pre.child_element_count()).ok() == Some(old.len());
    let old = if holds_old {
        old
    } else {
        pre.set_inner_html("");
        &[]
    };
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut at = pre.first_element_child();
    for _ in 0..prefix {
        at = at.and_then(|e| e.next_element_sibling());
    }
    for _ in prefix..old.len() - suffix {
        let next = at.as_ref().and_then(Element::next_element_sibling);
        if let Some(e) = &at {
            e.remove();
        }
        at = next;
    }
    let inserted: String = new[prefix..new.len() - suffix]
        .iter()
        .map(|l| line(l))
        .collect();
    if inserted.is_empty() {
        return;
    }
    let _ = match &at {
        Some(first_kept) => first_kept.insert_adjacent_html("beforebegin", &inserted),
        None => pre.insert_adjacent_html("beforeend", &inserted),
    };
}

/// The caret position (UTF-16 units, as the DOM counts) of 1-based `line` and `column`
/// (characters), clamped to the text.
fn caret_offset(text: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return u32::try_from(offset + within).unwrap_or(u32::MAX);
        }
        offset += l.encode_utf16().count() + 1;
    }
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(template.to_owned(), |s, (name, value)| {
        s.replace(&format!("{{{name}}}"), value)
    })
}

/// Copies the textarea's scroll position to the highlighted layer and the gutter.
fn sync_scroll(textarea: &NodeRef, layers: &[&NodeRef]) {
    let Some(ta) = textarea.cast::<Element>() else {
        return;
    };
    for layer in layers {
        if let Some(el) = layer.cast::<Element>() {
            el.set_scroll_top(ta.scroll_top());
            el.set_scroll_left(ta.scroll_left());
        }
    }
}

thread_local! {
    static NEXT_EDITOR_ID: Cell<u32> = const { Cell::new(0) };
}

/// A page-unique prefix for element ids (several playgrounds may share a page).
fn next_editor_id() -> String {
    let id = NEXT_EDITOR_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    format!("sb-editor-{id}")
}

fn previous_key(storage_key: &Option<AttrValue>) -> Option<String> {
    storage_key.as_ref().map(|k| format!("{k}:previous"))
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let s = use_strings();
    let lang = use_lang();
    let t = lang.pick(&EN, &JA);
    let ids = use_memo((), |_| next_editor_id());
    let textarea_ref = use_node_ref();
    let pre_ref = use_node_ref();
    let gutter_ref = use_node_ref();
    let select_ref = use_node_ref();

    // One load per text gives both the problems to mark and what Apply runs (it registers an
    // ECS task definition, or applies Kubernetes objects).
    let checked = use_memo(props.text.clone(), |text| {
        let loaded = load(EDITOR_FILE, text);
        (apply_command_of(&loaded), Rc::new(loaded.diagnostics))
    });
    let (apply_command, diagnostics) = (checked.0, checked.1.clone());
    let findings = use_memo(props.text.clone(), |text| Rc::new(lint(EDITOR_FILE, text)));
    let findings: Rc<Vec<Finding>> = (*findings).clone();
    // The finding whose experiment is shown, and its result (the core ran it).
    let show_me = use_state(|| None::<Rc<(Finding, Result<ShowMe, Text>)>>);
    let highlighted = use_memo(props.text.clone(), |text| highlight::to_html_lines(text));
    let line_count = props.text.split('\n').count();
    let plain = highlighted.is_none();
    let gutter = use_memo(
        (
            line_count,
            diagnostics.clone(),
            findings.clone(),
            lang,
            plain,
        ),
        |(line_count, diagnostics, findings, lang, plain)| {
            if *plain {
                String::new()
            } else {
                let marks = all_marks(diagnostics, findings, *lang);
                gutter_html(*line_count, &marks_by_line(&marks, *line_count))
            }
        },
    );

    // The highlighted text and the gutter are set as HTML (one parse by the browser instead
    // of tens of thousands of virtual nodes), only when they change; of the text, only the
    // lines that changed (a keystroke replaces one line element, not 2,000).
    let shown_lines = use_mut_ref(|| Rc::new(None::<Vec<String>>));
    {
        let pre_ref = pre_ref.clone();
        use_effect_with(highlighted.clone(), move |lines| {
            let Some(pre) = pre_ref.cast::<Element>() else {
                return;
            };
            let mut shown = shown_lines.borrow_mut();
            update_lines(
                &pre,
                shown.as_ref().as_deref().unwrap_or(&[]),
                lines.as_deref().unwrap_or(&[]),
            );
            *shown = lines.clone();
        });
    }
    {
        let gutter_ref = gutter_ref.clone();
        use_effect_with(gutter.clone(), move |html| {
            if let Some(gutter) = gutter_ref.cast::<Element>() {
                gutter.set_inner_html(html);
            }
        });
    }

    // The text an example replaced, recoverable after a reload too.
    let previous = use_state({
        let key = previous_key(&props.storage_key);
        move || key.and_then(|k| storage::load(&k)).map(Rc::<str>::from)
    });

    // The highlighted layer and the gutter follow the textarea after every render.
    {
        let (textarea_ref, pre_ref, gutter_ref) =
            (textarea_ref.clone(), pre_ref.clone(), gutter_ref.clone());
        use_effect(move || sync_scroll(&textarea_ref, &[&pre_ref, &gutter_ref]));
    }
    let onscroll = {
        let (textarea_ref, pre_ref, gutter_ref) =
            (textarea_ref.clone(), pre_ref.clone(), gutter_ref.clone());
        Callback::from(move |_: Event| sync_scroll(&textarea_ref, &[&pre_ref, &gutter_ref]))
    };

    let oninput = props
        .on_edit
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onkeydown = {
        let (on_apply, read_only) = (props.on_apply.clone(), props.read_only);
        Callback::from(move |e: KeyboardEvent| {
            if !read_only && e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_apply.emit(());
            }
        })
    };
    let onclick = props.on_apply.reform(|_: MouseEvent| ());

    let go_to = {
        let (textarea_ref, pre_ref, gutter_ref) =
            (textarea_ref.clone(), pre_ref.clone(), gutter_ref.clone());
        move |line: usize, column: usize| {
            let Some(ta) = textarea_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = ta.value();
            let caret = caret_offset(&text, line, column);
            let _ = ta.focus();
            let _ = ta.set_selection_range(caret, caret);
            // Centre the line: the textarea does not scroll to a caret set from script.
            let lines = text.split('\n').count().max(1) as f64;
            let line_height = f64::from(ta.scroll_height()) / lines;
            let top =
                (line.saturating_sub(1) as f64) * line_height - f64::from(ta.client_height()) / 2.0;
            ta.set_scroll_top(top.max(0.0) as i32);
            sync_scroll(&textarea_ref, &[&pre_ref, &gutter_ref]);
        }
    };

    let on_load_example = {
        let (on_edit, previous, select_ref, textarea_ref) = (
            props.on_edit.clone(),
            previous.clone(),
            select_ref.clone(),
            textarea_ref.clone(),
        );
        let (text, key) = (props.text.clone(), previous_key(&props.storage_key));
        Callback::from(move |_: MouseEvent| {
            let Some(select) = select_ref.cast::<HtmlSelectElement>() else {
                return;
            };
            let Some(example) = Example::find(&select.value()) else {
                return;
            };
            if *text == *example.text {
                return;
            }
            // Keep what the learner wrote; an untouched example needs no keeping.
            let untouched = text.trim().is_empty() || EXAMPLES.iter().any(|e| *e.text == *text);
            if !untouched {
                if let Some(key) = &key {
                    storage::save(key, &text);
                }
                previous.set(Some(text.clone()));
            }
            on_edit.emit(example.text.to_owned());
            if let Some(ta) = textarea_ref.cast::<Element>() {
                ta.set_scroll_top(0);
                ta.set_scroll_left(0);
            }
        })
    };
    let on_undo_load = {
        let (on_edit, previous, key) = (
            props.on_edit.clone(),
            previous.clone(),
            previous_key(&props.storage_key),
        );
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = (*previous).clone() {
                on_edit.emit(text.to_string());
            }
            if let Some(key) = &key {
                storage::remove(key);
            }
            previous.set(None);
        })
    };

    let toolbar = if props.read_only {
        html! {}
    } else {
        let select_id = format!("{ids}-example");
        html! {
            <div class="sb-editor-toolbar">
                <label for={select_id.clone()}>{ t.examples_label }</label>
                <select id={select_id} ref={select_ref} class="sb-select"
                    data-testid="example-select">
                    // `selected` explicitly: options are inserted last-first, and a select
                    // without one would show the first inserted.
                    { for EXAMPLES.iter().enumerate().map(|(i, e)| html! {
                        <option value={e.id} selected={i == 0}>{ e.title(lang) }</option>
                    }) }
                </select>
                <button type="button" class="sb-btn" data-testid="load-example"
                    title={t.load_example_title} onclick={on_load_example}>{ t.load_example }</button>
                if previous.is_some() {
                    <button type="button" class="sb-btn" data-testid="undo-load"
                        title={t.undo_load_title} onclick={on_undo_load}>{ t.undo_load }</button>
                }
            </div>
        }
    };

    let gutter_layer = if plain {
        html! {}
    } else {
        // Room for the widest line number, the marker icon and the padding.
        let digits = line_count.max(10).ilog10() + 1;
        let style = format!("width: calc({digits}ch + 30px)");
        html! { <div class="sb-gutter" aria-hidden="true" ref={gutter_ref} {style}></div> }
    };
    let highlight_layer = if plain {
        html! {}
    } else {
        html! { <pre class="sb-code-highlight" aria-hidden="true" ref={pre_ref}></pre> }
    };

    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let mut summary = if diagnostics.is_empty() {
        t.no_problems.to_owned()
    } else {
        fill(
            t.problems,
            &[
                ("errors", &errors.to_string()),
                ("warnings", &warnings.to_string()),
            ],
        )
    };
    if !findings.is_empty() {
        summary.push_str(" · ");
        summary.push_str(&fill(t.hints, &[("count", &findings.len().to_string())]));
    }
    let diagnostic_list = diagnostics
        .iter()
        .take(DIAGNOSTICS_LISTED_MAX)
        .map(|d| {
            let line = d.line.clamp(1, line_count.max(1));
            let column = d.column;
            let severity = severity_name(d.severity.into());
            let word = match d.severity {
                Severity::Error => t.error,
                Severity::Warning => t.warning,
            };
            let go_to = go_to.clone();
            let onclick = Callback::from(move |_: MouseEvent| go_to(line, column));
            let text = fill(
                t.line_message,
                &[("line", &line.to_string()), ("message", &d.message)],
            );
            html! {
                <li>
                    <button type="button" class={classes!("sb-diagnostic", format!("is-{severity}"))}
                        data-testid="editor-diagnostic" data-line={line.to_string()}
                        data-severity={severity} {onclick}>
                        <span class="sb-diagnostic-icon" aria-hidden="true">{ severity_icon(d.severity.into()) }</span>
                        <span class="sb-diagnostic-severity">{ word }</span>
                        <span class="sb-diagnostic-text">{ text }</span>
                    </button>
                </li>
            }
        })
        .collect::<Html>();
    let hint_list = findings
        .iter()
        .take(DIAGNOSTICS_LISTED_MAX.saturating_sub(diagnostics.len()))
        .map(|f| {
            let line = f.line.clamp(1, line_count.max(1));
            let column = f.column;
            let go_to = go_to.clone();
            let onclick = Callback::from(move |_: MouseEvent| go_to(line, column));
            let run = {
                let (show_me, finding, text) = (show_me.clone(), f.clone(), props.text.clone());
                Callback::from(move |_: MouseEvent| {
                    let result = experiments::show_me(&finding, &text);
                    show_me.set(Some(Rc::new((finding.clone(), result))));
                })
            };
            let text = fill(
                t.line_message,
                &[("line", &line.to_string()), ("message", &finding_message(f, lang))],
            );
            let has_experiment = experiments::RULES_WITH_EXPERIMENTS.contains(&f.rule);
            html! {
                <li class="sb-hint-row">
                    <button type="button" class="sb-diagnostic is-hint"
                        data-testid="editor-hint" data-line={line.to_string()}
                        data-severity="hint" data-rule={f.rule} {onclick}>
                        <span class="sb-diagnostic-icon" aria-hidden="true">{ severity_icon(Level::Hint) }</span>
                        <span class="sb-diagnostic-severity">{ t.hint }</span>
                        <span class="sb-diagnostic-text">{ text }</span>
                    </button>
                    if has_experiment {
                        <button type="button" class="sb-btn sb-show-me-btn" data-testid="show-me"
                            data-rule={f.rule} title={t.show_me_title} onclick={run}>{ t.show_me }</button>
                    }
                </li>
            }
        })
        .collect::<Html>();
    let listed = diagnostics.len() + findings.len();
    let not_listed = listed.saturating_sub(DIAGNOSTICS_LISTED_MAX);
    let show_me_panel = match show_me.as_ref().map(|r| r.as_ref()) {
        None => html! {},
        Some((finding, result)) => {
            let close = {
                let show_me = show_me.clone();
                Callback::from(move |_: MouseEvent| show_me.set(None))
            };
            let body = match result {
                Err(why) => html! {
                    <p class="sb-hint">{ format!("{}: {}", t.no_experiment, pick(why, lang)) }</p>
                },
                Ok(show) => {
                    let e = &show.as_written.experiment;
                    html! {
                        <>
                            <p class="sb-show-me-title"><strong>{ pick(&e.title, lang).to_owned() }</strong></p>
                            <p class="sb-hint">{ format!("{}: {}", t.look_at, pick(&e.look_at, lang)) }</p>
                            <div class="sb-show-me-runs">
                                { run_view(&show.as_written, t.as_written, lang, "show-me-as-written") }
                                if let Some(fixed) = &show.fixed {
                                    { run_view(fixed, t.fixed, lang, "show-me-fixed") }
                                }
                            </div>
                        </>
                    }
                }
            };
            html! {
                <section class="sb-show-me" data-testid="show-me-result" data-rule={finding.rule}
                    aria-live="polite">
                    <div class="sb-show-me-head">
                        <h3>{ format!("{} — {}", t.show_me_heading, finding.rule) }</h3>
                        <button type="button" class="sb-btn" data-testid="show-me-close" onclick={close}>{ t.close }</button>
                    </div>
                    { body }
                </section>
            }
        }
    };

    let result = match &props.last_apply {
        Some(Err(err)) => html! {
            <div class="sb-apply-error" role="alert" data-testid="apply-error">
                <strong>{ s.apply_error_heading }</strong>
                <pre>{ err }</pre>
            </div>
        },
        Some(Ok(out)) if !out.trim().is_empty() => html! {
            <pre class="sb-apply-ok" data-testid="apply-result" aria-live="polite" tabindex="0">{ out }</pre>
        },
        _ => html! {},
    };
    let heading_id = format!("{ids}-heading");
    let summary_id = format!("{ids}-summary");
    html! {
        <section class="sb-panel sb-editor" aria-labelledby={heading_id.clone()}>
            <div class="sb-panel-head">
                <h2 id={heading_id}>{ s.editor_heading }
                    if props.read_only { <span class="sb-badge">{ s.read_only }</span> }
                </h2>
                if !props.read_only { <p class="sb-hint">{ s.editor_hint }</p> }
            </div>
            { toolbar }
            <div class={classes!("sb-code", plain.then_some("is-plain"), props.read_only.then_some("is-read-only"))}>
                { gutter_layer }
                <div class="sb-code-area">
                    { highlight_layer }
                    <textarea data-testid="editor" class="sb-textarea" ref={textarea_ref}
                        aria-label={s.editor_label} aria-describedby={summary_id.clone()}
                        spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" rows="20"
                        readonly={props.read_only}
                        value={props.text.to_string()}
                        {oninput} {onkeydown} {onscroll} />
                </div>
            </div>
            if plain { <p class="sb-hint sb-plain-notice">{ t.plain_notice }</p> }
            <div class="sb-diagnostics">
                <p id={summary_id} role="status" title={t.checked_hint}
                    class={classes!("sb-diagnostics-summary", (errors > 0).then_some("has-errors"), (errors == 0 && warnings > 0).then_some("has-warnings"))}
                    data-testid="editor-summary">
                    <span aria-hidden="true">{ if errors > 0 { "✖ " } else if warnings > 0 { "▲ " } else { "✓ " } }</span>
                    { summary }
                </p>
                if listed > 0 {
                    <ul class="sb-diagnostic-list" aria-label={t.diagnostics_label}>
                        { diagnostic_list }
                        { hint_list }
                        if not_listed > 0 {
                            <li class="sb-hint">{ fill(t.more, &[("count", &not_listed.to_string())]) }</li>
                        }
                    </ul>
                }
            </div>
            { show_me_panel }
            if !props.read_only {
                <div class="sb-editor-actions">
                    <button type="button" data-testid="apply" class="sb-btn sb-primary" {onclick}
                        title={apply_command}>{ s.apply }</button>
                    <code class="sb-cmd-preview" data-testid="apply-command">{ format!("$ {apply_command}") }</code>
                </div>
            }
            { result }
        </section>
    }
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

    #[test]
    fn caret_offsets_count_utf16_units_and_clamp() {
        let text = "a: 1\n名前: 🦀x\nlast";
        assert_eq!(caret_offset(text, 1, 1), 0);
        assert_eq!(caret_offset(text, 2, 1), 5);
        // "名前: " is 4 chars; 🦀 is 2 UTF-16 units.
        assert_eq!(caret_offset(text, 2, 6), 5 + 4 + 2);
        assert_eq!(caret_offset(text, 2, 99), 5 + 4 + 2 + 1);
        assert_eq!(caret_offset(text, 9, 1), text.encode_utf16().count() as u32);
        assert_eq!(caret_offset("", 0, 0), 0);
    }

    #[test]
    fn marks_keep_the_worst_severity_and_stay_on_existing_lines() {
        let d = |line, severity| (line, severity, format!("m{line}"));
        let marks = marks_by_line(
            &[
                d(2, Level::Hint),
                d(2, Level::Warning),
                d(2, Level::Error),
                d(9, Level::Warning),
                d(1, Level::Hint),
            ],
            3,
        );
        assert_eq!(marks.keys().copied().collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(marks[&2].severity, Level::Error);
        assert_eq!(marks[&2].messages, vec!["m2", "m2", "m2"]);
        assert_eq!(marks[&3].severity, Level::Warning);
        assert_eq!(marks[&1].severity, Level::Hint);
    }

    #[test]
    fn lint_findings_become_hints_in_the_current_language() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n";
        let findings = lint(EDITOR_FILE, text);
        let marks = all_marks(&[], &findings, Lang::Ja);
        let ready = marks
            .iter()
            .find(|(_, _, m)| m.starts_with("[no-readiness-probe]"))
            .expect("a readiness hint");
        assert_eq!((ready.0, ready.1), (6, Level::Hint));
        assert!(
            ready.2.contains("readinessProbe がありません"),
            "{}",
            ready.2
        );
    }
}
