//! Microsoft identity endpoints (device code, token) with RFC 8628 answers, and the
//! `/devicelogin` page where a person approves or declines a code.

use serde_json::{Value, json};
use tokio::time::Instant;

use super::data;
use super::lookup::lookup;
use super::state::{Approval, IdentityCode, Sim};
use super::wire::{Reply, SimRequest};

const CODE_LIFETIME: u64 = 900;
const INTERVAL: u64 = 5;

pub fn dispatch(sim: &Sim, req: &SimRequest) -> Reply {
    let seg: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    match (req.method.as_str(), seg.as_slice()) {
        ("GET", ["devicelogin"]) => Reply::html(200, login_page(None)),
        ("POST", ["devicelogin"]) => decide(sim, req),
        ("POST", [_, "oauth2", "v2.0", "devicecode"]) => {
            device_code(sim, req, &req.raw_segments[0])
        }
        ("POST", [_, "oauth2", "v2.0", "token"]) => token(sim, req),
        _ => Reply::json(404, json!({ "message": "Not found." })),
    }
}

fn oauth(status: u16, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        json!({ "error": error, "error_description": description }),
    )
}

fn device_code(sim: &Sim, req: &SimRequest, tenant: &str) -> Reply {
    let form = req.body_value().unwrap_or_else(|| json!({}));
    if form["client_id"].as_str().is_none_or(str::is_empty) {
        return oauth(
            400,
            "invalid_request",
            "AADSTS900144: The request body must contain the 'client_id' parameter.",
        );
    }
    let mut st = sim.state();
    let n = st.next();
    let user_code = data::user_code(n);
    let device_code = data::token("DC", n);
    st.identity_codes.insert(
        device_code.clone(),
        IdentityCode {
            user_code: user_code.clone(),
            tenant: tenant.to_string(),
            issued: Instant::now(),
            expires_in: CODE_LIFETIME,
            interval: INTERVAL,
            last_poll: None,
            approval: Approval::Pending,
            polls: 0,
        },
    );
    drop(st);
    let url = sim.verification_url();
    Reply::json(
        200,
        json!({
            "user_code": user_code,
            "device_code": device_code,
            "verification_uri": url,
            "expires_in": CODE_LIFETIME,
            "interval": INTERVAL,
            "message": format!("To sign in, use a web browser to open the page {url} and enter the code {user_code} to authenticate."),
        }),
    )
}

fn token(sim: &Sim, req: &SimRequest) -> Reply {
    let form = req.body_value().unwrap_or_else(|| json!({}));
    if form["grant_type"].as_str() != Some("urn:ietf:params:oauth:grant-type:device_code") {
        return oauth(
            400,
            "unsupported_grant_type",
            "Only the device code grant is supported here.",
        );
    }
    let code = form["device_code"].as_str().unwrap_or_default().to_string();
    let mut st = sim.state();
    let n = st.next();
    let Some(c) = st.identity_codes.get_mut(&code) else {
        return oauth(
            400,
            "bad_verification_code",
            "The device code was not recognised.",
        );
    };
    let now = Instant::now();
    c.polls += 1;
    let too_fast = c
        .last_poll
        .is_some_and(|last| now.duration_since(last).as_secs_f64() + 0.25 < c.interval as f64);
    c.last_poll = Some(now);
    let age = now.duration_since(c.issued);
    if age.as_secs() >= c.expires_in {
        return oauth(400, "expired_token", "The device code has expired.");
    }
    if too_fast {
        c.interval += 5;
        return oauth(400, "slow_down", "Polling too frequently; slow down.");
    }
    let approved = match c.approval {
        Approval::Approved => true,
        Approval::Declined => {
            return oauth(
                400,
                "authorization_declined",
                "The user declined the sign-in.",
            );
        }
        Approval::Pending => sim.config.approve_after.is_some_and(|d| age >= d),
    };
    if !approved {
        return oauth(
            400,
            "authorization_pending",
            "The user has not yet finished signing in.",
        );
    }
    let tenant = c.tenant.clone();
    st.identity_codes.remove(&code);
    let access = data::token("MS", n);
    st.ms_tokens.insert(access.clone(), tenant);
    Reply::json(
        200,
        json!({
            "token_type": "Bearer",
            "scope": "Directory.AccessAsUser.All User.ReadWrite.All",
            "expires_in": 3599,
            "ext_expires_in": 3599,
            "access_token": access,
            "refresh_token": data::token("MSR", n),
        }),
    )
}

/// `POST /devicelogin`: a form (`code`, `action`) or JSON (`userCode`/`user_code`, `action`).
fn decide(sim: &Sim, req: &SimRequest) -> Reply {
    let body = req.body_value().unwrap_or(Value::Null);
    let code = ["userCode", "user_code", "code"]
        .iter()
        .find_map(|k| lookup(&body, k).and_then(Value::as_str))
        .unwrap_or_default()
        .to_string();
    let approve = lookup(&body, "action")
        .and_then(Value::as_str)
        .is_none_or(|a| !a.eq_ignore_ascii_case("decline"));
    let found = sim.decide(&code, approve);
    let verdict = if approve { "approved" } else { "declined" };
    if req.is_form {
        let msg = if found {
            format!("Code {code} {verdict}. You can close this page.")
        } else {
            format!("Code '{code}' is not known. Check it and try again.")
        };
        return Reply::html(if found { 200 } else { 404 }, login_page(Some(&msg)));
    }
    if found {
        Reply::json(200, json!({ "userCode": code, "result": verdict }))
    } else {
        Reply::json(
            404,
            json!({ "message": format!("The code '{code}' is not known.") }),
        )
    }
}

fn login_page(message: Option<&str>) -> String {
    let message = message
        .map(|m| format!("<p><strong>{}</strong></p>", html_escape(m)))
        .unwrap_or_default();
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Device sign-in (VB365 simulator)</title></head>\
<body><h1>Sign in to a device</h1>{message}<form method=\"post\" action=\"/devicelogin\">\
<label>Code <input name=\"code\" autofocus></label> \
<button name=\"action\" value=\"approve\">Approve</button> \
<button name=\"action\" value=\"decline\">Decline</button></form></body></html>"
    )
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
