//! The drawing both paths share: the boxes ([`Part`]) with their names and what each does,
//! and a [`Diagram`] — where a path's boxes stand and which arrows join them. Each path's own
//! layout and routes live beside it (`kubernetes.rs`, `ecs.rs`); nothing here knows events.

use super::text::HowText;
use super::Path;

/// A box of a diagram. `You` is on both; the others belong to one path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    You,
    // Kubernetes.
    Api,
    Scheduler,
    Controllers,
    Kubelet,
    Runtime,
    Registry,
    // Amazon ECS.
    EcsApi,
    ServiceScheduler,
    Agent,
    Docker,
    Ecr,
    /// Elastic Load Balancing: a load balancer with its target groups.
    LoadBalancer,
}

impl Part {
    /// Stable id for `data-*` attributes and tests.
    pub fn id(self) -> &'static str {
        match self {
            Part::You => "you",
            Part::Api => "api",
            Part::Scheduler => "scheduler",
            Part::Controllers => "controllers",
            Part::Kubelet => "kubelet",
            Part::Runtime => "runtime",
            Part::Registry => "registry",
            Part::EcsApi => "ecs-api",
            Part::ServiceScheduler => "service-scheduler",
            Part::Agent => "ecs-agent",
            Part::Docker => "docker",
            Part::Ecr => "ecr",
            Part::LoadBalancer => "elb",
        }
    }

    /// The box's name: component and product names stay as they are in every language.
    pub fn name(self, t: &HowText) -> &'static str {
        match self {
            Part::You => t.you,
            Part::Api => "kube-apiserver",
            Part::Scheduler => "kube-scheduler",
            Part::Controllers => "controller-manager",
            Part::Kubelet => "kubelet",
            Part::Runtime => t.runtime,
            Part::Registry => t.registry,
            Part::EcsApi => "ECS API",
            Part::ServiceScheduler => t.service_scheduler,
            Part::Agent => t.ecs_agent,
            Part::Docker => "Docker",
            Part::Ecr => "Amazon ECR",
            Part::LoadBalancer => "ELB",
        }
    }

    /// What the box does, in a few words (you run `kubectl` on one path, `aws ecs` on the
    /// other).
    pub fn explain(self, path: Path, t: &HowText) -> &'static str {
        match self {
            Part::You => match path {
                Path::Kubernetes => t.you_explain,
                Path::Ecs => t.ecs_you_explain,
            },
            Part::Api => t.api_explain,
            Part::Scheduler => t.scheduler_explain,
            Part::Controllers => t.controllers_explain,
            Part::Kubelet => t.kubelet_explain,
            Part::Runtime => t.runtime_explain,
            Part::Registry => t.registry_explain,
            Part::EcsApi => t.ecs_api_explain,
            Part::ServiceScheduler => t.service_scheduler_explain,
            Part::Agent => t.ecs_agent_explain,
            Part::Docker => t.docker_explain,
            Part::Ecr => t.ecr_explain,
            Part::LoadBalancer => t.elb_explain,
        }
    }
}

/// Both diagrams share one viewBox, so the panel keeps its size when the path changes.
pub const VIEW_W: f32 = 300.0;
pub const VIEW_H: f32 = 342.0;

/// A point in the diagram's viewBox.
pub type Point = (f32, f32);

/// A box's place: x, y, width, height in the viewBox.
pub type Rect = (f32, f32, f32, f32);

/// An arrow: two boxes and where the line touches each.
pub type Edge = (Part, Point, Part, Point);

/// One path's drawing.
pub struct Diagram {
    pub boxes: &'static [(Part, Rect)],
    pub edges: &'static [Edge],
}

impl Diagram {
    /// The line from `from` to `to`, if the diagram has that arrow (either direction).
    pub fn hop_line(&self, from: Part, to: Part) -> Option<(Point, Point)> {
        self.edges.iter().find_map(|&(a, pa, b, pb)| {
            if (a, b) == (from, to) {
                Some((pa, pb))
            } else if (a, b) == (to, from) {
                Some((pb, pa))
            } else {
                None
            }
        })
    }

    pub fn has(&self, part: Part) -> bool {
        self.boxes.iter().any(|&(p, _)| p == part)
    }

    /// Whether `parts` can be drawn here: each box on the diagram and each consecutive pair
    /// joined by an arrow.
    pub fn can_draw(&self, parts: &[Part]) -> bool {
        parts.iter().all(|&p| self.has(p))
            && parts
                .windows(2)
                .all(|w| self.hop_line(w[0], w[1]).is_some())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Every box inside the viewBox, no two overlapping, and every arrow's ends on the border
    /// of the boxes it joins.
    pub fn assert_well_drawn(d: &Diagram) {
        let rect = |part: Part| {
            d.boxes
                .iter()
                .find(|&&(p, _)| p == part)
                .map(|&(_, r)| r)
                .unwrap_or_else(|| panic!("{part:?} has an arrow but no box"))
        };
        for &(part, (x, y, w, h)) in d.boxes {
            assert!(
                x >= 0.0 && y >= 0.0 && x + w <= VIEW_W && y + h <= VIEW_H,
                "{part:?} leaves the viewBox"
            );
            for &(other, (x2, y2, w2, h2)) in d.boxes {
                let apart = x + w <= x2 || x2 + w2 <= x || y + h <= y2 || y2 + h2 <= y;
                assert!(other == part || apart, "{part:?} overlaps {other:?}");
            }
        }
        let on_border = |(px, py): Point, (x, y, w, h): Rect| {
            let inside_x = px >= x && px <= x + w;
            let inside_y = py >= y && py <= y + h;
            (inside_x && (py == y || py == y + h)) || (inside_y && (px == x || px == x + w))
        };
        for &(a, pa, b, pb) in d.edges {
            assert!(on_border(pa, rect(a)), "arrow {a:?}–{b:?} starts off {a:?}");
            assert!(on_border(pb, rect(b)), "arrow {a:?}–{b:?} ends off {b:?}");
        }
    }
}
