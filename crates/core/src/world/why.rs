//! "Why" notes: what the simulation can see about *why* an app fails where it runs, in the
//! words a colleague would use, in English and Japanese.
//!
//! Kubernetes tells what happened (`ImagePullBackOff`, `CrashLoopBackOff`, a `403 Forbidden`,
//! a log line); the cause often sits in how the app was written: a registry or an endpoint
//! of one account written into the definition, config baked into the image, sessions kept in
//! the process, SIGTERM ignored, logs written to a file. Each note names the observed symptom
//! and that cause. Notes are read from the world as it is (pure), never stored.

use serde::Serialize;

use crate::ecs::service::EcsService;
use crate::input::definitions::ecs::TaskDefinition;
use crate::input::model::Container;
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::outside::Outside;
use crate::sim::registry::ImageRef;
use crate::sim::runtime::{DatabaseReach, SessionStore};
use crate::sim::store::{ContainerState, ContainerStatus, Pod};
use crate::world::World;

/// One explanation, about one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WhyNote {
    /// Stable id: `image-other-account`, `image-tag-missing`, `image-typo`,
    /// `image-not-carried`, `database-other-account`, `database-missing`,
    /// `shared-database`, `local-sessions`, `ignores-sigterm`, `file-logs`, and for ECS
    /// services `secret-other-account`, `secret-missing`.
    pub code: &'static str,
    /// `pod/NAME` or `service/NAME`.
    pub subject: String,
    pub en: String,
    pub ja: String,
}

/// Seconds of traffic looked back at for session errors.
const RECENT_TICKS: usize = 60;

impl World {
    /// The notes for a namespace of this cluster, in a stable order (pods by name, then
    /// Services).
    pub fn why(&self, namespace: &str) -> Vec<WhyNote> {
        let mut notes = Vec::new();
        let environment = self
            .multi
            .environments
            .values()
            .find(|e| e.namespace == namespace)
            .map(|e| e.name.clone());
        if let Some(cluster) = namespace.strip_prefix("ecs:") {
            return self.why_ecs(cluster, environment.as_deref());
        }
        let mut pods: Vec<_> = self
            .k
            .store
            .pods
            .values()
            .filter(|p| p.meta.namespace == namespace)
            .collect();
        crate::base::sort::sort_by_key(&mut pods, |p| p.meta.name.clone());
        for pod in pods {
            for (spec, st) in pod.spec.containers.iter().zip(&pod.status.containers) {
                notes.extend(self.container_notes(pod, spec, st, environment.as_deref()));
            }
        }
        notes.extend(self.session_notes(namespace));
        notes
    }

