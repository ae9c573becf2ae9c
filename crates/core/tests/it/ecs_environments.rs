//! Environments on Amazon ECS: each one an ECS cluster of its own in the account of the
//! context it is created through, with the folder's task definition rendered for it (family
//! `shop-NAME`, its database injected) and its service at the folder's desiredCount (test 1,
//! staging 2, prod 6). The same app properties break the same way as on Kubernetes: a
//! registry or a secret ARN of one account written into the definition works there and
//! fails in another account, with ECS's stop reasons and a why note; SIGTERM ignored stalls
//! every scale-in for the stopTimeout. Deleting or moving one touches exactly its objects,
//! and a create that fails halfway leaves nothing behind.

use crate::common;

use sunaba_core::sim::registry::{ImageRef, Registry};
use sunaba_core::{MapFiles, World};

const SANDBOX_ECR: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

fn files() -> MapFiles {
    common::example_files("ecs/environments")
}

fn run(w: &mut World, line: &str) -> String {
    sunaba_core::run(w, line, &files()).unwrap_or_else(|e| panic!("{line}: {}", e.message))
}

/// Sandbox (home, context `sunaba`) and prod (context `prod-cluster`), with the shop image
/// pushed to the sandbox account's ECR (what `staging-ecr` names) and the app's secret
/// parameter in both accounts.
fn two_accounts() -> World {
    let mut w = one_parameter();
    run(
        &mut w,
        "aws --profile prod ssm put-parameter --name /shop/db-password --type SecureString --value prod-pw",
    );
    w
}

/// The same with the secret parameter in the sandbox account only.
fn one_parameter() -> World {
    let mut w = World::new(23);
    run(&mut w, "sim account create prod");
    run(
        &mut w,
        "sim cluster create prod-cluster --account prod --nodes 3",
    );
    run(&mut w, "aws ecr create-repository --repository-name shop");
    let info = Registry::default_catalog()
        .lookup(&ImageRef::parse("sunaba/demo-app:1.0"))
        .cloned()
        .unwrap();
    w.push_image(&ImageRef::parse(&format!("{SANDBOX_ECR}/shop:1.0")), info)
        .unwrap();
    run(
        &mut w,
        "aws ssm put-parameter --name /shop/db-password --type SecureString --value sandbox-pw",
    );
    w
}

/// The `sim envs` row of an environment.
fn row(w: &mut World, env: &str) -> String {
    let table = run(w, "sim envs");
    table
        .lines()
        .find(|l| l.starts_with(&format!("{env} ")))
        .unwrap_or_else(|| panic!("no {env} in\n{table}"))
        .to_string()
}

/// Stop reasons of a cluster's stopped tasks, through `describe-tasks`.
fn stop_reasons(w: &mut World, profile: &str, cluster: &str) -> Vec<String> {
    let listed: serde_json::Value = serde_json::from_str(&run(
        w,
        &format!(
            "aws --profile {profile} ecs list-tasks --cluster {cluster} --desired-status STOPPED"
        ),
    ))
    .unwrap();
    let arns: Vec<&str> = listed["taskArns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    if arns.is_empty() {
        return Vec::new();
    }
    let described: serde_json::Value = serde_json::from_str(&run(
        w,
        &format!(
            "aws --profile {profile} ecs describe-tasks --cluster {cluster} --tasks {}",
            arns.join(" ")
        ),
    ))
    .unwrap();
    described["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["stoppedReason"].as_str().map(str::to_string))
        .collect()
}

fn codes(w: &World, context: &str, cluster: &str) -> Vec<&'static str> {
    w.cluster_world(context)
        .unwrap()
        .why(&format!("ecs:{cluster}"))
        .into_iter()
        .map(|n| n.code)
        .collect()
}

