//! What the help pages say beyond the grammar, as data: each kubectl and sim command's usage
//! line and examples (kubectl's own where kubectl has the command, trimmed to what Sunaba
//! simulates), kubectl's command groups, the summaries of command groups, and the topics the
//! sim verbs are listed under. Tests check it against the grammar both ways, and run every
//! example.

/// The help page of one kubectl or sim command.
pub(super) struct Page {
    pub path: &'static [&'static str],
    /// The usage line; `{output}` stands for the command's `-o` choices (`json|name|…`).
    pub usage: &'static str,
    /// `(comment, command)`, in the order `--help` prints them.
    pub examples: &'static [(&'static str, &'static str)],
}

const fn page(
    path: &'static [&'static str],
    usage: &'static str,
    examples: &'static [(&'static str, &'static str)],
) -> Page {
    Page {
        path,
        usage,
        examples,
    }
}

#[rustfmt::skip]
pub(super) const PAGES: &[Page] = &[
    // ---------------------------------------------------------------- kubectl
    page(&["kubectl", "get"],
        "kubectl get [(-o|--output=){output}] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
        &[("List all pods in ps output format", "kubectl get pods"),
          ("List all pods in ps output format with more information (such as node name)", "kubectl get pods -o wide"),
          ("List deployments in JSON output format, in the \"v1\" version of the \"apps\" API group", "kubectl get deployments.v1.apps -o json"),
          ("List a single pod in JSON output format", "kubectl get -o json pod web-pod-13je7"),
          ("List deployments and services together in ps output format", "kubectl get deployments,services"),
          ("List all pods in every namespace", "kubectl get pods -A"),
          ("List a pod identified by type and name specified in \"pod.yaml\" in JSON output format", "kubectl get -f pod.yaml -o json")]),
    page(&["kubectl", "describe"],
        "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
        &[("Describe a node", "kubectl describe nodes node-1"),
          ("Describe a pod", "kubectl describe pods/nginx"),
          ("Describe pods by label name=myLabel", "kubectl describe pods -l name=myLabel"),
          ("Describe all pods", "kubectl describe pods"),
          ("Describe a pod identified by type and name in \"pod.json\"", "kubectl describe -f pod.json")]),
    page(&["kubectl", "explain"],
        "kubectl explain TYPE[.FIELD...] [--recursive=FALSE|TRUE] [options]",
        &[("Get the documentation of the resource and its fields", "kubectl explain pods"),
          ("Get all the fields in the resource", "kubectl explain pods --recursive"),
          ("Get the documentation of a specific field of a resource", "kubectl explain pods.spec.containers")]),
    page(&["kubectl", "apply"],
        "kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
        &[("Apply the configuration in editor.yaml to the cluster", "kubectl apply -f editor.yaml"),
          ("Apply resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml", "kubectl apply -k dir/")]),
    page(&["kubectl", "delete"],
        "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
        &[("Delete the objects defined in editor.yaml", "kubectl delete -f editor.yaml"),
          ("Delete the deployment named web", "kubectl delete deployment web"),
          ("Delete pods with label name=myLabel", "kubectl delete pods -l name=myLabel"),
          ("Force delete a pod on a dead node", "kubectl delete pod foo --grace-period=0 --force"),
          ("Delete all pods", "kubectl delete pods --all")]),
    page(&["kubectl", "scale"],
        "kubectl scale --replicas=COUNT (TYPE NAME | TYPE/NAME) [options]",
        &[("Scale a deployment named 'mysql' to 3", "kubectl scale --replicas=3 deployment/mysql")]),
    page(&["kubectl", "logs"],
        "kubectl logs [-p] (POD | -l label) [-c CONTAINER] [options]",
        &[("Return snapshot logs from pod nginx with only one container", "kubectl logs nginx"),
          ("Return snapshot of previous terminated ruby container logs from pod web-1", "kubectl logs -p -c ruby web-1"),
          ("Return snapshot logs from all containers in pods defined by label app=nginx", "kubectl logs -l app=nginx")]),
    page(&["kubectl", "create"],
        "kubectl create (-f FILENAME | deployment NAME --image=IMAGE [--replicas=N] [--port=PORT] | namespace NAME | configmap NAME [--from-literal=KEY=VALUE] [--from-file=[KEY=]FILE] | secret generic NAME [--from-literal=KEY=VALUE] | job NAME (--image=IMAGE | --from=cronjob/NAME) [-- COMMAND [args...]] | cronjob NAME --image=IMAGE --schedule='0/5 * * * ?' [--restart=OnFailure|Never] [-- COMMAND [args...]]) [options]",
        &[("Create a deployment named my-nginx that runs the nginx image", "kubectl create deployment my-nginx --image=nginx"),
          ("Create a deployment with 3 replicas and container port 80", "kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80"),
          ("Create a new namespace named my-namespace", "kubectl create namespace my-namespace"),
          ("Create a new config map named my-config with key1=config1 and key2=config2", "kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2"),
          ("Create a new secret named my-secret with key1=supersecret and key2=topsecret", "kubectl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret"),
          ("Create a job", "kubectl create job my-job --image=busybox"),
          ("Create a job with a command", "kubectl create job my-job-2 --image=busybox -- date"),
          ("Create a cron job", "kubectl create cronjob my-cronjob --image=busybox --schedule=\"*/1 * * * *\""),
          ("Create a job from a cron job named \"my-cronjob\"", "kubectl create job test-job --from=cronjob/my-cronjob"),
          ("Create a cron job with a command", "kubectl create cronjob my-cronjob-2 --image=busybox --schedule=\"*/1 * * * *\" -- date"),
          ("Create a pod using the data in pod.json", "kubectl create -f ./pod.json")]),
    page(&["kubectl", "expose"],
        "kubectl expose (TYPE NAME | TYPE/NAME) [--port=port] [--target-port=number] [--name=name] [--type=type] [options]",
        &[("Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000", "kubectl expose deployment nginx --port=80 --target-port=8000"),
          ("Create a NodePort service for a pod named valid-pod, on port 8080", "kubectl expose pod valid-pod --port=8080 --type=NodePort")]),
    page(&["kubectl", "run"],
        "kubectl run NAME --image=image [--env=\"key=value\"] [--port=port] [--labels=key=value] [--restart=Never] [--command] -- [COMMAND] [args...] [options]",
        &[("Start a nginx pod", "kubectl run nginx --image=nginx"),
          ("Start a hazelcast pod and let the container expose port 5701", "kubectl run hazelcast --image=hazelcast/hazelcast --port=5701"),
          ("Start a hazelcast pod and set environment variables in the container", "kubectl run hazelcast --image=hazelcast/hazelcast --env=\"DNS_DOMAIN=cluster\" --env=\"POD_NAMESPACE=default\""),
          ("Start a busybox pod that is never restarted, running a command", "kubectl run busybox --image=busybox --restart=Never --command -- sleep 3600")]),
    page(&["kubectl", "set"],
        "kubectl set image (TYPE NAME | TYPE/NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
        &[("Set a deployment's nginx container image to 'nginx:1.9.1'", "kubectl set image deployment/nginx nginx=nginx:1.9.1")]),
    page(&["kubectl", "rollout", "status"],
        "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
        &[("Watch the rollout status of a deployment", "kubectl rollout status deployment/nginx")]),
    page(&["kubectl", "rollout", "history"],
        "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
        &[("View the rollout history of a deployment", "kubectl rollout history deployment/abc")]),
    page(&["kubectl", "rollout", "undo"],
        "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
        &[("Roll back to the previous deployment", "kubectl rollout undo deployment/abc"),
          ("Roll back to deployment revision 3", "kubectl rollout undo deployment/abc --to-revision=3")]),
    page(&["kubectl", "rollout", "restart"],
        "kubectl rollout restart (TYPE NAME | TYPE/NAME) [options]",
        &[("Restart a deployment", "kubectl rollout restart deployment/nginx")]),
    page(&["kubectl", "exec"],
        "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
        &[("Get output from running the 'env' command in pod mypod, using the first container by default", "kubectl exec mypod -- env"),
          ("Get the value of HOME from container ruby-container in pod mypod", "kubectl exec mypod -c ruby-container -- printenv HOME")]),
    page(&["kubectl", "kustomize"],
        "kubectl kustomize DIR [flags] [options]",
        &[("Build the current working directory", "kubectl kustomize"),
          ("Build an overlay", "kubectl kustomize overlays/prod")]),
    page(&["kubectl", "cordon"],
        "kubectl cordon NODE [options]",
        &[("Mark node \"foo\" as unschedulable", "kubectl cordon foo")]),
    page(&["kubectl", "uncordon"],
        "kubectl uncordon NODE [options]",
        &[("Mark node \"foo\" as schedulable", "kubectl uncordon foo")]),
    page(&["kubectl", "drain"],
        "kubectl drain NODE [options]",
        &[("Drain node \"foo\", even if there are pods not managed by a controller on it", "kubectl drain foo --force"),
          ("As above, but use a grace period of 15 minutes", "kubectl drain foo --force --grace-period=900")]),
    page(&["kubectl", "taint"],
        "kubectl taint nodes NODE KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]",
        &[("Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'", "kubectl taint nodes foo dedicated=special-user:NoSchedule"),
          ("Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists", "kubectl taint nodes foo dedicated:NoSchedule-")]),
    page(&["kubectl", "config", "get-contexts"],
        "kubectl config get-contexts [(-o|--output=){output}] [NAME] [options]",
        &[("List all the contexts in your kubeconfig file", "kubectl config get-contexts"),
          ("Describe one context in your kubeconfig file", "kubectl config get-contexts my-context")]),
    page(&["kubectl", "config", "current-context"],
        "kubectl config current-context [options]",
        &[("Display the current-context", "kubectl config current-context")]),
    page(&["kubectl", "config", "use-context"],
        "kubectl config use-context CONTEXT_NAME [options]",
        &[("Use the context for the minikube cluster", "kubectl config use-context minikube")]),
    page(&["kubectl", "config", "get-clusters"],
        "kubectl config get-clusters [options]",
        &[("List the clusters that kubectl knows about", "kubectl config get-clusters")]),
    page(&["kubectl", "top", "pod"],
        "kubectl top pod [NAME | -l label] [options]",
        &[("Show metrics for all pods in the default namespace", "kubectl top pod"),
          ("Show metrics for all pods in the given namespace", "kubectl top pod --namespace=NAMESPACE"),
          ("Show metrics for the pods defined by label name=myLabel", "kubectl top pod -l name=myLabel")]),
    page(&["kubectl", "top", "node"],
        "kubectl top node [NAME | -l label] [options]",
        &[("Show metrics for all nodes", "kubectl top node"),
          ("Show metrics for a given node", "kubectl top node NODE_NAME")]),
    page(&["kubectl", "version"],
        "kubectl version [flags] [options]",
        &[("Print the client and server versions for the current context", "kubectl version")]),
    page(&["kubectl", "cluster-info"],
        "kubectl cluster-info [flags] [options]",
        &[("Print the address of the control plane and cluster services", "kubectl cluster-info")]),
    page(&["kubectl", "api-resources"],
        "kubectl api-resources [flags] [options]",
        &[("Print the supported API resources", "kubectl api-resources"),
          ("Print the supported API resources with a specific output format", "kubectl api-resources -o name")]),
    page(&["kubectl", "api-versions"],
        "kubectl api-versions [options]",
        &[("Print the supported API versions", "kubectl api-versions")]),
    page(&["kubectl", "config", "view"],
        "kubectl config view [flags] [options]",
        &[("Show merged kubeconfig settings", "kubectl config view"),
          ("Show only local kubeconfig settings", "kubectl config view --minify"),
          ("Get the namespace of every context", "kubectl config view -o jsonpath='{.contexts[*].context.namespace}'")]),
    page(&["kubectl", "config", "set-context"],
        "kubectl config set-context [NAME | --current] [--namespace=namespace] [options]",
        &[("Set the namespace of the current context", "kubectl config set-context --current --namespace=default")]),
    page(&["kubectl", "label"],
        "kubectl label [--overwrite] (TYPE NAME | TYPE/NAME | TYPE -l label | TYPE --all) KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
        &[("Update pod 'foo' with the label 'unhealthy' and the value 'true'", "kubectl label pods foo unhealthy=true"),
          ("Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value", "kubectl label --overwrite pods foo status=unhealthy"),
          ("Update all pods in the namespace", "kubectl label pods --all status=unhealthy"),
          ("Update pod 'foo' by removing a label named 'bar' if it exists", "kubectl label pods foo bar-")]),
    page(&["kubectl", "annotate"],
        "kubectl annotate [--overwrite] (TYPE NAME | TYPE/NAME | TYPE -l label | TYPE --all) KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
        &[("Update pod 'foo' with the annotation 'description' and the value 'my frontend'", "kubectl annotate pods foo description='my frontend'"),
          ("Update pod 'foo' with the annotation 'description' and the value 'my frontend running nginx', overwriting any existing value", "kubectl annotate --overwrite pods foo description='my frontend running nginx'"),
          ("Update all pods in the namespace", "kubectl annotate pods --all description='my frontend running nginx'"),
          ("Update pod 'foo' by removing an annotation named 'description' if it exists", "kubectl annotate pods foo description-")]),
    page(&["kubectl", "patch"],
        "kubectl patch (TYPE NAME | TYPE/NAME) [-p PATCH|--patch-file FILE] [--type strategic|merge|json] [options]",
        &[("Partially update a deployment using a strategic merge patch, specifying the patch as JSON", "kubectl patch deployment web -p '{\"spec\":{\"replicas\":3}}'"),
          ("Update a container's image using a JSON patch with positional arrays", "kubectl patch deployment web --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\", \"value\":\"nginx:1.27\"}]'"),
          ("Add a label to a service with a JSON merge patch", "kubectl patch service web --type merge -p '{\"metadata\":{\"labels\":{\"tier\":\"frontend\"}}}'"),
          ("Partially update a deployment using a patch in a file", "kubectl patch deployment web --patch-file patch.yaml")]),
    page(&["kubectl", "wait"],
        "kubectl wait (resource.group/resource.name | resource.group [(-l label | --all)]) [--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
        &[("Wait for the pod \"busybox1\" to contain the status condition of type \"Ready\"", "kubectl wait --for=condition=Ready pod/busybox1"),
          ("Wait for the pod \"busybox1\" to contain the status phase to be \"Running\"", "kubectl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1"),
          ("Wait for the deployment \"web\" to be available", "kubectl wait --for=condition=Available deployment/web"),
          ("Wait for the pod \"busybox1\" to be deleted, with a timeout of 60s", "kubectl wait --for=delete pod/busybox1 --timeout=60s")]),
    page(&["kubectl", "edit"],
        "kubectl edit (RESOURCE/NAME) [options]",
        &[("Edit the service named 'registry' (Sunaba has no editor: it points to apply and patch)", "kubectl edit svc/registry")]),
    page(&["kubectl", "rollout", "pause"],
        "kubectl rollout pause RESOURCE [options]",
        &[("Mark the nginx deployment as paused; any current state of the deployment will continue its function; new updates to the deployment will not have an effect as long as the deployment is paused", "kubectl rollout pause deployment/nginx")]),
    page(&["kubectl", "rollout", "resume"],
        "kubectl rollout resume RESOURCE [options]",
        &[("Resume an already paused deployment", "kubectl rollout resume deployment/nginx")]),
    page(&["kubectl", "replace"],
        "kubectl replace -f FILENAME [options]",
        &[("Replace a pod using the data in pod.json", "kubectl replace -f ./pod.json")]),
    // ---------------------------------------------------------------- sim
    page(&["sim", "nodes"], "sim nodes N [--cpu CPU] [--memory MEMORY] [--zone ZONE]",
        &[("Replace the cluster with 5 nodes of 4 CPUs and 8Gi each", "sim nodes 5 --cpu 4 --memory 8Gi")]),
    page(&["sim", "add-node"], "sim add-node [NAME] [--cpu CPU] [--memory MEMORY] [--zone ZONE]",
        &[("Add a node in another zone", "sim add-node --zone zone-b")]),
    page(&["sim", "remove-node"], "sim remove-node NODE",
        &[("Remove node-3 from the cluster", "sim remove-node node-3")]),
    page(&["sim", "seed"], "sim seed N",
        &[("Start again with seed 7 (pod names, tie-breaks)", "sim seed 7")]),
    page(&["sim", "wait"], "sim wait DURATION",
        &[("Let two minutes of simulated time pass", "sim wait 2m")]),
    page(&["sim", "kill"], "sim kill (POD | -l label | task/ECS_TASK_ID | --service ECS_SERVICE) [-c CONTAINER]",
        &[("Kill a pod's container with SIGKILL (exit code 137)", "sim kill web-abc12"),
          ("Kill the containers of every pod labelled app=web", "sim kill -l app=web")]),
    page(&["sim", "crash"], "sim crash (POD | -l label | task/ECS_TASK_ID | --service ECS_SERVICE) [-c CONTAINER] [--exit-code N]",
        &[("Make a pod's container exit with code 1", "sim crash web-abc12"),
          ("Make a task of the ECS service web exit with code 143", "sim crash --service web --exit-code 143")]),
    page(&["sim", "scale"], "sim scale [--nodes 500] [--pods 15000] [--deployments 10]",
        &[("A small cluster first: 30 nodes of 8 CPU in three zones, ten Deployments of 90 pods", "sim scale --nodes 30 --pods 900"),
          ("Kubernetes' own limits, 5,000 nodes and 150,000 pods (in a browser tab this takes a minute)", "sim scale --nodes 5000 --pods 150000 --deployments 10")]),
    page(&["sim", "fail-node"], "sim fail-node (NODE | --zone ZONE)",
        &[("The machine node-2 dies: its kubelet stops reporting", "sim fail-node node-2"),
          ("A zone's outage: every node of zone-a at once", "sim fail-node --zone zone-a")]),
    page(&["sim", "restore-node"], "sim restore-node (NODE | --zone ZONE)",
        &[("Bring node-2 back", "sim restore-node node-2"),
          ("Bring every failed node of zone-a back", "sim restore-node --zone zone-a")]),
    page(&["sim", "why"], "sim why [-n NAMESPACE | --cluster ECS_CLUSTER]",
        &[("What is not running in the default namespace, and why", "sim why"),
          ("The same for the services of an ECS cluster", "sim why --cluster prod")]),
    page(&["sim", "traffic"], "sim traffic [SERVICE|LOAD_BALANCER RATE] [-n NAMESPACE]",
        &[("Send 20 requests per second through the Service web", "sim traffic web 20"),
          ("Send 100 requests per second through the load balancer web-alb (its name or ARN)", "sim traffic web-alb 100"),
          ("Report success and latency", "sim traffic"),
          ("Stop sending", "sim traffic web 0")]),
    page(&["sim", "compress"], "sim compress N",
        &[("Divide back-off and node timings by 10 (1 = real Kubernetes timings)", "sim compress 10")]),
    page(&["sim", "side-by-side"], "sim side-by-side deployment/NAME [-n NAMESPACE]",
        &[("Run the Deployment web on ECS too, and show what differs", "sim side-by-side deployment/web")]),
    page(&["sim", "explain"], "sim explain pod/NAME [--node NODE] [-n NAMESPACE] [--lang en|ja]",
        &[("Every scheduling attempt of the pod web-0: Filter, Score and the node chosen", "sim explain pod/web-0"),
          ("Why the pod web-0 was (or was not) placed on node-2", "sim explain pod/web-0 --node node-2"),
          ("The same, explained in Japanese", "sim explain pod/web-0 --lang ja")]),
    page(&["sim", "build"], "sim build -t REPO:TAG [-f Dockerfile] [--build-arg KEY=VALUE] DIR",
        &[("Build the image shop:1.0 from the Dockerfile in app/", "sim build -t shop:1.0 app")]),
    page(&["sim", "images"], "sim images",
        &[("List the local images", "sim images")]),
    page(&["sim", "history"], "sim history IMAGE",
        &[("Show the layers of shop:1.0", "sim history shop:1.0")]),
    page(&["sim", "tag"], "sim tag SOURCE_IMAGE TARGET_IMAGE",
        &[("Name shop:1.0 for an ECR repository", "sim tag shop:1.0 111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/shop:1.0")]),
    page(&["sim", "push"], "sim push IMAGE",
        &[("Push an image to the registry its name points at", "sim push 111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/shop:1.0")]),
    page(&["sim", "accounts"], "sim accounts",
        &[("List the accounts", "sim accounts")]),
    page(&["sim", "account", "create"], "sim account create NAME [--id 12-DIGITS] [--region REGION]",
        &[("Create the account prod", "sim account create prod --region ap-northeast-1")]),
    page(&["sim", "clusters"], "sim clusters",
        &[("List the clusters of every account", "sim clusters")]),
    page(&["sim", "cluster", "create"], "sim cluster create NAME --account ACCOUNT [--nodes N] [--cpu CPU] [--memory MEMORY]",
        &[("Create a 3-node cluster (and its context) in the account prod", "sim cluster create prod-1 --account prod --nodes 3")]),
    page(&["sim", "cluster", "delete"], "sim cluster delete NAME",
        &[("Delete the cluster prod-1 and its context", "sim cluster delete prod-1")]),
    page(&["sim", "dbs"], "sim dbs",
        &[("List the databases", "sim dbs")]),
    page(&["sim", "db", "create"], "sim db create NAME [--account ACCOUNT] [--env ENVIRONMENT]",
        &[("Create the database of the staging environment", "sim db create shop-db --env staging")]),
    page(&["sim", "ecr", "allow-pull"], "sim ecr allow-pull REPOSITORY --from ACCOUNT [--profile ACCOUNT]",
        &[("Let the account prod pull from the repository shop", "sim ecr allow-pull shop --from prod")]),
    page(&["sim", "envs"], "sim envs",
        &[("List the environments (then, for ECS environments behind a load balancer, its DNS name and traffic)", "sim envs")]),
    page(&["sim", "env", "create"], "sim env create NAME --from OVERLAY_DIR|ECS_DIR [--context CONTEXT] [--with-db]",
        &[("Create the environment staging from a kustomize overlay", "sim env create staging --from overlays/staging"),
          ("Create the ECS environment test: its cluster, task definition and service, and with target-group.json its own load balancer", "sim env create test --from ecs/environments/test")]),
    page(&["sim", "env", "delete"], "sim env delete NAME [--context CONTEXT]",
        &[("Delete the environment staging and exactly what it made", "sim env delete staging")]),
    page(&["sim", "env", "move"], "sim env move NAME --to CONTEXT [--context CONTEXT]",
        &[("Move the environment staging to the context prod-1", "sim env move staging --to prod-1")]),
    page(&["sim", "env", "list"], "sim env list",
        &[("List the environments", "sim env list")]),
];

