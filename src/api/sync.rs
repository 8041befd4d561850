//! Organization synchronization (v7+): each organization's sync state, read for Today and
//! the organization page. v8 answers every organization's at once; v7 one at a time.

use super::client::{Call, Client};
use super::dashboard::Morning;
use super::error::ApiError;
use super::seg;
use super::version::ApiVersion;

/// Each organization's sync state by its id, and those that could not be read (v7).
pub type SyncStates = (
    std::collections::BTreeMap<String, super::models::SyncState>,
    Vec<(String, ApiError)>,
);

impl Client {
    /// The organizations' sync state into `m` (read once the organizations are known).
    pub(super) async fn read_syncs(&self, m: &mut Morning) {
        m.unread.retain(|u| !u.starts_with("organization sync:"));
        match self.sync_states(&m.organizations).await {
            Ok((syncs, failed)) => {
                // What could not be read again stays as read before.
                let kept: Vec<_> = failed
                    .iter()
                    .filter_map(|(id, _)| m.syncs.remove_entry(id))
                    .collect();
                m.syncs = syncs;
                m.syncs.extend(kept);
                if let Some((id, e)) = failed.first() {
                    let n = failed.len();
                    m.unread
                        .push(format!("organization sync: {n} not read, {id} first: {e}"));
                }
            }
            Err(e) => m.unread.push(format!("organization sync: {e}")),
        }
    }

    /// `GET /Organizations/{id}/SyncState` (v7+), with the id it is for.
    async fn sync_state(&self, id: String) -> (String, Result<super::models::SyncState, ApiError>) {
        let state = self.sync_state_of(&id).await;
        (id, state)
    }

    /// `GET /Organizations/{id}/SyncState` (v7+).
    pub async fn sync_state_of(&self, id: &str) -> Result<super::models::SyncState, ApiError> {
        const OP: &str = "Read organization sync state";
        self.require(OP, |v| v >= ApiVersion::V7)?;
        let path = format!("Organizations/{}/SyncState", seg(id));
        self.call_json(Call::get(OP, path)).await
    }

    /// Every organization's sync state: v8 in one call, v7 one call an organization (eight
    /// at a time; those that fail are named beside the rest), v6 has none.
    pub async fn sync_states(
        &self,
        orgs: &[super::models::Organization],
    ) -> Result<SyncStates, ApiError> {
        use futures::StreamExt;
        const OP: &str = "Read organization sync state";
        let v = self.version();
        if v >= ApiVersion::V8 {
            let all: Vec<super::models::SyncState> = self
                .call_json(Call::get(OP, "Organizations/SyncState"))
                .await?;
            let by_org = all
                .into_iter()
                .filter_map(|s| Some((s.organization_id.clone()?, s)));
            return Ok((by_org.collect(), Vec::new()));
        }
        if v < ApiVersion::V7 {
            return Ok(Default::default());
        }
        let ids: Vec<String> = orgs.iter().filter_map(|o| o.id.clone()).collect();
        let read: Vec<(String, Result<super::models::SyncState, ApiError>)> =
            futures::stream::iter(ids)
                .map(|id| self.sync_state(id))
                .buffer_unordered(8)
                .collect()
                .await;
        let (mut states, mut failed) = (std::collections::BTreeMap::new(), Vec::new());
        for (id, state) in read {
            match state {
                Ok(s) => {
                    states.insert(id, s);
                }
                Err(e) => failed.push((id, e)),
            }
        }
        Ok((states, failed))
    }
}
