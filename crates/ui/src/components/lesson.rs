//! The Lesson panel: the exercise's steps beside the playground. The current step's text (its
//! `$ command` spans are buttons that run in the terminal), Check, the goal's clauses with the
//! core's reasons (✓/✗), the hints that are due, Show solution, Reset step, Previous and Next.
//! Everything it shows is the core's [`LessonView`]; it decides nothing about the exercise.

use std::rc::Rc;

use sunaba_core::lessons::exercise::markup::Inline;
use sunaba_core::lessons::exercise::view::LessonView;
use yew::prelude::*;

use crate::strings::{fill, use_lang, Lang};

struct LessonText {
    heading: &'static str,
    /// `{n}`, `{total}`.
    step_of: &'static str,
    check: &'static str,
    check_title: &'static str,
    solution: &'static str,
    solution_title: &'static str,
    reset: &'static str,
    reset_title: &'static str,
    previous: &'static str,
    next: &'static str,
    goal: &'static str,
    not_checked: &'static str,
    hints: &'static str,
    done_step: &'static str,
    finished: &'static str,
    finished_body: &'static str,
    again: &'static str,
    lessons: &'static str,
    run_title: &'static str,
    /// `{n}`.
    passed_status: &'static str,
    steps_label: &'static str,
}

/// Deepest indent of a goal's clause; deeper ones line up with it (a class per depth in
/// www/style.css, as a style attribute would need the CSP's `'unsafe-inline'`).
const CLAUSE_DEPTH_MAX: usize = 6;

const EN: LessonText = LessonText {
    heading: "Lesson",
    step_of: "Step {n} of {total}",
    check: "Check",
    check_title: "Look at the cluster now and say what is still missing",
    solution: "Show solution",
    solution_title: "Run this step's solution in the terminal",
    reset: "Reset step",
    reset_title: "Start this step again from where the earlier steps leave the cluster",
    previous: "← Previous",
    next: "Next →",
    goal: "Goal",
    not_checked: "Run the commands, or press Check: the goal is checked after every command and as time passes.",
    hints: "Hints",
    done_step: "done",
    finished: "Exercise done",
    finished_body: "Every step's goal holds. The playground stays live: keep experimenting.",
    again: "Start again",
    lessons: "All lessons",
    run_title: "Run this command in the terminal",
    passed_status: "Step {n} done.",
    steps_label: "Steps",
};

const JA: LessonText = LessonText {
    heading: "レッスン",
    step_of: "ステップ {n} / {total}",
    check: "チェック",
    check_title: "いまのクラスタを見て、まだ足りないものを表示します",
    solution: "解答を見る",
    solution_title: "このステップの解答をターミナルで実行します",
    reset: "ステップをやり直す",
    reset_title: "前のステップまでを終えた状態から、このステップをやり直します",
    previous: "← 前へ",
    next: "次へ →",
    goal: "ゴール",
    not_checked: "コマンドを実行するか「チェック」を押してください。ゴールはコマンドのたびと時間の経過で確かめられます。",
    hints: "ヒント",
    done_step: "完了",
    finished: "演習完了",
    finished_body: "すべてのステップのゴールを満たしました。プレイグラウンドはそのまま使えます。",
    again: "最初から",
    lessons: "レッスン一覧",
    run_title: "このコマンドをターミナルで実行します",
    passed_status: "ステップ {n} 完了。",
    steps_label: "ステップ",
};

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub view: Rc<LessonView>,
    /// Runs a command in the terminal (a click on a `$ command`).
    pub on_command: Callback<String>,
    pub on_check: Callback<()>,
    pub on_solution: Callback<()>,
    /// Start the exercise again at this step (0-based).
    pub on_go: Callback<usize>,
    /// Where the lesson list is (`None`: no link, e.g. an embed).
    #[prop_or_default]
    pub list_href: Option<AttrValue>,
}

