//! The keys of the wizard's fields, and the fields of each step.

use crate::app::forms::{Field, Kind};

pub const AUTH_MODES: &[&str] = &[
    "Modern app-only, new application",
    "Modern app-only, existing application",
    "Modern with legacy protocols",
    "Basic (deprecated)",
];
const APP_CREDENTIALS: &[&str] = &["Certificate file (PFX)", "Certificate thumbprint"];
const LEGACY_CREDENTIALS: &[&str] = &["Application secret", "Certificate file (PFX)"];

/// A Microsoft 365 service with its own authentication settings (a step of its own unless
/// SharePoint Online uses the Exchange Online settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Exchange Online (and Teams).
    Exchange,
    /// SharePoint Online and OneDrive.
    SharePoint,
}

/// An on-premises server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    Exchange,
    SharePoint,
}

/// A field of the Microsoft 365 authentication step of one service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthField {
    /// How to authenticate: one of [`AUTH_MODES`].
    Mode,
    /// The Microsoft 365 organization name.
    Organization,
    AppName,
    AppId,
    /// Certificate file or thumbprint, for an existing application.
    Credential,
    /// Secret or certificate file, with legacy protocols.
    LegacyCredential,
    Secret,
    CertPath,
    CertPassword,
    Thumbprint,
    Configure,
    Account,
    Password,
    Mfa,
    GrantAdmin,
    CustomAad,
}

/// A field of an on-premises server step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerField {
    /// Host name or IP address.
    Host,
    User,
    Password,
    /// SharePoint only.
    Port,
    Ssl,
    SkipCa,
    SkipCn,
    SkipRevocation,
    /// SharePoint only.
    Sites,
    /// Exchange only.
    Impersonation,
    /// Exchange only.
    Throttling,
}

/// Names a field of the wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WizardKey {
    Type,
    Region,
    ExchangeOnline,
    SharePointOnline,
    Teams,
    TeamsChats,
    OnPremExchange,
    OnPremSharePoint,
    Description,
    /// SharePoint Online uses the Exchange Online settings.
    SameAuth,
    WebParts,
    Auth(Service, AuthField),
    Server(Server, ServerField),
}

pub(super) fn auth_fields(p: Service) -> Vec<Field<WizardKey>> {
    use AuthField::*;
    let k = |f: AuthField| WizardKey::Auth(p, f);
    vec![
        Field::new(
            k(Mode),
            "Authentication",
            Kind::Choice(AUTH_MODES),
            "Space or ←/→ chooses; use modern app-only for new organizations",
        ),
        Field::new(
            k(Organization),
            "Organization",
            Kind::Text,
            "the Microsoft 365 organization name, e.g. contoso.onmicrosoft.com",
        ),
        Field::new(
            k(AppName),
            "New app name",
            Kind::Text,
            "the Microsoft Entra application VB365 creates",
        )
        .with_text("Veeam Backup for Microsoft 365"),
        Field::new(
            k(AppId),
            "Application id",
            Kind::Text,
            "the application (client) id, a GUID",
        ),
        Field::new(
            k(Credential),
            "Credential",
            Kind::Choice(APP_CREDENTIALS),
            "how the application proves itself",
        ),
        Field::new(
            k(LegacyCredential),
            "App credential",
            Kind::Choice(LEGACY_CREDENTIALS),
            "a secret or a certificate, never both",
        ),
        Field::new(
            k(Secret),
            "App secret",
            Kind::Secret,
            "the application's client secret",
        ),
        Field::new(
            k(CertPath),
            "Certificate",
            Kind::Path,
            "a .pfx file on this machine (~ is home), opened with the password below",
        ),
        Field::new(
            k(CertPassword),
            "Cert password",
            Kind::Secret,
            "the PFX file's password (empty if it has none)",
        ),
        Field::new(
            k(Thumbprint),
            "Thumbprint",
            Kind::Text,
            "SHA-1 thumbprint of a certificate installed on the VB365 server",
        ),
        Field::new(
            k(Configure),
            "Configure app",
            Kind::Toggle,
            "let VB365 grant the application its permissions (needs a device code)",
        ),
        Field::new(
            k(Account),
            "Account",
            Kind::Text,
            "a Microsoft 365 account, e.g. backup@contoso.onmicrosoft.com",
        ),
        Field::new(
            k(Password),
            "Password",
            Kind::Secret,
            "the account's password",
        ),
        Field::new(
            k(Mfa),
            "Account has MFA",
            Kind::Toggle,
            "the account signs in with multi-factor authentication",
        )
        .with_on(true),
        Field::new(
            k(GrantAdmin),
            "Grant admin",
            Kind::Toggle,
            "grant the account the admin roles it needs",
        )
        .with_on(true),
        Field::new(
            k(CustomAad),
            "Custom Veeam app",
            Kind::Toggle,
            "use your own Veeam application in Microsoft Entra ID instead of Veeam's",
        ),
    ]
}

pub(super) fn server_fields(p: Server) -> Vec<Field<WizardKey>> {
    use ServerField::*;
    let sharepoint = p == Server::SharePoint;
    let k = |f: ServerField| WizardKey::Server(p, f);
    let mut f = vec![
        Field::new(
            k(Host),
            "Server",
            Kind::Text,
            "host name or IP address of the server",
        ),
        Field::new(
            k(User),
            "User",
            Kind::Text,
            "DOMAIN\\user or user@domain with the rights VB365 needs",
        ),
        Field::new(k(Password), "Password", Kind::Secret, "the user's password"),
    ];
    if sharepoint {
        f.push(
            Field::new(k(Port), "Port", Kind::Text, "WinRM port, 5985 by default")
                .with_text("5985"),
        );
    }
    f.extend([
        Field::new(k(Ssl), "Use SSL", Kind::Toggle, "connect with SSL").with_on(true),
        Field::new(
            k(SkipCa),
            "Skip CA check",
            Kind::Toggle,
            "do not verify the certificate authority",
        ),
        Field::new(
            k(SkipCn),
            "Skip name check",
            Kind::Toggle,
            "do not verify the certificate's common name",
        ),
        Field::new(
            k(SkipRevocation),
            "Skip revocation",
            Kind::Toggle,
            "do not check certificate revocation",
        ),
    ]);
    if sharepoint {
        f.push(
            Field::new(
                k(Sites),
                "Site access",
                Kind::Toggle,
                "grant access to site collections",
            )
            .with_on(true),
        );
    } else {
        f.push(
            Field::new(
                k(Impersonation),
                "Impersonation",
                Kind::Toggle,
                "grant the impersonation role",
            )
            .with_on(true),
        );
        f.push(
            Field::new(
                k(Throttling),
                "Throttling",
                Kind::Toggle,
                "configure the throttling policy",
            )
            .with_on(true),
        );
    }
    f
}
