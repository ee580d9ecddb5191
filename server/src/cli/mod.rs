//! The `flowline` command line: serve (default), migrate, import-standard, admin create,
//! content render.

pub mod content;
pub mod evidence;
pub mod recompute;
pub mod simulate;

use crate::config::Settings;
use crate::startup::{self, StartError};
use clap::{Parser, Subcommand};
use flowline_core::domain::{DisplayName, Email, Role, Timezone};
use services::accounts::{create_account, AccountInput};
use services::standards::StandardSource;
use std::io::BufRead;

#[derive(Debug, Parser)]
#[command(
    name = "flowline",
    version,
    about = "Flowline: micro-learning for apprentices"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Import an official standard JSON file (Skills England API shape).
    ImportStandard {
        /// The JSON file.
        file: std::path::PathBuf,
        /// Check and report without writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Manage accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Rebuild every learner's competency and streak from the interaction log and report
    /// any difference from what was stored.
    Recompute {
        /// Only compare; write nothing (exits non-zero when anything differs).
        #[arg(long)]
        check: bool,
    },
    /// Lesson content.
    Content {
        #[command(subcommand)]
        command: ContentCommand,
    },
    /// Simulated apprentices learn the shipped standard under Flowline's feed, the course in
    /// order and random lessons; prints how soon each gets them ready and whether it holds.
    Simulate(simulate::SimulateArgs),
    /// The FSRS-6 memory model fitted from the standards' own reviews.
    Memory {
        #[command(subcommand)]
        command: MemoryCommand,
    },
    /// The tamper-evident evidence trail.
    Evidence {
        #[command(subcommand)]
        command: EvidenceCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemoryCommand {
    /// Fit now (the server does it daily): every standard, or one; a fit is adopted only when
    /// it predicts held-out learners' reviews better than the default weights.
    Fit {
        /// Only this standard (its reference, e.g. ST1332).
        #[arg(long)]
        standard: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Re-compute every evidence chain from the stored interactions, sign-offs and admin acts
    /// and name the first broken link of each (exits non-zero when any is broken).
    Verify {
        /// Only this learner's chain (their user id).
        #[arg(long)]
        learner: Option<String>,
    },
    /// Anchor every chain's head now (the server also does this hourly).
    Anchor,
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Render lesson scripts to video (cached by content hash in the media directory) and add
    /// the lessons to the database.
    Render {
        /// Every lesson shipped with Flowline (content/lessons).
        #[arg(long)]
        all: bool,
        /// Lesson files (Markdown with TOML front matter, see content/README.md).
        files: Vec<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an admin account. The password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("{0}")]
    App(#[from] flowline_core::error::AppError),
    #[error("{0}")]
    Usage(String),
}

pub async fn memory_fit(settings: &Settings, standard: Option<&str>) -> Result<(), CliError> {
    use services::learning::memory_fit;
    let db = startup::open_db(settings).await?;
    let now = services::now_ms();
    let outcomes = match standard {
        Some(s) => vec![memory_fit::fit(&db, s, now).await?],
        None => memory_fit::fit_all(&db, now).await?,
    };
    for o in outcomes {
        match (&o.skipped, o.log_loss_default, o.log_loss_fitted) {
            (Some(why), _, _) => println!("{}: not fitted: {why}", o.standard),
            (None, Some(before), Some(after)) => println!(
                "{}: fitted on {} reviews; held-out log loss {before:.4} with the defaults, {after:.4} fitted: {}",
                o.standard,
                o.reviews,
                if o.adopted { "adopted" } else { "kept the defaults" }
            ),
            _ => println!("{}: {} reviews", o.standard, o.reviews),
        }
    }
    Ok(())
}

pub async fn migrate(settings: &Settings) -> Result<(), CliError> {
    startup::open_db(settings).await?;
    println!("Database is up to date.");
    Ok(())
}

pub async fn admin_create(
    settings: &Settings,
    email: &str,
    name: &str,
    password_stdin: bool,
    stdin: impl BufRead,
) -> Result<(), CliError> {
    if !password_stdin {
        return Err(CliError::Usage(
            "pass --password-stdin and give the password on standard input (never on the command line)".into(),
        ));
    }
    let password = stdin
        .lines()
        .next()
        .transpose()
        .map_err(|e| CliError::Usage(format!("could not read the password: {e}")))?
        .unwrap_or_default();
    let email = Email::parse(email)?;
    let display_name = DisplayName::parse(name)?;
    let password = services::password::choose(
        password.trim_end_matches(['\r', '\n']),
        &[email.as_str(), display_name.as_str()],
    )?;
    let input = AccountInput {
        email,
        display_name,
        password,
        timezone: Timezone::default(),
    };
    let db = startup::open_db(settings).await?;
    let user = create_account(&db, input, Role::Admin, services::now_ms()).await?;
    println!("Admin account created: {} ({})", user.email, user.id);
    Ok(())
}

pub async fn import_standard(
    settings: &Settings,
    file: &std::path::Path,
    dry_run: bool,
) -> Result<(), CliError> {
    let bytes = std::fs::read(file)
        .map_err(|e| CliError::Usage(format!("could not read {}: {e}", file.display())))?;
    let doc = crate::routes::extract::parse_json(&bytes)?;
    let db = startup::open_db(settings).await?;
    let r = services::standards::import(
        &db,
        doc,
        StandardSource::Official,
        dry_run,
        services::now_ms(),
    )
    .await?;
    println!(
        "{} {} v{} — {} knowledge, {} skills, {} behaviours: {} new, {} updated, {} retired{}",
        r.reference,
        r.title,
        r.version,
        r.knowledges,
        r.skills,
        r.behaviours,
        r.created,
        r.updated,
        r.retired,
        if r.dry_run {
            " (preview: nothing written)"
        } else {
            ""
        }
    );
    Ok(())
}
