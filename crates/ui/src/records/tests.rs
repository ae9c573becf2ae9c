//! Stored records: each refusal class, the version 0 values still read, and the two-tab rules
//! of the editor's autosave and of lesson progress.

use super::progress::Progress;
use super::sync::{
    copy_plan, Arrived, CopyPlan, Kept, Opening, Save, Status, StorageFailure, Sync,
};
use super::*;

fn record(rev: u64, text: &str) -> EditorRecord {
    EditorRecord {
        rev,
        text: text.into(),
    }
}

#[test]
fn an_editor_record_round_trips_and_names_its_app_kind_and_version_first() {
    let r = record(3, "kind: Pod\n# 砂場 \"quoted\"\n");
    let stored = r.write();
    assert!(stored.starts_with(r#"{"app":"sunaba","kind":"editor","version":1,"rev":3,"#));
    assert_eq!(EditorRecord::read(&stored), Ok(r));
}

#[test]
fn plain_texts_saved_before_records_are_read_as_revision_0() {
    for text in [
        "apiVersion: v1\nkind: Pod\n",
        "",
        r#"{"family": "api", "containerDefinitions": []}"#,
        "[1, 2]",
        "{ not json",
    ] {
        assert_eq!(EditorRecord::read(text), Ok(record(0, text)), "{text}");
    }
}

#[test]
fn an_oversized_value_is_refused_before_it_is_parsed() {
    let huge = "x".repeat(STORED_MAX_BYTES + 1);
    assert_eq!(
        EditorRecord::read(&huge),
        Err(Refusal::Oversized {
            bytes: STORED_MAX_BYTES + 1,
            max_bytes: STORED_MAX_BYTES
        })
    );
    // A plain text over the text bound, and a record whose text is over it.
    let long = "y".repeat(TEXT_MAX_BYTES + 1);
    assert!(matches!(
        EditorRecord::read(&long),
        Err(Refusal::Oversized {
            max_bytes: TEXT_MAX_BYTES,
            ..
        })
    ));
    assert!(matches!(
        EditorRecord::read(&record(1, &long).write()),
        Err(Refusal::Oversized {
            max_bytes: TEXT_MAX_BYTES,
            ..
        })
    ));
}

#[test]
fn a_record_cut_short_is_damaged() {
    let stored = record(2, "kind: Pod\n").write();
    for cut in [stored.len() - 1, stored.len() / 2, PREFIX.len()] {
        assert_eq!(
            EditorRecord::read(&stored[..cut]),
            Err(Refusal::Damaged),
            "{}",
            &stored[..cut]
        );
    }
}

#[test]
fn another_apps_record_or_another_kind_is_foreign() {
    assert_eq!(
        EditorRecord::read(r#"{"app":"other-playground","kind":"editor","version":1}"#),
        Err(Refusal::Foreign {
            app: "other-playground".into(),
            kind: "editor".into()
        })
    );
    assert_eq!(
        EditorRecord::read(r#"{"app":7}"#),
        Err(Refusal::Foreign {
            app: "7".into(),
            kind: String::new()
        })
    );
    let progress = Progress { step: 1, best: 2 }.write();
    assert_eq!(
        EditorRecord::read(&progress),
        Err(Refusal::Foreign {
            app: "sunaba".into(),
            kind: "progress".into()
        })
    );
}

#[test]
fn a_newer_versions_record_is_refused_not_misread() {
    let newer = r#"{"app":"sunaba","kind":"editor","version":2,"rev":9,"texts":["a"]}"#;
    assert_eq!(
        EditorRecord::read(newer),
        Err(Refusal::Future { version: 2 })
    );
    let message = EditorRecord::read(newer).unwrap_err().to_string();
    assert!(message.contains("newer version"), "{message}");
}

#[test]
fn our_record_of_the_wrong_shape_is_corrupt() {
    for bad in [
        r#"{"app":"sunaba","kind":"editor","version":1,"rev":1}"#,
        r#"{"app":"sunaba","kind":"editor","version":1,"rev":1,"text":3}"#,
        r#"{"app":"sunaba","kind":"editor","version":1,"rev":1,"text":"a","extra":1}"#,
        r#"{"app":"sunaba","kind":"editor","version":1,"rev":0,"text":"a"}"#,
        r#"{"app":"sunaba","kind":"editor","version":"1","rev":1,"text":"a"}"#,
        r#"{"app":"sunaba","kind":"editor","version":0,"rev":1,"text":"a"}"#,
        r#"{"app":"sunaba","kind":"editor","version":1,"rev":9007199254740993,"text":"a"}"#,
    ] {
        assert!(
            matches!(EditorRecord::read(bad), Err(Refusal::Corrupt { .. })),
            "{bad}: {:?}",
            EditorRecord::read(bad)
        );
    }
}

#[test]
fn refusal_messages_quote_at_most_a_short_excerpt() {
    let app = "<img src=x onerror=alert(1)>".repeat(50);
    let stored = format!(r#"{{"app":"{app}"}}"#);
    let message = EditorRecord::read(&stored).unwrap_err().to_string();
    assert!(message.len() < 120, "{message}");
}

#[test]
fn progress_reads_records_and_the_old_step_comma_best() {
    let p = Progress { step: 2, best: 3 };
    assert_eq!(Progress::read(&p.write()), Ok(p));
    assert_eq!(Progress::read("2,3"), Ok(p));
    for bad in ["", "2", "a,b", "-1,2", "99999,1"] {
        assert!(
            matches!(Progress::read(bad), Err(Refusal::Corrupt { .. })),
            "{bad}"
        );
    }
    assert_eq!(
        Progress::read(r#"{"app":"sunaba","kind":"progress","version":5}"#),
        Err(Refusal::Future { version: 5 })
    );
}

#[test]
fn progress_merges_the_most_steps_done_of_both_tabs() {
    // Another tab went further: going back to step 1 here keeps its best.
    let theirs = Progress { step: 4, best: 4 }.write();
    assert_eq!(
        Progress::merge(Some(&theirs), 1),
        Ok(Progress { step: 1, best: 4 })
    );
    assert_eq!(
        Progress::merge(Some("2,2"), 3),
        Ok(Progress { step: 3, best: 3 })
    );
    assert_eq!(Progress::merge(None, 2), Ok(Progress { step: 2, best: 2 }));
    // A value this page cannot read is not overwritten.
    assert!(Progress::merge(Some(r#"{"app":"sunaba","kind":"progress","version":2}"#), 1).is_err());
}

/// A tab of a page whose key starts as `stored`, with the key's value kept here as the
/// browser would.
struct Tab {
    sync: Sync,
    text: String,
}

impl Tab {
    fn open(store: &Option<String>, default: &str) -> Tab {
        let (sync, opening) = Sync::start(store.as_deref());
        let text = match opening {
            Opening::Text(t) => t,
            Opening::Nothing | Opening::Refused => default.into(),
        };
        Tab { sync, text }
    }

    /// Types `text`; a write goes to `store`.
    fn edit(&mut self, text: &str, store: &mut Option<String>) -> bool {
        self.text = text.into();
        match self.sync.edited(text, store.as_deref()) {
            Save::Write(r) => {
                *store = Some(r.write());
                self.sync.committed(r);
                true
            }
            Save::Skip => false,
        }
    }
}

#[test]
fn each_save_counts_a_revision_up() {
    let mut store = None;
    let mut tab = Tab::open(&store, "default");
    assert!(tab.edit("a", &mut store));
    assert!(tab.edit("ab", &mut store));
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(2, "ab"))
    );
    // A plain text from before records is upgraded by the first save.
    let mut store = Some("old text".to_owned());
    let mut tab = Tab::open(&store, "default");
    assert_eq!(tab.text, "old text");
    assert!(tab.edit("old text!", &mut store));
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(1, "old text!"))
    );
}

#[test]
fn a_tab_without_changes_takes_the_other_tabs_save_quietly() {
    let mut store = None;
    let mut a = Tab::open(&store, "");
    let mut b = Tab::open(&store, "");
    assert!(b.edit("from b", &mut store));
    assert_eq!(
        a.sync.arrived(store.as_deref(), &a.text),
        Arrived::Take("from b".into())
    );
    a.text = "from b".into();
    // …and its next edit builds on it.
    assert!(a.edit("from b, then a", &mut store));
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(2, "from b, then a"))
    );
    assert_eq!(a.sync.status(), &Status::Quiet);
    // The same record arriving twice changes nothing.
    assert_eq!(a.sync.arrived(store.as_deref(), &a.text), Arrived::Ignore);
}

#[test]
fn a_save_that_would_replace_another_tabs_newer_save_waits_for_the_learner() {
    let mut store = None;
    let mut a = Tab::open(&store, "");
    let mut b = Tab::open(&store, "");
    assert!(a.edit("a1", &mut store));
    // B saves before A's event reaches it … B's base is gone: B must not write.
    assert!(!b.edit("b1", &mut store));
    assert_eq!(b.sync.status(), &Status::Conflict);
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(1, "a1"))
    );
    // Further typing in B writes nothing either.
    assert!(!b.edit("b12", &mut store));
    // "Keep mine" writes B's text over A's, one revision on.
    let before = store.clone();
    match b.sync.keep_mine("b12", before.as_deref()) {
        Save::Write(r) => {
            assert_eq!(r, record(2, "b12"));
            store = Some(r.write());
            b.sync.committed(r);
        }
        Save::Skip => panic!("keep mine must write"),
    }
    assert_eq!(b.sync.status(), &Status::Quiet);
    // A had no changes: it takes B's text.
    assert_eq!(
        a.sync.arrived(store.as_deref(), &a.text),
        Arrived::Take("b12".into())
    );
}

#[test]
fn a_tab_with_unsaved_changes_asks_before_taking_the_other_tabs_save() {
    let mut store = None;
    let mut a = Tab::open(&store, "");
    let mut b = Tab::open(&store, "");
    // A's save fails (the quota is full): its text is unsaved.
    a.text = "a's unsaved".into();
    match a.sync.edited(&a.text, store.as_deref()) {
        Save::Write(_) => a.sync.failed(StorageFailure::Full),
        Save::Skip => panic!("a write is due"),
    }
    assert_eq!(a.sync.status(), &Status::SaveFailed(StorageFailure::Full));
    assert!(b.edit("b's", &mut store));
    assert_eq!(a.sync.arrived(store.as_deref(), &a.text), Arrived::Conflict);
    assert_eq!(a.sync.status(), &Status::Conflict);
    assert!(!a.edit("a's unsaved, still", &mut store));
    // "Load theirs" shows B's text and drops A's.
    assert_eq!(a.sync.load_theirs(), Some("b's".into()));
    assert_eq!(a.sync.status(), &Status::Quiet);
    a.text = "b's".into();
    assert!(a.edit("b's and a's", &mut store));
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(2, "b's and a's"))
    );
}

