//! Environments: one swimlane per account, each environment a card with its context, replicas,
//! health, traffic and the "why" notes the core gives for what goes wrong there. The buttons
//! run the real commands (`sim env create|delete|move`, `kubectl config use-context`), so the
//! terminal shows what a platform team would type. Their text is data
//! (`www/recipes/environments.recipes`); what depends on the views (which setup steps are
//! done, the next PR number) is a small pure function here. The lesson is the link between
//! how the app is written and which of these operations just work.

use std::rc::Rc;

use sunaba_core::world::lanes::{EnvironmentCard, EnvironmentsView};
use yew::prelude::*;

use crate::recipes::{self, Book, Kind, Spec, Unless};
use crate::strings::{fill, use_lang, Lang};

pub struct EnvText {
    pub heading: &'static str,
    pub hint: &'static str,
    pub setup: &'static str,
    pub setup_title: &'static str,
    pub new_pr: &'static str,
    /// `{n}`
    pub new_pr_title: &'static str,
    pub written_label: &'static str,
    pub written_good: &'static str,
    pub written_registry: &'static str,
    pub written_sessions: &'static str,
    pub written_sigterm: &'static str,
    pub written_logs: &'static str,
    pub written_secrets: &'static str,
    pub written_baked: &'static str,
    pub platform_label: &'static str,
    pub platform_k8s: &'static str,
    pub platform_ecs: &'static str,
    /// `{cluster}`
    pub ecs_cluster: &'static str,
    pub ecs_no_traffic: &'static str,
    pub empty_lane: &'static str,
    pub current: &'static str,
    /// `{context}`
    pub use_context: &'static str,
    pub delete: &'static str,
    /// `{to}`
    pub move_to: &'static str,
    /// `{ready}`, `{desired}`
    pub replicas: &'static str,
    /// `{pct}`
    pub traffic: &'static str,
    pub no_traffic: &'static str,
    pub healthy: &'static str,
    pub degraded: &'static str,
    pub down: &'static str,
    /// `{db}`
    pub database: &'static str,
    pub why: &'static str,
}

pub const EN: EnvText = EnvText {
    heading: "Environments",
    hint: "Each account is a lane. Create, delete and move environments; whether they work depends on how the app is written.",
    setup: "Set up test / staging / prod",
    setup_title: "Creates the prod account and its cluster, builds and pushes the app image, then the three environments from the kustomize overlays",
    new_pr: "New PR environment",
    new_pr_title: "sim env create pr-{n} from the staging overlay, with its own database",
    written_label: "The app as written",
    written_good: "well written (public image, config injected)",
    written_registry: "image from the sandbox account's registry (hard-coded)",
    written_sessions: "sessions in process memory",
    written_sigterm: "ignores SIGTERM",
    written_logs: "logs to a file in the container",
    written_secrets: "secret ARN of the sandbox account (hard-coded)",
    written_baked: "config baked into the image (staging's database)",
    platform_label: "Runs on",
    platform_k8s: "Kubernetes (kustomize overlays)",
    platform_ecs: "Amazon ECS (task definition + service)",
    ecs_cluster: "ECS cluster {cluster}",
    ecs_no_traffic: "no traffic (Sunaba gives ECS services no load balancer)",
    empty_lane: "no environments",
    current: "current context",
    use_context: "Use {context}",
    delete: "Delete",
    move_to: "Move to {to}",
    replicas: "{ready}/{desired} ready",
    traffic: "{pct} % of requests OK (30 s)",
    no_traffic: "no traffic yet",
    healthy: "healthy",
    degraded: "degraded",
    down: "down",
    database: "database {db}",
    why: "Why",
};

