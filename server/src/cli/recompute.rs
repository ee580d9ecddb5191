//! `flowline recompute`: rebuild competency and streaks from the interaction log.

use super::CliError;
use crate::config::Settings;
use crate::startup;
use services::learning::recompute::recompute;

pub async fn run(settings: &Settings, check: bool) -> Result<(), CliError> {
    let db = startup::open_db(settings).await?;
    let report = recompute(&db, !check, services::now_ms()).await?;
    for d in &report.differences {
        println!("  differs: {d}");
    }
    println!(
        "{} learner(s) replayed{}; {} difference(s){}.",
        report.learners,
        if report.skipped > 0 {
            format!(" ({} not in a cohort, left alone)", report.skipped)
        } else {
            String::new()
        },
        report.differences.len(),
        match (check, report.differences.is_empty()) {
            (_, true) => "",
            (true, false) => " (nothing written: --check)",
            (false, false) => " (stored state replaced by the replay)",
        }
    );
    if check && !report.differences.is_empty() {
        return Err(CliError::Usage(
            "stored competency differs from the log".into(),
        ));
    }
    Ok(())
}
