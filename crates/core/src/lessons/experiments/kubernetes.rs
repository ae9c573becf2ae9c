//! The Kubernetes experiments, one per rule: the workload as written and as fixed, and the
//! commands that make the predicted failure happen.

use serde_json::{json, Value};

use super::document::{
    env_of, is_demo_app, pinned_tag, remove_env, repository, seconds_env, serving_port, set_env,
};
use super::workload::{around, probe_for, workload, yaml_documents, Around, Workload};
use super::{no_experiment, Experiment, Target, Text, Variant, RATE, REPLICAS_MAX};

/// What the rules' experiments are made from: the learner's workload, read once.
struct Cx<'a> {
    /// The variant with the one finding fixed.
    fixed: bool,
    /// The image is sunaba/demo-app (hangs and leaks can be switched on).
    demo: bool,
    image: String,
    /// ` -n NAMESPACE`, or nothing.
    ns: String,
    /// The workload's label selector (`app=web`).
    sel: String,
    /// `deployment/NAME` and the like.
    object: String,
    rule: &'a str,
}

/// One rule's experiment: what it changes when fixed, the commands after the workload runs,
/// what to look at, and whether it needs traffic through a Service.
struct Plan {
    rule: &'static str,
    title: Text,
    change: Text,
    steps_after: Vec<String>,
    look_at: Text,
    traffic: bool,
}

/// The experiment for a Kubernetes finding of `rule`, as written or fixed: the workload (and
/// what it needs around it), applied, then the rule's steps.
pub(super) fn k8s_experiment(
    rule: &str,
    doc: Value,
    others: Vec<Value>,
    containers: &str,
    index: usize,
    variant: Variant,
) -> Result<Experiment, Text> {
    let mut w = workload(doc, others, containers, index);
    let capped = w.replicas() > REPLICAS_MAX && !w.pod_kind;
    if capped {
        if let Some(spec) = w.doc.get_mut("spec").and_then(Value::as_object_mut) {
            spec.insert("replicas".into(), json!(REPLICAS_MAX));
        }
    }
    let image = w.image();
    let cx = Cx {
        fixed: variant == Variant::Fixed,
        demo: is_demo_app(&image),
        image,
        ns: w.ns_flag(),
        sel: w.selector(),
        object: w.object(),
        rule,
    };
    let plan =
        match rule {
            "no-readiness-probe" => no_readiness_probe(&mut w, &cx)?,
            "no-liveness-probe" => no_liveness_probe(&mut w, &cx)?,
            "no-memory-limit" => no_memory_limit(&mut w, &cx)?,
            "no-requests" => no_requests(&mut w, &cx)?,
            "latest-tag" => latest_tag(&mut w, &cx)?,
            "single-replica-in-prod" => single_replica_in_prod(&mut w, &cx)?,
            "ignores-sigterm" | "grace-shorter-than-shutdown" => sigterm(&mut w, &cx)?,
            "runs-as-root" => return Err(no_experiment(
                "the simulation does not model users and privileges: nothing to show here",
                "シミュレーションはユーザーと権限を扱わないため、ここで見せられるものはありません",
            )),
            _ => {
                return Err(no_experiment(
                    "no experiment for this rule",
                    "このルールの実験はありません",
                ))
            }
        };
    let Plan {
        rule,
        mut title,
        change,
        steps_after,
        look_at,
        traffic,
    } = plan;
    let Cx { ns, sel, .. } = cx;
    if capped {
        title
            .en
            .push_str(&format!(" (replicas capped at {REPLICAS_MAX} here)"));
        title
            .ja
            .push_str(&format!("（ここではレプリカを {REPLICAS_MAX} に制限）"));
    }
    let grace_ms = w.grace_ms();
    let shutdown_ms = seconds_env(w.container(), "SHUTDOWN_SECONDS");
    let around = around(&w, traffic);
    let (files, steps) = files_and_steps(&w, &around, &sel, &ns, steps_after);
    Ok(Experiment {
        rule,
        variant,
        title,
        change,
        files,
        steps,
        look_at,
        target: Target::Pods {
            namespace: w.namespace.clone(),
            labels: w.labels.clone(),
            service: around.service,
            grace_ms,
            shutdown_ms,
        },
    })
}