#[test]
fn test_staging_and_prod_are_clusters_with_1_2_and_6_tasks_in_two_accounts() {
    let mut w = two_accounts();
    run(&mut w, "sim env create test --from test --with-db");
    run(&mut w, "sim env create staging --from staging --with-db");
    let out = run(
        &mut w,
        "sim env create prod --from prod --context prod-cluster --with-db",
    );
    // The steps it ran, as commands, in the prod account.
    for step in [
        "$ aws --profile prod ecs create-cluster --cluster-name prod",
        "$ aws --profile prod ecs register-task-definition --cli-input-json file://.sunaba/environments/prod-cluster/prod/task-definition.json",
        "$ aws --profile prod ecs create-service --cluster prod --task-definition shop-prod:1 --cli-input-json file://.sunaba/environments/prod-cluster/prod/service.json",
        "arn:aws:ecs:us-east-1:111111111111:service/prod/shop",
    ] {
        assert!(out.contains(step), "{step} missing in\n{out}");
    }
    run(&mut w, "sim wait 2m");
    for (env, account, ready) in [
        ("test", "sandbox (123456789012)", "1/1"),
        ("staging", "sandbox (123456789012)", "2/2"),
        ("prod", "prod (111111111111)", "6/6"),
    ] {
        let r = row(&mut w, env);
        assert!(
            r.contains(account) && r.contains(ready) && r.contains(&format!("ecs:{env}")),
            "{r}"
        );
    }
    let clusters = run(&mut w, "aws ecs list-clusters");
    assert!(
        clusters.contains("cluster/test") && clusters.contains("cluster/staging"),
        "{clusters}"
    );
    assert!(!clusters.contains("cluster/prod\""), "{clusters}");
    let prod = run(&mut w, "aws --profile prod ecs list-clusters");
    assert!(
        prod.contains("arn:aws:ecs:us-east-1:111111111111:cluster/prod"),
        "{prod}"
    );
    // Each environment's own settings were injected into its rendered task definition.
    let test_db = w.cloud().accounts["123456789012"].databases["test-db"]
        .endpoint
        .clone();
    let td = run(
        &mut w,
        "aws ecs describe-task-definition --task-definition shop-test",
    );
    assert!(
        td.contains(&format!("postgres://{test_db}:5432/app")),
        "{td}"
    );
    assert!(
        td.contains("\"value\": \"test\"") && !td.contains("\"value\": \"staging\""),
        "{td}"
    );
    // A service with the same name lives in each cluster, apart.
    let services = run(&mut w, "aws ecs list-services --cluster staging");
    assert!(
        services.contains("service/staging/shop") && !services.contains("service/test/shop"),
        "{services}"
    );
    assert!(codes(&w, "sunaba", "staging").is_empty());
}

#[test]
fn account_values_written_into_the_definition_break_in_the_other_account_only() {
    let mut w = two_accounts();
    // In the sandbox account all three variants run.
    for (env, from) in [
        ("ok", "staging"),
        ("secret", "staging-secrets"),
        ("registry", "staging-ecr"),
    ] {
        run(&mut w, &format!("sim env create {env} --from {from}"));
    }
    run(&mut w, "sim wait 2m");
    for env in ["ok", "secret", "registry"] {
        let r = row(&mut w, env);
        assert!(r.contains("2/2"), "{r}");
    }
    // Moved to the prod account, only the well-written one runs.
    for env in ["ok", "secret", "registry"] {
        let out = run(&mut w, &format!("sim env move {env} --to prod-cluster"));
        // The new copy is made before the old one is deleted.
        let made = out.find("ecs create-service").unwrap();
        let deleted = out.find("ecs delete-service").unwrap();
        assert!(made < deleted, "{out}");
    }
    run(&mut w, "sim wait 3m");
    assert!(row(&mut w, "ok").contains("2/2"));
    assert!(row(&mut w, "secret").contains("0/2"));
    assert!(row(&mut w, "registry").contains("0/2"));
    let secret = stop_reasons(&mut w, "prod", "secret");
    assert!(!secret.is_empty());
    assert!(
        secret.iter().all(|r| r.starts_with("ResourceInitializationError: unable to pull secrets or registry auth")
            && r.contains("User: arn:aws:sts::111111111111:assumed-role/ecsTaskExecutionRole/")
            && r.contains("secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-password")),
        "{secret:#?}"
    );
    let registry = stop_reasons(&mut w, "prod", "registry");
    assert!(
        !registry.is_empty()
            && registry
                .iter()
                .all(|r| r.starts_with("CannotPullContainerError") && r.contains("403 Forbidden")),
        "{registry:#?}"
    );
    assert!(stop_reasons(&mut w, "prod", "ok").is_empty());
    assert_eq!(
        codes(&w, "prod-cluster", "secret"),
        ["secret-other-account"]
    );
    assert_eq!(
        codes(&w, "prod-cluster", "registry"),
        ["image-other-account"]
    );
    assert!(codes(&w, "prod-cluster", "ok").is_empty());
    // The cards say it too, in both languages.
    let view = w.environments_view();
    let prod = view.lanes.iter().find(|l| l.name == "prod").unwrap();
    let card = prod
        .environments
        .iter()
        .find(|e| e.name == "secret")
        .unwrap();
    assert_eq!((card.ready, card.desired), (0, 2));
    assert!(card.notes[0].ja.contains("ResourceInitializationError"));
    // The sandbox account keeps nothing of them.
    let sandbox = run(&mut w, "aws ecs list-clusters");
    for env in ["ok", "secret", "registry"] {
        assert!(!sandbox.contains(&format!("cluster/{env}")), "{sandbox}");
    }
}

