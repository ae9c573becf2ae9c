//! Narration: what a learner reads (and hears) after a crash, a deleted pod, an ECS task
//! replaced, a pod that cannot be placed, an OOM kill — in English and Japanese, the same on
//! every run. Each scenario's whole narration is its snapshot; refresh after an intended
//! change with `UPDATE_EXPECT=1 cargo test -p sunaba-core --test it -- narration::` and
//! review the diff like code.

use expect_test::{expect, Expect};
use sunaba_core::world::narration::{
    narrate, Language, Narration, NarrationKind, NarrationLine, Said,
};
use sunaba_core::{MapFiles, World};

const NGINX: &str = include_str!("../../../../www/examples/nginx-deployment.yaml");
const OOM: &str = include_str!("../../../../www/examples/oom.yaml");
const TOO_BIG: &str = include_str!("../../../../www/examples/too-big.yaml");
const ECS_TASK: &str = include_str!("../../../../www/examples/ecs/web-fargate.task.json");

/// A world and the narration a shell would keep of it, fed after every command.
struct Play {
    world: World,
    files: MapFiles,
    narration: Narration,
    /// Lines added by the last command (their seq is above this).
    seen_seq: u64,
}

impl Play {
    fn new(seed: u64) -> Play {
        let mut files = MapFiles::default();
        for (name, text) in [
            ("nginx.yaml", NGINX),
            ("oom.yaml", OOM),
            ("too-big.yaml", TOO_BIG),
            ("task.json", ECS_TASK),
        ] {
            files.0.insert(name.into(), text.into());
        }
        Play {
            world: World::new(seed),
            files,
            narration: Narration::default(),
            seen_seq: 0,
        }
    }

    /// Runs `line`, hears what it emitted, and returns the lines that are new since the last
    /// run (oldest first).
    fn run(&mut self, line: &str) -> Vec<NarrationLine> {
        sunaba_core::run(&mut self.world, line, &self.files)
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        let events = self.world.drain_active_trace();
        let first = self.world.events_emitted() + 1 - events.len() as u64;
        self.narration.hear(&self.world, first, &events);
        let fresh: Vec<NarrationLine> = self
            .narration
            .lines()
            .filter(|l| l.seq > self.seen_seq)
            .cloned()
            .collect();
        if let Some(last) = self.narration.lines().last() {
            self.seen_seq = self.seen_seq.max(last.seq);
        }
        fresh
    }

    fn first_pod(&self, prefix: &str) -> String {
        let view = self.world.cluster_view();
        view.nodes
            .iter()
            .flat_map(|n| n.pods.iter())
            .map(|p| p.name.clone())
            .filter(|n| n.starts_with(prefix))
            .min()
            .unwrap_or_else(|| panic!("no pod {prefix}…"))
    }
}

/// Every line as `kind actor object` and its English and Japanese sentences.
fn render(lines: &[NarrationLine]) -> String {
    lines
        .iter()
        .map(|l| {
            format!(
                "[{}] {} {} {}\n  en: {}\n  ja: {}\n",
                l.time_ms / 1000,
                l.kind(),
                l.actor,
                l.object,
                l.text(Language::En),
                l.text(Language::Ja)
            )
        })
        .collect()
}

fn check(lines: &[NarrationLine], expected: Expect) {
    expected.assert_eq(&render(lines));
}

