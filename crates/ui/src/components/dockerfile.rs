//! The Dockerfile panel: the demo app's Dockerfile (served to commands as `app/Dockerfile`),
//! the core's Dockerfile lint on its lines and in a list, Build and Push buttons, and the built
//! image's layers grouped runtime / dependencies / code, so "an image = runtime + dependencies +
//! code; configuration is injected per environment" is visible.
//!
//! Every button runs commands of the core's language through the session (they appear in the
//! terminal); the lint is the core's (`dockerfile_lint::lint`) and the layers are the core's
//! `image_view`. Nothing here decides what an image holds or whether a push may happen.

use std::rc::Rc;

use sunaba_core::cloud::images::ImageView;
use sunaba_core::input::definitions::lint::Finding;
use sunaba_core::input::dockerfile_lint;
use sunaba_core::sim::build::LayerKind;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::session::{DockerView, APP_IMAGE, APP_REPOSITORY};
use crate::strings::{fill, use_lang, Lang};

/// Past this many lines the gutter is left out (the textarea stays usable).
pub const GUTTER_LINES_MAX: usize = 400;
/// At most this many findings are listed (all are marked in the gutter).
pub const FINDINGS_LISTED_MAX: usize = 30;
/// The word a Japanese finding quotes is cut after this many characters.
const WORD_CHARS_MAX: usize = 96;

pub struct DockerfileText {
    pub heading: &'static str,
    pub hint: &'static str,
    pub editor_label: &'static str,
    pub findings_label: &'static str,
    pub no_findings: &'static str,
    /// `{count}`
    pub findings: &'static str,
    /// `{line}`, `{message}`
    pub line_message: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
    pub build: &'static str,
    pub push: &'static str,
    /// `{registry}`
    pub push_to: &'static str,
    pub push_needs_image: &'static str,
    pub no_account: &'static str,
    /// `{image}`
    pub image_heading: &'static str,
    pub not_built: &'static str,
    pub explain: &'static str,
    pub runtime: &'static str,
    pub dependencies: &'static str,
    pub code: &'static str,
    pub other: &'static str,
    /// `{image}`
    pub layers_label: &'static str,
    pub baked_env: &'static str,
    pub no_baked_env: &'static str,
    /// `{size}`
    pub total: &'static str,
}

pub const EN: DockerfileText = DockerfileText {
    heading: "Dockerfile",
    hint: "The demo app's image, built from this Dockerfile; each button runs the commands in its tooltip.",
    editor_label: "Dockerfile of the demo app (build context app/)",
    findings_label: "Dockerfile lint findings",
    no_findings: "No lint findings",
    findings: "{count} lint finding(s)",
    line_message: "line {line}: {message}",
    error: "error",
    warning: "warning",
    build: "Build",
    push: "Push to ECR",
    push_to: "to {registry}",
    push_needs_image: "Build the image first",
    no_account: "The current context has no AWS account",
    image_heading: "Image {image}",
    not_built: "Not built yet: Build runs sim build, then the image's layers show here.",
    explain: "An image = runtime + dependencies + code. Configuration is not part of it: each environment injects its own (env, ConfigMap, Secret, task definition).",
    runtime: "Runtime",
    dependencies: "Dependencies",
    code: "Code",
    other: "Other",
    layers_label: "Layers of {image}",
    baked_env: "ENV baked into the image",
    no_baked_env: "no ENV baked in",
    total: "{size} in total",
};

pub const JA: DockerfileText = DockerfileText {
    heading: "Dockerfile",
    hint: "この Dockerfile からデモアプリのイメージを作ります。各ボタンはツールチップのコマンドを実行します。",
    editor_label: "デモアプリの Dockerfile (ビルドコンテキスト app/)",
    findings_label: "Dockerfile の lint 結果",
    no_findings: "lint の指摘はありません",
    findings: "lint の指摘 {count} 件",
    line_message: "{line} 行目: {message}",
    error: "エラー",
    warning: "警告",
    build: "ビルド",
    push: "ECR へプッシュ",
    push_to: "送り先 {registry}",
    push_needs_image: "先にイメージをビルドしてください",
    no_account: "現在のコンテキストには AWS アカウントがありません",
    image_heading: "イメージ {image}",
    not_built: "まだビルドしていません。ビルドで sim build を実行すると、ここにレイヤーが表示されます。",
    explain: "イメージ = ランタイム + 依存関係 + コード。設定はイメージに含めず、環境ごとに注入します (env, ConfigMap, Secret, タスク定義)。",
    runtime: "ランタイム",
    dependencies: "依存関係",
    code: "コード",
    other: "その他",
    layers_label: "{image} のレイヤー",
    baked_env: "イメージに焼き込まれた ENV",
    no_baked_env: "焼き込まれた ENV はありません",
    total: "合計 {size}",
};