/// The experiment's files (what it needs around the workload, then the learner's own) and its
/// steps: apply them, wait, look, start traffic when there is a Service, then the rule's
/// `steps_after`, and the traffic's totals last.
fn files_and_steps(
    w: &Workload,
    around: &Around,
    sel: &str,
    ns: &str,
    steps_after: Vec<String>,
) -> (Vec<(String, String)>, Vec<String>) {
    let mut files = Vec::new();
    let mut steps = Vec::new();
    if !around.extra.is_empty() {
        files.push(("show-me.yaml".to_owned(), yaml_documents(&around.extra)));
        steps.push("kubectl apply -f show-me.yaml".to_owned());
    }
    let mut mine = w.supporting.clone();
    mine.push(w.doc.clone());
    files.push(("your-definition.yaml".to_owned(), yaml_documents(&mine)));
    steps.push("kubectl apply -f your-definition.yaml".to_owned());
    steps.push("sim wait 1m".to_owned());
    steps.push(format!("kubectl get pods -l {sel}{ns}"));
    if let Some(svc) = &around.service {
        steps.push(format!("sim traffic {svc} {RATE}{ns}"));
        steps.push("sim wait 10s".to_owned());
    }
    steps.extend(steps_after);
    if around.service.is_some() {
        steps.push("sim traffic".to_owned());
    }
    (files, steps)
}

/// `no-readiness-probe`: restart the pods under traffic; fixed, with a readinessProbe.
fn no_readiness_probe(w: &mut Workload, cx: &Cx) -> Result<Plan, Text> {
    let &Cx {
        fixed,
        ref ns,
        ref sel,
        ref object,
        ..
    } = cx;
    let mut change = Text::new("", "");
    let (title, steps_after, look_at): (Text, Vec<String>, Text);
    if fixed {
        let probe = probe_for(w.container());
        if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
            c.insert("readinessProbe".into(), probe);
        }
        change = Text::new(
            "with a readinessProbe (every 2 s)",
            "readinessProbe（2 秒ごと）を追加",
        );
    }
    title = Text::new(
        "Traffic during a restart: requests reach pods that cannot answer yet",
        "再起動中のトラフィック: まだ応答できない Pod にリクエストが届く",
    );
    steps_after = if w.pod_kind {
        vec![format!("sim kill -l {sel}{ns}"), "sim wait 1m".into()]
    } else {
        vec![
            format!("kubectl rollout restart {object}{ns}"),
            "sim wait 1m".into(),
        ]
    };
    look_at = Text::new(
        "the errors in `sim traffic`: without a readiness probe a new container is in the Service's endpoints as soon as it runs, before the app answers",
        "`sim traffic` のエラー数: readiness probe がないと、コンテナは起動した瞬間（アプリが応答できる前）に Service のエンドポイントに入ります",
    );
    Ok(Plan {
        rule: "no-readiness-probe",
        title,
        change,
        steps_after,
        look_at,
        traffic: true,
    })
}

/// `no-liveness-probe`: the demo app hangs after 30 s; fixed, with a livenessProbe.
fn no_liveness_probe(w: &mut Workload, cx: &Cx) -> Result<Plan, Text> {
    let &Cx {
        fixed,
        demo,
        ref ns,
        ref sel,
        ..
    } = cx;
    let mut change = Text::new("", "");
    let (title, steps_after, look_at): (Text, Vec<String>, Text);
    if !demo {
        return Err(no_experiment(
            "a hang can only be simulated with sunaba/demo-app (HANG_AFTER)",
            "ハングを再現できるのは sunaba/demo-app（HANG_AFTER）だけです",
        ));
    }
    if let Some(c) = w.container_mut() {
        set_env(c, "HANG_AFTER", "30s");
    }
    if fixed {
        let port = serving_port(w.container());
        if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
            c.insert(
                "livenessProbe".into(),
                json!({"httpGet": {"path": "/livez", "port": port}, "periodSeconds": 5, "failureThreshold": 3}),
            );
        }
        change = Text::new(
            "with a livenessProbe (GET /livez every 5 s, 3 failures)",
            "livenessProbe（5 秒ごとに GET /livez、3 回失敗で再起動）を追加",
        );
    }
    title = Text::new(
        "The app hangs 30 s after it starts (HANG_AFTER=30s added): is it restarted?",
        "起動 30 秒後にアプリがハングします（HANG_AFTER=30s を追加）: 再起動されるか？",
    );
    steps_after = vec![
        "sim wait 2m".into(),
        format!("kubectl get pods -l {sel}{ns}"),
    ];
    look_at = Text::new(
        "RESTARTS and the errors: without a liveness probe the hung pod stays Running with 0 restarts and fails every request",
        "RESTARTS とエラー数: liveness probe がないと、ハングした Pod は Running・再起動 0 回のまま、すべてのリクエストに失敗します",
    );
    Ok(Plan {
        rule: "no-liveness-probe",
        title,
        change,
        steps_after,
        look_at,
        traffic: true,
    })
}

