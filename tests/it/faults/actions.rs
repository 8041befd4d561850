//! What each action of the fault matrix (a job, repository, organization or proxy
//! operation) sends in a cell.

use super::{Ctx, Op};

/// What a job, repository or proxy operation does in a cell.
pub(super) fn action(op: Op, ctx: &Ctx) -> vb365_tui::api::actions::Action {
    use vb365_tui::api::actions::Action;
    let job = ctx.job_id.clone();
    match op {
        Op::StartJob => Action::Start {
            job,
            copy: false,
            full: false,
        },
        Op::DisableJob => Action::Enable {
            job,
            copy: false,
            on: false,
        },
        Op::SyncRepository => Action::SyncRepository {
            id: ctx.repository_id.clone(),
        },
        Op::SyncOrganization => Action::SyncOrganization {
            id: ctx.org_id.clone(),
            full: false,
        },
        Op::EnableJob => Action::Enable {
            job: ctx.job_id.clone(),
            copy: false,
            on: true,
        },
        Op::RepositoryMaintenance => Action::RepositoryMaintenance {
            id: ctx.repository_id.clone(),
        },
        Op::SharePointVersions => Action::SharePointVersions {
            organization: ctx.org_id.clone(),
            all: false,
        },
        _ => Action::ProxyMaintenance {
            id: ctx.proxy_id.clone(),
            on: true,
        },
    }
}
