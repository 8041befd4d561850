//! Command-line definitions.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "vb365-tui",
    version,
    about = "Full-screen terminal client for the Veeam Backup for Microsoft 365 REST API",
    long_about = "Full-screen terminal client for the Veeam Backup for Microsoft 365 REST API.\n\
Run without a command to open the app; `--demo` opens it against a built-in simulator."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub app: AppArgs,
}

#[derive(Debug, Args, Clone, Default)]
pub struct AppArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Profile from the config file to connect with.
    #[arg(long)]
    pub profile: Option<String>,
    /// API version to use instead of detecting it (v4 to v8).
    #[arg(long, value_name = "VERSION")]
    pub api_version: Option<String>,
    /// Microsoft identity authority for tenant sign-in (default: by region).
    #[arg(long, value_name = "URL")]
    pub authority: Option<String>,
    /// A CA certificate (PEM) that signs the authority's certificate (a proxy or private
    /// authority); the system roots and SSL_CERT_FILE / SSL_CERT_DIR are used otherwise.
    #[arg(long, value_name = "FILE")]
    pub authority_ca_cert: Option<std::path::PathBuf>,
    /// Start a simulated VB365 server in-process and connect to it.
    #[arg(long)]
    pub demo: bool,
    /// Write the log here instead of the XDG state directory.
    #[arg(long, value_name = "FILE")]
    pub log_file: Option<PathBuf>,
    /// How long a v6/v7 restore may take to answer, in hours (it answers when done).
    #[arg(long, default_value_t = 12, value_name = "HOURS")]
    pub restore_timeout: u64,
}

/// Where to connect and how to trust it: the app's and `check`'s (not `sim`'s).
#[derive(Debug, Args, Clone, Default)]
pub struct ConnectArgs {
    /// Server address: `host`, `host:port` or `https://host:port` (port 4443 by default).
    #[arg(long)]
    pub server: Option<String>,
    /// User name for administrator sign-in.
    #[arg(long)]
    pub user: Option<String>,
    /// Trust the server certificate if it is signed by this CA (PEM or DER file).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["insecure", "pin"])]
    pub ca_cert: Option<PathBuf>,
    /// Trust exactly the certificate with this SHA-256 fingerprint.
    #[arg(long, value_name = "SHA256", conflicts_with = "insecure")]
    pub pin: Option<String>,
    /// Do not verify the server certificate (shown as a red banner).
    #[arg(long)]
    pub insecure: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve a simulated VB365 REST API (and Microsoft identity endpoints) for testing.
    Sim(SimArgs),
    /// Check the connection to a server step by step: reachability, certificate, API
    /// versions, sign-in, build and organizations.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub bind: SocketAddr,
    /// API versions to serve, comma-separated (v4 to v8).
    #[arg(long, default_value = "v6,v7,v8", value_name = "LIST")]
    pub api_versions: String,
    /// Approve every device code this many seconds after it was issued.
    #[arg(long, value_name = "SECS")]
    pub approve_after: Option<u64>,
    /// How long a restore takes, in seconds (v6/v7 answer after it; v8 reports progress).
    #[arg(long, default_value_t = 3, value_name = "SECS")]
    pub restore_seconds: u64,
    /// Number of mailboxes (and OneDrives) in every restore session.
    #[arg(long, default_value_t = 250, value_name = "N")]
    pub mailboxes: u64,
    /// Access token lifetime in seconds.
    #[arg(long, default_value_t = 3600, value_name = "SECS")]
    pub token_lifetime: u64,
    /// Administrator user name.
    #[arg(long, default_value = "administrator")]
    pub user: String,
    /// Administrator password.
    #[arg(long, default_value = "veeam-demo")]
    pub password: String,
    /// Delay before every answer, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub latency_ms: u64,
    /// Share of API requests that fail with 503 at random (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0, value_name = "F")]
    pub fault_rate: f64,
    /// Serve plain HTTP instead of HTTPS.
    #[arg(long)]
    pub http: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Profile from the config file to check: its server, user and trust (a remembered pin
    /// or CA file); --server, --user and the trust flags override it.
    #[arg(long)]
    pub profile: Option<String>,
    /// Password from the VB365_PASSWORD environment variable, else asked without echo.
    #[arg(long, hide = true, env = "VB365_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}