    /// The notes on one container of a pod: a pull refused across accounts, its database,
    /// SIGTERM ignored while the pod terminates, logs written to a file.
    fn container_notes(
        &self,
        pod: &Pod,
        spec: &Container,
        st: &ContainerStatus,
        environment: Option<&str>,
    ) -> Vec<WhyNote> {
        let mut notes = Vec::new();
        let here = self.multi.account_id.clone();
        let subject = format!("pod/{}", pod.meta.name);
        let reference = ImageRef::parse(&spec.image);
        if let ContainerState::Waiting { reason, .. } = &st.state {
            if matches!(reason.as_str(), "ErrImagePull" | "ImagePullBackOff")
                && self.multi.pull_answer(&reference) == crate::sim::outside::PullAnswer::Forbidden
            {
                let owner = crate::cloud::accounts::ecr_host(&reference.registry)
                    .map_or_else(String::new, |(id, _)| id.to_string());
                notes.push(WhyNote {
                    code: "image-other-account",
                    subject: subject.clone(),
                    en: format!("{} cannot pull {}: the image is in account {owner}'s registry and this cluster runs in account {here}. The registry of one account is written into the definition. Give each account its image (kustomize images: newName) or let this account pull it (a repository policy).", pod.meta.name, spec.image),
                    ja: format!("{} は {} を取得できません。イメージはアカウント {owner} のレジストリにあり、このクラスターはアカウント {here} で動いています。ひとつのアカウントのレジストリが定義に書き込まれています。アカウントごとにイメージを用意する（kustomize の images: newName）か、このアカウントからの取得を許可してください（リポジトリポリシー）。", pod.meta.name, spec.image),
                });
            }
        }
        if let ContainerState::Waiting { reason, .. } = &st.state {
            if matches!(reason.as_str(), "ErrImagePull" | "ImagePullBackOff")
                && self.multi.pull_answer(&reference) == crate::sim::outside::PullAnswer::NotFound
                && crate::cloud::accounts::ecr_host(&reference.registry).is_none()
            {
                notes.push(missing_image_note(
                    &subject,
                    &pod.meta.name,
                    &spec.image,
                    self.multi.cloud.registry.missing(&reference),
                ));
            }
        }
        let Some(info) = self.multi.cloud.registry.lookup(&reference) else {
            return notes;
        };
        let b = self.multi.behaviour(info, spec);
        notes.extend(self.database_note(&subject, &pod.meta.name, spec, environment));
        if pod.meta.deletion_ms.is_some() && st.alive && b.sigterm_ms.is_none() {
            let grace = pod.spec.termination_grace_period_seconds;
            notes.push(WhyNote {
                code: "ignores-sigterm",
                subject: subject.clone(),
                en: format!("{} ignores SIGTERM: it keeps running until SIGKILL at the end of its {grace} s grace period. Every rollout and scale-in waits that long, and the requests it still holds are cut. Handle SIGTERM: stop accepting, finish, exit.", pod.meta.name),
                ja: format!("{} は SIGTERM を無視しています。猶予期間 {grace} 秒の終わりに SIGKILL されるまで動き続けます。ロールアウトやスケールインのたびにその時間待たされ、処理中のリクエストは切断されます。SIGTERM を受けたら受付を止め、処理を終えて終了してください。", pod.meta.name),
            });
        }
        if let (Some(file), ContainerState::Running { .. }) = (b.log_file(), &st.state) {
            notes.push(WhyNote {
                code: "file-logs",
                subject: subject.clone(),
                en: format!("kubectl logs {} shows nothing: the app writes its log to {file} inside the container, and that file is gone with the container (a crash, a rollout, a reschedule). Log to stdout: the node keeps it and log collectors read it there.", pod.meta.name),
                ja: format!("kubectl logs {} には何も出ません。アプリはコンテナ内の {file} にログを書いており、そのファイルはコンテナと一緒に消えます（クラッシュ、ロールアウト、再スケジュール）。標準出力にログを出してください。ノードが保持し、ログ収集もそこから読みます。", pod.meta.name),
            });
        }
        notes
    }

    /// Sessions lost in the namespace's traffic in the last minute, per Service: where the
    /// app keeps them.
    fn session_notes(&self, namespace: &str) -> Vec<WhyNote> {
        let mut notes = Vec::new();
        for ((ns, name), flow) in &self.traffic.flows {
            if ns != namespace {
                continue;
            }
            let lost: u32 = flow
                .samples
                .iter()
                .rev()
                .take(RECENT_TICKS)
                .map(|s| s.session_errors)
                .sum();
            if lost == 0 {
                continue;
            }
            let store = crate::sim::traffic::ready_endpoint_pods(
                &self.k.store,
                &(ns.clone(), name.clone()),
            )
            .first()
            .and_then(|id| self.k.store.pods.get(id))
            .and_then(|p| {
                let c = p.spec.containers.get(p.spec.init_count)?;
                let info = self
                    .multi
                    .cloud
                    .registry
                    .lookup(&ImageRef::parse(&c.image))?;
                Some(self.multi.behaviour(info, c).sessions)
            })
            .unwrap_or(SessionStore::Memory);
            let (where_en, where_ja) = match store {
                SessionStore::Disk => ("on its container's disk", "コンテナのディスク"),
                _ => ("in its process memory", "プロセスのメモリ"),
            };
            notes.push(WhyNote {
                code: "local-sessions",
                subject: format!("service/{name}"),
                en: format!("{lost} requests in the last minute were from logged-in users sent back to the login page: the app keeps sessions {where_en}, so only the replica that logged a user in knows them, and a restart, a reschedule or a scale-in forgets them. Keep sessions in an external store (Redis, a database)."),
                ja: format!("直近 1 分間に {lost} 件のリクエストで、ログイン済みのユーザーがログイン画面に戻されました。アプリがセッションを{where_ja}に保存しているため、そのユーザーがログインしたレプリカしかセッションを知らず、再起動・再スケジュール・スケールインで失われます。セッションは外部ストア（Redis やデータベース）に保存してください。"),
            });
        }
        notes
    }

