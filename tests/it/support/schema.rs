//! Validates recorded exchanges against the official OpenAPI schemas in
//! `../shared/reference/openapi/` (or `VB365_SCHEMA_DIR`).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use serde_json::{Value, json};
use vb365_tui::api::ApiVersion;
use vb365_tui::sim::Exchange;

pub struct Spec {
    doc: Value,
    definitions: Value,
    cache: Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>,
}

fn schema_dir() -> PathBuf {
    match std::env::var_os("VB365_SCHEMA_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/openapi"),
    }
}

/// The schema of a version, or `None` (with a loud message) when the files are absent.
/// Under `VB365_REQUIRE_SCHEMAS=1` absence is a failure.
pub fn spec(v: ApiVersion) -> Option<&'static Spec> {
    static SPECS: OnceLock<HashMap<ApiVersion, Spec>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        let mut m = HashMap::new();
        for v in [ApiVersion::V6, ApiVersion::V7, ApiVersion::V8] {
            let path = schema_dir().join(format!("vb365_rest_{v}.json"));
            if let Ok(text) = std::fs::read_to_string(&path) {
                let doc: Value = serde_json::from_str(&text).expect("schema is JSON");
                let definitions = convert(&doc["components"]["schemas"]);
                m.insert(
                    v,
                    Spec {
                        doc,
                        definitions,
                        cache: Mutex::new(HashMap::new()),
                    },
                );
            }
        }
        m
    });
    let found = specs.get(&v);
    if found.is_none() && v >= ApiVersion::V6 {
        let msg = format!(
            "official schema for {v} not found in {}: contract validation SKIPPED",
            schema_dir().display()
        );
        if std::env::var("VB365_REQUIRE_SCHEMAS").as_deref() == Ok("1") {
            panic!("{msg} (VB365_REQUIRE_SCHEMAS=1)");
        }
        eprintln!("\n!!!!!!!! {msg} !!!!!!!!\n");
    }
    found
}

/// OpenAPI 3.0 → JSON Schema draft 7: `nullable`, and refs into `definitions`.
fn convert(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, val) in map {
                if k == "$ref" {
                    let r = val.as_str().unwrap_or_default();
                    out.insert(
                        k.clone(),
                        json!(r.replace("#/components/schemas/", "#/definitions/")),
                    );
                } else if k == "nullable" || k == "example" || k == "xml" {
                    continue;
                } else {
                    out.insert(k.clone(), convert(val));
                }
            }
            if map.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = out.get("type").cloned() {
                    out.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(mut e)) = out.get("enum").cloned() {
                    e.push(Value::Null);
                    out.insert("enum".into(), Value::Array(e));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(convert).collect()),
        other => other.clone(),
    }
}

