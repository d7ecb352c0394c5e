//! Small SVG charts: horizontal stacked bars (a licence's seats by team) and vertical bars (credits
//! per month). Each is an image with a summary as its name, a `<title>` per bar that says its
//! value, a legend, and colours with at least 3:1 contrast on white; the numbers are also in a
//! data table next to each chart (the callers'), so nothing is only in the picture.

use leptos::prelude::*;

use super::reports_class;

/// Fill colours, each at least 3:1 against white (WCAG 1.4.11) and apart from their neighbours.
/// Twelve, as many as the demo account's teams; more series than that reuse them (the table
/// beside the chart names every one).
pub const PALETTE: [&str; 12] = [
    "#1d4ed8", "#b45309", "#15803d", "#7e22ce", "#be123c", "#0f766e", "#4d7c0f", "#475569", "#a21caf", "#0369a1", "#854d0e", "#1f2937",
];

/// The colour of the n-th series.
pub fn colour(n: usize) -> &'static str {
    PALETTE[n % PALETTE.len()]
}

/// One part of a stacked bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Index of its series (its colour and legend entry).
    pub series: usize,
    pub value: u64,
    /// What a pointer over it says ("Design: 4 seats").
    pub title: String,
}

/// One bar: its label, the length of the full scale it is drawn against (seats bought) and
/// its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct StackedBar {
    pub label: String,
    pub total: u64,
    pub segments: Vec<Segment>,
}

/// Where each segment of a bar starts and how wide it is, in units of `width` for a scale of
/// `max`: `(x, width)`, in order. A bar's parts never pass the scale.
pub fn stack(segments: &[u64], max: u64, width: f64) -> Vec<(f64, f64)> {
    let max = max.max(1) as f64;
    let mut x = 0.0;
    segments
        .iter()
        .map(|v| {
            let w = (*v as f64 / max * width).min(width - x).max(0.0);
            let at = x;
            x += w;
            (at, w)
        })
        .collect()
}

/// Each bar's label sits above it, so long product names have the chart's whole width.
const BAR_W: f64 = 620.0;
const ROW_H: f64 = 46.0;
const LABEL_H: f64 = 18.0;
const BAR_H: f64 = 20.0;

/// Horizontal stacked bars, one per row, on a common scale (the largest `total`).
#[component]
pub fn StackedBarChart(
    /// The bars.
    bars: Vec<StackedBar>,
    /// The legend: each series' name, by index.
    legend: Vec<String>,
    /// The chart's accessible name: what it shows, in a sentence.
    summary: String,
    /// What the outline of a bar (its full scale) says.
    scale_title: Callback<u64, String>,
) -> impl IntoView {
    let class = reports_class();
    let max = bars.iter().map(|b| b.total.max(b.segments.iter().map(|s| s.value).sum())).max().unwrap_or(1);
    let height = bars.len() as f64 * ROW_H + 4.0;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = 2.0 + i as f64 * ROW_H;
            let bar_y = y + LABEL_H + 2.0;
            let values: Vec<u64> = bar.segments.iter().map(|s| s.value).collect();
            let places = stack(&values, max, BAR_W);
            let outline = (bar.total as f64 / max.max(1) as f64 * BAR_W).min(BAR_W);
            let parts = bar
                .segments
                .into_iter()
                .zip(places)
                .filter(|(_, (_, w))| *w > 0.0)
                .map(|(s, (x, w))| {
                    view! { class=class,
                        <rect x=1.0 + x y=bar_y width=w height=BAR_H fill=colour(s.series) stroke="#ffffff" stroke-width="1">
                            <title>{s.title}</title>
                        </rect>
                    }
                })
                .collect_view();
            let label = bar.label;
            view! { class=class,
                <g>
                    <text x="1" y=y + LABEL_H - 4.0 class="chart-label">{label}</text>
                    <rect x="1" y=bar_y width=outline.max(1.0) height=BAR_H fill="none" stroke="#475569" stroke-width="1">
                        <title>{scale_title.run(bar.total)}</title>
                    </rect>
                    {parts}
                </g>
            }
        })
        .collect_view();
    view! { class=class,
        <figure class="chart">
            <svg
                role="img"
                aria-label=summary
                viewBox=format!("0 0 {} {height}", BAR_W + 4.0)
                width="100%"
                preserveAspectRatio="xMinYMin meet"
                class="chart-svg"
            >
                {rows}
            </svg>
            <Legend names=legend />
        </figure>
    }
}

