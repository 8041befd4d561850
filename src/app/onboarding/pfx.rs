//! Reading an application certificate (PFX) for the organization body: on this machine, before
//! anything is sent, so a wrong file or password is named here and not by the server.

use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

use super::MAX_CERTIFICATE_BYTES;

/// `~` and `~/…` are the home directory, as in a shell (the field is not a shell).
pub fn expand_home(path: &str) -> PathBuf {
    let path = path.trim();
    let home = || std::env::var_os("HOME").filter(|h| !h.is_empty());
    match path.strip_prefix('~') {
        Some("") => home().map(PathBuf::from).unwrap_or_else(|| path.into()),
        Some(rest) if rest.starts_with('/') => match home() {
            Some(h) => PathBuf::from(h).join(&rest[1..]),
            None => path.into(),
        },
        _ => path.into(),
    }
}

/// Why a certificate file cannot be used, and whether the password is what is wrong (then the
/// message belongs beside the password field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateError {
    pub message: String,
    pub password: bool,
}

impl CertificateError {
    fn file(message: String) -> Self {
        CertificateError {
            message,
            password: false,
        }
    }
}

impl std::fmt::Display for CertificateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads a PFX file: size-checked, opened with its password (which proves both), holding a
/// private key; Base64-encoded for the body.
pub fn read_certificate(
    path: &str,
    password: &SecretString,
) -> Result<SecretString, CertificateError> {
    use base64::Engine;
    let p = expand_home(path);
    let bytes = read_bounded(&p).map_err(CertificateError::file)?;
    let store = p12_keystore::KeyStore::from_pkcs12(&bytes, password.expose_secret())
        .map_err(|e| open_error(&p, &e))?;
    if store.private_key_chain().is_none() {
        return Err(CertificateError::file(format!(
            "{} holds no private key; export the certificate with its private key.",
            p.display()
        )));
    }
    Ok(SecretString::from(
        base64::engine::general_purpose::STANDARD.encode(&bytes),
    ))
}

fn read_bounded(p: &Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("Cannot read {}: {e}.", p.display());
    let meta = std::fs::metadata(p).map_err(cannot)?;
    if !meta.is_file() {
        return Err(format!("{} is not a file.", p.display()));
    }
    if meta.len() > MAX_CERTIFICATE_BYTES {
        return Err(format!(
            "{} is {} KiB; a PFX file is a few KiB (limit {} KiB).",
            p.display(),
            meta.len() / 1024,
            MAX_CERTIFICATE_BYTES / 1024
        ));
    }
    std::fs::read(p).map_err(cannot)
}

/// A MAC that does not verify, or content that does not decrypt, means the password is wrong;
/// anything that does not parse is not a PFX file.
fn open_error(p: &Path, e: &p12_keystore::error::Error) -> CertificateError {
    use p12_keystore::error::Error as E;
    match e {
        E::MacError(_) | E::UnpadError | E::Pkcs5Error(_) => CertificateError {
            message: format!(
                "This password does not open {} (an empty password is allowed).",
                p.display()
            ),
            password: true,
        },
        E::UnsupportedEncryptionScheme | E::UnsupportedMacAlgorithm => {
            CertificateError::file(format!(
                "{} uses an encryption this app cannot open; export it again with AES-256 (the Windows default).",
                p.display()
            ))
        }
        _ => CertificateError::file(format!(
            "{} is not a PFX (PKCS#12) file; export the certificate with its private key as .pfx.",
            p.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilde_is_the_home_directory() {
        let home = std::env::var("HOME").unwrap_or_default();
        if home.is_empty() {
            return;
        }
        assert_eq!(
            expand_home("~/a/app.pfx"),
            Path::new(&home).join("a/app.pfx")
        );
        assert_eq!(expand_home(" ~ "), PathBuf::from(&home));
        assert_eq!(expand_home("~other/x"), PathBuf::from("~other/x"));
        assert_eq!(expand_home("/etc/x.pfx"), PathBuf::from("/etc/x.pfx"));
    }
}