#[test]
fn a_parameter_missing_in_the_target_account_stops_the_tasks_until_it_is_created_and_redeployed() {
    let mut w = one_parameter();
    run(&mut w, "sim env create pr-3 --from staging");
    run(&mut w, "sim wait 2m");
    assert!(row(&mut w, "pr-3").contains("2/2"));
    run(&mut w, "sim env move pr-3 --to prod-cluster");
    run(&mut w, "sim wait 2m");
    assert!(row(&mut w, "pr-3").contains("0/2"));
    let reasons = stop_reasons(&mut w, "prod", "pr-3");
    assert!(
        !reasons.is_empty()
            && reasons.iter().all(|r| r.ends_with(
                "unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /shop/db-password"
            )),
        "{reasons:#?}"
    );
    assert_eq!(codes(&w, "prod-cluster", "pr-3"), ["secret-missing"]);
    // The circuit breaker failed the deployment; once the parameter exists in the prod
    // account, a new deployment starts.
    let got = sunaba_core::run(
        &mut w,
        "aws --profile prod ssm get-parameter --name /shop/db-password",
        &files(),
    )
    .unwrap_err()
    .message;
    assert!(
        got.contains("(ParameterNotFound) when calling the GetParameter operation"),
        "{got}"
    );
    run(
        &mut w,
        "aws --profile prod ssm put-parameter --name /shop/db-password --type SecureString --value prod-pw",
    );
    let p: serde_json::Value = serde_json::from_str(&run(
        &mut w,
        "aws --profile prod ssm get-parameter --name /shop/db-password --with-decryption",
    ))
    .unwrap();
    assert_eq!(p["Parameter"]["Value"], "prod-pw");
    assert_eq!(
        p["Parameter"]["ARN"],
        "arn:aws:ssm:us-east-1:111111111111:parameter/shop/db-password"
    );
    let d = run(
        &mut w,
        "aws --profile prod ecs describe-services --cluster pr-3 --services shop",
    );
    assert!(d.contains("\"rolloutState\": \"FAILED\""), "{d}");
    run(
        &mut w,
        "aws --profile prod ecs update-service --cluster pr-3 --service shop --force-new-deployment",
    );
    run(&mut w, "sim wait 2m");
    assert!(
        row(&mut w, "pr-3").contains("2/2"),
        "{}",
        row(&mut w, "pr-3")
    );
    assert!(codes(&w, "prod-cluster", "pr-3").is_empty());
}

#[test]
fn deleting_an_environment_removes_exactly_its_cluster_service_revision_and_database() {
    let mut w = two_accounts();
    run(&mut w, "sim env create staging --from staging --with-db");
    run(&mut w, "sim env create pr-7 --from staging --with-db");
    run(&mut w, "sim wait 2m");
    // The learner's own service in the default cluster is not an environment's.
    run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://test/task-definition.json",
    );
    run(
        &mut w,
        "aws ecs create-service --service-name mine --task-definition shop --desired-count 1 --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}",
    );
    run(&mut w, "sim wait 1m");
    let running = |w: &World, cluster: &str| -> Vec<String> {
        let mut ids: Vec<String> = w
            .ecs()
            .tasks
            .values()
            .filter(|t| t.cluster == cluster && !t.is_stopped())
            .map(|t| t.id.clone())
            .collect();
        ids.sort();
        ids
    };
    let staging_before = running(&w, "staging");
    let mine_before = running(&w, "default");
    assert_eq!((staging_before.len(), mine_before.len()), (2, 1));
    let out = run(&mut w, "sim env delete pr-7");
    assert!(out.contains("service shop: DRAINING"), "{out}");
    assert!(
        out.contains("task definition shop-pr-7:1: INACTIVE"),
        "{out}"
    );
    assert!(out.contains("database \"pr-7-db\" deleted"), "{out}");
    // The cluster goes once its tasks have stopped.
    assert!(run(&mut w, "aws ecs list-clusters").contains("cluster/pr-7"));
    run(&mut w, "sim wait 2m");
    let clusters = run(&mut w, "aws ecs list-clusters");
    assert!(!clusters.contains("cluster/pr-7"), "{clusters}");
    assert!(clusters.contains("cluster/staging"), "{clusters}");
    assert!(running(&w, "pr-7").is_empty());
    // Nothing else was touched: the same tasks still run.
    assert_eq!(running(&w, "staging"), staging_before);
    assert_eq!(running(&w, "default"), mine_before);
    assert!(run(
        &mut w,
        "aws ecs list-task-definitions --family-prefix shop-pr-7 --status INACTIVE"
    )
    .contains("shop-pr-7:1"));
    assert!(run(
        &mut w,
        "aws ecs list-task-definitions --family-prefix shop-staging"
    )
    .contains("shop-staging:1"));
    let dbs = run(&mut w, "sim dbs");
    assert!(
        dbs.contains("staging-db") && !dbs.contains("pr-7-db"),
        "{dbs}"
    );
    let envs = run(&mut w, "sim envs");
    let first_table = envs.split("\n\n").next().unwrap_or_default();
    assert_eq!(first_table.lines().count(), 2, "{envs}");
    // Its name is free again.
    run(&mut w, "sim env create pr-7 --from staging");
}

