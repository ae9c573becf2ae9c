//! Target groups deleted after the service that used them: an environment's delete forces its
//! service down, and its target group cannot go while that service drains (ELB refuses:
//! ResourceInUse). It waits here and goes once only INACTIVE services name it — what
//! `aws ecs wait services-inactive && aws elbv2 delete-target-group` does.

use super::{EcsEngine, EcsState};

impl EcsState {
    /// Deletes the target group now if nothing uses it, else once its services are INACTIVE
    /// and no listener forwards to it. Returns whether it is gone now.
    pub fn delete_target_group_when_released(&mut self, arn: &str) -> bool {
        if self.target_group_released(arn) {
            return self.elb.delete_target_group(arn).is_ok();
        }
        if !self.target_groups_to_delete.iter().any(|a| a == arn) {
            // Bounded: each entry is an existing target group (at most TARGET_GROUPS_MAX).
            self.target_groups_to_delete.push(arn.to_string());
        }
        false
    }

    fn target_group_released(&self, arn: &str) -> bool {
        !self.services_using_target_group(arn) && !self.elb.in_use(arn)
    }
}

impl EcsEngine<'_> {
    /// Deletes the waiting target groups whose services have become INACTIVE (and forgets
    /// any deleted by hand meanwhile). Returns whether one went.
    pub(crate) fn delete_released_target_groups(&mut self) -> bool {
        if self.state.target_groups_to_delete.is_empty() {
            return false;
        }
        let waiting = std::mem::take(&mut self.state.target_groups_to_delete);
        let mut deleted = false;
        for arn in waiting {
            if !self.state.elb.target_groups.contains_key(&arn) {
                continue;
            }
            if self.state.target_group_released(&arn) {
                deleted |= self.state.elb.delete_target_group(&arn).is_ok();
            } else {
                self.state.target_groups_to_delete.push(arn);
            }
        }
        deleted
    }
}
