//! What needs the operator this morning, worst first, worked out from what the server said:
//! jobs that failed or warned, are disabled or will not run, organizations and jobs with no
//! good backup for too long, repositories and proxies in trouble, the licence, the server's
//! health, and what could not be read. Pure: the page and its tests call it with a time.

use chrono::{DateTime, Duration, Utc};

use crate::api::dashboard::Morning;
use crate::api::models::{Job, JobSession, Timestamp};
use crate::app::server_state;

pub use crate::app::server_state::Severity;

/// One row of the attention list.
#[derive(Clone, Debug, PartialEq)]
pub struct Attention {
    pub severity: Severity,
    /// What: a job's name, an organization, a repository, a proxy, "licence".
    pub what: String,
    /// Why, in words: "Failed 22:47 · 14 of 212 users failed".
    pub why: String,
    /// Since when it is so, for its age.
    pub since: Option<DateTime<Utc>>,
    /// A job's last sessions, oldest first (their statuses).
    pub strip: Vec<String>,
    /// A job's last session, which Enter opens.
    pub session: Option<String>,
    /// What the row is about, for the keys that act on it.
    pub target: Target,
}

/// What a row is about, and what the keys on it need to know.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Target {
    #[default]
    Nothing,
    Job {
        id: String,
        copy: bool,
        enabled: bool,
        running: bool,
    },
    Repository {
        id: String,
    },
    Proxy {
        id: String,
        maintenance: bool,
    },
    Organization {
        id: String,
    },
    /// Organizations that need Microsoft Graph permissions: Enter shows which and what to
    /// grant.
    GraphReadiness,
}

pub use crate::config::Thresholds;

/// Every row, worst first (then oldest first); `everything` adds what is fine.
pub fn attention(
    m: &Morning,
    now: DateTime<Utc>,
    t: &Thresholds,
    everything: bool,
    clock: &crate::clock::Clock,
    build: Option<&str>,
) -> Vec<Attention> {
    let mut rows = Vec::new();
    let jobs = m.jobs.iter().map(|j| (j, false));
    for (job, copy) in jobs.chain(m.copy_jobs.iter().map(|j| (j, true))) {
        let sessions = m.sessions.get(&job.id).map(Vec::as_slice).unwrap_or(&[]);
        rows.extend(job_rows(job, copy, sessions, now, t, clock));
    }
    rows.extend(organization_rows(m, now, t, clock));
    rows.extend(repository_rows(m, t));
    rows.extend(proxy_rows(m, build, now, t, clock));
    rows.extend(licence_rows(m, now, t));
    if let Some(h) = &m.health
        && h.status.as_deref() != Some("Healthy")
    {
        let recent = server_state::recently_down(m, crate::api::dashboard::HEALTH, now, t);
        let parts: Vec<String> = h
            .entries
            .iter()
            .filter(|(_, e)| e.status.as_deref() != Some("Healthy"))
            .map(|(name, e)| format!("{name}: {}", e.description.as_deref().unwrap_or("unhealthy")))
            .collect();
        let (severity, since) = match recent {
            Some(at) => (Severity::Fine, format!(" since {}, not yet for long", clock.local(at).format("%H:%M"))),
            None => (Severity::Failed, String::new()),
        };
        rows.push(row(severity, "server health", format!("Unhealthy{since} · {}", parts.join("; ")), None));
    }
    for what in &m.unread {
        rows.push(row(Severity::Warning, "not read", what.clone(), None));
    }
    if !everything {
        rows.retain(|r| r.severity != Severity::Fine);
    }
    // Worst first; among equals the oldest first, those with no time last.
    rows.sort_by_key(|r| (r.severity, r.since.is_none(), r.since));
    rows
}

/// The row of the Microsoft Graph readiness check, when an organization needs permissions.
pub fn graph_row(found: Option<&crate::api::graph::GraphReadiness>) -> Option<Attention> {
    let found = found?;
    let names: Vec<&str> = found
        .organizations
        .iter()
        .filter(|o| o.affected())
        .map(|o| o.name.as_str())
        .collect();
    let why = match names.as_slice() {
        [] => return None,
        [one] => format!("{one} needs its permissions for Exchange backups: Enter says what to grant"),
        many => format!(
            "{} organizations need its permissions for Exchange backups: Enter says what to grant",
            many.len()
        ),
    };
    Some(Attention {
        target: Target::GraphReadiness,
        ..row(Severity::Warning, "Microsoft Graph", why, None)
    })
}

fn row(severity: Severity, what: &str, why: String, since: Option<DateTime<Utc>>) -> Attention {
    Attention {
        severity,
        what: what.to_string(),
        why,
        since,
        strip: Vec::new(),
        session: None,
        target: Target::Nothing,
    }
}