#[test]
fn ignoring_sigterm_holds_every_scale_in_for_the_stop_timeout() {
    let stopping_after = |from: &str, secs: u64| -> (usize, Vec<&'static str>) {
        let mut w = two_accounts();
        run(&mut w, &format!("sim env create app --from {from}"));
        run(&mut w, "sim wait 2m");
        run(
            &mut w,
            "aws ecs update-service --cluster app --service shop --desired-count 1",
        );
        run(&mut w, &format!("sim wait {secs}s"));
        let stopping = w
            .ecs()
            .tasks
            .values()
            .filter(|t| t.cluster == "app" && t.desired_stopped && !t.is_stopped())
            .count();
        (stopping, codes(&w, "sunaba", "app"))
    };
    // Staging's target drains for its 30 s deregistration delay, then stops at SIGTERM.
    assert_eq!(stopping_after("staging", 10).0, 1);
    assert_eq!(stopping_after("staging", 40), (0, vec![]));
    assert_eq!(
        stopping_after("staging-sigterm", 10),
        (1, vec!["ignores-sigterm"])
    );
    // SIGKILL at stopTimeout (30 s): then it is gone too.
    assert_eq!(stopping_after("staging-sigterm", 40).0, 0);
}

#[test]
fn a_create_that_fails_halfway_rolls_back_what_it_made() {
    let mut w = two_accounts();
    let mut f = files();
    f.0.insert(
        "broken/task-definition.json".into(),
        f.0["staging/task-definition.json"].clone(),
    );
    // A service file ECS refuses (desiredCount must be a number).
    f.0.insert(
        "broken/service.json".into(),
        "{\"serviceName\": \"shop\", \"taskDefinition\": \"shop\", \"desiredCount\": \"two\", \"launchType\": \"FARGATE\"}\n".into(),
    );
    let e = sunaba_core::run(&mut w, "sim env create pr-9 --from broken --with-db", &f)
        .unwrap_err()
        .message;
    assert!(e.contains("rolling back"), "{e}");
    assert!(e.contains("database \"pr-9-db\" deleted"), "{e}");
    assert!(!run(&mut w, "sim envs").contains("pr-9"));
    assert!(!run(&mut w, "sim dbs").contains("pr-9-db"));
    assert!(!run(&mut w, "aws ecs list-clusters").contains("cluster/pr-9"));
    assert!(run(
        &mut w,
        "aws ecs list-task-definitions --family-prefix shop-pr-9 --status INACTIVE"
    )
    .contains("shop-pr-9:1"));
    // Kubernetes: an overlay whose apply fails leaves no namespace and no database.
    let mut k = common::example_files("kustomize");
    k.0.insert(
        "overlays/broken/kustomization.yaml".into(),
        "resources:\n- ../staging\n- bad.yaml\n".into(),
    );
    k.0.insert(
        "overlays/broken/bad.yaml".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\nspec:\n  replicas: -1\n  selector:\n    matchLabels: {app: bad}\n  template:\n    metadata:\n      labels: {app: bad}\n    spec:\n      containers:\n      - name: bad\n        image: nginx:1.27\n".into(),
    );
    let e = sunaba_core::run(
        &mut w,
        "sim env create pr-8 --from overlays/broken --with-db",
        &k,
    )
    .unwrap_err()
    .message;
    assert!(e.contains("rolling back"), "{e}");
    assert!(e.contains("namespace \"pr-8\" deleted"), "{e}");
    assert!(!run(&mut w, "kubectl get namespaces").contains("pr-8"));
    assert!(!run(&mut w, "sim dbs").contains("pr-8-db"));
    // Both names are free again.
    sunaba_core::run(
        &mut w,
        "sim env create pr-8 --from overlays/staging --with-db",
        &k,
    )
    .unwrap();
    run(&mut w, "sim env create pr-9 --from staging --with-db");
}

