//! Ready examples the editor can load: the files of `www/examples/`, embedded at build time,
//! so what the learner loads is exactly what `sunaba check www/examples/*.yaml` checks.
//! The first one is the definition a newcomer sees first.

mod comments_ja;

use crate::strings::Lang;
use comments_ja::COMMENTS_JA;

/// One example definition with its title in each language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable id (the file name without `.yaml`), used as the `<option>` value.
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_ja: &'static str,
    pub text: &'static str,
}

impl Example {
    /// The example as a learner reading `lang` gets it: the same YAML, its comments in that
    /// language (commands in comments stay as they are typed).
    pub fn text_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.text.to_owned(),
            Lang::Ja => in_japanese(self.id, self.text),
        }
    }

    /// Whether `text` is this example as it is, in either language.
    pub fn is(&self, text: &str) -> bool {
        text == self.text || (text.contains('#') && text == self.text_in(Lang::Ja))
    }

    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.title_en,
            Lang::Ja => self.title_ja,
        }
    }

    pub fn find(id: &str) -> Option<&'static Example> {
        EXAMPLES.iter().find(|e| e.id == id)
    }
}

macro_rules! example {
    ($id:literal, $en:literal, $ja:literal) => {
        Example {
            id: $id,
            title_en: $en,
            title_ja: $ja,
            text: include_str!(concat!("../../../../www/examples/", $id, ".yaml")),
        }
    };
}

/// An Amazon ECS example: `www/examples/ecs/ID.json`, id `ecs/ID`.
macro_rules! ecs_example {
    ($id:literal, $en:literal, $ja:literal) => {
        Example {
            id: concat!("ecs/", $id),
            title_en: $en,
            title_ja: $ja,
            text: include_str!(concat!("../../../../www/examples/ecs/", $id, ".json")),
        }
    };
}

/// In the order of the menu: working apps first, then the classic failures.
pub const EXAMPLES: &[Example] = &[
    example!(
        "nginx-deployment",
        "nginx: 3 replicas and a Service",
        "nginx: レプリカ 3 つと Service"
    ),
    example!(
        "rolling-update",
        "Rolling update, one pod at a time",
        "ローリングアップデート (1 Pod ずつ)"
    ),
    example!(
        "init-and-sidecar",
        "Init container and sidecar (Init:0/2, READY 2/2)",
        "init コンテナとサイドカー (Init:0/2, READY 2/2)"
    ),
    example!(
        "realistic-shop",
        "A realistic service in its own namespace",
        "名前空間つきの実践的なサービス"
    ),
    example!(
        "multi-doc",
        "Several objects in one file",
        "1 ファイルに複数のオブジェクト"
    ),
    example!(
        "crashloop",
        "A crashing app (CrashLoopBackOff)",
        "クラッシュするアプリ (CrashLoopBackOff)"
    ),
    example!(
        "missing-image",
        "An image that does not exist (ImagePullBackOff)",
        "存在しないイメージ (ImagePullBackOff)"
    ),
    example!("oom", "Out of memory (OOMKilled)", "メモリ不足 (OOMKilled)"),
    example!(
        "too-big",
        "Too big for any node (Pending)",
        "どのノードにも入らない (Pending)"
    ),
    ecs_example!(
        "web-fargate.task",
        "ECS: Fargate web task definition (health check, awslogs)",
        "ECS: Fargate の web タスク定義 (ヘルスチェック, awslogs)"
    ),
    ecs_example!(
        "api-ec2.task",
        "ECS: EC2 task with a sidecar and dependsOn",
        "ECS: サイドカーと dependsOn のある EC2 タスク"
    ),
    ecs_example!(
        "api.service",
        "ECS: service with circuit breaker and placement",
        "ECS: サーキットブレーカーと配置戦略つきサービス"
    ),
    ecs_example!(
        "api-broken.task",
        "ECS: a new revision that crashes (circuit breaker)",
        "ECS: クラッシュする新リビジョン (サーキットブレーカー)"
    ),
    ecs_example!(
        "web-alb.service",
        "ECS: Fargate service behind a load balancer (target group, health check grace)",
        "ECS: ロードバランサーの後ろの Fargate サービス (ターゲットグループ, ヘルスチェック猶予)"
    ),
    ecs_example!(
        "web-ec2.task",
        "ECS: EC2 web task definition (bridge networking, dynamic host port)",
        "ECS: EC2 の web タスク定義 (bridge ネットワーク, 動的ホストポート)"
    ),
    ecs_example!(
        "web-ec2-alb.service",
        "ECS: EC2 service behind a load balancer (instance targets)",
        "ECS: ロードバランサーの後ろの EC2 サービス (instance ターゲット)"
    ),
    example!(
        "web-behind-service",
        "Behind a Service: readiness probe and preStop (side by side with a load balancer)",
        "Service の後ろ: readiness プローブと preStop (ロードバランサーと並べて比較)"
    ),
];

