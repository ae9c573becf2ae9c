//! The kubeconfig's per-context namespace (`kubectl config set-context --namespace`).

use crate::world::World;

impl World {
    /// The namespace the context names, if it names one.
    pub(crate) fn context_namespace(&self, context: &str) -> Option<&str> {
        self.multi.contexts.get(context)?.namespace.as_deref()
    }

    /// Sets (or, with an empty name, clears) a context's namespace; `false` when there is no
    /// such context.
    pub(crate) fn set_context_namespace(&mut self, context: &str, namespace: &str) -> bool {
        let Some(c) = self.multi.contexts.get_mut(context) else {
            return false;
        };
        c.namespace = (!namespace.is_empty()).then(|| namespace.to_string());
        true
    }
}
