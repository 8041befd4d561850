use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use color_eyre::eyre::{Result, eyre};
use secrecy::SecretString;

use vb365_tui::api::{ApiVersion, Fingerprint, TrustMode, normalize_server_url};
use vb365_tui::app::App;
use vb365_tui::app::shared::Shared;
use vb365_tui::check;
use vb365_tui::cli::{AppArgs, CheckArgs, Cli, Command, ConnectArgs, SimArgs};
use vb365_tui::config::{self, Config};
use vb365_tui::runtime::{self, Executor};
use vb365_tui::sim::{self, SimConfig};

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    if let Err(e) = color_eyre::install() {
        eprintln!("vb365-tui: {e}");
    }
    let cli = Cli::parse();
    if cli.command.is_none() && !has_terminal() {
        eprintln!(
            "vb365-tui: needs a terminal to draw on; run it in one, or over SSH with `ssh -t HOST vb365-tui` (`vb365-tui sim` and `vb365-tui check` need none)."
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("vb365-tui: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Some(Command::Sim(args)) => run_sim(args).await,
            Some(Command::Check(args)) => run_check(args).await,
            None => run_app(cli.app, started).await,
        }
    });
    // Dropping a runtime waits for every blocking task (a file write, a name lookup) however
    // long it takes; the terminal is already restored, so give them a second and leave.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    tracing::info!("runtime shut down");
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vb365-tui: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The app reads keys from stdin and draws on stdout: both must be a terminal.
fn has_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn trust_from_args(args: &ConnectArgs) -> Result<TrustMode> {
    if args.insecure {
        return Ok(TrustMode::Insecure);
    }
    if let Some(pin) = &args.pin {
        let f = Fingerprint::parse(pin).ok_or_else(|| {
            eyre!("--pin '{pin}' is not a SHA-256 fingerprint (64 hex digits, colons optional)")
        })?;
        return Ok(TrustMode::Pinned(f));
    }
    if let Some(path) = &args.ca_cert {
        return Ok(TrustMode::CaFile(path.clone()));
    }
    Ok(TrustMode::System)
}

/// How a saved profile trusts its server: its remembered pin or CA file, else the system roots.
fn profile_trust(p: &config::Profile) -> TrustMode {
    if p.trust.as_deref() == Some("ca")
        && let Some(ca) = &p.ca_cert
    {
        return TrustMode::CaFile(ca.clone());
    }
    p.fingerprint
        .as_deref()
        .and_then(Fingerprint::parse)
        .map(TrustMode::Pinned)
        .unwrap_or(TrustMode::System)
}

async fn run_sim(args: SimArgs) -> Result<ExitCode> {
    let versions =
        ApiVersion::parse_list(&args.api_versions).map_err(|e| eyre!("--api-versions: {e}"))?;
    if !(0.0..=1.0).contains(&args.fault_rate) {
        return Err(eyre!("--fault-rate must be between 0.0 and 1.0"));
    }
    let config = SimConfig {
        bind: args.bind,
        versions,
        approve_after: args.approve_after.map(std::time::Duration::from_secs),
        mailboxes: args.mailboxes,
        token_lifetime: std::time::Duration::from_secs(args.token_lifetime.max(1)),
        user: args.user.clone(),
        password: args.password.clone(),
        latency: std::time::Duration::from_millis(args.latency_ms),
        fault_rate: args.fault_rate,
        http: args.http,
        restore_duration: std::time::Duration::from_secs(args.restore_seconds),
        ..SimConfig::default()
    };
    let handle = sim::start(config).await?;
    let fp = handle
        .fingerprint
        .map(|f| f.to_string())
        .unwrap_or_else(|| "none (plain HTTP)".into());
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", handle.base_url)?;
        writeln!(out, "sha256 {fp}")?;
        out.flush()?;
    }
    eprintln!(
        "VB365 simulator serving {} at {}\n  administrator sign-in: user '{}', password '{}'\n  approve device codes at {}/devicelogin\n  stop with Ctrl-C",
        args.api_versions, handle.base_url, args.user, args.password, handle.base_url
    );
    wait_for_shutdown().await;
    handle.shutdown();
    Ok(ExitCode::SUCCESS)
}

async fn wait_for_shutdown() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).ok();
    let term_recv = async {
        match term.as_mut() {
            Some(t) => {
                t.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term_recv => {}
    }
}

async fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let app = &args.connect;
    let profile = match &args.profile {
        Some(name) => {
            let path = config::config_path();
            let config = Config::load(&path)?;
            Some(
                config
                    .profile(name)
                    .cloned()
                    .ok_or_else(|| eyre!("no profile named '{name}' in {}", path.display()))?,
            )
        }
        None => None,
    };
    let server = app
        .server
        .clone()
        .or(profile.as_ref().map(|p| p.server.clone()))
        .ok_or_else(|| eyre!("check needs --server URL or --profile NAME"))?;
    let user = app
        .user
        .clone()
        .or(profile.as_ref().and_then(|p| p.username.clone()))
        .unwrap_or_else(|| "administrator".into());
    let trust = match (trust_from_args(app)?, &profile) {
        (TrustMode::System, Some(p)) => profile_trust(p),
        (chosen, _) => chosen,
    };
    let password = match args.password {
        Some(p) => SecretString::from(p),
        None => {
            let p = rpassword::prompt_password(format!("Password for {user}: "))
                .map_err(|e| eyre!("no password: set VB365_PASSWORD or run in a terminal ({e})"))?;
            SecretString::from(p)
        }
    };
    let input = check::CheckInput {
        server,
        user,
        password,
        trust,
    };
    // A closed pipe (`| head`) must not turn into a panic.
    let say = |line: &str| {
        let _ = writeln!(std::io::stdout(), "{line}");
    };
    let steps = check::run(input, |s| say(&s.to_string())).await;
    let warnings = check::warnings(&steps);
    match check::first_failure(&steps) {
        None if warnings.is_empty() => {
            say("All checks passed.");
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let names: Vec<&str> = warnings.iter().map(|s| s.name).collect();
            say(&format!(
                "Checks passed with a warning at: {} (see above).",
                names.join(", ")
            ));
            Ok(ExitCode::SUCCESS)
        }
        Some(step) => {
            say(&format!("Check failed at step: {}.", step.name));
            Ok(ExitCode::from(1))
        }
    }
}

