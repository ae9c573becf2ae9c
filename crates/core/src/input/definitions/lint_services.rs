//! The lint across files (`sunaba lint DIR`): an ECS service is written in one file and its
//! task definition in another, so what depends on both is found here. A service whose task
//! definition maps a container port (a web app) and that names no `loadBalancers` gets
//! `no-load-balancer`: nothing health-checks its tasks from outside, a rolling deployment
//! stops old tasks without draining their requests, and nothing spreads requests over them.
//!
//! A target group's deregistration delay is written in the file `aws elbv2
//! modify-target-group-attributes --cli-input-json` reads (`Attributes: [{Key:
//! deregistration_delay.timeout_seconds, Value: …}]`). It is tied to a service by its
//! `TargetGroupArn`, or, when it names none (an environment's folder, whose load balancer is
//! made with the environment), to the services of the same folder. A delay shorter than the
//! app needs to finish its requests and shut down (the demo app's `SHUTDOWN_SECONDS`), or 0,
//! gets `deregistration-delay-shorter-than-shutdown`.

use super::lint::{get, int, items, text, Finding};
use super::yaml::{parse_documents, Node};

/// Families whose task definitions map a container port, from the documents given.
fn web_families(roots: &[(&str, std::rc::Rc<Node>)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, root) in roots {
        let Some(family) = get(root, "family").and_then(text) else {
            continue;
        };
        let web = items(get(root, "containerDefinitions"))
            .iter()
            .any(|c| !items(get(c, "portMappings")).is_empty());
        if web && !out.iter().any(|f| f == family) {
            out.push(family.to_owned());
        }
    }
    out
}

/// `family`, `family:3` or a task definition ARN → the family.
fn family_of(task_definition: &str) -> &str {
    let id = task_definition
        .rsplit_once("task-definition/")
        .map_or(task_definition, |(_, rest)| rest);
    id.split(':').next().unwrap_or(id)
}

/// The documents of each file that parses, as (file, root).
fn roots<'a>(files: &[(&'a str, &'a str)]) -> Vec<(&'a str, std::rc::Rc<Node>)> {
    let mut out = Vec::new();
    for (file, source) in files {
        let Ok(docs) = parse_documents(source.strip_prefix('\u{feff}').unwrap_or(source)) else {
            continue;
        };
        for d in docs {
            if let Some(root) = d.root {
                out.push((*file, root));
            }
        }
    }
    out
}

