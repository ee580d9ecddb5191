//! Off-the-job training hours: what counts, and how much of it. From 1 August 2025 a standard
//! has a fixed minimum of OTJ hours. Time counts when it is really learning: watching a lesson
//! (never more than the video's length for one watch), answering its check (at most
//! [`MAX_CHECK_SECONDS`]), practice a mentor observed (the sign-off's duration), and training
//! off the platform that the learner logs and a mentor approves. Progress reviews and
//! English/maths do not count, so they are not activities a learner can log.

use serde::{Deserialize, Serialize};

/// The most one check's answering counts for (a check left open on a phone is not learning).
pub const MAX_CHECK_SECONDS: f64 = 600.0;
/// The longest one logged activity may be (a long day).
pub const MAX_LOG_MINUTES: i64 = 720;

/// Training off the platform a learner can log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// Taught sessions: classroom, workshop, webinar.
    Classroom,
    /// Shadowing an experienced jointer.
    Shadowing,
    /// Practical training in a training centre or on a test rig.
    Practical,
    /// Industry visits, manufacturer training days.
    Visit,
    /// Online learning outside Flowline (e.g. a manufacturer's course).
    Online,
}

impl Activity {
    pub const ALL: [Activity; 5] = [
        Activity::Classroom,
        Activity::Shadowing,
        Activity::Practical,
        Activity::Visit,
        Activity::Online,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Activity::Classroom => "classroom",
            Activity::Shadowing => "shadowing",
            Activity::Practical => "practical",
            Activity::Visit => "visit",
            Activity::Online => "online",
        }
    }

    /// As a learner and the ILR export read it.
    pub fn label(self) -> &'static str {
        match self {
            Activity::Classroom => "Classroom or workshop",
            Activity::Shadowing => "Shadowing",
            Activity::Practical => "Practical training",
            Activity::Visit => "Industry visit",
            Activity::Online => "Online learning (outside Flowline)",
        }
    }

    /// Reads a stored or submitted activity; the error says what may be logged and what never
    /// counts.
    pub fn parse(text: &str) -> Result<Activity, String> {
        let t = text.trim().to_ascii_lowercase();
        if let Some(a) = Activity::ALL.iter().find(|a| a.as_str() == t) {
            return Ok(*a);
        }
        let allowed: Vec<&str> = Activity::ALL.iter().map(|a| a.as_str()).collect();
        let never = ["review", "english", "maths", "math", "functional"];
        let why = if never.iter().any(|w| t.contains(w)) {
            "Progress reviews and English or maths do not count as off-the-job training. "
        } else {
            ""
        };
        Err(format!("{why}Choose one of: {}.", allowed.join(", ")))
    }
}

/// Seconds a watch of a lesson counts for: the time spent, never more than the video.
pub fn watched_seconds(spent: f64, video_seconds: i64) -> f64 {
    let spent = if spent.is_finite() {
        spent.max(0.0)
    } else {
        0.0
    };
    match video_seconds {
        v if v > 0 => spent.min(v as f64),
        _ => 0.0,
    }
}

/// Seconds answering a check counts for.
pub fn answering_seconds(spent: f64) -> f64 {
    if spent.is_finite() {
        spent.clamp(0.0, MAX_CHECK_SECONDS)
    } else {
        0.0
    }
}

/// Hours to one decimal place, as the learner, mentor and export show them.
pub fn hours(seconds: f64) -> f64 {
    (seconds / 360.0).round() / 10.0
}

/// How a learner stands against the standard's minimum, e.g. "12.5 of 416 h (3 %)".
pub fn describe(hours: f64, minimum: Option<i64>) -> String {
    match minimum {
        Some(m) if m > 0 => {
            let pct = (hours / m as f64 * 100.0).floor().min(100.0);
            format!("{hours:.1} of {m} h ({pct:.0} %)")
        }
        _ => format!("{hours:.1} h (no minimum set for the standard)"),
    }
}

/// Whether the minimum is met (a standard with no minimum set never reads as met).
pub fn met(hours: f64, minimum: Option<i64>) -> bool {
    minimum.is_some_and(|m| m > 0 && hours >= m as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_counts_no_more_than_the_video_lasts() {
        assert_eq!(watched_seconds(300.0, 75), 75.0);
        assert_eq!(watched_seconds(40.0, 75), 40.0);
        assert_eq!(watched_seconds(-5.0, 75), 0.0);
        assert_eq!(watched_seconds(f64::NAN, 75), 0.0);
        assert_eq!(watched_seconds(40.0, 0), 0.0);
    }

    #[test]
    fn a_check_left_open_counts_ten_minutes_at_most() {
        assert_eq!(answering_seconds(45.0), 45.0);
        assert_eq!(answering_seconds(7_200.0), MAX_CHECK_SECONDS);
        assert_eq!(answering_seconds(f64::INFINITY), 0.0);
    }

    #[test]
    fn hours_read_to_one_decimal() {
        assert_eq!(hours(5_400.0), 1.5);
        assert_eq!(hours(179.0), 0.0);
        assert_eq!(hours(180.0), 0.1);
    }

    #[test]
    fn progress_reviews_and_maths_are_refused_with_the_reason() {
        assert_eq!(Activity::parse(" Classroom "), Ok(Activity::Classroom));
        let err = Activity::parse("progress review").expect_err("refused");
        assert!(err.starts_with("Progress reviews and English or maths do not count"));
        assert!(err.contains("classroom, shadowing, practical, visit, online"));
        let err = Activity::parse("Functional skills maths").expect_err("refused");
        assert!(err.contains("do not count"));
        let err = Activity::parse("karaoke").expect_err("refused");
        assert_eq!(
            err,
            "Choose one of: classroom, shadowing, practical, visit, online."
        );
    }

    #[test]
    fn the_minimum_reads_as_a_share() {
        assert_eq!(describe(12.5, Some(416)), "12.5 of 416 h (3 %)");
        assert_eq!(describe(500.0, Some(416)), "500.0 of 416 h (100 %)");
        assert_eq!(
            describe(2.0, None),
            "2.0 h (no minimum set for the standard)"
        );
        assert!(met(416.0, Some(416)));
        assert!(!met(415.9, Some(416)));
        assert!(!met(1000.0, None));
    }
}
