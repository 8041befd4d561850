//! Every difference between API versions v4–v8 lives here, so neither the client nor the
//! simulator ever compares version numbers on their own.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::models::{Region, RestoreType};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiVersion {
    V4,
    V5,
    V6,
    V7,
    V8,
}

impl ApiVersion {
    pub const ALL: [ApiVersion; 5] = [Self::V4, Self::V5, Self::V6, Self::V7, Self::V8];
    pub const NEWEST: ApiVersion = Self::V8;

    pub fn as_str(self) -> &'static str {
        match self {
            Self::V4 => "v4",
            Self::V5 => "v5",
            Self::V6 => "v6",
            Self::V7 => "v7",
            Self::V8 => "v8",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        let s = s.strip_prefix('v').unwrap_or(&s);
        Self::ALL.into_iter().find(|v| &v.as_str()[1..] == s)
    }

    /// Parses a comma-separated list such as `v6,v7,v8`.
    pub fn parse_list(s: &str) -> Result<Vec<Self>, String> {
        let mut out: Vec<Self> = s
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .map(|p| Self::parse(p).ok_or_else(|| format!("unknown API version '{}'", p.trim())))
            .collect::<Result<_, _>>()?;
        out.sort();
        out.dedup();
        if out.is_empty() {
            return Err("no API version given".into());
        }
        Ok(out)
    }

