//! CloudWatch Logs as ECS tasks fill it: the log groups this cluster's account has made
//! (`aws logs create-log-group`, or a task whose `awslogs-create-group` is `true`), and the
//! streams of the tasks whose containers use the `awslogs` driver, named
//! `PREFIX/CONTAINER/TASK_ID` and read from the containers' output. Kept with the ECS state
//! of the cluster, as the rest of ECS is.

use super::task::EcsTask;
use super::EcsState;
use crate::input::model::Millis;
use crate::sim::store::Store;

/// Most log groups one cluster keeps.
pub const LOG_GROUPS_MAX: usize = 500;

/// One stream: a container of a task that logs with `awslogs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogStream {
    pub group: String,
    pub name: String,
    pub created_ms: Millis,
    pub task_id: String,
    pub container: String,
}

/// `awslogs` options of a container: (group, stream prefix, create the group).
fn awslogs(options: &[(String, String)]) -> Option<(&str, Option<&str>, bool)> {
    let get = |k: &str| {
        options
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    Some((
        get("awslogs-group")?,
        get("awslogs-stream-prefix"),
        get("awslogs-create-group") == Some("true"),
    ))
}

impl EcsState {
    /// The log groups: made by hand, or by a task allowed to make its own.
    pub fn log_groups(&self) -> Vec<(String, Millis)> {
        let mut out: Vec<(String, Millis)> = self
            .log_groups
            .iter()
            .map(|(n, at)| (n.clone(), *at))
            .collect();
        for t in self.tasks.values() {
            for (_, group, _, create, at) in self.task_streams(t) {
                if create && !out.iter().any(|(n, _)| *n == group) {
                    out.push((group, at));
                }
            }
        }
        crate::base::sort::sort(&mut out);
        out
    }

    /// Makes a group; false when it exists already.
    pub(crate) fn create_log_group(&mut self, name: &str, now: Millis) -> bool {
        if self.log_groups().iter().any(|(n, _)| n == name) {
            return false;
        }
        self.log_groups.insert(name.to_string(), now);
        true
    }

    /// Deletes a group made by hand; false when there is none.
    pub(crate) fn delete_log_group(&mut self, name: &str) -> bool {
        self.log_groups.remove(name).is_some()
    }

    /// (container, group, stream, may create the group, since) for each container of `t`
    /// that logs with awslogs.
    fn task_streams(&self, t: &EcsTask) -> Vec<(String, String, String, bool, Millis)> {
        let Ok(r) = self.find_task_definition(&format!("{}:{}", t.family, t.revision), "") else {
            return Vec::new();
        };
        let Some(started) = t.started_ms else {
            return Vec::new();
        };
        r.definition
            .containers
            .iter()
            .filter(|c| c.log_driver.as_deref() == Some("awslogs"))
            .filter_map(|c| {
                let (group, prefix, create) = awslogs(&c.log_options)?;
                let stream = match prefix {
                    Some(p) => format!("{p}/{}/{}", c.name, t.id),
                    None => format!("{}/{}", c.name, t.id),
                };
                Some((c.name.clone(), group.to_string(), stream, create, started))
            })
            .collect()
    }

    /// The streams of `group` whose group exists, in creation order.
    pub fn log_streams(&self, group: &str) -> Vec<LogStream> {
        let mut tasks: Vec<&EcsTask> = self.tasks.values().collect();
        crate::base::sort::sort_by_key(&mut tasks, |t| t.seq);
        tasks
            .into_iter()
            .flat_map(|t| {
                self.task_streams(t)
                    .into_iter()
                    .filter(|(_, g, ..)| g == group)
                    .map(move |(container, g, name, _, at)| LogStream {
                        group: g,
                        name,
                        created_ms: at,
                        task_id: t.id.clone(),
                        container,
                    })
            })
            .collect()
    }

    /// What a stream's container printed, while its task's pod is there.
    pub fn log_lines(&self, store: &Store, s: &LogStream) -> Vec<String> {
        let Some(t) = self.tasks.get(&s.task_id) else {
            return Vec::new();
        };
        let Some(pod) = store.pods.get(&t.pod) else {
            return Vec::new();
        };
        pod.spec
            .containers
            .iter()
            .position(|c| c.name == s.container)
            .and_then(|i| pod.status.containers.get(i))
            .map(|st| st.logs.clone())
            .unwrap_or_default()
    }
}
