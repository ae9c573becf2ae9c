//! One dot travelling along one arrow of the diagram. Its path and start are numbers the
//! diagram computes, so they are written through the CSSOM (`crate::cssom`): a `style`
//! attribute would need the CSP's `'unsafe-inline'`. The animation itself is `.sb-hiw-pulse`
//! in www/style.css, reading `--x0`, `--y0`, `--x1`, `--y1`.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DotProps {
    /// The arrow's ends, in the diagram's coordinates.
    pub from_xy: (f32, f32),
    pub to_xy: (f32, f32),
    /// Seconds before it sets off.
    pub delay_s: f32,
    /// Where the label sits beside the dot: its x and y offsets and `text-anchor`.
    pub label_dx: f32,
    pub label_dy: f32,
    pub anchor: &'static str,
    pub data_key: String,
    pub from: &'static str,
    pub to: &'static str,
    pub label: String,
}

#[function_component(Dot)]
pub fn dot(props: &DotProps) -> Html {
    let g = use_node_ref();
    let ((x0, y0), (x1, y1)) = (props.from_xy, props.to_xy);
    crate::cssom::use_style_values(
        g.clone(),
        vec![
            ("--x0", format!("{x0}px")),
            ("--y0", format!("{y0}px")),
            ("--x1", format!("{x1}px")),
            ("--y1", format!("{y1}px")),
            ("animation-delay", format!("{:.2}s", props.delay_s)),
        ],
    );
    html! {
        <g ref={g} class="sb-hiw-pulse" data-testid="hiw-pulse" data-key={props.data_key.clone()}
            data-from={props.from} data-to={props.to} data-reason={props.label.clone()}>
            <circle r="5" />
            <text x={props.label_dx.to_string()} y={props.label_dy.to_string()} text-anchor={props.anchor}>{ &props.label }</text>
        </g>
    }
}
