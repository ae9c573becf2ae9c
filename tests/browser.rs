//! Browser tests of the playground: mount it, click it, advance time, read the DOM.
//! Run: wasm-bindgen-test in headless Chromium (`cargo xtask test`, or the toolchain recipe's
//! `cargo test --target wasm32-unknown-unknown -p sunaba --test browser`).
#![cfg(target_arch = "wasm32")]

use sunaba::Playground;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "browser/saved_work.rs"]
mod saved_work;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_root() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn options(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object.into()
}

/// Mounted with the clock stopped, so only the test moves time; in English unless asked (a
/// language remembered by another test must not change this one's words).
fn mount_paused(root: &Element, extra: &[(&str, JsValue)]) -> Playground {
    let mut fields = vec![
        ("playing", JsValue::FALSE),
        ("seed", JsValue::from(7)),
        ("lang", JsValue::from_str("en")),
    ];
    fields.extend(extra.iter().cloned());
    sunaba::mount(root.clone().into(), options(&fields)).expect("mount")
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn running_pods(root: &Element) -> Vec<Element> {
    all(root, "[data-testid=pod][data-status=Running]")
}

/// Advances in 5 s steps (at most 5 minutes) until `n` pods show Running.
async fn advance_until_running(pg: &Playground, root: &Element, n: usize) {
    for _ in 0..60 {
        yew::scheduler::flush().await;
        if running_pods(root).len() >= n {
            return;
        }
        pg.advance(5_000.0);
    }
    panic!(
        "expected {n} Running pods within 5 minutes; kubectl get pods says:\n{}",
        pg.run("kubectl get pods")
    );
}

#[wasm_bindgen_test]
async fn killing_a_pod_from_its_menu_restarts_its_container_and_the_same_pod_runs_again_with_one_restart(
) {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    yew::scheduler::flush().await;
    assert!(
        one(&root, "[data-testid=terminal-output]")
            .text_content()
            .unwrap()
            .contains("$ kubectl apply -f editor.yaml"),
        "the default example is applied at mount, and the command is shown"
    );
    advance_until_running(&pg, &root, 3).await;
    assert_eq!(all(&root, "[data-testid=node]").len(), 3);

    let chip = running_pods(&root).remove(0);
    let pod = attr(&chip, "data-pod");
    assert_eq!(attr(&chip, "data-restarts"), "0");
    assert!(attr(&chip, "aria-label").starts_with(&format!("Pod {pod}: Running")));
    chip.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    let kill: HtmlElement = one(&root, "[data-testid=pod-action-kill]")
        .dyn_into()
        .unwrap();
    assert_eq!(
        kill.text_content().unwrap(),
        format!("Kill containersim kill {pod}")
    );
    kill.click();
    yew::scheduler::flush().await;
    let log = one(&root, "[data-testid=terminal-output]")
        .text_content()
        .unwrap();
    assert!(log.contains(&format!("$ sim kill {pod}")), "log: {log}");

    pg.advance(30_000.0);
    yew::scheduler::flush().await;
    let chip = one(&root, &format!("[data-testid=pod][data-pod=\"{pod}\"]"));
    assert_eq!(
        (attr(&chip, "data-status"), attr(&chip, "data-restarts")),
        ("Running".to_owned(), "1".to_owned()),
        "kubectl get pods says:\n{}",
        pg.run("kubectl get pods")
    );
    pg.unmount();
}

#[wasm_bindgen_test]
async fn two_playgrounds_on_one_page_are_independent() {
    let (root_a, root_b) = (fresh_root(), fresh_root());
    let a = mount_paused(&root_a, &[]);
    let b = mount_paused(&root_b, &[("autoApply", JsValue::FALSE)]);
    assert_ne!(a.id(), b.id());
    advance_until_running(&a, &root_a, 3).await;
    yew::scheduler::flush().await;

    assert!(
        all(&root_b, "[data-testid=pod]").is_empty(),
        "B applied nothing"
    );
    assert_eq!(b.now_ms(), 0.0, "B's clock did not move");
    assert_eq!(
        one(&root_b, "[data-testid=clock]").text_content().unwrap(),
        "t = 0s"
    );
    assert!(a.now_ms() > 0.0);

    b.run("kubectl apply -f editor.yaml");
    b.advance(120_000.0);
    a.run("kubectl scale deployment nginx-deployment --replicas=1");
    a.advance(60_000.0);
    yew::scheduler::flush().await;
    assert_eq!(running_pods(&root_b).len(), 3, "scaling A left B alone");
    assert_eq!(running_pods(&root_a).len(), 1, "A scaled to 1");

    let instances = js_sys::Reflect::get(&web_sys::window().unwrap(), &"sunaba".into())
        .and_then(|ns| js_sys::Reflect::get(&ns, &"instances".into()))
        .unwrap();
    let ids: Vec<f64> = js_sys::Array::from(&instances)
        .iter()
        .filter_map(|i| js_sys::Reflect::get(&i, &"id".into()).ok()?.as_f64())
        .collect();
    assert!(
        ids.contains(&f64::from(a.id())) && ids.contains(&f64::from(b.id())),
        "{ids:?}"
    );

    a.unmount();
    b.unmount();
    yew::scheduler::flush().await;
    assert!(
        all(&root_a, "[data-testid=node]").is_empty(),
        "unmount removes the UI"
    );
    let ids_after: Vec<f64> = js_sys::Array::from(&instances)
        .iter()
        .filter_map(|i| js_sys::Reflect::get(&i, &"id".into()).ok()?.as_f64())
        .collect();
    assert!(!ids_after.contains(&f64::from(a.id())), "{ids_after:?}");
}

#[wasm_bindgen_test]
async fn bad_options_fall_back_to_defaults_without_panicking() {
    let root = fresh_root();
    let pg = sunaba::mount(root.clone().into(), JsValue::from(42)).expect("non-object options");
    pg.pause();
    pg.unmount();

    let root = fresh_root();
    let pg = sunaba::mount(
        root.clone().into(),
        options(&[
            ("definition", JsValue::from(5)),
            ("seed", JsValue::from_str("abc")),
            ("autoApply", JsValue::from_str("yes")),
            ("readOnly", js_sys::Object::new().into()),
            ("speed", JsValue::from(-3)),
            ("playing", JsValue::FALSE),
        ]),
    )
    .expect("wrong option types are not fatal");
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert!(editor.value().contains("nginx"), "default example loaded");
    assert!(!editor.read_only());
    advance_until_running(&pg, &root, 3).await;
    pg.advance(f64::NAN);
    pg.advance(-1.0);
    pg.unmount();

    assert!(sunaba::mount(JsValue::NULL, JsValue::UNDEFINED).is_err());
    assert!(sunaba::mount(JsValue::from_str("#no-such-element"), JsValue::UNDEFINED).is_err());
}

#[wasm_bindgen_test]
async fn the_apply_button_applies_the_editor_text_and_shows_located_errors() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[("autoApply", JsValue::FALSE)]);
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").dyn_into().unwrap();
    let apply: HtmlElement = one(&root, "[data-testid=apply]").dyn_into().unwrap();

    editor.set_value("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    editor
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    apply.click();
    yew::scheduler::flush().await;
    let error = one(&root, "[data-testid=apply-error]")
        .text_content()
        .unwrap();
    assert!(error.contains("editor.yaml"), "located error: {error}");

    let speed_10 = one(&root, "[data-testid=speed-10]");
    speed_10.clone().dyn_into::<HtmlElement>().unwrap().click();
    pg.advance(65_000.0);
    yew::scheduler::flush().await;
    assert_eq!(attr(&speed_10, "aria-pressed"), "true");
    assert_eq!(
        one(&root, "[data-testid=clock]").text_content().unwrap(),
        "t = 1m05s"
    );

    // The JS handle edits and applies the same editor.
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers:\n  - name: web\n    image: nginx:1.14.2\n";
    pg.set_definition(pod);
    let out = pg.apply();
    yew::scheduler::flush().await;
    assert!(out.contains("pod/solo created"), "apply output: {out}");
    assert!(editor.value().contains("name: solo"));
    assert!(root
        .query_selector("[data-testid=apply-error]")
        .unwrap()
        .is_none());
    pg.unmount();
}

#[wasm_bindgen_test]
async fn mounting_twice_into_one_element_replaces_the_first_playground() {
    let root = fresh_root();
    let first = mount_paused(&root, &[]);
    let second = mount_paused(&root, &[("autoApply", JsValue::FALSE)]);
    yew::scheduler::flush().await;
    assert_eq!(all(&root, ".sunaba").len(), 1);
    let instances = js_sys::Reflect::get(&web_sys::window().unwrap(), &"sunaba".into())
        .and_then(|ns| js_sys::Reflect::get(&ns, &"instances".into()))
        .unwrap();
    let ids: Vec<f64> = js_sys::Array::from(&instances)
        .iter()
        .filter_map(|i| js_sys::Reflect::get(&i, &"id".into()).ok()?.as_f64())
        .collect();
    assert!(!ids.contains(&f64::from(first.id())), "{ids:?}");
    assert!(ids.contains(&f64::from(second.id())), "{ids:?}");
    second.unmount();
}

#[wasm_bindgen_test]
async fn the_header_says_which_timings_are_in_force() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    yew::scheduler::flush().await;
    let timings = || {
        one(&root, "[data-testid=timings]")
            .text_content()
            .unwrap_or_default()
    };
    assert!(
        timings().starts_with("Kubernetes timings: real"),
        "{}",
        timings()
    );
    assert!(pg
        .run("sim compress 10")
        .starts_with("timings compressed ×10"));
    pg.advance(100.0);
    yew::scheduler::flush().await;
    assert!(timings().contains("compressed ×10"), "{}", timings());
    assert!(one(&root, "[data-testid=timings]")
        .class_name()
        .contains("is-compressed"));
}

#[wasm_bindgen_test]
async fn availability_and_traffic_charts_draw_the_cluster_over_time() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let chart = one(&root, "[data-testid=availability-chart]");
    assert_eq!(attr(&chart, "data-deployment"), "default/nginx-deployment");
    assert!(chart
        .text_content()
        .unwrap_or_default()
        .contains("3/3 ready"));
    let line = one(&root, "[data-testid=ready-line]");
    assert!(attr(&line, "d").starts_with('M'), "{}", attr(&line, "d"));
    assert!(all(&root, "[data-testid=traffic-chart]").is_empty());
    assert!(pg
        .run("sim traffic nginx 20")
        .starts_with("sending 20 requests/s"));
    pg.advance(10_000.0);
    yew::scheduler::flush().await;
    let traffic = one(&root, "[data-testid=traffic-chart]");
    assert_eq!(attr(&traffic, "data-service"), "default/nginx");
    assert!(
        traffic
            .text_content()
            .unwrap_or_default()
            .contains("100.0% ok"),
        "{:?}",
        traffic.text_content()
    );
}

// ---------------------------------------------------------------------------------------------
// Terminal, languages, timeline, share links, event subscription (issue 3).
// ---------------------------------------------------------------------------------------------

