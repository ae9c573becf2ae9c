//! Evaluating a goal: one pure function of what a look sees — the world now, the events and
//! commands since the step began, the learner's files, what the step began with — and of the
//! memory of earlier looks (since when each `for` clause has held). Every clause comes back with
//! pass/fail and its reason in English and Japanese, in the goal's order, nested by depth.

use std::collections::BTreeMap;

use super::fields::{facts, kind_word, Fact, Facts};
use super::{Cmp, Cond, EventMatch, Expect, FileCheck, Goal, Select, Unchanged};
use crate::input::files::FileSource;
use crate::input::model::Millis;
use crate::lessons::experiments::Text;
use crate::sim::events::TraceEvent;
use crate::world::World;

/// What one look at the simulation sees.
pub struct Look<'a> {
    pub world: &'a World,
    /// When the step began (virtual time).
    pub began_ms: Millis,
    /// Events since the step began, oldest first.
    pub events: &'a [TraceEvent],
    /// Command lines run since the step began.
    pub commands: &'a [String],
    pub files: &'a dyn FileSource,
    pub baseline: &'a Baseline,
}

/// What the step began with, for `unchanged`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    pub nodes: usize,
    /// Uids of the objects `unchanged` clauses name, by their label.
    pub uids: BTreeMap<String, Option<String>>,
}

impl Baseline {
    /// Takes what `goal`'s `unchanged` clauses will compare with, from the world now.
    pub fn take(world: &World, goal: &Goal) -> Baseline {
        let mut b = Baseline {
            nodes: node_count(world),
            uids: BTreeMap::new(),
        };
        visit(goal, &mut |g| {
            if let Goal::Unchanged(Unchanged::Object(sel)) = g {
                let found = select(world, sel).and_then(|mut v| v.pop());
                b.uids.insert(sel_label(sel), found.and_then(|f| f.uid));
            }
        });
        b
    }
}

/// Since when each `for` clause has held (by its position in the goal), across looks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Memory {
    since: BTreeMap<usize, Millis>,
}

/// One clause's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// 0 for the goal itself, 1 for its parts, …
    pub depth: usize,
    pub passed: bool,
    pub reason: Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub passed: bool,
    pub clauses: Vec<Clause>,
}

/// Evaluates `goal` at this look, updating `memory`.
pub fn evaluate(goal: &Goal, look: &Look, memory: &mut Memory) -> Verdict {
    let mut out = Vec::new();
    let mut position = 0;
    let passed = eval(goal, look, memory, 0, &mut position, &mut out);
    Verdict {
        passed,
        clauses: out,
    }
}

fn text(en: String, ja: String) -> Text {
    Text { en, ja }
}

fn eval(
    goal: &Goal,
    look: &Look,
    memory: &mut Memory,
    depth: usize,
    position: &mut usize,
    out: &mut Vec<Clause>,
) -> bool {
    let me = *position;
    *position += 1;
    let slot = out.len();
    out.push(Clause {
        depth,
        passed: false,
        reason: text(String::new(), String::new()),
    });
    let (passed, reason) = match goal {
        Goal::All(parts) => {
            let results: Vec<bool> = parts
                .iter()
                .map(|g| eval(g, look, memory, depth + 1, position, out))
                .collect();
            let ok = results.iter().filter(|r| **r).count();
            (
                ok == results.len(),
                text(
                    format!("all of ({ok}/{} met)", results.len()),
                    format!("すべて（{ok}/{} 達成）", results.len()),
                ),
            )
        }
        Goal::Any(parts) => {
            let results: Vec<bool> = parts
                .iter()
                .map(|g| eval(g, look, memory, depth + 1, position, out))
                .collect();
            let ok = results.iter().filter(|r| **r).count();
            (
                ok > 0,
                text(
                    format!("any of ({ok}/{} met)", results.len()),
                    format!("いずれか（{ok}/{} 達成）", results.len()),
                ),
            )
        }
        Goal::Not(inner) => {
            let held = eval(inner, look, memory, depth + 1, position, out);
            (
                !held,
                text(
                    "none of the following".into(),
                    "次のことが成り立たない".into(),
                ),
            )
        }
        Goal::For { goal: inner, ms } => {
            let held = eval(inner, look, memory, depth + 1, position, out);
            let now = look.world.now_ms();
            let since = if held {
                *memory.since.entry(me).or_insert(now)
            } else {
                memory.since.remove(&me);
                now
            };
            let so_far = now - since;
            let d = |m: Millis| crate::base::clock::human_duration(m);
            (
                held && so_far >= *ms,
                text(
                    format!("held for {} of {}", d(so_far.min(*ms)), d(*ms)),
                    format!("{} のうち {} 保たれている", d(*ms), d(so_far.min(*ms))),
                ),
            )
        }
        Goal::Objects {
            select: sel,
            conds,
            count,
        } => objects(look, sel, conds, count.as_ref()),
        Goal::Events { matcher, count } => events(look, matcher, count),
        Goal::Traffic {
            service,
            namespace,
            requests,
            errors,
        } => traffic(look, service, namespace, requests.as_ref(), errors.as_ref()),
        Goal::CommandsNotUsed(banned) => commands(look, banned),
        Goal::CommandsUsed(wanted) => commands_used(look, wanted),
        Goal::Unchanged(u) => unchanged(look, u),
        Goal::File { path, check } => file(look, path, check),
    };
    out[slot].passed = passed;
    out[slot].reason = reason;
    passed
}