/// `no-memory-limit`: the demo app leaks memory; fixed, with a memory limit above its usage.
fn no_memory_limit(w: &mut Workload, cx: &Cx) -> Result<Plan, Text> {
    let &Cx {
        fixed,
        demo,
        ref ns,
        ref sel,
        ..
    } = cx;
    let mut change = Text::new("", "");
    let (title, steps_after, look_at): (Text, Vec<String>, Text);
    if !demo {
        return Err(no_experiment(
            "a leak can only be simulated with sunaba/demo-app (LEAK_MEMORY_MIB_PER_SEC)",
            "メモリリークを再現できるのは sunaba/demo-app（LEAK_MEMORY_MIB_PER_SEC）だけです",
        ));
    }
    if let Some(c) = w.container_mut() {
        set_env(c, "LEAK_MEMORY_MIB_PER_SEC", "16");
    }
    if fixed {
        let base_mib = env_of(w.container(), "MEMORY_MIB")
            .and_then(|m| m.trim().parse::<f64>().ok())
            .filter(|m| m.is_finite() && *m >= 0.0)
            .map_or(32, |m| m.min(1e6) as u64);
        let limit = format!("{}Mi", base_mib + 96);
        if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
            let resources = c.entry("resources").or_insert_with(|| json!({}));
            if !resources.is_object() {
                *resources = json!({});
            }
            if let Some(r) = resources.as_object_mut() {
                let limits = r.entry("limits").or_insert_with(|| json!({}));
                if !limits.is_object() {
                    *limits = json!({});
                }
                limits["memory"] = json!(limit);
            }
        }
        change = Text::new(
            format!("with resources.limits.memory: {limit}"),
            format!("resources.limits.memory: {limit} を追加"),
        );
    }
    title = Text::new(
        "The app leaks 16 MiB/s (LEAK_MEMORY_MIB_PER_SEC=16 added): what stops it?",
        "アプリが毎秒 16 MiB リークします（LEAK_MEMORY_MIB_PER_SEC=16 を追加）: 何が止めるか？",
    );
    steps_after = vec![
        "sim wait 1m".into(),
        format!("kubectl get pods -l {sel}{ns}"),
        "sim wait 4m".into(),
        format!("kubectl get pods -l {sel}{ns}"),
    ];
    look_at = Text::new(
        "when the container is OOMKilled: with no limit the leak grows to the whole node's memory (4 GiB) first; with a limit it is stopped at the limit, alone",
        "コンテナが OOMKilled になる時点: 制限がないとリークはノードのメモリ全体（4 GiB）まで膨らみます。制限があれば、その上限でこのコンテナだけが止められます",
    );
    Ok(Plan {
        rule: "no-memory-limit",
        title,
        change,
        steps_after,
        look_at,
        traffic: false,
    })
}

