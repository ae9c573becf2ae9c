//! Definitions: every validation rule with its exact message and location, the defaults,
//! multi-document files, JSON, anchors, and the shipped examples.

use sunaba_core::input::definitions::{load, Loaded, Severity};
use sunaba_core::input::model::{
    DeploymentStrategy, IntOrPercent, Manifest, PullPolicy, RestartPolicy, SelectorOp,
};

/// A valid Deployment. Line numbers matter: tests edit it and assert locations.
const BASE: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.14.2
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
            limits:
              memory: 128Mi
";

fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "BASE does not contain {from:?}");
    BASE.replacen(from, to, 1)
}

fn located(loaded: &Loaded, severity: Severity) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect()
}

fn errors(text: &str) -> Vec<String> {
    let loaded = load("t.yaml", text);
    located(&loaded, Severity::Error)
}

fn warnings(text: &str) -> Vec<String> {
    let loaded = load("t.yaml", text);
    located(&loaded, Severity::Warning)
}

fn one_object(text: &str) -> Manifest {
    let loaded = load("t.yaml", text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.objects.len(), 1, "{:#?}", loaded.objects);
    loaded.objects[0].manifest.clone()
}

fn deployment(text: &str) -> sunaba_core::input::model::DeploymentSpec {
    match one_object(text) {
        Manifest::Deployment { spec, .. } => spec,
        other => panic!("not a Deployment: {other:?}"),
    }
}

#[test]
fn a_valid_deployment_loads_with_kubernetes_defaults() {
    let loaded = load("t.yaml", BASE);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let o = &loaded.objects[0];
    assert_eq!((o.line, o.column), (1, 1));
    let Manifest::Deployment { meta, spec } = &o.manifest else {
        panic!("not a Deployment")
    };
    assert_eq!(meta.name, "web");
    assert_eq!(meta.namespace, None);
    assert_eq!(spec.replicas, 2);
    assert_eq!(
        spec.strategy,
        DeploymentStrategy::RollingUpdate {
            max_surge: IntOrPercent::Percent(25),
            max_unavailable: IntOrPercent::Percent(25),
        }
    );
    assert_eq!(spec.revision_history_limit, 10);
    assert_eq!(spec.progress_deadline_seconds, 600);
    assert_eq!(spec.min_ready_seconds, 0);
    let pod = &spec.template.spec;
    assert_eq!(pod.restart_policy, RestartPolicy::Always);
    assert_eq!(pod.termination_grace_period_seconds, 30);
    let c = &pod.containers[0];
    assert_eq!(c.image_pull_policy, PullPolicy::IfNotPresent);
    assert_eq!(c.resources.requests.cpu_milli(), 100);
    assert_eq!(c.resources.requests.memory_bytes(), 64 << 20);
    assert_eq!(c.resources.limits.memory_bytes(), 128 << 20);
    assert_eq!(c.resources.limits.cpu, None);
}

#[test]
fn replicas_default_to_one() {
    assert_eq!(deployment(&with("  replicas: 2\n", "")).replicas, 1);
}

#[test]
fn image_pull_policy_defaults_on_the_tag() {
    let policy = |image: &str| {
        deployment(&with("nginx:1.14.2", image))
            .template
            .spec
            .containers[0]
            .image_pull_policy
    };
    assert_eq!(policy("nginx"), PullPolicy::Always);
    assert_eq!(policy("nginx:latest"), PullPolicy::Always);
    assert_eq!(policy("registry.local:5000/nginx"), PullPolicy::Always);
    assert_eq!(
        policy("registry.local:5000/nginx:1.2"),
        PullPolicy::IfNotPresent
    );
    assert_eq!(policy("nginx@sha256:abc"), PullPolicy::IfNotPresent);
    let explicit = with(
        "          image: nginx:1.14.2\n",
        "          image: nginx:1.14.2\n          imagePullPolicy: Never\n",
    );
    assert_eq!(
        deployment(&explicit).template.spec.containers[0].image_pull_policy,
        PullPolicy::Never
    );
}