fn input_value(el: &Element) -> String {
    el.clone()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .value()
}

fn set_input(el: &Element, text: &str) {
    el.clone()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .set_value(text);
}

fn text(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_terminal_runs_commands_recalls_history_and_completes_names() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let input = one(&root, "[data-testid=terminal-input]");

    set_input(&input, "kubectl get deployments");
    press(&input, "Enter");
    yew::scheduler::flush().await;
    let out = text(&root, "[data-testid=terminal-output]");
    assert!(out.contains("$ kubectl get deployments"), "{out}");
    assert!(
        out.contains("READY   UP-TO-DATE   AVAILABLE"),
        "kubectl's table: {out}"
    );
    assert_eq!(input_value(&input), "", "the prompt clears after Enter");

    press(&input, "ArrowUp");
    assert_eq!(input_value(&input), "kubectl get deployments");
    press(&input, "ArrowUp");
    assert_eq!(
        input_value(&input),
        "kubectl apply -f editor.yaml",
        "older: the mount's apply"
    );
    press(&input, "ArrowDown");
    press(&input, "ArrowDown");
    assert_eq!(input_value(&input), "", "back to the fresh line");

    set_input(&input, "");
    assert!(
        press(&input, "Tab"),
        "Tab on an empty line is the browser's: focus moves on"
    );
    set_input(&input, "kubectl ge");
    assert!(!press(&input, "Tab"), "Tab completes");
    assert_eq!(input_value(&input), "kubectl get ");
    set_input(&input, "sim kill ");
    press(&input, "Tab");
    yew::scheduler::flush().await;
    let shown = all(&root, "[data-testid=completions] code");
    assert_eq!(shown.len(), 3, "the three nginx pods are offered");
    assert!(
        input_value(&input).starts_with("sim kill nginx-"),
        "{}",
        input_value(&input)
    );
    pg.unmount();
}

#[wasm_bindgen_test]
async fn the_language_switch_translates_the_ui_but_not_kubectl() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[("lang", JsValue::from_str("ja"))]);
    yew::scheduler::flush().await;
    assert_eq!(attr(&one(&root, ".sunaba"), "lang"), "ja");
    assert_eq!(text(&root, "[data-testid=cluster] h2"), "クラスタ");
    let out = text(&root, "[data-testid=terminal-output]");
    assert!(
        out.contains("deployment.apps/nginx-deployment created"),
        "kubectl output stays English: {out}"
    );
    let help = pg.run("help");
    assert!(
        help.starts_with("Sunaba が理解する"),
        "help in Japanese: {help}"
    );

    one(&root, "[data-testid=lang-en]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert_eq!(attr(&one(&root, ".sunaba"), "lang"), "en");
    assert_eq!(text(&root, "[data-testid=cluster] h2"), "Cluster");
    let help = pg.run("help");
    assert!(
        help.starts_with("Sunaba understands"),
        "help in English: {help}"
    );
    assert_eq!(
        attr(&one(&root, "[data-testid=lang-en]"), "aria-pressed"),
        "true"
    );
    pg.unmount();
}

fn state_json(pg: &Playground) -> String {
    js_sys::JSON::stringify(&pg.state())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_share_link_reproduces_the_same_state() {
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("seed", JsValue::from(11)),
            ("lang", JsValue::from_str("ja")),
        ],
    );
    advance_until_running(&pg, &root, 3).await;
    let pod = attr(&running_pods(&root)[0], "data-pod");
    pg.run(&format!("sim crash {pod} 1"));
    pg.advance(12_345.0);
    assert!(pg
        .run("kubectl scale deployment/nginx-deployment --replicas=4")
        .contains("scaled"));
    pg.advance(20_000.0);
    let link = pg.share_link();
    assert!(link.starts_with("share=2."), "{link}");
    assert!(link.len() < 1000, "{} characters", link.len());

    let root_b = fresh_root();
    let b = sunaba::mount(
        root_b.clone().into(),
        options(&[("share", JsValue::from_str(&link))]),
    )
    .expect("mount");
    yew::scheduler::flush().await;
    assert_eq!(b.now_ms(), pg.now_ms());
    assert_eq!(state_json(&b), state_json(&pg));
    assert_eq!(
        b.run("kubectl get pods -o wide"),
        pg.run("kubectl get pods -o wide")
    );
    assert_eq!(
        attr(&one(&root_b, "[data-testid=play-pause]"), "aria-pressed"),
        "false",
        "opens paused"
    );
    // Shared from a Japanese page, it opens in Japanese.
    assert_eq!(attr(&one(&root_b, ".sunaba"), "lang"), "ja");
    assert!(text(&root_b, "[data-testid=notice]").contains("共有されたプレイグラウンド"));
    pg.unmount();
    b.unmount();
}

#[wasm_bindgen_test]
async fn hostile_share_links_give_a_message_and_a_working_playground() {
    let evil = "<img src=x onerror=\"window.__pwned=1\">";
    let cases = [
        "share=1.".to_owned(),
        "share=9.abc".to_owned(),
        format!("share=1.{evil}"),
        format!("share=1.{}", "QUFB".repeat(200_000)),
        "share=1.eyJzZWVkIjoxfQ".to_owned(), // {"seed":1}
        "#share=1.W10".to_owned(),           // []
        "share=2.".to_owned(),
        format!("share=2.{evil}"),
        "share=2.eNqLjgUAARUAuQ".to_owned(),           // zlib([])
        "share=2.eNqrVipOTU1RsjKsBQASzANJ".to_owned(), // zlib({"seed":1})
        "share=2.eNqrVipOTU1RsjKsBQASzANK".to_owned(), // … its checksum damaged
        "share=2.eNqrVipOTU1RsjKs".to_owned(),         // … cut short
    ];
    for link in cases {
        let root = fresh_root();
        let pg = mount_paused(&root, &[("share", JsValue::from_str(&link))]);
        yew::scheduler::flush().await;
        let notice = one(&root, "[data-testid=notice]");
        assert!(notice.class_list().contains("is-error"), "{link:.40}");
        assert!(text(&root, "[data-testid=notice]").contains("could not be opened"));
        assert!(
            root.query_selector("img").unwrap().is_none(),
            "no markup from a link"
        );
        assert!(
            js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into())
                .unwrap()
                .is_undefined()
        );
        advance_until_running(&pg, &root, 3).await;
        pg.unmount();
    }
}

#[wasm_bindgen_test]
async fn the_scrubber_goes_back_and_a_new_command_branches() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let pod = attr(&running_pods(&root)[0], "data-pod");
    pg.run(&format!("sim kill {pod}"));
    pg.advance(60_000.0);
    let end = pg.now_ms();
    let head = state_json(&pg);

    let scrubber = one(&root, "[data-testid=scrubber]");
    set_input(&scrubber, "2000");
    scrubber
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("change", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(pg.now_ms(), 2_000.0);
    assert!(text(&root, "[data-testid=timeline-status]").contains("1 later command"));
    pg.advance(end - 2_000.0);
    assert_eq!(
        state_json(&pg),
        head,
        "replaying forward reaches the same state"
    );

    pg.seek(2_000.0).unwrap();
    pg.run("kubectl get pods");
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=timeline-status]").contains("Live"));
    pg.unmount();
}

// ---------- How it works + reconcile inspector (components/how_it_works.rs, reconcile.rs) ----------

/// Adds the playground's real stylesheet to the test page (once), so computed styles are real.
fn load_stylesheet() {
    if document().get_element_by_id("sb-test-css").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("sb-test-css");
    style.set_text_content(Some(include_str!("../www/style.css")));
    document().head().unwrap().append_child(&style).unwrap();
}