impl Spec {
    /// The schema's path template for a concrete path (case-insensitive, most literal wins).
    pub fn template(&self, method: &str, path: &str) -> Option<String> {
        let segs: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| s.to_ascii_lowercase())
            .collect();
        let method = method.to_ascii_lowercase();
        let mut best: Option<(usize, String)> = None;
        for (tpl, item) in self.doc["paths"].as_object()? {
            if item.get(&method).is_none() {
                continue;
            }
            let t: Vec<&str> = tpl.split('/').filter(|s| !s.is_empty()).collect();
            if t.len() != segs.len() {
                continue;
            }
            let mut literal = 0;
            let ok = t.iter().zip(&segs).all(|(a, b)| {
                if a.starts_with('{') {
                    true
                } else if a.eq_ignore_ascii_case(b) {
                    literal += 1;
                    true
                } else {
                    false
                }
            });
            if ok && best.as_ref().is_none_or(|(n, _)| literal > *n) {
                best = Some((literal, tpl.clone()));
            }
        }
        best.map(|(_, t)| t)
    }

    fn operation(&self, method: &str, tpl: &str) -> &Value {
        &self.doc["paths"][tpl][method.to_ascii_lowercase()]
    }

    fn validator(&self, key: &str, schema: &Value) -> std::sync::Arc<jsonschema::Validator> {
        let mut cache = self.cache.lock().unwrap();
        if let Some(v) = cache.get(key) {
            return v.clone();
        }
        let mut root = convert(schema);
        root["definitions"] = self.definitions.clone();
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .should_ignore_unknown_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("schema for {key} does not compile: {e}"));
        let validator = std::sync::Arc::new(validator);
        cache.insert(key.to_string(), validator.clone());
        validator
    }

    fn check(&self, key: &str, schema: &Value, instance: &Value) -> Result<(), String> {
        let validator = self.validator(key, schema);
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    /// Validates one exchange: query names, request body, status and response body.
    pub fn validate(&self, ex: &Exchange) -> Result<String, String> {
        let tpl = self.template(&ex.method, &ex.path).ok_or_else(|| {
            format!(
                "{} {} is not an operation of the schema",
                ex.method, ex.path
            )
        })?;
        let op = self.operation(&ex.method, &tpl);
        let label = format!("{} {tpl}", ex.method);
        let params: Vec<&Value> = op["parameters"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let query: Vec<(String, String)> =
            serde_urlencoded::from_str(&ex.query).unwrap_or_default();
        for (name, _) in &query {
            let known = params.iter().any(|p| {
                p["in"] == "query"
                    && p["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
            });
            if !known {
                return Err(format!(
                    "{label}: query parameter '{name}' is not in the schema"
                ));
            }
        }
        for p in &params {
            if p["in"] == "query" && p["required"] == true {
                let n = p["name"].as_str().unwrap_or_default();
                if !query.iter().any(|(k, _)| k.eq_ignore_ascii_case(n)) {
                    return Err(format!(
                        "{label}: required query parameter '{n}' is missing"
                    ));
                }
            }
        }
        if let Some(body) = &ex.request {
            let content = &op["requestBody"]["content"];
            let (schema, is_form) =
                if let Some(s) = content.get("application/json").map(|c| &c["schema"]) {
                    if body
                        .as_object()
                        .is_some_and(|o| o.values().all(Value::is_string))
                        && content.get("application/x-www-form-urlencoded").is_some()
                    {
                        (
                            &content["application/x-www-form-urlencoded"]["schema"],
                            true,
                        )
                    } else {
                        (s, false)
                    }
                } else if let Some(c) = content.get("application/x-www-form-urlencoded") {
                    (&c["schema"], true)
                } else {
                    return Err(format!("{label}: sends a body but the schema defines none"));
                };
            let instance = if is_form {
                coerce_form(body, schema)
            } else {
                body.clone()
            };
            self.check(&format!("{label} request"), schema, &instance)
                .map_err(|e| format!("{label}: request body invalid: {e}\n{instance}"))?;
        }
        let status = ex.status.to_string();
        let responses = &op["responses"];
        let response = if responses.get(&status).is_some() {
            &responses[&status]
        } else if (200..300).contains(&ex.status) {
            return Err(format!(
                "{label}: answered {status}, the schema lists {:?}",
                responses.as_object().map(|o| o.keys().collect::<Vec<_>>())
            ));
        } else {
            &responses["default"]
        };
        let schema = response["content"]
            .as_object()
            .and_then(|c| c.values().next())
            .map(|c| &c["schema"]);
        let binary = response["content"]
            .get("application/octet-stream")
            .is_some();
        match (schema, &ex.response) {
            // A file: streamed, not JSON; its bytes are checked where it is saved.
            (Some(_), None) if binary => {}
            (Some(s), Some(body)) => self
                .check(&format!("{label} {status}"), s, body)
                .map_err(|e| format!("{label}: response {status} invalid: {e}\n{body}"))?,
            (Some(_), None) => return Err(format!("{label}: response {status} has no JSON body")),
            (None, Some(body)) => {
                return Err(format!(
                    "{label}: response {status} should be empty, got {body}"
                ));
            }
            (None, None) => {}
        }
        Ok(label)
    }
}

/// Form fields arrive as strings; give them the schema's types before validating.
fn coerce_form(body: &Value, schema: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for (k, v) in body.as_object().into_iter().flatten() {
        let ty = &schema["properties"][k]["type"];
        let s = v.as_str().unwrap_or_default();
        let val = match ty.as_str() {
            Some("boolean") => s.parse::<bool>().map(Value::Bool).unwrap_or(v.clone()),
            Some("integer") => s.parse::<i64>().map(|n| json!(n)).unwrap_or(v.clone()),
            _ => v.clone(),
        };
        out.insert(k.clone(), val);
    }
    Value::Object(out)
}

/// Validates every exchange of a version; returns the operations seen.
pub fn validate_all(v: ApiVersion, journal: &[Exchange]) -> Option<BTreeSet<String>> {
    let spec = spec(v)?;
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    for ex in journal.iter().filter(|e| e.version == Some(v)) {
        match spec.validate(ex) {
            Ok(label) => {
                seen.insert(label);
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "contract violations in {v}:\n{}",
        failures.join("\n")
    );
    Some(seen)
}