#[test]
fn what_the_learner_adds_or_names_twice_is_neither_lost_nor_taken() {
    let mut w = two_accounts();
    // A service name ECS refuses never makes an environment that cannot be deleted.
    let mut f = files();
    f.0.insert(
        "slash/task-definition.json".into(),
        f.0["staging/task-definition.json"].clone(),
    );
    f.0.insert(
        "slash/target-group.json".into(),
        f.0["staging/target-group.json"].clone(),
    );
    f.0.insert(
        "slash/service.json".into(),
        f.0["staging/service.json"].replace(
            "\"shop\",\n  \"taskDefinition\"",
            "\"a/b\",\n  \"taskDefinition\"",
        ),
    );
    let e = sunaba_core::run(&mut w, "sim env create bad --from slash", &f)
        .unwrap_err()
        .message;
    assert!(
        e.contains("Service name can have up to 255 characters"),
        "{e}"
    );
    assert!(!run(&mut w, "aws ecs list-clusters").contains("cluster/bad"));
    // Its load balancer and target group were rolled back with it.
    assert!(e.contains("elbv2 delete-load-balancer"), "{e}");
    assert_eq!(
        run(
            &mut w,
            "aws elbv2 describe-target-groups --query TargetGroups[].TargetGroupName --output text"
        )
        .trim(),
        ""
    );
    // Deleted, then made again at once: its cluster is still draining, and it says so.
    run(&mut w, "sim env create e1 --from staging");
    run(&mut w, "sim wait 2m");
    run(&mut w, "sim env delete e1");
    let e = sunaba_core::run(&mut w, "sim env create e1 --from staging", &files())
        .unwrap_err()
        .message;
    assert!(e.contains("is still being deleted"), "{e}");
    run(&mut w, "sim wait 2m");
    run(&mut w, "sim env create e1 --from staging");
    run(&mut w, "sim wait 2m");
    // A service the learner added to the environment's cluster keeps the cluster alive.
    run(
        &mut w,
        "aws ecs create-service --cluster e1 --service-name extra --task-definition shop-e1 --desired-count 1 --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}",
    );
    run(&mut w, "sim wait 1m");
    let out = run(&mut w, "sim env delete e1");
    assert!(
        out.contains("aws --profile sandbox ecs wait services-inactive --cluster e1 --services shop && aws --profile sandbox ecs delete-cluster --cluster e1"),
        "{out}"
    );
    assert!(out.contains("(ClusterContainsServicesException)"), "{out}");
    run(&mut w, "sim wait 3m");
    assert!(run(&mut w, "aws ecs list-services --cluster e1").contains("service/e1/extra"));
    assert!(run(&mut w, "aws ecs list-clusters").contains("cluster/e1"));
    // ECS clusters are the account's: another context of the same account cannot reuse a name.
    run(&mut w, "sim cluster create prod-b --account prod --nodes 1");
    run(
        &mut w,
        "sim env create x --from staging --context prod-cluster",
    );
    let e = sunaba_core::run(
        &mut w,
        "sim env create x --from staging --context prod-b",
        &files(),
    )
    .unwrap_err()
    .message;
    assert!(
        e.contains("already exists in this account (context \"prod-cluster\")"),
        "{e}"
    );
    // A service ARN names its cluster.
    let d: serde_json::Value = serde_json::from_str(&run(
        &mut w,
        "aws ecs describe-services --cluster e1 --services arn:aws:ecs:us-east-1:123456789012:service/default/extra",
    ))
    .unwrap();
    assert_eq!(d["failures"][0]["reason"], "MISSING", "{d}");
    assert!(sunaba_core::run(&mut w, "sim why --cluster nope", &files())
        .unwrap_err()
        .message
        .contains("no ECS cluster \"nope\""));
}
