use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares a string enum that matches case-insensitively, keeps unknown values, and
/// serializes with the canonical spelling.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            Unknown(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Unknown(s) => s.as_str(),
                }
            }
            pub fn from_name(s: &str) -> Self {
                $(
                    if s.eq_ignore_ascii_case($text) $(|| s.eq_ignore_ascii_case($alias))* {
                        return Self::$variant;
                    }
                )+
                Self::Unknown(s.to_string())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::from_name(&s))
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// Microsoft 365 region. v4/v5 names (`USgovCommunity`, `USgovDefence`) map onto v6+ ones.
    Region {
        Worldwide => "Worldwide",
        USGovernment => "USGovernment" | "USgovCommunity" | "US Government (GCC)",
        USDefence => "USDefence" | "USgovDefence" | "US Government (DoD)",
        China => "China" | "China (21Vianet)",
        Germany => "Germany",
    }
);

impl Region {
    /// The region in an operator's words (the wire name stays in the body).
    pub fn label(&self) -> &str {
        match self {
            Region::USGovernment => "US Government (GCC)",
            Region::USDefence => "US Government (DoD)",
            Region::China => "China (21Vianet)",
            other => other.as_str(),
        }
    }

    /// The region in a table column or a row of choices.
    pub fn short(&self) -> &str {
        match self {
            Region::USGovernment => "US GCC",
            Region::USDefence => "US DoD",
            other => other.as_str(),
        }
    }
}

string_enum!(
    /// `RESTExceptionInfo.errorCode`.
    ErrorCode {
        ProxyOffline => "ProxyOffline",
        OutdatedChangeToken => "OutdatedChangeToken",
        ResourceAccessDenied => "ResourceAccessDenied",
        ResourceNotFound => "ResourceNotFound",
        ParameterValidationFailure => "ParameterValidationFailure",
        OrganizationTransfer => "OrganizationTransfer",
        RepositoryOwnerChangeTooManyLinks => "RepositoryOwnerChangeTooManyLinks",
        Timeout => "Timeout",
        OperationConflict => "OperationConflict",
        HttpError => "HttpError",
    }
);

/// A server timestamp. The API writes seven fractional digits and uses
/// `9999-12-31T23:59:59.9999999Z` for "not ended"; token dates may be RFC 1123.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(Self(t.with_timezone(&Utc)));
        }
        if let Ok(t) = DateTime::parse_from_rfc2822(s) {
            return Some(Self(t.with_timezone(&Utc)));
        }
        // Some servers omit the offset; the API speaks UTC.
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|n| Self(n.and_utc()))
    }
    /// The open-ended marker used for sessions that have not ended.
    pub fn is_open_ended(&self) -> bool {
        use chrono::Datelike;
        self.0.year() >= 9999
    }
    pub fn open_ended() -> Self {
        Self::parse("9999-12-31T23:59:59.9999999Z").expect("constant parses")
    }
    pub fn to_wire(&self) -> String {
        // Seven fractional digits, as the server writes them.
        let base = self.0.format("%Y-%m-%dT%H:%M:%S").to_string();
        let frac = self.0.timestamp_subsec_nanos() / 100;
        format!("{base}.{frac:07}Z")
    }
    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_wire())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_wire())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("'{s}' is not a date and time")))
    }
}

/// A page of a collection: `{offset, limit, setId, results, _links}`; v6/v7 add `totalCount`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    #[serde(default)]
    pub offset: u64,
    #[serde(default)]
    pub limit: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_id: Option<String>,
    #[serde(default = "Vec::new")]
    pub results: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    #[serde(rename = "_links", default, skip_serializing_if = "Option::is_none")]
    pub links: Option<serde_json::Value>,
}

impl<T> Page<T> {
    pub fn from_vec(results: Vec<T>) -> Self {
        let n = results.len() as u64;
        Page {
            offset: 0,
            limit: n,
            set_id: None,
            results,
            total_count: Some(n),
            links: None,
        }
    }
}

/// `RESTExceptionInfo`: `{message}` in v6, `errorCode` from v7, `stackTrace` in v8.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RestExceptionInfo {
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<ErrorCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_trace: Option<String>,
}

/// A failed token request answers in OAuth shape.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct OAuthError {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// `OAuthTokenResponse`. Tokens stay secret; the dotted dates may be RFC 1123 or ISO 8601.
#[derive(Clone, Debug, Deserialize)]
pub struct TokenResponse {
    pub access_token: SecretString,
    #[serde(default)]
    pub refresh_token: Option<SecretString>,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default)]
    pub expires_in: Option<i64>,
    #[serde(rename = "userName", default)]
    pub user_name: Option<String>,
    #[serde(rename = ".issued", default)]
    pub issued: Option<String>,
    #[serde(rename = ".expires", default)]
    pub expires: Option<String>,
}

/// `RESTServiceInstance`: the server's installation id and build number.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInstance {
    #[serde(default)]
    pub installation_id: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
}

/// `RESTDeviceCodeResponse`. `expiresIn` is seconds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCode {
    pub user_code: String,
    pub verification_url: String,
    #[serde(default)]
    pub expires_in: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `RESTDeviceCodeRequestOptions` for `restoreDeviceCode`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RestoreDeviceCodeRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_application_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_region: Option<Region>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_organization_name: Option<String>,
}

/// Serializes an optional secret into a request body (the only place it is exposed).
pub fn serialize_secret<S: Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(secret) => s.serialize_str(secret.expose_secret()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_digit_and_open_ended_timestamps() {
        let t = Timestamp::parse("2022-01-21T22:53:13.9685934Z").unwrap();
        assert_eq!(t.to_wire(), "2022-01-21T22:53:13.9685934Z");
        let end = Timestamp::parse("9999-12-31T23:59:59.9999999Z").unwrap();
        assert!(end.is_open_ended());
        assert_eq!(end.to_wire(), "9999-12-31T23:59:59.9999999Z");
        let rfc1123 = Timestamp::parse("Thu, 30 Jan 2020 22:08:47 GMT").unwrap();
        assert_eq!(rfc1123.to_rfc3339(), "2020-01-30T22:08:47Z");
        assert!(Timestamp::parse("yesterday").is_none());
    }

    #[test]
    fn unknown_enum_values_are_kept() {
        let r: Region = serde_json::from_str("\"usgovdefence\"").unwrap();
        assert_eq!(r, Region::USDefence);
        // Operator words read back to the same region, and never reach the wire.
        for r in [
            Region::Worldwide,
            Region::USGovernment,
            Region::USDefence,
            Region::China,
        ] {
            assert_eq!(Region::from_name(r.label()), r);
            assert_eq!(
                Region::from_name(r.short()).as_str() == r.as_str(),
                r.short() == r.as_str()
            );
        }
        assert_eq!(
            serde_json::to_string(&Region::from_name("US Government (GCC)")).unwrap(),
            "\"USGovernment\""
        );
        let r: Region = serde_json::from_str("\"Mars\"").unwrap();
        assert_eq!(r, Region::Unknown("Mars".into()));
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"Mars\"");
        let e: RestExceptionInfo =
            serde_json::from_str(r#"{"message":"x","errorCode":"BrandNew","extra":1}"#).unwrap();
        assert_eq!(e.error_code, Some(ErrorCode::Unknown("BrandNew".into())));
    }

    #[test]
    fn page_tolerates_missing_fields() {
        let p: Page<u32> = serde_json::from_str(r#"{"results":[1,2]}"#).unwrap();
        assert_eq!(p.results, vec![1, 2]);
        assert_eq!(p.total_count, None);
    }
}