/// `getComputedStyle(el)[property]`, through js-sys (no extra web-sys features).
fn computed(el: &Element, property: &str) -> String {
    let window = web_sys::window().unwrap();
    let get: js_sys::Function = js_sys::Reflect::get(&window, &"getComputedStyle".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let style = get.call1(&window, el).unwrap();
    js_sys::Reflect::get(&style, &property.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

fn first_running_pod(root: &Element) -> String {
    attr(&running_pods(root).remove(0), "data-pod")
}

#[wasm_bindgen_test]
async fn killing_a_pod_sends_a_pulse_from_the_kubelet_to_the_container_runtime() {
    load_stylesheet();
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let keys_before: Vec<String> = all(&root, "[data-testid=hiw-pulse]")
        .iter()
        .map(|p| attr(p, "data-key"))
        .collect();
    let pod = first_running_pod(&root);
    assert!(pg.run(&format!("sim kill {pod}")).contains("killed"));
    pg.advance(30_000.0);
    yew::scheduler::flush().await;

    let pulses = all(&root, "[data-testid=hiw-pulse]");
    assert!(pulses.len() <= 6, "at most 6 animations at once");
    let runtime: Vec<&Element> = pulses
        .iter()
        .filter(|p| {
            attr(p, "data-from") == "kubelet"
                && attr(p, "data-to") == "runtime"
                && !keys_before.contains(&attr(p, "data-key"))
        })
        .collect();
    let pulse = runtime.first().unwrap_or_else(|| {
        panic!(
            "a new kubelet→runtime pulse; pulses: {:?}",
            pulses
                .iter()
                .map(|p| (
                    attr(p, "data-from"),
                    attr(p, "data-to"),
                    attr(p, "data-reason")
                ))
                .collect::<Vec<_>>()
        )
    });
    let reason = attr(pulse, "data-reason");
    assert!(
        ["Created", "Started", "Killing"].contains(&reason.as_str()),
        "{reason}"
    );
    assert_eq!(
        pulse.text_content().unwrap_or_default(),
        reason,
        "the label names the reason"
    );
    assert_eq!(
        computed(pulse, "animationName"),
        "sb-hiw-travel",
        "the pulse is animated by www/style.css"
    );

    let caption = one(&root, "[data-testid=hiw-caption]");
    assert_eq!(
        attr(&caption, "aria-live"),
        "",
        "the narration strip, not the caption, is announced"
    );
    let text = caption.text_content().unwrap_or_default();
    assert!(text.starts_with("last: "), "{text}");
    assert_eq!(
        all(&root, "[data-testid=hiw-box][data-acted=true]").len(),
        1,
        "one box is marked as the last actor"
    );
    pg.unmount();
}

#[wasm_bindgen_test]
async fn in_ecs_mode_the_diagram_draws_the_ecs_path_and_a_replaced_task_travels_on_it() {
    load_stylesheet();
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("mode", JsValue::from_str("ecs")),
            ("definition", JsValue::from_str(ECS_TASK)),
            ("autoApply", JsValue::FALSE),
        ],
    );
    yew::scheduler::flush().await;
    let svg = one(&root, "[data-testid=how-it-works] svg");
    assert_eq!(attr(&svg, "data-path"), "ecs");
    assert!(attr(&svg, "aria-label").starts_with("Amazon ECS components"));
    let parts: Vec<String> = all(&root, "[data-testid=hiw-box]")
        .iter()
        .map(|b| attr(b, "data-part"))
        .collect();
    assert_eq!(
        parts,
        [
            "you",
            "ecs-api",
            "service-scheduler",
            "ecs-agent",
            "docker",
            "ecr",
            "elb"
        ]
    );
    let out = pg.apply();
    assert!(out.contains("taskDefinitionArn"), "{out}");
    pg.run("aws ecs create-service --service-name web --task-definition web --desired-count 2");
    pg.advance(10_000.0);
    yew::scheduler::flush().await;
    let task = attr(&one(&root, "[data-testid=ecs-task]"), "data-task");
    let keys_before: Vec<String> = all(&root, "[data-testid=hiw-pulse]")
        .iter()
        .map(|p| attr(p, "data-key"))
        .collect();
    pg.run(&format!("sim crash task/{task} --exit-code 1"));
    pg.advance(10_000.0);
    yew::scheduler::flush().await;

    let ecs_boxes = [
        "you",
        "ecs-api",
        "service-scheduler",
        "ecs-agent",
        "docker",
        "ecr",
    ];
    let pulses = all(&root, "[data-testid=hiw-pulse]");
    let keys: std::collections::BTreeSet<String> =
        pulses.iter().map(|p| attr(p, "data-key")).collect();
    assert!(
        keys.len() <= 6,
        "at most 6 animations at once (one dot per arrow)"
    );
    assert!(
        pulses
            .iter()
            .any(|p| !keys_before.contains(&attr(p, "data-key"))),
        "the replacement animates"
    );
    for p in &pulses {
        let (from, to) = (attr(p, "data-from"), attr(p, "data-to"));
        assert!(
            ecs_boxes.contains(&from.as_str()) && ecs_boxes.contains(&to.as_str()),
            "{from} → {to} ({})",
            attr(p, "data-reason")
        );
        assert_eq!(computed(p, "animationName"), "sb-hiw-travel");
    }
    let caption = text(&root, "[data-testid=hiw-caption]");
    assert!(
        ["last: service scheduler → ECS API", "last: ECS agent →"]
            .iter()
            .any(|start| caption.starts_with(start)),
        "the newest ECS event, in ECS's words: {caption}"
    );
    assert_eq!(
        all(&root, "[data-testid=hiw-box][data-acted=true]").len(),
        1
    );

    // The Kubernetes tab draws the Kubernetes path; what played on the ECS one is not replayed.
    click_testid(&root, "[data-testid=mode-kubernetes]");
    yew::scheduler::flush().await;
    let svg = one(&root, "[data-testid=how-it-works] svg");
    assert_eq!(attr(&svg, "data-path"), "kubernetes");
    assert!(all(&root, "[data-testid=hiw-box][data-part=kubelet]").len() == 1);
    assert!(all(&root, "[data-testid=hiw-pulse]").is_empty());
    pg.unmount();
}

#[wasm_bindgen_test]
async fn subscribers_receive_events_until_they_unsubscribe() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[("autoApply", JsValue::FALSE)]);
    let seen = js_sys::Array::new();
    let listener = {
        let seen = seen.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |batch: JsValue| {
            for e in js_sys::Array::from(&batch).iter() {
                seen.push(&js_sys::Reflect::get(&e, &"reason".into()).unwrap());
            }
        })
    };
    let unsubscribe = pg.subscribe(
        listener
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone(),
    );
    pg.apply();
    pg.advance(60_000.0);
    let reasons: Vec<String> = seen.iter().filter_map(|r| r.as_string()).collect();
    assert!(reasons.iter().any(|r| r == "Scheduled"), "{reasons:?}");
    assert!(reasons.iter().any(|r| r == "Started"), "{reasons:?}");
    unsubscribe.call0(&JsValue::NULL).unwrap();
    unsubscribe.call0(&JsValue::NULL).unwrap();
    let before = seen.length();
    let out = pg.run("kubectl scale deployment/nginx-deployment --replicas=5");
    assert!(out.contains("scaled"), "{out}");
    pg.advance(60_000.0);
    assert!(pg.run("kubectl get pods").matches("Running").count() >= 5);
    assert_eq!(
        seen.length(),
        before,
        "events came, but not to the unsubscribed listener"
    );
    drop(listener);
    pg.unmount();
}

#[wasm_bindgen_test]
async fn deleting_a_pod_shows_a_replicaset_pass_that_creates_one_pod() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let pod = first_running_pod(&root);
    assert!(pg
        .run(&format!("kubectl delete pod {pod}"))
        .contains("deleted"));
    yew::scheduler::flush().await;

    let passes = all(&root, "[data-testid=reconcile-pass]");
    let create = passes
        .iter()
        .find(|p| {
            attr(p, "data-controller") == "replicaset-controller"
                && attr(p, "data-action") == "create 1 pod"
        })
        .unwrap_or_else(|| {
            panic!(
                "passes: {:?}",
                passes.iter().map(|p| p.text_content()).collect::<Vec<_>>()
            )
        });
    let words = create.text_content().unwrap_or_default();
    assert!(words.contains("desired 3"), "{words}");
    assert!(words.contains("→ create 1 pod"), "{words}");
    assert!(
        passes[0].class_name().contains("is-newest")
            && passes[0]
                .text_content()
                .unwrap_or_default()
                .contains("newest"),
        "the newest pass comes first and says so"
    );
    pg.unmount();
}

#[wasm_bindgen_test]
async fn next_pass_jumps_the_paused_clock_to_the_next_wake_up() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let toggle: HtmlElement = one(&root, "[data-testid=step-mode]").dyn_into().unwrap();
    assert_eq!(
        attr(&toggle, "aria-pressed"),
        "true",
        "a paused clock is step mode"
    );
    toggle.click();
    yew::scheduler::flush().await;
    assert_eq!(attr(&toggle, "aria-pressed"), "false");
    assert!(pg.mounted().session.clock().playing);

    // A terminating pod has a grace-period timer: something is scheduled.
    let pod = first_running_pod(&root);
    pg.run(&format!("kubectl delete pod {pod}"));
    yew::scheduler::flush().await;
    let next: HtmlElement = one(&root, "[data-testid=next-pass]").dyn_into().unwrap();
    next.click(); // pauses, then steps
    yew::scheduler::flush().await;
    assert_eq!(attr(&toggle, "aria-pressed"), "true");
    assert!(!pg.mounted().session.clock().playing);

    // Each further step lands on a wake-up that shows something: an event or a controller pass.
    // A container that crashes twice restarts after a 10 s back-off: a wake-up in the future
    // (the first restart is immediate); a fourth replica's sandbox is ready a second after it
    // is bound, and its container starts then.
    let crasher = first_running_pod(&root);
    pg.run(&format!("sim crash {crasher} 1"));
    pg.run(&format!("sim crash {crasher} 1"));
    pg.run("kubectl scale deployment nginx-deployment --replicas=4");
    yew::scheduler::flush().await;
    let session = &pg.mounted().session;
    let mut steps = 0;
    for _ in 0..2 {
        let Some(wakeup) = session.next_wakeup_ms() else {
            break;
        };
        steps += 1;
        assert_eq!(attr(&next, "data-next-wakeup"), wakeup.to_string());
        let (before_t, before) = (pg.now_ms(), session.activity());
        next.click();
        yew::scheduler::flush().await;
        assert!(pg.now_ms() >= wakeup as f64 && pg.now_ms() > before_t);
        assert_ne!(session.activity(), before, "the step showed something");
        let clock = one(&root, "[data-testid=clock]").text_content().unwrap();
        assert_eq!(
            clock,
            format!("t = {}", sunaba_ui::format::clock(pg.now_ms() as u64))
        );
    }
    assert!(steps >= 1, "the restart after the back-off is scheduled");
    pg.unmount();
}

// ---------- cluster view: action menus and the compact view (components/cluster/) ----------

fn terminal_text(root: &Element) -> String {
    one(root, "[data-testid=terminal-output]")
        .text_content()
        .unwrap_or_default()
}

fn active_element() -> Option<Element> {
    document().active_element()
}

/// Presses `key` on `target`; whether the browser's default action goes ahead (nobody called
/// `preventDefault`).
fn press(target: &Element, key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap()
}

fn pod_chip(root: &Element, pod: &str) -> HtmlElement {
    one(root, &format!("[data-testid=pod][data-pod=\"{pod}\"]"))
        .dyn_into()
        .unwrap()
}

/// Opens `pod`'s menu, chooses the item `pod-action-{id}` and returns the command it showed.
async fn choose_pod_action(root: &Element, pod: &str, id: &str) -> String {
    pod_chip(root, pod).click();
    yew::scheduler::flush().await;
    let item: HtmlElement = one(root, &format!("[data-testid=pod-action-{id}]"))
        .dyn_into()
        .unwrap();
    let command = attr(&item, "data-command");
    assert!(
        item.text_content().unwrap_or_default().ends_with(&command),
        "the item shows the command it runs"
    );
    item.click();
    yew::scheduler::flush().await;
    assert!(
        all(root, "[data-testid=action-menu]").is_empty(),
        "choosing closes the menu"
    );
    command
}

#[wasm_bindgen_test]
async fn the_pod_menu_works_by_keyboard_and_each_action_runs_its_command_in_the_terminal() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let pod = attr(&running_pods(&root)[0], "data-pod");

    // Enter/Space on a focused <button> click it; the menu opens with focus on its first item.
    let chip = pod_chip(&root, &pod);
    chip.focus().unwrap();
    chip.click();
    yew::scheduler::flush().await;
    assert!(
        chip.is_connected(),
        "opening the menu keeps the chip's button"
    );
    assert_eq!(attr(&chip, "aria-expanded"), "true");
    let items = all(&root, "[data-testid=action-menu] [role=menuitem]");
    let ids: Vec<String> = items.iter().map(|i| attr(i, "data-testid")).collect();
    assert_eq!(
        ids,
        [
            "pod-action-kill",
            "pod-action-crash-1",
            "pod-action-crash-143",
            "pod-action-describe",
            "pod-action-why-here",
            "pod-action-logs",
            "pod-action-delete"
        ]
    );
    assert_eq!(
        active_element().as_ref(),
        Some(&items[0]),
        "focus on the first item"
    );
    press(&items[0], "ArrowDown");
    assert_eq!(active_element().as_ref(), Some(&items[1]));
    press(&items[1], "ArrowUp");
    press(&items[0], "ArrowUp");
    assert_eq!(
        active_element().as_ref(),
        Some(&items[6]),
        "ArrowUp wraps to the last item"
    );
    press(&items[6], "Escape");
    yew::scheduler::flush().await;
    assert!(
        all(&root, "[data-testid=action-menu]").is_empty(),
        "Escape closes"
    );
    assert_eq!(
        active_element().as_ref(),
        Some(chip.unchecked_ref::<Element>()),
        "focus returns to the chip"
    );
    assert_eq!(attr(&chip, "aria-expanded"), "false");

    for (id, expected, output) in [
        ("describe", format!("kubectl describe pod {pod}"), "Name:"),
        (
            "why-here",
            format!("sim explain pod/{pod}"),
            "Scheduling decisions for pod default/",
        ),
        ("logs", format!("kubectl logs {pod}"), ""),
        (
            "crash-1",
            format!("sim crash {pod} --exit-code 1"),
            "exited with code 1",
        ),
    ] {
        let command = choose_pod_action(&root, &pod, id).await;
        assert_eq!(command, expected);
        let log = terminal_text(&root);
        assert!(log.contains(&format!("$ {expected}")), "{id}: {log}");
        assert!(log.contains(output), "{id} prints {output:?}: {log}");
    }
    pg.advance(60_000.0);
    yew::scheduler::flush().await;
    assert_eq!(attr(&pod_chip(&root, &pod), "data-restarts"), "1");
    let command = choose_pod_action(&root, &pod, "logs-previous").await;
    assert_eq!(command, format!("kubectl logs {pod} --previous"));
    let command = choose_pod_action(&root, &pod, "delete").await;
    assert_eq!(command, format!("kubectl delete pod {pod}"));
    assert!(terminal_text(&root).contains(&format!("pod \"{pod}\" deleted")));
    pg.unmount();
}

