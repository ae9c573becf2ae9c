//! The side-by-side bar's traffic part: its buttons run in the core, and the "Ready and
//! stopping" row shows the views' numbers on both sides, in both languages.

use std::rc::Rc;

use super::*;
use crate::components::side_by_side::{commands, SideBySide, SideBySideProps};
use crate::strings::tests::placeholders;
use crate::strings::Lang;
use sunaba_core::{MapFiles, World};

/// The demo app as a Deployment of four behind a Service (with three, ECS's
/// rounded percentages could not roll it out); `probe_and_pre_stop` adds a
/// readiness probe on /healthz every 2 s and a 10 s preStop sleep.
fn web(probe_and_pre_stop: bool) -> String {
    let extra = if probe_and_pre_stop {
        "          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 2
          lifecycle:
            preStop:
              sleep:
                seconds: 10
"
    } else {
        ""
    };
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: sunaba/demo-app:1.0
          ports:
            - name: http
              containerPort: 8080
{extra}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
"
    )
}

fn run(w: &mut World, f: &MapFiles, command: &str) {
    sunaba_core::run(w, command, f).unwrap_or_else(|e| panic!("`{command}`: {}", e.message));
}

/// The bar's buttons' commands in the view now: (id, commands).
fn buttons(w: &World) -> Vec<(&'static str, Vec<String>)> {
    let c = w.cluster_view();
    let d = c.deployments[0].clone();
    let s = c.ecs.services.first().cloned();
    commands(&c, &d, s.as_ref())
}

fn button(w: &World, id: &str) -> Vec<String> {
    buttons(w)
        .into_iter()
        .find(|(i, _)| *i == id)
        .unwrap_or_else(|| panic!("no {id} button"))
        .1
}

/// Translated, settled, under traffic from the bar's button, then rolled out on both sides
/// by the other button and `after_ms` later.
fn rolled_out(probe_and_pre_stop: bool, after_ms: u64) -> World {
    let mut f = MapFiles::default();
    f.0.insert("web.yaml".into(), web(probe_and_pre_stop));
    let mut w = World::new(4);
    run(&mut w, &f, "kubectl apply -f web.yaml");
    w.advance_by(20_000);
    assert!(buttons(&w).iter().all(|(id, _)| *id != "traffic-both"));
    run(&mut w, &f, "sim side-by-side deployment/web");
    w.advance_by(240_000);
    let traffic = button(&w, "traffic-both");
    assert_eq!(traffic, ["sim traffic web 100", "sim traffic web-alb 100"]);
    for c in &traffic {
        run(&mut w, &f, c);
    }
    w.advance_by(10_000);
    let rollout = button(&w, "rollout-both");
    assert_eq!(
        rollout,
        [
            "kubectl rollout restart deployment/web",
            "aws ecs update-service --service web --force-new-deployment"
        ]
    );
    for c in &rollout {
        run(&mut w, &f, c);
    }
    w.advance_by(after_ms);
    assert!(buttons(&w).iter().all(|(id, _)| *id != "traffic-both"));
    let done = w.cluster_view();
    assert_eq!(done.deployments[0].rollout, "complete");
    assert_eq!(
        done.ecs.services[0].deployments.len(),
        1,
        "the ECS deployment is done"
    );
    w
}

#[test]
fn both_buttons_run_in_the_core_and_the_numbers_are_the_views() {
    let w = rolled_out(true, 240_000);
    let c = w.cluster_view();
    let d = &c.deployments[0];
    let s = &c.ecs.services[0];
    let traffic = w.traffic_samples();
    let n = ready_numbers(&c, &traffic, d, Some(s));
    let svc = &c.services[0];
    assert_eq!(n.service, Some(("web".into(), svc.ready_endpoints)));
    assert_eq!(svc.ready_endpoints, 4);
    let tg = &c.ecs.target_groups[0];
    let healthy = tg
        .targets
        .iter()
        .filter(|t| t.state == TargetState::Healthy)
        .count() as u32;
    assert_eq!(n.group, Some(("web-tg".into(), healthy)));
    assert_eq!(healthy, 4);
    // Since each side's rollout: 240 s of 100 requests/s, none failed.
    assert_eq!(n.k8s_flow, (24_000, 0));
    assert_eq!(n.ecs_flow, (24_000, 0));
    let k8s = k8s_cell(&EN, d, &n).join(" ");
    assert!(k8s.contains("Readiness probe every 2 s"), "{k8s}");
    assert!(k8s.contains("preStop 10 s → SIGTERM"), "{k8s}");
    let ecs = ecs_cell(&EN, Some(tg), &n).join(" ");
    assert!(
        ecs.contains("GET /healthz every 5 s: healthy after 2, unhealthy after 3"),
        "{ecs}"
    );
    assert!(ecs.contains("deregistration delay, 10 s"), "{ecs}");
}

