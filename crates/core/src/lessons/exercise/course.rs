//! A course: the order in which a workshop's exercises are taken (`www/exercises/course.yaml`).
//! The lesson list shows them in this order; the check proves every id names an exercise.

use super::read::{bilingual, entries, items, require, text, ExerciseError, Read};
use crate::input::definitions::yaml::parse_documents;
use crate::lessons::experiments::Text;

/// The file name a course has in an exercises folder.
pub const COURSE_FILE: &str = "course.yaml";

/// The file an exercise has beside its course: `self-healing` → `self-healing.yaml` (the page
/// loads it by this name when the exercise opens).
pub fn exercise_file(id: &str) -> String {
    format!("{id}.yaml")
}

#[derive(Clone, Debug)]
pub struct Course {
    pub title: Text,
    /// Exercise ids, in order; each at its line in the file (for errors about it).
    pub exercises: Vec<(String, usize)>,
}

/// Reads a course file.
pub fn parse_course(source: &str) -> Read<Course> {
    let docs = parse_documents(source).map_err(|e| ExerciseError {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let Some(root) = docs.into_iter().find_map(|d| d.root) else {
        return Err(ExerciseError {
            line: 1,
            column: 1,
            message: "empty course: it has a title and exercises".into(),
        });
    };
    let e = entries(&root, "course", &["title", "exercises"])?;
    let list = require(&root, &e, "exercises", "course")?;
    let mut exercises: Vec<(String, usize)> = Vec::new();
    for item in items(list, "exercises")? {
        let id = text(item, "an exercise id")?;
        if exercises.iter().any(|(seen, _)| *seen == id) {
            return Err(ExerciseError::at(
                item,
                format!("exercise \"{id}\" is listed twice"),
            ));
        }
        exercises.push((id, item.line));
    }
    Ok(Course {
        title: bilingual(require(&root, &e, "title", "course")?, "title")?,
        exercises,
    })
}

/// The course's ids that name no exercise, and the exercises the course leaves out.
pub fn mismatches<'a>(
    course: &'a Course,
    ids: &'a [String],
) -> (Vec<&'a (String, usize)>, Vec<&'a String>) {
    let unknown = course
        .exercises
        .iter()
        .filter(|(id, _)| !ids.contains(id))
        .collect();
    let missing = ids
        .iter()
        .filter(|id| !course.exercises.iter().any(|(c, _)| c == *id))
        .collect();
    (unknown, missing)
}
