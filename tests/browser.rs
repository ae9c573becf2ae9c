//! Browser tests of the playground: mount it, click it, advance time, read the DOM.
//! Run: wasm-bindgen-test in headless Chromium (`cargo xtask test`, or the toolchain recipe's
//! `cargo test --target wasm32-unknown-unknown -p sunaba --test browser`).
#![cfg(target_arch = "wasm32")]

use sunaba::Playground;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

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

/// Mounted with the clock stopped, so only the test moves time.
fn mount_paused(root: &Element, extra: &[(&str, JsValue)]) -> Playground {
    let mut fields = vec![("playing", JsValue::FALSE), ("seed", JsValue::from(7))];
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
async fn clicking_a_pod_kills_its_container_and_the_same_pod_runs_again_with_one_restart() {
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
    assert!(attr(&chip, "aria-label").contains(&format!("Kill container of pod {pod}")));
    chip.dyn_into::<HtmlElement>().unwrap().click();
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
        "nginx-deployment",
        "the menu starts at the first example"
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
    let n = sunaba_core::definitions::diagnose("editor.yaml", &big).len();
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
