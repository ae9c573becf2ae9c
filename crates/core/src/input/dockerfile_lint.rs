//! Dockerfile lint (`sunaba lint Dockerfile`): what makes an image unsafe or tied to one
//! environment, located at the line and column of the word that causes it.
//!
//! Rules: a secret baked with `ENV` (names containing PASSWORD, SECRET, TOKEN, KEY…), no
//! `USER` in the final stage (the process runs as root), a base image without a fixed tag
//! (`FROM x` or `FROM x:latest`), environment-specific configuration baked with `ENV`
//! (URLs and endpoints, `*.rds.amazonaws.com`, 12-digit AWS account ids, ARNs): the image
//! should be the same in every environment, and each environment injects its own config.
//! A Dockerfile that does not parse gives one `parse-error` finding at its line.

use std::collections::BTreeMap;

use crate::input::definitions::lint::Finding;
use crate::input::dockerfile::{self, StepKind};

/// The rules, with what each predicts.
pub const RULES: &[(&str, &str)] = &[
    ("secret-in-env", "a secret baked with ENV: everyone who can pull the image reads it (docker history, docker inspect); inject it at run time from a Secret"),
    ("runs-as-root", "no USER: the process runs as root, so a compromised app is root in its container"),
    ("latest-tag", "base image without a fixed tag (:latest): the next build can get a different runtime"),
    ("baked-environment-config", "environment-specific configuration baked with ENV (an endpoint, account id or ARN): the same image cannot run in test, staging and prod; inject it per environment"),
    ("parse-error", "the Dockerfile does not parse"),
];

/// The same rules in Japanese, keyed by rule id (for the UI's Japanese mode; the CLI prints
/// the English message of each finding).
pub const RULES_JA: &[(&str, &str)] = &[
    ("secret-in-env", "ENV で秘密情報をイメージに焼き込んでいます。イメージを pull できる人は誰でも読めます (docker history, docker inspect)。実行時に Secret から渡してください"),
    ("runs-as-root", "USER がないため、プロセスは root で動きます。アプリが乗っ取られるとコンテナ内の root になります。ユーザーを指定してください (USER node, USER 1000)"),
    ("latest-tag", "ベースイメージのタグが固定されていません (:latest)。次のビルドで別のランタイムになるかもしれません。バージョンを固定してください (node:20-slim)"),
    ("baked-environment-config", "環境ごとの設定 (エンドポイント、アカウント ID、ARN) を ENV で焼き込んでいます。同じイメージを test・staging・prod で動かせません。設定は環境ごとに注入してください (env, ConfigMap, タスク定義)"),
    ("parse-error", "Dockerfile を解析できません"),
];

/// The Japanese text of a rule (`None` for an unknown id).
pub fn rule_ja(rule: &str) -> Option<&'static str> {
    RULES_JA
        .iter()
        .find(|(id, _)| *id == rule)
        .map(|(_, text)| *text)
}

const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "KEY",
    "CREDENTIAL",
    "PRIVATE",
];

/// Names that hold secrets: a word of the name (split on `_`) is one of [`SECRET_WORDS`]
/// (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`; not `KEYBOARD_LAYOUT`).
fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        SECRET_WORDS
            .iter()
            .any(|s| w == *s || (w.ends_with(s) && w.len() > s.len() + 2 && *s != "KEY"))
    })
}

/// Why a value is environment-specific, if it is.
fn environment_specific(name: &str, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if v.contains("arn:aws") {
        return Some("an ARN names one account's resource".into());
    }
    if v.contains(".rds.amazonaws.com") {
        return Some("an RDS endpoint is one environment's database".into());
    }
    if v.contains("://") {
        return Some("a URL points at one environment's service".into());
    }
    let digits: Vec<&str> = v
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 12)
        .collect();
    if !digits.is_empty() {
        return Some("a 12-digit AWS account id belongs to one environment".into());
    }
    let upper = name.to_ascii_uppercase();
    let endpoint_name = ["_URL", "_URI", "_HOST", "_ENDPOINT", "_DSN"]
        .iter()
        .any(|s| upper.ends_with(s));
    if endpoint_name && v.contains('.') {
        return Some("a host name is one environment's endpoint".into());
    }
    None
}

