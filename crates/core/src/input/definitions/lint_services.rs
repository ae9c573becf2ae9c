//! The lint across files (`sunaba lint DIR`): an ECS service is written in one file and its
//! task definition in another, so what depends on both is found here. A service whose task
//! definition maps a container port (a web app) and that names no `loadBalancers` gets
//! `no-load-balancer`: nothing health-checks its tasks from outside, a rolling deployment
//! stops old tasks without draining their requests, and nothing spreads requests over them.
//!
//! A target group's deregistration delay is set by `aws elbv2 modify-target-group-attributes`,
//! not in a file, so a delay shorter than the app's shutdown cannot be seen here.

use super::lint::{get, items, text, Finding};
use super::yaml::parse_documents;

/// Families whose task definitions map a container port, from the files given.
fn web_families(files: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for (_, source) in files {
        let Ok(docs) = parse_documents(source.strip_prefix('\u{feff}').unwrap_or(source)) else {
            continue;
        };
        for root in docs.iter().filter_map(|d| d.root.as_ref()) {
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

/// The findings that need several files: services of web families without load balancers.
pub fn lint_services(files: &[(&str, &str)]) -> Vec<Finding> {
    let web = web_families(files);
    let mut out = Vec::new();
    for (file, source) in files {
        let Ok(docs) = parse_documents(source.strip_prefix('\u{feff}').unwrap_or(source)) else {
            continue;
        };
        for root in docs.iter().filter_map(|d| d.root.as_ref()) {
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
}