#[wasm_bindgen_test]
async fn node_menu_cordons_and_fails_a_node_which_turns_not_ready_after_the_grace_period() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let node_action = |node: &str, id: &str| {
        let card = one(&root, &format!("[data-testid=node][data-node={node}]"));
        one(&card, "[data-testid=node-menu]")
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
        (card, id.to_owned())
    };
    let (_, id) = node_action("node-2", "cordon");
    yew::scheduler::flush().await;
    let item: HtmlElement = one(&root, &format!("[data-testid=node-action-{id}]"))
        .dyn_into()
        .unwrap();
    assert_eq!(attr(&item, "data-command"), "kubectl cordon node-2");
    item.click();
    yew::scheduler::flush().await;
    assert!(terminal_text(&root).contains("$ kubectl cordon node-2"));
    let card = one(&root, "[data-testid=node][data-node=node-2]");
    assert_eq!(attr(&card, "data-status"), "Ready,SchedulingDisabled");

    let (_, id) = node_action("node-1", "fail");
    yew::scheduler::flush().await;
    let items = all(&root, "[data-testid=action-menu] [role=menuitem]");
    let ids: Vec<String> = items.iter().map(|i| attr(i, "data-testid")).collect();
    for expected in ["describe", "cordon", "drain", "fail", "restore"] {
        assert!(ids.contains(&format!("node-action-{expected}")), "{ids:?}");
    }
    one(&root, &format!("[data-testid=node-action-{id}]"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert!(terminal_text(&root).contains("$ sim fail-node node-1"));
    pg.advance(60_000.0);
    yew::scheduler::flush().await;
    let card = one(&root, "[data-testid=node][data-node=node-1]");
    assert!(
        attr(&card, "data-status").starts_with("NotReady")
            || attr(&card, "data-status").starts_with("Unknown"),
        "{}",
        attr(&card, "data-status")
    );
    assert!(card.class_name().contains("is-not-ready"));
    pg.unmount();
}

#[wasm_bindgen_test]
async fn chips_and_cards_cost_the_elements_the_compact_threshold_assumes() {
    use sunaba_ui::components::cluster::cards::NODE_CARD_DOM_NODES;
    use sunaba_ui::components::cluster::chips::POD_CHIP_DOM_NODES;
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    assert_eq!(
        attr(&one(&root, "[data-testid=cluster]"), "data-view"),
        "cards"
    );
    for chip in running_pods(&root) {
        let wrap = chip.parent_element().unwrap();
        let elements = wrap.get_elements_by_tag_name("*").length() as usize + 1;
        assert_eq!(elements, POD_CHIP_DOM_NODES, "{}", wrap.outer_html());
    }
    for card in all(&root, "[data-testid=node]") {
        let chips: usize = all(&card, ".sb-pod-wrap")
            .iter()
            .map(|w| w.get_elements_by_tag_name("*").length() as usize + 1)
            .sum();
        let elements = card.get_elements_by_tag_name("*").length() as usize + 1 - chips;
        assert!(
            elements <= NODE_CARD_DOM_NODES,
            "{elements}: {}",
            card.outer_html()
        );
    }
    pg.unmount();
}

/// The cluster panel's share of the page's 1,400 elements at 100 nodes / 1,000 pods. (The
/// events table draws its newest 50 rows unless asked for more.)
const CLUSTER_PANEL_MAX: u32 = 300;
/// The issue's DOM budget for the whole playground at 100 nodes / 1,000 pods.
const PAGE_ELEMENTS_MAX: u32 = 1_400;

/// Elements in the playground, in its cluster panel, in its events panel.
fn element_counts(root: &Element) -> (u32, u32, u32) {
    let count = |selector: &str| {
        root.query_selector(selector)
            .ok()
            .flatten()
            .map_or(0, |el| el.get_elements_by_tag_name("*").length() + 1)
    };
    (
        root.get_elements_by_tag_name("*").length(),
        count("[data-testid=cluster]"),
        count(".sb-events-panel"),
    )
}

#[wasm_bindgen_test]
async fn a_hundred_nodes_and_a_thousand_pods_draw_the_compact_view_within_the_cluster_panels_share()
{
    // Detached: the count is the playground's own, whatever else the test page holds.
    let root = document().create_element("div").unwrap();
    let pg = mount_paused(&root, &[("autoApply", JsValue::FALSE)]);
    assert!(pg
        .run("sim nodes 100 --cpu 4 --memory 8Gi")
        .starts_with("cluster has 100 nodes"));
    pg.set_definition(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tiny\nspec:\n  replicas: 1000\n  selector:\n    matchLabels:\n      app: tiny\n  template:\n    metadata:\n      labels:\n        app: tiny\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.14.2\n        resources:\n          requests:\n            cpu: 10m\n            memory: 16Mi\n",
    );
    assert!(pg.apply().contains("created"));
    for _ in 0..12 {
        pg.advance(10_000.0);
    }
    yew::scheduler::flush().await;
    let cluster = one(&root, "[data-testid=cluster]");
    assert_eq!(attr(&cluster, "data-view"), "compact");
    assert_eq!(all(&root, "[data-testid=node-tile]").len(), 100);
    assert!(
        all(&root, "[data-testid=pod]").len() <= 8,
        "no chip per pod"
    );
    let summary = one(&root, "[data-testid=compact-summary]")
        .text_content()
        .unwrap_or_default();
    assert!(summary.contains("100 nodes, 1000 pods"), "{summary}");
    let (page, in_cluster, in_events) = element_counts(&root);
    web_sys::console::log_1(
        &format!("100 nodes / 1000 pods: {page} elements in the playground, {in_cluster} in the cluster panel, {in_events} in the events panel").into(),
    );
    assert!(
        in_cluster <= CLUSTER_PANEL_MAX,
        "{in_cluster} elements in the cluster panel"
    );
    assert!(
        page <= PAGE_ELEMENTS_MAX,
        "{page} elements in the whole playground ({in_events} in events)"
    );

    // A tile selects its node: its card, menu and first pods show below the grid.
    let tile: HtmlElement = one(&root, "[data-testid=node-tile][data-node=node-7]")
        .dyn_into()
        .unwrap();
    assert!(attr(&tile, "aria-label").starts_with("Node node-7: Ready"));
    tile.click();
    yew::scheduler::flush().await;
    assert_eq!(attr(&tile, "aria-pressed"), "true");
    let selected = one(&root, "[data-testid=selected-node]");
    let card = one(&selected, "[data-testid=node][data-node=node-7]");
    assert!(all(&card, "[data-testid=pod]").len() <= 24);
    one(&card, "[data-testid=node-menu]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    one(&root, "[data-testid=node-action-fail]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    pg.advance(60_000.0);
    yew::scheduler::flush().await;
    let tile = one(&root, "[data-testid=node-tile][data-node=node-7]");
    assert!(
        attr(&tile, "data-status").starts_with("NotReady"),
        "{}",
        attr(&tile, "data-status")
    );
    assert!(tile
        .text_content()
        .unwrap_or_default()
        .contains("⚠ NotReady"));
    let (page, in_cluster, in_events) = element_counts(&root);
    web_sys::console::log_1(
        &format!("with node-7 selected: {page} elements in the playground, {in_cluster} in the cluster panel, {in_events} in the events panel").into(),
    );
    assert!(
        in_cluster <= CLUSTER_PANEL_MAX,
        "{in_cluster} elements in the cluster panel"
    );
    assert!(
        page <= PAGE_ELEMENTS_MAX,
        "{page} elements in the whole playground ({in_events} in events)"
    );
    pg.unmount();
}

// ---------- definition editor: highlighting, line markers, diagnostics, examples ----------

/// Replaces the editor's text the way typing does (an `input` event).
async fn type_into_editor(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = one(root, "[data-testid=editor]").dyn_into().unwrap();
    editor.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    editor
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

const EDITOR_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers:\n    - name: web\n      image: nginx:1.14.2\n";

#[wasm_bindgen_test]
async fn editor_marks_an_invalid_manifest_on_its_line_with_the_message() {
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("autoApply", JsValue::FALSE),
            ("lang", JsValue::from_str("en")),
        ],
    );
    yew::scheduler::flush().await;

    type_into_editor(&root, EDITOR_POD).await;
    assert!(all(&root, "[data-testid=editor-marker]").is_empty());
    assert!(all(&root, "[data-testid=editor-diagnostic]").is_empty());
    let summary = one(&root, "[data-testid=editor-summary]");
    assert!(
        summary
            .text_content()
            .unwrap()
            .contains("No problems found"),
        "{:?}",
        summary.text_content()
    );
    assert_eq!(attr(&summary, "role"), "status");
    let keys: Vec<String> = all(&root, ".sb-code-highlight .sb-tok-key")
        .iter()
        .filter_map(|k| k.text_content())
        .collect();
    assert_eq!(
        keys,
        [
            "apiVersion",
            "kind",
            "metadata",
            "name",
            "spec",
            "containers",
            "name",
            "image"
        ]
    );

    // An invalid name on line 4 and an ignored field on line 6.
    let bad = EDITOR_POD
        .replace("name: solo", "name: Solo_Pod")
        .replace("spec:\n", "spec:\n  dnsPolicy: ClusterFirst\n");
    type_into_editor(&root, &bad).await;
    let markers = all(&root, "[data-testid=editor-marker]");
    let found: Vec<(String, String)> = markers
        .iter()
        .map(|m| (attr(m, "data-line"), attr(m, "data-severity")))
        .collect();
    assert_eq!(
        found,
        [
            ("4".to_owned(), "error".to_owned()),
            ("6".to_owned(), "warning".to_owned())
        ]
    );
    assert!(
        attr(&markers[0], "title").contains("metadata.name"),
        "{}",
        attr(&markers[0], "title")
    );
    let items = all(&root, "[data-testid=editor-diagnostic]");
    assert_eq!(items.len(), 2);
    let first = items[0].text_content().unwrap();
    assert!(first.contains("line 4: metadata.name"), "{first}");
    assert!(
        items[1].text_content().unwrap().contains("dnsPolicy"),
        "{:?}",
        items[1].text_content()
    );
    assert!(summary.text_content().unwrap().contains("1 error"));

    // A click on the message puts the caret on its line.
    items[0].clone().dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").dyn_into().unwrap();
    let caret = editor.selection_start().unwrap().unwrap() as usize;
    let line_start = bad.match_indices('\n').nth(2).unwrap().0 + 1;
    let line_end = bad.match_indices('\n').nth(3).unwrap().0;
    assert!(
        (line_start..=line_end).contains(&caret),
        "caret {caret} not on line 4 ({line_start}..={line_end})"
    );

    // Fixing it clears the markers.
    type_into_editor(&root, EDITOR_POD).await;
    assert!(all(&root, "[data-testid=editor-marker]").is_empty());
    pg.unmount();
}

#[wasm_bindgen_test]
async fn editor_hints_a_missing_readiness_probe_and_show_me_plays_the_failure() {
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("autoApply", JsValue::FALSE),
            ("lang", JsValue::from_str("en")),
        ],
    );
    yew::scheduler::flush().await;
    // Three replicas of an app that needs 8 s to warm up, no readiness probe (line 13).
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n      - name: api\n        image: sunaba/demo-app:1.0\n        env: [{name: STARTUP_SECONDS, value: \"8\"}]\n";
    type_into_editor(&root, text).await;
    // kubectl has nothing to say; the lint does, as hints on the container's line.
    assert!(all(&root, "[data-testid=editor-marker]").is_empty());
    let hints = all(&root, "[data-testid=editor-hint-marker]");
    assert_eq!(hints.len(), 1, "all findings point at the container");
    assert_eq!(attr(&hints[0], "data-line"), "14");
    assert_eq!(attr(&hints[0], "data-severity"), "hint");
    assert!(
        attr(&hints[0], "title").contains("[no-readiness-probe]"),
        "{}",
        attr(&hints[0], "title")
    );
    let summary = one(&root, "[data-testid=editor-summary]")
        .text_content()
        .unwrap();
    assert!(summary.contains("No problems found"), "{summary}");
    assert!(summary.contains("operability hint(s)"), "{summary}");
    let button = all(&root, "[data-testid=show-me]")
        .into_iter()
        .find(|b| attr(b, "data-rule") == "no-readiness-probe")
        .expect("a Show me button for the readiness hint");
    assert_eq!(button.text_content().unwrap(), "Show me");
    assert!(all(&root, "[data-testid=show-me-result]").is_empty());

    button.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    let result = one(&root, "[data-testid=show-me-result]");
    let shown = result.text_content().unwrap();
    assert!(
        shown.contains("$ kubectl rollout restart deployment/api"),
        "{shown}"
    );
    assert!(shown.contains("$ sim traffic api 100"), "{shown}");
    let as_written = one(&root, "[data-testid=show-me-as-written]");
    assert!(as_written.class_name().contains("is-failure"));
    let outcome = one(&as_written, "[data-testid=show-me-outcome]")
        .text_content()
        .unwrap();
    assert!(outcome.contains("of 7000 requests failed"), "{outcome}");
    let fixed = one(&root, "[data-testid=show-me-fixed]");
    assert!(!fixed.class_name().contains("is-failure"));
    assert!(fixed
        .text_content()
        .unwrap()
        .contains("with a readinessProbe"));
    // The learner's cluster was not touched: the experiment ran in its own world.
    assert_eq!(
        pg.run("kubectl get deployments"),
        "No resources found in default namespace.\n"
    );

    // In Japanese, the hints and the experiment speak Japanese; kubectl's output does not.
    pg.unmount();
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("autoApply", JsValue::FALSE),
            ("lang", JsValue::from_str("ja")),
        ],
    );
    yew::scheduler::flush().await;
    type_into_editor(&root, text).await;
    let hint = all(&root, "[data-testid=editor-hint]")
        .into_iter()
        .find(|h| attr(h, "data-rule") == "no-readiness-probe")
        .unwrap();
    assert!(
        hint.text_content()
            .unwrap()
            .contains("readinessProbe がありません"),
        "{:?}",
        hint.text_content()
    );
    let button = all(&root, "[data-testid=show-me]")
        .into_iter()
        .find(|b| attr(b, "data-rule") == "no-readiness-probe")
        .unwrap();
    button.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    let shown = one(&root, "[data-testid=show-me-result]")
        .text_content()
        .unwrap();
    assert!(shown.contains("件のリクエストが失敗"), "{shown}");
    assert!(shown.contains("deployment.apps/api restarted"), "{shown}");
    one(&root, "[data-testid=show-me-close]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert!(all(&root, "[data-testid=show-me-result]").is_empty());
    pg.unmount();
}