/// A job's row: how its last run went, whether it will run, and how old its last good
/// backup is, in one line of words, as bad as the worst of them.
fn job_rows(
    job: &Job,
    copy: bool,
    sessions: &[JobSession],
    now: DateTime<Utc>,
    t: &Thresholds,
    clock: &crate::clock::Clock,
) -> Vec<Attention> {
    let last = sessions.first();
    let ended = last
        .and_then(|s| s.end_time.or(s.creation_time))
        .or(job.last_run)
        .map(|t| t.0);
    let at = ended.map(|e| clock.local(e).format(" %H:%M").to_string()).unwrap_or_default();
    let details = last
        .and_then(|s| s.details.clone())
        .filter(|d| !d.is_empty())
        .map(|d| format!(" · {d}"))
        .unwrap_or_default();
    let status = job.last_status.as_deref().unwrap_or("never run");
    let mut severity = match status {
        "Failed" | "Disconnected" => Severity::Failed,
        "Warning" | "NotConfigured" | "Stopped" => Severity::Warning,
        _ => Severity::Fine,
    };
    let mut why = vec![format!("{status}{at}{details}")];
    if !job.is_enabled {
        severity = severity.min(Severity::Warning);
        why.push("disabled: it does not run".into());
    } else if job.next_run.is_none() {
        severity = severity.min(Severity::Warning);
        why.push("no next run scheduled".into());
    }
    if let Some(good) = job.last_backup.map(|b| b.0)
        && now - good > Duration::hours(t.overdue_hours)
    {
        severity = Severity::Failed;
        why.push(format!("no successful backup for {}", span(now - good)));
    }
    // A good last run says nothing a problem after it does not; a disabled job's last run
    // is old news (its strip shows how it went).
    if why.len() > 1 && (matches!(status, "Success") || !job.is_enabled) {
        why.remove(0);
    }
    let mut strip: Vec<String> = sessions
        .iter()
        .take(crate::api::dashboard::HISTORY as usize)
        .map(|s| s.status.clone().unwrap_or_default())
        .collect();
    strip.reverse();
    vec![Attention {
        severity,
        what: job.name.clone(),
        why: why.join(" · "),
        since: ended,
        strip,
        session: last.map(|s| s.id.clone()),
        target: Target::Job {
            id: job.id.clone(),
            copy,
            enabled: job.is_enabled,
            running: last.is_some_and(|s| s.status.as_deref() == Some("Running"))
                || status == "Running",
        },
    }]
}

/// Organizations whose last backup is older than the threshold, and those whose last
/// synchronization failed (new mailboxes, sites and teams are not picked up while it does).
fn organization_rows(m: &Morning, now: DateTime<Utc>, t: &Thresholds, clock: &crate::clock::Clock) -> Vec<Attention> {
    let mut rows = Vec::new();
    for o in &m.organizations {
        let name = o.name.clone().unwrap_or_default();
        let on = |a: Attention| Attention {
            target: Target::Organization {
                id: o.id.clone().unwrap_or_default(),
            },
            ..a
        };
        if let Some(l) = o.last_backuptime.map(|Timestamp(t)| t)
            && now - l > Duration::hours(t.overdue_hours)
        {
            rows.push(on(row(Severity::Failed, &name, format!("no backup for {}", span(now - l)), Some(l))));
        }
        let Some(sync) = o.id.as_ref().and_then(|id| m.syncs.get(id)) else {
            continue;
        };
        let under_way = sync.under_way();
        match (sync.failed(), under_way) {
            (Some((at, why)), None) => {
                let at = at.map(|a| clock.local(a.0).format(" %H:%M").to_string()).unwrap_or_default();
                let since = sync.failed().and_then(|(a, _)| a).map(|a| a.0);
                rows.push(on(row(Severity::Failed, &name, format!("sync failed{at}: {why}"), since)));
            }
            (Some(_), Some(now)) => rows.push(on(row(Severity::Warning, &name, format!("{now}; the last one failed"), None))),
            (None, Some(now)) => rows.push(on(row(Severity::Fine, &name, now, None))),
            (None, None) => {}
        }
    }
    rows
}

fn repository_rows(m: &Morning, t: &Thresholds) -> Vec<Attention> {
    let mut rows = Vec::new();
    for r in &m.repositories {
        for (severity, why) in server_state::repository_troubles(r, t) {
            let mut a = row(severity, &r.name, why, None);
            a.target = Target::Repository { id: r.id.clone() };
            rows.push(a);
        }
    }
    rows
}