/// Finds (line, column) of `needle` between `from` and `to` (1-based lines) in `text`.
fn locate(text: &str, from: usize, to: usize, needle: &str) -> (usize, usize) {
    for (i, l) in text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .take(to + 1 - from.min(to))
    {
        if let Some(col) = l.find(needle) {
            return (i + 1, l[..col].chars().count() + 1);
        }
    }
    (from, 1)
}

/// A word of the Dockerfile as a message echoes it: at most 64 characters (a word may expand
/// to 16 KiB; a finding stays a line a person reads).
fn shown(word: &str) -> String {
    const SHOWN_MAX_CHARS: usize = 64;
    match word.char_indices().nth(SHOWN_MAX_CHARS) {
        Some((end, _)) => format!("{}…", &word[..end]),
        None => word.to_string(),
    }
}

/// The findings for one Dockerfile.
pub fn lint(file: &str, text: &str) -> Vec<Finding> {
    let stages = dockerfile::parse(text)
        .and_then(|ins| dockerfile::evaluate(&ins, &BTreeMap::new(), &|_| Vec::new()));
    let stages = match stages {
        Ok(s) => s,
        Err(e) => {
            return vec![Finding {
                file: file.into(),
                line: e.line,
                column: 1,
                rule: "parse-error",
                message: e.docker_message(),
                message_ja: format!("Dockerfile を読めません: {}", e.docker_message()),
            }]
        }
    };
    let mut out = Vec::new();
    let mut push =
        |line: usize, column: usize, rule: &'static str, message: String, message_ja: String| {
            out.push(Finding {
                file: file.into(),
                line,
                column,
                rule,
                message,
                message_ja,
            })
        };
    let names: Vec<String> = stages.iter().filter_map(|s| s.name.clone()).collect();
    for stage in &stages {
        if !names.contains(&stage.from) {
            let r = crate::input::image_ref::ImageRef::parse(&stage.from);
            if stage.from != "scratch"
                && (!r.explicit_tag || r.tag == "latest")
                && !stage.from.contains('@')
            {
                let (l, c) = locate(text, stage.line, stage.line, &stage.from);
                push(l, c, "latest-tag", format!("FROM {}: no fixed tag, so each build may get a different runtime; pin a version (node:20-slim)", shown(&stage.from)), format!("FROM {}: タグが固定されていないため、ビルドのたびに違うランタイムになり得ます。バージョンを固定してください（node:20-slim）", shown(&stage.from)));
            }
        }
        for step in &stage.steps {
            let StepKind::Env(pairs) = &step.kind else {
                continue;
            };
            for (k, v) in pairs {
                let (l, c) = locate(text, step.line, step.end_line, k);
                let (k_shown, v_shown) = (shown(k), shown(v));
                if secret_name(k) && !v.is_empty() {
                    push(l, c, "secret-in-env", format!("ENV {k_shown} bakes a secret into the image: anyone who can pull it reads it with docker history or docker inspect; pass it at run time (a Kubernetes Secret, ECS secrets)"), format!("ENV {k_shown} は秘密情報をイメージに焼き込みます。イメージを pull できる人は誰でも docker history や docker inspect で読めます。実行時に渡してください（Kubernetes の Secret、ECS の secrets）"));
                } else if let Some(why) = environment_specific(k, v) {
                    push(l, c, "baked-environment-config", format!("ENV {k_shown}={v_shown}: {why}; bake no environment-specific config, inject it per environment (env, ConfigMap, task definition)"), format!("ENV {k_shown}={v_shown}: 環境ごとに違う設定がイメージに焼き込まれています。別の環境やアカウントでも同じ値が使われます。環境ごとに注入してください（env、ConfigMap、タスク定義）"));
                }
            }
        }
    }
    if let Some(last) = stages.last() {
        let user = last.steps.iter().rev().find_map(|s| match &s.kind {
            StepKind::User(u) => Some((s.line, u.clone())),
            _ => None,
        });
        match user {
            None => push(last.line, 1, "runs-as-root", "no USER in the final stage: the container runs as root; add a user (USER node, USER 1000)".into(), "最後のステージに USER がないため、コンテナは root で動きます。ユーザーを指定してください（USER node、USER 1000）".into()),
            Some((line, u)) if u == "root" || u == "0" || u.starts_with("root:") || u.starts_with("0:") => {
                let (l, c) = locate(text, line, line, &u);
                push(l, c, "runs-as-root", format!("USER {}: the container runs as root", shown(&u)), format!("USER {}: コンテナは root で動きます", shown(&u)));
            }
            Some(_) => {}
        }
    }
    crate::base::sort::sort_by_key(&mut out, |f| (f.line, f.column));
    out
}