#[wasm_bindgen_test]
async fn editor_loading_an_example_replaces_the_text_and_the_previous_text_stays_recoverable() {
    let key = format!("sunaba-test-editor-{}", js_sys::Math::random());
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("autoApply", JsValue::FALSE),
            ("storageKey", JsValue::from_str(&key)),
        ],
    );
    yew::scheduler::flush().await;
    let mine = "# my own work\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: mine\n";
    type_into_editor(&root, mine).await;
    assert!(all(&root, "[data-testid=undo-load]").is_empty());

    let select = one(&root, "[data-testid=example-select]");
    assert_eq!(
        js_sys::Reflect::get(&select, &"value".into()).unwrap(),
        "",
        "the menu names the learner's own text, not an example"
    );
    js_sys::Reflect::set(&select, &"value".into(), &"crashloop".into()).unwrap();
    one(&root, "[data-testid=load-example]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert!(
        editor.value().contains("name: crasher"),
        "{}",
        editor.value()
    );
    assert!(all(&root, "[data-testid=editor-marker]").is_empty());
    assert_eq!(
        js_sys::Reflect::get(&select, &"value".into()).unwrap(),
        "crashloop",
        "the menu names the example the editor holds"
    );

    // Loading a second example keeps the learner's text, not the first example.
    js_sys::Reflect::set(&select, &"value".into(), &"oom".into()).unwrap();
    one(&root, "[data-testid=load-example]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert!(editor.value().contains("LEAK_MEMORY_MIB_PER_SEC"));
    pg.unmount();

    // After a reload the text an example replaced can still be brought back.
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("autoApply", JsValue::FALSE),
            ("storageKey", JsValue::from_str(&key)),
        ],
    );
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert!(
        editor.value().contains("LEAK_MEMORY_MIB_PER_SEC"),
        "autosaved"
    );
    one(&root, "[data-testid=undo-load]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert_eq!(editor.value(), mine);
    assert!(all(&root, "[data-testid=undo-load]").is_empty());
    pg.unmount();
}

#[wasm_bindgen_test]
async fn editor_read_only_is_highlighted_but_offers_no_apply_or_examples() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[("readOnly", JsValue::TRUE)]);
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert!(editor.read_only());
    assert!(!all(&root, ".sb-code-highlight .sb-tok-key").is_empty());
    assert!(all(&root, "[data-testid=apply]").is_empty());
    assert!(all(&root, "[data-testid=load-example]").is_empty());
    pg.unmount();
}

#[wasm_bindgen_test]
async fn editor_highlights_up_to_its_bound_and_shows_larger_texts_plain() {
    // The page's real style sheet, so the timings below include a realistic layout.
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../www/style.css")));
    document().body().unwrap().append_child(&style).unwrap();
    let root = fresh_root();
    let pg = mount_paused(&root, &[("autoApply", JsValue::FALSE)]);
    yew::scheduler::flush().await;
    // 222 pods of 9 lines: 1,998 lines, just under the 2,000-line highlighting bound.
    let doc = |i: usize| EDITOR_POD.replace("name: solo", &format!("name: pod-{i}")) + "---\n";
    let big: String = (0..222).map(doc).collect();
    let started = js_sys::Date::now();
    type_into_editor(&root, &big).await;
    let took_ms = js_sys::Date::now() - started;
    console_log!(
        "editor: one edit of {} lines / {} bytes re-checked and re-highlighted in {took_ms} ms",
        big.lines().count(),
        big.len()
    );
    let t0 = js_sys::Date::now();
    let n = sunaba_core::input::definitions::diagnose("editor.yaml", &big).len();
    let t1 = js_sys::Date::now();
    let h = sunaba_ui::highlight::to_html(&big).map_or(0, |h| h.len());
    let t2 = js_sys::Date::now();
    console_log!(
        "editor: diagnose {} ms ({n}), to_html {} ms ({h} bytes)",
        t1 - t0,
        t2 - t1
    );
    // Then a keystroke in that text, the common case.
    let mut took_ms = Vec::new();
    for digit in 0..7 {
        let typed = big.replacen("name: pod-100\n", &format!("name: pod-100{digit}\n"), 1);
        let started = js_sys::Date::now();
        type_into_editor(&root, &typed).await;
        took_ms.push(js_sys::Date::now() - started);
    }
    took_ms.sort_by(f64::total_cmp);
    console_log!(
        "editor: a keystroke in that text took {} ms (median of 7; min {}, max {})",
        took_ms[3],
        took_ms[0],
        took_ms[6]
    );
    type_into_editor(&root, &big).await;
    assert_eq!(all(&root, ".sb-code-highlight .sb-tok-key").len(), 222 * 8);
    assert_eq!(all(&root, ".sb-gutter-line").len(), big.split('\n').count());
    assert!(all(&root, ".sb-code.is-plain").is_empty());

    let bigger = big.clone() + &doc(222);
    type_into_editor(&root, &bigger).await;
    assert_eq!(all(&root, ".sb-code.is-plain").len(), 1);
    assert!(all(&root, ".sb-code-highlight").is_empty());
    assert!(all(&root, ".sb-gutter-line").is_empty());
    // Diagnostics still work without highlighting.
    let started = js_sys::Date::now();
    type_into_editor(&root, &bigger.replace("name: pod-7\n", "name: Pod_7\n")).await;
    let took_ms = js_sys::Date::now() - started;
    console_log!(
        "editor: one keystroke in {} plain lines took {took_ms} ms",
        bigger.lines().count()
    );
    let items = all(&root, "[data-testid=editor-diagnostic]");
    assert_eq!(items.len(), 1);
    assert_eq!(attr(&items[0], "data-line"), (7 * 9 + 4).to_string());
    pg.unmount();
    style.remove();
}

// ---------- workloads panel and the timings switch (components/workloads.rs, header.rs) ----------

