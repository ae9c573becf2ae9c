//! The playground's languages and its shared UI text (English and Japanese).
//!
//! kubectl output, event reasons and pod statuses are never translated: learners must
//! recognise them at work. Only the playground's own words are. Text used by one panel only
//! lives beside that panel as its own `EN`/`JA` pair (same pattern); what is shared lives here.
//! The language comes from the mount option `lang`, else the browser (`navigator.languages`),
//! and is switchable in the header; components read it with [`use_lang`].

use yew::prelude::*;

/// Where the learner's choice of language is kept (`localStorage`).
pub const LANG_KEY: &str = "sunaba:lang";

/// A language of the playground's own words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// Reads a BCP 47 tag leniently: `ja`, `ja-JP`, `JA` → Japanese; `en…` → English.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to start in: the one asked for (a mount option, `?lang=`, a share link),
    /// else the learner's last choice with the switch (kept in `localStorage`), else the
    /// browser's.
    pub fn initial(asked: Option<Lang>) -> Lang {
        asked
            .or_else(|| crate::storage::load(LANG_KEY).and_then(|s| Lang::parse(&s)))
            .unwrap_or_else(Lang::from_browser)
    }

    /// Keeps the learner's choice for the next visit.
    pub fn remember(self) {
        crate::storage::save(LANG_KEY, self.tag());
    }

    /// The first of the browser's preferred languages that we speak, else English.
    pub fn from_browser() -> Lang {
        if !cfg!(target_arch = "wasm32") {
            return Lang::En; // rendered at build time: no browser to ask
        }
        let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
            return Lang::En;
        };
        let tags = navigator.languages();
        tags.iter()
            .filter_map(|tag| tag.as_string())
            .chain(navigator.language())
            .find_map(|tag| Lang::parse(&tag))
            .unwrap_or_default()
    }

    /// The BCP 47 tag (`lang` attribute).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    /// The core's name for this language (what it answers `help` in).
    pub fn language(self) -> sunaba_core::base::language::Language {
        match self {
            Lang::En => sunaba_core::base::language::Language::En,
            Lang::Ja => sunaba_core::base::language::Language::Ja,
        }
    }

    /// Picks this language's entry of an `(EN, JA)` pair of tables.
    pub fn pick<T>(self, en: &'static T, ja: &'static T) -> &'static T {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

/// The language in force for this playground (provided by the app; English outside one).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The shared text in the current language.
#[hook]
pub fn use_strings() -> &'static Strings {
    strings(use_lang())
}

/// The words of one language. Templates use `{name}` placeholders, filled by [`fill`].
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    pub title: &'static str,
    pub tagline: &'static str,
    pub clock_label: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub speed_group: &'static str,
    /// `{speed}`: the multiplier. Shown beside the speed buttons.
    pub speed_explain: &'static str,
    pub timings_real: &'static str,
    pub timings_compressed: &'static str,
    /// The timings switch: compress for class / restore the real numbers.
    pub timings_compress: &'static str,
    pub timings_restore: &'static str,
    pub paused_explain: &'static str,
    pub editor_heading: &'static str,
    pub editor_hint: &'static str,
    pub editor_label: &'static str,
    /// The editor's name while it holds an Amazon ECS definition (JSON).
    pub editor_label_ecs: &'static str,
    pub read_only: &'static str,
    pub apply: &'static str,
    pub apply_error_heading: &'static str,
    pub cluster_heading: &'static str,
    pub no_nodes: &'static str,
    pub node_no_pods: &'static str,
    /// `{node}`: the node name (the card's accessible name).
    pub node_aria: &'static str,
    pub cpu: &'static str,
    pub memory: &'static str,
    /// `{requested}`, `{allocatable}`: e.g. "250m of 2 CPU requested".
    pub requested_of: &'static str,
    pub pending_heading: &'static str,
    pub ready_label: &'static str,
    pub restarts_label: &'static str,
    pub restart_label: &'static str,
    /// `{seconds}`: time left before the next restart attempt.
    pub back_off_in: &'static str,
    pub pulling: &'static str,
    pub terminating: &'static str,
    pub events_heading: &'static str,
    pub charts_heading: &'static str,
    pub charts_hint: &'static str,
    pub chart_availability: &'static str,
    /// `{name}`: an ECS service's healthy tasks vs desiredCount.
    pub chart_ecs_availability: &'static str,
    pub chart_ready_of: &'static str,
    pub chart_traffic: &'static str,
    pub chart_success: &'static str,
    pub events_empty: &'static str,
    pub col_last_seen: &'static str,
    pub col_type: &'static str,
    pub col_reason: &'static str,
    pub col_object: &'static str,
    pub col_message: &'static str,
    pub log_heading: &'static str,
    pub log_hint: &'static str,
    pub log_empty: &'static str,
}

