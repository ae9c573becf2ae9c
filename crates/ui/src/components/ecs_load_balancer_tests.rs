//! The load balancer part of the ECS panel: its example and buttons run in the core, and it
//! draws each target's health from the view in both languages.

use super::*;
use crate::session::EXAMPLE_FILES;
use crate::strings::tests::placeholders;
use sunaba_core::sim::elb_status::LoadBalancerState;
use sunaba_core::sim::view::ClusterView;
use sunaba_core::{MapFiles, World};

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    for (path, text) in EXAMPLE_FILES {
        f.0.insert((*path).into(), (*text).into());
    }
    f
}

fn run(w: &mut World, command: &str) {
    sunaba_core::run(w, command, &files()).unwrap_or_else(|e| panic!("`{command}`: {}", e.message));
}

/// The example set up and settled (3 healthy targets), then a deployment under traffic,
/// `mid_ms` into it.
fn mid_deployment(mid_ms: u64) -> (World, ClusterView) {
    let mut w = World::new(1);
    assert!(offers_example(&w.cluster_view().ecs));
    for c in example_commands() {
        run(&mut w, &c);
    }
    w.advance_by(120_000);
    let view = w.cluster_view();
    let lb = view.ecs.load_balancers[0].clone();
    run(&mut w, &traffic_command(&lb).1);
    run(
        &mut w,
        "aws ecs update-service --service web --force-new-deployment",
    );
    w.advance_by(mid_ms);
    let view = w.cluster_view();
    (w, view)
}

#[test]
fn the_example_sets_up_a_web_service_whose_tasks_turn_healthy_behind_the_load_balancer() {
    let mut w = World::new(1);
    for c in example_commands() {
        run(&mut w, &c);
    }
    w.advance_by(120_000);
    let ecs = w.cluster_view().ecs;
    assert!(!offers_example(&ecs));
    assert_eq!(ecs.load_balancers.len(), 1);
    assert_eq!(ecs.load_balancers[0].state, LoadBalancerState::Active);
    assert_eq!(ecs.load_balancers[0].listeners[0].target_group, "web-tg");
    let tg = &ecs.target_groups[0];
    assert_eq!(tg.deregistration_delay_s, 30);
    assert_eq!(tg.services, vec!["default/web".to_string()]);
    let healthy = tg
        .targets
        .iter()
        .filter(|t| t.state == TargetState::Healthy)
        .count();
    assert_eq!(healthy, 3, "{:#?}", tg.targets);
    assert_eq!(ecs.services[0].healthy, 3);
}

#[test]
fn every_button_runs_a_command_the_core_accepts() {
    let (mut w, view) = mid_deployment(5_000);
    let lb = &view.ecs.load_balancers[0];
    assert_eq!(lb.traffic_rate, 100);
    let (id, stop) = traffic_command(lb);
    assert_eq!(id, "traffic-off");
    run(&mut w, &describe_health_command(&view.ecs.target_groups[0]));
    run(&mut w, &stop);
    assert_eq!(w.cluster_view().ecs.load_balancers[0].traffic_rate, 0);
    assert!(w.traffic_samples().contains_key("loadbalancer/web-alb"));
}

/// The first moment (every 5 s) of the deployment at which some target drains.
fn draining_moment() -> (World, ClusterView) {
    (0..40)
        .map(|i| 10_000 + i * 5_000)
        .find_map(|ms| {
            let (w, view) = mid_deployment(ms);
            view.ecs.target_groups[0]
                .targets
                .iter()
                .any(|t| t.state == TargetState::Draining)
                .then_some((w, view))
        })
        .expect("some target drains during the deployment")
}

#[test]
fn a_deployment_drains_the_old_targets_with_the_delay_counting_down() {
    let (mut w, view) = draining_moment();
    let draining: Vec<&TargetView> = view.ecs.target_groups[0]
        .targets
        .iter()
        .filter(|t| t.state == TargetState::Draining)
        .collect();
    let left = draining[0].draining_remaining_ms.expect("a countdown");
    assert!(left > 0 && left <= 30_000, "{left}");
    assert_eq!(
        draining[0].reason.as_deref(),
        Some("Target.DeregistrationInProgress")
    );
    w.advance_by(1_000);
    let later = w.cluster_view().ecs.target_groups[0]
        .targets
        .iter()
        .find(|t| t.id == draining[0].id && t.port == draining[0].port)
        .and_then(|t| t.draining_remaining_ms);
    assert!(later.is_none_or(|l| l < left), "{later:?} after {left}");
    assert!(view
        .ecs
        .tasks
        .iter()
        .any(|t| t.last_status.as_str() == "DEACTIVATING"));
}