fn click_testid(root: &Element, selector: &str) {
    one(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

#[wasm_bindgen_test]
async fn workload_buttons_scale_roll_out_and_send_traffic_through_real_commands() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let row = one(
        &root,
        "[data-testid=deployment][data-deployment=nginx-deployment]",
    );
    assert_eq!(attr(&row, "data-rollout"), "complete");

    click_testid(&row, "[data-testid=workload-action-scale-up]");
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=terminal-output]")
        .contains("$ kubectl scale deployment/nginx-deployment --replicas=4"));
    advance_until_running(&pg, &root, 4).await;

    let image = one(&root, "[data-testid=image-input]");
    set_input(&image, "nginx:1.16.1");
    click_testid(&root, "[data-testid=workload-action-set-image]");
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=terminal-output]")
        .contains("$ kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1"));
    let row = one(
        &root,
        "[data-testid=deployment][data-deployment=nginx-deployment]",
    );
    assert_eq!(attr(&row, "data-rollout"), "progressing");

    click_testid(
        &root,
        "[data-testid=service][data-service=nginx] [data-testid=workload-action-traffic-start]",
    );
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=terminal-output]").contains("$ sim traffic nginx 50"));
    pg.advance(120_000.0);
    yew::scheduler::flush().await;
    assert_eq!(
        attr(
            &one(
                &root,
                "[data-testid=deployment][data-deployment=nginx-deployment]"
            ),
            "data-rollout"
        ),
        "complete",
        "the rollout finished: {}",
        pg.run("kubectl rollout status deployment/nginx-deployment --timeout=1s")
    );
    assert!(one(&root, "[data-testid=service][data-service=nginx]")
        .text_content()
        .unwrap_or_default()
        .contains("50 requests/s"));
    assert!(all(&root, "[data-testid=traffic-chart]").len() == 1);

    // The timings switch runs `sim compress` and the header says which timings are in force.
    click_testid(&root, "[data-testid=timings-toggle]");
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=terminal-output]").contains("$ sim compress 10"));
    assert!(text(&root, "[data-testid=timings]").contains("compressed ×10"));
    click_testid(&root, "[data-testid=timings-toggle]");
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=timings]").contains("real"));
    pg.unmount();
}

const ECS_TASK: &str = r#"{"family": "web", "containerDefinitions": [
  {"name": "web", "image": "nginx:1.27", "memory": 128, "portMappings": [{"containerPort": 80}]}]}"#;

#[wasm_bindgen_test]
async fn ecs_mode_registers_from_the_editor_creates_a_service_and_replaces_a_crashed_task() {
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("mode", JsValue::from_str("ecs")),
            ("definition", JsValue::from_str(ECS_TASK)),
            ("autoApply", JsValue::FALSE),
        ],
    );
    yew::scheduler::flush().await;
    assert_eq!(
        attr(&one(&root, "[data-testid=mode-ecs]"), "aria-selected"),
        "true"
    );
    one(&root, "[data-testid=ecs-empty]");
    // Apply: the editor holds a task definition, so Apply registers it.
    let out = pg.apply();
    assert!(
        out.contains(
            "\"taskDefinitionArn\": \"arn:aws:ecs:us-east-1:123456789012:task-definition/web:1\""
        ),
        "{out}"
    );
    yew::scheduler::flush().await;
    let create = one(
        &root,
        "[data-testid=ecs-family][data-family=web] [data-testid=ecs-action-create-service]",
    );
    assert_eq!(
        attr(&create, "data-command"),
        "aws ecs create-service --service-name web --task-definition web --desired-count 3"
    );
    click_testid(&root, "[data-testid=ecs-action-create-service]");
    pg.advance(10_000.0);
    yew::scheduler::flush().await;
    let service = one(&root, "[data-testid=ecs-service][data-service=web]");
    assert_eq!(
        (
            attr(&service, "data-running"),
            attr(&service, "data-desired")
        ),
        ("3".into(), "3".into())
    );
    assert!(text(&root, "[data-testid=ecs-bounds]").contains("at most 6 tasks"));
    assert_eq!(
        all(&root, "[data-testid=ecs-task][data-status=RUNNING]").len(),
        3
    );
    assert_eq!(all(&root, "[data-testid=ecs-instance]").len(), 3);
    // Crash a task from its menu: ECS stops it and the service starts a new one.
    let chip = one(&root, "[data-testid=ecs-task]");
    let task = attr(&chip, "data-task");
    chip.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    let crash = one(&root, "[data-testid=task-action-crash-1]");
    assert_eq!(
        attr(&crash, "data-command"),
        format!("sim crash task/{task} --exit-code 1")
    );
    crash.dyn_into::<HtmlElement>().unwrap().click();
    pg.advance(10_000.0);
    yew::scheduler::flush().await;
    let stopped = one(
        &root,
        &format!("[data-testid=ecs-stopped-task][data-task=\"{task}\"]"),
    );
    assert!(stopped
        .text_content()
        .unwrap_or_default()
        .contains("Essential container in task exited"));
    assert_eq!(
        all(&root, "[data-testid=ecs-task][data-status=RUNNING]").len(),
        3,
        "replaced"
    );
    assert!(all(&root, "[data-testid=ecs-task]")
        .iter()
        .all(|c| attr(c, "data-task") != task));
    assert!(text(&root, "[data-testid=ecs-events]").contains("(service web) has started 1 tasks"));
    assert!(terminal_text(&root).contains(&format!("$ sim crash task/{task} --exit-code 1")));
    // The Kubernetes tab shows the same machines, with the tasks tagged.
    click_testid(&root, "[data-testid=mode-kubernetes]");
    yew::scheduler::flush().await;
    assert_eq!(all(&root, "[data-testid=pod-ecs-task]").len(), 3);
}

#[wasm_bindgen_test]
async fn side_by_side_runs_the_deployment_on_ecs_and_one_crash_differs_on_each_side() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[("mode", JsValue::from_str("side-by-side"))]);
    pg.advance(15_000.0);
    yew::scheduler::flush().await;
    let run = one(&root, "[data-testid=side-action-run-on-ecs]");
    assert_eq!(
        attr(&run, "data-command"),
        "sim side-by-side deployment/nginx-deployment"
    );
    run.dyn_into::<HtmlElement>().unwrap().click();
    pg.advance(15_000.0);
    yew::scheduler::flush().await;
    assert_eq!(all(&root, "[data-testid=side-pod]").len(), 3);
    assert_eq!(all(&root, "[data-testid=side-task]").len(), 3);
    let table = text(&root, "[data-testid=side-differences]");
    assert!(
        table.contains("at most 4 pods, at least 3 available"),
        "{table}"
    );
    assert!(
        table.contains("at most 3 tasks, at least 3 healthy"),
        "{table}"
    );
    click_testid(&root, "[data-testid=side-action-crash-both]");
    pg.advance(5_000.0);
    yew::scheduler::flush().await;
    let restarts: u32 = all(&root, "[data-testid=side-pod]")
        .iter()
        .map(|p| attr(p, "data-restarts").parse::<u32>().unwrap())
        .sum();
    assert_eq!(restarts, 1, "Kubernetes restarted the container in place");
    let table = text(&root, "[data-testid=side-differences]");
    assert!(table.contains("Restarts so far: 1."), "{table}");
    assert!(table.contains("Stopped tasks so far: 1."), "{table}");
    // Keyboard: the tabs follow the ARIA pattern.
    let tab = one(&root, "[data-testid=mode-side-by-side]");
    press(&tab, "ArrowLeft");
    yew::scheduler::flush().await;
    assert_eq!(
        attr(&one(&root, "[data-testid=mode-ecs]"), "aria-selected"),
        "true"
    );
    assert_eq!(
        active_element().map(|e| attr(&e, "data-testid")),
        Some("mode-ecs".into())
    );
}

#[wasm_bindgen_test]
async fn ecs_and_side_by_side_speak_japanese() {
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("mode", JsValue::from_str("side-by-side")),
            ("lang", JsValue::from_str("ja")),
        ],
    );
    pg.advance(15_000.0);
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "[data-testid=mode-side-by-side]"), "並べて比較");
    assert!(text(&root, "[data-testid=side-action-run-on-ecs]").contains("ECS でも動かす"));
    click_testid(&root, "[data-testid=mode-ecs]");
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=ecs]").contains("コンテナインスタンス"));
}

fn set_dockerfile_text(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = one(root, "[data-testid=dockerfile-editor]")
        .dyn_into()
        .unwrap();
    editor.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    editor
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_dockerfile_panel_builds_the_example_shows_its_layers_and_flags_a_baked_database_url() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=dockerfile-editor]")
        .dyn_into()
        .unwrap();
    assert!(editor.value().starts_with("# The Sunaba demo app"));
    assert!(editor.value().contains("FROM node:20-slim"));
    assert!(
        all(&root, "[data-testid=dockerfile-finding]").is_empty(),
        "the example is clean"
    );
    assert!(text(&root, "[data-testid=dockerfile-image]").contains("Not built yet"));
    assert!(
        one(&root, "[data-testid=dockerfile-push]").has_attribute("disabled"),
        "nothing to push before a build"
    );

    click_testid(&root, "[data-testid=dockerfile-build]");
    yew::scheduler::flush().await;
    assert!(terminal_text(&root).contains("$ sim build -t shop:1.0 app"));
    let kinds: Vec<String> = all(&root, "[data-testid=dockerfile-layer-group]")
        .iter()
        .map(|g| attr(g, "data-kind"))
        .collect();
    assert_eq!(kinds, ["runtime", "dependencies", "code"]);
    for group in all(&root, "[data-testid=dockerfile-layer-group]") {
        let bytes: u64 = attr(&group, "data-bytes").parse().unwrap();
        assert!(bytes > 0, "{} is empty", attr(&group, "data-kind"));
    }
    assert!(all(&root, "[data-testid=dockerfile-layer]").len() >= 3);
    assert!(text(&root, "[data-testid=dockerfile-image]").contains("runtime + dependencies + code"));

    // Push: the repository in the sandbox account's ECR, then tag and push.
    click_testid(&root, "[data-testid=dockerfile-push]");
    yew::scheduler::flush().await;
    let log = terminal_text(&root);
    assert!(
        log.contains("$ aws ecr create-repository --repository-name shop"),
        "{log}"
    );
    assert!(log.contains(".dkr.ecr."), "{log}");
    assert!(log.contains("1.0: digest: sha256:"), "pushed: {log}");

    set_dockerfile_text(
        &root,
        &editor.value().replace(
            "USER node",
            "ENV DATABASE_URL=postgres://staging-db.example.rds.amazonaws.com/app\nUSER node",
        ),
    );
    yew::scheduler::flush().await;
    let findings = all(&root, "[data-testid=dockerfile-finding]");
    assert_eq!(findings.len(), 1);
    assert_eq!(attr(&findings[0], "data-rule"), "baked-environment-config");
    let line = attr(&findings[0], "data-line");
    assert_eq!(
        attr(&one(&root, "[data-testid=dockerfile-marker]"), "data-line"),
        line,
        "marked on its line"
    );
    assert!(findings[0]
        .text_content()
        .unwrap()
        .contains("ENV DATABASE_URL"));

    // The build reads the panel's text: the baked URL is in the image.
    click_testid(&root, "[data-testid=dockerfile-build]");
    yew::scheduler::flush().await;
    assert!(
        text(&root, "[data-testid=dockerfile-env]").contains("DATABASE_URL=postgres://staging-db")
    );

    one(&root, "[data-testid=lang-ja]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "[data-testid=dockerfile-build]"), "ビルド");
    assert_eq!(
        text(&root, "[data-testid=dockerfile-push]"),
        "ECR へプッシュ"
    );
    assert!(
        text(&root, "[data-testid=dockerfile-explain]").contains("ランタイム + 依存関係 + コード")
    );
    assert!(
        text(&root, "[data-testid=dockerfile-finding]").contains("環境ごとの設定"),
        "{}",
        text(&root, "[data-testid=dockerfile-finding]")
    );
    assert!(text(
        &root,
        "[data-testid=dockerfile-layer-group][data-kind=runtime]"
    )
    .contains("ランタイム"));
    pg.unmount();
}

