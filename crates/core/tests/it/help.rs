//! What learners read when they ask the playground about itself: `help` (English and
//! Japanese), each tool's help and `kubectl explain`, byte for byte. Refresh after an intended
//! change with `UPDATE_EXPECT=1 cargo test -p sunaba-core --test it -- help::` and review the
//! diff like code.

use expect_test::{expect, Expect};
use sunaba_core::base::language::Language;
use sunaba_core::lang::command::run_for;
use sunaba_core::{NoFiles, World};

fn check_in(line: &str, reader: Language, expected: Expect) {
    let mut w = World::new(1);
    let out = run_for(&mut w, line, &NoFiles, reader).unwrap_or_else(|e| format!("ERROR: {e}\n"));
    expected.assert_eq(&out);
}

fn check(line: &str, expected: Expect) {
    check_in(line, Language::En, expected);
}

#[test]
fn help_lists_every_command_in_english() {
    check(
        "help",
        expect![[r#"
            Sunaba understands these commands. kubectl and aws are the real tools' commands, simulated (only those listed here); sim acts on the simulation itself.
            More: add --help to a kubectl or sim command (kubectl get --help), aws ecs OPERATION help, kubectl explain RESOURCE[.FIELD] for a manifest's fields. Tab completes.

            kubectl: Kubernetes
              kubectl get                      Display one or many resources
              kubectl describe                 Show details of a specific resource or group of resources
              kubectl explain                  Get documentation for a resource
              kubectl apply                    Apply a configuration to a resource by file name or kustomize directory
              kubectl delete                   Delete resources by file names, resources and names, or by label selector
              kubectl scale                    Set a new size for a deployment
              kubectl logs                     Print the logs for a container in a pod
              kubectl create                   Create a resource from a file, or a deployment, namespace, configmap, secret, job or cronjob
              kubectl expose                   Expose a deployment or pod as a new Kubernetes service
              kubectl run                      Run a particular image on the cluster
              kubectl set                      Set a new image on a deployment's containers
              kubectl rollout status           Show the status of the rollout
              kubectl rollout history          View rollout history
              kubectl rollout undo             Undo a previous rollout
              kubectl rollout restart          Restart a deployment
              kubectl exec                     Execute a command in a container
              kubectl kustomize                Build a kustomization target from a directory
              kubectl cordon                   Mark node as unschedulable
              kubectl uncordon                 Mark node as schedulable
              kubectl drain                    Drain node in preparation for maintenance
              kubectl taint                    Update the taints on one or more nodes
              kubectl config get-contexts      Describe one or many contexts
              kubectl config current-context   Display the current-context
              kubectl config use-context       Set the current-context
              kubectl config get-clusters      Display clusters defined in the kubeconfig
              kubectl top pod                  Display resource (CPU/memory) usage of pods
              kubectl top node                 Display resource (CPU/memory) usage of nodes
              kubectl version                  Print the client and server version information
              kubectl cluster-info             Display cluster information
              kubectl api-resources            Print the supported API resources on the server
              kubectl api-versions             Print the supported API versions on the server, in the form of "group/version"
              kubectl config view              Display merged kubeconfig settings
              kubectl config set-context       Set a context entry in kubeconfig
              kubectl label                    Update the labels on a resource
              kubectl annotate                 Update the annotations on a resource
              kubectl patch                    Update fields of a resource
              kubectl wait                     Experimental: Wait for a specific condition on one or many resources
              kubectl edit                     Edit a resource on the server (not in Sunaba: use apply or patch)
              kubectl rollout pause            Mark the provided resource as paused
              kubectl rollout resume           Resume a paused resource
              kubectl replace                  Replace a resource by file name

            aws ecs: Amazon ECS (Elastic Container Service)
              aws ecs create-cluster                     Create an ECS cluster
              aws ecs create-service                     Run and maintain a desired number of tasks
              aws ecs delete-cluster                     Delete an empty cluster
              aws ecs delete-service                     Delete a service
              aws ecs deregister-task-definition         Mark a task definition revision INACTIVE
              aws ecs describe-clusters                  Describe clusters
              aws ecs describe-container-instances       Describe container instances
              aws ecs describe-services                  Describe services
              aws ecs describe-task-definition           Describe a task definition
              aws ecs describe-tasks                     Describe tasks
              aws ecs list-clusters                      List clusters
              aws ecs list-container-instances           List container instances
              aws ecs list-services                      List services
              aws ecs list-task-definitions              List task definitions
              aws ecs list-tasks                         List tasks
              aws ecs register-task-definition           Register a task definition from a JSON file
              aws ecs run-task                           Start tasks from a task definition
              aws ecs stop-task                          Stop a running task
              aws ecs update-container-instances-state   Drain or reactivate container instances
              aws ecs update-service                     Change a service's count or task definition

            aws ecr: Amazon ECR (image registries)
              aws ecr create-repository       Create an image repository
              aws ecr describe-repositories   Describe image repositories
              aws ecr describe-images         Describe the images in a repository
              aws ecr set-repository-policy   Set which accounts may pull from a repository

            aws ssm: AWS Systems Manager Parameter Store
              aws ssm put-parameter         Add or overwrite a parameter
              aws ssm get-parameter         Get a parameter's value
              aws ssm describe-parameters   List parameters
              aws ssm delete-parameter      Delete a parameter

            sim: Nodes and time
              sim nodes         Set the number of nodes
              sim add-node      Add a node
              sim remove-node   Remove a node
              sim seed          Restart the simulation with a seed
              sim wait          Let simulated time pass
              sim scale         Fill a cluster of up to 5,000 nodes with up to 150,000 pods
              sim compress      Run simulated time faster

            sim: Faults
              sim kill           Kill a container (SIGKILL)
              sim crash          Make a container exit with a code
              sim fail-node      Stop a node's kubelet and containers
              sim restore-node   Bring a failed node back

            sim: Traffic and explanations
              sim why            Explain what is not running, and why
              sim traffic        Send requests to a service or a load balancer
              sim side-by-side   Show a deployment beside its ECS equivalent
              sim explain        Explain the scheduler's decisions for a pod

            sim: Images (docker) and registries
              sim build            Build an image from a Dockerfile (docker build)
              sim images           List the local images (docker images)
              sim history          Show an image's layers
              sim tag              Tag a local image
              sim push             Push an image to its registry
              sim ecr allow-pull   Let other accounts pull from a repository

            sim: Accounts, clusters, databases and environments
              sim accounts         List the accounts
              sim account create   Create an account
              sim clusters         List the clusters
              sim cluster create   Create a cluster (and its context) in an account
              sim cluster delete   Delete a cluster
              sim dbs              List the databases
              sim db create        Create a database
              sim envs             List the environments
              sim env create       Create an environment from an overlay
              sim env delete       Delete an environment
              sim env move         Move an environment to another context
              sim env list         List the environments

            help: this list
              help   List the commands Sunaba understands

            aws logs: Amazon CloudWatch Logs
              aws logs create-log-group       Create a log group
              aws logs delete-log-group       Delete a log group
              aws logs describe-log-groups    List the log groups
              aws logs describe-log-streams   List the log streams of a log group
              aws logs get-log-events         Get the log events of a log stream
              aws logs tail                   Show the log events of a log group

            aws elbv2: Elastic Load Balancing (Application Load Balancers)
              aws elbv2 create-load-balancer               Create an Application Load Balancer
              aws elbv2 create-target-group                Create a target group
              aws elbv2 create-listener                    Create a listener that forwards to a target group
              aws elbv2 describe-load-balancers            Describe load balancers
              aws elbv2 describe-target-groups             Describe target groups
              aws elbv2 describe-listeners                 Describe listeners
              aws elbv2 describe-target-health             Describe the health of a target group's targets
              aws elbv2 describe-target-group-attributes   Describe a target group's attributes
              aws elbv2 modify-target-group-attributes     Modify a target group's attributes
              aws elbv2 modify-target-group                Modify the health checks of a target group
              aws elbv2 register-targets                   Register targets with a target group
              aws elbv2 deregister-targets                 Deregister targets from a target group
              aws elbv2 delete-listener                    Delete a listener
              aws elbv2 delete-target-group                Delete a target group
              aws elbv2 delete-load-balancer               Delete a load balancer and its listeners
        "#]],
    );
}

#[test]
fn help_lists_every_command_in_japanese_for_a_japanese_reader() {
    check_in(
        "help",
        Language::Ja,
        expect![[r#"
            Sunaba が理解するコマンドの一覧です。kubectl と aws は本物のツールのコマンドをシミュレートしたもの（ここにあるものだけ）、sim はシミュレーションそのものを操作します。
            詳しくは: kubectl や sim のコマンドに --help を付ける（kubectl get --help）、aws ecs 操作名 help、マニフェストのフィールドは kubectl explain リソース[.フィールド]。Tab で補完できます。
            kubectl と aws の出力は、現場で目にするとおり英語のままです。

            kubectl: Kubernetes
              kubectl get                      リソースを一覧表示する
              kubectl describe                 リソースの詳細を表示する
              kubectl explain                  リソースとそのフィールドの説明を表示する
              kubectl apply                    ファイルや kustomize ディレクトリの構成をクラスターに適用する
              kubectl delete                   リソースを削除する（名前、ファイル、ラベルセレクターで指定）
              kubectl scale                    Deployment のレプリカ数を変える
              kubectl logs                     Pod のコンテナのログを表示する
              kubectl create                   ファイルからリソースを、または Deployment、Namespace、ConfigMap、Secret、Job、CronJob を作成する
              kubectl expose                   Deployment や Pod を新しい Service として公開する
              kubectl run                      イメージを指定して Pod を起動する
              kubectl set                      Deployment のコンテナに新しいイメージを設定する
              kubectl rollout status           ロールアウトの状況を表示する
              kubectl rollout history          ロールアウトの履歴を表示する
              kubectl rollout undo             直前のロールアウトを元に戻す
              kubectl rollout restart          Deployment を再起動する
              kubectl exec                     コンテナ内でコマンドを実行する
              kubectl kustomize                ディレクトリから kustomize のビルド結果を作る
              kubectl cordon                   ノードをスケジュール不可にする
              kubectl uncordon                 ノードをスケジュール可能に戻す
              kubectl drain                    メンテナンスのためにノードから Pod を退避させる
              kubectl taint                    ノードの taint を変更する
              kubectl config get-contexts      コンテキストを一覧表示する
              kubectl config current-context   現在のコンテキストを表示する
              kubectl config use-context       現在のコンテキストを切り替える
              kubectl config get-clusters      kubeconfig にあるクラスターを表示する
              kubectl top pod                  Pod の CPU とメモリの使用量を表示する
              kubectl top node                 ノードの CPU とメモリの使用量を表示する
              kubectl version                  クライアントとサーバーのバージョンを表示する
              kubectl cluster-info             クラスターの情報を表示する
              kubectl api-resources            サーバーが提供する API リソースを表示する
              kubectl api-versions             サーバーが提供する API バージョンを表示する
              kubectl config view              kubeconfig の設定を表示する
              kubectl config set-context       kubeconfig のコンテキストを設定する
              kubectl label                    リソースのラベルを変更する
              kubectl annotate                 リソースのアノテーションを変更する
              kubectl patch                    リソースのフィールドを部分的に更新する
              kubectl wait                     リソースが指定した状態になるまで待つ
              kubectl edit                     エディタでリソースを編集する（Sunaba では apply か patch を使う）
              kubectl rollout pause            Deployment のロールアウトを一時停止する
              kubectl rollout resume           一時停止したロールアウトを再開する
              kubectl replace                  ファイルの内容でリソースを置き換える

            aws ecs: Amazon ECS (Elastic Container Service)
              aws ecs create-cluster                     ECS クラスターを作成する
              aws ecs create-service                     指定した数のタスクを動かし続けるサービスを作成する
              aws ecs delete-cluster                     空のクラスターを削除する
              aws ecs delete-service                     サービスを削除する
              aws ecs deregister-task-definition         タスク定義のリビジョンを INACTIVE にする
              aws ecs describe-clusters                  クラスターの詳細を表示する
              aws ecs describe-container-instances       コンテナインスタンスの詳細を表示する
              aws ecs describe-services                  サービスの詳細を表示する
              aws ecs describe-task-definition           タスク定義の詳細を表示する
              aws ecs describe-tasks                     タスクの詳細を表示する
              aws ecs list-clusters                      クラスターを一覧表示する
              aws ecs list-container-instances           コンテナインスタンスを一覧表示する
              aws ecs list-services                      サービスを一覧表示する
              aws ecs list-task-definitions              タスク定義を一覧表示する
              aws ecs list-tasks                         タスクを一覧表示する
              aws ecs register-task-definition           JSON ファイルからタスク定義を登録する
              aws ecs run-task                           タスク定義からタスクを起動する
              aws ecs stop-task                          実行中のタスクを停止する
              aws ecs update-container-instances-state   コンテナインスタンスをドレインする、または ACTIVE に戻す
              aws ecs update-service                     サービスのタスク数やタスク定義を変える

            aws ecr: Amazon ECR（イメージのレジストリ）
              aws ecr create-repository       イメージリポジトリを作成する
              aws ecr describe-repositories   イメージリポジトリの詳細を表示する
              aws ecr describe-images         リポジトリ内のイメージを表示する
              aws ecr set-repository-policy   リポジトリからプルできるアカウントを設定する

            aws ssm: AWS Systems Manager パラメータストア
              aws ssm put-parameter         パラメータを追加または上書きする
              aws ssm get-parameter         パラメータの値を取得する
              aws ssm describe-parameters   パラメータを一覧表示する
              aws ssm delete-parameter      パラメータを削除する

            sim: ノードと時間
              sim nodes         ノードの数を設定する（クラスターを作り直す）
              sim add-node      ノードを追加する
              sim remove-node   ノードを取り除く
              sim seed          シードを指定してシミュレーションをやり直す
              sim wait          シミュレーション上の時間を進める
              sim scale         最大 5,000 ノードのクラスターを最大 150,000 個の Pod で埋める
              sim compress      シミュレーション上の時間を速く進める

            sim: 障害
              sim kill           コンテナを強制終了する（SIGKILL）
              sim crash          コンテナを指定した終了コードで終了させる
              sim fail-node      ノードの kubelet とコンテナを止める（マシンの故障）
              sim restore-node   故障したノードを復帰させる

            sim: トラフィックと説明
              sim why            動いていないものとその理由を説明する
              sim traffic        Service またはロードバランサーにリクエストを送る
              sim side-by-side   Deployment と同等の ECS サービスを並べて動かす
              sim explain        Pod についてのスケジューラーの判断を説明する

            sim: イメージ（docker）とレジストリ
              sim build            Dockerfile からイメージをビルドする（docker build）
              sim images           ローカルのイメージを一覧表示する（docker images）
              sim history          イメージのレイヤーを表示する
              sim tag              ローカルのイメージにタグを付ける
              sim push             イメージをレジストリにプッシュする
              sim ecr allow-pull   ほかのアカウントにリポジトリからのプルを許可する

            sim: アカウント、クラスター、データベース、環境
              sim accounts         アカウントを一覧表示する
              sim account create   アカウントを作成する
              sim clusters         クラスターを一覧表示する
              sim cluster create   アカウントにクラスター（とそのコンテキスト）を作成する
              sim cluster delete   クラスターを削除する
              sim dbs              データベースを一覧表示する
              sim db create        データベースを作成する
              sim envs             環境を一覧表示する
              sim env create       オーバーレイから環境を作成する
              sim env delete       環境を削除する
              sim env move         環境を別のコンテキストに移す
              sim env list         環境を一覧表示する

            help: この一覧
              help   Sunaba が理解するコマンドを一覧表示する

            aws logs: Amazon CloudWatch Logs
              aws logs create-log-group       ロググループを作成する
              aws logs delete-log-group       ロググループを削除する
              aws logs describe-log-groups    ロググループを一覧表示する
              aws logs describe-log-streams   ロググループのログストリームを一覧表示する
              aws logs get-log-events         ログストリームのログイベントを取得する
              aws logs tail                   ロググループのログイベントを表示する

            aws elbv2: Elastic Load Balancing (Application Load Balancers)
              aws elbv2 create-load-balancer               Application Load Balancer を作成する
              aws elbv2 create-target-group                ターゲットグループを作成する
              aws elbv2 create-listener                    ターゲットグループに転送するリスナーを作成する
              aws elbv2 describe-load-balancers            ロードバランサーの詳細を表示する
              aws elbv2 describe-target-groups             ターゲットグループの詳細を表示する
              aws elbv2 describe-listeners                 リスナーの詳細を表示する
              aws elbv2 describe-target-health             ターゲットグループのターゲットのヘルスを表示する
              aws elbv2 describe-target-group-attributes   ターゲットグループの属性を表示する
              aws elbv2 modify-target-group-attributes     ターゲットグループの属性を変更する
              aws elbv2 modify-target-group                ターゲットグループのヘルスチェック設定を変更する
              aws elbv2 register-targets                   ターゲットをターゲットグループに登録する
              aws elbv2 deregister-targets                 ターゲットをターゲットグループから登録解除する
              aws elbv2 delete-listener                    リスナーを削除する
              aws elbv2 delete-target-group                ターゲットグループを削除する
              aws elbv2 delete-load-balancer               ロードバランサーとそのリスナーを削除する
        "#]],
    );
}

#[test]
fn kubectl_help_groups_the_simulated_commands_as_kubectl_does() {
    check(
        "kubectl --help",
        expect![[r#"
            kubectl controls the Kubernetes cluster manager.

             Sunaba simulates the commands listed here; the real kubectl has more.

            Basic Commands (Beginner):
              create          Create a resource from a file, or a deployment, namespace, configmap, secret, job or cronjob
              expose          Expose a deployment or pod as a new Kubernetes service
              run             Run a particular image on the cluster
              set             Set a new image on a deployment's containers

            Basic Commands (Intermediate):
              explain         Get documentation for a resource
              get             Display one or many resources
              edit            Edit a resource on the server (not in Sunaba: use apply or patch)
              delete          Delete resources by file names, resources and names, or by label selector

            Deploy Commands:
              rollout         Manage the rollout of a resource
              scale           Set a new size for a deployment

            Cluster Management Commands:
              cluster-info    Display cluster information
              top             Display resource (CPU/memory) usage
              cordon          Mark node as unschedulable
              uncordon        Mark node as schedulable
              drain           Drain node in preparation for maintenance
              taint           Update the taints on one or more nodes

            Troubleshooting and Debugging Commands:
              describe        Show details of a specific resource or group of resources
              logs            Print the logs for a container in a pod
              exec            Execute a command in a container

            Advanced Commands:
              apply           Apply a configuration to a resource by file name or kustomize directory
              patch           Update fields of a resource
              replace         Replace a resource by file name
              wait            Experimental: Wait for a specific condition on one or many resources
              kustomize       Build a kustomization target from a directory

            Settings Commands:
              label           Update the labels on a resource
              annotate        Update the annotations on a resource

            Other Commands:
              api-resources   Print the supported API resources on the server
              api-versions    Print the supported API versions on the server, in the form of "group/version"
              config          Modify kubeconfig files
              version         Print the client and server version information

            Usage:
              kubectl [flags] [options]

            Use "kubectl <command> --help" for more information about a given command.
            Use "kubectl --context CONTEXT <command>" to run a command in another context.
        "#]],
    );
}

#[test]
fn kubectl_get_help_has_examples_options_and_usage() {
    check(
        "kubectl get --help",
        expect![[r#"
            Display one or many resources.

            Examples:
              # List all pods in ps output format
              kubectl get pods

              # List all pods in ps output format with more information (such as node name)
              kubectl get pods -o wide

              # List deployments in JSON output format, in the "v1" version of the "apps" API group
              kubectl get deployments.v1.apps -o json

              # List a single pod in JSON output format
              kubectl get -o json pod web-pod-13je7

              # List deployments and services together in ps output format
              kubectl get deployments,services

              # List all pods in every namespace
              kubectl get pods -A

              # List a pod identified by type and name specified in "pod.yaml" in JSON output format
              kubectl get -f pod.yaml -o json

            Options:
                -A, --all-namespaces=false:
            	If present, list the requested object(s) across all namespaces. Namespace in current context is
            	ignored even if specified with --namespace.

                --field-selector='':
            	Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector
            	key1=value1,key2=value2). The server only supports a limited number of field queries per type.

                -f, --filename='':
            	Files or directories that contain the configuration (YAML or JSON, several documents allowed; repeat
            	-f for more)

                -L, --label-columns='':
            	Accepts a comma separated list of labels that are going to be presented as columns. Names are
            	case-sensitive. You can also use multiple flag options like -L label1 -L label2...

                -n, --namespace='':
            	If present, the namespace scope for this CLI request

                --no-headers=false:
            	If present, print output without headers.

                -o, --output='':
            	Output format. One of: (json, name, wide, yaml).

                -l, --selector='':
            	Selector (label query) to filter on, supports '=' and '==' (e.g. -l key1=value1,key2=value2).
            	Matching objects must satisfy all of the specified label constraints.

                --show-labels=false:
            	When printing, show all labels as the last column (default hide labels column)

                --sort-by='':
            	If non-empty, sort list types using this field specification (accepted; Sunaba's lists are always
            	sorted by name, events by time)

            Usage:
              kubectl get [(-o|--output=)json|name|wide|yaml] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]

            Sunaba simulates only the options listed here, and the global --context.
        "#]],
    );
}

#[test]
fn a_group_lists_its_commands() {
    check(
        "kubectl rollout -h",
        expect![[r#"
        Manage the rollout of a resource.

        Available Commands:
          history       View rollout history
          pause         Mark the provided resource as paused
          restart       Restart a deployment
          resume        Resume a paused resource
          status        Show the status of the rollout
          undo          Undo a previous rollout

        Usage:
          kubectl rollout SUBCOMMAND [options]

        Use "kubectl rollout <command> --help" for more information about a given command.
    "#]],
    );
}

#[test]
fn sim_help_lists_every_sim_verb_by_topic() {
    check(
        "sim --help",
        expect![[r#"
            sim acts on the simulation itself: its nodes and clock, faults, traffic, images, and the accounts, clusters and environments around the cluster.

            Nodes and time:
              nodes          Set the number of nodes
              add-node       Add a node
              remove-node    Remove a node
              seed           Restart the simulation with a seed
              wait           Let simulated time pass
              scale          Fill a cluster of up to 5,000 nodes with up to 150,000 pods
              compress       Run simulated time faster

            Faults:
              kill           Kill a container (SIGKILL)
              crash          Make a container exit with a code
              fail-node      Stop a node's kubelet and containers
              restore-node   Bring a failed node back

            Traffic and explanations:
              why            Explain what is not running, and why
              traffic        Send requests to a service or a load balancer
              side-by-side   Show a deployment beside its ECS equivalent
              explain        Explain the scheduler's decisions for a pod

            Images (docker) and registries:
              build          Build an image from a Dockerfile (docker build)
              images         List the local images (docker images)
              history        Show an image's layers
              tag            Tag a local image
              push           Push an image to its registry
              ecr            Share an ECR repository with other accounts

            Accounts, clusters, databases and environments:
              accounts       List the accounts
              account        Create accounts
              clusters       List the clusters
              cluster        Create and delete clusters
              dbs            List the databases
              db             Create databases
              envs           List the environments
              env            Create, move and delete environments

            Usage:
              sim VERB [flags] [options]

            Use "sim <command> --help" for more information about a given command.
        "#]],
    );
}

#[test]
fn sim_crash_help() {
    check(
        "sim crash --help",
        expect![[r#"
        Make a container exit with a code.

        Examples:
          # Make a pod's container exit with code 1
          sim crash web-abc12

          # Make a task of the ECS service web exit with code 143
          sim crash --service web --exit-code 143

        Options:
            -c, --container='':
        	Container name. If omitted, the first container in the pod will be chosen

            --exit-code='':
        	The exit code the process ends with, 0..255 (sim crash only; default 1)

            -n, --namespace='':
        	If present, the namespace scope for this CLI request

            -l, --selector='':
        	Selector (label query) to filter on, supports '=' and '==' (e.g. -l key1=value1,key2=value2).
        	Matching objects must satisfy all of the specified label constraints.

            --service='':
        	A task of this ECS service instead of a pod

        Usage:
          sim crash (POD | -l label | task/ECS_TASK_ID | --service ECS_SERVICE) [-c CONTAINER] [--exit-code N]
    "#]],
    );
}

#[test]
fn aws_ecs_help_lists_the_simulated_operations() {
    check(
        "aws ecs help",
        expect![[r#"
        NAME
               ecs -

        DESCRIPTION
               Amazon Elastic Container Service (Amazon ECS) is a highly scalable,
               fast, container management service. It makes it easy to run, stop, and
               manage containers on a cluster. Sunaba simulates the operations listed
               here; the AWS CLI has more.

        AVAILABLE COMMANDS
               o create-cluster

               o create-service

               o delete-cluster

               o delete-service

               o deregister-task-definition

               o describe-clusters

               o describe-container-instances

               o describe-services

               o describe-task-definition

               o describe-tasks

               o list-clusters

               o list-container-instances

               o list-services

               o list-task-definitions

               o list-tasks

               o register-task-definition

               o run-task

               o stop-task

               o update-container-instances-state

               o update-service
    "#]],
    );
}

#[test]
fn aws_operation_help_has_the_aws_clis_synopsis_and_options() {
    check(
        "aws ecs update-service help",
        expect![[r#"
            NAME
                   update-service -

            DESCRIPTION
                   Change a service's count or task definition. Sunaba simulates the
                   options listed here; the AWS CLI has more.

            SYNOPSIS
                        update-service
                      [--cluster <value>]
                      [--service <value>]
                      [--desired-count <value>]
                      [--task-definition <value>]
                      [--force-new-deployment | --no-force-new-deployment]
                      [--health-check-grace-period-seconds <value>]

            OPTIONS
                   --cluster (string)
                      The short name or full Amazon Resource Name (ARN) of the cluster. If
                      you do not specify a cluster, the default cluster is assumed.

                   --service (string)
                      The name of the service.

                   --desired-count (integer)
                      The number of instantiations of the specified task definition to place
                      and keep running in your service.

                   --task-definition (string)
                      The family and revision (family:revision) or full ARN of the task
                      definition.

                   --force-new-deployment | --no-force-new-deployment (boolean)
                      Determines whether to force a new deployment of the service.

                   --health-check-grace-period-seconds (integer)
                      The period of time, in seconds, that the Amazon ECS service scheduler
                      ignores unhealthy Elastic Load Balancing target health checks after a
                      task has first started.
        "#]],
    );
}

#[test]
fn aws_refuses_dash_dash_help_and_says_how() {
    check(
        "aws ecs list-tasks --help",
        expect![[r#"
        ERROR: usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
        To see help text, you can run:

          aws help
          aws <command> help
          aws <command> <subcommand> help

        aws: error: unrecognized arguments: --help
    "#]],
    );
}

#[test]
fn explain_a_kind() {
    check(
        "kubectl explain pods",
        expect![[r#"
        KIND:       Pod
        VERSION:    v1

        DESCRIPTION:
            Pod is a collection of containers that can run on a host. This resource is
            created by clients and scheduled onto hosts.

        FIELDS:
          apiVersion	<string>
            APIVersion defines the versioned schema of this representation of an object.
            Servers should convert recognized schemas to the latest internal value, and
            may reject unrecognized values.

          kind	<string>
            Kind is a string value representing the REST resource this object
            represents. Servers may infer this from the endpoint the client submits
            requests to. Cannot be updated. In CamelCase.

          metadata	<ObjectMeta>
            Standard object's metadata.

          spec	<PodSpec>
            Specification of the desired behavior of the pod.

          status	<PodStatus>
            Most recently observed status of the pod. This data may not be up to date.
            Populated by the system. Read-only.

        Sunaba simulates the fields above, except status, which it sets itself as the
        cluster would.
    "#]],
    );
}

#[test]
fn explain_an_object_field_of_a_grouped_kind() {
    check(
        "kubectl explain deployments.spec.strategy",
        expect![[r#"
        GROUP:      apps
        KIND:       Deployment
        VERSION:    v1

        FIELD: strategy <DeploymentStrategy>

        DESCRIPTION:
            The deployment strategy to use to replace existing pods with new ones.
            DeploymentStrategy describes how to replace existing pods with new ones.

        FIELDS:
          rollingUpdate	<RollingUpdateDeployment>
            Rolling update config params. Present only if DeploymentStrategyType =
            RollingUpdate.

          type	<string>
          enum: Recreate, RollingUpdate
            Type of deployment. Can be "Recreate" or "RollingUpdate". Default is
            RollingUpdate.

        Sunaba simulates the fields above.
    "#]],
    );
}

#[test]
fn explain_an_enum_field() {
    check(
        "kubectl explain pod.spec.restartPolicy",
        expect![[r#"
        KIND:       Pod
        VERSION:    v1

        FIELD: restartPolicy <string>
        ENUM:
            Always
            Never
            OnFailure

        DESCRIPTION:
            Restart policy for all containers within the pod. One of Always, OnFailure,
            Never. In some contexts, only a subset of those values may be permitted.
            Default to Always.

        Sunaba simulates this field.
    "#]],
    );
}

#[test]
fn explain_resources_says_what_sunaba_simulates_of_them() {
    check(
        "kubectl explain po.spec.containers.resources",
        expect![[r#"
        KIND:       Pod
        VERSION:    v1

        FIELD: resources <ResourceRequirements>

        DESCRIPTION:
            Compute Resources required by this container. Cannot be updated.
            ResourceRequirements describes the compute resource requirements.

        FIELDS:
          limits	<map[string]Quantity>
            Limits describes the maximum amount of compute resources allowed.

          requests	<map[string]Quantity>
            Requests describes the minimum amount of compute resources required. If
            Requests is omitted for a container, it defaults to Limits if that is
            explicitly specified. Requests cannot exceed Limits.

        Sunaba simulates the fields above. Accepted but not simulated (a warning when a
        manifest sets them): claims. Of the resources, Sunaba simulates cpu and memory:
        the scheduler places pods by their requests, and a container over its memory
        limit is OOMKilled. Other resource names load with a warning.
    "#]],
    );
}

#[test]
fn explain_recursively() {
    check(
        "kubectl explain pods.spec.containers.livenessProbe --recursive",
        expect![[r#"
        KIND:       Pod
        VERSION:    v1

        FIELD: livenessProbe <Probe>

        DESCRIPTION:
            Periodic probe of container liveness. Container will be restarted if the
            probe fails. Cannot be updated.
            Probe describes a health check to be performed against a container to
            determine whether it is alive or ready to receive traffic.

        FIELDS:
          exec	<ExecAction>
            command	<[]string>
          failureThreshold	<integer>
          grpc	<GRPCAction>
            port	<integer> -required-
          httpGet	<HTTPGetAction>
            path	<string>
            port	<IntOrString> -required-
            scheme	<string>
          initialDelaySeconds	<integer>
          periodSeconds	<integer>
          successThreshold	<integer>
          tcpSocket	<TCPSocketAction>
            port	<IntOrString> -required-
          timeoutSeconds	<integer>

        Sunaba simulates the fields above. Accepted but not simulated (a warning when a
        manifest sets them): terminationGracePeriodSeconds.
    "#]],
    );
}

#[test]
fn explain_status_is_set_by_the_simulation() {
    check(
        "kubectl explain deploy.status.readyReplicas",
        expect![[r#"
        GROUP:      apps
        KIND:       Deployment
        VERSION:    v1

        FIELD: readyReplicas <integer>

        DESCRIPTION:
            readyReplicas is the number of pods targeted by this Deployment with a Ready
            Condition.

        Sunaba sets this itself, as the cluster would (kubectl get -o yaml shows it); a
        manifest's value is ignored.
    "#]],
    );
}

#[test]
fn explain_a_kind_the_simulation_makes() {
    check(
        "kubectl explain nodes.spec",
        expect![[r#"
        KIND:       Node
        VERSION:    v1

        FIELD: spec <NodeSpec>

        DESCRIPTION:
            Spec defines the behavior of a node.
            NodeSpec describes the attributes that a node is created with.

        FIELDS:
          taints	<[]Taint>
            If specified, the node's taints.

          unschedulable	<boolean>
            Unschedulable controls node schedulability of new pods. By default, node is
            schedulable.

        Sunaba makes nodes itself (sim nodes, sim add-node); kubectl cordon, drain and
        taint change them.
    "#]],
    );
}

#[test]
fn explain_refuses_what_does_not_exist_in_kubectls_words() {
    check(
        "kubectl explain pods.spec.foo",
        expect![[r#"
        ERROR: error: field "foo" does not exist
    "#]],
    );
    check(
        "kubectl explain",
        expect![[r#"
        ERROR: error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.
    "#]],
    );
    check(
        "kubectl explain pods deployments",
        expect![[r#"
        ERROR: error: We accept only this format: explain RESOURCE
    "#]],
    );
}