pub const EN: Strings = Strings {
    title: "Sunaba 砂場",
    tagline:
        "A Kubernetes and Amazon ECS playground in your browser. Apply, break things, and watch the cluster heal.",
    clock_label: "Virtual time",
    play: "Play",
    pause: "Pause",
    speed_group: "Simulation speed",
    speed_explain: "×{speed}: 1 s of real time = {speed} s in the cluster",
    timings_real: "Kubernetes timings: real (back-off 10 s…5 min, eviction after 5 min)",
    timings_compressed:
        "Kubernetes timings compressed ×{n} for classroom pace (sim compress 1 restores them)",
    paused_explain: "Paused: the cluster's clock is stopped",
    timings_compress: "Compress ×10 for class",
    timings_restore: "Use real timings",
    editor_heading: "Definition",
    editor_hint: "Edit the manifest or ECS JSON, then Apply (Ctrl/⌘ + Enter).",
    editor_label: "Kubernetes definition (YAML)",
    editor_label_ecs: "Amazon ECS definition (JSON)",
    read_only: "read-only",
    apply: "Apply",
    apply_error_heading: "kubectl apply failed",
    cluster_heading: "Cluster",
    no_nodes: "No nodes yet.",
    node_no_pods: "No pods on this node.",
    node_aria: "Node {node}",
    cpu: "CPU",
    memory: "Memory",
    requested_of: "{requested} / {allocatable}",
    pending_heading: "Pending (not scheduled)",
    ready_label: "ready",
    restarts_label: "restarts",
    restart_label: "restart",
    back_off_in: "retry in {seconds}s",
    pulling: "pulling image",
    terminating: "terminating",
    events_heading: "Events",
    charts_heading: "Availability",
    charts_hint: "Last 5 minutes. Try: sim traffic nginx 50, then kill a pod.",
    chart_availability: "deployment/{name}: ready vs desired",
    chart_ecs_availability: "ECS service/{name}: healthy vs desired",
    chart_ready_of: "{ready}/{desired} ready",
    chart_traffic: "service/{name}: successful requests",
    chart_success: "{pct}% ok · {ms} ms",
    events_empty: "No events yet. Apply a definition to start.",
    col_last_seen: "LAST SEEN",
    col_type: "TYPE",
    col_reason: "REASON",
    col_object: "OBJECT",
    col_message: "MESSAGE",
    log_heading: "Commands",
    log_hint: "Every action runs a real command. Try them at work.",
    log_empty: "No commands yet.",
};

pub const JA: Strings = Strings {
    title: "Sunaba 砂場",
    tagline: "ブラウザで動く Kubernetes と Amazon ECS の砂場。定義を適用し、壊して、クラスタが自己修復する様子を見てみよう。",
    clock_label: "仮想時刻",
    play: "再生",
    pause: "一時停止",
    speed_group: "シミュレーション速度",
    speed_explain: "×{speed}: 実時間 1 秒 = クラスタ内 {speed} 秒",
    timings_real: "Kubernetes のタイミング: 実際の値 (バックオフ 10 秒〜5 分、退避は 5 分後)",
    timings_compressed: "Kubernetes のタイミングを授業向けに ×{n} 圧縮中 (sim compress 1 で元に戻ります)",
    paused_explain: "一時停止中: クラスタの時計は止まっています",
    timings_compress: "授業用に ×10 圧縮",
    timings_restore: "実際のタイミングに戻す",
    editor_heading: "定義",
    editor_hint: "マニフェストや ECS の JSON を編集して「適用」(Ctrl/⌘ + Enter)。",
    editor_label: "Kubernetes の定義 (YAML)",
    editor_label_ecs: "Amazon ECS の定義 (JSON)",
    read_only: "読み取り専用",
    apply: "適用",
    apply_error_heading: "kubectl apply に失敗しました",
    cluster_heading: "クラスタ",
    no_nodes: "ノードがまだありません。",
    node_no_pods: "このノードに Pod はありません。",
    node_aria: "ノード {node}",
    cpu: "CPU",
    memory: "メモリ",
    requested_of: "{requested} / {allocatable}",
    pending_heading: "Pending (未スケジュール)",
    ready_label: "ready",
    restarts_label: "回再起動",
    restart_label: "回再起動",
    back_off_in: "{seconds} 秒後に再試行",
    pulling: "イメージを取得中",
    terminating: "終了中",
    events_heading: "イベント",
    charts_heading: "可用性",
    charts_hint: "直近 5 分間。試す: sim traffic nginx 50 を実行してから Pod を止める。",
    chart_availability: "deployment/{name}: Ready 数と希望数",
    chart_ecs_availability: "ECS service/{name}: 正常数と希望数",
    chart_ready_of: "{ready}/{desired} Ready",
    chart_traffic: "service/{name}: 成功したリクエスト",
    chart_success: "成功 {pct}% · {ms} ms",
    events_empty: "イベントはまだありません。定義を適用して始めましょう。",
    col_last_seen: "LAST SEEN",
    col_type: "TYPE",
    col_reason: "REASON",
    col_object: "OBJECT",
    col_message: "MESSAGE",
    log_heading: "コマンド",
    log_hint: "画面の操作はすべて本物のコマンドとして実行されます。仕事でもそのまま使えます。",
    log_empty: "コマンドはまだありません。",
};