#[test]
fn a_killed_container_is_restarted_at_once_and_the_line_says_the_next_back_off() {
    let mut p = Play::new(7);
    p.run("kubectl apply -f nginx.yaml");
    p.run("sim wait 30s");
    let pod = p.first_pod("nginx-deployment");
    // The new instance is up nginx's start time (0.2 s) after the kill.
    let lines = [p.run(&format!("sim kill {pod}")), p.run("sim wait 1s")].concat();
    check(
        &lines,
        expect![[r#"
            [30] restart kubelet pod/nginx-deployment-75d67467c5-bccll
              en: Container nginx in pod nginx-deployment-75d67467c5-bccll exited with code 137; the kubelet restarted it (restart 1); the next crash waits 10 s.
              ja: Pod nginx-deployment-75d67467c5-bccll のコンテナ nginx が終了コード 137 で終了し、kubelet が再起動しました (再起動 1 回目)。次にクラッシュすると 10 秒待ちます。
        "#]],
    );
    assert!(lines.iter().any(|l| l.kind().is_key_moment()));
    // The second crash waits: a crash line with the back-off, then the restart after it.
    let lines = [p.run(&format!("sim kill {pod}")), p.run("sim wait 15s")].concat();
    check(
        &lines,
        expect![[r#"
            [31] crash kubelet pod/nginx-deployment-75d67467c5-bccll
              en: Container nginx in pod nginx-deployment-75d67467c5-bccll exited with code 137 again (1 restart so far); the kubelet waits 10 s before restarting it (CrashLoopBackOff).
              ja: Pod nginx-deployment-75d67467c5-bccll のコンテナ nginx が再び終了コード 137 で終了しました (これまでに 1 回再起動)。kubelet は 10 秒待ってから再起動します (CrashLoopBackOff)。
            [41] restart kubelet pod/nginx-deployment-75d67467c5-bccll
              en: The kubelet restarted container nginx in pod nginx-deployment-75d67467c5-bccll, 10 s after it ended (restart 2); the next crash waits 20 s.
              ja: kubelet が Pod nginx-deployment-75d67467c5-bccll のコンテナ nginx を終了から 10 秒後に再起動しました (再起動 2 回目)。次にクラッシュすると 20 秒待ちます。
        "#]],
    );
}

#[test]
fn a_deleted_pod_is_replaced_by_its_replicaset_and_placed_by_the_scheduler() {
    let mut p = Play::new(7);
    p.run("kubectl apply -f nginx.yaml");
    let first = p.run("sim wait 30s");
    check(
        &first,
        expect![[r#"
            [3] pulled kubelet pod/nginx-deployment-75d67467c5-hn5j7
              en: The kubelet pulled image nginx:1.14.2 in 2.4 s for 3 pods (nginx-deployment-75d67467c5-hn5j7, nginx-deployment-75d67467c5-g8h4w and nginx-deployment-75d67467c5-bccll).
              ja: kubelet が Pod 3 個 (nginx-deployment-75d67467c5-hn5j7、nginx-deployment-75d67467c5-g8h4w、nginx-deployment-75d67467c5-bccll) のためにイメージ nginx:1.14.2 を取得しました (2.4 秒)。
        "#]],
    );
    let pod = p.first_pod("nginx-deployment");
    let lines = p.run(&format!("kubectl delete pod {pod}"));
    check(
        &lines,
        expect![[r#"
            [30] stopping kubelet pod/nginx-deployment-75d67467c5-bccll
              en: Pod nginx-deployment-75d67467c5-bccll is being deleted: the kubelet sends SIGTERM, then SIGKILL after 30 s if still running.
              ja: Pod nginx-deployment-75d67467c5-bccll を削除中です: kubelet が SIGTERM を送り、30 秒経っても動いていれば SIGKILL します。
            [30] replaced replicaset-controller replicaset/nginx-deployment-75d67467c5
              en: The ReplicaSet controller created pod nginx-deployment-75d67467c5-7bcxv to replace pod nginx-deployment-75d67467c5-bccll (deleted): replicaset nginx-deployment-75d67467c5 wants 3.
              ja: ReplicaSet コントローラーが、削除された Pod nginx-deployment-75d67467c5-bccll の代わりに Pod nginx-deployment-75d67467c5-7bcxv を作成しました (replicaset nginx-deployment-75d67467c5 の希望数は 3)。
            [30] scheduled default-scheduler pod/nginx-deployment-75d67467c5-7bcxv
              en: The scheduler placed pod nginx-deployment-75d67467c5-7bcxv on node-2.
              ja: スケジューラが Pod nginx-deployment-75d67467c5-7bcxv を node-2 に配置しました。
        "#]],
    );
    assert!(lines.iter().any(|l| l.kind() == NarrationKind::Replaced));
}

#[test]
fn a_crashed_essential_container_stops_its_task_and_the_service_starts_another() {
    let mut p = Play::new(7);
    p.run("aws ecs register-task-definition --cli-input-json file://task.json");
    p.run("aws ecs create-service --service-name web --task-definition web --desired-count 2 --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}");
    p.run("sim wait 1m");
    let lines = p.run("sim crash --service web -c web --exit-code 1");
    check(
        &lines,
        expect![[r#"
            [60] ecs-task-replaced ecs-service-scheduler service/web
              en: ECS stopped task 79ea5a97… (essential container web exited with code 1) and the service scheduler started task 34f89579… to keep service web at desiredCount 2: ECS replaces the whole task, it does not restart the container in place.
              ja: ECS がタスク 79ea5a97… (必須コンテナ web が終了コード 1 で終了) を停止し、サービススケジューラがサービス web を desiredCount 2 に保つためタスク 34f89579… を起動しました。ECS はコンテナをその場で再起動せず、タスクごと置き換えます。
        "#]],
    );
    let replaced = lines
        .iter()
        .find(|l| l.kind() == NarrationKind::EcsTaskReplaced)
        .expect("a replacement line");
    assert!(replaced.kind().is_key_moment());
    assert_eq!(replaced.object, "service/web");
}

#[test]
fn a_pod_no_node_can_take_waits_pending_and_its_repeats_are_one_line() {
    let mut p = Play::new(7);
    let lines = p.run("kubectl apply -f too-big.yaml");
    check(
        &lines,
        expect![[r#"
            [0] scaled deployment-controller deployment/big
              en: The Deployment controller scaled replicaset big-78dc454ff of deployment big from 0 to 1.
              ja: Deployment コントローラーが deployment big の replicaset big-78dc454ff を 0 から 1 にスケールしました。
            [0] created replicaset-controller replicaset/big-78dc454ff
              en: The ReplicaSet controller created pod big-78dc454ff-khhn5: replicaset big-78dc454ff wants 1 and had 0.
              ja: ReplicaSet コントローラーが Pod big-78dc454ff-khhn5 を作成しました: replicaset big-78dc454ff は 1 個を望み、0 個しかありませんでした。
            [0] pending default-scheduler pod/big-78dc454ff-khhn5
              en: No node has 6Gi of memory free for pod big-78dc454ff-khhn5: it waits (Pending) and the scheduler tries again when the cluster changes.
              ja: メモリ 6Gi の空きがあるノードがないため、Pod big-78dc454ff-khhn5 は待機しています (Pending)。クラスタが変わるとスケジューラが再び試みます。
        "#]],
    );
    // The scheduler tries again when the cluster changes: the same sentence, counted.
    p.run("sim add-node --cpu 2 --memory 4Gi");
    let pending: Vec<&NarrationLine> = p
        .narration
        .lines()
        .filter(|l| l.kind() == NarrationKind::Pending)
        .collect();
    assert_eq!(pending.len(), 1, "{}", render(&p.narration.newest(10)));
    assert_eq!(pending[0].repeats, 1);
}

#[test]
fn an_oom_killed_container_is_told_with_its_memory_limit() {
    let mut p = Play::new(7);
    p.run("kubectl apply -f oom.yaml");
    let lines = p.run("sim wait 20s");
    let oom: Vec<NarrationLine> = lines
        .into_iter()
        .filter(|l| l.kind() == NarrationKind::OomKilled)
        .collect();
    check(
        &oom,
        expect![[r#"
            [7] oom-killed kubelet pod/leaky-7b45b57474-khhn5
              en: Container app in pod leaky-7b45b57474-khhn5 went over its memory limit (128Mi) and was OOMKilled (exit code 137); the kubelet restarted it (restart 1); the next crash waits 10 s.
              ja: Pod leaky-7b45b57474-khhn5 のコンテナ app がメモリ上限 (128Mi) を超えて OOMKilled になり (終了コード 137)、kubelet が再起動しました (再起動 1 回目)。次にクラッシュすると 10 秒待ちます。
            [12] oom-killed kubelet pod/leaky-7b45b57474-khhn5
              en: Container app in pod leaky-7b45b57474-khhn5 went over its memory limit (128Mi) again and was OOMKilled; the kubelet waits 10 s before restarting it (CrashLoopBackOff).
              ja: Pod leaky-7b45b57474-khhn5 のコンテナ app が再びメモリ上限 (128Mi) を超えて OOMKilled になりました。kubelet は 10 秒待ってから再起動します (CrashLoopBackOff)。
        "#]],
    );
}

/// The whole narration of one script, as text.
fn narration_of(seed: u64) -> String {
    let mut p = Play::new(seed);
    let mut all = Vec::new();
    for line in [
        "kubectl apply -f nginx.yaml",
        "kubectl apply -f oom.yaml",
        "kubectl apply -f too-big.yaml",
        "sim wait 40s",
        "kubectl scale deployment nginx-deployment --replicas=6",
        "sim wait 20s",
        "sim fail-node node-2",
        "sim wait 6m",
        "sim restore-node node-2",
        "kubectl set image deployment/nginx-deployment nginx=nginx:1.27",
        "sim wait 2m",
    ] {
        all.extend(p.run(line));
    }
    render(&all)
}

#[test]
fn the_same_seed_and_commands_give_the_same_narration() {
    let a = narration_of(3);
    assert_eq!(a, narration_of(3));
    assert!(a.contains("node-not-ready"), "{a}");
    assert!(a.contains("rollout-step"), "{a}");
    assert!(a.contains("evicted"), "{a}");
}

#[test]
fn narrating_is_pure_and_bounded() {
    let mut w = World::new(5);
    let files = {
        let mut f = MapFiles::default();
        f.0.insert("nginx.yaml".into(), NGINX.into());
        f
    };
    sunaba_core::run(&mut w, "sim nodes 40 --cpu 4 --memory 8Gi", &files).unwrap();
    w.drain_trace();
    sunaba_core::run(&mut w, "kubectl apply -f nginx.yaml", &files).unwrap();
    sunaba_core::run(
        &mut w,
        "kubectl scale deployment nginx-deployment --replicas=400",
        &files,
    )
    .unwrap();
    sunaba_core::run(&mut w, "sim wait 1m", &files).unwrap();
    let events = w.drain_trace();
    assert!(events.len() > 1_000, "{} events", events.len());
    let lines = narrate(&w, 1, &events);
    assert_eq!(
        lines,
        narrate(&w, 1, &events),
        "the same input, the same lines"
    );
    assert!(lines.len() <= sunaba_core::world::narration::narrate::LINES_PER_BATCH_MAX);
    for l in &lines {
        if let Said::Created { pods, .. } | Said::Pulled { pods, .. } = &l.said {
            assert!(pods.shown.len() <= 3, "{:?}", l.said);
        }
    }
    let created: u32 = lines
        .iter()
        .map(|l| match &l.said {
            Said::Created { pods, .. } => pods.count(),
            _ => 0,
        })
        .sum();
    assert_eq!(created, 400, "{}", render(&lines));

    let mut kept = Narration::default();
    for chunk in events.chunks(7) {
        kept.hear(&w, 1, chunk);
    }
    assert!(kept.lines().len() <= sunaba_core::world::narration::log::LINES_KEPT_MAX);
}

#[test]
#[ignore = "prints a long narration to read"]
fn print_a_long_narration() {
    println!("{}", narration_of(3));
}

/// An ECS task's lines name the ECS agent where a pod's name the kubelet, each with its one
/// article ("The ECS agent pulled image …", never "The the ECS agent").
#[test]
fn ecs_lines_name_the_ecs_agent_with_one_article() {
    let mut p = Play::new(7);
    p.run("aws ecs register-task-definition --cli-input-json file://task.json");
    p.run("aws ecs create-service --service-name web --task-definition web --desired-count 2 --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}");
    let lines = p.run("sim wait 1m");
    let en: Vec<String> = lines.iter().map(|l| l.text(Language::En)).collect();
    assert!(
        en.iter()
            .any(|t| t.starts_with("The ECS agent pulled image")),
        "{en:#?}"
    );
    assert!(
        en.iter().all(|t| !t.to_lowercase().contains("the the ")),
        "{en:#?}"
    );
}
