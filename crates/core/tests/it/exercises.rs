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
    let listed: Vec<&str> = EXERCISES.iter().map(|(n, _)| *n).collect();
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
    assert_eq!(in_course, ids, "the course follows the files' numbering");
    let e = course::parse_course("title: {en: T, ja: T}\nexercises: [a, b, a]\n").unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (2, "exercise \"a\" is listed twice")
    );
}