#[test]
fn the_same_text_saved_by_both_tabs_is_no_conflict() {
    let mut store = None;
    let mut a = Tab::open(&store, "");
    let mut b = Tab::open(&store, "");
    assert!(a.edit("same", &mut store));
    assert!(!b.edit("same", &mut store));
    assert_eq!(b.sync.status(), &Status::Quiet);
    assert!(b.edit("same+", &mut store));
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(2, "same+"))
    );
}

#[test]
fn an_unreadable_value_is_never_saved_over_until_a_copy_is_kept() {
    let future = r#"{"app":"sunaba","kind":"editor","version":3,"rev":1}"#.to_owned();
    let mut store = Some(future.clone());
    let mut tab = Tab::open(&store, "default");
    assert_eq!(tab.text, "default");
    assert_eq!(
        tab.sync.status(),
        &Status::Refused {
            refusal: Refusal::Future { version: 3 },
            kept: Kept::Untouched
        }
    );
    assert!(!tab.edit("mine", &mut store));
    assert_eq!(store.as_deref(), Some(future.as_str()));
    // The shell copies it aside; then saves replace the original.
    assert_eq!(copy_plan(None, &future), CopyPlan::Write);
    assert_eq!(copy_plan(Some(&future), &future), CopyPlan::AlreadyKept);
    assert_eq!(copy_plan(Some("other"), &future), CopyPlan::Occupied);
    tab.sync.kept_copy(&future, "k:unreadable");
    assert!(matches!(
        tab.sync.status(),
        Status::Refused { kept: Kept::CopiedTo(k), .. } if k == "k:unreadable"
    ));
    assert!(tab.edit("mine", &mut store));
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(1, "mine"))
    );
}

