//! What the keys on a row do: start a job (incremental or full; a failed one again), stop
//! it, enable or disable it, synchronize a repository or an organization (incremental or
//! full), take a proxy in or out of maintenance. Each asks first, saying what will happen, is sent once, and is never
//! retried; the row shows the result when the next update comes.

use crate::api::actions::Action;
use crate::api::version::ApiVersion;
use crate::app::keymap::{Intent, Table, key_in};
use crate::app::modals::{Modal, Question};
use crate::app::pages::Flow;
use crate::app::shared::Shared;

use super::attention::{Attention, Target};

/// The action a key means on a row and the question before it; or why it means nothing
/// there.
pub fn action_for(
    intent: Intent,
    row: &Attention,
    version: ApiVersion,
    build: Option<&str>,
) -> Result<(Action, Question), String> {
    let name = &row.what;
    let ask = |title: &'static str, text: String, yes: &'static str| Question {
        page: 0,
        title,
        text,
        yes,
        no: "cancel",
    };
    match (intent, &row.target) {
        (Intent::Start, Target::Job { running: true, .. }) => {
            Err(format!("{name} is running now; {} stops it.", key_in(Table::Today, Intent::Stop)))
        }
        (Intent::Start | Intent::Full, Target::Job { enabled: false, .. }) => Err(format!(
            "{name} is disabled; {} enables it first.",
            key_in(Table::Today, Intent::Toggle)
        )),
        (Intent::Start, Target::Job { id, copy, .. }) => Ok((
            Action::Start {
                job: id.clone(),
                copy: *copy,
                full: false,
            },
            ask(
                "Start job",
                format!(
                    "Start {name} now? It backs up what changed since its last run, \
                     as its schedule would."
                ),
                "start it",
            ),
        )),
        (Intent::Full, Target::Job { copy: true, .. }) if version >= ApiVersion::V7 => {
            Err(format!("{name} is a copy job: it has no full backup to ask for."))
        }
        (Intent::Full, Target::Job { id, copy, .. }) => Ok((
            Action::Start {
                job: id.clone(),
                copy: *copy,
                full: true,
            },
            ask(
                "Full backup",
                format!(
                    "Start an active full backup of {name} now? It reads everything again, \
                     which takes much longer than its nightly run."
                ),
                "start a full backup",
            ),
        )),
        (Intent::Stop, Target::Job { running: false, .. }) => {
            Err(format!("{name} is not running."))
        }
        (Intent::Stop, Target::Job { id, copy, .. }) => Ok((
            Action::Stop {
                job: id.clone(),
                copy: *copy,
            },
            ask(
                "Stop job",
                format!("Stop {name}? Its run ends as Stopped; what it backed up so far is kept."),
                "stop it",
            ),
        )),
        (Intent::Toggle, Target::Job { id, copy, enabled, .. }) => {
            let (title, text, yes) = if *enabled {
                (
                    "Disable job",
                    format!("Disable {name}? It stops running on its schedule until enabled again."),
                    "disable it",
                )
            } else {
                (
                    "Enable job",
                    format!("Enable {name}? It runs on its schedule again."),
                    "enable it",
                )
            };
            Ok((
                Action::Enable {
                    job: id.clone(),
                    copy: *copy,
                    on: !*enabled,
                },
                ask(title, text, yes),
            ))
        }
        (Intent::Sync, Target::Repository { id }) => Ok((
            Action::SyncRepository { id: id.clone() },
            ask(
                "Synchronize repository",
                format!(
                    "Synchronize {name} with its object storage? The server reads the storage \
                     again; jobs using it may wait until it is done."
                ),
                "synchronize it",
            ),
        )),
        (Intent::Sync | Intent::Full, Target::Organization { .. }) if version < ApiVersion::V7 => {
            Err(format!("API {version} cannot synchronize an organization; v7 can."))
        }
        (Intent::Sync, Target::Organization { id }) => Ok((
            Action::SyncOrganization {
                id: id.clone(),
                full: false,
            },
            ask(
                "Synchronize organization",
                format!(
                    "Synchronize {name} now? The server reads the users, groups, sites and \
                     teams that are new or changed in Microsoft 365 ({} reads them all).",
                    key_in(Table::Today, Intent::Full)
                ),
                "synchronize it",
            ),
        )),
        (Intent::Full, Target::Organization { id }) => Ok((
            Action::SyncOrganization {
                id: id.clone(),
                full: true,
            },
            ask(
                "Full synchronization",
                format!(
                    "Synchronize all of {name} now? The server reads every user, group, site \
                     and team again, which takes longer than an incremental sync."
                ),
                "synchronize all",
            ),
        )),
        (Intent::Maintenance, Target::Repository { id }) => {
            let build = build.unwrap_or("of an unknown build");
            if !crate::api::actions::build_at_least(build, 8, 5) {
                return Err(format!(
                    "Repository maintenance sessions need VB365 8.5 or newer; this server is {build}."
                ));
            }
            Ok((
                Action::RepositoryMaintenance { id: id.clone() },
                ask(
                    "Repository maintenance",
                    format!(
                        "Start a maintenance session on {name}? VB365 waits for the sessions \
                         that use it to end, then keeps jobs off it until the maintenance ends."
                    ),
                    "start it",
                ),
            ))
        }
        (Intent::Maintenance, Target::Proxy { .. }) if version < ApiVersion::V8 => {
            Err(format!("API {version} has no proxy maintenance; v8 has."))
        }
        (Intent::Maintenance, Target::Proxy { id, maintenance }) => {
            let text = if *maintenance {
                format!("Take {name} out of maintenance? Jobs use it again.")
            } else {
                format!(
                    "Put {name} in maintenance? Jobs stop using it, and Today no longer lists \
                     it as offline."
                )
            };
            Ok((
                Action::ProxyMaintenance {
                    id: id.clone(),
                    on: !*maintenance,
                },
                ask("Proxy maintenance", text, "do it"),
            ))
        }
        (intent, _) => Err(not_here(intent, name)),
    }
}