/// The shared text of a language.
pub fn strings(lang: Lang) -> &'static Strings {
    lang.pick(&EN, &JA)
}

/// What the learner is told about their saved work (`crate::autosave`'s banner).
#[derive(Debug, PartialEq, Eq)]
pub struct SavedWorkText {
    /// `{reason}`: one of the reasons below; `{key}`: where a copy is kept.
    pub refused_copied: &'static str,
    /// `{reason}`.
    pub refused_untouched: &'static str,
    pub conflict: &'static str,
    pub load_theirs: &'static str,
    pub keep_mine: &'static str,
    pub save_full: &'static str,
    pub save_unavailable: &'static str,
    /// `{size}`, `{max}`: the text's size and the most saved.
    pub too_large: &'static str,
    /// `{size}`, `{max}`.
    pub oversized: &'static str,
    pub damaged: &'static str,
    pub foreign: &'static str,
    pub future: &'static str,
    pub corrupt: &'static str,
    pub dismiss: &'static str,
}

pub const SAVED_WORK_EN: SavedWorkText = SavedWorkText {
    refused_copied: "Your saved work could not be read ({reason}), so the playground opens without it. It was kept unchanged in this browser under the key “{key}”; your new work is saved as usual.",
    refused_untouched: "Your saved work could not be read ({reason}), so the playground opens without it. It is left unchanged, and this tab does not save over it: your work here is not saved.",
    conflict: "This playground was changed in another tab. Your changes here are not saved until you choose.",
    load_theirs: "Load theirs",
    keep_mine: "Keep mine",
    save_full: "Your work could not be saved: this browser's storage for the site is full. It stays in this tab until you close it; make room or copy it somewhere safe.",
    save_unavailable: "Your work could not be saved: this browser does not allow the site to store anything (a private window, or storage turned off). It stays in this tab until you close it.",
    too_large: "This text is {size}; at most {max} is saved, so it is not saved. It stays in this tab until you close it.",
    oversized: "it is {size}, over the {max} this playground reads",
    damaged: "it is damaged or cut short",
    foreign: "it was written by something other than this playground",
    future: "it was saved by a newer version of Sunaba",
    corrupt: "its content does not have the expected shape",
    dismiss: "Dismiss",
};

pub const SAVED_WORK_JA: SavedWorkText = SavedWorkText {
    refused_copied: "保存された作業を読み込めなかったため ({reason})、それを使わずに開きました。元のデータはこのブラウザーのキー「{key}」にそのまま残してあります。新しい作業はいつもどおり保存されます。",
    refused_untouched: "保存された作業を読み込めなかったため ({reason})、それを使わずに開きました。元のデータはそのまま残し、このタブでは上書きしません。ここでの作業は保存されません。",
    conflict: "このプレイグラウンドは別のタブで変更されました。どちらにするか選ぶまで、このタブの変更は保存されません。",
    load_theirs: "別のタブの内容を読み込む",
    keep_mine: "このタブの内容を残す",
    save_full: "作業を保存できませんでした: このサイト用のブラウザーの保存領域がいっぱいです。このタブを閉じるまでは残ります。空きを作るか、別の場所にコピーしてください。",
    save_unavailable: "作業を保存できませんでした: このブラウザーではサイトのデータ保存が許可されていません (プライベートウィンドウ、または保存が無効)。このタブを閉じるまでは残ります。",
    too_large: "このテキストは {size} あり、保存できるのは {max} までのため保存されません。このタブを閉じるまでは残ります。",
    oversized: "{size} あり、読み込める {max} を超えています",
    damaged: "データが壊れているか途中で切れています",
    foreign: "このプレイグラウンド以外が書いたデータです",
    future: "新しいバージョンの Sunaba で保存されたデータです",
    corrupt: "データの形が正しくありません",
    dismiss: "閉じる",
};