fn node_count(w: &World) -> usize {
    w.k.node_index.len()
}

/// The world a selector asks (its context's cluster, else the current one).
fn world_of<'w>(w: &'w World, sel: &Select) -> Option<&'w World> {
    match &sel.context {
        Some(c) => w.cluster_world(c),
        None => Some(w.active()),
    }
}

/// The selected objects (`None` when the context does not exist).
fn select(w: &World, sel: &Select) -> Option<Vec<Facts>> {
    let w = world_of(w, sel)?;
    let all = facts(w, sel.kind, &sel.namespace);
    Some(
        all.into_iter()
            .filter(|f| sel.name.as_ref().is_none_or(|n| *n == f.name))
            .filter(|f| sel.labels.iter().all(|(k, v)| f.labels.get(k) == Some(v)))
            .collect(),
    )
}

fn sel_label(sel: &Select) -> String {
    let word = kind_word(sel.kind);
    let mut s = match &sel.name {
        Some(n) => format!("{word}/{n}"),
        None if sel.labels.is_empty() => format!("every {word}"),
        None => {
            let l: Vec<String> = sel.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{word}s with {}", l.join(","))
        }
    };
    if super::fields::namespaced(sel.kind) && sel.namespace != "default" {
        s.push_str(&format!(" in {}", sel.namespace));
    }
    if let Some(c) = &sel.context {
        s.push_str(&format!(" (context {c})"));
    }
    s
}

/// Whether one fact meets one condition; the fact as a reason shows it.
fn meets(f: &Facts, c: &Cond) -> (bool, String) {
    if c.field == "exists" {
        return (matches!(c.expect, Expect::Bool(true)), "exists".into());
    }
    let fact = f.get(c.field);
    let shown = match fact {
        Fact::Number(n) => n.to_string(),
        Fact::Text(t) => t.clone(),
        Fact::Bool(b) => b.to_string(),
        Fact::Pairs(p) => p
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
        Fact::Missing => "none".into(),
    };
    let ok = match (&c.expect, fact) {
        (Expect::Number(cmp), Fact::Number(n)) => cmp.holds(*n),
        (Expect::Text(t), Fact::Text(v)) => t == v,
        (Expect::Bool(b), Fact::Bool(v)) => b == v,
        (Expect::Pairs(want), Fact::Pairs(have)) => {
            want.iter().all(|(k, v)| have.get(k) == Some(v))
        }
        _ => false,
    };
    (ok, shown)
}