/// Lets the page's pending tasks run (an exercise given as text loads in one).
async fn tick() {
    for _ in 0..3 {
        let resolved = js_sys::Promise::resolve(&JsValue::NULL);
        let _ = wasm_bindgen_futures::JsFuture::from(resolved).await;
        yew::scheduler::flush().await;
    }
}

const EXERCISE: &str = r#"
id: tiny
title: {en: "Run <b>one</b> pod", ja: "Pod をひとつ"}
summary: {en: One pod., ja: Pod ひとつ。}
panels: [terminal, cluster]
start:
  files:
    pod.yaml: |
      apiVersion: v1
      kind: Pod
      metadata:
        name: one
      spec:
        containers:
          - name: app
            image: nginx:1.27
steps:
  - title: {en: Apply it, ja: 適用する}
    text: {en: "Run `$ kubectl apply -f pod.yaml` and <i>wait</i>.", ja: "`$ kubectl apply -f pod.yaml` を実行。"}
    goal: {pod: one, phase: Running}
    hints:
      - {en: "Try `sim wait 30s`.", ja: "`sim wait 30s`。", attempts: 1}
    solution: [kubectl apply -f pod.yaml, sim wait 30s]
"#;

#[wasm_bindgen_test]
async fn an_exercise_given_as_text_opens_beside_its_panels_and_a_click_on_its_command_runs_it() {
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("exercise", JsValue::from_str(EXERCISE)),
            ("lang", JsValue::from_str("en")),
            ("step", JsValue::from(1)),
        ],
    );
    tick().await;
    let lesson = one(&root, "[data-testid=lesson]");
    assert_eq!(attr(&lesson, "data-step"), "0");
    // The author's text is text: no markup from an exercise.
    assert!(root.query_selector("b, i").unwrap().is_none());
    assert!(text(&root, "[data-testid=lesson]").contains("Run <b>one</b> pod"));
    // Only the declared panels: no editor, no events.
    assert!(root
        .query_selector("[data-testid=editor]")
        .unwrap()
        .is_none());
    assert!(root
        .query_selector("[data-testid=events]")
        .unwrap()
        .is_none());
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let listener = {
        let heard = heard.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
            move |e: web_sys::CustomEvent| {
                heard.borrow_mut().push(
                    js_sys::JSON::stringify(&e.detail())
                        .unwrap()
                        .as_string()
                        .unwrap(),
                )
            },
        )
    };
    root.add_event_listener_with_callback("sunaba:steppassed", listener.as_ref().unchecked_ref())
        .unwrap();
    one(&root, "[data-testid=lesson-command]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=terminal]").contains("pod/one created"));
    let clause = text(&root, "[data-testid=lesson-clause]");
    assert!(clause.contains("pod/one"), "{clause}");
    // One failed look after a command: the hint is due.
    assert!(text(&root, "[data-testid=lesson-hints]").contains("sim wait 30s"));
    pg.run("sim wait 30s");
    yew::scheduler::flush().await;
    assert_eq!(
        attr(&one(&root, "[data-testid=lesson]"), "data-finished"),
        "true"
    );
    let checked = pg.check();
    let finished = js_sys::Reflect::get(&checked, &"finished".into()).unwrap();
    assert_eq!(finished.as_bool(), Some(true));
    assert_eq!(heard.borrow().len(), 1, "{:?}", heard.borrow());
    assert!(heard.borrow()[0].contains("\"exercise\":\"tiny\""));
    pg.unmount();
}

#[wasm_bindgen_test]
async fn a_broken_exercise_gives_a_located_message_and_a_working_playground() {
    let root = fresh_root();
    let broken = EXERCISE.replace("panels: [terminal, cluster]", "panels: [terminal, nope]");
    let pg = mount_paused(&root, &[("exercise", JsValue::from_str(&broken))]);
    tick().await;
    let notice = text(&root, "[data-testid=notice]");
    assert!(
        notice.contains("exercise:5:") && notice.contains("unknown panel \"nope\""),
        "{notice}"
    );
    assert!(root
        .query_selector("[data-testid=lesson]")
        .unwrap()
        .is_none());
    assert!(pg.check().is_null());
    assert!(pg.run("kubectl get nodes").contains("node-1"));
    pg.unmount();
}

// ---------- Narration (components/narration.rs; the core's world/narration) ----------

/// Every element of the page that is an ARIA live region (explicitly, or by its role or tag).
fn live_regions(root: &Element) -> Vec<Element> {
    all(root, "*")
        .into_iter()
        .filter(|e| {
            let live = attr(e, "aria-live");
            (!live.is_empty() && live != "off")
                || ["status", "log", "alert", "marquee", "timer"]
                    .contains(&attr(e, "role").as_str())
                || e.tag_name() == "OUTPUT"
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_killed_pod_is_narrated_and_announced_once_and_its_links_show_its_events_and_the_kubelet()
{
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    advance_until_running(&pg, &root, 3).await;
    let pod = first_running_pod(&root);
    pg.run(&format!("sim kill {pod}"));
    // The kubelet creates the container again at once; nginx's image takes 0.2 s to start.
    pg.advance(1_000.0);
    yew::scheduler::flush().await;

    let line = one(&root, "[data-testid=narration-line]");
    assert_eq!(attr(&line, "data-kind"), "restart", "newest first");
    assert_eq!(attr(&line, "data-object"), format!("pod/{pod}"));
    let said = text(&root, "[data-testid=narration-line] .sb-narration-text");
    assert_eq!(
        said,
        format!("Container nginx in pod {pod} exited with code 137; the kubelet restarted it (restart 1); the next crash waits 10 s.")
    );
    assert!(all(&root, "[data-testid=narration-line]").len() <= 5);

    // One polite live region says it; the clock and the diagram's caption are not live.
    let live = live_regions(&root);
    let narration_live = one(&root, "[data-testid=narration-live]");
    assert_eq!(attr(&narration_live, "aria-live"), "polite");
    assert!(narration_live.text_content().unwrap().contains(&said));
    assert_eq!(
        live.iter()
            .filter(|e| e
                .text_content()
                .unwrap_or_default()
                .contains("restarted it"))
            .count(),
        1,
        "announced once"
    );
    let clock = one(&root, "[data-testid=clock]");
    assert!(
        !live.iter().any(|e| e.contains(Some(&clock))),
        "the clock is not a live region (nor inside one)"
    );
    let caption = one(&root, "[data-testid=hiw-caption]");
    assert!(!live.iter().any(|e| e.contains(Some(&caption))));

    // Time passing announces nothing new; the same line stays announced once.
    pg.advance(1_000.0);
    yew::scheduler::flush().await;
    assert_eq!(
        one(&root, "[data-testid=narration-live]")
            .text_content()
            .unwrap()
            .matches("restarted it")
            .count(),
        1
    );

    // Its links: the Events panel filtered to the pod, the kubelet lit in How it works.
    click_testid(
        &root,
        "[data-testid=narration-line] [data-testid=narration-events]",
    );
    yew::scheduler::flush().await;
    assert_eq!(
        input_value(&one(&root, "[data-testid=events-filter]")),
        format!("pod/{pod}")
    );
    assert!(all(&root, "[data-testid=event]")
        .iter()
        .any(|e| attr(e, "data-reason") == "Started"));
    click_testid(
        &root,
        "[data-testid=narration-line] [data-testid=narration-actor]",
    );
    yew::scheduler::flush().await;
    let focused = all(&root, "[data-testid=hiw-box][data-focused=true]");
    assert_eq!(focused.len(), 1);
    assert_eq!(attr(&focused[0], "data-part"), "kubelet");

    // In Japanese, in Japanese.
    click_testid(&root, "[data-testid=lang-ja]");
    yew::scheduler::flush().await;
    assert!(
        text(&root, "[data-testid=narration-line] .sb-narration-text")
            .contains("kubelet が再起動しました (再起動 1 回目)")
    );
    assert_eq!(text(&root, "[data-testid=narration] h2"), "いま起きたこと");

    // The switch to slow down at key moments.
    let slow = one(&root, "[data-testid=slow-down]");
    assert!(!slow
        .dyn_ref::<web_sys::HtmlInputElement>()
        .unwrap()
        .checked());
    click_testid(&root, "[data-testid=slow-down]");
    yew::scheduler::flush().await;
    assert!(one(&root, "[data-testid=slow-down]")
        .dyn_ref::<web_sys::HtmlInputElement>()
        .unwrap()
        .checked());
    pg.unmount();
}

#[wasm_bindgen_test]
async fn an_ecs_task_replacement_is_narrated_and_announced() {
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("mode", JsValue::from_str("ecs")),
            ("definition", JsValue::from_str(ECS_TASK)),
            ("autoApply", JsValue::FALSE),
        ],
    );
    yew::scheduler::flush().await;
    assert!(one(&root, "[data-testid=narration-empty]")
        .text_content()
        .unwrap()
        .starts_with("Nothing yet"));
    pg.apply();
    pg.run("aws ecs create-service --service-name web --task-definition web --desired-count 2");
    pg.advance(10_000.0);
    yew::scheduler::flush().await;
    let task = attr(&one(&root, "[data-testid=ecs-task]"), "data-task");
    pg.run(&format!("sim crash task/{task} --exit-code 1"));
    yew::scheduler::flush().await;

    let line = one(&root, "[data-testid=narration-line]");
    assert_eq!(attr(&line, "data-kind"), "ecs-task-replaced");
    assert_eq!(attr(&line, "data-object"), "service/web");
    let said = text(&root, "[data-testid=narration-line] .sb-narration-text");
    assert!(
        said.starts_with(&format!(
            "ECS stopped task {}… (essential container",
            &task[..8]
        )),
        "{said}"
    );
    assert!(
        said.contains("to keep service web at desiredCount 2"),
        "{said}"
    );
    assert!(text(&root, "[data-testid=narration-live]").contains(&said));
    // On the ECS drawing, the service scheduler acted.
    click_testid(
        &root,
        "[data-testid=narration-line] [data-testid=narration-actor]",
    );
    yew::scheduler::flush().await;
    assert_eq!(
        attr(
            &one(&root, "[data-testid=hiw-box][data-focused=true]"),
            "data-part"
        ),
        "service-scheduler"
    );
    pg.unmount();
}

#[wasm_bindgen_test]
async fn a_command_that_moves_the_clock_says_by_how_much_beside_the_clock_and_in_the_terminal() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[("lang", JsValue::from_str("en"))]);
    yew::scheduler::flush().await;
    assert!(root
        .query_selector("[data-testid=time-jump]")
        .unwrap()
        .is_none());
    pg.run("kubectl rollout status deployment/nginx-deployment");
    pg.run("sim wait 10m");
    yew::scheduler::flush().await;
    let note = text(&root, "[data-testid=time-jump]");
    assert!(
        note.contains("⏩ +10m00s") && note.contains("sim wait 10m"),
        "{note}"
    );
    let marks = all(&root, "[data-testid=log-jump]");
    assert!(!marks.is_empty());
    assert!(marks
        .last()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("+10m00s"));
    pg.unmount();
}

