//! `flowline simulate`: the learner simulation (simulate), printed as a comparison
//! and optionally written as the report in docs/ (JSON, SVG chart, Markdown table).

use super::CliError;
use simulate::{self, chart, Course, Population, Report};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The docs page's generated part sits between these lines.
const BEGIN: &str = "<!-- simulate:begin -->";
const END: &str = "<!-- simulate:end -->";

#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// Simulated apprentices (each learns under all three policies).
    #[arg(long, default_value_t = 500)]
    pub learners: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Share of slow learners (0–1).
    #[arg(long, default_value_t = 0.25)]
    pub slow_share: f64,
    /// Share of fast learners (0–1).
    #[arg(long, default_value_t = 0.25)]
    pub fast_share: f64,
    /// Share of learners who miss a whole week (0–1).
    #[arg(long, default_value_t = 0.25)]
    pub miss_week_share: f64,
    /// A typical learner's chance of a session on a weekday (0–1).
    #[arg(long, default_value_t = 0.7)]
    pub weekday_chance: f64,
    /// Mean lessons per session (1–10).
    #[arg(long, default_value_t = 3.0)]
    pub lessons_per_session: f64,
    /// Longest apprenticeship simulated, in days (30–1500).
    #[arg(long, default_value_t = 540)]
    pub max_days: u32,
    /// The cohort's desired retention (0.7–0.99), as set on the cohort's page (default: a new
    /// cohort's).
    #[arg(long, default_value_t = flowline_core::domain::competency::DEFAULT_RETENTION)]
    pub desired_retention: f64,
    /// Apprentices of the pilot cohort BKT's parameters are fitted to before the population
    /// learns (0–2000; 0: the shipped parameters).
    #[arg(long, default_value_t = simulate::pilot::PILOT_LEARNERS)]
    pub pilot_learners: u64,
    /// Write the report (simulation.json, simulation.svg) into this directory and the table
    /// into the Markdown file given by --markdown.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// A Markdown file whose part between `<!-- simulate:begin -->` and `<!-- simulate:end -->`
    /// is replaced by the results.
    #[arg(long)]
    pub markdown: Option<PathBuf>,
}

impl SimulateArgs {
    fn population(&self) -> Result<Population, CliError> {
        let share = |name: &str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(v)
            } else {
                Err(CliError::Usage(format!(
                    "--{name} must be between 0 and 1, not {v}"
                )))
            }
        };
        let p = Population {
            learners: self.learners,
            seed: self.seed,
            slow_share: share("slow-share", self.slow_share)?,
            fast_share: share("fast-share", self.fast_share)?,
            miss_week_share: share("miss-week-share", self.miss_week_share)?,
            weekday_chance: share("weekday-chance", self.weekday_chance)?,
            lessons_per_session: self.lessons_per_session,
            max_days: self.max_days,
            desired_retention: self.desired_retention,
            pilot_learners: self.pilot_learners,
        };
        if p.slow_share + p.fast_share > 1.0 {
            return Err(CliError::Usage(
                "--slow-share and --fast-share add up to more than 1".into(),
            ));
        }
        if !(1..=100_000).contains(&p.learners) {
            return Err(CliError::Usage(
                "--learners must be between 1 and 100000".into(),
            ));
        }
        if !(1.0..=10.0).contains(&p.lessons_per_session) {
            return Err(CliError::Usage(
                "--lessons-per-session must be between 1 and 10".into(),
            ));
        }
        if !(0.7..=0.99).contains(&p.desired_retention) {
            return Err(CliError::Usage(
                "--desired-retention must be between 0.7 and 0.99".into(),
            ));
        }
        if p.pilot_learners > 2000 {
            return Err(CliError::Usage(
                "--pilot-learners must be between 0 and 2000".into(),
            ));
        }
        if !(30..=1500).contains(&p.max_days) {
            return Err(CliError::Usage(
                "--max-days must be between 30 and 1500".into(),
            ));
        }
        Ok(p)
    }
}

fn write(path: &Path, contents: &str) -> Result<(), CliError> {
    std::fs::write(path, contents)
        .map_err(|e| CliError::Usage(format!("could not write {}: {e}", path.display())))
}

fn splice(markdown: &Path, generated: &str) -> Result<(), CliError> {
    let text = std::fs::read_to_string(markdown)
        .map_err(|e| CliError::Usage(format!("could not read {}: {e}", markdown.display())))?;
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
        return Err(CliError::Usage(format!(
            "{} has no `{BEGIN}` … `{END}` section to fill",
            markdown.display()
        )));
    };
    let out = format!("{}{BEGIN}\n{generated}{}", &text[..b], &text[e..]);
    write(markdown, &out)
}

pub fn run(args: &SimulateArgs) -> Result<(), CliError> {
    let population = args.population()?;
    let course = Course::shipped()?;
    let started = Instant::now();
    let pilot = simulate::pilot(&course, &population);
    let results = simulate::simulate(&course, &population, pilot.knowledge());
    let report = Report::new(&population, &course, pilot, &results);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} simulated apprentices (seed {}), {} KSBs and {} lessons of {}, each under three policies: {seconds:.1} s\n",
        population.learners, population.seed, report.ksbs, report.lessons, report.standard
    );
    println!("{}", report.pilot_line());
    println!("{}", report.table());
    println!("{}", report.verdict());
    if let Some(dir) = &args.report {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Usage(format!("could not create {}: {e}", dir.display())))?;
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| CliError::Usage(format!("could not write the report: {e}")))?;
        write(&dir.join("simulation.json"), &format!("{json}\n"))?;
        write(&dir.join("simulation.svg"), &chart::svg(&report))?;
        println!("Report written to {}", dir.display());
    }
    if let Some(md) = &args.markdown {
        let generated = format!(
            "Generated by `scripts/simulate-report.sh` (`flowline simulate --learners {} --seed {}`).\n\n{}\n{}\n{}\n![Sessions to readiness and the engine's calibration](simulation/simulation.svg)\n\n",
            population.learners,
            population.seed,
            report.pilot_line(),
            report.table(),
            report.verdict()
        );
        splice(md, &generated)?;
    }
    Ok(())
}