fn want_text(e: &Expect) -> String {
    match e {
        Expect::Number(c) => c.text(),
        Expect::Text(t) => t.clone(),
        Expect::Bool(b) => b.to_string(),
        Expect::Pairs(p) => p
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The failed conditions of one object (empty = it meets them all), as EN and JA phrases.
fn failures(f: &Facts, conds: &[Cond]) -> (Vec<String>, Vec<String>) {
    let mut en = Vec::new();
    let mut ja = Vec::new();
    for c in conds.iter().filter(|c| c.field != "exists") {
        let (ok, shown) = meets(f, c);
        if !ok {
            let want = want_text(&c.expect);
            en.push(format!("{} is {shown}, want {want}", c.field));
            ja.push(format!("{} は {shown}（期待 {want}）", c.field));
        }
    }
    (en, ja)
}

fn conds_text(conds: &[Cond]) -> String {
    conds
        .iter()
        .filter(|c| c.field != "exists")
        .map(|c| format!("{} {}", c.field, want_text(&c.expect)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn objects(look: &Look, sel: &Select, conds: &[Cond], count: Option<&Cmp>) -> (bool, Text) {
    let label = sel_label(sel);
    let Some(found) = select(look.world, sel) else {
        let c = sel.context.clone().unwrap_or_default();
        return (
            false,
            text(
                format!("{label}: there is no context \"{c}\""),
                format!("{label}: コンテキスト \"{c}\" がありません"),
            ),
        );
    };
    let want_absent = conds
        .iter()
        .any(|c| c.field == "exists" && c.expect == Expect::Bool(false));
    if sel.name.is_some() {
        return named(&label, found.first(), conds, want_absent);
    }
    selected(&label, &found, conds, count)
}

/// One object by name: it exists (or must not) and meets every condition.
fn named(label: &str, found: Option<&Facts>, conds: &[Cond], want_absent: bool) -> (bool, Text) {
    match found {
        None if want_absent => (
            true,
            text(
                format!("{label} does not exist"),
                format!("{label} はありません"),
            ),
        ),
        None => (
            false,
            text(
                format!("{label} does not exist"),
                format!("{label} がありません"),
            ),
        ),
        Some(_) if want_absent => (
            false,
            text(
                format!("{label} still exists"),
                format!("{label} がまだあります"),
            ),
        ),
        Some(f) => {
            let (en, ja) = failures(f, conds);
            if en.is_empty() {
                let what = conds_text(conds);
                let what = if what.is_empty() {
                    "exists".into()
                } else {
                    what
                };
                (
                    true,
                    text(format!("{label}: {what}"), format!("{label}: {what}")),
                )
            } else {
                (
                    false,
                    text(
                        format!("{label}: {}", en.join("; ")),
                        format!("{label}: {}", ja.join("、")),
                    ),
                )
            }
        }
    }
}

/// Objects selected by labels: every one meets the conditions (and there is one), or, with
/// `count`, how many meet them is compared.
fn selected(label: &str, found: &[Facts], conds: &[Cond], count: Option<&Cmp>) -> (bool, Text) {
    let meeting = found
        .iter()
        .filter(|f| failures(f, conds).0.is_empty())
        .count() as u64;
    let total = found.len() as u64;
    let what = conds_text(conds);
    let suffix_en = if what.is_empty() {
        String::new()
    } else {
        format!(" with {what}")
    };
    let suffix_ja = if what.is_empty() {
        String::new()
    } else {
        format!("（{what}）")
    };
    match count {
        Some(c) => (
            c.holds(meeting),
            text(
                format!("{label}{suffix_en}: {meeting}, want {}", c.text()),
                format!("{label}{suffix_ja}: {meeting}（期待 {}）", c.text()),
            ),
        ),
        None => {
            let first_failure = found.iter().find_map(|f| {
                let (en, ja) = failures(f, conds);
                (!en.is_empty()).then(|| (f.label.clone(), en.join("; "), ja.join("、")))
            });
            match first_failure {
                _ if total == 0 => (
                    false,
                    text(
                        format!("{label}: none exist"),
                        format!("{label}: ひとつもありません"),
                    ),
                ),
                None => (
                    true,
                    text(
                        format!("{label}: all {total}{suffix_en}"),
                        format!("{label}: {total} 個すべて{suffix_ja}"),
                    ),
                ),
                Some((who, en, ja)) => (
                    false,
                    text(
                        format!("{label}: {meeting}/{total}; {who}: {en}"),
                        format!("{label}: {meeting}/{total}、{who}: {ja}"),
                    ),
                ),
            }
        }
    }
}

fn event_matches(e: &TraceEvent, m: &EventMatch) -> bool {
    m.reason.as_ref().is_none_or(|r| e.reason.as_str() == r)
        && m.type_.as_ref().is_none_or(|t| e.type_.as_str() == t)
        && m.object
            .as_ref()
            .is_none_or(|o| e.object.starts_with(o.as_str()))
        && m.namespace.as_ref().is_none_or(|n| e.namespace == *n)
        && m.message
            .as_ref()
            .is_none_or(|s| e.message.contains(s.as_str()))
}

fn events(look: &Look, m: &EventMatch, count: &Cmp) -> (bool, Text) {
    let n = look.events.iter().filter(|e| event_matches(e, m)).count() as u64;
    let mut what = Vec::new();
    if let Some(t) = &m.type_ {
        what.push(t.clone());
    }
    if let Some(r) = &m.reason {
        what.push(r.clone());
    }
    if let Some(o) = &m.object {
        what.push(format!("on {o}"));
    }
    if let Some(ns) = &m.namespace {
        what.push(format!("in {ns}"));
    }
    if let Some(s) = &m.message {
        what.push(format!("\"{s}\""));
    }
    let what = what.join(" ");
    (
        count.holds(n),
        text(
            format!(
                "events {what} since the step began: {n}, want {}",
                count.text()
            ),
            format!(
                "このステップ開始後のイベント {what}: {n}（期待 {}）",
                count.text()
            ),
        ),
    )
}

fn traffic(
    look: &Look,
    service: &str,
    namespace: &str,
    requests: Option<&Cmp>,
    errors: Option<&Cmp>,
) -> (bool, Text) {
    let since = |samples: &mut dyn Iterator<Item = &crate::sim::traffic::TrafficSample>| {
        samples
            .filter(|s| s.time_ms > look.began_ms)
            .fold((0u64, 0u64), |(r, e), s| {
                (r + u64::from(s.requests), e + u64::from(s.errors))
            })
    };
    let w = look.world.active();
    // `loadbalancer/NAME`: requests through a load balancer (`sim traffic NAME`), as the
    // charts name them; anything else is a Service.
    let (sent, failed) = match service.strip_prefix("loadbalancer/") {
        Some(name) => w
            .ecs
            .elb
            .find_load_balancer(name)
            .and_then(|lb| w.ecs.elb.flows.get(&lb.arn))
            .map(|f| since(&mut f.samples.iter()))
            .unwrap_or((0, 0)),
        None => w
            .traffic
            .flows
            .get(&(namespace.to_string(), service.to_string()))
            .map(|f| since(&mut f.samples.iter()))
            .unwrap_or((0, 0)),
    };
    let shown = if service.contains('/') {
        service.to_string()
    } else {
        format!("service/{service}")
    };
    let ok = requests.is_none_or(|c| c.holds(sent)) && errors.is_none_or(|c| c.holds(failed));
    let want = |c: Option<&Cmp>| {
        c.map(|c| format!(" (want {})", c.text()))
            .unwrap_or_default()
    };
    let want_ja = |c: Option<&Cmp>| {
        c.map(|c| format!("（期待 {}）", c.text()))
            .unwrap_or_default()
    };
    (
        ok,
        text(
            format!(
                "traffic to {shown} since the step began: {sent} requests{}, {failed} failed{}",
                want(requests),
                want(errors)
            ),
            format!(
                "このステップ開始後の {shown} へのリクエスト: {sent}{}、失敗 {failed}{}",
                want_ja(requests),
                want_ja(errors)
            ),
        ),
    )
}

/// Whether `line` runs `banned` (its words are the line's first words).
fn runs(line: &str, banned: &str) -> bool {
    let l: Vec<&str> = line.split_whitespace().collect();
    let b: Vec<&str> = banned.split_whitespace().collect();
    !b.is_empty() && l.len() >= b.len() && l[..b.len()] == b[..]
}

fn commands(look: &Look, banned: &[String]) -> (bool, Text) {
    let used: Vec<&String> = look
        .commands
        .iter()
        .filter(|c| banned.iter().any(|b| runs(c, b)))
        .collect();
    match used.first() {
        None => (
            true,
            text(
                format!("not used: {}", banned.join(", ")),
                format!("使っていない: {}", banned.join(", ")),
            ),
        ),
        Some(c) => (
            false,
            text(
                format!("used \"{c}\", which this step does not allow"),
                format!("このステップでは使えない \"{c}\" を使いました"),
            ),
        ),
    }
}

fn commands_used(look: &Look, wanted: &[String]) -> (bool, Text) {
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|w| !look.commands.iter().any(|c| runs(c, w)))
        .collect();
    if missing.is_empty() {
        (
            true,
            text(
                format!("used: {}", wanted.join(", ")),
                format!("使った: {}", wanted.join(", ")),
            ),
        )
    } else {
        let m: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        (
            false,
            text(
                format!("not used yet: {}", m.join(", ")),
                format!("まだ使っていない: {}", m.join(", ")),
            ),
        )
    }
}

fn unchanged(look: &Look, u: &Unchanged) -> (bool, Text) {
    match u {
        Unchanged::Nodes => {
            let now = node_count(look.world);
            let then = look.baseline.nodes;
            (
                now == then,
                text(
                    format!("nodes: {now}, {then} when the step began"),
                    format!("ノード: {now}（ステップ開始時 {then}）"),
                ),
            )
        }
        Unchanged::Object(sel) => {
            let label = sel_label(sel);
            let then = look.baseline.uids.get(&label).cloned().flatten();
            let now = select(look.world, sel)
                .and_then(|mut v| v.pop())
                .and_then(|f| f.uid);
            match (then, now) {
                (Some(a), Some(b)) if a == b => (
                    true,
                    text(
                        format!("{label} is the one the step began with"),
                        format!("{label} はステップ開始時のものと同じです"),
                    ),
                ),
                (_, None) => (
                    false,
                    text(
                        format!("{label} is gone"),
                        format!("{label} がなくなりました"),
                    ),
                ),
                _ => (
                    false,
                    text(
                        format!("{label} was deleted and made again"),
                        format!("{label} は削除されて作り直されました"),
                    ),
                ),
            }
        }
    }
}

/// A field of the first YAML document by dotted path (`spec.template.spec.containers.0.image`).
fn yaml_field(text_: &str, path: &str) -> Option<String> {
    use crate::input::definitions::yaml::{parse_documents, Value};
    let docs = parse_documents(text_).ok()?;
    let mut node = docs.into_iter().find_map(|d| d.root)?;
    for part in path.split('.') {
        let next = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == part))
                .map(|(_, v)| v.clone()),
            Value::Seq(items) => part
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i).cloned()),
            Value::Scalar { .. } => None,
        }?;
        node = next;
    }
    match &node.value {
        Value::Scalar { text, .. } => Some(text.clone()),
        _ => Some(String::new()),
    }
}