#[test]
fn every_state_has_its_tone_and_words_and_every_reason_reads_in_japanese() {
    let states = [
        TargetState::Initial,
        TargetState::Healthy,
        TargetState::Unhealthy,
        TargetState::Unused,
        TargetState::Draining,
    ];
    let tones: std::collections::BTreeSet<&str> = states.iter().map(|s| target_tone(*s)).collect();
    assert_eq!(tones.len(), states.len());
    for s in states {
        assert_ne!(state_text(&EN, s), state_text(&JA, s), "{s:?}");
    }
    for code in [
        "Elb.RegistrationInProgress",
        "Elb.InitialHealthChecking",
        "Target.ResponseCodeMismatch",
        "Target.Timeout",
        "Target.FailedHealthChecks",
        "Target.DeregistrationInProgress",
        "Target.NotRegistered",
        "Target.NotInUse",
    ] {
        let target = TargetView {
            id: "10.0.0.1".into(),
            port: 80,
            task: None,
            state: TargetState::Unhealthy,
            reason: Some(code.into()),
            description: Some("in English".into()),
            draining_remaining_ms: None,
        };
        let ja = reason_text(&JA, &target).unwrap();
        assert!(!ja.is_ascii(), "{code}: {ja}");
        assert_eq!(reason_text(&EN, &target).as_deref(), Some("in English"));
    }
    assert_eq!(seconds_left(29_001), 30);
    assert_eq!(seconds_left(30_000), 30);
}

#[test]
fn japanese_keeps_the_placeholders() {
    for (en, ja) in [
        (EN.dns, JA.dns),
        (EN.listener, JA.listener),
        (EN.traffic_on, JA.traffic_on),
        (EN.group_aria, JA.group_aria),
        (EN.health_check, JA.health_check),
        (EN.deregistration, JA.deregistration),
        (EN.services, JA.services),
        (EN.draining_left, JA.draining_left),
        (EN.target_aria, JA.target_aria),
    ] {
        assert_eq!(placeholders(en), placeholders(ja), "{en}");
    }
}

/// The panel rendered to HTML (Yew's server-side renderer) in a language.
#[cfg(feature = "ssr")]
fn render(lang: crate::strings::Lang, props: LoadBalancersProps) -> String {
    #[derive(Properties, PartialEq)]
    struct InLangProps {
        lang: crate::strings::Lang,
        inner: std::rc::Rc<LoadBalancersProps>,
    }
    #[function_component(InLang)]
    fn in_lang(p: &InLangProps) -> Html {
        let i = &p.inner;
        html! {
            <ContextProvider<crate::strings::Lang> context={p.lang}>
                <LoadBalancers load_balancers={i.load_balancers.clone()} target_groups={i.target_groups.clone()}
                    offer_example={i.offer_example} on_command={i.on_command.clone()} />
            </ContextProvider<crate::strings::Lang>>
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    tokio::task::LocalSet::new().block_on(
        &runtime,
        yew::LocalServerRenderer::<InLang>::with_props(InLangProps {
            lang,
            inner: std::rc::Rc::new(props),
        })
        .render(),
    )
}

#[cfg(feature = "ssr")]
#[test]
fn the_panel_draws_every_target_with_its_state_reason_and_countdown_in_both_languages() {
    use crate::strings::Lang;
    let (_, view) = draining_moment();
    let props = || LoadBalancersProps {
        load_balancers: view.ecs.load_balancers.clone(),
        target_groups: view.ecs.target_groups.clone(),
        offer_example: false,
        on_command: Callback::noop(),
    };
    let targets = &view.ecs.target_groups[0].targets;
    for (lang, t) in [(Lang::En, &EN), (Lang::Ja, &JA)] {
        let html = render(lang, props());
        assert_eq!(
            html.matches("data-testid=\"lb-target\"").count(),
            targets.len(),
            "{html}"
        );
        for target in targets {
            let address = format!("{}:{}", target.id, target.port);
            let label = fill(
                t.target_aria,
                &[("target", &address), ("state", state_text(t, target.state))],
            );
            let chip = format!(
                "data-state=\"{}\" aria-label=\"{label}\" class=\"sb-lb-target {}\"",
                target.state.as_str(),
                target_tone(target.state)
            );
            assert!(html.contains(&chip), "{lang:?}: {chip} in {html}");
            assert!(
                html.contains(&format!("{}:{}", target.id, target.port)),
                "{html}"
            );
        }
        assert!(
            html.contains(state_text(t, TargetState::Draining)),
            "{html}"
        );
        assert!(html.contains("Target.DeregistrationInProgress"), "{html}");
        let reason = if lang == Lang::Ja {
            "ターゲットの登録解除中です"
        } else {
            "Target deregistration is in progress"
        };
        assert!(html.contains(reason), "{lang:?}: {html}");
        assert!(html.contains("data-testid=\"lb-draining-left\""), "{html}");
        assert!(
            html.contains(&view.ecs.load_balancers[0].dns_name),
            "{html}"
        );
        assert!(html.contains("HTTP:80 → web-tg"), "{html}");
        assert!(html.contains(t.stop_traffic), "{html}");
        assert!(html.contains(t.describe_health), "{html}");
    }
    // Nothing yet: the example button, or nothing at all.
    let empty = |offer_example| LoadBalancersProps {
        load_balancers: vec![],
        target_groups: vec![],
        offer_example,
        on_command: Callback::noop(),
    };
    let offered = render(Lang::Ja, empty(true));
    assert!(
        offered.contains(JA.example) && offered.contains("aws elbv2 create-load-balancer"),
        "{offered}"
    );
    assert!(!render(Lang::En, empty(false)).contains("lb-example"));
}
