//! Times as a mentor reads them, in the learner's own time zone.

/// "active today", "active yesterday", "active 4 days ago"; "no activity yet".
pub fn days_ago(days: Option<u32>) -> String {
    match days {
        None => "no activity yet".into(),
        Some(0) => "active today".into(),
        Some(1) => "active yesterday".into(),
        Some(n) => format!("active {n} days ago"),
    }
}

/// "22 Nov, 10:42" in `timezone` (UTC when the zone is unknown).
pub fn local(rfc3339: &str, timezone: &str) -> String {
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_owned();
    };
    match flowline_core::domain::Zone::parse(timezone) {
        Some(tz) => at.with_timezone(&tz).format("%-d %b, %H:%M").to_string(),
        None => at.format("%-d %b, %H:%M UTC").to_string(),
    }
}

/// "12 January 2027" from an ISO date.
pub fn long_date(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| iso.to_owned())
}

/// "+1.2" / "-0.4" / "0.0".
pub fn signed(v: f64) -> String {
    if v > 0.0 {
        format!("+{v:.1}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_the_learners_zone() {
        assert_eq!(
            local("2026-07-01T09:05:00Z", "Europe/London"),
            "1 Jul, 10:05"
        );
        assert_eq!(
            local("2026-07-01T09:05:00Z", "Mars/Base"),
            "1 Jul, 09:05 UTC"
        );
        assert_eq!(days_ago(Some(1)), "active yesterday");
        assert_eq!(days_ago(None), "no activity yet");
        assert_eq!(signed(1.25), "+1.2");
    }
}
