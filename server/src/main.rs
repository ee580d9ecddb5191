// The app's nested views are instantiated here too: the same type-depth allowance as `app`.
#![recursion_limit = "256"]

use clap::Parser;
use leptos::prelude::get_configuration;
use server::cli::{
    self, AdminCommand, Cli, CliError, Command, ContentCommand, EvidenceCommand, MemoryCommand,
};
use server::config::Settings;
use server::startup::{self, StartError};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("flowline: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(settings.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await.map_err(CliError::from),
        Command::Migrate => cli::migrate(&settings).await,
        Command::ImportStandard { file, dry_run } => {
            cli::import_standard(&settings, &file, dry_run).await
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    name,
                    password_stdin,
                },
        } => {
            cli::admin_create(
                &settings,
                &email,
                &name,
                password_stdin,
                std::io::stdin().lock(),
            )
            .await
        }
        Command::Simulate(args) => cli::simulate::run(&args),
        Command::Memory {
            command: MemoryCommand::Fit { standard },
        } => cli::memory_fit(&settings, standard.as_deref()).await,
        Command::Recompute { check } => cli::recompute::run(&settings, check).await,
        Command::Evidence {
            command: EvidenceCommand::Verify { learner },
        } => cli::evidence::verify_cmd(&settings, learner.as_deref())
            .await
            .map(|_| ()),
        Command::Evidence {
            command: EvidenceCommand::Anchor,
        } => cli::evidence::anchor_cmd(&settings).await,
        Command::Content {
            command: ContentCommand::Render { all, files },
        } => cli::content::render(&settings, all, &files).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("flowline: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> Result<(), StartError> {
    let conf = match get_configuration(None) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("flowline: Leptos configuration error: {e}");
            std::process::exit(2);
        }
    };
    let mut conf = conf;
    // A release build names its files by content hash (hash.txt beside the binary says which);
    // started directly, not by cargo-leptos, nothing else tells the server so.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        conf.leptos_options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(conf.leptos_options.hash_file.as_ref())))
            .is_some_and(|f| f.exists());
    }
    let addr = conf.leptos_options.site_addr;
    tracing::info!(?settings, "starting");
    let state = startup::build_state(&settings, conf.leptos_options).await?;
    tracing::info!(backend = ?state.db.backend, "database ready");
    if settings.demo {
        let logins = services::demo::ensure_demo(&state.db, services::now_ms())
            .await
            .map_err(StartError::Demo)?;
        println!(
            "\nDemo mode — sign in with any of these (password: {}):",
            services::demo::DEMO_PASSWORD
        );
        for l in &logins {
            println!("  {:<10} {}", l.role.label(), l.email);
        }
        startup::load_demo_lessons(&state).await?;
        services::demo_cohort::ensure_classmates(&state.db, services::now_ms())
            .await
            .map_err(StartError::Demo)?;
    } else {
        services::demo::retire_demo_accounts(&state.db)
            .await
            .map_err(StartError::Demo)?;
    }
    startup::chain_earlier_evidence(&state.db).await?;
    startup::write_earlier_history(&state.db).await?;
    startup::ensure_issuer_key(&state.db).await?;
    startup::queue_earlier_statements(&state.db).await?;
    server::workers::start(&state, settings.render_workers);
    let app = server::router::router(state, &settings);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    println!("\nFlowline is running at http://{addr}\n");
    startup::serve(listener, app).await
}