/// The page of the command at `path`.
pub(super) fn page_of(path: &[&str]) -> Option<&'static Page> {
    PAGES.iter().find(|p| p.path == path)
}

/// What a group of commands (a path with sub-verbs) is for.
pub(super) const GROUPS: &[(&[&str], &str)] = &[
    (&["kubectl", "rollout"], "Manage the rollout of a resource"),
    (&["kubectl", "config"], "Modify kubeconfig files"),
    (&["kubectl", "top"], "Display resource (CPU/memory) usage"),
    (&["sim", "account"], "Create accounts"),
    (&["sim", "cluster"], "Create and delete clusters"),
    (&["sim", "db"], "Create databases"),
    (
        &["sim", "ecr"],
        "Share an ECR repository with other accounts",
    ),
    (&["sim", "env"], "Create, move and delete environments"),
];

pub(super) fn group_summary(path: &[&str]) -> Option<&'static str> {
    GROUPS.iter().find(|(p, _)| *p == path).map(|(_, s)| *s)
}

/// kubectl's own grouping of its commands in `kubectl --help`, with the verbs Sunaba has.
pub(super) const KUBECTL_CATEGORIES: &[(&str, &[&str])] = &[
    (
        "Basic Commands (Beginner)",
        &["create", "expose", "run", "set"],
    ),
    (
        "Basic Commands (Intermediate)",
        &["explain", "get", "edit", "delete"],
    ),
    ("Deploy Commands", &["rollout", "scale"]),
    (
        "Cluster Management Commands",
        &[
            "cluster-info",
            "top",
            "cordon",
            "uncordon",
            "drain",
            "taint",
        ],
    ),
    (
        "Troubleshooting and Debugging Commands",
        &["describe", "logs", "exec"],
    ),
    (
        "Advanced Commands",
        &["apply", "patch", "replace", "wait", "kustomize"],
    ),
    ("Settings Commands", &["label", "annotate"]),
    (
        "Other Commands",
        &["api-resources", "api-versions", "config", "version"],
    ),
];

