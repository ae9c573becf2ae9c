//! The Amazon ECS experiments, one per rule: the task definition as written and as fixed, and
//! the commands that make the predicted failure happen.

use serde_json::{json, Value};

use super::document::{is_demo_app, str_at};
use super::{no_experiment, Experiment, Target, Text, Variant};

/// One rule's experiment on a task definition: what it changes when fixed, the commands after
/// the service runs, what to look at, and the secret's value it may print.
struct EcsPlan {
    rule: &'static str,
    title: Text,
    change: Text,
    steps_after: Vec<String>,
    look_at: Text,
    secret: Option<String>,
}

/// The experiment for an ECS finding of `rule`, as written or fixed: the task definition
/// registered, a service of it (unless the rule needs none), then the rule's steps.
pub(super) fn ecs_experiment(
    rule: &str,
    mut doc: Value,
    variant: Variant,
) -> Result<Experiment, Text> {
    let fixed = variant == Variant::Fixed;
    let family = str_at(&doc, "/family").unwrap_or("app").to_owned();
    let fargate = doc
        .get("requiresCompatibilities")
        .and_then(Value::as_array)
        .is_some_and(|l| l.iter().any(|c| c.as_str() == Some("FARGATE")));
    let launch = if fargate {
        " --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}"
    } else {
        ""
    };
    let plan =
        match rule {
            "no-health-check" => no_health_check(&mut doc, &family, fixed)?,
            "secret-in-environment" => secret_in_environment(&mut doc, &family, fixed)?,
            "runs-as-root" => return Err(no_experiment(
                "the simulation does not model users and privileges: nothing to show here",
                "シミュレーションはユーザーと権限を扱わないため、ここで見せられるものはありません",
            )),
            _ => {
                return Err(no_experiment(
                    "no experiment for this rule on an ECS task definition yet",
                    "ECS タスク定義のこのルールにはまだ実験がありません",
                ))
            }
        };
    let EcsPlan {
        rule,
        title,
        change,
        steps_after,
        look_at,
        secret,
    } = plan;
    let file = format!("{family}.task.json");
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    let mut steps = vec![format!(
        "aws ecs register-task-definition --cli-input-json file://{file}"
    )];
    if rule != "secret-in-environment" {
        steps.push(format!(
            "aws ecs create-service --service-name {family} --task-definition {family} --desired-count 1{launch}"
        ));
        steps.push("sim wait 1m".to_owned());
    }
    steps.extend(steps_after);
    Ok(Experiment {
        rule,
        variant,
        title,
        change,
        files: vec![(file, text)],
        steps,
        look_at,
        target: Target::Ecs { family, secret },
    })
}

/// `no-health-check`: the demo app hangs after 30 s under a service; fixed, with a container
/// health check.
fn no_health_check(doc: &mut Value, family: &str, fixed: bool) -> Result<EcsPlan, Text> {
    let mut change = Text::new("", "");
    let Some(c) = doc
        .pointer_mut("/containerDefinitions")
        .and_then(Value::as_array_mut)
        .and_then(|l| {
            l.iter_mut().find(|c| {
                c.get("essential") != Some(&Value::Bool(false))
                    && c.get("image")
                        .and_then(Value::as_str)
                        .is_some_and(is_demo_app)
            })
        })
    else {
        return Err(no_experiment(
            "a hang can only be simulated with sunaba/demo-app (HANG_AFTER)",
            "ハングを再現できるのは sunaba/demo-app（HANG_AFTER）だけです",
        ));
    };
    let list = c
        .as_object_mut()
        .map(|o| o.entry("environment").or_insert_with(|| json!([])));
    if let Some(list) = list {
        if !list.is_array() {
            *list = json!([]);
        }
        if let Some(l) = list.as_array_mut() {
            l.retain(|e| e.get("name").and_then(Value::as_str) != Some("HANG_AFTER"));
            l.push(json!({"name": "HANG_AFTER", "value": "30s"}));
        }
    }
    if fixed {
        let port = c
            .pointer("/portMappings/0/containerPort")
            .and_then(Value::as_u64)
            .unwrap_or(8080);
        c["healthCheck"] = json!({
            "command": ["CMD-SHELL", format!("curl -f http://localhost:{port}/healthz || exit 1")],
            "interval": 10, "timeout": 5, "retries": 3, "startPeriod": 5
        });
        change = Text::new(
            "with a healthCheck (curl /healthz every 10 s, 3 retries)",
            "healthCheck（10 秒ごとに curl /healthz、3 回まで）を追加",
        );
    }
    Ok(EcsPlan {
        rule: "no-health-check",
        title: Text::new(
            "The app hangs 30 s after it starts (HANG_AFTER=30s added): does ECS replace the task?",
            "起動 30 秒後にアプリがハングします（HANG_AFTER=30s を追加）: ECS はタスクを置き換えるか？",
        ),
        steps_after: vec![
            "sim wait 3m".to_owned(),
            format!("aws ecs list-tasks --service-name {family} --desired-status STOPPED"),
            format!("aws ecs list-tasks --service-name {family}"),
        ],
        look_at: Text::new(
            "the STOPPED tasks: without a health check the hung task stays RUNNING and is never replaced",
            "STOPPED のタスク: ヘルスチェックがないと、ハングしたタスクは RUNNING のまま置き換えられません",
        ),
        change,
        secret: None,
    })
}

/// `secret-in-environment`: describe the task definition; fixed, with the value moved to
/// `secrets`.
fn secret_in_environment(doc: &mut Value, family: &str, fixed: bool) -> Result<EcsPlan, Text> {
    let mut change = Text::new("", "");
    let mut secret = None;
    let containers = doc
        .pointer_mut("/containerDefinitions")
        .and_then(Value::as_array_mut);
    let mut moved = None;
    for c in containers.into_iter().flatten() {
        let Some(env) = c.get_mut("environment").and_then(Value::as_array_mut) else {
            continue;
        };
        let Some(i) = env.iter().position(|e| {
            e.get("name")
                .and_then(Value::as_str)
                .is_some_and(crate::input::definitions::lint::secret_name)
        }) else {
            continue;
        };
        let name = env[i]
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("SECRET")
            .to_owned();
        secret = env[i]
            .get("value")
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        if fixed {
            env.remove(i);
            if let Some(o) = c.as_object_mut() {
                let secrets = o.entry("secrets").or_insert_with(|| json!([]));
                if let Some(l) = secrets.as_array_mut() {
                    l.push(json!({"name": name, "valueFrom": format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{family}/{name}")}));
                }
            }
            change = Text::new(
                format!("with {name} in secrets (valueFrom Secrets Manager)"),
                format!("{name} を secrets（Secrets Manager の valueFrom）に移動"),
            );
        }
        moved = Some(name);
        break;
    }
    if moved.is_none() || secret.is_none() {
        return Err(no_experiment(
            "no secret value in plain environment",
            "平文の environment に秘密の値がありません",
        ));
    }
    Ok(EcsPlan {
        rule: "secret-in-environment",
        title: Text::new(
            "Read the task definition the way anyone with ecs:DescribeTaskDefinition can",
            "ecs:DescribeTaskDefinition 権限を持つ誰もがするように、タスク定義を読む",
        ),
        steps_after: vec![format!("aws ecs describe-task-definition --task-definition {family}")],
        look_at: Text::new(
            "the environment in the output: the secret's value is printed for anyone who may describe task definitions",
            "出力の environment: タスク定義を参照できる人なら誰にでも、秘密の値がそのまま表示されます",
        ),
        change,
        secret,
    })
}