pub const JA: EnvText = EnvText {
    heading: "環境",
    hint: "アカウントごとにレーンがあります。環境を作成・削除・移動してみましょう。うまくいくかどうかはアプリの書き方で決まります。",
    setup: "test / staging / prod を用意",
    setup_title: "prod アカウントとクラスターを作り、アプリのイメージをビルドして push し、kustomize のオーバーレイから 3 つの環境を作ります",
    new_pr: "PR 環境を追加",
    new_pr_title: "staging のオーバーレイから pr-{n} を作成（専用のデータベース付き）",
    written_label: "アプリの書き方",
    written_good: "良い書き方（公開イメージ、設定は注入）",
    written_registry: "sandbox アカウントのレジストリのイメージ（ハードコード）",
    written_sessions: "セッションをプロセスのメモリに保存",
    written_sigterm: "SIGTERM を無視",
    written_logs: "コンテナ内のファイルにログを書く",
    written_secrets: "sandbox アカウントのシークレット ARN（ハードコード）",
    written_baked: "設定をイメージに焼き込み（staging のデータベース）",
    platform_label: "実行環境",
    platform_k8s: "Kubernetes（kustomize オーバーレイ）",
    platform_ecs: "Amazon ECS（タスク定義 + サービス）",
    ecs_cluster: "ECS クラスター {cluster}",
    ecs_no_traffic: "トラフィックなし（Sunaba では ECS サービスにロードバランサーがありません）",
    empty_lane: "環境なし",
    current: "現在のコンテキスト",
    use_context: "{context} に切り替え",
    delete: "削除",
    move_to: "{to} へ移動",
    replicas: "Ready {ready}/{desired}",
    traffic: "リクエスト成功率 {pct} %（30 秒）",
    no_traffic: "トラフィックなし",
    healthy: "正常",
    degraded: "一部異常",
    down: "停止",
    database: "データベース {db}",
    why: "なぜ？",
};

/// Where the example definitions are served from (see `session::EXAMPLE_FILES`): kustomize
/// overlays, or ECS environment folders (`task-definition.json` + `service.json`).
pub fn sources(platform: &str) -> &'static str {
    if platform == "ecs" {
        "ecs/environments"
    } else {
        "kustomize/overlays"
    }
}

/// The platforms environments can run on (the select's values).
pub const PLATFORMS: [&str; 2] = ["kubernetes", "ecs"];

/// The command text of this panel's buttons (see [`crate::recipes`] for the format).
pub const RECIPES: &str = include_str!("../../../../www/recipes/environments.recipes");
pub const RECIPES_FILE: &str = "www/recipes/environments.recipes";
/// The recipes this panel runs and the placeholders it fills in each.
pub const RECIPE_SPECS: &[Spec] = &[
    Spec {
        name: "setup",
        placeholders: &["sources"],
    },
    Spec {
        name: "new-pr",
        placeholders: &["n", "sources", "source", "context"],
    },
    Spec {
        name: "use-context",
        placeholders: &["context"],
    },
    Spec {
        name: "delete",
        placeholders: &["name", "context"],
    },
    Spec {
        name: "move",
        placeholders: &["name", "to", "context"],
    },
];

thread_local! {
    static BOOK: Book = recipes::load(RECIPES_FILE, RECIPES, RECIPE_SPECS);
}

fn recipe<R>(f: impl FnOnce(&Book) -> R) -> R {
    BOOK.with(f)
}

/// Whether the views already have what an `unless` step of a recipe would make.
pub fn has(view: &EnvironmentsView, unless: &Unless) -> bool {
    let name = unless.name.as_str();
    match unless.kind {
        Kind::Account => view.lanes.iter().any(|l| l.name == name),
        Kind::Context => view
            .lanes
            .iter()
            .any(|l| l.contexts.iter().any(|c| c == name)),
        Kind::Environment => view
            .lanes
            .iter()
            .any(|l| l.environments.iter().any(|e| e.name == name)),
    }
}

/// The commands of the setup button, in order: the recipe's steps not done yet.
pub fn setup_commands(view: &EnvironmentsView, platform: &str) -> Vec<String> {
    recipe(|book| book.commands("setup", &[("sources", sources(platform))], |u| has(view, u)))
}