/// Why a key does nothing on a row.
fn not_here(intent: Intent, name: &str) -> String {
    let what = match intent {
        Intent::Start | Intent::Full | Intent::Stop | Intent::Toggle => "acts on a job",
        Intent::Sync => "synchronizes a repository or an organization",
        _ => "acts on a proxy or a repository",
    };
    format!("{} {what}; {name} is not one.", key_in(Table::Today, intent))
}

/// What the status line says once the server took an action.
pub fn done_words(action: &Action, name: &str) -> String {
    match action {
        Action::Start { full: false, .. } => format!("Started {name}; its row follows the run."),
        Action::Start { full: true, .. } => {
            format!("Started a full backup of {name}; its row follows the run.")
        }
        Action::Stop { .. } => format!("Asked {name} to stop."),
        Action::Enable { on: true, .. } => format!("Enabled {name}."),
        Action::Enable { on: false, .. } => format!("Disabled {name}."),
        Action::SyncRepository { .. } => format!("Synchronizing {name}."),
        Action::SyncOrganization { full, .. } => {
            let kind = if *full { "all of" } else { "what changed in" };
            format!("Synchronizing {kind} {name}; its row says how it went when read again.")
        }
        Action::RepositoryMaintenance { .. } => {
            format!("A maintenance session of {name} started; its row says so when read again.")
        }
        Action::SharePointVersions { all: true, .. } => {
            format!("{name} backs up every SharePoint version from its next run.")
        }
        Action::SharePointVersions { all: false, .. } => {
            format!("{name} backs up the latest SharePoint version only from its next run.")
        }
        Action::ProxyMaintenance { on: true, .. } => format!("{name} is in maintenance."),
        Action::ProxyMaintenance { on: false, .. } => format!("{name} is out of maintenance."),
    }
}

/// What the status line says when the server refused.
pub fn failed_words(action: &Action, name: &str, why: &str) -> String {
    let what = match action {
        Action::Start { .. } => "start",
        Action::Stop { .. } => "stop",
        Action::Enable { on: true, .. } => "enable",
        Action::Enable { on: false, .. } => "disable",
        Action::SyncRepository { .. } | Action::SyncOrganization { .. } => "synchronize",
        Action::ProxyMaintenance { .. } => "change maintenance of",
        Action::RepositoryMaintenance { .. } => "start maintenance of",
        Action::SharePointVersions { .. } => "change the SharePoint version backup of",
    };
    format!("Could not {what} {name} (not sent again): {why}")
}

/// Asks before acting: the question as a modal, or a word on why the key does nothing.
pub fn ask(
    intent: Intent,
    row: Option<&Attention>,
    shared: &mut Shared,
) -> (Option<(Action, String)>, Flow) {
    let Some(row) = row else {
        return (None, Flow::unchanged());
    };
    let build = shared.server.as_ref().and_then(|s| s.build.clone());
    match action_for(intent, row, shared.version(), build.as_deref()) {
        Ok((action, question)) => (
            Some((action, row.what.clone())),
            Flow::modal(Modal::Confirm(question)),
        ),
        Err(words) => {
            shared.status.say(words);
            (None, Flow::none())
        }
    }
}