fn file(look: &Look, path: &str, check: &FileCheck) -> (bool, Text) {
    let content = look.files.read(path).ok();
    match (check, content) {
        (FileCheck::Exists(want), c) => {
            let has = c.is_some();
            let (en, ja) = if has {
                (format!("{path} exists"), format!("{path} があります"))
            } else {
                (
                    format!("{path} does not exist"),
                    format!("{path} はありません"),
                )
            };
            (has == *want, text(en, ja))
        }
        (_, None) => (
            false,
            text(
                format!("{path} does not exist"),
                format!("{path} がありません"),
            ),
        ),
        (FileCheck::Contains(s), Some(c)) => {
            let ok = c.contains(s.as_str());
            let (en, ja) = if ok {
                (
                    format!("{path} contains \"{s}\""),
                    format!("{path} に \"{s}\" があります"),
                )
            } else {
                (
                    format!("{path} does not contain \"{s}\""),
                    format!("{path} に \"{s}\" がありません"),
                )
            };
            (ok, text(en, ja))
        }
        (FileCheck::PathExists(p), Some(c)) => file_field(path, &c, p, None),
        (FileCheck::PathEquals { path: p, value }, Some(c)) => file_field(path, &c, p, Some(value)),
        (FileCheck::LintClean(rules), Some(c)) => file_lint(path, &c, rules),
    }
}

