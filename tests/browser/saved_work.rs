//! The saved work in the browser: another tab's save (a `storage` event) is taken quietly or
//! asked about, and a damaged or unreadable saved text is refused with a message while the
//! page still works.

use super::*;

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn stored(key: &str) -> Option<String> {
    local_storage().get_item(key).unwrap()
}

/// A record as another tab of this page writes it.
fn record(rev: u64, text: &str) -> String {
    let text = js_sys::JSON::stringify(&JsValue::from_str(text))
        .unwrap()
        .as_string()
        .unwrap();
    format!(r#"{{"app":"sunaba","kind":"editor","version":1,"rev":{rev},"text":{text}}}"#)
}

/// Another tab saves `value` under `key`: the browser stores it, then tells this tab.
fn other_tab_saves(key: &str, value: &str) {
    local_storage().set_item(key, value).unwrap();
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(key));
    init.set_new_value(Some(value));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
}

fn editor_text(root: &Element) -> String {
    one(root, "[data-testid=editor]")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value()
}

fn click(root: &Element, testid: &str) {
    one(root, &format!("[data-testid={testid}]"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn fresh_key(what: &str) -> String {
    format!("sunaba-test-{what}-{}", js_sys::Math::random())
}

#[wasm_bindgen_test]
async fn another_tabs_save_is_taken_quietly_or_asked_about_when_this_tab_has_changes() {
    let key = fresh_key("tabs");
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("autoApply", JsValue::FALSE),
            ("storageKey", JsValue::from_str(&key)),
        ],
    );
    yew::scheduler::flush().await;
    type_into_editor(&root, "# mine 1\n").await;
    assert_eq!(stored(&key), Some(record(1, "# mine 1\n")));

    // No changes here: the other tab's text is taken quietly.
    other_tab_saves(&key, &record(2, "# theirs 2\n"));
    yew::scheduler::flush().await;
    assert_eq!(editor_text(&root), "# theirs 2\n");
    assert!(all(&root, "[data-testid=saved-work]").is_empty());

    // The other tab saved and its event is still on its way: typing here must not replace it.
    local_storage()
        .set_item(&key, &record(3, "# theirs 3\n"))
        .unwrap();
    type_into_editor(&root, "# mine 4\n").await;
    assert!(
        text(&root, "[data-testid=saved-work]").contains("changed in another tab"),
        "{}",
        text(&root, "[data-testid=saved-work]")
    );
    assert_eq!(stored(&key), Some(record(3, "# theirs 3\n")));
    // Its event arrives while this tab has changes: still asked, nothing replaced.
    other_tab_saves(&key, &record(4, "# theirs 4\n"));
    yew::scheduler::flush().await;
    assert_eq!(editor_text(&root), "# mine 4\n");
    assert_eq!(stored(&key), Some(record(4, "# theirs 4\n")));
    click(&root, "keep-mine");
    yew::scheduler::flush().await;
    assert_eq!(stored(&key), Some(record(5, "# mine 4\n")));
    assert!(all(&root, "[data-testid=saved-work]").is_empty());

    // Again, and this time the learner loads theirs.
    local_storage()
        .set_item(&key, &record(6, "# theirs 6\n"))
        .unwrap();
    type_into_editor(&root, "# mine 7\n").await;
    click(&root, "load-theirs");
    yew::scheduler::flush().await;
    assert_eq!(editor_text(&root), "# theirs 6\n");
    assert_eq!(stored(&key), Some(record(6, "# theirs 6\n")));
    assert!(all(&root, "[data-testid=saved-work]").is_empty());
    type_into_editor(&root, "# theirs 6, then mine\n").await;
    assert_eq!(stored(&key), Some(record(7, "# theirs 6, then mine\n")));

    // Another key's save is none of this playground's business.
    other_tab_saves(&fresh_key("other"), &record(9, "# elsewhere\n"));
    yew::scheduler::flush().await;
    assert_eq!(editor_text(&root), "# theirs 6, then mine\n");
    pg.unmount();
    local_storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn a_damaged_saved_text_is_refused_with_a_message_kept_and_the_page_still_works() {
    let key = fresh_key("damaged");
    let damaged = record(2, "# my work\n");
    let damaged = &damaged[..damaged.len() - 4];
    local_storage().set_item(&key, damaged).unwrap();
    let root = fresh_root();
    let pg = mount_paused(&root, &[("storageKey", JsValue::from_str(&key))]);
    yew::scheduler::flush().await;
    let message = text(&root, "[data-testid=saved-work]");
    assert!(message.contains("could not be read"), "{message}");
    assert!(message.contains("damaged"), "{message}");
    let copy = format!("{key}:unreadable");
    assert!(message.contains(&copy), "{message}");
    assert_eq!(stored(&copy).as_deref(), Some(damaged));
    // The page opens with its example and runs it.
    assert!(editor_text(&root).contains("kind: Deployment"));
    advance_until_running(&pg, &root, 3).await;
    // A copy is kept, so the learner's new work is saved as usual.
    type_into_editor(&root, "# new work\n").await;
    assert_eq!(stored(&key), Some(record(1, "# new work\n")));
    assert_eq!(stored(&copy).as_deref(), Some(damaged));
    pg.unmount();
    local_storage().remove_item(&key).unwrap();
    local_storage().remove_item(&copy).unwrap();
}

#[wasm_bindgen_test]
async fn a_newer_versions_saved_text_is_not_saved_over_when_no_copy_can_be_kept() {
    let key = fresh_key("future");
    let newer = r#"{"app":"sunaba","kind":"editor","version":9,"rev":1,"texts":[]}"#;
    let copy = format!("{key}:unreadable");
    local_storage().set_item(&key, newer).unwrap();
    local_storage().set_item(&copy, "an earlier copy").unwrap();
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("storageKey", JsValue::from_str(&key)),
            ("lang", JsValue::from_str("ja")),
        ],
    );
    yew::scheduler::flush().await;
    let message = text(&root, "[data-testid=saved-work]");
    assert!(message.contains("新しいバージョン"), "{message}");
    type_into_editor(&root, "# mine\n").await;
    assert_eq!(stored(&key).as_deref(), Some(newer));
    assert_eq!(stored(&copy).as_deref(), Some("an earlier copy"));
    assert_eq!(editor_text(&root), "# mine\n");
    pg.unmount();
    local_storage().remove_item(&key).unwrap();
    local_storage().remove_item(&copy).unwrap();
}

#[wasm_bindgen_test]
async fn a_bad_share_link_leaves_the_saved_work_as_it_was() {
    let key = fresh_key("share");
    local_storage()
        .set_item(&key, &record(3, "# my work\n"))
        .unwrap();
    let root = fresh_root();
    let pg = mount_paused(
        &root,
        &[
            ("autoApply", JsValue::FALSE),
            ("storageKey", JsValue::from_str(&key)),
            ("share", JsValue::from_str("share=2.eNqrVipOTU1RsjKs")),
        ],
    );
    yew::scheduler::flush().await;
    let notice = text(&root, "[data-testid=notice]");
    assert!(
        notice.contains("could not be opened (it is damaged or cut short)"),
        "{notice}"
    );
    assert_eq!(editor_text(&root), "# my work\n");
    assert_eq!(stored(&key), Some(record(3, "# my work\n")));
    assert_eq!(stored(&format!("{key}:previous")), None);
    pg.unmount();
    local_storage().remove_item(&key).unwrap();
}
