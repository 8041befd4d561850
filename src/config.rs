//! Profiles and trusted fingerprints on disk (TOML under the XDG config directory), never a
//! secret, written with mode 0600.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_profile: Option<String>,
    #[serde(default, rename = "profile")]
    pub profiles: Vec<Profile>,
    /// Colour overrides over `assets/theme.toml`, kept as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<toml::Table>,
    /// Key overrides over `assets/keymap.toml`, kept as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<toml::Table>,
    /// When Today calls something a problem (`[today]`); unset values keep their defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<Thresholds>,
}

/// When something needs the operator on Today: the thresholds monitoring tools use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// No good backup for this many hours is overdue.
    pub overdue_hours: i64,
    /// A licence expiring within this many days warns; within `licence_days_failed`, fails.
    pub licence_days_warning: i64,
    pub licence_days_failed: i64,
    /// Licensed users in use at this share (%) or more warns.
    pub licence_used_percent: u64,
    /// A repository with less free space than this share (%) warns.
    pub free_percent: u64,
    /// A proxy seen going offline, or the server seen turning unhealthy, is a problem once
    /// it has been so this many minutes (found so at the first read: at once).
    pub offline_minutes: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            overdue_hours: 26,
            licence_days_warning: 30,
            licence_days_failed: 20,
            licence_used_percent: 90,
            free_percent: 10,
            offline_minutes: 5,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub server: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// `system`, `ca`, `pinned` or `insecure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
}

fn xdg_dir(var: &str, fallback: &str) -> PathBuf {
    match std::env::var_os(var).filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            home.join(fallback)
        }
    }
}

/// `$XDG_CONFIG_HOME/vb365-tui/config.toml`.
pub fn config_path() -> PathBuf {
    xdg_dir("XDG_CONFIG_HOME", ".config")
        .join("vb365-tui")
        .join("config.toml")
}

/// `$XDG_STATE_HOME/vb365-tui/vb365-tui.log`.
pub fn log_path() -> PathBuf {
    xdg_dir("XDG_STATE_HOME", ".local/state")
        .join("vb365-tui")
        .join("vb365-tui.log")
}

/// `$XDG_STATE_HOME/vb365-tui/tasks.jsonl`: the record of finished tasks, one JSON line
/// each; the demo keeps its own (`demo-tasks.jsonl`) so it never mixes with real work.
pub fn record_path(demo: bool) -> PathBuf {
    let name = if demo {
        "demo-tasks.jsonl"
    } else {
        "tasks.jsonl"
    };
    xdg_dir("XDG_STATE_HOME", ".local/state")
        .join("vb365-tui")
        .join(name)
}

/// Where downloads go unless the operator says otherwise: `XDG_DOWNLOAD_DIR` (from the
/// environment or `user-dirs.dirs`) when it is a folder, else the current directory (in full,
/// so the form says where that is).
pub fn download_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let from_env = std::env::var_os("XDG_DOWNLOAD_DIR").map(PathBuf::from);
    let from_file = || {
        let dirs = xdg_dir("XDG_CONFIG_HOME", ".config").join("user-dirs.dirs");
        let text = std::fs::read_to_string(dirs).ok()?;
        let line = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("XDG_DOWNLOAD_DIR="))?;
        let value = line.trim().trim_matches('"');
        Some(match (value.strip_prefix("$HOME"), &home) {
            (Some(rest), Some(h)) => h.join(rest.trim_start_matches('/')),
            _ => PathBuf::from(value),
        })
    };
    from_env
        .or_else(from_file)
        .filter(|d| d.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

impl Config {
    /// Reads the file; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError::Read {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                });
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError::Read {
            path: path.display().to_string(),
            detail: e.to_string(),
        })
    }

    /// Writes the file with mode 0600 (created or replaced).
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let err = |e: String| ConfigError::Write {
            path: path.display().to_string(),
            detail: e,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
        }
        let text = toml::to_string_pretty(self).map_err(|e| err(e.to_string()))?;
        let tmp = path.with_extension("toml.tmp");
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| err(e.to_string()))?;
        f.write_all(text.as_bytes())
            .map_err(|e| err(e.to_string()))?;
        f.sync_all().map_err(|e| err(e.to_string()))?;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| err(e.to_string()))?;
        std::fs::rename(&tmp, path).map_err(|e| err(e.to_string()))
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The profile for a server URL, if one was saved.
    pub fn profile_for_server(&self, server: &str) -> Option<&Profile> {
        self.profiles
            .iter()
            .find(|p| p.server.eq_ignore_ascii_case(server))
    }

    /// Adds or replaces the profile of the same server.
    pub fn upsert(&mut self, profile: Profile) {
        self.last_profile = Some(profile.name.clone());
        match self
            .profiles
            .iter_mut()
            .find(|p| p.server.eq_ignore_ascii_case(&profile.server))
        {
            Some(p) => *p = profile,
            None => self.profiles.push(profile),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_mode_0600() {
        let dir = std::env::temp_dir().join(format!("vb365-cfg-{}", std::process::id()));
        let path = dir.join("config.toml");
        let mut c = Config::default();
        c.upsert(Profile {
            name: "prod".into(),
            server: "https://vbo01:4443".into(),
            trust: Some("pinned".into()),
            fingerprint: Some("AB:CD".into()),
            ..Default::default()
        });
        // Theme and key overrides the operator wrote survive a save.
        c.theme = Some(toml::from_str("[colour.title]\nfg = \"lightblue\"").unwrap());
        c.keys = Some(toml::from_str("[home]\nRefresh = [\"F5\"]").unwrap());
        c.save(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(Config::load(&path).unwrap(), c);
        assert_eq!(
            Config::load(&dir.join("missing.toml")).unwrap(),
            Config::default()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn today_thresholds_default_what_is_not_written_and_refuse_a_misspelling() {
        let c: Config = toml::from_str("[today]\noverdue_hours = 48\n").unwrap();
        let t = c.today.unwrap();
        assert_eq!(t.overdue_hours, 48);
        assert_eq!(t.free_percent, Thresholds::default().free_percent);
        assert!(toml::from_str::<Config>("[today]\noverdue = 48\n").is_err());
    }
}
