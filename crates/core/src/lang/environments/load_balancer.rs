//! An ECS environment behind a load balancer of its own: when its folder holds
//! `target-group.json` (the CreateTargetGroup request; `Name` defaults to `NAME-tg`), the
//! environment makes `NAME-alb`, the target group, a listener on port 80 forwarding to it,
//! applies `target-group-attributes.json` if there is one, and fills its target group's ARN
//! into the `loadBalancers` entry of `service.json` that has none. Every step is an
//! `aws elbv2` line run through the command language and printed; every object is recorded
//! for delete (listener, target group once the service is INACTIVE, load balancer) and for a
//! failed create's rollback.

use serde_json::Value;

use crate::base::command::CommandError;
use crate::input::files::FileSource;
use crate::world::World;

pub const TARGET_GROUP_FILE: &str = "target-group.json";
pub const TARGET_GROUP_ATTRIBUTES_FILE: &str = "target-group-attributes.json";
/// A request file read for an environment, at most.
const FILE_MAX_BYTES: usize = 64 * 1024;
/// What an environment's users send, per second (a Kubernetes environment's Services get
/// the same).
pub(crate) const ENV_TRAFFIC_PER_S: u32 = 10;
/// ELB's longest name.
const ELB_NAME_MAX: usize = 32;

/// The load balancer an ECS environment will make.
pub(crate) struct EnvLoadBalancer {
    pub lb_name: String,
    /// The target group request rendered for the environment (generated folder).
    pub target_group_file: String,
    pub target_group_name: String,
    /// The learner's attributes request, if the folder has one.
    pub attributes_file: Option<String>,
    /// `service.json` as written, and where the rendered one goes.
    pub service: Value,
    pub service_file: String,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
}

/// A planned load balancer, its rendered target group file `(path, text)`, and what
/// rendering changed.
type Planned = (EnvLoadBalancer, (String, String), Vec<String>);

fn tokens(line: &[&str]) -> Vec<String> {
    line.iter().map(|s| s.to_string()).collect()
}

fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

/// A JSON object read from `path`, bounded, its errors located.
fn json_object(path: &str, text: &str) -> Result<Value, CommandError> {
    if text.len() > FILE_MAX_BYTES {
        return err(format!(
            "error: {path}: larger than {} KiB",
            FILE_MAX_BYTES / 1024
        ));
    }
    let v: Value = serde_json::from_str(text).map_err(|e| {
        CommandError::new(format!(
            "error: {path}:{}:{}: invalid JSON: {e}",
            e.line(),
            e.column()
        ))
    })?;
    if !v.is_object() {
        return err(format!("error: {path}:1:1: expected a JSON object"));
    }
    Ok(v)
}