/// `no-requests`: scale to 30 replicas on small nodes; fixed, with requests.
fn no_requests(w: &mut Workload, cx: &Cx) -> Result<Plan, Text> {
    let &Cx {
        fixed,
        ref ns,
        ref sel,
        ref object,
        ..
    } = cx;
    let mut change = Text::new("", "");
    let (title, steps_after, look_at): (Text, Vec<String>, Text);
    if w.pod_kind {
        return Err(no_experiment(
            "the experiment scales a Deployment; a bare Pod cannot be scaled",
            "この実験は Deployment をスケールします。単独の Pod はスケールできません",
        ));
    }
    if fixed {
        if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
            let resources = c.entry("resources").or_insert_with(|| json!({}));
            if !resources.is_object() {
                *resources = json!({});
            }
            resources["requests"] = json!({"cpu": "500m", "memory": "256Mi"});
        }
        change = Text::new(
            "with resources.requests: cpu 500m, memory 256Mi",
            "resources.requests（cpu 500m、memory 256Mi）を追加",
        );
    }
    title = Text::new(
        "Scale to 30 replicas on 3 nodes of 2 CPU: what does the scheduler reserve?",
        "2 CPU のノード 3 台で 30 レプリカにスケール: スケジューラは何を確保するか？",
    );
    steps_after = vec![
        format!("kubectl scale {object} --replicas=30{ns}"),
        "sim wait 1m".into(),
        "kubectl describe nodes".into(),
        format!("kubectl get pods -l {sel}{ns}"),
    ];
    look_at = Text::new(
        "`Allocated resources` of each node: without requests the scheduler counts 0 for every pod, so nothing stops it from piling more pods on a full node",
        "各ノードの `Allocated resources`: requests がないとスケジューラは各 Pod を 0 と数えるため、満杯のノードにも Pod を積み続けます",
    );
    Ok(Plan {
        rule: "no-requests",
        title,
        change,
        steps_after,
        look_at,
        traffic: false,
    })
}

/// `latest-tag`: crash the container three times and watch the pulls; fixed, with a pinned tag.
fn latest_tag(w: &mut Workload, cx: &Cx) -> Result<Plan, Text> {
    let &Cx {
        fixed,
        ref image,
        ref ns,
        ref sel,
        ..
    } = cx;
    let mut change = Text::new("", "");
    let (title, steps_after, look_at): (Text, Vec<String>, Text);
    if fixed {
        let Some(tag) = pinned_tag(image) else {
            return Err(no_experiment(
                "no pinned version known for this image",
                "このイメージの固定バージョンがわかりません",
            ));
        };
        let pinned = format!("{}:{tag}", repository(image));
        if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
            c.insert("image".into(), json!(pinned));
        }
        change = Text::new(
            format!("with image {pinned}"),
            format!("イメージを {pinned} に固定"),
        );
    }
    title = Text::new(
        "Crash the container three times: where does each restart get its image?",
        "コンテナを 3 回クラッシュさせる: 再起動のたびにイメージをどこから取るか？",
    );
    steps_after = vec![
        format!("sim crash -l {sel}{ns}"),
        "sim wait 15s".into(),
        format!("sim crash -l {sel}{ns}"),
        "sim wait 30s".into(),
        format!("sim crash -l {sel}{ns}"),
        "sim wait 1m".into(),
        format!("kubectl describe pod -l {sel}{ns}"),
    ];
    look_at = Text::new(
        "the `Pulling` events: with :latest (imagePullPolicy Always) every restart pulls the tag again, so a restart runs whatever the tag points to now, not what was tested",
        "`Pulling` イベント: :latest（imagePullPolicy Always）では再起動のたびにタグを取り直すため、再起動後に動くのはテストした版ではなく、今そのタグが指す版です",
    );
    Ok(Plan {
        rule: "latest-tag",
        title,
        change,
        steps_after,
        look_at,
        traffic: false,
    })
}