/// The Build button's command: the panel's Dockerfile is served as `app/Dockerfile`.
pub fn build_command() -> String {
    format!("sim build -t {APP_IMAGE} app")
}

/// The Push button's commands: the repository in the current context's account (made first
/// when it does not exist), then tag and push, as a learner would type them.
pub fn push_commands(docker: &DockerView) -> Vec<String> {
    let Some(registry) = &docker.registry else {
        return Vec::new();
    };
    let target = format!("{registry}/{APP_IMAGE}");
    let mut commands = Vec::new();
    if !docker.repository_exists {
        commands.push(format!(
            "aws ecr create-repository --repository-name {APP_REPOSITORY}"
        ));
    }
    commands.push(format!("sim tag {APP_IMAGE} {target}"));
    commands.push(format!("sim push {target}"));
    commands
}

/// The word a finding points at (`DATABASE_URL=postgres://…`), shortened.
fn word_at(text: &str, line: usize, column: usize) -> String {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let word: String = l
        .chars()
        .skip(column.saturating_sub(1))
        .take_while(|c| !c.is_whitespace())
        .collect();
    if word.chars().count() > WORD_CHARS_MAX {
        format!(
            "{}…",
            word.chars().take(WORD_CHARS_MAX - 1).collect::<String>()
        )
    } else {
        word
    }
}

/// A finding as the panel says it: the core's English message, or in Japanese the rule's text
/// (from the core, keyed by rule id) after the word it points at.
pub fn finding_message(f: &Finding, text: &str, lang: Lang) -> String {
    let ja = match lang {
        Lang::En => None,
        Lang::Ja => dockerfile_lint::rule_ja(f.rule),
    };
    let Some(ja) = ja else {
        return f.message.clone();
    };
    match f.rule {
        "parse-error" => format!("{ja}: {}", f.message),
        // `USER root` points at its word; a missing USER points at the last FROM's column 1.
        "runs-as-root" if f.column > 1 => format!(
            "USER {}: コンテナは root で動きます",
            word_at(text, f.line, f.column)
        ),
        "runs-as-root" => ja.to_owned(),
        _ => {
            let word = word_at(text, f.line, f.column);
            if word.is_empty() {
                ja.to_owned()
            } else {
                format!("{word}: {ja}")
            }
        }
    }
}

fn is_error(f: &Finding) -> bool {
    f.rule == "parse-error"
}

/// A byte count as `docker images` would round it, in binary units.
fn size(b: u64) -> String {
    if b < 1024 {
        format!("{b} B")
    } else {
        format!("{}B", crate::format::bytes(b))
    }
}

/// The caret position (UTF-16 units) of the start of 1-based `line`.
fn line_offset(text: &str, line: usize) -> u32 {
    let units: usize = text
        .split('\n')
        .take(line.saturating_sub(1))
        .map(|l| l.encode_utf16().count() + 1)
        .sum();
    u32::try_from(units.min(text.encode_utf16().count())).unwrap_or(u32::MAX)
}

/// The kinds shown as groups, in image order (base first).
const GROUPS: [LayerKind; 3] = [LayerKind::Runtime, LayerKind::Dependencies, LayerKind::Code];

fn kind_name(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::Runtime => "runtime",
        LayerKind::Dependencies => "dependencies",
        LayerKind::Code => "code",
        LayerKind::Config => "config",
        LayerKind::Other => "other",
    }
}

fn kind_label(t: &DockerfileText, kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::Runtime => t.runtime,
        LayerKind::Dependencies => t.dependencies,
        LayerKind::Code => t.code,
        LayerKind::Config | LayerKind::Other => t.other,
    }
}

fn kind_bytes(image: &ImageView, kind: LayerKind) -> u64 {
    match kind {
        LayerKind::Runtime => image.runtime_bytes,
        LayerKind::Dependencies => image.dependencies_bytes,
        LayerKind::Code => image.code_bytes,
        LayerKind::Config => 0,
        LayerKind::Other => image.other_bytes,
    }
}

