//! Element ids unique to one mounted playground. A page may hold several playgrounds, and an
//! id — with every `aria-labelledby`, `aria-controls` and `aria-describedby` naming one — must
//! name exactly one element in the document. The app gives each instance a prefix (`sb-1-`,
//! `sb-2-`, …) as a context; components make their ids with [`use_ids`].

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

thread_local! {
    static NEXT_INSTANCE: Cell<u32> = const { Cell::new(1) };
}

/// One playground's id maker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ids {
    prefix: Rc<str>,
}

impl Ids {
    /// A prefix no other playground on this page has.
    pub fn next_instance() -> Ids {
        let n = NEXT_INSTANCE.with(|c| {
            let n = c.get();
            c.set(n.wrapping_add(1));
            n
        });
        Ids {
            prefix: Rc::from(format!("sb-{n}-")),
        }
    }

    /// Numbers the next playground 1 again: each page rendered at build time starts as the
    /// browser's page will (its first playground is `sb-1-`), whatever was rendered before it.
    pub fn restart() {
        NEXT_INSTANCE.with(|c| c.set(1));
    }

    /// This playground's id for `name` (`heading` → `sb-3-heading`).
    pub fn id(&self, name: &str) -> AttrValue {
        AttrValue::from(format!("{}{name}", self.prefix))
    }
}

impl Default for Ids {
    /// Outside an app (a component drawn alone): ids without an instance number.
    fn default() -> Ids {
        Ids {
            prefix: Rc::from("sb-"),
        }
    }
}

/// The ids of the playground this component is in.
#[hook]
pub fn use_ids() -> Ids {
    use_context::<Ids>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_instance_gets_its_own_prefix() {
        let (a, b) = (Ids::next_instance(), Ids::next_instance());
        assert_ne!(a.id("events-heading"), b.id("events-heading"));
        assert!(a.id("x").starts_with("sb-") && a.id("x").ends_with("-x"));
    }
}