/// A field of a YAML file is present (`want` = None) or equal to `want`.
fn file_field(path: &str, content: &str, field: &str, want: Option<&String>) -> (bool, Text) {
    let got = yaml_field(content, field);
    let ok = match (want, &got) {
        (Some(w), Some(g)) => g == w,
        (None, Some(_)) => true,
        _ => false,
    };
    let shown = got.unwrap_or_else(|| "not set".into());
    let (want_en, want_ja) = match want {
        Some(w) => (format!(", want {w}"), format!("（期待 {w}）")),
        None => (String::new(), String::new()),
    };
    (
        ok,
        text(
            format!("{path}: {field} is {shown}{want_en}"),
            format!("{path}: {field} は {shown}{want_ja}"),
        ),
    )
}

/// The file has no lint finding of `rules` (any rule when empty): Dockerfiles by the
/// Dockerfile lint, the rest by the manifests' lint.
fn file_lint(path: &str, content: &str, rules: &[String]) -> (bool, Text) {
    let findings = if crate::input::dockerfile_lint::is_dockerfile_name(path) {
        crate::input::dockerfile_lint::lint(path, content)
    } else {
        crate::input::definitions::lint::lint(path, content)
    };
    let hits: Vec<String> = findings
        .iter()
        .filter(|f| rules.is_empty() || rules.iter().any(|r| r == f.rule))
        .map(|f| format!("{} (line {})", f.rule, f.line))
        .collect();
    if hits.is_empty() {
        (
            true,
            text(
                format!("{path}: no lint findings"),
                format!("{path}: lint の指摘なし"),
            ),
        )
    } else {
        (
            false,
            text(
                format!("{path}: {}", hits.join(", ")),
                format!("{path}: 指摘 {}", hits.join("、")),
            ),
        )
    }
}

/// Calls `f` on every goal inside `goal`, `goal` first.
pub fn visit(goal: &Goal, f: &mut dyn FnMut(&Goal)) {
    f(goal);
    match goal {
        Goal::All(parts) | Goal::Any(parts) => {
            for p in parts {
                visit(p, f);
            }
        }
        Goal::Not(inner) | Goal::For { goal: inner, .. } => visit(inner, f),
        _ => {}
    }
}