/// Checks what the environment's load balancer needs before anything is made; `None` when
/// the folder has no `target-group.json`. Returns the plan, the rendered target group file
/// and what rendering changed.
pub(crate) fn plan(
    world: &World,
    name: &str,
    source: &str,
    dir: &str,
    service_path: &str,
    files: &dyn FileSource,
) -> Result<Option<Planned>, CommandError> {
    let tg_path = format!("{source}/{TARGET_GROUP_FILE}");
    let Ok(text) = files.read(&tg_path) else {
        // A service waiting for the environment's target group, in a folder that makes none.
        let waiting = files
            .read(service_path)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .is_some_and(|v| open_entry(&v));
        if waiting {
            return err(format!(
                "error: {service_path}: a \"loadBalancers\" entry has no \"targetGroupArn\", and the folder has no {TARGET_GROUP_FILE} to make the environment's target group"
            ));
        }
        return Ok(None);
    };
    let mut tg = json_object(&tg_path, &text)?;
    let mut rendered = Vec::new();
    let target_group_name = match tg.get("Name") {
        Some(Value::String(n)) => n.clone(),
        Some(_) => return err(format!("error: {tg_path}: \"Name\" must be a string")),
        None => {
            let n = format!("{name}-tg");
            tg["Name"] = Value::String(n.clone());
            rendered.push(format!("\"Name\": \"{n}\""));
            n
        }
    };
    let lb_name = format!("{name}-alb");
    for (what, n) in [
        ("load balancer", &lb_name),
        ("target group", &target_group_name),
    ] {
        if n.len() > ELB_NAME_MAX {
            return err(format!(
                "error: the environment's {what} would be named \"{n}\": ELB allows at most {ELB_NAME_MAX} characters (a shorter environment name)"
            ));
        }
    }
    let elb = &world.ecs.elb;
    if elb.load_balancers.values().any(|l| l.name == lb_name) {
        return err(format!(
            "error: a load balancer named \"{lb_name}\" already exists here (aws elbv2 describe-load-balancers --names {lb_name})"
        ));
    }
    if let Some(t) = elb
        .target_groups
        .values()
        .find(|t| t.name == target_group_name)
    {
        if world.ecs.target_groups_to_delete.contains(&t.arn) {
            return err(format!(
                "error: target group \"{target_group_name}\" is still being deleted: its service's targets are draining (sim wait 1m, then try again)"
            ));
        }
        return err(format!(
            "error: a target group named \"{target_group_name}\" already exists here (aws elbv2 describe-target-groups --names {target_group_name})"
        ));
    }
    let attributes_path = format!("{source}/{TARGET_GROUP_ATTRIBUTES_FILE}");
    let attributes_file = match files.read(&attributes_path) {
        Ok(text) => {
            json_object(&attributes_path, &text)?;
            Some(attributes_path)
        }
        Err(_) => None,
    };
    let service_text = files
        .read(service_path)
        .map_err(|e| CommandError::new(format!("error: {service_path}: {e}")))?;
    let service = json_object(service_path, &service_text)?;
    if !open_entry(&service) {
        return err(format!(
            "error: {service_path}: no \"loadBalancers\" entry without a \"targetGroupArn\" for the environment's target group ({tg_path}): add {{\"containerName\": …, \"containerPort\": …}}"
        ));
    }
    let strings = |key: &str| -> Vec<String> {
        service["networkConfiguration"]["awsvpcConfiguration"][key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let subnets = strings("subnets");
    if subnets.len() < 2 {
        return err(format!(
            "error: {service_path}: networkConfiguration.awsvpcConfiguration.subnets: the load balancer needs at least two subnets in two different Availability Zones"
        ));
    }
    let security_groups = strings("securityGroups");
    let target_group_file = format!("{dir}/{TARGET_GROUP_FILE}");
    let text = serde_json::to_string_pretty(&tg).unwrap_or_default() + "\n";
    Ok(Some((
        EnvLoadBalancer {
            lb_name,
            target_group_file: target_group_file.clone(),
            target_group_name,
            attributes_file,
            service,
            service_file: format!("{dir}/service.json"),
            subnets,
            security_groups,
        },
        (target_group_file, text),
        rendered,
    )))
}

/// Whether a service's `loadBalancers` has an entry for the environment to fill in.
fn open_entry(service: &Value) -> bool {
    service["loadBalancers"]
        .as_array()
        .is_some_and(|l| l.iter().any(open_item))
}

/// An entry (an object: anything else is ECS's to refuse) without a target group.
fn open_item(entry: &Value) -> bool {
    entry.is_object() && entry.get("targetGroupArn").is_none()
}

/// One `aws elbv2` line: printed, run, its answer as JSON.
fn step(
    world: &mut World,
    line: Vec<String>,
    files: &dyn FileSource,
    profile: &str,
    out: &mut String,
) -> Result<Value, CommandError> {
    out.push_str(&format!(
        "$ aws --profile {profile} {}\n",
        line[1..].join(" ")
    ));
    let text = crate::lang::command::run_tokens(world, &line, files)?;
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A few fields of an answer, on one line.
fn brief(v: &Value, keys: &[&str]) -> String {
    let parts: Vec<String> = keys
        .iter()
        .filter_map(|k| {
            let x = v.get(k).filter(|x| !x.is_null())?;
            Some(format!("\"{k}\": {x}"))
        })
        .collect();
    format!("{{ {} … }}\n", parts.join(", "))
}

/// Makes the load balancer, the target group, the listener and the attributes, recording
/// each as soon as it exists; returns the rendered service file (its target group filled in).
pub(crate) fn apply(
    world: &mut World,
    lb: &EnvLoadBalancer,
    files: &dyn FileSource,
    profile: &str,
    out: &mut String,
    objects: &mut Vec<(String, String, String)>,
) -> Result<(String, String), CommandError> {
    let mut line = tokens(&[
        "aws",
        "elbv2",
        "create-load-balancer",
        "--name",
        &lb.lb_name,
        "--subnets",
    ]);
    line.extend(lb.subnets.iter().cloned());
    if !lb.security_groups.is_empty() {
        line.push("--security-groups".into());
        line.extend(lb.security_groups.iter().cloned());
    }
    let made = step(world, line, files, profile, out)?;
    let made = &made["LoadBalancers"][0];
    let lb_arn = made["LoadBalancerArn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    objects.push(("LoadBalancer".into(), String::new(), lb_arn.clone()));
    out.push_str(&brief(made, &["LoadBalancerArn", "DNSName", "State"]));
    let made = step(
        world,
        tokens(&[
            "aws",
            "elbv2",
            "create-target-group",
            "--cli-input-json",
            &format!("file://{}", lb.target_group_file),
        ]),
        files,
        profile,
        out,
    )?;
    let made = &made["TargetGroups"][0];
    let tg_arn = made["TargetGroupArn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    objects.push(("TargetGroup".into(), String::new(), tg_arn.clone()));
    out.push_str(&brief(
        made,
        &[
            "TargetGroupArn",
            "TargetType",
            "HealthCheckPath",
            "HealthCheckIntervalSeconds",
            "HealthyThresholdCount",
        ],
    ));
    let made = step(
        world,
        tokens(&[
            "aws",
            "elbv2",
            "create-listener",
            "--load-balancer-arn",
            &lb_arn,
            "--protocol",
            "HTTP",
            "--port",
            "80",
            "--default-actions",
            &format!("Type=forward,TargetGroupArn={tg_arn}"),
        ]),
        files,
        profile,
        out,
    )?;
    let made = &made["Listeners"][0];
    objects.push((
        "Listener".into(),
        String::new(),
        made["ListenerArn"].as_str().unwrap_or_default().to_string(),
    ));
    out.push_str(&brief(made, &["ListenerArn", "Port"]));
    if let Some(attributes) = &lb.attributes_file {
        let set = step(
            world,
            tokens(&[
                "aws",
                "elbv2",
                "modify-target-group-attributes",
                "--target-group-arn",
                &tg_arn,
                "--cli-input-json",
                &format!("file://{attributes}"),
            ]),
            files,
            profile,
            out,
        )?;
        // The attributes the file set, as the API now reports them.
        let asked: Vec<String> = files
            .read(attributes)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| v["Attributes"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|a| a["Key"].as_str().map(str::to_string))
            .collect();
        for a in set["Attributes"].as_array().into_iter().flatten() {
            if let (Some(k), Some(v)) = (a["Key"].as_str(), a["Value"].as_str()) {
                if asked.iter().any(|x| x == k) {
                    out.push_str(&format!("{k} = {v}\n"));
                }
            }
        }
    }
    let mut service = lb.service.clone();
    if let Some(entries) = service["loadBalancers"].as_array_mut() {
        if let Some(open) = entries.iter_mut().find(|e| open_item(e)) {
            open["targetGroupArn"] = Value::String(tg_arn.clone());
        }
    }
    out.push_str(&format!(
        "# {}: the service, its loadBalancers entry given the target group {}\n",
        lb.service_file, lb.target_group_name
    ));
    let text = serde_json::to_string_pretty(&service).unwrap_or_default() + "\n";
    Ok((lb.service_file.clone(), text))
}

/// The environment's users: a steady rate through its load balancer.
pub(crate) fn start_traffic(
    world: &mut World,
    context: &str,
    lb: &EnvLoadBalancer,
    out: &mut String,
) {
    let Some(arn) = world
        .ecs
        .elb
        .find_load_balancer(&lb.lb_name)
        .map(|l| l.arn.clone())
    else {
        return;
    };
    out.push_str(&format!(
        "$ sim --context {context} traffic {} {ENV_TRAFFIC_PER_S}\n",
        lb.lb_name
    ));
    world
        .ecs
        .elb
        .set_traffic(&mut world.k, &arn, ENV_TRAFFIC_PER_S);
    out.push_str(&format!(
        "sending {ENV_TRAFFIC_PER_S} requests/s to loadbalancer/{}\n",
        lb.lb_name
    ));
}

/// Deletes one of an environment's ELB objects (`kind` is `Listener`, `TargetGroup` or
/// `LoadBalancer`; `false` for any other kind), printing the command and what happened. A
/// target group its draining service still uses goes once the service is INACTIVE.
pub(crate) fn delete_object(
    world: &mut World,
    kind: &str,
    arn: &str,
    objects: &[(String, String, String)],
    profile: &str,
    out: &mut String,
) -> bool {
    let line = match kind {
        "Listener" => tokens(&["aws", "elbv2", "delete-listener", "--listener-arn", arn]),
        "LoadBalancer" => tokens(&[
            "aws",
            "elbv2",
            "delete-load-balancer",
            "--load-balancer-arn",
            arn,
        ]),
        "TargetGroup" => {
            delete_target_group(world, arn, objects, profile, out);
            return true;
        }
        _ => return false,
    };
    out.push_str(&format!(
        "$ aws --profile {profile} {}\n",
        line[1..].join(" ")
    ));
    if let Err(e) = crate::lang::command::run_tokens(world, &line, &crate::input::files::NoFiles) {
        out.push_str(&format!("{}\n", e.message.trim_start()));
    }
    true
}

fn delete_target_group(
    world: &mut World,
    arn: &str,
    objects: &[(String, String, String)],
    profile: &str,
    out: &mut String,
) {
    let services: Vec<(&str, &str)> = objects
        .iter()
        .filter(|(k, _, _)| k == "EcsService")
        .map(|(_, c, s)| (c.as_str(), s.as_str()))
        .collect();
    let wait = match services.first() {
        Some((cluster, _)) => format!(
            "aws --profile {profile} ecs wait services-inactive --cluster {cluster} --services {} && ",
            services
                .iter()
                .map(|(_, s)| *s)
                .collect::<Vec<_>>()
                .join(" ")
        ),
        None => String::new(),
    };
    out.push_str(&format!(
        "$ {wait}aws --profile {profile} elbv2 delete-target-group --target-group-arn {arn}\n"
    ));
    let Some(name) = world.ecs.elb.target_groups.get(arn).map(|t| t.name.clone()) else {
        out.push_str("(the target group is already gone)\n");
        return;
    };
    if !world.ecs.delete_target_group_when_released(arn) {
        out.push_str(&format!(
            "target group {name} is deleted when its service is INACTIVE (its targets drain first)\n"
        ));
    }
}

/// `sim envs`' second table, when an ECS environment has a load balancer: where its users
/// reach it, the rate they send and the last 30 s of requests and errors (what the
/// environments view's card counts).
pub(crate) fn environments_load_balancers(w: &World) -> String {
    let mut rows = Vec::new();
    for e in w.environments() {
        let Some(cw) = w.cluster_world(&e.context) else {
            continue;
        };
        for (_, _, arn) in e.objects.iter().filter(|(k, _, _)| k == "LoadBalancer") {
            let Some(lb) = cw.ecs.elb.load_balancers.get(arn) else {
                continue;
            };
            let recent = cw
                .ecs
                .elb
                .flows
                .get(arn)
                .map(|f| f.samples.iter().rev().take(30).collect::<Vec<_>>())
                .unwrap_or_default();
            let requests: u64 = recent.iter().map(|s| u64::from(s.requests)).sum();
            let errors: u64 = recent.iter().map(|s| u64::from(s.errors)).sum();
            rows.push(vec![
                e.name.clone(),
                e.context.clone(),
                lb.dns_name.clone(),
                format!("{}/s", cw.ecs.elb.traffic_rate(arn)),
                requests.to_string(),
                errors.to_string(),
            ]);
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "\n{}",
        crate::lang::printers::table(
            &[
                "ENVIRONMENT",
                "CONTEXT",
                "LOAD BALANCER DNS NAME",
                "TRAFFIC",
                "REQUESTS (30S)",
                "ERRORS (30S)",
            ],
            &rows,
        )
    )
}