/// The folder a file is in (`a/b/c.json` → `a/b`).
fn folder(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The longest `SHUTDOWN_SECONDS` of a family's containers, from the files given.
fn shutdown_seconds(roots: &[(&str, std::rc::Rc<Node>)], family: &str) -> Option<f64> {
    roots
        .iter()
        .filter(|(_, r)| get(r, "family").and_then(text) == Some(family))
        .flat_map(|(_, r)| items(get(r, "containerDefinitions")).iter())
        .flat_map(|c| items(get(c, "environment")).iter())
        .filter(|e| get(e, "name").and_then(text) == Some("SHUTDOWN_SECONDS"))
        .filter_map(|e| get(e, "value").and_then(text)?.trim().parse::<f64>().ok())
        .reduce(f64::max)
}

/// Deregistration delays (from attribute files) shorter than the shutdown of an app behind them.
fn short_deregistration_delays(roots: &[(&str, std::rc::Rc<Node>)]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (file, root) in roots {
        let Some(value) = items(get(root, "Attributes")).iter().find_map(|a| {
            (get(a, "Key").and_then(text) == Some("deregistration_delay.timeout_seconds"))
                .then(|| get(a, "Value"))
                .flatten()
        }) else {
            continue;
        };
        let Some(delay) = int(value).filter(|d| (0..=3600).contains(d)) else {
            continue; // out of range: the API refuses it, with its message
        };
        let arn = get(root, "TargetGroupArn").and_then(text);
        // The services behind this target group: (service, family).
        let services: Vec<(&str, &str)> = roots
            .iter()
            .filter_map(|(f, r)| {
                let name = get(r, "serviceName").and_then(text)?;
                let family = family_of(get(r, "taskDefinition").and_then(text)?);
                let balancers = items(get(r, "loadBalancers"));
                let same = match arn {
                    Some(arn) => balancers
                        .iter()
                        .any(|b| get(b, "targetGroupArn").and_then(text) == Some(arn)),
                    None => !balancers.is_empty() && folder(f) == folder(file),
                };
                same.then_some((name, family))
            })
            .collect();
        for (name, family) in services {
            let shutdown = shutdown_seconds(roots, family);
            let (message, message_ja) = match shutdown {
                Some(s) if s > delay as f64 => (
                    format!("service {name}: its target group drains for {delay} s (deregistration_delay.timeout_seconds) but the app needs {s} s to finish its requests and shut down (SHUTDOWN_SECONDS in {family}): requests still in flight when draining ends are cut"),
                    format!("サービス {name}: ターゲットグループの排出は {delay} 秒（deregistration_delay.timeout_seconds）ですが、アプリはリクエストを終えて終了するのに {s} 秒かかります（{family} の SHUTDOWN_SECONDS）: 排出が終わった時点で処理中のリクエストは打ち切られます"),
                ),
                _ if delay == 0 => (
                    format!("service {name}: its target group does not drain (deregistration_delay.timeout_seconds is 0): ECS stops each old task while the load balancer may still send it requests, and they fail"),
                    format!("サービス {name}: ターゲットグループが排出しません（deregistration_delay.timeout_seconds が 0）: ロードバランサーがまだリクエストを送っているうちに ECS が古いタスクを止め、そのリクエストは失敗します"),
                ),
                _ => continue,
            };
            out.push(Finding {
                file: (*file).to_owned(),
                line: value.line,
                column: value.column,
                rule: "deregistration-delay-shorter-than-shutdown",
                message,
                message_ja,
            });
        }
    }
    out
}

/// The findings that need several files: services of web families without load balancers, and
/// deregistration delays shorter than the app behind them needs.
pub fn lint_services(files: &[(&str, &str)]) -> Vec<Finding> {
    // Each file parsed once; every rule reads the same documents.
    let roots = roots(files);
    let web = web_families(&roots);
    let mut out = short_deregistration_delays(&roots);
    for (file, root) in &roots {
        let (Some(name), Some(td)) = (
            get(root, "serviceName").and_then(text),
            get(root, "taskDefinition").and_then(text),
        ) else {
            continue;
        };
        let family = family_of(td);
        if !web.iter().any(|f| f == family) || get(root, "loadBalancers").is_some() {
            continue;
        }
        out.push(Finding {
            file: (*file).to_owned(),
            line: root.line,
            column: root.column,
            rule: "no-load-balancer",
            message: format!("service {name}: task definition {family} serves a port but the service has no loadBalancers; nothing health-checks its tasks from outside and a deployment stops old tasks without draining their requests"),
            message_ja: format!("サービス {name}: タスク定義 {family} はポートを公開していますが、サービスに loadBalancers がありません。タスクを外からヘルスチェックするものがなく、デプロイは古いタスクへのリクエストを排出せずに止めます"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str = r#"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "portMappings": [{"containerPort": 80}]}]}"#;
    const WORKER: &str =
        r#"{"family": "worker", "containerDefinitions": [{"name": "w", "image": "busybox:1.36"}]}"#;

    #[test]
    fn a_web_service_without_a_load_balancer_is_found_and_a_worker_is_not() {
        let svc = r#"{"serviceName": "web", "taskDefinition": "web:2"}"#;
        let worker = r#"{"serviceName": "w", "taskDefinition": "worker"}"#;
        let lb = r#"{"serviceName": "web", "taskDefinition": "web", "loadBalancers": []}"#;
        let found = lint_services(&[
            ("web.task.json", WEB),
            ("worker.task.json", WORKER),
            ("web.service.json", svc),
            ("w.service.json", worker),
            ("lb.service.json", lb),
        ]);
        let where_: Vec<(&str, &str)> = found.iter().map(|f| (f.file.as_str(), f.rule)).collect();
        assert_eq!(where_, [("web.service.json", "no-load-balancer")]);
        assert_eq!((found[0].line, found[0].column), (1, 1));
        assert!(found[0]
            .message_ja
            .chars()
            .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)));
        assert!(lint_services(&[("x.json", "{not json")]).is_empty());
    }

    #[test]
    fn a_deregistration_delay_shorter_than_the_apps_shutdown_is_found_where_it_is_written() {
        const TG: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7";
        let slow = r#"{"family": "web", "containerDefinitions": [{"name": "web", "image": "sunaba/demo-app:1.0",
            "portMappings": [{"containerPort": 8080}],
            "environment": [{"name": "SHUTDOWN_SECONDS", "value": "25"}]}]}"#;
        let svc = format!(
            r#"{{"serviceName": "web", "taskDefinition": "web:3",
            "loadBalancers": [{{"targetGroupArn": "{TG}", "containerName": "web", "containerPort": 8080}}]}}"#
        );
        let attrs = |arn: &str, delay: &str| {
            format!(
                "{{\"TargetGroupArn\": \"{arn}\",\n \"Attributes\": [{{\"Key\": \"deregistration_delay.timeout_seconds\", \"Value\": \"{delay}\"}}]}}"
            )
        };
        let short = attrs(TG, "10");
        let found = lint_services(&[
            ("web.task.json", slow),
            ("web.service.json", &svc),
            ("tg.json", &short),
        ]);
        let where_: Vec<(&str, usize, &str)> = found
            .iter()
            .map(|f| (f.file.as_str(), f.line, f.rule))
            .collect();
        assert_eq!(
            where_,
            [("tg.json", 2, "deregistration-delay-shorter-than-shutdown")]
        );
        assert!(
            found[0].message.contains("drains for 10 s") && found[0].message.contains("needs 25 s"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message_ja.contains("25 秒"),
            "{}",
            found[0].message_ja
        );
        // Long enough, another target group, or the default: nothing.
        for (attrs_file, service) in [
            (attrs(TG, "30"), svc.clone()),
            (attrs("arn:other", "10"), svc.clone()),
        ] {
            let found = lint_services(&[
                ("web.task.json", slow),
                ("web.service.json", &service),
                ("tg.json", &attrs_file),
            ]);
            assert!(found.is_empty(), "{found:?}");
        }
        assert!(lint_services(&[("web.task.json", slow), ("web.service.json", &svc)]).is_empty());
        // 0 drops requests whatever the app: found, by folder when no ARN is named (an
        // environment's files), and only in that folder.
        let env_svc = r#"{"serviceName": "shop", "taskDefinition": "shop",
            "loadBalancers": [{"containerName": "shop", "containerPort": 8080}]}"#;
        let zero =
            r#"{"Attributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "0"}]}"#;
        let found = lint_services(&[
            ("envs/test/service.json", env_svc),
            ("envs/test/target-group-attributes.json", zero),
            ("envs/prod/service.json", env_svc),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].file, "envs/test/target-group-attributes.json");
        assert!(
            found[0].message.contains("does not drain"),
            "{}",
            found[0].message
        );
        assert!(found[0]
            .message_ja
            .chars()
            .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)));
        // Out of range or not a number: the API's own refusal says so, not the lint.
        for bad in ["99999", "soon", "-1"] {
            let f = attrs(TG, bad);
            assert!(lint_services(&[("web.service.json", &svc), ("tg.json", &f)]).is_empty());
        }
    }
}
