//! What is wrong with a repository, a proxy or the licence, in words and how badly: Today's
//! rows and the server page say the same, from here. Also an organization's synchronization
//! and v8 settings in words, for its page.

use chrono::{DateTime, Utc};

use crate::api::models::{License, Proxy, Repository, SyncState};
use crate::config::Thresholds;

/// How bad something is: lists show the worst first, each with its own glyph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Failed,
    Warning,
    Fine,
}

/// Each thing wrong with a repository: invalid (with its reason), out of sync, outdated,
/// nearly full.
pub fn repository_troubles(r: &Repository, t: &Thresholds) -> Vec<(Severity, String)> {
    let mut said = Vec::new();
    if r.is_out_of_order == Some(true) {
        let reason = r
            .out_of_order_reason
            .as_deref()
            .unwrap_or("no reason given");
        said.push((Severity::Failed, format!("invalid: {reason}")));
    }
    if r.is_out_of_sync == Some(true) {
        said.push((
            Severity::Warning,
            "out of sync with its object storage: synchronize it".into(),
        ));
    }
    if r.is_outdated == Some(true) {
        said.push((Severity::Warning, "outdated: it must be upgraded".into()));
    }
    // 8.5+ says it; older servers leave it out, and then nothing is guessed.
    match r.maintenance_mode.as_deref() {
        None | Some("None") => {}
        Some("RepositoryDisabled") => said.push((
            Severity::Warning,
            "in maintenance: jobs cannot use it".into(),
        )),
        Some("SessionsDisabled") => said.push((
            Severity::Warning,
            "in maintenance: no new sessions start".into(),
        )),
        Some(other) => said.push((Severity::Warning, format!("in maintenance ({other})"))),
    }
    if let Some((free, of)) = free_space(r) {
        let share = free.saturating_mul(100) / of.max(1);
        if share < t.free_percent {
            said.push((Severity::Warning, format!("nearly full: {share} % free")));
        }
    }
    said
}

/// A repository's free bytes and its capacity: a disk's, or an object storage's limit.
pub fn free_space(r: &Repository) -> Option<(u64, u64)> {
    if let (Some(cap), Some(free)) = (r.capacity_bytes, r.free_space_bytes) {
        return Some((free, cap));
    }
    let o = r.object_storage.as_ref()?;
    let limit = o
        .size_limit_gb
        .filter(|_| o.size_limit_enabled == Some(true))?
        << 30;
    let used = o.used_space_bytes?;
    Some((limit.saturating_sub(used), limit))
}

/// What is wrong with a proxy: offline and not in maintenance, or on another version than
/// the server (`build`, when known). `recent`: it was seen going offline at this time (in
/// words), less than the threshold ago: not a problem yet.
pub fn proxy_troubles(
    p: &Proxy,
    build: Option<&str>,
    recent: Option<&str>,
) -> Vec<(Severity, String)> {
    let mut said = Vec::new();
    let maintenance = p.maintenance_mode_state.as_deref() == Some("Enabled");
    if p.status.as_deref() == Some("Offline") && !maintenance {
        said.push(match recent {
            Some(at) => (
                Severity::Fine,
                format!("offline since {at}, not yet for long"),
            ),
            None => (Severity::Failed, "offline (not in maintenance)".into()),
        });
    }
    if let (Some(v), Some(b)) = (p.version.as_deref(), build)
        && !v.is_empty()
        && v != b
    {
        said.push((
            Severity::Warning,
            format!("version {v}, the server is {b}: upgrade it"),
        ));
    }
    said
}