/// The definition a newcomer sees first: a 3-replica nginx Deployment and its Service.
pub const DEFAULT_DEFINITION: &str = EXAMPLES[0].text;

/// [`DEFAULT_DEFINITION`] for a learner reading `lang`.
pub fn default_definition(lang: Lang) -> String {
    EXAMPLES[0].text_in(lang)
}

fn in_japanese(id: &str, text: &str) -> String {
    let Some((_, pairs)) = COMMENTS_JA.iter().find(|(e, _)| *e == id) else {
        return text.to_owned();
    };
    let mut out = text.to_owned();
    for (en, ja) in pairs.iter() {
        out = out.replacen(&format!("#{en}"), &format!("#{ja}"), 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sunaba_core::input::definitions::{diagnose, Severity};

    #[test]
    fn every_example_loads_without_errors() {
        for e in EXAMPLES {
            let errors: Vec<_> = diagnose(e.id, e.text)
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", e.id);
        }
    }

    #[test]
    fn every_file_of_www_examples_is_in_the_menu_once() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/examples");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("www/examples")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".yaml").map(str::to_owned))
            .collect();
        let ecs_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/examples/ecs");
        files.extend(
            std::fs::read_dir(ecs_dir)
                .expect("www/examples/ecs")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter_map(|n| n.strip_suffix(".json").map(|id| format!("ecs/{id}"))),
        );
        files.sort();
        let mut ids: Vec<String> = EXAMPLES.iter().map(|e| e.id.to_owned()).collect();
        ids.sort();
        assert_eq!(ids, files);
        assert!(DEFAULT_DEFINITION.contains("nginx-deployment"));
    }

    /// The comments of a YAML text, one per line (what follows `#` outside quotes, roughly:
    /// our examples keep `#` out of their values).
    fn comments(text: &str) -> Vec<String> {
        text.lines()
            .filter_map(|l| l.find('#').map(|i| l[i + 1..].to_owned()))
            .collect()
    }

    #[test]
    fn every_comment_of_every_example_reads_in_japanese_and_nothing_else_changes() {
        for e in EXAMPLES.iter().filter(|e| !e.id.starts_with("ecs/")) {
            let ja = e.text_in(Lang::Ja);
            for c in comments(&ja) {
                let typed = c.trim_start().starts_with("kubectl ")
                    || c.trim_start().starts_with("aws ")
                    || c.trim_start().starts_with("sim ");
                assert!(
                    typed || !c.is_ascii(),
                    "{}: comment without its Japanese: #{c}",
                    e.id
                );
            }
            let code = |t: &str| -> Vec<String> {
                t.lines()
                    .map(|l| l.split('#').next().unwrap_or("").to_owned())
                    .collect()
            };
            assert_eq!(code(&ja), code(e.text), "{}: only comments differ", e.id);
            assert!(e.is(&ja) && e.is(e.text), "{}", e.id);
        }
        for (id, _) in COMMENTS_JA {
            assert!(Example::find(id).is_some(), "{id}");
        }
    }

    #[test]
    fn titles_exist_in_both_languages() {
        for e in EXAMPLES {
            assert!(!e.title_en.is_empty() && !e.title_ja.is_empty(), "{}", e.id);
            assert_ne!(e.title_en, e.title_ja, "{}", e.id);
            assert_eq!(Example::find(e.id), Some(e));
        }
    }
}
