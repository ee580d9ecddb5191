//! The streak calendar: the last five weeks, Monday first, active days filled.

use chrono::{Datelike, NaiveDate};
use flowline_core::model::HistoryPoint;
use leptos::prelude::*;

/// Days shown.
const DAYS: u64 = 35;

#[component]
pub fn StreakCalendar(history: Vec<HistoryPoint>) -> impl IntoView {
    let all: Vec<(NaiveDate, bool)> = history
        .iter()
        .filter_map(|p| {
            Some((
                NaiveDate::parse_from_str(&p.date, "%Y-%m-%d").ok()?,
                p.active,
            ))
        })
        .collect();
    // The daily tail only: the history is weekly before its last five weeks.
    let from = all
        .last()
        .and_then(|d| d.0.checked_sub_days(chrono::Days::new(DAYS - 1)));
    let days: Vec<(NaiveDate, bool)> = all
        .into_iter()
        .filter(|d| from.is_none_or(|f| d.0 >= f))
        .collect();
    let today = days.last().map(|d| d.0);
    // Pad the first week so columns are weekdays.
    let lead = days
        .first()
        .map_or(0, |d| d.0.weekday().num_days_from_monday() as usize);
    let active = days.iter().filter(|d| d.1).count();
    let label = format!("{active} active days in the last {} days", days.len());
    view! {
        <div class="calendar" role="img" aria-label=label>
            {["M", "T", "W", "T", "F", "S", "S"].into_iter().map(|d| view! { <span class="cal-head" aria-hidden="true">{d}</span> }).collect_view()}
            {(0..lead).map(|_| view! { <span class="cal-day cal-pad" aria-hidden="true"></span> }).collect_view()}
            {days.into_iter().map(|(d, on)| {
                let class = format!("cal-day{}{}", if on { " on" } else { "" }, if Some(d) == today { " today" } else { "" });
                view! { <span class=class title=d.format("%a %e %b").to_string() aria-hidden="true">{d.day()}</span> }
            }).collect_view()}
        </div>
    }
}
