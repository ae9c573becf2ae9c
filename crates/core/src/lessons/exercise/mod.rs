//! Workshop exercises: an author's YAML file ([`parse`] → [`model::Exercise`]) with a start
//! state, steps and goals; [`run`] plays them — the learner's commands on a world that began
//! from the exercise's start, a look after each command and each step of time — and
//! [`check`] proves an exercise sound: the start alone fails every step's goal and the reference
//! solution passes it.

pub mod check;
pub mod course;
pub mod markup;
pub mod model;
pub mod parse;
pub mod progress;
pub mod read;
pub mod run;
#[cfg(test)]
mod tests;
pub mod view;

pub use model::Exercise;
pub use parse::parse;
pub use read::ExerciseError;
