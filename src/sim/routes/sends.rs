//! Mail items sent as attachments of an e-mail (v6+): to the original mailbox
//! (`sendToDefaultAddress`) or to another address (`sendToDifferentAddress`), several named
//! in the body or one by its path. The answer is empty: 200 on v6/v7, 204 on v8.

use serde_json::{Value, json};

use crate::api::version::ApiVersion;
use crate::sim::lookup::{lookup, lookup_str, not_found, validation};
use crate::sim::state::Sim;
use crate::sim::wire::{Reply, SimRequest};

/// `POST …/mailboxes/{id}/items/send…` and `…/items/{id}/send…`; `tail` is the lower-cased
/// path after the mailbox id.
pub(super) fn send(
    sim: &Sim,
    v: ApiVersion,
    req: &SimRequest,
    session: &str,
    mailbox: &str,
    tail: &[&str],
) -> Reply {
    if let Err(r) = super::restores::open_mailbox(sim, v, session, mailbox) {
        return r;
    }
    let body = req.body_value().unwrap_or_else(|| json!({}));
    let (several, verb) = match tail {
        ["items", verb] => (true, *verb),
        ["items", _, verb] => (false, *verb),
        _ => return not_found(v),
    };
    if several {
        let named = lookup(&body, "items")
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(|i| lookup_str(i, "id").is_some()));
        if !named {
            return validation(v, "items must name at least one item.");
        }
    }
    if verb == "sendtodifferentaddress" {
        let to = lookup_str(&body, "to").unwrap_or_default();
        if !to.contains('@') {
            return validation(
                v,
                "to is required: the e-mail address to send the items to.",
            );
        }
    }
    let status = if v >= ApiVersion::V8 { 204 } else { 200 };
    Reply::empty(status)
}