/// A paragraph's pieces: text, `code`, and runnable commands as buttons.
fn paragraph(pieces: &[Inline], on_command: &Callback<String>, run_title: &'static str) -> Html {
    html! {
        <p>
            { for pieces.iter().map(|piece| match piece {
                Inline::Text(t) => html! { { crate::visible::reveal_bidi(t) } },
                Inline::Code(c) => html! { <code>{ crate::visible::reveal_bidi(c) }</code> },
                Inline::Command(c) => {
                    let onclick = {
                        let (on_command, c) = (on_command.clone(), c.clone());
                        Callback::from(move |_: MouseEvent| on_command.emit(c.clone()))
                    };
                    html! {
                        <button type="button" class="sb-lesson-cmd" title={run_title}
                            data-testid="lesson-command" data-command={c.clone()} {onclick}>
                            <span aria-hidden="true">{ "$ " }</span><code>{ crate::visible::reveal_bidi(c) }</code>
                        </button>
                    }
                }
            }) }
        </p>
    }
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonProps) -> Html {
    let ids = crate::ids::use_ids();
    let lang = use_lang();
    let t = lang.pick(&EN, &JA);
    let v = &props.view;
    let total = v.steps.len();
    // An exercise file's text is shown with its bidi controls visible (crate::visible).
    let pick = |en: &str, ja: &str| -> String {
        let text = match lang {
            Lang::Ja if !ja.is_empty() => ja,
            _ => en,
        };
        crate::visible::reveal_bidi(text)
    };
    let go = |n: usize| {
        let on_go = props.on_go.clone();
        Callback::from(move |_: MouseEvent| on_go.emit(n))
    };
    let current = v.steps.get(v.step);
    let status = if v.step > 0 {
        fill(t.passed_status, &[("n", &v.step.to_string())])
    } else {
        String::new()
    };
    html! {
        <section class="sb-panel sb-lesson" aria-labelledby={ids.id("lesson-title")} data-testid="lesson"
            data-step={v.step.to_string()} data-finished={v.finished.to_string()}>
            <div class="sb-panel-head">
                <p class="sb-lesson-kicker">{ t.heading }
                    if let Some(href) = &props.list_href {
                        { " · " }<a href={href.clone()} data-testid="lesson-list-link">{ t.lessons }</a>
                    }
                </p>
                <h2 id={ids.id("lesson-title")}>{ pick(&v.title.en, &v.title.ja) }</h2>
            </div>
            <ol class="sb-lesson-steps" aria-label={t.steps_label}>
                { for v.steps.iter().enumerate().map(|(i, s)| {
                    let class = classes!(
                        "sb-lesson-step",
                        s.done.then_some("is-done"),
                        (i == v.step).then_some("is-current"),
                    );
                    html! {
                        <li {class} aria-current={(i == v.step).then_some("step")}>
                            <button type="button" class="sb-lesson-step-btn" onclick={go(i)}
                                data-testid={format!("lesson-step-{}", i + 1)}>
                                <span class="sb-lesson-mark" aria-hidden="true">
                                    { if s.done { "✓".to_owned() } else { (i + 1).to_string() } }
                                </span>
                                { pick(&s.title.en, &s.title.ja) }
                                if s.done { <span class="sb-visually-hidden">{ format!(" ({})", t.done_step) }</span> }
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <p class="sb-visually-hidden" role="status" aria-live="polite" data-testid="lesson-status">{ status }</p>
            if let Some(step) = current {
                <div class="sb-lesson-body" data-testid="lesson-body">
                    <h3>{ fill(t.step_of, &[("n", &(v.step + 1).to_string()), ("total", &total.to_string())]) }
                        { " · " }{ pick(&step.title.en, &step.title.ja) }</h3>
                    { for (if lang == Lang::Ja && !step.text_ja.is_empty() { &step.text_ja } else { &step.text_en })
                        .iter().map(|p| paragraph(p, &props.on_command, t.run_title)) }
                    <div class="sb-lesson-goal" data-testid="lesson-goal">
                        <h4>{ t.goal }</h4>
                        if v.clauses.is_empty() {
                            <p class="sb-hint">{ t.not_checked }</p>
                        } else {
                            <ul class="sb-lesson-clauses">
                                { for v.clauses.iter().map(|c| html! {
                                    <li class={classes!("sb-lesson-clause", if c.passed { "is-pass" } else { "is-fail" })}
                                        data-depth={c.depth.min(CLAUSE_DEPTH_MAX).to_string()} data-testid="lesson-clause"
                                        data-passed={c.passed.to_string()}>
                                        <span class="sb-lesson-mark" aria-hidden="true">{ if c.passed { "✓" } else { "✗" } }</span>
                                        { pick(&c.reason.en, &c.reason.ja) }
                                    </li>
                                }) }
                            </ul>
                        }
                    </div>
                    if !v.hints.is_empty() {
                        <div class="sb-lesson-hints" data-testid="lesson-hints">
                            <h4>{ t.hints }</h4>
                            <ul>{ for v.hints.iter().map(|h| {
                                let pieces = if lang == Lang::Ja && !h.pieces_ja.is_empty() { &h.pieces_ja } else { &h.pieces_en };
                                html! { <li>{ for pieces.iter().map(|p| paragraph(p, &props.on_command, t.run_title)) }</li> }
                            }) }</ul>
                        </div>
                    }
                    <div class="sb-lesson-actions">
                        <button type="button" class="sb-btn sb-primary" data-testid="lesson-check"
                            title={t.check_title} onclick={props.on_check.reform(|_: MouseEvent| ())}>{ t.check }</button>
                        <button type="button" class="sb-btn" data-testid="lesson-solution"
                            title={t.solution_title} onclick={props.on_solution.reform(|_: MouseEvent| ())}>{ t.solution }</button>
                        <button type="button" class="sb-btn" data-testid="lesson-reset"
                            title={t.reset_title} onclick={go(v.step)}>{ t.reset }</button>
                    </div>
                </div>
            } else {
                <div class="sb-lesson-body sb-lesson-finished" data-testid="lesson-finished">
                    <h3>{ "✓ " }{ t.finished }</h3>
                    <p>{ t.finished_body }</p>
                    <div class="sb-lesson-actions">
                        <button type="button" class="sb-btn" onclick={go(0)} data-testid="lesson-again">{ t.again }</button>
                        if let Some(href) = &props.list_href {
                            <a class="sb-btn sb-primary" href={href.clone()}>{ t.lessons }</a>
                        }
                    </div>
                </div>
            }
            <nav class="sb-lesson-nav">
                <button type="button" class="sb-btn" data-testid="lesson-previous"
                    disabled={v.step == 0} onclick={go(v.step.saturating_sub(1))}>{ t.previous }</button>
                <button type="button" class="sb-btn" data-testid="lesson-next"
                    disabled={v.step >= total} onclick={go(v.step + 1)}>{ t.next }</button>
            </nav>
        </section>
    }
}
