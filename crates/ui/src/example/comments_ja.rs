//! The examples' comments in Japanese: each English comment of `www/examples/*.yaml` and the
//! Japanese that replaces it when the page is read in Japanese. The YAML itself is the same
//! file (a test proves every comment has its Japanese, and that nothing but comments differs).

/// (example id, [(English comment text, Japanese comment text)]), text after the `#`.
pub const COMMENTS_JA: &[(&str, &[(&str, &str)])] = &[
    ("nginx-deployment", &[
        (" The default example: three nginx replicas behind a ClusterIP Service.", " 最初の例: ClusterIP の Service の後ろに nginx のレプリカが 3 つ。"),
        (" Try: kubectl apply -f nginx-deployment.yaml, then kubectl get pods.", " 試す: kubectl apply -f nginx-deployment.yaml のあと kubectl get pods。"),
    ]),
    ("rolling-update", &[
        (" A rolling update you can watch: four nginx replicas, replaced one at a time.", " 目で追えるローリングアップデート: nginx のレプリカ 4 つを 1 つずつ置き換えます。"),
        (" maxSurge 1 lets one extra pod start; maxUnavailable 0 keeps all four serving,", " maxSurge 1 で 1 つ余分に Pod を起動でき、maxUnavailable 0 で 4 つとも応答し続けます。"),
        (" and a new pod only counts once its readiness probe passes.", " 新しい Pod は readiness probe が通ってはじめて数に入ります。"),
        (" Apply, wait for 4/4, then try:", " 適用して 4/4 になるのを待ち、次を試します:"),
    ]),
    ("init-and-sidecar", &[
        (" An init container that must finish first (a database migration), a sidecar that runs beside", " 先に終わる必要のある init コンテナ (データベースのマイグレーション)、アプリの隣で動くサイドカー"),
        (" the app (a log shipper: an init container with restartPolicy: Always), and the app itself.", " (ログ転送: restartPolicy: Always の init コンテナ)、そしてアプリ本体。"),
        (" Watch STATUS go Init:0/2 → Init:1/2 → Running and READY become 2/2 (app + sidecar).", " STATUS が Init:0/2 → Init:1/2 → Running と進み、READY が 2/2 (アプリ + サイドカー) になるのを見ます。"),
    ]),
    ("realistic-shop", &[
        (" A realistic service in its own namespace: init container, probes on a named port, a RollingUpdate", " 専用の名前空間にある実践的なサービス: init コンテナ、名前付きポートへのプローブ、割合と絶対数で"),
        (" with a percent and an absolute bound, requests and limits, and fields Sunaba accepts but does not", " 上限を決めた RollingUpdate、requests と limits、そして Sunaba が受け付けるがシミュレートしない"),
        (" simulate (securityContext, affinity, topologySpreadConstraints, volumes): each gets a warning.", " フィールド (securityContext, affinity, topologySpreadConstraints, volumes): それぞれ警告が出ます。"),
    ]),
    ("multi-doc", &[
        (" Several objects in one file, separated by \"---\".", " 1 つのファイルに複数のオブジェクト。\"---\" で区切ります。"),
        (" YAML anchors (&name) and aliases (*name) avoid repeating the same block, and", " YAML のアンカー (&name) とエイリアス (*name) で同じブロックの繰り返しを避け、"),
        (" \"<<: *name\" merges an anchored mapping into another one. Anchors only reach", " \"<<: *name\" でアンカーしたマッピングを別のマッピングに取り込みます。アンカーが届くのは"),
        (" within their own document (up to the next \"---\").", " 同じドキュメントの中だけです (次の \"---\" まで)。"),
        (" A ConfigMap: containers read it through env valueFrom or envFrom.", " ConfigMap: コンテナは env の valueFrom か envFrom で読みます。"),
        (" the same requests, and a smaller limit:", " 同じ requests で、limit は小さく:"),
    ]),
    ("crashloop", &[
        (" A container that starts, works for five seconds, then exits with code 1.", " 起動して 5 秒動き、終了コード 1 で終わるコンテナ。"),
        (" Under restartPolicy Always the kubelet restarts it with a growing back-off:", " restartPolicy Always では kubelet がバックオフを伸ばしながら再起動します:"),
        (" watch STATUS go Running → Error → CrashLoopBackOff and RESTARTS climb.", " STATUS が Running → Error → CrashLoopBackOff と変わり、RESTARTS が増えるのを見ます。"),
    ]),
    ("missing-image", &[
        (" A tag that does not exist in the registry: the kubelet fails to pull it.", " レジストリに存在しないタグ: kubelet は取得に失敗します。"),
        (" STATUS shows ErrImagePull, then ImagePullBackOff while it retries with back-off.", " STATUS は ErrImagePull、そしてバックオフしながら再試行する間は ImagePullBackOff になります。"),
        (" Fix it with: kubectl set image deployment/web web=nginx:1.14.2", " 直し方: kubectl set image deployment/web web=nginx:1.14.2"),
    ]),
    ("oom", &[
        (" A demo app that leaks 20 MiB of memory per second under a 128Mi limit.", " 上限 128Mi のもとで毎秒 20 MiB のメモリを漏らすデモアプリ。"),
        (" After about six seconds the kernel kills it: Last State Terminated,", " 約 6 秒でカーネルが強制終了します: Last State Terminated、"),
        (" Reason OOMKilled, Exit Code 137. Raise the limit or fix the leak.", " Reason OOMKilled、Exit Code 137。上限を上げるか、漏れを直します。"),
    ]),
    ("too-big", &[
        (" Each pod requests 6Gi of memory, but every node of the default cluster has", " 各 Pod は 6Gi のメモリを要求しますが、既定のクラスタのノードはどれも"),
        (" only 4Gi allocatable: the scheduler cannot place it. The pod stays Pending", " 割り当て可能なのが 4Gi だけ: スケジューラーは配置できません。Pod は Pending のまま"),
        (" with a FailedScheduling event: \"0/3 nodes are available: 3 Insufficient memory.\"", " FailedScheduling イベントが出ます: \"0/3 nodes are available: 3 Insufficient memory.\""),
    ]),
    ("web-behind-service", &[
        (" The demo app behind a Service, ready for traffic and for a rollout that drops nothing:", " Service の後ろのデモアプリ。トラフィックを受けても、ロールアウトでリクエストを落としません:"),
        (" a readiness probe keeps a pod out of the Service until /healthz answers, and a preStop", " readiness プローブは /healthz が応答するまで Pod を Service から外しておき、preStop の"),
        (" sleep keeps an old pod serving for 10 s after it leaves the endpoints, before SIGTERM.", " sleep は古い Pod がエンドポイントから外れたあと SIGTERM までの 10 秒、応答を続けさせます。"),
        (" Try it side by side with Amazon ECS:", " Amazon ECS と並べて試します:"),
    ]),
];
