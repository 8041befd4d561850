//! The restore sessions the simulator starts with: three past ones of the organizations,
//! and one the administrator left working for the restore operators.

use chrono::{DateTime, Duration as ChronoDuration, Utc};

use super::data::{Epoch, uuid_for};
use super::state::StoredSession;
use crate::api::models::{
    Organization, RestoreSession, RestoreType, SessionResult, SessionState, Timestamp,
};

pub fn seed_sessions(orgs: &[Organization], user: &str, epoch: Epoch) -> Vec<StoredSession> {
    let base = epoch.on(20, 9, 15);
    let kinds = [RestoreType::Vex, RestoreType::Vesp, RestoreType::Veod];
    kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let org = &orgs[i % orgs.len()];
            let created = base + ChronoDuration::hours(i as i64 * 5);
            let session = RestoreSession {
                id: uuid_for(20, i as u64),
                name: Some(format!("{} restore", kind.label())),
                organization: org.name.clone(),
                kind: kind.clone(),
                creation_time: Timestamp(created),
                end_time: Some(Timestamp(created + ChronoDuration::minutes(42))),
                state: SessionState::Stopped,
                result: SessionResult::Success,
                initiated_by: Some(user.to_string()),
                details: Some(String::new()),
                scope_name: Some(String::new()),
                client_host: Some("10.0.0.15".into()),
                reason: Some("Stopped by user".into()),
                e_tag: Some(1),
            };
            StoredSession {
                session,
                org_id: org.id.clone(),
                created: tokio::time::Instant::now(),
                stopped: Some((tokio::time::Instant::now(), 3)),
                options: Default::default(),
            }
        })
        .chain(std::iter::once(operator_desk_session(orgs, user, base)))
        .collect()
}

/// An Exchange session the administrator left working for the restore operators of the
/// first organization: what an operator opens to restore mail (operators start none).
fn operator_desk_session(orgs: &[Organization], user: &str, base: DateTime<Utc>) -> StoredSession {
    let org = &orgs[0];
    let created = base - ChronoDuration::days(1);
    StoredSession {
        session: RestoreSession {
            id: uuid_for(20, 9),
            name: Some("Exchange restore for the restore operators".into()),
            organization: org.name.clone(),
            kind: RestoreType::Vex,
            creation_time: Timestamp(created),
            end_time: Some(Timestamp::open_ended()),
            state: SessionState::Working,
            result: SessionResult::Success,
            initiated_by: Some(user.to_string()),
            details: Some(String::new()),
            scope_name: Some(org.display_name().to_string()),
            client_host: Some("10.0.0.15".into()),
            reason: Some("Left open for the service desk".into()),
            e_tag: Some(1),
        },
        org_id: org.id.clone(),
        created: tokio::time::Instant::now(),
        stopped: None,
        options: Default::default(),
    }
}
