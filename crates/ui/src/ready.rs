//! Whether a mounted playground takes commands yet, and who waits for it (the JS API's
//! `playground.ready`).
//!
//! A playground mounted with an exercise fetches it first; until it has opened, the session is
//! an empty stand-in that the exercise's own world replaces. A command run in it then would be
//! lost without a word, so while the exercise loads the playground refuses changes with
//! [`LOADING`] and a host awaits `ready` instead.

use std::cell::RefCell;

/// What a change made while the exercise loads answers.
pub const LOADING: &str =
    "sunaba: the exercise is still loading; await playground.ready, then run commands";

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Loading,
    Open,
    /// The exercise could not be opened (the playground shows why).
    Failed(String),
}

type Waiter = Box<dyn FnOnce(Result<(), String>)>;

/// One playground's readiness.
pub struct Ready {
    state: RefCell<State>,
    waiting: RefCell<Vec<Waiter>>,
}

impl Ready {
    /// Ready at once (no exercise to fetch).
    pub fn open() -> Self {
        Ready {
            state: RefCell::new(State::Open),
            waiting: RefCell::new(Vec::new()),
        }
    }

    /// Waiting for its exercise.
    pub fn loading() -> Self {
        Ready {
            state: RefCell::new(State::Loading),
            ..Ready::open()
        }
    }

    pub fn is_loading(&self) -> bool {
        *self.state.borrow() == State::Loading
    }

    /// The exercise has opened (`Ok`) or could not be (`Err(why)`); everyone waiting hears it.
    /// Only the first call counts.
    pub fn settle(&self, outcome: Result<(), String>) {
        if !self.is_loading() {
            return;
        }
        *self.state.borrow_mut() = match &outcome {
            Ok(()) => State::Open,
            Err(why) => State::Failed(why.clone()),
        };
        let waiting = std::mem::take(&mut *self.waiting.borrow_mut());
        for waiter in waiting {
            waiter(outcome.clone());
        }
    }

    /// Calls `waiter` once the playground is ready (now, if it is).
    pub fn when_settled(&self, waiter: Waiter) {
        let state = self.state.borrow().clone();
        match state {
            State::Loading => self.waiting.borrow_mut().push(waiter),
            State::Open => waiter(Ok(())),
            State::Failed(why) => waiter(Err(why)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;

    type Heard = Rc<RefCell<Vec<Result<(), String>>>>;

    fn recorder() -> (Heard, impl Fn() -> Waiter) {
        let heard = Rc::new(RefCell::new(Vec::new()));
        let h = heard.clone();
        (heard, move || {
            let h = h.clone();
            Box::new(move |outcome| h.borrow_mut().push(outcome)) as Waiter
        })
    }

    #[test]
    fn an_open_playground_answers_at_once() {
        let ready = Ready::open();
        let (heard, waiter) = recorder();
        ready.when_settled(waiter());
        assert_eq!(*heard.borrow(), vec![Ok(())]);
        assert!(!ready.is_loading());
    }

    #[test]
    fn waiters_hear_the_outcome_once_and_later_ones_at_once() {
        let ready = Ready::loading();
        let (heard, waiter) = recorder();
        ready.when_settled(waiter());
        ready.when_settled(waiter());
        assert!(heard.borrow().is_empty());
        assert!(ready.is_loading());
        ready.settle(Err("404".into()));
        ready.settle(Ok(()));
        ready.when_settled(waiter());
        assert_eq!(
            *heard.borrow(),
            vec![Err("404".into()), Err("404".into()), Err("404".into())]
        );
    }
}