/// What is wrong with the licence: expired or expiring, nearly used up.
pub fn licence_troubles(
    l: &License,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Vec<(Severity, String)> {
    let mut said = Vec::new();
    if l.status.as_deref() == Some("Expired") {
        said.push((Severity::Failed, "expired".into()));
    } else if let Some(expires) = l.expires() {
        let days = (expires.0 - now).num_days();
        if days <= t.licence_days_failed {
            said.push((Severity::Failed, format!("expires in {days} days")));
        } else if days <= t.licence_days_warning {
            said.push((Severity::Warning, format!("expires in {days} days")));
        }
    }
    if let (Some(used), Some(total)) = (l.used_number, l.total_number)
        && total > 0
        && used.saturating_mul(100) / total >= t.licence_used_percent
    {
        said.push((
            Severity::Warning,
            format!(
                "{used} of {total} used · {} %",
                used.saturating_mul(100) / total
            ),
        ));
    }
    said
}

/// When `key` (a proxy's id, or the health) was seen going down, if less than the threshold
/// ago: not a problem yet. Found down at the first read, or down longer: `None`.
pub fn recently_down(
    m: &crate::api::dashboard::Morning,
    key: &str,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Option<DateTime<Utc>> {
    let since = (*m.down_since.get(key)?)?;
    (now - since < chrono::Duration::minutes(t.offline_minutes)).then_some(since)
}

/// The worst of what was said, `Fine` when nothing was.
pub fn worst(said: &[(Severity, String)]) -> Severity {
    said.iter().map(|(s, _)| *s).min().unwrap_or(Severity::Fine)
}

/// The synchronization, in words: how the last one went (with its error) and one under way.
pub fn sync_rows(
    sync: Option<&Result<SyncState, String>>,
    reading: bool,
    clock: &crate::clock::Clock,
) -> Option<(String, Vec<(String, String)>)> {
    let row = |label: &str, value: String| (label.to_string(), value);
    let mut lines = Vec::new();
    match sync {
        None if reading => lines.push(row("State", "reading…".into())),
        None => return None,
        Some(Err(e)) => lines.push(row("State", format!("could not be read: {e}"))),
        Some(Ok(s)) => {
            let at = |t: Option<crate::api::models::Timestamp>| {
                t.map(|t| clock.local(t.0).format(" %Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default()
            };
            let last = match (&s.last_sync_state, s.failed()) {
                (_, Some((when, why))) => format!("failed{}: {why}", at(when)),
                (Some(l), None) => {
                    let kind = l.kind.as_deref().unwrap_or("").to_lowercase();
                    let result = match l.result.as_deref() {
                        Some("Success") => "succeeded".to_string(),
                        other => other.unwrap_or("").to_lowercase(),
                    };
                    format!("{kind} sync {result}{}", at(l.end_time))
                }
                (None, None) => match s.status.as_deref() {
                    Some("Success") => format!("succeeded{}", at(s.last_sync_time)),
                    Some("None") | None => "never synchronized".into(),
                    Some(other) => other.to_string(),
                },
            };
            lines.push(row("Last sync", last.trim().to_string()));
            if let Some(now) = s.under_way() {
                lines.push(row("Now", now));
            }
        }
    }
    Some(("Synchronization".into(), lines))
}

/// v8's settings beside the organization, in words: SharePoint versions, and where the
/// tenant keeps its data.
pub fn settings_rows(
    settings: Option<&Result<crate::api::org_settings::OrgSettings, String>>,
) -> Option<(String, Vec<(String, String)>)> {
    let title = "Microsoft 365 tenant and SharePoint versions".to_string();
    let settings = settings?;
    let row = |label: &str, value: String| (label.to_string(), value);
    let mut lines = Vec::new();
    let s = match settings {
        Ok(s) => s,
        Err(e) => {
            lines.push(row("State", format!("could not be read: {e}")));
            return Some((title, lines));
        }
    };
    lines.push(row(
        "SharePoint versions",
        match &s.versions {
            Ok(v) => match v.share_point_backup_mode.as_deref() {
                Some("All") => "every version is backed up".into(),
                Some("Latest") => "the latest version only".into(),
                Some(other) => other.into(),
                None => "not said".into(),
            },
            Err(e) => format!("could not be read: {e}"),
        },
    ));
    match &s.tenant {
        Ok(t) => {
            if let Some(p) = &t.primary_location {
                lines.push(row("Primary location", p.clone()));
            }
            let multi = t.multiple_data_locations_enabled == Some(true);
            lines.push(row(
                "Multi-Geo",
                if multi {
                    "yes: data in several locations"
                } else {
                    "no"
                }
                .into(),
            ));
            if let Some(places) = t.protected_locations.as_ref().filter(|p| !p.is_empty()) {
                lines.push(row("Data locations", places.join(", ")));
            }
        }
        Err(e) => lines.push(row("Tenant", format!("could not be read: {e}"))),
    }
    Some((title, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repository_in_maintenance_says_so_when_the_server_says_it() {
        let repo = |mode: Option<&str>| Repository {
            maintenance_mode: mode.map(str::to_string),
            ..Default::default()
        };
        let t = Thresholds::default();
        assert!(
            repository_troubles(&repo(None), &t).is_empty(),
            "8.4 and older say nothing"
        );
        assert!(repository_troubles(&repo(Some("None")), &t).is_empty());
        let off = repository_troubles(&repo(Some("RepositoryDisabled")), &t);
        assert_eq!(
            off,
            [(
                Severity::Warning,
                "in maintenance: jobs cannot use it".to_string()
            )]
        );
        let odd = repository_troubles(&repo(Some("Lunar")), &t);
        assert_eq!(odd[0].1, "in maintenance (Lunar)", "unknown values raw");
    }

    #[test]
    fn a_proxy_is_in_trouble_offline_outside_maintenance_or_on_another_version() {
        let proxy = |status: &str, maintenance: &str, version: &str| Proxy {
            status: Some(status.into()),
            maintenance_mode_state: Some(maintenance.into()),
            version: Some(version.into()),
            ..Default::default()
        };
        let build = Some("8.1.0.305");
        assert!(proxy_troubles(&proxy("Online", "Disabled", "8.1.0.305"), build, None).is_empty());
        assert!(
            proxy_troubles(&proxy("Offline", "Enabled", "8.1.0.305"), build, None).is_empty(),
            "in maintenance"
        );
        let offline = proxy_troubles(&proxy("Offline", "Disabled", "8.1.0.305"), build, None);
        assert_eq!(
            offline,
            [(Severity::Failed, "offline (not in maintenance)".to_string())]
        );
        let old = proxy_troubles(&proxy("Online", "Disabled", "8.0.2.159"), build, None);
        assert_eq!(
            old,
            [(
                Severity::Warning,
                "version 8.0.2.159, the server is 8.1.0.305: upgrade it".to_string()
            )]
        );
        assert!(
            proxy_troubles(&proxy("Online", "Disabled", "8.0.2.159"), None, None).is_empty(),
            "no build known: no guess"
        );
        assert_eq!(worst(&old), Severity::Warning);
        // Seen going offline a moment ago: not a problem yet.
        let recent = proxy_troubles(
            &proxy("Offline", "Disabled", "8.1.0.305"),
            build,
            Some("09:41"),
        );
        assert_eq!(
            recent,
            [(
                Severity::Fine,
                "offline since 09:41, not yet for long".to_string()
            )]
        );
        assert_eq!(worst(&[]), Severity::Fine);
    }
}