    /// Why `who` cannot use its database, or uses another environment's: read from its
    /// container as it runs (image config applied) and from where the host is.
    fn database_note(
        &self,
        subject: &str,
        who: &str,
        spec: &crate::input::model::Container,
        environment: Option<&str>,
    ) -> Option<WhyNote> {
        let info = self
            .multi
            .cloud
            .registry
            .lookup(&ImageRef::parse(&spec.image))?;
        let mut effective = spec.clone();
        if let Some(config) = info.config.as_deref() {
            effective = crate::sim::runtime::with_image_config(config, spec);
        }
        let baked = info.config.as_ref().is_some_and(|c| {
            c.env
                .iter()
                .any(|(k, v)| k == "CONFIG_SOURCE" && v == "image")
        });
        let b = self.multi.behaviour(info, spec);
        let host = b.database_host()?;
        let here = &self.multi.account_id;
        let subject = subject.to_string();
        let cause_en = if baked {
            "The address was baked into the image (CONFIG_SOURCE=image), so the setting this environment injects is ignored."
        } else {
            "Its DATABASE_URL names another environment's endpoint: inject each environment's own."
        };
        let cause_ja = if baked {
            "接続先がイメージに焼き込まれている（CONFIG_SOURCE=image）ため、この環境が注入した設定は無視されます。"
        } else {
            "DATABASE_URL が別の環境の接続先を指しています。環境ごとの接続先を注入してください。"
        };
        let found = self.multi.cloud.database(host);
        match self.multi.database_reach(host) {
            DatabaseReach::OtherAccount => {
                let owner = found.map(|(a, _)| a.label()).unwrap_or_default();
                Some(WhyNote {
                    code: "database-other-account",
                    subject,
                    en: format!("{who} cannot reach its database {host}: it is in account {owner}, and nothing in account {here} has a network path to it, so the connection times out and the app exits. {cause_en}"),
                    ja: format!("{who} はデータベース {host} に接続できません。データベースはアカウント {owner} にあり、アカウント {here} からは経路がないため接続がタイムアウトし、アプリが終了します。{cause_ja}"),
                })
            }
            DatabaseReach::NoSuchHost => Some(WhyNote {
                code: "database-missing",
                subject,
                en: format!("{who} exits at start-up: its database {host} does not exist (deleted with its environment, or never made). {cause_en}"),
                ja: format!("{who} は起動時に終了します。データベース {host} が存在しません（環境と一緒に削除されたか、作られていません）。{cause_ja}"),
            }),
            DatabaseReach::Connected => {
                let mine = environment
                    .map(str::to_string)
                    .or_else(|| effective.env_value("APP_ENV").map(str::to_string))?;
                let (_, db) = found?;
                (db.environment != mine).then(|| WhyNote {
                    code: "shared-database",
                    subject,
                    en: format!("{who} in {mine} reads and writes {}, the database of {}: tests here change {}'s data. {cause_en}", db.name, db.environment, db.environment),
                    ja: format!("{mine} の {who} は {} の データベース {} を読み書きしています。ここでのテストが {} のデータを変えてしまいます。{cause_ja}", db.environment, db.name, db.environment),
                })
            }
        }
    }

    /// The notes for an ECS cluster's services (namespace `ecs:CLUSTER`): what their tasks
    /// stopped for, read with the service's task definition.
    fn why_ecs(&self, cluster: &str, environment: Option<&str>) -> Vec<WhyNote> {
        let mut notes = Vec::new();
        for svc in self.ecs.services.values() {
            if svc.cluster != cluster || svc.status != ServiceStatus::Active {
                continue;
            }
            notes.extend(self.ecs_service_notes(svc, environment));
        }
        notes
    }