#[test]
fn traffic_flowing_to_both_turns_the_button_into_stop() {
    let mut w = rolled_out(true, 240_000);
    let f = MapFiles::default();
    let stop = button(&w, "stop-traffic-both");
    assert_eq!(stop, ["sim traffic web 0", "sim traffic web-alb 0"]);
    for c in &stop {
        run(&mut w, &f, c);
    }
    let c = w.cluster_view();
    assert_eq!(c.services[0].traffic_rate, 0);
    assert_eq!(c.ecs.load_balancers[0].traffic_rate, 0);
    button(&w, "traffic-both");
}

#[test]
fn without_probe_and_pre_stop_both_sides_count_errors() {
    let w = rolled_out(false, 900_000);
    let c = w.cluster_view();
    let traffic = w.traffic_samples();
    let n = ready_numbers(&c, &traffic, &c.deployments[0], c.ecs.services.first());
    assert!(n.k8s_flow.1 > 0, "{n:?}");
    assert!(n.ecs_flow.1 > 0, "{n:?}");
    let k8s = k8s_cell(&JA, &c.deployments[0], &n).join(" ");
    assert!(k8s.contains("readiness プローブなし"), "{k8s}");
    assert!(
        k8s.contains(&format!("エラー {} 件", n.k8s_flow.1)),
        "{k8s}"
    );
}

#[test]
fn japanese_keeps_the_placeholders() {
    for (en, ja) in [
        (EN.probe_k8s, JA.probe_k8s),
        (EN.stop_k8s, JA.stop_k8s),
        (EN.check_ecs, JA.check_ecs),
        (EN.stop_ecs, JA.stop_ecs),
        (EN.now_k8s, JA.now_k8s),
        (EN.now_ecs, JA.now_ecs),
        (EN.since_rollout, JA.since_rollout),
    ] {
        assert_eq!(placeholders(en), placeholders(ja), "{en}");
    }
}

/// The whole bar rendered to HTML (Yew's server-side renderer) in a language.
#[cfg(feature = "ssr")]
fn render(lang: Lang, props: SideBySideProps) -> String {
    #[derive(Properties, PartialEq)]
    struct InLangProps {
        lang: Lang,
        inner: Rc<SideBySideProps>,
    }
    #[function_component(InLang)]
    fn in_lang(p: &InLangProps) -> Html {
        let i = &p.inner;
        html! {
            <ContextProvider<Lang> context={p.lang}>
                <SideBySide cluster={i.cluster.clone()} traffic={i.traffic.clone()} on_command={i.on_command.clone()} />
            </ContextProvider<Lang>>
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    tokio::task::LocalSet::new().block_on(
        &runtime,
        yew::LocalServerRenderer::<InLang>::with_props(InLangProps {
            lang,
            inner: Rc::new(props),
        })
        .render(),
    )
}

#[cfg(feature = "ssr")]
#[test]
fn the_bar_shows_both_buttons_and_both_sides_numbers_in_both_languages() {
    let w = rolled_out(false, 900_000);
    let c = Rc::new(w.cluster_view());
    let traffic = Rc::new(w.traffic_samples());
    let n = ready_numbers(&c, &traffic, &c.deployments[0], c.ecs.services.first());
    for (lang, t) in [(Lang::En, &EN), (Lang::Ja, &JA)] {
        let html = render(
            lang,
            SideBySideProps {
                cluster: c.clone(),
                traffic: traffic.clone(),
                on_command: Callback::noop(),
            },
        );
        for label in [t.stop_traffic_both, t.rollout_both, t.ready] {
            assert!(html.contains(label), "{label}: {html}");
        }
        assert!(
            html.contains(&format!(
                "data-testid=\"side-ready-k8s\" data-ready=\"4\" data-requests=\"{}\" data-errors=\"{}\"",
                n.k8s_flow.0, n.k8s_flow.1
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "data-testid=\"side-ready-ecs\" data-healthy=\"4\" data-requests=\"{}\" data-errors=\"{}\"",
                n.ecs_flow.0, n.ecs_flow.1
            )),
            "{html}"
        );
        assert!(!html.contains("style="), "no inline styles (CSP)");
    }
}