#[test]
fn an_unreadable_value_written_by_another_tab_stops_this_tabs_saves() {
    let mut store = None;
    let mut tab = Tab::open(&store, "");
    assert!(tab.edit("a", &mut store));
    let newer = r#"{"app":"sunaba","kind":"editor","version":2}"#.to_owned();
    store = Some(newer.clone());
    assert_eq!(
        tab.sync.arrived(store.as_deref(), &tab.text),
        Arrived::Ignore
    );
    assert!(!tab.edit("ab", &mut store));
    assert_eq!(store.as_deref(), Some(newer.as_str()));
    assert!(matches!(
        tab.sync.status(),
        Status::Refused {
            refusal: Refusal::Future { version: 2 },
            kept: Kept::Untouched
        }
    ));
}

#[test]
fn a_text_over_the_bound_is_not_saved_and_says_so() {
    let mut store = None;
    let mut tab = Tab::open(&store, "");
    assert!(tab.edit("small", &mut store));
    let big = "z".repeat(TEXT_MAX_BYTES + 1);
    assert!(!tab.edit(&big, &mut store));
    assert_eq!(
        tab.sync.status(),
        &Status::TooLarge {
            bytes: TEXT_MAX_BYTES + 1
        }
    );
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(1, "small"))
    );
    // Back under the bound, saving resumes and the message goes.
    assert!(tab.edit("small again", &mut store));
    assert_eq!(tab.sync.status(), &Status::Quiet);
}