    /// The notes on one ACTIVE ECS service: a pull refused across accounts, its containers'
    /// databases, its secrets, SIGTERM ignored past stopTimeout.
    fn ecs_service_notes(&self, svc: &EcsService, environment: Option<&str>) -> Vec<WhyNote> {
        let mut notes = Vec::new();
        let here = self.multi.account_id.clone();
        let subject = format!("service/{}", svc.name);
        let id = svc.id();
        let Some(p) = svc.primary() else { return notes };
        let Some(def) = self
            .ecs
            .families
            .get(&p.family)
            .and_then(|revs| revs.iter().find(|r| r.revision == p.revision))
            .map(|r| &r.definition)
        else {
            return notes;
        };
        let stopped_for = |what: &str| {
            self.ecs.tasks.values().any(|t| {
                t.service.as_ref() == Some(&id)
                    && t.stopped_reason
                        .as_deref()
                        .is_some_and(|r| r.contains(what))
            })
        };
        let spec = crate::ecs::task::pod_spec_for(def);
        for c in &spec.containers {
            let reference = ImageRef::parse(&c.image);
            if stopped_for("CannotPullContainerError")
                && self.multi.pull_answer(&reference) == crate::sim::outside::PullAnswer::Forbidden
            {
                let owner = crate::cloud::accounts::ecr_host(&reference.registry)
                    .map_or_else(String::new, |(id, _)| id.to_string());
                notes.push(WhyNote {
                    code: "image-other-account",
                    subject: subject.clone(),
                    en: format!("The tasks of {} stop with CannotPullContainerError: {} is in account {owner}'s registry and this cluster runs in account {here}. The registry of one account is written into the task definition. Give each account its image (render the image per environment) or let this account pull it (a repository policy).", svc.name, c.image),
                    ja: format!("{} のタスクは CannotPullContainerError で停止します。{} はアカウント {owner} のレジストリにあり、このクラスターはアカウント {here} で動いています。ひとつのアカウントのレジストリがタスク定義に書き込まれています。アカウントごとにイメージを用意する（環境ごとにイメージを差し替える）か、このアカウントからの取得を許可してください（リポジトリポリシー）。", svc.name, c.image),
                });
            }
            notes.extend(self.database_note(&subject, &svc.name, c, environment));
        }
        notes.extend(self.ecs_secret_notes(svc, def, &stopped_for));
        if self.ecs_ignores_sigterm(&id) {
            let timeout = def
                .containers
                .iter()
                .map(|c| c.stop_timeout)
                .max()
                .unwrap_or(30);
            notes.push(WhyNote {
                code: "ignores-sigterm",
                subject: subject.clone(),
                en: format!("The tasks of {} ignore SIGTERM: a stopping task keeps running until SIGKILL after its stopTimeout of {timeout} s. Every deployment and scale-in waits that long, and the requests it still holds are cut. Handle SIGTERM: stop accepting, finish, exit.", svc.name),
                ja: format!("{} のタスクは SIGTERM を無視しています。停止中のタスクは stopTimeout の {timeout} 秒後に SIGKILL されるまで動き続けます。デプロイやスケールインのたびにその時間待たされ、処理中のリクエストは切断されます。SIGTERM を受けたら受付を止め、処理を終えて終了してください。", svc.name),
            });
        }
        notes
    }

    /// Why the service's tasks stop at start over their secrets (`stopped_for`: whether one
    /// stopped with that reason): an ARN of another account, or SSM parameters missing here.
    fn ecs_secret_notes(
        &self,
        svc: &EcsService,
        def: &TaskDefinition,
        stopped_for: &dyn Fn(&str) -> bool,
    ) -> Vec<WhyNote> {
        let mut notes = Vec::new();
        let here = self.multi.account_id.clone();
        let subject = format!("service/{}", svc.name);
        if stopped_for("ResourceInitializationError") {
            if let Some((from, owner)) =
                def.containers
                    .iter()
                    .flat_map(|c| &c.secrets)
                    .find_map(|(_, from)| {
                        let owner = from.split(':').nth(4)?;
                        (from.starts_with("arn:") && owner != here)
                            .then(|| (from.clone(), owner.to_string()))
                    })
            {
                notes.push(WhyNote {
                    code: "secret-other-account",
                    subject: subject.clone(),
                    en: format!("The tasks of {} stop with ResourceInitializationError: their secret {from} is in account {owner}, and this account's task execution role may not read it. An ARN of one account is written into the task definition. Name the secret per account (an SSM parameter name like /shop/db-password resolves in the task's own account) or render the ARN per environment.", svc.name),
                    ja: format!("{} のタスクは ResourceInitializationError で停止します。シークレット {from} はアカウント {owner} にあり、このアカウントのタスク実行ロールは読めません。ひとつのアカウントの ARN がタスク定義に書き込まれています。アカウントごとに解決される名前（/shop/db-password のような SSM パラメータ名）を使うか、環境ごとに ARN を差し替えてください。", svc.name),
                });
            }
        }
        if stopped_for("invalid ssm parameters") {
            let have = self.account().map(|a| &a.parameters);
            let missing: Vec<String> = def
                .containers
                .iter()
                .flat_map(|c| &c.secrets)
                .filter_map(|(_, from)| crate::cloud::ssm::parameter_name(from, &here))
                .filter(|n| have.is_none_or(|p| !crate::cloud::ssm::has_parameter(p, n)))
                .collect();
            if !missing.is_empty() {
                let names = missing.join(", ");
                notes.push(WhyNote {
                    code: "secret-missing",
                    subject: subject.clone(),
                    en: format!("The tasks of {} stop with ResourceInitializationError: the SSM parameter {names} does not exist in account {here}. The task definition names it well (resolved in the account the task runs in), but each account needs its own: create it there (aws ssm put-parameter) when the account is set up. The service keeps retrying and starts once it exists.", svc.name),
                    ja: format!("{} のタスクは ResourceInitializationError で停止します。SSM パラメータ {names} がアカウント {here} に存在しません。タスク定義の書き方は正しく（タスクが動くアカウントで解決されます）、アカウントごとに用意が必要です。アカウントを準備するときに作成してください（aws ssm put-parameter）。サービスは再試行を続け、作成されれば起動します。", svc.name),
                });
            }
        }
        notes
    }

