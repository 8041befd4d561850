//! The simulator's requests and replies, independent of axum: what every route reads and
//! answers.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use serde_json::{Value, json};

use crate::api::version::ApiVersion;

/// A parsed request, independent of axum.
pub struct SimRequest {
    pub method: String,
    pub path: String,
    /// Path segments, lower-cased.
    pub segments: Vec<String>,
    /// Original-case segments (ids keep their case).
    pub raw_segments: Vec<String>,
    /// Query parameters with lower-cased names.
    pub query: HashMap<String, String>,
    pub bearer: Option<String>,
    pub body: Bytes,
    pub is_form: bool,
    pub peer: SocketAddr,
}

impl SimRequest {
    /// The body as JSON (form bodies become an object of strings).
    pub fn body_value(&self) -> Option<Value> {
        if self.body.is_empty() {
            return None;
        }
        if self.is_form {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&self.body).ok()?;
            return Some(Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
            ));
        }
        serde_json::from_slice(&self.body).ok()
    }
    pub fn query_u64(&self, key: &str) -> Option<u64> {
        self.query.get(key).and_then(|v| v.parse().ok())
    }
}

pub enum ReplyBody {
    Empty,
    Json(Value),
    Html(String),
    Binary(Binary),
}

/// What a download answers: a file of this kind and size, made up as it streams.
pub struct Binary {
    pub kind: FileKind,
    pub size: u64,
    /// The name offered in `Content-Disposition`.
    pub name: String,
    /// Break the connection after this many bytes (a `cut` fault).
    pub cut_after: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Pst,
    Msg,
    Zip,
    Pdf,
    /// A file with no signature of its own (text).
    Plain,
}

impl FileKind {
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pst => "pst",
            FileKind::Msg => "msg",
            FileKind::Zip => "zip",
            FileKind::Pdf => "pdf",
            FileKind::Plain => "txt",
        }
    }
    /// A document's kind by its name: Office files are ZIP containers.
    pub fn for_name(name: &str) -> FileKind {
        match name.rsplit('.').next().unwrap_or_default() {
            "pdf" => FileKind::Pdf,
            "docx" | "xlsx" | "pptx" | "zip" => FileKind::Zip,
            _ => FileKind::Plain,
        }
    }
    /// The signature files of this kind start with, so a saved file can be recognised.
    pub fn magic(self) -> &'static [u8] {
        match self {
            FileKind::Pst => b"!BDN",
            FileKind::Msg => &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            FileKind::Zip => b"PK\x03\x04",
            FileKind::Pdf => b"%PDF-",
            FileKind::Plain => b"",
        }
    }
}

pub struct Reply {
    pub status: u16,
    pub body: ReplyBody,
    pub headers: Vec<(&'static str, String)>,
    /// Answered only after this long (a v6/v7 restore answers when it has ended).
    pub delay: Option<Duration>,
    /// A long-poll with nothing to say yet: asked again as the feed changes, until this long
    /// has passed.
    pub wait: Option<Duration>,
}

impl Reply {
    pub fn json(status: u16, v: Value) -> Self {
        Reply {
            status,
            body: ReplyBody::Json(v),
            headers: Vec::new(),
            delay: None,
            wait: None,
        }
    }
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            body: ReplyBody::Empty,
            headers: Vec::new(),
            delay: None,
            wait: None,
        }
    }
    pub fn html(status: u16, html: String) -> Self {
        Reply {
            status,
            body: ReplyBody::Html(html),
            headers: Vec::new(),
            delay: None,
            wait: None,
        }
    }
    /// `RESTExceptionInfo` in the shape of the version.
    pub fn error(v: Option<ApiVersion>, status: u16, message: &str, code: &str) -> Self {
        let mut body = json!({ "message": message });
        if let Some(v) = v
            && v.error_codes().contains(&code)
        {
            body["errorCode"] = json!(code);
        }
        Reply::json(status, body)
    }
    pub fn binary(b: Binary) -> Self {
        let disposition = format!("attachment; filename=\"{}\"", b.name);
        Reply {
            status: 200,
            body: ReplyBody::Binary(b),
            headers: vec![("content-disposition", disposition)],
            delay: None,
            wait: None,
        }
    }
    /// The same answer, sent only after `delay`.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay).filter(|d| !d.is_zero());
        self
    }
    /// OAuth-shaped token error.
    pub fn oauth(error: &str, description: &str) -> Self {
        Reply::json(
            400,
            json!({ "error": error, "error_description": description }),
        )
    }
}
