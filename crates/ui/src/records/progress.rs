//! A learner's progress in one exercise, as a record: the step to resume at and the most steps
//! ever done. Two tabs of one lesson both write it, so a write merges with what is stored now
//! (the most steps done is the larger of the two) instead of replacing it.

use serde::{Deserialize, Serialize};

use super::{read_record, Kind, Refusal, APP, VERSION};

/// Most steps an exercise may have (the `step` mount option's bound too).
pub const STEPS_MAX: usize = 1000;

/// Where one learner is in one exercise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The step a reload resumes at (0-based).
    pub step: usize,
    /// The most steps done, for the lesson list.
    pub best: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    app: String,
    kind: String,
    version: u32,
    step: usize,
    best: usize,
}

impl Progress {
    /// Reads a stored value: a record, or the `"step,best"` written before records existed.
    pub fn read(raw: &str) -> Result<Progress, Refusal> {
        let corrupt = |detail: String| Refusal::Corrupt { detail };
        let progress = match read_record(raw, Kind::Progress)? {
            Some(value) => {
                let wire: Wire =
                    serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))?;
                Progress {
                    step: wire.step,
                    best: wire.best,
                }
            }
            None => Progress::read_version_0(raw)
                .ok_or_else(|| corrupt("not a progress record, nor \"step,best\"".into()))?,
        };
        if progress.step > STEPS_MAX || progress.best > STEPS_MAX {
            return Err(corrupt(format!("a step over {STEPS_MAX}")));
        }
        Ok(progress)
    }

    fn read_version_0(raw: &str) -> Option<Progress> {
        let (a, b) = raw.split_once(',')?;
        Some(Progress {
            step: a.trim().parse().ok()?,
            best: b.trim().parse().ok()?,
        })
    }

    pub fn write(&self) -> String {
        let wire = Wire {
            app: APP.into(),
            kind: Kind::Progress.name().into(),
            version: VERSION,
            step: self.step,
            best: self.best,
        };
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// What to store when this tab reaches `step`, given what is stored now (`None`: nothing).
    /// The step is this tab's; the most steps done is the larger of both, so another tab's
    /// further progress is never taken back. A stored value that cannot be read is left as
    /// it is (`Err`): it may be a newer version's.
    pub fn merge(stored: Option<&str>, step: usize) -> Result<Progress, Refusal> {
        let before = stored.map(Progress::read).transpose()?.unwrap_or_default();
        let step = step.min(STEPS_MAX);
        Ok(Progress {
            step,
            best: before.best.max(step),
        })
    }
}