/// What the sim verbs are about, as `sim --help` and `help` group them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum SimTopic {
    NodesAndTime,
    Faults,
    Looking,
    Images,
    Accounts,
}

impl SimTopic {
    pub const ALL: [SimTopic; 5] = [
        SimTopic::NodesAndTime,
        SimTopic::Faults,
        SimTopic::Looking,
        SimTopic::Images,
        SimTopic::Accounts,
    ];

    /// The verbs under this topic (the word after `sim`).
    pub fn verbs(self) -> &'static [&'static str] {
        match self {
            SimTopic::NodesAndTime => &[
                "nodes",
                "scale",
                "add-node",
                "remove-node",
                "seed",
                "wait",
                "compress",
            ],
            SimTopic::Faults => &["kill", "crash", "fail-node", "restore-node"],
            SimTopic::Looking => &["why", "traffic", "side-by-side", "explain"],
            SimTopic::Images => &["build", "images", "history", "tag", "push", "ecr"],
            SimTopic::Accounts => &[
                "accounts", "account", "clusters", "cluster", "dbs", "db", "envs", "env",
            ],
        }
    }

    pub fn title_en(self) -> &'static str {
        match self {
            SimTopic::NodesAndTime => "Nodes and time",
            SimTopic::Faults => "Faults",
            SimTopic::Looking => "Traffic and explanations",
            SimTopic::Images => "Images (docker) and registries",
            SimTopic::Accounts => "Accounts, clusters, databases and environments",
        }
    }

    pub fn title_ja(self) -> &'static str {
        match self {
            SimTopic::NodesAndTime => "ノードと時間",
            SimTopic::Faults => "障害",
            SimTopic::Looking => "トラフィックと説明",
            SimTopic::Images => "イメージ（docker）とレジストリ",
            SimTopic::Accounts => "アカウント、クラスター、データベース、環境",
        }
    }

    /// The topic of `sim VERB …`; `None` for a verb no topic lists (a test forbids it).
    pub fn of(verb: &str) -> Option<SimTopic> {
        SimTopic::ALL
            .into_iter()
            .find(|t| t.verbs().contains(&verb))
    }
}
