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
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = EXERCISES.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        listed, on_disk,
        "add the new exercise to tests/it/common/exercises.rs"
    );
}
