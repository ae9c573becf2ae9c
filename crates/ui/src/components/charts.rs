//! Availability (desired vs ready replicas) and traffic (success rate) over the last minutes of
//! virtual time, as small SVG step charts: the impact of a crash is a picture, not a number.

use std::collections::BTreeMap;
use std::rc::Rc;

use sunaba_core::sim::history::AvailabilitySample;
use sunaba_core::sim::traffic::TrafficSample;
use yew::prelude::*;

use crate::strings::{fill, use_strings};

/// The window shown, in virtual milliseconds.
pub const WINDOW_MS: u64 = 5 * 60_000;
const W: f64 = 300.0;
const H: f64 = 64.0;

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub now_ms: u64,
    pub availability: Rc<BTreeMap<String, Vec<AvailabilitySample>>>,
    pub traffic: Rc<BTreeMap<String, Vec<TrafficSample>>>,
}

/// `default/web` → `web`; other namespaces stay visible (`shop/web`).
fn short(key: &str) -> &str {
    key.strip_prefix("default/").unwrap_or(key)
}

fn x_of(t: u64, now: u64) -> f64 {
    let start = now.saturating_sub(WINDOW_MS);
    (t.saturating_sub(start)) as f64 / WINDOW_MS as f64 * W
}

fn y_of(v: f64, max: f64) -> f64 {
    H - 4.0 - v / max.max(1.0) * (H - 10.0)
}

/// A step line through (time, value) points, extended to `now`.
fn step_path(points: &[(u64, f64)], now: u64, max: f64) -> String {
    let start = now.saturating_sub(WINDOW_MS);
    let mut d = String::new();
    let mut last: Option<f64> = None;
    for &(t, v) in points {
        if t < start {
            last = Some(v);
            continue;
        }
        let x = x_of(t, now);
        match last {
            None => d.push_str(&format!("M{x:.1},{:.1}", y_of(v, max))),
            Some(prev) => {
                if d.is_empty() {
                    d.push_str(&format!("M0,{:.1}", y_of(prev, max)));
                }
                d.push_str(&format!(
                    "L{x:.1},{:.1}L{x:.1},{:.1}",
                    y_of(prev, max),
                    y_of(v, max)
                ));
            }
        }
        last = Some(v);
    }
    if let Some(v) = last {
        if d.is_empty() {
            d.push_str(&format!("M0,{:.1}", y_of(v, max)));
        }
        d.push_str(&format!("L{W:.1},{:.1}", y_of(v, max)));
    }
    d
}

#[function_component(Charts)]
pub fn charts(props: &ChartsProps) -> Html {
    let ids = crate::ids::use_ids();
    let s = use_strings();
    let now = props.now_ms;
    if props.availability.is_empty() && props.traffic.is_empty() {
        return html! {};
    }
    let availability = props.availability.iter().take(3).map(|(name, series)| {
        let max = series.iter().map(|p| p.desired.max(p.total)).max().unwrap_or(1) as f64;
        let desired: Vec<(u64, f64)> = series.iter().map(|p| (p.time_ms, f64::from(p.desired))).collect();
        let ready: Vec<(u64, f64)> = series.iter().map(|p| (p.time_ms, f64::from(p.ready))).collect();
        let last = series.last().copied();
        let label = last.map_or(String::new(), |l| fill(s.chart_ready_of, &[("ready", &l.ready.to_string()), ("desired", &l.desired.to_string())]));
        // ECS services are keyed by the task namespace (`ecs:default/NAME`).
        let title = match name.strip_prefix("ecs:default/") {
            Some(service) => fill(s.chart_ecs_availability, &[("name", service)]),
            None => fill(s.chart_availability, &[("name", short(name))]),
        };
        html! {
            <figure class="sb-chart" data-testid="availability-chart" data-deployment={name.clone()}>
                <figcaption><span class="sb-chart-title">{ title.clone() }</span>
                    <span class="sb-chart-now">{ label }</span></figcaption>
                <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img"
                     aria-label={title}>
                    <path class="sb-line-desired" d={step_path(&desired, now, max)} />
                    <path class="sb-line-ready" data-testid="ready-line" d={step_path(&ready, now, max)} />
                </svg>
            </figure>
        }
    });
    let traffic = props.traffic.iter().take(3).map(|(name, series)| {
        let rate: Vec<(u64, f64)> = series
            .iter()
            .map(|p| (p.time_ms, if p.requests == 0 { 100.0 } else { f64::from(p.requests - p.errors) * 100.0 / f64::from(p.requests) }))
            .collect();
        let recent: Vec<&TrafficSample> = series.iter().rev().take(60).collect();
        let req: u64 = recent.iter().map(|p| u64::from(p.requests)).sum();
        let err: u64 = recent.iter().map(|p| u64::from(p.errors)).sum();
        let pct = if req == 0 { 100.0 } else { (req - err) as f64 * 100.0 / req as f64 };
        let latency = recent.first().map_or(0, |p| p.latency_ms);
        html! {
            <figure class={classes!("sb-chart", (err > 0).then_some("has-errors"))} data-testid="traffic-chart" data-service={name.clone()}>
                <figcaption><span class="sb-chart-title">{ fill(s.chart_traffic, &[("name", short(name))]) }</span>
                    <span class="sb-chart-now">{ fill(s.chart_success, &[("pct", &format!("{pct:.1}")), ("ms", &latency.to_string())]) }</span></figcaption>
                <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img"
                     aria-label={fill(s.chart_traffic, &[("name", short(name))])}>
                    <path class="sb-line-success" d={step_path(&rate, now, 100.0)} />
                </svg>
            </figure>
        }
    });
    html! {
        <section class="sb-panel sb-charts" aria-labelledby={ids.id("charts-heading")}>
            <div class="sb-panel-head"><h2 id={ids.id("charts-heading")}>{ s.charts_heading }</h2>
                <p class="sb-panel-hint">{ s.charts_hint }</p></div>
            <div class="sb-chart-grid">
                { for availability }
                { for traffic }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_path_holds_values_until_they_change_and_reaches_now() {
        let d = step_path(&[(0, 3.0), (60_000, 2.0), (70_000, 3.0)], 300_000, 3.0);
        assert!(d.starts_with("M0.0,"), "{d}");
        assert!(d.ends_with(&format!("L300.0,{:.1}", y_of(3.0, 3.0))), "{d}");
        assert_eq!(d.matches('L').count(), 5);
        assert_eq!(step_path(&[], 1000, 1.0), "");
    }
}