    /// Whether a stopping task of service `id` still runs a container that ignores SIGTERM.
    fn ecs_ignores_sigterm(&self, id: &str) -> bool {
        self.ecs.tasks.values().any(|t| {
            t.service.as_deref() == Some(id)
                && t.desired_stopped
                && !t.is_stopped()
                && self.k.store.pods.get(&t.pod).is_some_and(|pod| {
                    pod.spec
                        .containers
                        .iter()
                        .zip(&pod.status.containers)
                        .any(|(k, st)| {
                            st.alive
                                && self
                                    .multi
                                    .cloud
                                    .registry
                                    .lookup(&ImageRef::parse(&k.image))
                                    .is_some_and(|info| {
                                        self.multi.behaviour(info, k).sigterm_ms.is_none()
                                    })
                        })
                })
        })
    }

    /// `sim why [-n NAMESPACE]`: the notes, in English, one paragraph each.
    pub(crate) fn why_text(&self, namespace: &str) -> String {
        let notes = self.why(namespace);
        if notes.is_empty() {
            return format!("nothing to explain in namespace {namespace}\n");
        }
        notes
            .iter()
            .map(|n| format!("{} [{}]\n  {}\n", n.subject, n.code, n.en))
            .collect()
    }
}

/// Why an image cannot be pulled: a tag its repository lacks, a typo, or an image Sunaba's
/// registry does not carry (the pull fails the same way in all three, as a registry's would).
fn missing_image_note(
    subject: &str,
    pod: &str,
    image: &str,
    missing: crate::sim::registry::Missing,
) -> WhyNote {
    use crate::sim::registry::Missing;
    let (code, en, ja) = match missing {
        Missing::Tag { tags } => {
            let tags = tags.join(", ");
            (
                "image-tag-missing",
                format!("{pod} cannot start: the registry has no tag {image}. Its repository has the tags {tags}. Fix the tag in the definition and apply it again."),
                format!("{pod} は起動できません。レジストリに {image} というタグはありません。このリポジトリのタグは {tags} です。定義のタグを直して、もう一度 apply してください。"),
            )
        }
        Missing::Typo { known } => (
            "image-typo",
            format!("{pod} cannot start: no image is called {image}. Did you mean {known}? A misspelt image fails to pull exactly like this on a real cluster."),
            format!("{pod} は起動できません。{image} という名前のイメージはありません。{known} のことではありませんか？ イメージ名の綴り違いは、実際のクラスターでもこのとおりプルに失敗します。"),
        ),
        Missing::NotCarried => (
            "image-not-carried",
            format!("{pod} cannot start: Sunaba's simulated registry does not carry {image}, so the pull fails as it would for an image that does not exist. Sunaba carries the common public images and the official tutorials' images (nginx, httpd, redis, postgres, busybox, alpine, perl, the Kubernetes samples…); use one that does the same job."),
            format!("{pod} は起動できません。Sunaba のシミュレートしたレジストリには {image} がないため、存在しないイメージと同じくプルに失敗します。Sunaba には一般的な公開イメージと公式チュートリアルのイメージ（nginx、httpd、redis、postgres、busybox、alpine、perl、Kubernetes のサンプルなど）があります。同じ役目のものを使ってください。"),
        ),
    };
    WhyNote {
        code,
        subject: subject.to_string(),
        en,
        ja,
    }
}
