//! TLS trust for a VB365 server: system roots, a CA file, a pinned SHA-256 fingerprint
//! (like SSH known_hosts), or no verification at all. Whatever certificate the server
//! presents is captured so a failure can show it in a trust prompt.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rustls::DigitallySignedStruct;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use sha2::{Digest, Sha256};

/// Installs the process-wide crypto provider (ring). Safe to call more than once.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// How the server's certificate is trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustMode {
    /// The operating system's root certificates.
    System,
    /// A CA certificate file (PEM or DER).
    CaFile(PathBuf),
    /// Exactly this certificate, by SHA-256 fingerprint.
    Pinned(Fingerprint),
    /// No verification (shown as a red banner).
    Insecure,
}

impl TrustMode {
    pub fn describe(&self) -> String {
        match self {
            TrustMode::System => "system roots".into(),
            TrustMode::CaFile(p) => format!("CA file {}", p.display()),
            TrustMode::Pinned(f) => format!("pinned {}", f.short()),
            TrustMode::Insecure => "NOT VERIFIED (--insecure)".into(),
        }
    }
}

/// A SHA-256 certificate fingerprint.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    pub fn of(der: &[u8]) -> Self {
        Self(Sha256::digest(der).into())
    }

    /// Accepts hex with or without colons or spaces, any case, optionally prefixed `sha256`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let s = s
            .strip_prefix("sha256")
            .or_else(|| s.strip_prefix("SHA256"))
            .unwrap_or(s);
        let hex: String = s
            .chars()
            .filter(|c| !matches!(c, ':' | ' ' | '=' | '-'))
            .collect();
        if hex.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some(Self(out))
    }

    /// The first eight bytes, for headers.
    pub fn short(&self) -> String {
        self.to_string()[..23].to_string()
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|b| format!("{b:02X}")).collect();
        f.write_str(&parts.join(":"))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// What an operator needs to decide whether to trust a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateInfo {
    pub subject: String,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    pub fingerprint: Fingerprint,
}

impl CertificateInfo {
    pub fn from_der(der: &[u8]) -> Self {
        let fingerprint = Fingerprint::of(der);
        match x509_parser::parse_x509_certificate(der) {
            Ok((_, cert)) => CertificateInfo {
                subject: cert.subject().to_string(),
                issuer: cert.issuer().to_string(),
                not_before: format_asn1_time(cert.validity().not_before),
                not_after: format_asn1_time(cert.validity().not_after),
                fingerprint,
            },
            Err(_) => CertificateInfo {
                subject: "(unreadable certificate)".into(),
                issuer: String::new(),
                not_before: String::new(),
                not_after: String::new(),
                fingerprint,
            },
        }
    }

    pub fn self_signed(&self) -> bool {
        self.subject == self.issuer
    }
}

fn format_asn1_time(t: x509_parser::time::ASN1Time) -> String {
    chrono::DateTime::from_timestamp(t.timestamp(), 0)
        .map(|d| d.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|| t.to_string())
}

/// Why a presented certificate was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertProblem {
    Untrusted(String),
    Changed { expected: Fingerprint },
}

/// The last certificate a server presented, and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presented {
    pub info: CertificateInfo,
    pub problem: Option<CertProblem>,
}

/// Shared slot the verifier writes into during each handshake.
#[derive(Clone, Debug, Default)]
pub struct CertCapture(Arc<Mutex<Option<Presented>>>);