#[test]
fn requests_default_to_limits() {
    let text = with(
        "            requests:\n              cpu: 100m\n              memory: 64Mi\n",
        "",
    )
    .replace(
        "              memory: 128Mi\n",
        "              cpu: 1\n              memory: 128Mi\n",
    );
    let spec = deployment(&text);
    let r = &spec.template.spec.containers[0].resources;
    assert_eq!(r.requests.cpu_milli(), 1000);
    assert_eq!(r.requests.memory_bytes(), 128 << 20);
}

#[test]
fn yaml_numbers_are_accepted_as_quantities() {
    let spec = deployment(&with("cpu: 100m", "cpu: 0.5"));
    assert_eq!(
        spec.template.spec.containers[0]
            .resources
            .requests
            .cpu_milli(),
        500
    );
    assert_eq!(
        spec.template.spec.containers[0]
            .resources
            .requests
            .cpu
            .as_ref()
            .unwrap()
            .text,
        "0.5"
    );
}

#[test]
fn an_unknown_field_is_a_strict_decoding_error_at_the_key() {
    assert_eq!(
        errors(&with("          image: nginx", "          imagee: nginx")),
        vec![
            "16:11: spec.template.spec.containers[0].image: Required value (hint: add an image such as nginx:1.14.2)",
            "17:11: strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\" (hint: did you mean \"image\"?)",
        ]
    );
    assert_eq!(
        errors(&with("  replicas: 2", "  replica: 2")),
        vec!["6:3: strict decoding error: unknown field \"spec.replica\" (hint: did you mean \"replicas\"?)"]
    );
    assert_eq!(
        errors(&format!("{BASE}status2: {{}}\n")),
        vec!["24:1: strict decoding error: unknown field \"status2\" (hint: did you mean \"status\"?)"]
    );
}

#[test]
fn known_fields_that_are_not_simulated_load_with_a_warning() {
    let text = with(
        "          image: nginx:1.14.2\n",
        "          image: nginx:1.14.2\n          securityContext:\n            runAsNonRoot: true\n",
    )
    .replace(
        "    spec:\n      containers:",
        "    spec:\n      serviceAccountName: web\n      containers:",
    );
    let loaded = load("t.yaml", &text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.objects.len(), 1);
    assert_eq!(
        located(&loaded, Severity::Warning),
        vec![
            "15:7: spec.template.spec.serviceAccountName: field is accepted but not simulated by Sunaba (ignored)",
            "19:11: spec.template.spec.containers[0].securityContext: field is accepted but not simulated by Sunaba (ignored)",
        ]
    );
}