/// `single-replica-in-prod`: fail the pod's node under traffic; fixed, with 3 replicas.
fn single_replica_in_prod(w: &mut Workload, cx: &Cx) -> Result<Plan, Text> {
    let &Cx {
        fixed,
        ref ns,
        ref sel,
        ..
    } = cx;
    let mut change = Text::new("", "");
    let (title, steps_after, look_at): (Text, Vec<String>, Text);
    if fixed {
        if let Some(spec) = w.doc.get_mut("spec").and_then(Value::as_object_mut) {
            spec.insert("replicas".into(), json!(3));
        }
        change = Text::new("with replicas: 3", "replicas: 3 に変更");
    }
    title = Text::new(
        "The node under the pod fails while users send 100 requests/s",
        "毎秒 100 リクエストの最中に、Pod が載っているノードが故障する",
    );
    steps_after = vec![
        "sim fail-node $NODE".into(),
        "sim wait 2m".into(),
        format!("kubectl get pods -l {sel}{ns} -o wide"),
    ];
    look_at = Text::new(
        "the errors in `sim traffic`: with one replica every request fails until the pod is replaced, 5 minutes after the node is lost",
        "`sim traffic` のエラー数: レプリカが 1 つだと、ノード喪失から 5 分後に Pod が置き換えられるまで、すべてのリクエストが失敗します",
    );
    Ok(Plan {
        rule: "single-replica-in-prod",
        title,
        change,
        steps_after,
        look_at,
        traffic: true,
    })
}

/// `ignores-sigterm` and `grace-shorter-than-shutdown`: scale in by one and time the pod's end; fixed, with an app that handles SIGTERM or a grace period longer than its shutdown.
fn sigterm(w: &mut Workload, cx: &Cx) -> Result<Plan, Text> {
    let &Cx {
        fixed,
        ref ns,
        ref sel,
        ref object,
        rule,
        ..
    } = cx;
    let mut change = Text::new("", "");
    let (title, steps_after, look_at): (Text, Vec<String>, Text);
    let sigterm = rule == "ignores-sigterm";
    if fixed {
        if sigterm {
            if let Some(c) = w.container_mut() {
                remove_env(c, "IGNORE_SIGTERM");
            }
            change = Text::new(
                "with an app that handles SIGTERM (IGNORE_SIGTERM removed)",
                "SIGTERM を処理するアプリ（IGNORE_SIGTERM を削除）",
            );
        } else {
            let shutdown_s = seconds_env(w.container(), "SHUTDOWN_SECONDS")
                .unwrap_or(0)
                .div_ceil(1000);
            let grace = shutdown_s + 10;
            let at = w.pod_spec.clone();
            if let Some(spec) = w.doc.pointer_mut(&at).and_then(Value::as_object_mut) {
                spec.insert("terminationGracePeriodSeconds".into(), json!(grace));
            }
            change = Text::new(
                format!("with terminationGracePeriodSeconds: {grace}"),
                format!("terminationGracePeriodSeconds: {grace} に変更"),
            );
        }
    }
    let stop = if w.pod_kind {
        format!("kubectl delete pod {}{ns}", w.name)
    } else {
        format!(
            "kubectl scale {object} --replicas={}{ns}",
            w.replicas().saturating_sub(1)
        )
    };
    title = if sigterm {
        Text::new(
            "Scale in by one: how long does the pod take to go away?",
            "1 つスケールインする: Pod が消えるまでどれだけかかるか？",
        )
    } else {
        Text::new(
            "Scale in by one: does the app finish its shutdown before SIGKILL?",
            "1 つスケールインする: アプリは SIGKILL の前に終了処理を終えられるか？",
        )
    };
    steps_after = vec![
        stop,
        "sim wait 5s".into(),
        format!("kubectl get pods -l {sel}{ns}"),
        "sim wait 1m".into(),
        format!("kubectl get pods -l {sel}{ns}"),
    ];
    look_at = if sigterm {
        Text::new(
            "how long the pod stays Terminating: an app that ignores SIGTERM holds every rollout and scale-in for the whole grace period, then is killed with SIGKILL",
            "Pod が Terminating のままの時間: SIGTERM を無視するアプリは、ロールアウトやスケールインのたびに猶予期間いっぱい待たせ、最後に SIGKILL で殺されます",
        )
    } else {
        Text::new(
            "how long the pod stays Terminating: it is gone when the grace period ends, before the app's shutdown is done (SIGKILL)",
            "Pod が Terminating のままの時間: アプリの終了処理が終わる前に猶予期間が切れ、SIGKILL で消えます",
        )
    };
    let rule = if sigterm {
        "ignores-sigterm"
    } else {
        "grace-shorter-than-shutdown"
    };
    Ok(Plan {
        rule,
        title,
        change,
        steps_after,
        look_at,
        traffic: false,
    })
}
