//! Overall mastery over time as an SVG line, with the 40 % and 80 % band lines: from the
//! learner's first day (a point a week) to today (a point a day for the last weeks).

use flowline_core::model::HistoryPoint;
use leptos::prelude::*;

const W: f64 = 340.0;
const H: f64 = 150.0;
const PAD_L: f64 = 28.0;
const PAD_B: f64 = 20.0;

/// Where a day falls: days since the first point, over the whole span (points are daily for
/// the last weeks and weekly before, so position is by date, not by index).
fn x(day: i64, span: i64) -> f64 {
    PAD_L + (W - PAD_L - 6.0) * day as f64 / span.max(1) as f64
}

fn date(p: &HistoryPoint) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(&p.date, "%Y-%m-%d").ok()
}

fn y(m: f64) -> f64 {
    8.0 + (H - PAD_B - 8.0) * (1.0 - m.clamp(0.0, 100.0) / 100.0)
}

#[component]
pub fn MasteryChart(history: Vec<HistoryPoint>) -> impl IntoView {
    let start = history.first().and_then(date);
    let offset = |p: &HistoryPoint| match (start, date(p)) {
        (Some(s), Some(d)) => (d - s).num_days(),
        _ => 0,
    };
    let span = history.last().map_or(1, offset);
    let line: Vec<String> = history
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(offset(p), span), y(p.mastery)))
        .collect();
    let area = format!(
        "M{:.1},{:.1} L{} L{:.1},{:.1} Z",
        x(0, span),
        y(0.0),
        line.join(" L"),
        x(span, span),
        y(0.0)
    );
    let first = start
        .map(|d| {
            d.format(if span > 300 { "%b %Y" } else { "%-d %b" })
                .to_string()
        })
        .unwrap_or_default();
    let last = history.last().map(|p| p.mastery).unwrap_or(0.0);
    let summary = format!(
        "Overall mastery over the last {} days, from {} % to {} %.",
        span + 1,
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
            {history.iter().filter(|p| p.active).map(|p| view! {
                <circle class="chart-dot" cx=x(offset(p), span) cy=y(p.mastery) r="2.6" />
            }).collect_view()}
            <text class="axis" x=PAD_L y=H - 4.0>{first}</text>
            <text class="axis" x=W - 6.0 y=H - 4.0 text-anchor="end">"today"</text>
        </svg>
    }
}