    /// v4/v5 predate `GET /ServiceInstance`; detection falls back to `GET /Organizations`.
    pub fn has_service_instance(self) -> bool {
        self >= Self::V6
    }
    pub fn has_device_code_check(self) -> bool {
        self >= Self::V6
    }
    pub fn has_logout(self) -> bool {
        self >= Self::V7
    }
    /// v7+ require an antiforgery cookie unless the token request opts out.
    pub fn sends_antiforgery_opt_out(self) -> bool {
        self >= Self::V7
    }
    /// v8 answers `GET /Organizations` with a page; earlier versions with a bare array.
    pub fn organizations_paged(self) -> bool {
        self >= Self::V8
    }
    /// v6 marks `extendedView` as required on `GET /Organizations`.
    pub fn organizations_need_extended_view(self) -> bool {
        self == Self::V6
    }
    /// v4/v5 explore and stop through `…/Action` with a wrapping body.
    pub fn uses_action_endpoints(self) -> bool {
        self <= Self::V5
    }
    /// Folders and items inside a mailbox of a restore session (the v4/v5 shapes are not
    /// documented in the seeds, so the app does not offer them there).
    pub fn has_mailbox_folders(self) -> bool {
        self >= Self::V6
    }
    pub fn has_total_count(self) -> bool {
        matches!(self, Self::V6 | Self::V7)
    }
    pub fn has_description(self) -> bool {
        self >= Self::V7
    }
    pub fn has_repository_choice(self) -> bool {
        self >= Self::V8
    }
    pub fn has_session_ordering(self) -> bool {
        self >= Self::V8
    }
    pub fn has_teams(self) -> bool {
        self >= Self::V5
    }
    pub fn has_teams_chats(self) -> bool {
        self >= Self::V6
    }
    pub fn has_team_settings(self) -> bool {
        self >= Self::V7
    }
    pub fn has_event_org_ids(self) -> bool {
        self >= Self::V8
    }
    pub fn has_login_graph_app(self) -> bool {
        self >= Self::V8
    }
    /// The error `errorCode` values this version's `RESTExceptionInfo` may carry.
    pub fn error_codes(self) -> &'static [&'static str] {
        match self {
            Self::V4 | Self::V5 | Self::V6 => &[],
            Self::V7 => &["ProxyOffline"],
            Self::V8 => &[
                "ProxyOffline",
                "OutdatedChangeToken",
                "ResourceAccessDenied",
                "ResourceNotFound",
                "ParameterValidationFailure",
                "OrganizationTransfer",
                "RepositoryOwnerChangeTooManyLinks",
                "Timeout",
                "OperationConflict",
                "HttpError",
            ],
        }
    }
    pub fn has_stack_trace(self) -> bool {
        self >= Self::V8
    }

    /// Status of a successful `POST /Organizations`.
    pub fn create_organization_status(self) -> u16 {
        match self {
            Self::V6 | Self::V7 => 200,
            _ => 201,
        }
    }
    /// Status of a successful explore (tenant or one organization).
    pub fn explore_status(self) -> u16 {
        if self >= Self::V8 { 201 } else { 200 }
    }
    /// Status of a successful stop; v8 answers without a body.
    pub fn stop_status(self) -> u16 {
        if self >= Self::V8 { 204 } else { 200 }
    }
    pub fn logout_status(self) -> u16 {
        if self >= Self::V8 { 204 } else { 200 }
    }

    /// The region enum as this version spells it.
    pub fn regions(self) -> &'static [Region] {
        &[
            Region::Worldwide,
            Region::USGovernment,
            Region::USDefence,
            Region::China,
            Region::Germany,
        ]
    }
    pub fn region_name(self, region: &Region) -> String {
        let legacy = self <= Self::V5;
        match region {
            Region::Worldwide => "Worldwide".into(),
            Region::Germany => "Germany".into(),
            Region::China => "China".into(),
            Region::USGovernment if legacy => "USgovCommunity".into(),
            Region::USGovernment => "USGovernment".into(),
            Region::USDefence if legacy => "USgovDefence".into(),
            Region::USDefence => "USDefence".into(),
            Region::Unknown(s) => s.clone(),
        }
    }
    /// Whether a region name (as received) belongs to this version's enum.
    pub fn accepts_region_name(self, name: &str) -> bool {
        self.regions()
            .iter()
            .any(|r| self.region_name(r).eq_ignore_ascii_case(name))
    }

    pub fn restore_types(self) -> &'static [RestoreType] {
        if self.has_teams() {
            &[
                RestoreType::Vex,
                RestoreType::Veod,
                RestoreType::Vesp,
                RestoreType::Vet,
            ]
        } else {
            &[RestoreType::Vex, RestoreType::Veod, RestoreType::Vesp]
        }
    }
    /// v4/v5 spell restore types in lower case.
    pub fn restore_type_name(self, t: &RestoreType) -> String {
        let name = t.as_str();
        if self <= Self::V5 {
            name.to_ascii_lowercase()
        } else {
            name.to_string()
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions_and_lists() {
        assert_eq!(ApiVersion::parse("V7"), Some(ApiVersion::V7));
        assert_eq!(ApiVersion::parse("8"), Some(ApiVersion::V8));
        assert_eq!(ApiVersion::parse("v9"), None);
        assert_eq!(
            ApiVersion::parse_list("v8, v6,v7,v6").unwrap(),
            vec![ApiVersion::V6, ApiVersion::V7, ApiVersion::V8]
        );
        assert!(ApiVersion::parse_list("v6,x").is_err());
    }

    #[test]
    fn legacy_region_names() {
        assert_eq!(
            ApiVersion::V4.region_name(&Region::USGovernment),
            "USgovCommunity"
        );
        assert_eq!(ApiVersion::V8.region_name(&Region::USDefence), "USDefence");
        assert!(ApiVersion::V5.accepts_region_name("usgovdefence"));
        assert!(!ApiVersion::V6.accepts_region_name("USgovDefence"));
    }

    #[test]
    fn status_codes_follow_the_schemas() {
        assert_eq!(ApiVersion::V6.create_organization_status(), 200);
        assert_eq!(ApiVersion::V8.create_organization_status(), 201);
        assert_eq!(ApiVersion::V7.stop_status(), 200);
        assert_eq!(ApiVersion::V8.stop_status(), 204);
        assert_eq!(ApiVersion::V4.restore_type_name(&RestoreType::Vet), "vet");
    }
}
