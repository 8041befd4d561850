//! The fields of each step of the wizard.

use super::*;

pub(super) fn auth_fields(p: &str) -> Vec<Field> {
    let k = |s: &str| format!("{p}.{s}");
    vec![
        Field::new(
            k("auth"),
            "Authentication",
            Kind::Choice(AUTH_MODES),
            "Space or ←/→ chooses; use modern app-only for new organizations",
        ),
        Field::new(
            k("org"),
            "Organization",
            Kind::Text,
            "the Microsoft 365 organization name, e.g. contoso.onmicrosoft.com",
        ),
        Field::new(
            k("app_name"),
            "New app name",
            Kind::Text,
            "the Microsoft Entra application VB365 creates",
        )
        .with_text("Veeam Backup for Microsoft 365"),
        Field::new(
            k("app_id"),
            "Application id",
            Kind::Text,
            "the application (client) id, a GUID",
        ),
        Field::new(
            k("cred"),
            "Credential",
            Kind::Choice(APP_CREDENTIALS),
            "how the application proves itself",
        ),
        Field::new(
            k("legacy_cred"),
            "App credential",
            Kind::Choice(LEGACY_CREDENTIALS),
            "a secret or a certificate, never both",
        ),
        Field::new(
            k("secret"),
            "App secret",
            Kind::Secret,
            "the application's client secret",
        ),
        Field::new(
            k("cert_path"),
            "Certificate",
            Kind::Path,
            "path to a .pfx file on this machine; it is read and sent Base64-encoded",
        ),
        Field::new(
            k("cert_password"),
            "Cert password",
            Kind::Secret,
            "the PFX file's password",
        ),
        Field::new(
            k("thumbprint"),
            "Thumbprint",
            Kind::Text,
            "SHA-1 thumbprint of a certificate installed on the VB365 server",
        ),
        Field::new(
            k("configure"),
            "Configure app",
            Kind::Toggle,
            "let VB365 grant the application its permissions (needs a device code)",
        ),
        Field::new(
            k("account"),
            "Account",
            Kind::Text,
            "a Microsoft 365 account, e.g. backup@contoso.onmicrosoft.com",
        ),
        Field::new(
            k("password"),
            "Password",
            Kind::Secret,
            "the account's password",
        ),
        Field::new(k("mfa"), "Account has MFA", Kind::Toggle, "useMfa").with_on(true),
        Field::new(
            k("grant_admin"),
            "Grant admin",
            Kind::Toggle,
            "grant the account the admin roles it needs",
        )
        .with_on(true),
        Field::new(
            k("custom_aad"),
            "Custom Veeam app",
            Kind::Toggle,
            "useCustomVeeamAADApplication",
        ),
    ]
}

pub(super) fn server_fields(p: &str, sharepoint: bool) -> Vec<Field> {
    let k = |s: &str| format!("{p}.{s}");
    let mut f = vec![
        Field::new(
            k("server"),
            "Server",
            Kind::Text,
            "host name or IP address of the server",
        ),
        Field::new(
            k("user"),
            "User",
            Kind::Text,
            "DOMAIN\\user with the rights VB365 needs",
        ),
        Field::new(
            k("password"),
            "Password",
            Kind::Secret,
            "the user's password",
        ),
    ];
    if sharepoint {
        f.push(
            Field::new(k("port"), "Port", Kind::Text, "WinRM port, 5985 by default")
                .with_text("5985"),
        );
    }
    f.extend([
        Field::new(k("ssl"), "Use SSL", Kind::Toggle, "connect with SSL").with_on(true),
        Field::new(
            k("skip_ca"),
            "Skip CA check",
            Kind::Toggle,
            "do not verify the certificate authority",
        ),
        Field::new(
            k("skip_cn"),
            "Skip name check",
            Kind::Toggle,
            "do not verify the certificate's common name",
        ),
        Field::new(
            k("skip_rev"),
            "Skip revocation",
            Kind::Toggle,
            "do not check certificate revocation",
        ),
    ]);
    if sharepoint {
        f.push(
            Field::new(
                k("sites"),
                "Site access",
                Kind::Toggle,
                "grant access to site collections",
            )
            .with_on(true),
        );
    } else {
        f.push(
            Field::new(
                k("impersonation"),
                "Impersonation",
                Kind::Toggle,
                "grant the impersonation role",
            )
            .with_on(true),
        );
        f.push(
            Field::new(
                k("throttling"),
                "Throttling",
                Kind::Toggle,
                "configure the throttling policy",
            )
            .with_on(true),
        );
    }
    f
}
