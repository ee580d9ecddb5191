//! Overall mastery over time as an SVG line, with the 40 % and 80 % band lines.

use flowline_core::model::HistoryPoint;
use leptos::prelude::*;

const W: f64 = 340.0;
const H: f64 = 150.0;
const PAD_L: f64 = 28.0;
const PAD_B: f64 = 20.0;

fn x(i: usize, n: usize) -> f64 {
    PAD_L + (W - PAD_L - 6.0) * i as f64 / (n.max(2) - 1) as f64
}

fn y(m: f64) -> f64 {
    8.0 + (H - PAD_B - 8.0) * (1.0 - m.clamp(0.0, 100.0) / 100.0)
}

#[component]
pub fn MasteryChart(history: Vec<HistoryPoint>) -> impl IntoView {
    let n = history.len();
    let line: Vec<String> = history
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i, n), y(p.mastery)))
        .collect();
    let area = format!(
        "M{:.1},{:.1} L{} L{:.1},{:.1} Z",
        x(0, n),
        y(0.0),
        line.join(" L"),
        x(n.saturating_sub(1), n),
        y(0.0)
    );
    let first = history
        .first()
        .and_then(|p| chrono::NaiveDate::parse_from_str(&p.date, "%Y-%m-%d").ok())
        .map(|d| d.format("%-d %b").to_string())
        .unwrap_or_default();
    let last = history.last().map(|p| p.mastery).unwrap_or(0.0);
    let summary = format!(
        "Overall mastery over the last {n} days, from {} % to {} %.",
        history.first().map_or(0.0, |p| p.mastery).round(),
        last.round()
    );
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=summary>
            {[0.0, 40.0, 80.0, 100.0].into_iter().map(|m| view! {
                <line class=if m == 80.0 { "grid grid-goal" } else { "grid" } x1=PAD_L x2=W - 6.0 y1=y(m) y2=y(m) />
                <text class="axis" x=PAD_L - 6.0 y=y(m) + 4.0 text-anchor="end">{format!("{m}")}</text>
            }).collect_view()}
            <path class="chart-area" d=area />
            <polyline class="chart-line" points=line.join(" ") />
            {history.iter().enumerate().filter(|(_, p)| p.active).map(|(i, p)| view! {
                <circle class="chart-dot" cx=x(i, n) cy=y(p.mastery) r="2.6" />
            }).collect_view()}
            <text class="axis" x=PAD_L y=H - 4.0>{first}</text>
            <text class="axis" x=W - 6.0 y=H - 4.0 text-anchor="end">"today"</text>
        </svg>
    }
}
