//! The panel's own words in English and Japanese. Component and product names
//! (`kube-apiserver`, `ECS API`, `Docker`, `Amazon ECR`) and the words events carry are never
//! translated: they are what the learner will meet in the real tools.

pub struct HowText {
    pub heading: &'static str,
    pub hint: &'static str,
    /// `{route}`: `kubelet → container runtime`; `{what}`: `Killing pod/web-…`.
    pub last: &'static str,
    pub nothing_yet: &'static str,
    pub diagram_label: &'static str,
    pub you: &'static str,
    pub runtime: &'static str,
    pub registry: &'static str,
    pub you_explain: &'static str,
    pub api_explain: &'static str,
    pub scheduler_explain: &'static str,
    pub controllers_explain: &'static str,
    pub kubelet_explain: &'static str,
    pub runtime_explain: &'static str,
    pub registry_explain: &'static str,
    // The Amazon ECS path.
    pub ecs_diagram_label: &'static str,
    pub service_scheduler: &'static str,
    pub ecs_agent: &'static str,
    pub ecs_you_explain: &'static str,
    pub ecs_api_explain: &'static str,
    pub service_scheduler_explain: &'static str,
    pub ecs_agent_explain: &'static str,
    pub docker_explain: &'static str,
    pub ecr_explain: &'static str,
    pub elb_explain: &'static str,
}

pub const EN: HowText = HowText {
    heading: "How it works",
    hint: "Each event travels along the arrow of the component that reacted.",
    last: "last: {route}: {what}",
    nothing_yet: "Nothing has happened yet.",
    diagram_label: "Kubernetes components: you or CI talk to kube-apiserver; kube-scheduler and the controllers watch it; the kubelet on each node runs containers through the container runtime and pulls images from the image registry.",
    you: "you / CI",
    runtime: "container runtime",
    registry: "image registry",
    you_explain: "runs kubectl",
    api_explain: "stores every object",
    scheduler_explain: "picks a node",
    controllers_explain: "desired → actual",
    kubelet_explain: "agent on each node",
    runtime_explain: "runs containers",
    registry_explain: "stores images",
    ecs_diagram_label: "Amazon ECS components: you or CI call the ECS API (aws ecs), the control plane; its service scheduler keeps each service at its desiredCount of tasks; the ECS agent on each container instance runs a task's containers with Docker and pulls their images from Amazon ECR or another registry; a load balancer's target groups receive the tasks the service scheduler registers, health-check them and drain them when they are deregistered.",
    service_scheduler: "service scheduler",
    ecs_agent: "ECS agent",
    ecs_you_explain: "runs aws ecs",
    ecs_api_explain: "the control plane",
    service_scheduler_explain: "keeps desiredCount",
    ecs_agent_explain: "per container instance",
    docker_explain: "container runtime",
    ecr_explain: "or another registry",
    elb_explain: "health-checks targets",
};

pub const JA: HowText = HowText {
    heading: "しくみ",
    hint: "各イベントは、反応したコンポーネントの矢印に沿って流れます。",
    last: "直近: {route}: {what}",
    nothing_yet: "まだ何も起きていません。",
    diagram_label: "Kubernetes のコンポーネント: あなたや CI が kube-apiserver に指示し、kube-scheduler とコントローラーがそれを監視します。各ノードの kubelet がコンテナランタイムでコンテナを動かし、イメージレジストリからイメージを取得します。",
    you: "あなた / CI",
    runtime: "コンテナランタイム",
    registry: "イメージレジストリ",
    you_explain: "kubectl を実行",
    api_explain: "全オブジェクトを保存",
    scheduler_explain: "ノードを選ぶ",
    controllers_explain: "望む状態に近づける",
    kubelet_explain: "各ノードのエージェント",
    runtime_explain: "コンテナを実行",
    registry_explain: "イメージを保管",
    ecs_diagram_label: "Amazon ECS のコンポーネント: あなたや CI がコントロールプレーンである ECS API を呼び出し (aws ecs)、サービススケジューラが各サービスのタスク数を desiredCount に保ちます。各コンテナインスタンスの ECS エージェントが Docker でタスクのコンテナを動かし、Amazon ECR などのレジストリからイメージを取得します。ロードバランサーのターゲットグループは、サービススケジューラが登録したタスクをヘルスチェックし、登録解除されたタスクをドレインします。",
    service_scheduler: "サービススケジューラ",
    ecs_agent: "ECS エージェント",
    ecs_you_explain: "aws ecs を実行",
    ecs_api_explain: "コントロールプレーン",
    service_scheduler_explain: "desiredCount を維持",
    ecs_agent_explain: "各コンテナインスタンス上",
    docker_explain: "コンテナランタイム",
    ecr_explain: "または他のレジストリ",
    elb_explain: "ターゲットを監視",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::tests::placeholders;

    #[test]
    fn japanese_keeps_every_placeholder_of_english() {
        assert_eq!(placeholders(EN.last), placeholders(JA.last));
    }
}
