//! What must hold of Jobs and CronJobs after every settle (checked with the rest of
//! [`super::invariants`]): an unfinished Job runs no more pods than `parallelism`; a finished
//! one runs none; a CronJob's active Jobs exist and have not finished.

use crate::sim::store::PodPhase;
use crate::world::World;

impl World {
    pub(crate) fn check_jobs(&self) -> Result<(), String> {
        let store = &self.k.store;
        for (key, job) in store.jobs.iter() {
            let active = store
                .pods_of(&key.0, &key.1)
                .iter()
                .map(|id| &store.pods[id])
                .filter(|p| {
                    p.meta.owner.as_ref().is_some_and(|o| o.uid == job.meta.uid)
                        && p.meta.deletion_ms.is_none()
                        && !matches!(p.status.phase, PodPhase::Succeeded | PodPhase::Failed)
                })
                .count() as u32;
            if job.status.finished() && active > 0 {
                return Err(format!(
                    "job {} finished but still runs {active} pod(s)",
                    key.1
                ));
            }
            if active > job.spec.parallelism {
                return Err(format!(
                    "job {} runs {active} pods, more than its parallelism {}",
                    key.1, job.spec.parallelism
                ));
            }
        }
        for (key, cj) in store.cronjobs.iter() {
            for name in &cj.status.active {
                let job = store.jobs.get(&(key.0.clone(), name.clone()));
                if job.is_none_or(|j| j.status.finished()) {
                    return Err(format!(
                        "cronjob {} lists {name} as active, which is missing or finished",
                        key.1
                    ));
                }
            }
        }
        Ok(())
    }
}