/// Whether a path names a Dockerfile (`Dockerfile`, `Dockerfile.prod`, `web.Dockerfile`).
pub fn is_dockerfile_name(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name == "Dockerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(usize, usize, &'static str)> {
        lint("Dockerfile", text)
            .iter()
            .map(|f| (f.line, f.column, f.rule))
            .collect()
    }

    #[test]
    fn the_example_dockerfile_is_clean() {
        assert_eq!(
            rules(include_str!("../../../../www/examples/app/Dockerfile")),
            []
        );
    }

    #[test]
    fn each_rule_points_at_its_word() {
        let text = "FROM node\nENV NODE_ENV=production \\\n    DB_PASSWORD=hunter2 \\\n    DATABASE_URL=postgres://shop.abc123.ap-northeast-1.rds.amazonaws.com/shop\nENV ROLE_ARN=arn:aws:iam::123456789012:role/app ACCOUNT=123456789012\nENV API_KEY=abc KEYBOARD=us CACHE_HOST=redis.prod.internal\nCMD [\"node\", \"server.js\"]\n";
        assert_eq!(
            rules(text),
            [
                (1, 1, "runs-as-root"),
                (1, 6, "latest-tag"),
                (3, 5, "secret-in-env"),
                (4, 5, "baked-environment-config"),
                (5, 5, "baked-environment-config"),
                (5, 49, "baked-environment-config"),
                (6, 5, "secret-in-env"),
                (6, 29, "baked-environment-config"),
            ]
        );
        let f = lint("Dockerfile", text);
        assert_eq!(f[2].message, "ENV DB_PASSWORD bakes a secret into the image: anyone who can pull it reads it with docker history or docker inspect; pass it at run time (a Kubernetes Secret, ECS secrets)");
    }

    #[test]
    fn latest_user_root_and_multi_stage() {
        assert_eq!(
            rules("FROM node:latest AS build\nRUN x\nFROM build\nUSER root\n"),
            [(1, 6, "latest-tag"), (4, 6, "runs-as-root")]
        );
        assert_eq!(
            rules("FROM node:20-slim AS build\nFROM busybox:1.37\nUSER 1000\n"),
            []
        );
    }

    #[test]
    fn a_broken_dockerfile_is_one_located_finding() {
        let f = lint("Dockerfile", "FROM a:1\nUSER x\nFORM b\n");
        assert_eq!((f.len(), f[0].line, f[0].rule), (1, 3, "parse-error"));
        assert_eq!(
            f[0].message,
            "dockerfile parse error on line 3: unknown instruction: FORM (did you mean FROM?)"
        );
    }

    #[test]
    fn every_rule_has_japanese_text() {
        let en: Vec<&str> = RULES.iter().map(|(id, _)| *id).collect();
        let ja: Vec<&str> = RULES_JA.iter().map(|(id, _)| *id).collect();
        assert_eq!(en, ja);
        assert!(RULES_JA.iter().all(|(_, text)| !text.is_ascii()));
        assert_eq!(rule_ja("nope"), None);
    }

    #[test]
    fn dockerfile_names() {
        assert!(is_dockerfile_name("www/examples/app/Dockerfile"));
        assert!(is_dockerfile_name("web.Dockerfile"));
        assert!(is_dockerfile_name("Dockerfile.prod"));
        assert!(!is_dockerfile_name("deploy.yaml"));
    }
}