/// The next free `pr-N`.
pub fn next_pr(view: &EnvironmentsView) -> u32 {
    (1..1000)
        .find(|n| {
            let name = format!("pr-{n}");
            !view
                .lanes
                .iter()
                .any(|l| l.environments.iter().any(|e| e.name == name))
        })
        .unwrap_or(1000)
}

/// How the app is written, as the examples have it: (value, kustomize overlay, ECS folder).
/// Sessions and file logs need a load balancer and `kubectl logs`: Kubernetes only; the
/// secret ARN is an ECS task definition's.
pub const WRITTEN: [(&str, Option<&str>, Option<&str>); 7] = [
    ("good", Some("staging"), Some("staging")),
    ("baked", Some("staging-baked"), Some("staging-baked")),
    ("registry", Some("staging-ecr"), Some("staging-ecr")),
    ("secrets", None, Some("staging-secrets")),
    ("sessions", Some("staging-sessions"), None),
    ("sigterm", Some("staging-sigterm"), Some("staging-sigterm")),
    ("logs", Some("staging-logs"), None),
];

/// The folder a way of writing the app has on a platform.
pub fn written_source(platform: &str, written: &str) -> Option<&'static str> {
    WRITTEN
        .iter()
        .find(|(w, _, _)| *w == written)
        .and_then(|(_, k, e)| if platform == "ecs" { *e } else { *k })
}

/// `sim env create pr-N …` from staging or one of its badly written variants (staging itself
/// when the platform has no such variant).
pub fn new_pr_command(view: &EnvironmentsView, platform: &str, written: &str) -> String {
    let source = written_source(platform, written).unwrap_or("staging");
    recipe(|book| {
        book.line(
            "new-pr",
            &[
                ("n", &next_pr(view).to_string()),
                ("sources", sources(platform)),
                ("source", source),
                ("context", &view.current_context),
            ],
        )
    })
}

/// `kubectl config use-context …` (a lane's context chip).
pub fn use_context_command(context: &str) -> String {
    recipe(|book| book.line("use-context", &[("context", context)]))
}

/// `sim env delete …` (an environment card's button).
pub fn delete_command(env: &EnvironmentCard) -> String {
    recipe(|book| book.line("delete", &[("name", &env.name), ("context", &env.context)]))
}

/// `sim env move …` to another context (an environment card's button).
pub fn move_command(env: &EnvironmentCard, to: &str) -> String {
    recipe(|book| {
        book.line(
            "move",
            &[("name", &env.name), ("to", to), ("context", &env.context)],
        )
    })
}

#[derive(Properties, PartialEq)]
pub struct EnvironmentsProps {
    pub view: Rc<EnvironmentsView>,
    pub on_command: Callback<String>,
}

