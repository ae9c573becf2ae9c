//! The awsvpc network mode: each task gets an elastic network interface in one of the subnets
//! its `networkConfiguration` names. ECS's rules for it: awsvpc needs a network configuration,
//! other modes refuse one, the ids must be well formed. Sunaba has no VPCs: any well-formed
//! `subnet-…` and `sg-…` id counts as one of the account's default VPC; the interface's id,
//! MAC and private address are made from the task id, so they are the same on every run.

use super::task::EcsTask;
use super::{aws_error, EcsState};
use crate::base::command::CommandError;
use crate::input::definitions::ecs::NetworkMode;

/// Most subnets or security groups in one configuration (the API's limits: 16 and 5).
pub const SUBNETS_MAX: usize = 16;
pub const SECURITY_GROUPS_MAX: usize = 5;

/// `networkConfiguration.awsvpcConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsvpcConfig {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub assign_public_ip: bool,
}

/// A task's interface, as `describe-tasks` → `attachments[].details` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eni {
    pub attachment_id: String,
    pub subnet_id: String,
    pub network_interface_id: String,
    pub mac_address: String,
    pub private_ipv4: String,
    pub private_dns_name: String,
}

/// `subnet-` or `sg-` and 8 or 17 lowercase hex digits.
fn well_formed(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// ECS's checks of a task definition's network mode against the configuration given with it
/// (RunTask, CreateService).
pub(crate) fn check_network(
    mode: NetworkMode,
    config: Option<&AwsvpcConfig>,
    op: &str,
) -> Result<(), CommandError> {
    let invalid = |m: String| aws_error("InvalidParameterException", op, m);
    match (mode, config) {
        (NetworkMode::Awsvpc, None) => Err(invalid(
            "Network Configuration must be provided when networkMode 'awsvpc' is specified.".into(),
        )),
        (NetworkMode::Awsvpc, Some(c)) => {
            if c.subnets.is_empty() {
                return Err(invalid("subnets can not be empty.".into()));
            }
            if c.subnets.len() > SUBNETS_MAX {
                return Err(invalid(format!(
                    "subnets can have at most {SUBNETS_MAX} items."
                )));
            }
            if c.security_groups.len() > SECURITY_GROUPS_MAX {
                return Err(invalid(format!(
                    "securityGroups can have at most {SECURITY_GROUPS_MAX} items."
                )));
            }
            if let Some(s) = c.subnets.iter().find(|s| !well_formed(s, "subnet-")) {
                return Err(invalid(format!(
                    "Error retrieving subnet information for [{s}]: The subnet ID '{s}' is malformed (ErrorCode: InvalidSubnetID.Malformed)"
                )));
            }
            if let Some(g) = c.security_groups.iter().find(|g| !well_formed(g, "sg-")) {
                return Err(invalid(format!(
                    "Error retrieving security group information for [{g}]: Invalid id: \"{g}\" (expecting \"sg-...\") (ErrorCode: InvalidGroupId.Malformed)"
                )));
            }
            Ok(())
        }
        (_, Some(_)) => Err(invalid(
            "Network Configuration is not valid for the given networkMode of this task definition."
                .into(),
        )),
        (_, None) => Ok(()),
    }
}

impl EcsState {
    /// Remembers the configuration a task or a service (its key) was given.
    pub(crate) fn set_network(&mut self, key: &str, config: AwsvpcConfig) {
        self.networks.insert(key.to_string(), config);
    }

    /// The configuration behind a task: its own (run-task) or its service's.
    pub fn network_of(&self, t: &EcsTask) -> Option<&AwsvpcConfig> {
        self.networks
            .get(&t.id)
            .or_else(|| t.service.as_ref().and_then(|s| self.networks.get(s)))
    }

    /// The configuration a service was created with.
    pub fn service_network(&self, service_key: &str) -> Option<&AwsvpcConfig> {
        self.networks.get(service_key)
    }

    /// The interface of an awsvpc task with a configuration.
    pub fn eni_of(&self, t: &EcsTask) -> Option<Eni> {
        if !t.awsvpc {
            return None;
        }
        let c = self.network_of(t)?;
        let h = crate::base::rng::fnv32a(t.id.as_bytes());
        let g = crate::base::rng::fnv32a(format!("eni/{}", t.id).as_bytes());
        let subnet = &c.subnets[(h as usize) % c.subnets.len().max(1)];
        let (a, b) = ((h >> 8) as u8, h as u8);
        let ip = format!("172.31.{}.{}", a, b.clamp(4, 254));
        Some(Eni {
            attachment_id: format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:08x}{:04x}",
                g,
                h >> 16,
                h & 0xfff,
                g & 0xfff,
                h,
                g >> 16
            ),
            subnet_id: subnet.clone(),
            network_interface_id: format!("eni-0{:08x}{:08x}", g, h)[..21].to_string(),
            mac_address: format!(
                "0a:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                (g >> 24) as u8,
                (g >> 16) as u8,
                (g >> 8) as u8,
                a,
                b
            ),
            private_dns_name: format!("ip-172-31-{}-{}.ec2.internal", a, b.clamp(4, 254)),
            private_ipv4: ip,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(subnets: &[&str], groups: &[&str]) -> AwsvpcConfig {
        AwsvpcConfig {
            subnets: subnets.iter().map(|s| s.to_string()).collect(),
            security_groups: groups.iter().map(|s| s.to_string()).collect(),
            assign_public_ip: false,
        }
    }

    #[test]
    fn ecs_refuses_what_does_not_fit_the_network_mode() {
        let ok = cfg(&["subnet-abcd1234"], &["sg-abcd1234"]);
        assert!(check_network(NetworkMode::Awsvpc, Some(&ok), "RunTask").is_ok());
        assert!(check_network(NetworkMode::Bridge, None, "RunTask").is_ok());
        let e = check_network(NetworkMode::Awsvpc, None, "RunTask").unwrap_err();
        assert!(
            e.message.ends_with(
                "Network Configuration must be provided when networkMode 'awsvpc' is specified."
            ),
            "{}",
            e.message
        );
        let e = check_network(NetworkMode::Bridge, Some(&ok), "RunTask").unwrap_err();
        assert!(
            e.message.contains("is not valid for the given networkMode"),
            "{}",
            e.message
        );
        let e = check_network(
            NetworkMode::Awsvpc,
            Some(&cfg(&["subnet-xyz"], &[])),
            "RunTask",
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("The subnet ID 'subnet-xyz' is malformed"),
            "{}",
            e.message
        );
        let e = check_network(
            NetworkMode::Awsvpc,
            Some(&cfg(&["subnet-0123456789abcdef0"], &["web"])),
            "RunTask",
        )
        .unwrap_err();
        assert!(e.message.contains("Invalid id: \"web\""), "{}", e.message);
        let e = check_network(NetworkMode::Awsvpc, Some(&cfg(&[], &[])), "RunTask").unwrap_err();
        assert!(
            e.message.ends_with("subnets can not be empty."),
            "{}",
            e.message
        );
    }
}
