//! The drift notice beside Apply: the cluster no longer runs what the editor declares (after
//! `kubectl set image`, `scale`, `rollout undo`), so the next Apply would undo that change.
//! One click takes the cluster's values into the text (the core writes them in place).

use sunaba_core::world::drift::{Drift, DriftField};
use yew::prelude::*;

use crate::strings::{fill, Lang};

struct DriftText {
    heading: &'static str,
    /// `{object}`, `{live}`, `{declared}`.
    replicas: &'static str,
    /// `{object}`, `{container}`, `{live}`, `{declared}`.
    image: &'static str,
    take: &'static str,
    take_title: &'static str,
}

const EN: DriftText = DriftText {
    heading: "The cluster changed since you applied this text; Apply would change it back:",
    replicas: "{object} runs {live} replicas (the editor says {declared})",
    image: "{object} runs {container}={live} (the editor says {declared})",
    take: "Take the cluster's version into the editor",
    take_title: "Write the values the cluster runs into the text; comments and order stay",
};

const JA: DriftText = DriftText {
    heading: "適用したあとでクラスタが変わりました。いま適用すると元に戻ります:",
    replicas: "{object} のレプリカは {live} 個 (エディタでは {declared})",
    image: "{object} は {container}={live} で動いています (エディタでは {declared})",
    take: "クラスタの内容をエディタに取り込む",
    take_title: "クラスタで動いている値をテキストに書き込みます。コメントや順序はそのままです",
};

pub(super) fn notice(drift: &[Drift], on_take: &Callback<()>, lang: Lang) -> Html {
    let t = lang.pick(&EN, &JA);
    html! {
        <div class="sb-drift" role="status" data-testid="drift">
            <p>{ t.heading }</p>
            <ul>
                { for drift.iter().map(|d| {
                    let line = match &d.field {
                        DriftField::Replicas => fill(t.replicas, &[
                            ("object", &d.object), ("live", &d.live), ("declared", &d.declared),
                        ]),
                        DriftField::Image { container } => fill(t.image, &[
                            ("object", &d.object), ("container", container),
                            ("live", &d.live), ("declared", &d.declared),
                        ]),
                    };
                    html! { <li>{ line }</li> }
                }) }
            </ul>
            <button type="button" class="sb-btn" data-testid="take-cluster-version"
                title={t.take_title} onclick={on_take.reform(|_: MouseEvent| ())}>{ t.take }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::tests::placeholders;

    #[test]
    fn japanese_keeps_the_placeholders() {
        assert_eq!(placeholders(EN.replicas), placeholders(JA.replicas));
        assert_eq!(placeholders(EN.image), placeholders(JA.image));
    }
}
