//! The `thidua` command: serve, migrate, seed-demo, create-user.

use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal};
use thidua::config::Settings;
use thidua::startup::{self, Application};

// Request handling allocates many small strings; mimalloc serves them faster than glibc's malloc
// under two busy threads (the people list: about 15% of its time was in malloc/free).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "thidua",
    version,
    about = "Thi đua, khen thưởng: emulation and commendation management"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on (overrides THIDUA_BIND; default 127.0.0.1:8080).
        #[arg(long)]
        bind: Option<String>,
        /// Load the demo organisation into an empty database (changes nothing in one with data)
        /// and list the demo accounts on the sign-in page.
        #[arg(long)]
        demo: bool,
        /// Number of demo people to generate (implies --demo), for load tests.
        #[arg(long, value_name = "N")]
        demo_scale: Option<usize>,
    },
    /// Create the database if missing and apply migrations.
    Migrate,
    /// Load the demo data into an empty database.
    SeedDemo {
        #[arg(long, value_name = "N")]
        scale: Option<usize>,
    },
    /// Create an account (the first administrator of a real deployment). The password is read
    /// from the terminal, or from the first line of standard input, never from the command line.
    CreateUser {
        #[arg(long)]
        username: String,
        /// Name shown in the interface.
        #[arg(long)]
        display_name: Option<String>,
        /// Role to grant (default admin).
        #[arg(long, default_value = "admin")]
        role: String,
        /// Code of the unit the role covers; created as the root unit when the chart is empty.
        #[arg(long)]
        unit: String,
        /// Name of the root unit to create when the chart is empty.
        #[arg(long)]
        unit_name: Option<String>,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("THIDUA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}

/// Errors end the command with one line on standard error (no chain of causes to read through).
#[tokio::main]
async fn main() -> std::process::ExitCode {
    init_tracing();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("thidua: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::from_env()?;
    match cli.command {
        Command::Serve {
            bind,
            demo,
            demo_scale,
        } => {
            if let Some(b) = bind {
                settings.bind = b.parse().map_err(|e| anyhow::anyhow!("--bind {b}: {e}"))?;
            }
            settings.demo = demo || demo_scale.is_some();
            let demo = settings.demo;
            let app = Application::build(settings).await?;
            if demo {
                if thidua::demo::seed_full(&app.state.db, demo_scale).await? {
                    tracing::info!("demo data loaded");
                } else {
                    tracing::info!("database already has data; demo data not loaded");
                }
            }
            tracing::info!(
                "listening on http://{}:{}",
                app.state.settings.bind.ip(),
                app.port()
            );
            app.run_until_stopped().await
        }
        Command::Migrate => {
            startup::prepare(&settings).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::SeedDemo { scale } => {
            let pool = startup::prepare(&settings).await?;
            if thidua::demo::seed_full(&pool, scale).await? {
                println!("demo data loaded");
            } else {
                println!("the database already has data: nothing changed");
            }
            Ok(())
        }
        Command::CreateUser {
            username,
            display_name,
            role,
            unit,
            unit_name,
        } => {
            let password = read_password()?;
            let pool = startup::prepare(&settings).await?;
            thidua::cli::create_user(
                &pool,
                &username,
                display_name.as_deref(),
                &role,
                &unit,
                unit_name.as_deref(),
                &password,
            )
            .await?;
            println!("account {username} created");
            Ok(())
        }
    }
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Password again: ")?;
        anyhow::ensure!(p == again, "the passwords differ");
        Ok(p)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