#[wasm_bindgen_test]
async fn the_language_chosen_with_the_switch_is_remembered_and_an_asked_one_wins() {
    let root = fresh_root();
    let no_lang =
        || sunaba::mount(root.clone().into(), options(&[("playing", JsValue::FALSE)])).unwrap();
    let pg = no_lang();
    yew::scheduler::flush().await;
    one(&root, "[data-testid=lang-ja]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    pg.unmount();
    // A later visit, no language asked: the learner's choice.
    let again = no_lang();
    yew::scheduler::flush().await;
    assert_eq!(attr(&one(&root, ".sunaba"), "lang"), "ja");
    again.unmount();
    // Asked for (a mount option, `?lang=`, a share link): that one.
    let asked = mount_paused(&root, &[("lang", JsValue::from_str("en"))]);
    yew::scheduler::flush().await;
    assert_eq!(attr(&one(&root, ".sunaba"), "lang"), "en");
    // Leave English remembered, as a fresh browser here would choose.
    one(&root, "[data-testid=lang-en]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    asked.unmount();
}

#[wasm_bindgen_test]
async fn after_set_image_the_editor_says_the_cluster_drifted_and_takes_its_version_in_one_click() {
    let root = fresh_root();
    let pg = mount_paused(&root, &[]);
    yew::scheduler::flush().await;
    assert!(root
        .query_selector("[data-testid=drift]")
        .unwrap()
        .is_none());
    pg.run("kubectl set image deployment/nginx-deployment nginx=nginx:1.27");
    yew::scheduler::flush().await;
    let notice = text(&root, "[data-testid=drift]");
    assert!(
        notice.contains(
            "deployment/nginx-deployment runs nginx=nginx:1.27 (the editor says nginx:1.14.2)"
        ),
        "{notice}"
    );
    one(&root, "[data-testid=take-cluster-version]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").dyn_into().unwrap();
    assert!(
        editor.value().contains("image: nginx:1.27"),
        "{}",
        editor.value()
    );
    assert!(root
        .query_selector("[data-testid=drift]")
        .unwrap()
        .is_none());
    // An edit not applied yet is not drift.
    pg.set_definition(&editor.value().replace("nginx:1.27", "nginx:1.28"));
    yew::scheduler::flush().await;
    assert!(root
        .query_selector("[data-testid=drift]")
        .unwrap()
        .is_none());
    pg.unmount();
}

#[wasm_bindgen_test]
async fn ecs_mode_opens_with_an_action_to_register_the_example_and_then_create_its_service() {
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("mode", JsValue::from_str("ecs")),
            ("autoApply", JsValue::FALSE),
        ],
    );
    yew::scheduler::flush().await;
    let register = one(&root, "[data-testid=ecs-register-example]");
    assert!(attr(&register, "data-command").starts_with("aws ecs register-task-definition"));
    register.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert!(root
        .query_selector("[data-testid=ecs-empty]")
        .unwrap()
        .is_none());
    one(
        &root,
        "[data-testid=ecs-family][data-family=shop] [data-testid=ecs-action-create-service]",
    )
    .dyn_into::<HtmlElement>()
    .unwrap()
    .click();
    pg.advance(60_000.0);
    yew::scheduler::flush().await;
    let services = pg.run("aws ecs describe-services --services shop");
    assert!(services.contains("\"serviceName\": \"shop\""), "{services}");
    assert!(text(&root, "[data-testid=terminal-output]").contains("register-task-definition"));
    pg.unmount();
}

/// `cluster: {nodes: 2}` builds the cluster quietly: its events list shows the two nodes
/// joining, not the default nodes the setup removed (a Ready node never shows `RemovingNode`).
#[wasm_bindgen_test]
async fn an_embedded_cluster_of_two_nodes_lists_only_their_joining() {
    let root = fresh_root();
    let cluster = options(&[
        ("nodes", JsValue::from(2)),
        ("cpu", JsValue::from_str("4")),
        ("memory", JsValue::from_str("8Gi")),
    ]);
    let pg = mount_paused(&root, &[("cluster", cluster)]);
    advance_until_running(&pg, &root, 3).await;
    let reasons: Vec<String> = all(&root, "[data-testid=event]")
        .iter()
        .map(|e| attr(e, "data-reason"))
        .collect();
    assert!(!reasons.iter().any(|r| r == "RemovingNode"), "{reasons:?}");
    assert_eq!(
        reasons.iter().filter(|r| *r == "RegisteredNode").count(),
        2,
        "{reasons:?}"
    );
    assert!(!pg.run("kubectl get events").contains("node-3"));
    pg.unmount();
}

/// Several playgrounds on one page (two with every panel, one in ECS mode, one exercise): no id
/// appears twice in the document, and every `aria-labelledby`, `aria-controls`,
/// `aria-describedby` and label `for` names an element of its own playground.
#[wasm_bindgen_test]
async fn two_playgrounds_and_an_exercise_on_one_page_repeat_no_element_id() {
    let roots: Vec<Element> = (0..4).map(|_| fresh_root()).collect();
    let playgrounds = vec![
        mount_paused(&roots[0], &[]),
        mount_paused(&roots[1], &[]),
        mount_paused(&roots[2], &[("mode", JsValue::from_str("ecs"))]),
        mount_paused(&roots[3], &[("exercise", JsValue::from_str(EXERCISE))]),
    ];
    tick().await;
    one(&roots[3], "[data-testid=lesson]");
    let ids: Vec<String> = all(&document().document_element().unwrap(), "[id]")
        .iter()
        .map(|e| e.id())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let repeated: Vec<&String> = ids.iter().filter(|id| !seen.insert(*id)).collect();
    assert!(
        repeated.is_empty(),
        "ids repeated on the page: {repeated:?}"
    );
    for root in &roots {
        assert!(!all(root, "[id]").is_empty());
        for (attribute, selector) in [
            ("aria-labelledby", "[aria-labelledby]"),
            ("aria-controls", "[aria-controls]"),
            ("aria-describedby", "[aria-describedby]"),
            ("for", "label[for]"),
        ] {
            for el in all(root, selector) {
                for id in attr(&el, attribute).split_whitespace() {
                    let target = document().get_element_by_id(id);
                    assert!(
                        target.is_some_and(|t| root.contains(Some(&t))),
                        "{attribute}={id:?} names no element of its own playground"
                    );
                }
            }
        }
    }
    for pg in playgrounds {
        pg.unmount();
    }
}

/// `panels` shows exactly the panels named: four asked for, four drawn (the cluster's own
/// workloads list is part of it), and none of the others — How it works and the reconcile
/// inspector included.
#[wasm_bindgen_test]
async fn the_panels_option_draws_exactly_the_panels_named() {
    let root = fresh_root();
    let names = js_sys::Array::of4(
        &"editor".into(),
        &"cluster".into(),
        &"terminal".into(),
        &"events".into(),
    );
    let pg = mount_paused(&root, &[("panels", names.into())]);
    yew::scheduler::flush().await;
    for shown in ["editor", "cluster", "terminal", "events"] {
        assert_eq!(
            all(&root, &format!("[data-testid={shown}]")).len(),
            1,
            "{shown}"
        );
    }
    for hidden in [
        "timeline",
        "how-it-works",
        "reconcile",
        "charts",
        "environments",
        "dockerfile",
    ] {
        assert!(
            all(&root, &format!("[data-testid={hidden}]")).is_empty(),
            "{hidden}"
        );
    }
    let headings: Vec<String> = all(&root, ".sb-panel h2")
        .iter()
        .map(|h| h.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        headings.len(),
        5,
        "four panels and the cluster's workloads: {headings:?}"
    );
    pg.unmount();

    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[("panels", js_sys::Array::of1(&"reconcile".into()).into())],
    );
    yew::scheduler::flush().await;
    assert_eq!(all(&root, "[data-testid=reconcile]").len(), 1);
    assert!(all(&root, "[data-testid=how-it-works]").is_empty());
    assert!(all(&root, ".sb-col-right").is_empty(), "no empty column");
    pg.unmount();
}

/// `mountEmbed` (the `embed/` page's entry) reads the address's parameters: the good ones
/// apply, the bad ones keep their defaults, and the page still gets a working playground.
#[wasm_bindgen_test]
async fn mount_embed_applies_good_parameters_and_keeps_defaults_for_bad_ones() {
    let root = fresh_root();
    let pg = sunaba::mount_embed(
        root.clone().into(),
        "?lang=ja&panels=cluster,events&seed=5&playing=0&speed=10&mode=nope&example=../x.yaml&z=1"
            .to_owned(),
        "http://127.0.0.1:1/".to_owned(),
    )
    .await
    .unwrap_or_else(|_| panic!("mountEmbed"));
    yew::scheduler::flush().await;
    assert_eq!(attr(&one(&root, ".sunaba"), "lang"), "ja");
    assert_eq!(
        attr(
            &one(&root, "[data-testid=mode-kubernetes]"),
            "aria-selected"
        ),
        "true",
        "a bad mode keeps the default"
    );
    assert_eq!(
        attr(&one(&root, "[data-testid=play-pause]"), "aria-pressed"),
        "false"
    );
    assert_eq!(
        attr(&one(&root, "[data-testid=speed-10]"), "aria-pressed"),
        "true"
    );
    assert!(all(&root, "[data-testid=editor]").is_empty());
    assert!(all(&root, "[data-testid=terminal]").is_empty());
    assert_eq!(all(&root, "[data-testid=events]").len(), 1);
    // The default definition, since the example was refused: nginx is applied.
    advance_until_running(&pg, &root, 3).await;
    assert!(pg
        .run("kubectl get deployments")
        .contains("nginx-deployment"));
    assert!(js_sys::Reflect::get(&pg.timeline(), &"seed".into())
        .unwrap()
        .as_f64()
        .is_some_and(|s| s == 5.0));
    pg.unmount();
}