#[function_component(Environments)]
pub fn environments(props: &EnvironmentsProps) -> Html {
    let ids = crate::ids::use_ids();
    let lang = use_lang();
    let t = lang.pick(&EN, &JA);
    let written = use_state_eq(|| "good".to_string());
    let platform = use_state_eq(|| "kubernetes".to_string());
    let view = &props.view;
    let on_setup = {
        let cmds = setup_commands(view, &platform);
        let cb = props.on_command.clone();
        Callback::from(move |_| {
            for c in cmds.iter().filter(|c| !c.is_empty()) {
                cb.emit(c.clone());
            }
        })
    };
    let on_new = {
        let cmd = new_pr_command(view, &platform, &written);
        let cb = props.on_command.clone();
        Callback::from(move |_| {
            if !cmd.is_empty() {
                cb.emit(cmd.clone())
            }
        })
    };
    let on_written = {
        let set = written.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            set.set(v);
        })
    };
    let on_platform = {
        let set = platform.clone();
        let written = written.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            // A way of writing the app this platform has no example of falls back to good.
            if written_source(&v, &written).is_none() {
                written.set("good".to_string());
            }
            set.set(v);
        })
    };
    let all_contexts: Vec<String> = view
        .lanes
        .iter()
        .flat_map(|l| l.contexts.iter().cloned())
        .collect();
    html! {
        <section class="sb-panel sb-envs" aria-labelledby={ids.id("envs-heading")} data-testid="environments">
            <div class="sb-panel-head">
                <h2 id={ids.id("envs-heading")}>{ t.heading }</h2>
                <p class="sb-hint">{ t.hint }</p>
            </div>
            <div class="sb-envs-actions">
                <label class="sb-envs-written">
                    <span>{ t.platform_label }</span>
                    <select onchange={on_platform} data-testid="env-platform">
                        { for PLATFORMS.iter().map(|p| html! {
                            <option value={*p} selected={*platform == *p}>{ if *p == "ecs" { t.platform_ecs } else { t.platform_k8s } }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="sb-btn" title={t.setup_title} onclick={on_setup} data-testid="env-setup">{ t.setup }</button>
                <label class="sb-envs-written">
                    <span>{ t.written_label }</span>
                    <select onchange={on_written} data-testid="env-written">
                        { for WRITTEN.iter().filter(|(v, _, _)| written_source(&platform, v).is_some()).map(|(value, _, _)| {
                            let label = match *value {
                                "registry" => t.written_registry,
                                "secrets" => t.written_secrets,
                                "baked" => t.written_baked,
                                "sessions" => t.written_sessions,
                                "sigterm" => t.written_sigterm,
                                "logs" => t.written_logs,
                                _ => t.written_good,
                            };
                            html! { <option value={*value} selected={*written == *value}>{ label }</option> }
                        }) }
                    </select>
                </label>
                <button type="button" class="sb-btn" title={fill(t.new_pr_title, &[("n", &next_pr(view).to_string())])} onclick={on_new} data-testid="env-new-pr">{ t.new_pr }</button>
            </div>
            <div class="sb-lanes">
                { for view.lanes.iter().map(|lane| html! {
                    <div class="sb-lane" key={lane.id.clone()} data-testid={format!("lane-{}", lane.name)}>
                        <div class="sb-lane-head">
                            <strong>{ &lane.name }</strong>
                            <span class="sb-lane-id">{ format!("{} · {}", lane.id, lane.region) }</span>
                            <span class="sb-lane-contexts">
                                { for lane.contexts.iter().map(|c| {
                                    let current = *c == view.current_context;
                                    let cmd = use_context_command(c);
                                    let cb = props.on_command.clone();
                                    html! {
                                        <button type="button" key={c.clone()} class={classes!("sb-chip-btn", current.then_some("is-current"))}
                                            title={cmd.clone()} aria-pressed={current.to_string()}
                                            onclick={Callback::from(move |_| cb.emit(cmd.clone()))}>
                                            { if current { format!("● {c} ({})", t.current) } else { fill(t.use_context, &[("context", c)]) } }
                                        </button>
                                    }
                                }) }
                            </span>
                        </div>
                        if lane.environments.is_empty() {
                            <p class="sb-lane-empty">{ t.empty_lane }</p>
                        }
                        <div class="sb-env-cards">
                            { for lane.environments.iter().map(|e| html! {
                                <EnvCard key={format!("{}/{}", e.context, e.name)} env={e.clone()} contexts={all_contexts.clone()} {lang} on_command={props.on_command.clone()} />
                            }) }
                        </div>
                    </div>
                }) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TrafficMeterProps {
    ok_pct: u64,
    label: String,
}

/// The share of requests answered, as a bar (its width is written through the CSSOM).
#[function_component(TrafficMeter)]
fn traffic_meter(props: &TrafficMeterProps) -> Html {
    let fill = use_node_ref();
    crate::cssom::use_style_values(fill.clone(), vec![("width", format!("{}%", props.ok_pct))]);
    html! {
        <div class="sb-env-traffic" role="meter" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow={props.ok_pct.to_string()} aria-label={props.label.clone()}>
            <span ref={fill}></span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EnvCardProps {
    env: EnvironmentCard,
    contexts: Vec<String>,
    lang: Lang,
    on_command: Callback<String>,
}

#[function_component(EnvCard)]
fn env_card(props: &EnvCardProps) -> Html {
    let t = props.lang.pick(&EN, &JA);
    let e = &props.env;
    let (health, class) = if e.desired > 0 && e.ready >= e.desired {
        (t.healthy, "is-ok")
    } else if e.ready > 0 {
        (t.degraded, "is-warn")
    } else {
        (t.down, "is-bad")
    };
    let ecs_cluster = e.namespace.strip_prefix("ecs:");
    let traffic = if ecs_cluster.is_some() {
        t.ecs_no_traffic.to_string()
    } else if e.requests == 0 {
        t.no_traffic.to_string()
    } else {
        let ok = e.requests.saturating_sub(e.errors);
        let pct = (u64::from(ok) * 100 / u64::from(e.requests)).to_string();
        fill(t.traffic, &[("pct", &pct)])
    };
    let ok_pct = if e.requests == 0 {
        100
    } else {
        u64::from(e.requests.saturating_sub(e.errors)) * 100 / u64::from(e.requests)
    };
    let run = |cmd: String| {
        let cb = props.on_command.clone();
        Callback::from(move |_| cb.emit(cmd.clone()))
    };
    let delete = delete_command(e);
    html! {
        <article class={classes!("sb-env-card", class)} data-testid={format!("env-{}", e.name)} aria-label={e.name.clone()}>
            <header>
                <strong>{ &e.name }</strong>
                <span class="sb-env-health">{ health }</span>
            </header>
            <p class="sb-env-meta">{ match ecs_cluster {
                Some(c) => format!("{} · {} · {}", e.context, fill(t.ecs_cluster, &[("cluster", c)]), e.source),
                None => format!("{} · ns/{} · {}", e.context, e.namespace, e.source),
            } }</p>
            <p>{ fill(t.replicas, &[("ready", &e.ready.to_string()), ("desired", &e.desired.to_string())]) }</p>
            if ecs_cluster.is_none() {
                <TrafficMeter {ok_pct} label={traffic.clone()} />
            }
            <p class="sb-env-traffic-text">{ traffic }</p>
            if let Some(db) = &e.database {
                <p class="sb-env-meta">{ fill(t.database, &[("db", db)]) }</p>
            }
            if !e.notes.is_empty() {
                <div class="sb-env-why" data-testid="env-why">
                    <strong>{ t.why }</strong>
                    <ul>
                        { for e.notes.iter().map(|n| html! {
                            <li key={format!("{}{}", n.code, n.subject)}><code>{ &n.code }</code>{ " " }{ if props.lang == Lang::Ja { &n.ja } else { &n.en } }</li>
                        }) }
                    </ul>
                </div>
            }
            <div class="sb-env-buttons">
                { for props.contexts.iter().filter(|c| **c != e.context).map(|c| {
                    let cmd = move_command(e, c);
                    html! {
                        <button type="button" key={c.clone()} class="sb-btn" title={cmd.clone()} onclick={run(cmd)}>{ fill(t.move_to, &[("to", c)]) }</button>
                    }
                }) }
                <button type="button" class="sb-btn sb-btn-danger" title={delete.clone()} onclick={run(delete)}>{ t.delete }</button>
            </div>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sunaba_core::{MapFiles, World};

    fn files() -> MapFiles {
        let mut f = MapFiles::default();
        for (p, t) in crate::session::EXAMPLE_FILES {
            f.0.insert((*p).to_string(), (*t).to_string());
        }
        f.0.insert(
            crate::session::DOCKERFILE.into(),
            crate::session::EXAMPLE_DOCKERFILE.into(),
        );
        f
    }

    #[test]
    fn the_setup_commands_build_three_environments_in_two_accounts() {
        let mut w = World::new(3);
        let f = files();
        for c in setup_commands(&w.environments_view(), "kubernetes") {
            sunaba_core::run(&mut w, &c, &f).unwrap_or_else(|e| panic!("{c}: {}", e.message));
        }
        w.advance_by(90_000);
        let v = w.environments_view();
        let lane = |n: &str| v.lanes.iter().find(|l| l.name == n).unwrap();
        let names = |n: &str| {
            lane(n)
                .environments
                .iter()
                .map(|e| (e.name.clone(), e.ready, e.desired))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("sandbox"),
            [("staging".into(), 2, 2), ("test".into(), 1, 1)]
        );
        assert_eq!(names("prod"), [("prod".into(), 6, 6)]);
        // Running it again adds nothing.
        let again = setup_commands(&v, "kubernetes");
        assert!(!again.iter().any(|c| c.starts_with("sim env create")));
        // A PR environment with the hard-coded registry, moved to prod: cannot pull there.
        let pr = new_pr_command(&v, "kubernetes", "registry");
        sunaba_core::run(&mut w, &pr, &f).unwrap();
        w.advance_by(60_000);
        let v = w.environments_view();
        let pr1 = lane_env(&v, "pr-1");
        assert_eq!((pr1.context.as_str(), pr1.ready), ("sunaba", 2));
        sunaba_core::run(
            &mut w,
            "sim env move pr-1 --to prod-cluster --context sunaba",
            &f,
        )
        .unwrap();
        w.advance_by(120_000);
        let v = w.environments_view();
        let pr1 = lane_env(&v, "pr-1");
        assert_eq!(pr1.context, "prod-cluster");
        assert_eq!(pr1.ready, 0);
        assert!(
            pr1.notes.iter().any(|n| n.code == "image-other-account"),
            "{:?}",
            pr1.notes
        );
        assert!(pr1.requests > 0 && pr1.errors == pr1.requests);
    }

    #[test]
    fn each_badly_written_variant_explains_itself_on_its_card() {
        let f = files();
        for (written, code) in [
            ("sessions", "local-sessions"),
            ("logs", "file-logs"),
            ("good", ""),
        ] {
            let mut w = World::new(5);
            let cmd = new_pr_command(&w.environments_view(), "kubernetes", written);
            sunaba_core::run(&mut w, &cmd, &f).unwrap_or_else(|e| panic!("{cmd}: {}", e.message));
            w.advance_by(60_000);
            let v = w.environments_view();
            let card = lane_env(&v, "pr-1");
            assert_eq!((card.ready, card.desired), (2, 2), "{written}");
            let codes: Vec<&str> = card.notes.iter().map(|n| n.code).collect();
            if code.is_empty() {
                assert!(codes.is_empty(), "{written}: {codes:?}");
            } else {
                assert_eq!(codes, [code], "{written}");
            }
        }
        // Ignoring SIGTERM shows while a pod is going: it waits out its grace period.
        let mut w = World::new(5);
        let cmd = new_pr_command(&w.environments_view(), "kubernetes", "sigterm");
        sunaba_core::run(&mut w, &cmd, &f).unwrap();
        w.advance_by(60_000);
        sunaba_core::run(
            &mut w,
            "kubectl scale deployment demo-app --replicas=1 -n pr-1",
            &f,
        )
        .unwrap();
        w.advance_by(5_000);
        let v = w.environments_view();
        let codes: Vec<&str> = lane_env(&v, "pr-1").notes.iter().map(|n| n.code).collect();
        assert_eq!(codes, ["ignores-sigterm"]);
    }

    #[test]
    fn on_ecs_the_same_buttons_make_clusters_and_the_same_mistakes_explain_themselves() {
        let mut w = World::new(3);
        let f = files();
        for c in setup_commands(&w.environments_view(), "ecs") {
            sunaba_core::run(&mut w, &c, &f).unwrap_or_else(|e| panic!("{c}: {}", e.message));
        }
        w.advance_by(90_000);
        let v = w.environments_view();
        let ready: Vec<(String, u32, u32)> = v
            .lanes
            .iter()
            .flat_map(|l| &l.environments)
            .map(|e| (e.name.clone(), e.ready, e.desired))
            .collect();
        assert_eq!(
            ready,
            [
                ("staging".into(), 2, 2),
                ("test".into(), 1, 1),
                ("prod".into(), 6, 6)
            ]
        );
        assert_eq!(lane_env(&v, "prod").namespace, "ecs:prod");
        // Each sits behind its own load balancer, and its card counts that traffic.
        w.advance_by(60_000);
        let v = w.environments_view();
        for env in ["test", "staging", "prod"] {
            let card = lane_env(&v, env);
            assert_eq!((card.requests, card.errors), (300, 0), "{env}");
        }
        // Each ECS variant in the prod account: the hard-coded ones stop and say why.
        sunaba_core::run(&mut w, "kubectl config use-context prod-cluster", &f).unwrap();
        for (written, code) in [
            ("good", ""),
            ("registry", "image-other-account"),
            ("secrets", "secret-other-account"),
        ] {
            let cmd = new_pr_command(&w.environments_view(), "ecs", written);
            assert!(cmd.contains("--from ecs/environments/"), "{cmd}");
            sunaba_core::run(&mut w, &cmd, &f).unwrap_or_else(|e| panic!("{cmd}: {}", e.message));
            w.advance_by(120_000);
            let v = w.environments_view();
            let name = format!("pr-{}", next_pr(&v) - 1);
            let card = lane_env(&v, &name);
            let codes: Vec<&str> = card.notes.iter().map(|n| n.code).collect();
            if code.is_empty() {
                assert_eq!((card.ready, codes.len()), (2, 0), "{written}: {codes:?}");
            } else {
                assert_eq!((card.ready, codes), (0, vec![code]), "{written}");
            }
        }
        // Kubernetes-only variants have no ECS folder; the secret ARN is ECS-only.
        assert_eq!(written_source("ecs", "sessions"), None);
        assert_eq!(written_source("kubernetes", "secrets"), None);
    }

    #[test]
    fn config_baked_into_the_image_makes_a_pr_environment_use_stagings_database() {
        for platform in PLATFORMS {
            let mut w = World::new(4);
            let f = files();
            for c in setup_commands(&w.environments_view(), platform) {
                sunaba_core::run(&mut w, &c, &f).unwrap_or_else(|e| panic!("{c}: {}", e.message));
            }
            w.advance_by(90_000);
            for written in ["good", "baked"] {
                let cmd = new_pr_command(&w.environments_view(), platform, written);
                sunaba_core::run(&mut w, &cmd, &f)
                    .unwrap_or_else(|e| panic!("{cmd}: {}", e.message));
            }
            w.advance_by(90_000);
            let v = w.environments_view();
            let good = lane_env(&v, "pr-1");
            let baked = lane_env(&v, "pr-2");
            assert_eq!((good.ready, good.notes.len()), (2, 0), "{platform}");
            let codes: Vec<&str> = baked.notes.iter().map(|n| n.code).collect();
            assert_eq!(
                (baked.ready, codes),
                (2, vec!["shared-database"]),
                "{platform}"
            );
            assert!(baked.notes[0].en.contains("staging-db"), "{platform}");
        }
    }

    #[test]
    fn japanese_keeps_the_placeholders_of_english() {
        fn holes(s: &str) -> Vec<&str> {
            let mut v: Vec<&str> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(h, _)| h))
                .collect();
            v.sort_unstable();
            v
        }
        for (en, ja) in [
            (EN.new_pr_title, JA.new_pr_title),
            (EN.use_context, JA.use_context),
            (EN.move_to, JA.move_to),
            (EN.replicas, JA.replicas),
            (EN.traffic, JA.traffic),
            (EN.database, JA.database),
            (EN.ecs_cluster, JA.ecs_cluster),
        ] {
            assert!(!holes(en).is_empty(), "{en}");
            assert_eq!(holes(en), holes(ja), "{en} / {ja}");
        }
    }

    fn lane_env<'a>(v: &'a EnvironmentsView, name: &str) -> &'a EnvironmentCard {
        v.lanes
            .iter()
            .flat_map(|l| &l.environments)
            .find(|e| e.name == name)
            .unwrap()
    }
}
