//! `flowline evidence verify|anchor`: the tamper-evident trail from the command line.

use super::CliError;
use crate::config::Settings;
use crate::startup;
use services::evidence::{anchor, trail::verify, trail::VerifyReport};

/// Verifies the chains and prints what it found; broken chains are an error (exit 1).
pub async fn verify_cmd(
    settings: &Settings,
    learner: Option<&str>,
) -> Result<VerifyReport, CliError> {
    let db = startup::open_db(settings).await?;
    let report = verify(&db, learner).await?;
    for b in &report.broken {
        println!("  BROKEN {b}");
    }
    println!(
        "{} chain(s), {} link(s), {} anchor(s): {}",
        report.chains,
        report.records,
        report.anchors,
        if report.ok {
            "the evidence trail verifies".to_owned()
        } else {
            format!("{} chain(s) broken", report.broken.len())
        }
    );
    if report.ok {
        Ok(report)
    } else {
        Err(CliError::Usage("the evidence trail does not verify".into()))
    }
}

/// Anchors every chain's head now.
pub async fn anchor_cmd(settings: &Settings) -> Result<(), CliError> {
    let db = startup::open_db(settings).await?;
    match anchor::anchor(&db, services::now_ms()).await? {
        Some(a) => println!("Anchor {} over every chain's head: {}", a.seq, a.hash),
        None => println!("Nothing moved since the last anchor."),
    }
    Ok(())
}