fn proxy_rows(
    m: &Morning,
    build: Option<&str>,
    now: DateTime<Utc>,
    t: &Thresholds,
    clock: &crate::clock::Clock,
) -> Vec<Attention> {
    let mut rows = Vec::new();
    for p in &m.proxies {
        let recent = server_state::recently_down(m, &p.id, now, t);
        let recent = recent.map(|at| clock.local(at).format("%H:%M").to_string());
        for (severity, why) in server_state::proxy_troubles(p, build, recent.as_deref()) {
            rows.push(Attention {
                target: Target::Proxy {
                    id: p.id.clone(),
                    maintenance: p.maintenance_mode_state.as_deref() == Some("Enabled"),
                },
                ..row(severity, &p.host_name, why, None)
            });
        }
    }
    rows
}

fn licence_rows(m: &Morning, now: DateTime<Utc>, t: &Thresholds) -> Vec<Attention> {
    let Some(l) = &m.license else {
        return Vec::new();
    };
    let troubles = server_state::licence_troubles(l, now, t);
    troubles.into_iter().map(|(severity, why)| row(severity, "licence", why, None)).collect()
}

pub use crate::units::age as span;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{License, Proxy, Repository};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap()
    }

    fn at(h: i64) -> Option<Timestamp> {
        Some(Timestamp(now() - Duration::hours(h)))
    }

    fn job(name: &str, status: &str, good_hours_ago: i64) -> Job {
        Job {
            id: name.into(),
            name: name.into(),
            is_enabled: true,
            last_status: Some(status.into()),
            last_run: at(11),
            next_run: Some(Timestamp(now() + Duration::hours(12))),
            last_backup: at(good_hours_ago),
            ..Default::default()
        }
    }

    #[test]
    fn failures_come_first_with_why_and_what_is_fine_only_when_asked() {
        let clock = crate::clock::Clock::fixed(now(), chrono::FixedOffset::east_opt(0).unwrap());
        let mut m = Morning {
            jobs: vec![job("Mail", "Failed", 35), job("Sites", "Warning", 11), job("Teams", "Success", 11)],
            ..Default::default()
        };
        m.sessions.insert(
            "Mail".into(),
            vec![JobSession {
                status: Some("Failed".into()),
                details: Some("14 of 212 users failed".into()),
                end_time: at(10),
                ..Default::default()
            }],
        );
        m.jobs[2].is_enabled = false;
        m.repositories = vec![Repository {
            name: "Azure".into(),
            is_out_of_sync: Some(true),
            capacity_bytes: Some(100),
            free_space_bytes: Some(5),
            ..Default::default()
        }];
        m.proxies = vec![Proxy {
            host_name: "proxy02".into(),
            status: Some("Offline".into()),
            ..Default::default()
        }];
        m.license = Some(License {
            used_number: Some(412),
            total_number: Some(450),
            license_expires: Some(Timestamp(now() + Duration::days(25))),
            ..Default::default()
        });
        m.unread.push("health: HTTP 500".into());
        let rows = attention(&m, now(), &Thresholds::default(), false, &clock, None);
        let said: Vec<(Severity, &str, &str)> = rows
            .iter()
            .map(|r| (r.severity, r.what.as_str(), r.why.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (Severity::Failed, "Mail", "Failed 23:30 · 14 of 212 users failed · no successful backup for 35 h"),
                (Severity::Failed, "proxy02", "offline (not in maintenance)"),
                (Severity::Warning, "Sites", "Warning 22:30"),
                (Severity::Warning, "Teams", "disabled: it does not run"),
                (Severity::Warning, "Azure", "out of sync with its object storage: synchronize it"),
                (Severity::Warning, "Azure", "nearly full: 5 % free"),
                (Severity::Warning, "licence", "expires in 25 days"),
                (Severity::Warning, "licence", "412 of 450 used · 91 %"),
                (Severity::Warning, "not read", "health: HTTP 500"),
            ]
        );
        let all = attention(&m, now(), &Thresholds::default(), true, &clock, None);
        m.jobs[2].is_enabled = true;
        let fine = attention(&m, now(), &Thresholds::default(), true, &clock, None);
        assert!(all.len() == fine.len() && fine.iter().any(|r| r.what == "Teams" && r.severity == Severity::Fine));
        // A proxy seen going offline two minutes ago is not a problem yet; after five it is.
        m.down_since.insert(String::new(), Some(now() - Duration::minutes(2)));
        let fresh = attention(&m, now(), &Thresholds::default(), true, &clock, None);
        let proxy = fresh.iter().find(|r| r.what == "proxy02").unwrap();
        assert_eq!((proxy.severity, proxy.why.as_str()), (Severity::Fine, "offline since 09:28, not yet for long"));
        let later = attention(&m, now() + Duration::minutes(3), &Thresholds::default(), false, &clock, None);
        assert!(later.iter().any(|r| r.what == "proxy02" && r.severity == Severity::Failed));
    }

}