#[test]
fn probes_load_with_documented_defaults_and_are_validated() {
    use sunaba_core::input::model::{PortRef, ProbeHandler};
    let text = with(
        "          image: nginx:1.14.2\n",
        "          image: nginx:1.14.2\n          livenessProbe:\n            httpGet: {path: /healthz, port: 80}\n          readinessProbe:\n            tcpSocket: {port: http}\n            periodSeconds: 5\n            successThreshold: 2\n",
    );
    let loaded = load("t.yaml", &text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let Manifest::Deployment { spec, .. } = &loaded.objects[0].manifest else {
        panic!("a Deployment")
    };
    let c = &spec.template.spec.containers[0];
    let l = c.liveness_probe.as_ref().expect("liveness");
    assert_eq!(
        l.handler,
        ProbeHandler::HttpGet {
            path: "/healthz".into(),
            port: PortRef::Number(80),
            scheme: "HTTP".into()
        }
    );
    assert_eq!(
        (
            l.initial_delay_seconds,
            l.period_seconds,
            l.timeout_seconds,
            l.success_threshold,
            l.failure_threshold
        ),
        (0, 10, 1, 1, 3)
    );
    let r = c.readiness_probe.as_ref().expect("readiness");
    assert_eq!(
        r.handler,
        ProbeHandler::TcpSocket {
            port: PortRef::Name("http".into())
        }
    );
    assert_eq!((r.period_seconds, r.success_threshold), (5, 2));

    let bad = with(
        "          image: nginx:1.14.2\n",
        "          image: nginx:1.14.2\n          livenessProbe:\n            successThreshold: 2\n            httpGet: {port: 80}\n            tcpSocket: {port: 80}\n          startupProbe:\n            periodSeconds: 0\n",
    );
    assert_eq!(
        errors(&bad),
        vec![
            "19:13: spec.template.spec.containers[0].livenessProbe: Forbidden: may not specify more than 1 handler type",
            "19:31: spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
            "23:13: spec.template.spec.containers[0].startupProbe: Required value: must specify a handler type (hint: add httpGet, tcpSocket, exec or grpc)",
            "23:28: spec.template.spec.containers[0].startupProbe.periodSeconds: Invalid value: 0: must be greater than or equal to 1",
        ]
    );
}

#[test]
fn negative_replicas_are_refused_at_the_value() {
    assert_eq!(
        errors(&with("replicas: 2", "replicas: -1")),
        vec!["6:13: spec.replicas: Invalid value: -1: must be greater than or equal to 0"]
    );
}

#[test]
fn replicas_of_the_wrong_type_are_type_errors() {
    assert_eq!(
        errors(&with("replicas: 2", "replicas: three")),
        vec!["6:13: spec.replicas: Invalid value: \"three\": spec.replicas in body must be of type integer"]
    );
    assert_eq!(
        errors(&with("replicas: 2", "replicas: \"3\"")),
        vec!["6:13: spec.replicas: Invalid value: \"3\": spec.replicas in body must be of type integer (hint: write the number without quotes)"]
    );
    assert_eq!(
        errors(&with("replicas: 2", "replicas: 2.5")),
        vec!["6:13: spec.replicas: Invalid value: \"2.5\": spec.replicas in body must be of type integer"]
    );
    assert_eq!(
        errors(&with("replicas: 2", "replicas: 2147483648")),
        vec!["6:13: spec.replicas: Invalid value: \"2147483648\": spec.replicas in body must be of type int32 (at most 2147483647)"]
    );
    assert_eq!(
        deployment(&with("replicas: 2", "replicas: 2147483647")).replicas,
        i32::MAX as u32
    );
}

#[test]
fn a_missing_selector_is_reported_at_the_spec_mapping() {
    let text = with("  selector:\n    matchLabels:\n      app: web\n", "");
    assert_eq!(
        errors(&text),
        vec!["6:3: spec.selector: Required value (hint: add spec.selector.matchLabels with the template's labels)"]
    );
}

#[test]
fn a_selector_that_does_not_match_the_template_labels_is_refused() {
    let text = with("        app: web\n", "        app: two\n");
    assert_eq!(
        errors(&text),
        vec!["13:9: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"two\"}: `selector` does not match template `labels` (hint: every label in spec.selector must also be in spec.template.metadata.labels)"]
    );
}

#[test]
fn match_expressions_are_decoded_and_checked() {
    let text = with(
        "    matchLabels:\n      app: web\n",
        "    matchExpressions:\n      - {key: app, operator: In, values: [web, api]}\n",
    );
    let spec = deployment(&text);
    assert_eq!(spec.selector.match_expressions[0].operator, SelectorOp::In);
    let bad = with(
        "    matchLabels:\n      app: web\n",
        "    matchExpressions:\n      - {key: app, operator: Near}\n",
    );
    assert_eq!(
        errors(&bad),
        vec!["9:30: spec.selector.matchExpressions[0].operator: Unsupported value: \"Near\": supported values: \"DoesNotExist\", \"Exists\", \"In\", \"NotIn\""]
    );
}

#[test]
fn object_names_must_be_dns_subdomains() {
    assert_eq!(
        errors(&with("name: web\nspec", "name: Web_App\nspec")),
        vec!["4:9: metadata.name: Invalid value: \"Web_App\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]
    );
    let long = "a".repeat(254);
    assert_eq!(
        errors(&with("name: web\nspec", &format!("name: {long}\nspec"))),
        vec!["4:9: metadata.name: Invalid value: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\": must be no more than 253 characters"]
    );
}

#[test]
fn a_missing_name_is_reported_at_the_metadata_mapping() {
    assert_eq!(
        errors(&with("  name: web\n", "  labels: {}\n")),
        vec!["4:3: metadata.name: Required value: name or generateName is required"]
    );
}

#[test]
fn container_names_are_dns_labels_and_unique() {
    let dup = with(
        "          image: nginx:1.14.2\n",
        "          image: nginx:1.14.2\n        - name: web\n          image: busybox:1.36\n",
    );
    assert_eq!(
        errors(&dup),
        vec!["18:17: spec.template.spec.containers[1].name: Duplicate value: \"web\" (hint: container names must be unique within a pod)"]
    );
    assert_eq!(
        errors(&with("- name: web", "- name: my.web")),
        vec!["16:17: spec.template.spec.containers[0].name: Invalid value: \"my.web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
    );
}

#[test]
fn containers_are_required() {
    let text = with("      containers:\n", "      containers: []\n");
    let text = text
        .split("        - name: web")
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        errors(&text),
        vec!["15:19: spec.template.spec.containers: Required value (hint: list at least one container)"]
    );
}

#[test]
fn container_ports_must_be_in_range() {
    let text = |port: &str| {
        with(
            "          image: nginx:1.14.2\n",
            &format!("          image: nginx:1.14.2\n          ports:\n            - containerPort: {port}\n"),
        )
    };
    assert_eq!(
        errors(&text("0")),
        vec!["19:30: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive"]
    );
    assert_eq!(
        errors(&text("70000")),
        vec!["19:30: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"]
    );
    let spec = deployment(&text("8080"));
    assert_eq!(
        spec.template.spec.containers[0].ports[0].container_port,
        8080
    );
    assert_eq!(spec.template.spec.containers[0].ports[0].protocol, "TCP");
}

#[test]
fn deployments_only_allow_restart_policy_always() {
    let text = with(
        "    spec:\n      containers:",
        "    spec:\n      restartPolicy: Never\n      containers:",
    );
    assert_eq!(
        errors(&text),
        vec!["15:22: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""]
    );
}

#[test]
fn rolling_update_parameters_are_validated() {
    let strategy = |surge: &str, unavailable: &str| {
        with(
            "  template:\n",
            &format!("  strategy:\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavailable}\n  template:\n"),
        )
    };
    assert_eq!(
        errors(&strategy("0", "0")),
        vec!["13:23: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0 (hint: allow at least one extra or one missing pod during a rollout)"]
    );
    assert_eq!(
        errors(&strategy("abc", "1")),
        vec!["12:17: spec.strategy.rollingUpdate.maxSurge: Invalid value: \"abc\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]
    );
    assert_eq!(
        errors(&strategy("1", "150%")),
        vec!["13:23: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"]
    );
    assert_eq!(
        deployment(&strategy("1", "\"50%\"")).strategy,
        DeploymentStrategy::RollingUpdate {
            max_surge: IntOrPercent::Int(1),
            max_unavailable: IntOrPercent::Percent(50),
        }
    );
    let recreate = with(
        "  template:\n",
        "  strategy:\n    type: Recreate\n  template:\n",
    );
    assert_eq!(deployment(&recreate).strategy, DeploymentStrategy::Recreate);
    let bad_type = with(
        "  template:\n",
        "  strategy:\n    type: BlueGreen\n  template:\n",
    );
    assert_eq!(
        errors(&bad_type),
        vec!["11:11: spec.strategy.type: Unsupported value: \"BlueGreen\": supported values: \"Recreate\", \"RollingUpdate\""]
    );
}

#[test]
fn malformed_quantities_use_the_api_server_wording() {
    assert_eq!(
        errors(&with("memory: 128Mi", "memory: 128MB")),
        vec!["23:23: spec.template.spec.containers[0].resources.limits.memory: Invalid value: \"128MB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (hint: write 128Mi or 128M, not 128MB)"]
    );
    assert_eq!(
        errors(&with("cpu: 100m", "cpu: lots")),
        vec!["20:20: spec.template.spec.containers[0].resources.requests.cpu: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]
    );
}

#[test]
fn requests_above_limits_are_refused() {
    let text = with(
        "              memory: 128Mi\n",
        "              cpu: 50m\n              memory: 128Mi\n",
    );
    assert_eq!(
        errors(&text),
        vec!["20:20: spec.template.spec.containers[0].resources.requests: Invalid value: \"100m\": must be less than or equal to cpu limit of 50m (hint: raise the limit or lower the request)"]
    );
    let mem = with("memory: 64Mi", "memory: 1Gi");
    assert_eq!(
        errors(&mem),
        vec!["21:23: spec.template.spec.containers[0].resources.requests: Invalid value: \"1Gi\": must be less than or equal to memory limit of 128Mi (hint: raise the limit or lower the request)"]
    );
}

#[test]
fn label_syntax_and_types_are_checked() {
    assert_eq!(
        errors(&with("  name: web\n", "  name: web\n  labels:\n    tier: -bad\n")),
        vec!["6:11: metadata.labels.tier: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]
    );
    assert_eq!(
        errors(&with("  name: web\n", "  name: web\n  labels:\n    version: 2\n")),
        vec!["6:14: metadata.labels.version: Invalid value: \"2\": metadata.labels.version in body must be of type string (hint: quote it: \"2\")"]
    );
    assert_eq!(
        errors(&with("  name: web\n", "  name: web\n  labels:\n    enabled: yes\n")),
        vec!["6:14: metadata.labels.enabled: Invalid value: \"yes\": metadata.labels.enabled in body must be of type string (hint: quote it: \"yes\")"]
    );
}

#[test]
fn environment_values_must_be_strings() {
    let text = with(
        "          image: nginx:1.14.2\n",
        "          image: nginx:1.14.2\n          env:\n            - name: PORT\n              value: 8080\n",
    );
    assert_eq!(
        errors(&text),
        vec!["20:22: spec.template.spec.containers[0].env[0].value: Invalid value: \"8080\": spec.template.spec.containers[0].env[0].value in body must be of type string (hint: quote it: \"8080\")"]
    );
}

#[test]
fn documents_without_kind_or_api_version_name_what_is_missing() {
    assert_eq!(
        errors("metadata:\n  name: x\n"),
        vec!["1:1: error validating data: [apiVersion not set, kind not set] (hint: a Deployment starts with \"apiVersion: apps/v1\" and \"kind: Deployment\")"]
    );
    assert_eq!(
        errors("apiVersion: v1\nmetadata:\n  name: x\n"),
        vec!["1:1: error validating data: [kind not set] (hint: a Deployment starts with \"apiVersion: apps/v1\" and \"kind: Deployment\")"]
    );
}

#[test]
fn unknown_kinds_and_old_api_versions_are_refused() {
    assert_eq!(
        errors(&with("kind: Deployment", "kind: Deploymnet")),
        vec!["2:7: no matches for kind \"Deploymnet\" in version \"apps/v1\" (hint: did you mean \"Deployment\"?)"]
    );
    assert_eq!(
        errors(&with("apiVersion: apps/v1", "apiVersion: extensions/v1beta1")),
        vec!["1:13: no matches for kind \"Deployment\" in version \"extensions/v1beta1\" (hint: use apiVersion: apps/v1)"]
    );
}

#[test]
fn other_kubernetes_kinds_are_stored_with_a_warning() {
    let text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\nautomountServiceAccountToken: false\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec: {}\n";
    let loaded = load("t.yaml", text);
    assert!(!loaded.has_errors());
    let kinds: Vec<&str> = loaded.objects.iter().map(|o| o.manifest.kind()).collect();
    assert_eq!(kinds, ["ServiceAccount", "HorizontalPodAutoscaler"]);
    assert_eq!(
        located(&loaded, Severity::Warning),
        vec![
            "2:7: ServiceAccount \"x\" is stored, but Sunaba does not simulate ServiceAccount objects: nothing acts on it",
            "8:7: HorizontalPodAutoscaler \"web\" is stored, but Sunaba does not simulate HorizontalPodAutoscaler objects: nothing acts on it",
        ]
    );
}

#[test]
fn sunabas_own_warnings_come_in_japanese_too_and_the_tools_errors_stay_english() {
    let text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx\n      bogus: 1\n";
    let loaded = load("t.yaml", text);
    let ja: Vec<Option<&str>> = loaded
        .diagnostics
        .iter()
        .map(|d| d.message_ja.as_deref())
        .collect();
    assert_eq!(
        ja,
        vec![
            Some("ServiceAccount \"x\" は保存されますが、Sunaba は ServiceAccount をシミュレートしません（何も作用しません）"),
            None,
        ],
        "{:#?}",
        loaded.diagnostics
    );
}

#[test]
fn duplicate_keys_are_refused() {
    assert_eq!(
        errors(&with("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n")),
        vec!["7:3: error converting YAML to JSON: yaml: mapping key \"replicas\" already defined at line 6"]
    );
}

#[test]
fn tabs_in_indentation_get_a_hint() {
    let errs = errors("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("4:"), "{errs:?}");
    assert!(
        errs[0].ends_with("(hint: YAML indentation must use spaces, not tabs)"),
        "{errs:?}"
    );
}

#[test]
fn a_multi_document_file_loads_every_object_in_order() {
    let text = format!("---\n{BASE}---\n# just a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    let loaded = load("t.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let kinds: Vec<_> = loaded.objects.iter().map(|o| o.manifest.kind()).collect();
    assert_eq!(kinds, ["Deployment", "Namespace"]);
    assert_eq!((loaded.objects[1].line, loaded.objects[1].column), (28, 1));
}

#[test]
fn one_invalid_document_does_not_hide_the_valid_ones() {
    let text = format!("{BASE}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: Bad_NS\n");
    let loaded = load("t.yaml", &text);
    assert!(loaded.has_errors());
    assert_eq!(loaded.objects.len(), 1);
    assert_eq!(loaded.objects[0].manifest.kind(), "Deployment");
}

#[test]
fn json_input_is_accepted_and_located() {
    let json = r#"{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "solo", "labels": {"app": "solo"}},
  "spec": {
    "restartPolicy": "Never",
    "containers": [{"name": "c", "image": "busybox:1.36", "command": ["sh", "-c", "exit 0"]}]
  }
}"#;
    let Manifest::Pod { meta, spec } = one_object(json) else {
        panic!("not a Pod")
    };
    assert_eq!(meta.labels["app"], "solo");
    assert_eq!(spec.restart_policy, RestartPolicy::Never);
    assert_eq!(spec.containers[0].command, ["sh", "-c", "exit 0"]);
    let bad = json.replace("\"image\"", "\"imag\"");
    assert_eq!(
        errors(&bad),
        vec![
            "7:20: spec.containers[0].image: Required value (hint: add an image such as nginx:1.14.2)",
            "7:34: strict decoding error: unknown field \"spec.containers[0].imag\" (hint: did you mean \"image\"?)",
        ]
    );
}

#[test]
fn anchors_aliases_and_merge_keys_expand() {
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app: web
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers:
        - name: a
          image: nginx:1.14.2
          resources: &res
            requests: {cpu: 100m, memory: 64Mi}
        - name: b
          image: nginx:1.14.2
          resources:
            <<: *res
            limits: {memory: 256Mi}
";
    let spec = deployment(text);
    assert_eq!(spec.selector.match_labels["app"], "web");
    assert_eq!(spec.template.labels["app"], "web");
    let b = &spec.template.spec.containers[1].resources;
    assert_eq!(b.requests.cpu_milli(), 100);
    assert_eq!(b.limits.memory_bytes(), 256 << 20);
}

#[test]
fn services_default_their_type_and_target_port() {
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";
    let Manifest::Service { spec, .. } = one_object(svc) else {
        panic!("not a Service")
    };
    assert_eq!(spec.type_, "ClusterIP");
    assert_eq!(spec.ports[0].target_port, 80);
    assert_eq!(spec.ports[0].protocol, "TCP");
    assert_eq!(
        errors(&svc.replace("name: web", "name: 1web")),
        vec!["4:9: metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]
    );
    assert_eq!(
        errors(&svc.replace("type", "x").replace("  ports:\n    - port: 80\n", "  type: Headless\n  ports: [{port: 80}]\n")),
        vec!["8:9: spec.type: Unsupported value: \"Headless\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""]
    );
    assert_eq!(
        errors(&svc.replace("    - port: 80\n", "    - port: 80\n    - port: 443\n")),
        vec!["9:7: spec.ports[0].name: Required value (hint: name every port when a Service has more than one)", "10:7: spec.ports[1].name: Required value (hint: name every port when a Service has more than one)"]
    );
}

#[test]
fn a_named_target_port_resolves_to_the_selected_container_port() {
    let text = with(
        "          image: nginx:1.14.2\n",
        "          image: nginx:1.14.2\n          ports:\n            - name: http\n              containerPort: 8080\n",
    ) + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n";
    let loaded = load("t.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let Manifest::Service { spec, .. } = &loaded.objects[1].manifest else {
        panic!("not a Service")
    };
    assert_eq!(spec.ports[0].target_port, 8080);

    let alone = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: http\n";
    assert_eq!(
        warnings(alone),
        vec!["9:19: spec.ports[0].targetPort: named port \"http\" is not defined by a pod of this file that the Service selects; Sunaba uses port 80 instead"]
    );
}

#[test]
fn pods_and_namespaces_load() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  nodeName: node-1\n  terminationGracePeriodSeconds: 5\n  containers:\n    - name: c\n      image: busybox\n";
    let Manifest::Pod { meta, spec } = one_object(pod) else {
        panic!("not a Pod")
    };
    assert_eq!(meta.namespace.as_deref(), Some("shop"));
    assert_eq!(spec.node_name.as_deref(), Some("node-1"));
    assert_eq!(spec.termination_grace_period_seconds, 5);
    assert_eq!(spec.restart_policy, RestartPolicy::Always);
    let ns = one_object("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    assert_eq!(ns.meta().name, "shop");
    assert_eq!(
        errors("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a.b\n"),
        vec!["4:9: metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
    );
}

#[test]
fn a_kind_list_loads_its_items() {
    let text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: b}\n";
    let loaded = load("t.yaml", text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.objects.len(), 2);
    assert_eq!((loaded.objects[1].line, loaded.objects[1].column), (7, 5));
}

#[test]
fn an_empty_file_has_no_objects() {
    for text in ["", "\n\n", "# only a comment\n", "---\n---\n"] {
        assert_eq!(
            errors(text),
            vec!["1:1: no objects passed to apply (the file has no YAML or JSON documents)"],
            "input {text:?}"
        );
    }
}

#[test]
fn diagnostics_display_as_file_line_column() {
    let loaded = load("deploy.yaml", &with("replicas: 2", "replicas: -1"));
    assert_eq!(
        loaded.diagnostics[0].to_string(),
        "deploy.yaml:6:13: error: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    );
}

fn example(name: &str) -> String {
    let path = format!("{}/../../www/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_shipped_example_loads_without_errors() {
    let dir = format!("{}/../../www/examples", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    for name in names {
        let loaded = load(&name, &example(&name));
        assert!(!loaded.has_errors(), "{name}: {:#?}", loaded.diagnostics);
        assert!(!loaded.objects.is_empty(), "{name}");
    }
}

#[test]
fn the_default_example_is_three_nginx_replicas_and_a_service() {
    let loaded = load("nginx-deployment.yaml", &example("nginx-deployment.yaml"));
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let Manifest::Deployment { meta, spec } = &loaded.objects[0].manifest else {
        panic!("not a Deployment")
    };
    assert_eq!(meta.name, "nginx-deployment");
    assert_eq!(spec.replicas, 3);
    let c = &spec.template.spec.containers[0];
    assert_eq!(c.image, "nginx:1.14.2");
    assert_eq!(c.ports[0].container_port, 80);
    assert_eq!(c.resources.requests.cpu_milli(), 100);
    assert_eq!(c.resources.requests.memory_bytes(), 64 << 20);
    assert_eq!(c.resources.limits.memory_bytes(), 128 << 20);
    let Manifest::Service { spec, .. } = &loaded.objects[1].manifest else {
        panic!("not a Service")
    };
    assert_eq!(spec.type_, "ClusterIP");
    assert_eq!(spec.ports[0].target_port, 80);
}

#[test]
fn the_scenario_examples_carry_their_fault() {
    let container = |name: &str| {
        let loaded = load(name, &example(name));
        match &loaded.objects[0].manifest {
            Manifest::Deployment { spec, .. } => spec.template.spec.containers[0].clone(),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(
        container("crashloop.yaml").command,
        ["sh", "-c", "echo starting; sleep 5; exit 1"]
    );
    let oom = container("oom.yaml");
    assert_eq!(oom.image, "sunaba/demo-app:1.0");
    assert_eq!(oom.env_value("LEAK_MEMORY_MIB_PER_SEC"), Some("20"));
    assert_eq!(oom.resources.limits.memory_bytes(), 128 << 20);
    assert_eq!(
        container("too-big.yaml").resources.requests.memory_bytes(),
        6 << 30
    );
    assert_eq!(
        container("missing-image.yaml").image,
        "nginx:1.99-doesnotexist"
    );
    let multi = load("multi-doc.yaml", &example("multi-doc.yaml"));
    // The ConfigMap is simulated now: five objects, no warning.
    assert_eq!(located(&multi, Severity::Warning), Vec::<String>::new());
    assert_eq!(multi.objects.len(), 5);
}

#[test]
fn an_explicit_str_tag_makes_a_string() {
    let ns = one_object(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    version: !!str 2\n",
    );
    assert_eq!(ns.meta().labels["version"], "2");
}

#[test]
fn server_output_with_status_and_server_fields_loads_with_warnings() {
    let text = with(
        "  name: web\n",
        "  name: web\n  uid: 0b5c\n  creationTimestamp: null\n",
    ) + "status:\n  replicas: 2\n";
    let loaded = load("t.yaml", &text);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.objects.len(), 1);
    assert_eq!(
        located(&loaded, Severity::Warning),
        vec![
            "5:3: metadata.uid: field is accepted but not simulated by Sunaba (ignored)",
            "26:1: status: field is accepted but not simulated by Sunaba (ignored)",
        ]
    );
}

#[test]
fn a_command_written_as_one_string_gets_a_list_hint() {
    let text = with(
        "          image: nginx:1.14.2\n",
        "          image: nginx:1.14.2\n          command: sh -c \"exit 1\"\n",
    );
    assert_eq!(
        errors(&text),
        vec!["18:20: spec.template.spec.containers[0].command: Invalid value: \"sh -c \\\"exit 1\\\"\": spec.template.spec.containers[0].command in body must be of type array (hint: write a list, e.g. [\"sh\", \"-c\", \"...\"])"]
    );
}
