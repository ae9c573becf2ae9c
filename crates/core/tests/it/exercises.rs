//! The workshop's exercises as the core checks them, and the compiled-in list the browser check
//! uses is exactly the folder's.

use crate::common::exercises::{unsound, EXERCISES};

#[test]
fn every_exercise_is_sound() {
    assert_eq!(unsound(), Vec::<String>::new());
    assert!(EXERCISES.len() >= 16, "{}", EXERCISES.len());
}

#[test]
fn the_compiled_in_list_is_the_folder() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/exercises");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "course.yaml")
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = EXERCISES.iter().map(|(n, _)| *n).collect();
    listed.sort();
    assert_eq!(
        listed, on_disk,
        "add the new exercise to tests/it/common/exercises.rs"
    );
}

#[test]
fn the_course_lists_every_exercise_once_in_order() {
    use sunaba_core::lessons::exercise::{course, parse};
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../www/exercises/course.yaml"
    ))
    .unwrap();
    let c = course::parse_course(&text).unwrap();
    let ids: Vec<String> = EXERCISES
        .iter()
        .map(|(_, t)| parse(t).unwrap().id)
        .collect();
    let (unknown, missing) = course::mismatches(&c, &ids);
    assert!(
        unknown.is_empty() && missing.is_empty(),
        "{unknown:?} {missing:?}"
    );
    let in_course: Vec<&str> = c.exercises.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(in_course, ids, "the compiled-in list follows the course");
    let e = course::parse_course("title: {en: T, ja: T}\nexercises: [a, b, a]\n").unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (2, "exercise \"a\" is listed twice")
    );
}

/// Hostile or broken exercise files: every cut, doubled line and odd character gives a located
/// error or an exercise, never a panic (a panic in Wasm would take the lesson page down).
#[test]
fn broken_exercise_files_are_refused_with_a_location_never_a_panic() {
    use sunaba_core::lessons::exercise::parse;
    let mut checked = 0;
    for (_, text) in EXERCISES.iter().take(4) {
        let lines: Vec<&str> = text.lines().collect();
        for i in (0..lines.len()).step_by(3) {
            let mut cut = lines.clone();
            cut.remove(i);
            let mut doubled = lines.clone();
            doubled.insert(i, lines[i]);
            let mut odd = lines.clone();
            let replaced = lines[i].replacen(':', ": [", 1);
            odd[i] = &replaced;
            for variant in [cut, doubled, odd] {
                let t = variant.join("\n");
                if let Err(e) = parse(&t) {
                    assert!(
                        e.line >= 1 && e.column >= 1 && !e.message.is_empty(),
                        "{e:?}"
                    );
                }
                checked += 1;
            }
        }
    }
    for hostile in [
        "",
        "---\n---\n",
        "id: [",
        "&a [*a, *a]",
        "id: t\nsteps: [{goal: {all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{all: [{deployment: x}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]\n",
        "id: t\ntitle: {en: T, ja: T}\nsummary: {en: S, ja: S}\nstart: {seed: -1}\nsteps: []\n",
        "id: t\ntitle: {en: T, ja: T}\nsummary: {en: S, ja: S}\nstart: {}\nsteps: [{title: {en: a, ja: a}, text: {en: a, ja: a}, goal: {pods: {app: x}, count: \">= 99999999999999999999999\"}, solution: [x]}]\n",
    ] {
        let e = parse(hostile).expect_err(hostile);
        assert!(e.line >= 1 && !e.message.is_empty(), "{e:?}");
    }
    assert!(checked > 100, "{checked}");
}
