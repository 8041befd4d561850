use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::common::{Region, Timestamp, serialize_secret, string_enum};

string_enum!(
    /// `RestOrganizationType`.
    OrganizationType {
        Office365 => "Office365" | "Microsoft 365",
        OnPremises => "OnPremises" | "On-premises",
        Hybrid => "Hybrid",
    }
);

impl OrganizationType {
    /// The type in an operator's words.
    pub fn label(&self) -> &str {
        match self {
            OrganizationType::Office365 => "Microsoft 365",
            OrganizationType::OnPremises => "On-premises",
            other => other.as_str(),
        }
    }

    /// The type in a table column.
    pub fn short(&self) -> &str {
        match self {
            OrganizationType::Office365 => "M365",
            OrganizationType::OnPremises => "On-prem",
            other => other.as_str(),
        }
    }
}

/// `RestOrganizationComposed`: the same schema serves the request to add an organization and
/// the organization the server returns. Secrets are serialized only into request bodies.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_name: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrganizationType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_exchange_online: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_share_point_online: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_teams_online: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_teams_chats_online: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configure_application: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_application_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_online_settings: Option<Office365ConnectionSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_point_online_settings: Option<Office365ConnectionSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_exchange: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_settings: Option<ExchangeSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_sharepoint: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharepoint_settings: Option<SharepointSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_backedup: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_backuptime: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backuptime: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backed_up_organization_id: Option<String>,
}

/// `RESTOffice365ConnectionSettings`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Office365ConnectionSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_application_only_auth: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_organization_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_point_save_all_web_parts: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    pub password: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_admin_access: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_mfa: Option<bool>,
    #[serde(
        rename = "useCustomVeeamAADApplication",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub use_custom_veeam_aad_application: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    pub application_secret: Option<SecretString>,
    /// Base64 of a PFX file.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    pub application_certificate: Option<SecretString>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    pub application_certificate_password: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_certificate_thumbprint: Option<String>,
}

/// `RESTExchangeSettings` (on-premises Exchange). Note the lower-case tails of the names.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    pub password: Option<SecretString>,
    #[serde(rename = "useSSL", default, skip_serializing_if = "Option::is_none")]
    pub use_ssl: Option<bool>,
    #[serde(
        rename = "skipCAverification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_ca_verification: Option<bool>,
    #[serde(
        rename = "skipCommonnameverification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_commonname_verification: Option<bool>,
    #[serde(
        rename = "skipRevocationcheck",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_revocation_check: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_impersonation: Option<bool>,
    #[serde(
        rename = "configureThrottlingpolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub configure_throttling_policy: Option<bool>,
}

/// `RESTSharepointSettings` (on-premises SharePoint).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharepointSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_secret"
    )]
    pub password: Option<SecretString>,
    #[serde(rename = "useSSL", default, skip_serializing_if = "Option::is_none")]
    pub use_ssl: Option<bool>,
    #[serde(
        rename = "skipCAverification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_ca_verification: Option<bool>,
    #[serde(
        rename = "skipCommonnameverification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_commonname_verification: Option<bool>,
    #[serde(
        rename = "skipRevocationcheck",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_revocation_check: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_port: Option<i32>,
    #[serde(
        rename = "grantAccesstositecollections",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub grant_access_to_site_collections: Option<bool>,
}

impl Organization {
    /// A copy with every secret removed, as the server answers.
    pub fn without_secrets(&self) -> Organization {
        let mut o = self.clone();
        for s in [
            &mut o.exchange_online_settings,
            &mut o.share_point_online_settings,
        ]
        .into_iter()
        .flatten()
        {
            s.password = None;
            s.application_secret = None;
            s.application_certificate = None;
            s.application_certificate_password = None;
        }
        if let Some(s) = &mut o.exchange_settings {
            s.password = None;
        }
        if let Some(s) = &mut o.sharepoint_settings {
            s.password = None;
        }
        o.user_code = None;
        o
    }

    /// Display name: `name`, else `officeName`, else the id.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .or(self.office_name.as_deref())
            .or(self.id.as_deref())
            .unwrap_or("(unnamed)")
    }

    /// The Microsoft 365 region, which an on-premises organization does not have (whatever
    /// a server fills in for it).
    pub fn microsoft_365_region(&self) -> Option<&Region> {
        (self.kind != Some(OrganizationType::OnPremises))
            .then_some(self.region.as_ref())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn secrets_go_into_the_body_but_not_into_debug() {
        let org = Organization {
            kind: Some(OrganizationType::Office365),
            exchange_online_settings: Some(Office365ConnectionSettings {
                application_secret: Some(SecretString::from("s3cr3t-value")),
                ..Default::default()
            }),
            ..Default::default()
        };
        let body = serde_json::to_string(&org).unwrap();
        assert!(body.contains("\"applicationSecret\":\"s3cr3t-value\""));
        assert!(!format!("{org:?}").contains("s3cr3t-value"));
        let back: Organization = serde_json::from_str(&body).unwrap();
        let s = back.exchange_online_settings.unwrap().application_secret;
        assert_eq!(s.unwrap().expose_secret(), "s3cr3t-value");
        assert!(
            !serde_json::to_string(&org.without_secrets())
                .unwrap()
                .contains("s3cr3t")
        );
    }

    #[test]
    fn on_premises_field_names_match_the_schema() {
        let org = Organization {
            sharepoint_settings: Some(SharepointSettings {
                use_ssl: Some(true),
                skip_ca_verification: Some(false),
                grant_access_to_site_collections: Some(true),
                server_port: Some(5985),
                ..Default::default()
            }),
            ..Default::default()
        };
        let v = serde_json::to_value(&org).unwrap();
        let s = &v["sharepointSettings"];
        assert_eq!(s["useSSL"], true);
        assert_eq!(s["skipCAverification"], false);
        assert_eq!(s["grantAccesstositecollections"], true);
        assert_eq!(s["serverPort"], 5985);
    }
}
