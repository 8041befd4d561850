//! What a restore answers: its counts, warnings and errors, in the v6/v7 and v8 shapes.

use serde::Deserialize;

/// What a restore did: v6/v7 count created and merged items; v8 counts restored ones and
/// the total.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreStats {
    #[serde(default)]
    pub created_items_count: Option<u64>,
    #[serde(default)]
    pub merged_items_count: Option<u64>,
    #[serde(default)]
    pub failed_folders_count: Option<u64>,
    #[serde(default)]
    pub total_items_count: Option<u64>,
    #[serde(default)]
    pub restored_items_count: Option<u64>,
    #[serde(default)]
    pub failed_items_count: Option<u64>,
    #[serde(default)]
    pub skipped_items_count: Option<u64>,
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
    /// v8's errors.
    #[serde(default)]
    pub errors: Option<Vec<String>>,
    /// v6/v7's errors.
    #[serde(default)]
    pub exceptions: Option<Vec<String>>,
    /// v6/v7: why the restore stopped before its end.
    #[serde(default)]
    pub cannot_continue_error: Option<String>,
    /// v6/v7 OneDrive and SharePoint: skipped for an error, or for having no changes.
    #[serde(default)]
    pub skipped_items_by_error_count: Option<u64>,
    #[serde(default)]
    pub skipped_items_by_no_changes_count: Option<u64>,
    /// v6/v7 sites and lists: the sites and lists restored, and those that failed.
    #[serde(default)]
    pub restored_webs_count: Option<u64>,
    #[serde(default)]
    pub failed_webs_count: Option<u64>,
    #[serde(default)]
    pub restored_lists_count: Option<u64>,
    #[serde(default)]
    pub failed_lists_count: Option<u64>,
    /// v6/v7 bulk restores: how it went, why it failed, and each mailbox's or OneDrive's
    /// own result.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub details: Option<Vec<BulkDetail>>,
    /// Items sent by e-mail (a send answers nothing else).
    #[serde(skip)]
    pub sent: Option<u64>,
    /// v6/v7 OneDrive, SharePoint and Teams: what went wrong with which object.
    #[serde(default)]
    pub restore_issues: Option<Vec<RestoreIssue>>,
}

/// One object a restore had trouble with (`RESTRestoreObject`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreIssue {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
}

/// One mailbox or OneDrive of a v6/v7 bulk restore (`RESTBulkMailboxRestoreStatistics`,
/// `RESTExtendedCommonStatistic`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkDetail {
    #[serde(default)]
    pub mailbox: Option<Named>,
    #[serde(default)]
    pub one_drive: Option<Named>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub details: Option<Box<RestoreStats>>,
}

/// Something a result names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Named {
    #[serde(default)]
    pub name: Option<String>,
}

impl BulkDetail {
    fn name(&self) -> String {
        self.mailbox
            .as_ref()
            .or(self.one_drive.as_ref())
            .and_then(|n| n.name.clone())
            .unwrap_or_else(|| "one of them".into())
    }
    fn failed(&self) -> bool {
        self.status.as_deref() == Some("Failed")
    }
}

impl RestoreIssue {
    fn name(&self) -> String {
        self.title
            .clone()
            .or_else(|| self.path.clone())
            .unwrap_or_else(|| "an object".into())
    }
}

impl RestoreStats {
    /// Every error text the server gave.
    pub fn errors(&self) -> Vec<String> {
        let mut all: Vec<String> = self.cannot_continue_error.iter().cloned().collect();
        all.extend(self.error.iter().cloned());
        for d in self.details.iter().flatten() {
            if let Some(e) = &d.error {
                all.push(format!("{}: {e}", d.name()));
            }
            for e in d.details.as_ref().map(|s| s.errors()).unwrap_or_default() {
                all.push(format!("{}: {e}", d.name()));
            }
        }
        all.extend(self.exceptions.iter().flatten().cloned());
        all.extend(self.errors.iter().flatten().cloned());
        for issue in self.restore_issues.iter().flatten() {
            if let Some(e) = &issue.error {
                all.push(format!("{}: {e}", issue.name()));
            }
        }
        all
    }
    pub fn warnings(&self) -> Vec<String> {
        let mut all: Vec<String> = self.warnings.iter().flatten().cloned().collect();
        for issue in self.restore_issues.iter().flatten() {
            let name = issue.name();
            all.extend(
                issue
                    .warnings
                    .iter()
                    .flatten()
                    .map(|w| format!("{name}: {w}")),
            );
        }
        all
    }
    /// Items skipped, however the server counts them.
    fn skipped(&self) -> u64 {
        self.skipped_items_count.unwrap_or(0)
            + self.skipped_items_by_error_count.unwrap_or(0)
            + self.skipped_items_by_no_changes_count.unwrap_or(0)
    }
    /// Items done so far, whatever became of them (v8).
    pub fn processed(&self) -> u64 {
        self.restored_items_count.unwrap_or(0)
            + self.failed_items_count.unwrap_or(0)
            + self.skipped()
    }
    /// Whether a v8 restore has processed every item it counts.
    pub fn complete(&self) -> bool {
        self.total_items_count
            .is_some_and(|t| t > 0 && self.processed() >= t)
    }
    /// "3 created, 1 merged, 0 skipped, 0 failed" (v6/v7) or "4 of 4 restored, …" (v8).
    pub fn summary(&self) -> String {
        let n = |v: Option<u64>| v.unwrap_or(0);
        let tail = format!(
            "{} skipped, {} failed",
            self.skipped(),
            n(self.failed_items_count)
        );
        if let Some(sent) = self.sent {
            return match sent {
                1 => "1 item sent".into(),
                n => format!("{n} items sent"),
            };
        }
        if let Some(details) = &self.details {
            let failed = details.iter().filter(|d| d.failed()).count();
            let created: u64 = details
                .iter()
                .filter_map(|d| d.details.as_ref()?.created_items_count)
                .sum();
            return format!(
                "{} of {} restored, {failed} failed; {created} items created",
                details.len() - failed,
                details.len()
            );
        }
        if let Some(webs) = self.restored_webs_count {
            return format!(
                "{webs} sites and {} lists restored, {} sites and {} lists failed",
                n(self.restored_lists_count),
                n(self.failed_webs_count),
                n(self.failed_lists_count)
            );
        }
        match self.total_items_count {
            Some(total) => format!(
                "{} of {total} restored, {tail}",
                n(self.restored_items_count)
            ),
            None => format!(
                "{} created, {} merged, {tail}",
                n(self.created_items_count),
                n(self.merged_items_count)
            ),
        }
    }
}