impl CertCapture {
    pub fn last(&self) -> Option<Presented> {
        self.0.lock().ok().and_then(|g| g.clone())
    }
    fn record(&self, p: Presented) {
        if let Ok(mut g) = self.0.lock() {
            *g = Some(p);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    #[error("cannot read CA certificate file {path}: {detail}")]
    CaFile { path: String, detail: String },
    #[error("TLS setup failed: {0}")]
    Rustls(String),
}

#[derive(Debug)]
enum Check {
    WebPki(Arc<WebPkiServerVerifier>),
    Pin(Fingerprint),
    Insecure,
}

#[derive(Debug)]
struct TrustVerifier {
    check: Check,
    capture: CertCapture,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for TrustVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let info = CertificateInfo::from_der(end_entity.as_ref());
        let outcome = match &self.check {
            Check::WebPki(v) => v
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
                .map_err(|e| (CertProblem::Untrusted(describe_rustls(&e)), e)),
            Check::Pin(expected) if info.fingerprint == *expected => {
                Ok(ServerCertVerified::assertion())
            }
            Check::Pin(expected) => Err((
                CertProblem::Changed {
                    expected: *expected,
                },
                rustls::Error::InvalidCertificate(
                    rustls::CertificateError::ApplicationVerificationFailure,
                ),
            )),
            Check::Insecure => Ok(ServerCertVerified::assertion()),
        };
        match outcome {
            Ok(v) => {
                self.capture.record(Presented {
                    info,
                    problem: None,
                });
                Ok(v)
            }
            Err((problem, e)) => {
                self.capture.record(Presented {
                    info,
                    problem: Some(problem),
                });
                Err(e)
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

fn describe_rustls(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(C::UnknownIssuer) => {
            "it is not signed by a trusted authority (self-signed or private CA)".into()
        }
        rustls::Error::InvalidCertificate(C::Expired)
        | rustls::Error::InvalidCertificate(C::ExpiredContext { .. }) => "it has expired".into(),
        rustls::Error::InvalidCertificate(C::NotValidForName)
        | rustls::Error::InvalidCertificate(C::NotValidForNameContext { .. }) => {
            "it was issued for another host name".into()
        }
        other => other.to_string(),
    }
}

fn load_roots(mode: &TrustMode) -> Result<rustls::RootCertStore, TlsSetupError> {
    let mut roots = rustls::RootCertStore::empty();
    match mode {
        TrustMode::CaFile(path) => {
            let err = |detail: String| TlsSetupError::CaFile {
                path: path.display().to_string(),
                detail,
            };
            let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
            let pem: Vec<CertificateDer<'static>> = rustls_pemfile::certs(&mut bytes.as_slice())
                .collect::<Result<_, _>>()
                .map_err(|e| err(e.to_string()))?;
            let certs = if pem.is_empty() {
                vec![CertificateDer::from(bytes)]
            } else {
                pem
            };
            for c in certs {
                roots
                    .add(c)
                    .map_err(|e| err(format!("not a usable CA certificate: {e}")))?;
            }
        }
        _ => {
            let found = rustls_native_certs::load_native_certs();
            for c in found.certs {
                let _ = roots.add(c);
            }
        }
    }
    Ok(roots)
}

/// Builds a rustls client configuration for the trust mode, reporting into `capture`.
pub fn client_config(
    mode: &TrustMode,
    capture: CertCapture,
) -> Result<rustls::ClientConfig, TlsSetupError> {
    install_crypto_provider();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let check = match mode {
        TrustMode::Pinned(f) => Check::Pin(*f),
        TrustMode::Insecure => Check::Insecure,
        TrustMode::System | TrustMode::CaFile(_) => {
            let roots = Arc::new(load_roots(mode)?);
            let v = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .map_err(|e| TlsSetupError::Rustls(e.to_string()))?;
            Check::WebPki(v)
        }
    };
    let verifier = Arc::new(TrustVerifier {
        check,
        capture,
        provider: provider.clone(),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_formats_round_trip() {
        let f = Fingerprint::of(b"hello");
        let s = f.to_string();
        assert_eq!(s.len(), 95);
        assert_eq!(Fingerprint::parse(&s), Some(f));
        assert_eq!(
            Fingerprint::parse(&s.replace(':', "").to_lowercase()),
            Some(f)
        );
        assert_eq!(Fingerprint::parse(&format!("sha256 {s}")), Some(f));
        assert_eq!(Fingerprint::parse("abcd"), None);
        assert_eq!(Fingerprint::parse(&"zz".repeat(32)), None);
    }
}
