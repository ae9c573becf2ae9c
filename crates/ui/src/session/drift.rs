//! Drift as the session sees it: the editor's text against the cluster, shown only once the
//! cluster changed since the latest Apply (the core's `world::drift` compares), cached by what
//! it was computed from, and "take the cluster's version" into the editor.

use std::rc::Rc;

use sunaba_core::world::drift::Drift;

use super::Session;

/// What drift was last computed from: (events emitted, applied text, editor text).
pub(super) type DriftKey = (u64, Rc<str>, Rc<str>);

impl Session {
    /// Where the cluster no longer runs what the editor declares, once it has changed since
    /// the latest Apply (`kubectl set image`, `scale`, `rollout undo`): an edit not applied
    /// yet is not drift.
    pub fn drift(&self) -> Rc<Vec<Drift>> {
        let Some(applied) = self.applied.borrow().clone() else {
            return Rc::new(Vec::new());
        };
        let editor = self.editor.borrow().clone();
        let world = self.world.borrow();
        // The texts are kept in the key (compared by pointer, then by content): a pointer
        // alone could be a freed text's, reused.
        let key = (
            world.active().events_emitted(),
            applied.clone(),
            editor.clone(),
        );
        if let Some((k, d)) = self.drift_cache.borrow().as_ref() {
            let same = |a: &Rc<str>, b: &Rc<str>| Rc::ptr_eq(a, b) || a == b;
            if k.0 == key.0 && same(&k.1, &key.1) && same(&k.2, &key.2) {
                return d.clone();
            }
        }
        let changed = !sunaba_core::world::drift::drift(&world, &applied).is_empty();
        let d = Rc::new(if changed {
            sunaba_core::world::drift::drift(&world, &editor)
        } else {
            Vec::new()
        });
        *self.drift_cache.borrow_mut() = Some((key, d.clone()));
        d
    }

    /// "Take the cluster's version": the editor's text with the values the cluster runs.
    pub(crate) fn take_cluster_version(&self) {
        let text = {
            let world = self.world.borrow();
            sunaba_core::world::drift::take_live(&world, &self.editor.borrow())
        };
        self.set_editor(&text);
        // The editor now says what the cluster runs: that is what is declared.
        *self.applied.borrow_mut() = Some(self.editor.borrow().clone());
    }
}