/// Why a share link was refused, in `lang` (the detail follows in English).
pub fn share_refused(error: &crate::share::ShareError, lang: Lang) -> &'static str {
    use crate::share::ShareError as E;
    let (en, ja) = match error {
        E::NotALink => (
            "it is not a Sunaba share link",
            "Sunaba の共有リンクではありません",
        ),
        E::TooLong(_) => (
            "it is longer than any link Sunaba makes",
            "Sunaba が作るリンクより長すぎます",
        ),
        E::Version(_) => (
            "it was made by another version of Sunaba, or by something else",
            "別のバージョンの Sunaba か、別のものが作ったリンクです",
        ),
        E::Encoding(_) => (
            "it is damaged or cut short",
            "リンクが壊れているか途中で切れています",
        ),
        E::Format(_) => (
            "its content does not have the expected shape",
            "内容の形が正しくありません",
        ),
        E::Bound(_) => (
            "it asks for more than a playground replays",
            "プレイグラウンドが再生できる量を超えています",
        ),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// Fills `{key}` placeholders in a template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

#[cfg(test)]
pub mod tests {
    use super::*;

    #[test]
    fn languages_parse_from_browser_tags() {
        assert_eq!(Lang::parse("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::parse("JA"), Some(Lang::Ja));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn japanese_keeps_every_placeholder_of_english() {
        // A translation that drops `{seconds}` would print a countdown without its number.
        let pairs = [
            (EN.speed_explain, JA.speed_explain),
            (EN.timings_compressed, JA.timings_compressed),
            (EN.node_aria, JA.node_aria),
            (EN.requested_of, JA.requested_of),
            (EN.back_off_in, JA.back_off_in),
            (EN.chart_availability, JA.chart_availability),
            (EN.chart_ecs_availability, JA.chart_ecs_availability),
            (EN.chart_ready_of, JA.chart_ready_of),
            (EN.chart_traffic, JA.chart_traffic),
            (EN.chart_success, JA.chart_success),
            (SAVED_WORK_EN.refused_copied, SAVED_WORK_JA.refused_copied),
            (
                SAVED_WORK_EN.refused_untouched,
                SAVED_WORK_JA.refused_untouched,
            ),
            (SAVED_WORK_EN.too_large, SAVED_WORK_JA.too_large),
            (SAVED_WORK_EN.oversized, SAVED_WORK_JA.oversized),
        ];
        for (en, ja) in pairs {
            assert_eq!(placeholders(en), placeholders(ja), "{en:?} vs {ja:?}");
        }
        assert_ne!(EN.tagline, JA.tagline);
    }

    /// The `{name}` placeholders of a template, sorted.
    pub fn placeholders(template: &str) -> Vec<&str> {
        let mut out: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_kind_of_refused_share_link_has_its_own_reason_in_both_languages() {
        use crate::share::ShareError as E;
        let errors = [
            E::NotALink,
            E::TooLong(1),
            E::Version("9".into()),
            E::Encoding("x".into()),
            E::Format("x".into()),
            E::Bound("x".into()),
        ];
        for lang in Lang::ALL {
            let mut reasons: Vec<&str> = errors.iter().map(|e| share_refused(e, lang)).collect();
            reasons.sort_unstable();
            reasons.dedup();
            assert_eq!(reasons.len(), errors.len(), "{lang:?}");
        }
        assert_ne!(
            share_refused(&E::NotALink, Lang::En),
            share_refused(&E::NotALink, Lang::Ja)
        );
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(EN.speed_explain, &[("speed", "10")]),
            "×10: 1 s of real time = 10 s in the cluster"
        );
    }
}