/// Logs go to a file, never to the terminal the app draws on.
fn init_logging(path: &std::path::Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .map_err(|e| eyre!("cannot set up logging: {e}"))
}

async fn run_app(args: AppArgs, started: std::time::Instant) -> Result<ExitCode> {
    let log_path = args.log_file.clone().unwrap_or_else(config::log_path);
    init_logging(&log_path)?;
    let config_path = config::config_path();
    let config = if args.demo {
        Config::default()
    } else {
        Config::load(&config_path)?
    };
    // The demo writes nothing, but looks as the operator set it up.
    let looks = if args.demo {
        Config::load(&config_path).unwrap_or_default()
    } else {
        config.clone()
    };
    vb365_tui::ui::theme::Theme::install(looks.theme.as_ref())
        .map_err(|e| eyre!("{}: {e}", config_path.display()))?;
    vb365_tui::app::keymap::install(looks.keys.as_ref())
        .map_err(|e| eyre!("{}: {e}", config_path.display()))?;
    let mut trust = trust_from_args(&args.connect)?;
    let forced = match &args.api_version {
        Some(v) => Some(
            ApiVersion::parse(v)
                .ok_or_else(|| eyre!("--api-version '{v}' is not one of v4 to v8"))?,
        ),
        None => None,
    };
    let profile = match &args.profile {
        Some(name) => Some(
            config
                .profile(name)
                .cloned()
                .ok_or_else(|| eyre!("no profile named '{name}' in {}", config_path.display()))?,
        ),
        None if args.connect.server.is_none() => config
            .last_profile
            .as_deref()
            .and_then(|n| config.profile(n))
            .cloned(),
        None => None,
    };
    // A remembered pin is applied when connecting (to whatever server is typed); a CA file here.
    if let (TrustMode::System, Some(p)) = (&trust, &profile)
        && let TrustMode::CaFile(ca) = profile_trust(p)
    {
        trust = TrustMode::CaFile(ca);
    }
    let mut demo_sim = None;
    let mut shared = Shared::new(config.clone(), trust);
    shared.forced_version = forced.or(profile
        .as_ref()
        .and_then(|p| p.api_version.as_deref())
        .and_then(ApiVersion::parse));
    let mut server = args
        .connect
        .server
        .clone()
        .or(profile.as_ref().map(|p| p.server.clone()));
    let mut user = args
        .connect
        .user
        .clone()
        .or(profile.as_ref().and_then(|p| p.username.clone()));
    let start = &mut shared.start;
    start.download_dir = vb365_tui::config::download_dir();
    start.restore_timeout_hours = args.restore_timeout.max(1);
    if args.demo {
        let sim_config = sim::SimConfig {
            approve_after: Some(std::time::Duration::from_secs(8)),
            mailboxes: 250,
            restore_duration: std::time::Duration::from_secs(3),
            ..sim::SimConfig::default()
        };
        let handle = sim::start(sim_config.clone()).await?;
        server = Some(handle.base_url.clone());
        user = Some(sim_config.user.clone());
        start.hint = Some((sim_config.user.clone(), sim_config.password.clone()));
        // The simulator is also the Microsoft identity platform in the demo.
        start.authority = handle.base_url.clone();
        start.tenant = "contoso.onmicrosoft.com".into();
        demo_sim = Some(handle);
    }
    if let Some(s) = server {
        start.server = normalize_server_url(&s);
        start.profile = profile
            .as_ref()
            .and_then(|p| config.profiles.iter().position(|q| q.name == p.name));
    }
    if let Some(a) = &args.authority {
        start.authority = a.clone();
    }
    if let Some(u) = user {
        start.user = u;
    }
    shared.demo = args.demo;
    shared.config_path = (!args.demo).then(|| config_path.clone());
    let record_path = config::record_path(args.demo);
    shared.earlier = vb365_tui::jobs::record::load(&record_path);
    let exec = Executor::new(shared.config_path.clone())
        .with_authority_ca(args.authority_ca_cert.clone())
        .with_record(Some(record_path));
    let mut app = App::new(shared);
    app.started = started;
    // A download killed before it could clean up (SIGKILL, power) leaves its partial file.
    let folder = &app.shared.start.download_dir;
    let day = std::time::Duration::from_secs(24 * 3600);
    let removed =
        vb365_tui::jobs::download::remove_stale_partials(folder, app.shared.clock.now(), day);
    if removed > 0 {
        let files = if removed == 1 { "file" } else { "files" };
        app.shared.status.text = Some(format!(
            "Removed {removed} unfinished download {files} over a day old from {}.",
            folder.display()
        ));
    }
    tracing::info!(demo = args.demo, "starting");
    let result = runtime::run(app, exec).await;
    drop(demo_sim);
    result.map(|_| ExitCode::SUCCESS)
}