#[test]
fn a_key_removed_by_another_tab_is_written_anew() {
    let mut store = None;
    let mut tab = Tab::open(&store, "");
    assert!(tab.edit("a", &mut store));
    store = None;
    assert_eq!(tab.sync.arrived(None, &tab.text), Arrived::Ignore);
    assert!(tab.edit("ab", &mut store));
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(1, "ab"))
    );
}

#[test]
fn a_kept_text_round_trips_and_is_no_editor_record() {
    let stored = write_kept("my work\n");
    assert!(stored.starts_with(r#"{"app":"sunaba","kind":"kept","version":1,"#));
    assert_eq!(read_kept(&stored), Ok("my work\n".into()));
    assert_eq!(read_kept("old plain text"), Ok("old plain text".into()));
    assert!(matches!(
        EditorRecord::read(&stored),
        Err(Refusal::Foreign { .. })
    ));
    assert!(matches!(
        read_kept(&record(1, "x").write()),
        Err(Refusal::Foreign { .. })
    ));
    assert_eq!(read_kept(&stored[..20]), Err(Refusal::Damaged));
}

#[test]
fn a_tab_held_because_the_saved_text_could_not_be_kept_aside_never_writes() {
    let mut store = Some(record(4, "my work").write());
    let mut tab = Tab::open(&store, "");
    tab.sync.hold(StorageFailure::Full);
    assert!(!tab.edit("the shared text, edited", &mut store));
    assert_eq!(tab.sync.status(), &Status::SaveFailed(StorageFailure::Full));
    assert_eq!(
        EditorRecord::read(store.as_deref().unwrap()),
        Ok(record(4, "my work"))
    );
}
