//! An organization's v8 settings beyond its object: which SharePoint versions are backed up
//! (`versionBackupOptions`) and where a Multi-Geo tenant keeps its data
//! (`tenantInformation`).

use super::client::{Call, Client};
use super::error::ApiError;
use super::models::{TenantInformation, VersionBackupOptions};
use super::seg;
use super::version::ApiVersion;

/// Both settings as read, each with why it could not be.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgSettings {
    pub versions: Result<VersionBackupOptions, String>,
    pub tenant: Result<TenantInformation, String>,
}

impl Client {
    /// `GET /Organizations/{id}/versionBackupOptions` and `…/tenantInformation` (v8), at once.
    pub async fn org_settings(&self, id: &str) -> Result<OrgSettings, ApiError> {
        const OP: &str = "Read organization settings";
        self.require(OP, |v| v >= ApiVersion::V8)?;
        let at = |what: &str| format!("Organizations/{}/{what}", seg(id));
        let (versions, tenant) = tokio::join!(
            self.call_json::<VersionBackupOptions>(Call::get(OP, at("versionBackupOptions"))),
            self.call_json::<TenantInformation>(Call::get(OP, at("tenantInformation"))),
        );
        Ok(OrgSettings {
            versions: versions.map_err(|e| e.to_string()),
            tenant: tenant.map_err(|e| e.to_string()),
        })
    }
}