#[derive(Properties, PartialEq)]
pub struct DockerfileProps {
    pub text: Rc<str>,
    pub docker: Rc<DockerView>,
    pub on_edit: Callback<String>,
    /// Runs one line of the command language (Build, Push).
    pub on_command: Callback<String>,
    #[prop_or_default]
    pub read_only: bool,
}

#[function_component(DockerfilePanel)]
pub fn dockerfile_panel(props: &DockerfileProps) -> Html {
    let ids = crate::ids::use_ids();
    let lang = use_lang();
    let t = lang.pick(&EN, &JA);
    let textarea_ref = use_node_ref();
    let findings = use_memo(props.text.clone(), |text| {
        dockerfile_lint::lint("Dockerfile", text)
    });
    let text = &props.text;
    let line_count = text.split('\n').count().max(1);

    let oninput = props
        .on_edit
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());

    let gutter = (line_count <= GUTTER_LINES_MAX).then(|| {
        html! {
            <div class="sb-df-gutter" aria-hidden="true">
                { for (1..=line_count).map(|line| {
                    let here: Vec<&Finding> = findings.iter().filter(|f| f.line == line).collect();
                    if here.is_empty() {
                        return html! { <div class="sb-df-line">{ line }</div> };
                    }
                    let severity = if here.iter().any(|f| is_error(f)) { "error" } else { "warning" };
                    let title = here.iter().map(|f| finding_message(f, text, lang)).collect::<Vec<_>>().join("\n");
                    html! {
                        <div class={classes!("sb-df-line", format!("is-{severity}"))}>
                            <span class={classes!("sb-marker", format!("is-{severity}"))}
                                data-testid="dockerfile-marker" data-line={line.to_string()} {title}>
                                { if severity == "error" { "✖" } else { "▲" } }
                            </span>
                            { line }
                        </div>
                    }
                }) }
            </div>
        }
    });

    let finding_list = findings
        .iter()
        .take(FINDINGS_LISTED_MAX)
        .map(|f| {
            let severity = if is_error(f) { "error" } else { "warning" };
            let word = if is_error(f) { t.error } else { t.warning };
            let message = fill(
                t.line_message,
                &[
                    ("line", &f.line.to_string()),
                    ("message", &finding_message(f, text, lang)),
                ],
            );
            let onclick = {
                let (textarea_ref, text, line) = (textarea_ref.clone(), text.clone(), f.line);
                Callback::from(move |_: MouseEvent| {
                    if let Some(ta) = textarea_ref.cast::<HtmlTextAreaElement>() {
                        let caret = line_offset(&text, line);
                        let _ = ta.focus();
                        let _ = ta.set_selection_range(caret, caret);
                    }
                })
            };
            html! {
                <li>
                    <button type="button" class={classes!("sb-diagnostic", format!("is-{severity}"))}
                        data-testid="dockerfile-finding" data-rule={f.rule}
                        data-line={f.line.to_string()} {onclick}>
                        <span class="sb-diagnostic-icon" aria-hidden="true">{ if is_error(f) { "✖" } else { "▲" } }</span>
                        <span class="sb-diagnostic-severity">{ word }</span>
                        <span class="sb-diagnostic-text">{ message }<code class="sb-df-rule">{ format!(" [{}]", f.rule) }</code></span>
                    </button>
                </li>
            }
        })
        .collect::<Html>();

    let build = build_command();
    let on_build = {
        let (on_command, build) = (props.on_command.clone(), build.clone());
        Callback::from(move |_: MouseEvent| on_command.emit(build.clone()))
    };
    let push = push_commands(&props.docker);
    let can_push = props.docker.image.is_some() && !push.is_empty();
    let push_title = if props.docker.registry.is_none() {
        t.no_account.to_owned()
    } else if props.docker.image.is_none() {
        format!("{} — {}", t.push_needs_image, push.join(" && "))
    } else {
        push.join(" && ")
    };
    let on_push = {
        let (on_command, push) = (props.on_command.clone(), push.clone());
        Callback::from(move |_: MouseEvent| {
            for line in &push {
                on_command.emit(line.clone());
            }
        })
    };

    let summary = if findings.is_empty() {
        t.no_findings.to_owned()
    } else {
        fill(t.findings, &[("count", &findings.len().to_string())])
    };
    let has_errors = findings.iter().any(is_error);
    let image = props
        .docker
        .image
        .as_ref()
        .map(|image| image_view(t, image));

    html! {
        <section class="sb-panel sb-dockerfile" aria-labelledby={ids.id("dockerfile-heading")} data-testid="dockerfile">
            <div class="sb-panel-head">
                <h2 id={ids.id("dockerfile-heading")}>{ t.heading }</h2>
                <p class="sb-hint">{ t.hint }</p>
            </div>
            <div class="sb-df-grid">
                <div class="sb-df-source">
                    <div class={classes!("sb-df-code", gutter.is_none().then_some("is-plain"))}>
                        { gutter.unwrap_or_default() }
                        <textarea data-testid="dockerfile-editor" class="sb-df-textarea" ref={textarea_ref}
                            aria-label={t.editor_label} aria-describedby={ids.id("dockerfile-summary")}
                            spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                            rows={(line_count + 1).to_string()} readonly={props.read_only}
                            value={text.to_string()} {oninput} />
                    </div>
                    <div class="sb-diagnostics">
                        <p id={ids.id("dockerfile-summary")} role="status" data-testid="dockerfile-summary"
                            class={classes!("sb-diagnostics-summary", has_errors.then_some("has-errors"), (!has_errors && !findings.is_empty()).then_some("has-warnings"))}>
                            <span aria-hidden="true">{ if has_errors { "✖ " } else if findings.is_empty() { "✓ " } else { "▲ " } }</span>
                            { summary }
                        </p>
                        if !findings.is_empty() {
                            <ul class="sb-diagnostic-list" aria-label={t.findings_label}>{ finding_list }</ul>
                        }
                    </div>
                    if !props.read_only {
                        <div class="sb-editor-actions">
                            <button type="button" class="sb-btn sb-primary" data-testid="dockerfile-build"
                                title={build.clone()} onclick={on_build}>{ t.build }</button>
                            <button type="button" class="sb-btn" data-testid="dockerfile-push"
                                title={push_title} disabled={!can_push} onclick={on_push}>{ t.push }</button>
                            <code class="sb-cmd-preview" data-testid="dockerfile-command">{ format!("$ {build}") }</code>
                        </div>
                        if let Some(registry) = &props.docker.registry {
                            <p class="sb-hint sb-df-registry">{ fill(t.push_to, &[("registry", registry)]) }</p>
                        }
                    }
                </div>
                <div class="sb-df-image" data-testid="dockerfile-image">
                    <h3>{ fill(t.image_heading, &[("image", APP_IMAGE)]) }</h3>
                    <p class="sb-df-explain" data-testid="dockerfile-explain">{ t.explain }</p>
                    { image.unwrap_or_else(|| html! { <p class="sb-empty" data-testid="dockerfile-not-built">{ t.not_built }</p> }) }
                </div>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SegmentProps {
    kind: &'static str,
    /// Its `flex-grow`: the kind's share of the image's bytes, in percent.
    share: String,
    title: String,
}

/// One kind's part of the stacked bar (its share is written through the CSSOM).
#[function_component(Segment)]
fn segment(props: &SegmentProps) -> Html {
    let span = use_node_ref();
    crate::cssom::use_style_values(span.clone(), vec![("flex-grow", props.share.clone())]);
    html! {
        <span ref={span} class={classes!("sb-df-segment", format!("is-{}", props.kind))}
            data-testid="dockerfile-bar-segment" data-kind={props.kind} title={props.title.clone()}></span>
    }
}

/// The stacked bar (runtime | dependencies | code), the layers grouped by kind, the baked ENV.
fn image_view(t: &DockerfileText, image: &ImageView) -> Html {
    let total: u64 = GROUPS.iter().map(|k| kind_bytes(image, *k)).sum::<u64>() + image.other_bytes;
    let segment = |kind: LayerKind| {
        let bytes = kind_bytes(image, kind);
        let share = crate::format::percent(bytes, total.max(1));
        html! {
            <Segment kind={kind_name(kind)} share={format!("{share:.3}")}
                title={format!("{} {}", kind_label(t, kind), size(bytes))} />
        }
    };
    let group = |kind: LayerKind| {
        let layers: Vec<_> = image.layers.iter().filter(|l| l.kind == kind).collect();
        html! {
            <li class={classes!("sb-df-group", format!("is-{}", kind_name(kind)))}
                data-testid="dockerfile-layer-group" data-kind={kind_name(kind)}
                data-bytes={kind_bytes(image, kind).to_string()}>
                <div class="sb-df-group-head">
                    <span class="sb-df-swatch" aria-hidden="true"></span>
                    <strong>{ kind_label(t, kind) }</strong>
                    <span class="sb-df-size">{ size(kind_bytes(image, kind)) }</span>
                </div>
                <ul class="sb-df-layers">
                    { for layers.iter().map(|l| html! {
                        <li class="sb-df-layer" data-testid="dockerfile-layer">
                            <code title={l.created_by.clone()}>{ &l.created_by }</code>
                            <span class="sb-df-size">{ size(l.size_bytes) }</span>
                        </li>
                    }) }
                </ul>
            </li>
        }
    };
    let env = if image.env.is_empty() {
        html! { <span class="sb-hint">{ t.no_baked_env }</span> }
    } else {
        html! {
            <ul class="sb-df-env" data-testid="dockerfile-env">
                { for image.env.iter().map(|(k, v)| html! { <li><code>{ format!("{k}={v}") }</code></li> }) }
            </ul>
        }
    };
    let label = fill(t.layers_label, &[("image", APP_IMAGE)]);
    html! {
        <>
            <p class="sb-df-total">
                <code>{ &image.id }</code>{ " · " }{ fill(t.total, &[("size", &size(image.size_bytes))]) }
            </p>
            <div class="sb-df-bar" role="img" aria-label={format!("{label}: {}", GROUPS.iter().map(|k| format!("{} {}", kind_label(t, *k), size(kind_bytes(image, *k)))).collect::<Vec<_>>().join(", "))}>
                { for GROUPS.into_iter().map(segment) }
            </div>
            <ul class="sb-df-groups" aria-label={label}>
                { for GROUPS.into_iter().map(group) }
            </ul>
            <div class="sb-df-config">
                <strong>{ t.baked_env }</strong>
                { env }
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::strings::tests::placeholders;

    #[test]
    fn japanese_keeps_every_placeholder_of_english() {
        for (en, ja) in [
            (EN.findings, JA.findings),
            (EN.line_message, JA.line_message),
            (EN.push_to, JA.push_to),
            (EN.image_heading, JA.image_heading),
            (EN.layers_label, JA.layers_label),
            (EN.total, JA.total),
        ] {
            assert_eq!(placeholders(en), placeholders(ja), "{en:?} vs {ja:?}");
            assert!(!placeholders(en).is_empty(), "{en:?}");
        }
    }

    #[test]
    fn push_creates_the_repository_only_when_it_is_missing() {
        let registry = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com";
        let mut docker = DockerView {
            image: None,
            registry: Some(registry.into()),
            repository_exists: false,
        };
        assert_eq!(
            push_commands(&docker),
            [
                "aws ecr create-repository --repository-name shop".to_owned(),
                format!("sim tag shop:1.0 {registry}/shop:1.0"),
                format!("sim push {registry}/shop:1.0"),
            ]
        );
        docker.repository_exists = true;
        assert_eq!(push_commands(&docker).len(), 2);
        docker.registry = None;
        assert!(push_commands(&docker).is_empty());
    }

    #[test]
    fn findings_speak_japanese_with_the_word_they_point_at() {
        let text = "FROM node:20-slim\nENV DATABASE_URL=postgres://staging-db.example.rds.amazonaws.com/app\nUSER node\n";
        let findings = dockerfile_lint::lint("Dockerfile", text);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.rule, "baked-environment-config");
        assert_eq!(finding_message(f, text, Lang::En), f.message);
        let ja = finding_message(f, text, Lang::Ja);
        assert!(
            ja.starts_with(
                "DATABASE_URL=postgres://staging-db.example.rds.amazonaws.com/app: 環境ごとの設定"
            ),
            "{ja}"
        );
        let root = "FROM node:20-slim\nUSER root\n";
        let f = &dockerfile_lint::lint("Dockerfile", root)[0];
        assert_eq!(
            finding_message(f, root, Lang::Ja),
            "USER root: コンテナは root で動きます"
        );
        let broken = dockerfile_lint::lint("Dockerfile", "FORM x\n");
        let ja = finding_message(&broken[0], "FORM x\n", Lang::Ja);
        assert!(
            ja.starts_with("Dockerfile を解析できません: dockerfile parse error on line 1"),
            "{ja}"
        );
    }

    #[test]
    fn line_offsets_count_utf16_units_and_clamp() {
        let text = "FROM a:1\n# 名前 🦀\nUSER x";
        assert_eq!(line_offset(text, 1), 0);
        assert_eq!(line_offset(text, 2), 9);
        assert_eq!(line_offset(text, 3), 9 + 7 + 1);
        assert_eq!(line_offset(text, 99), text.encode_utf16().count() as u32);
    }
}