/// The series' colours and names.
#[component]
fn Legend(names: Vec<String>) -> impl IntoView {
    let class = reports_class();
    let items = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            view! { class=class,
                <li>
                    <svg class="swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
                        <rect width="14" height="14" fill=colour(i) />
                    </svg>
                    {name}
                </li>
            }
        })
        .collect_view();
    view! { class=class, <ul class="legend">{items}</ul> }
}

/// One bar of a bar chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Under the bar ("Nov").
    pub label: String,
    pub value: u64,
    /// What a pointer over it says ("November 2026: 1,240 credits").
    pub title: String,
}

const CHART_W: f64 = 640.0;
const CHART_H: f64 = 200.0;
const AXIS_H: f64 = 24.0;
const TOP: f64 = 18.0;

/// Vertical bars on a scale from zero to the largest value, each with its value above it.
#[component]
pub fn BarChart(
    /// The bars, left to right.
    bars: Vec<Bar>,
    /// The chart's accessible name.
    summary: String,
    /// A value as the language writes it.
    format: Callback<u64, String>,
    /// The series' name (the legend).
    legend: String,
) -> impl IntoView {
    let class = reports_class();
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let n = bars.len().max(1) as f64;
    let slot = CHART_W / n;
    let plot = CHART_H - AXIS_H - TOP;
    let items = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let h = bar.value as f64 / max * plot;
            let x = i as f64 * slot + slot * 0.15;
            let w = slot * 0.7;
            let y = TOP + plot - h;
            view! { class=class,
                <g>
                    <rect x=x y=y width=w height=h.max(0.0) fill=colour(0)>
                        <title>{bar.title}</title>
                    </rect>
                    <text x=x + w / 2.0 y=y - 4.0 text-anchor="middle" class="chart-value">{format.run(bar.value)}</text>
                    <text x=x + w / 2.0 y=CHART_H - 6.0 text-anchor="middle" class="chart-label">{bar.label}</text>
                </g>
            }
        })
        .collect_view();
    view! { class=class,
        <figure class="chart">
            <svg role="img" aria-label=summary viewBox=format!("0 0 {CHART_W} {CHART_H}") width="100%" preserveAspectRatio="xMinYMin meet" class="chart-svg">
                <line x1="0" x2=CHART_W y1=TOP + plot y2=TOP + plot stroke="#475569" stroke-width="1" />
                {items}
            </svg>
            <Legend names=vec![legend] />
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacked_parts_follow_each_other_on_the_scale_and_never_pass_it() {
        assert_eq!(stack(&[2, 3], 10, 100.0), vec![(0.0, 20.0), (20.0, 30.0)]);
        assert_eq!(stack(&[], 10, 100.0), vec![]);
        // More than the scale (data changed between the numbers): cut at the end.
        assert_eq!(stack(&[8, 8], 10, 100.0), vec![(0.0, 80.0), (80.0, 20.0)]);
        // A scale of nothing does not divide by zero.
        assert_eq!(stack(&[0], 0, 100.0), vec![(0.0, 0.0)]);
    }

    #[test]
    fn the_palette_has_three_to_one_contrast_on_white() {
        fn luminance(hex: &str) -> f64 {
            let c = |i: usize| {
                let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
                if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
        }
        for c in PALETTE {
            let ratio = 1.05 / (luminance(c) + 0.05);
            assert!(ratio >= 3.0, "{c}: {ratio:.2}");
        }
    }
}
