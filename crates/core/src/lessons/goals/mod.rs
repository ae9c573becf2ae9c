//! The goal language: what a step of an exercise asks of the live simulation, written by an
//! author as YAML and evaluated by the core as one pure function of the world, the events and
//! commands since the step began, and the learner's files.
//!
//! A goal is a mapping. `all`, `any` and `not` combine goals; `for: 30s` + `goal:` asks that a
//! goal has held that long; a selector (`deployment: web`, `pods: {app: web}`, `node: node-2`,
//! `ecs-service: shop`, …) with conditions on its fields (`ready: 6`, `phase: Running`,
//! `restarts: "> 0"`) asks about objects, `count:` about how many match; `event:` asks about
//! events since the step began (`count`, or `never: true`), `traffic:` about requests and errors (a Service, or `loadbalancer/NAME`); `commands-used`, `commands-not-used`, `unchanged`
//! and `file` keep learners from shortcuts and read their files. [`eval::evaluate`] returns
//! every clause with pass/fail and its reason in English and Japanese.
//!
//! Files: `parse` (YAML → [`Goal`], located errors), `fields` (what each kind of object has),
//! `eval` (the evaluation).

pub mod eval;
pub mod fields;
pub mod parse;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::input::model::Millis;

/// How deeply goals may nest, and how many clauses one goal may hold.
pub const DEPTH_MAX: usize = 16;
pub const CLAUSES_MAX: usize = 200;

#[derive(Clone, Debug, PartialEq)]
pub enum Goal {
    All(Vec<Goal>),
    Any(Vec<Goal>),
    Not(Box<Goal>),
    /// The goal has held at every look for at least this long.
    For {
        goal: Box<Goal>,
        ms: Millis,
    },
    /// The selected objects: each must meet every condition; with `count`, how many meet them
    /// is compared instead (a named object must exist either way).
    Objects {
        select: Select,
        conds: Vec<Cond>,
        count: Option<Cmp>,
    },
    /// Events since the step began that match, counted.
    Events {
        matcher: EventMatch,
        count: Cmp,
    },
    /// Requests sent through a Service (`web`) or a load balancer (`loadbalancer/web-alb`) by
    /// `sim traffic` since the step began, and how many
    /// failed, compared.
    Traffic {
        service: String,
        namespace: String,
        requests: Option<Cmp>,
        errors: Option<Cmp>,
    },
    /// None of these commands (by prefix, words compared) was run in this step.
    CommandsNotUsed(Vec<String>),
    /// Each of these commands (by prefix) was run in this step (a step about reading: "look at
    /// the events with kubectl describe").
    CommandsUsed(Vec<String>),
    /// What setup made is still there: the same object (same uid), or as many nodes.
    Unchanged(Unchanged),
    /// A file the learner edits.
    File {
        path: String,
        check: FileCheck,
    },
}

/// Which objects a clause is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Select {
    pub kind: fields::Kind,
    /// One object by name; `None` = every object of the kind matching `labels`.
    pub name: Option<String>,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    /// The context whose cluster is asked (the current one when not given).
    pub context: Option<String>,
}

/// A condition on one field.
#[derive(Clone, Debug, PartialEq)]
pub struct Cond {
    pub field: &'static str,
    pub expect: Expect,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// A number compared (`6`, `">= 3"`, `"< 2"`).
    Number(Cmp),
    /// A word or text, equal.
    Text(String),
    Bool(bool),
    /// Name → value pairs that must all be present (`env: {APP_ENV: prod}`).
    Pairs(BTreeMap<String, String>),
}

/// A comparison with a number: `= 6`, `>= 3`, `< 2`, `!= 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cmp {
    pub op: Op,
    pub value: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    pub fn holds(&self, n: u64) -> bool {
        match self.op {
            Op::Eq => n == self.value,
            Op::Ne => n != self.value,
            Op::Lt => n < self.value,
            Op::Le => n <= self.value,
            Op::Gt => n > self.value,
            Op::Ge => n >= self.value,
        }
    }

    /// `6`, `≥ 3`, `< 2` as a reason prints it.
    pub fn text(&self) -> String {
        let op = match self.op {
            Op::Eq => "",
            Op::Ne => "≠ ",
            Op::Lt => "< ",
            Op::Le => "≤ ",
            Op::Gt => "> ",
            Op::Ge => "≥ ",
        };
        format!("{op}{}", self.value)
    }
}

/// Which events count: every given part must match.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EventMatch {
    /// `Killing`, `BackOff`, `Scheduled`… (the REASON column).
    pub reason: Option<String>,
    /// `Normal` or `Warning`.
    pub type_: Option<String>,
    /// `pod/web` matches `pod/web-5d9c…`: a prefix of the object.
    pub object: Option<String>,
    pub namespace: Option<String>,
    /// Part of the message.
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Unchanged {
    /// As many nodes as when the step began.
    Nodes,
    /// The object setup made still exists with the same uid (not deleted and re-created).
    Object(Select),
}

#[derive(Clone, Debug, PartialEq)]
pub enum FileCheck {
    Exists(bool),
    /// A field of the (first) YAML document, by dotted path (`spec.replicas`,
    /// `spec.template.spec.containers.0.image`), equals this text.
    PathEquals {
        path: String,
        value: String,
    },
    /// A field is present (`spec.template.spec.containers.0.resources.limits.memory`).
    PathExists(String),
    /// The file has no finding of these lint rules (all rules when empty).
    LintClean(Vec<String>),
    /// The text contains this.
    Contains(String),
}
