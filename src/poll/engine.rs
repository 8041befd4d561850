//! Runs one device code: waits, polls at the interval, backs off on network trouble, and
//! reports each state. Each code's life is logged (never its codes or tokens).

use std::time::Duration;

use secrecy::SecretString;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::{CodeState, CodeUpdate, Pending, SLOW_DOWN_STEP, Source, Step};

/// Back-off stops growing here, unless the interval itself is longer.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The wait before the next poll after `faults` transport faults in a row. RFC 8628 §3.5:
/// never less than the current interval, whatever came before; on repeated faults it doubles
/// beyond the interval up to `max(MAX_BACKOFF, 4 × interval)`; a `Retry-After` is honoured.
/// The caller never sleeps past the code's expiry.
pub(super) fn backoff(interval: Duration, faults: u32, retry_after: Option<Duration>) -> Duration {
    if faults == 0 {
        return interval;
    }
    let grown = interval.saturating_mul(2u32.saturating_pow(faults.min(6)));
    let ceiling = MAX_BACKOFF.max(interval.saturating_mul(4));
    grown
        .min(ceiling)
        .max(interval)
        .max(retry_after.unwrap_or_default())
}

fn end_name(state: &CodeState) -> &'static str {
    match state {
        CodeState::Requesting | CodeState::Pending(_) => "pending",
        CodeState::Approved => "approved",
        CodeState::Declined => "declined",
        CodeState::Expired => "expired",
        CodeState::Failed(_) => "failed",
    }
}

/// Runs one code to its end, reporting every transition. Returns when the code is used,
/// refused, expired, failed, or `cancel` fires (then nothing more is reported).
pub async fn run(
    id: u64,
    mut source: Box<dyn Source>,
    cancel: CancellationToken,
    clock: crate::clock::Clock,
    report: impl Fn(CodeUpdate) + Send,
) {
    let src = source.name();
    let mut polls = 0u32;
    let send = |state: CodeState, token: Option<SecretString>, polls: u32| {
        if state.is_final() {
            match &state {
                CodeState::Failed(reason) => {
                    tracing::warn!(
                        code = id,
                        source = src,
                        polls,
                        reason = ?reason,
                        "device code ended: failed"
                    )
                }
                s => tracing::info!(
                    code = id,
                    source = src,
                    polls,
                    end = end_name(s),
                    "device code ended"
                ),
            }
        }
        report(CodeUpdate { id, state, token })
    };
    let cancelled = |polls: u32| {
        tracing::info!(
            code = id,
            source = src,
            polls,
            "device code ended: cancelled"
        )
    };
    send(CodeState::Requesting, None, 0);
    let issued = tokio::select! {
        _ = cancel.cancelled() => return cancelled(0),
        r = source.request() => r,
    };
    let issued = match issued {
        Ok(i) => i,
        Err(reason) => return send(CodeState::Failed(reason), None, 0),
    };
    tracing::info!(
        code = id,
        source = src,
        expires_in_s = issued.expires_in.as_secs(),
        interval_s = issued.interval.as_secs(),
        manual = issued.manual,
        "device code issued"
    );
    let deadline = Instant::now() + issued.expires_in;
    let mut pending = Pending {
        user_code: issued.user_code.clone(),
        url: issued.url.clone(),
        url_complete: issued.url_complete.clone(),
        deadline: deadline.into_std(),
        interval: issued.interval,
        last_check: None,
        slowed_down: false,
        manual: issued.manual,
        trouble: None,
    };
    report(CodeUpdate {
        id,
        state: CodeState::Pending(pending.clone()),
        token: None,
    });
    if issued.manual {
        tokio::select! {
            _ = cancel.cancelled() => cancelled(0),
            _ = tokio::time::sleep_until(deadline) => send(CodeState::Expired, None, 0),
        }
        return;
    }
    let mut faults = 0u32;
    let mut retry_after = None;
    loop {
        let wait = backoff(pending.interval, faults, retry_after);
        let next = (Instant::now() + wait).min(deadline);
        tokio::select! {
            _ = cancel.cancelled() => return cancelled(polls),
            _ = tokio::time::sleep_until(next) => {}
        }
        if Instant::now() >= deadline {
            return send(CodeState::Expired, None, polls);
        }
        let step = tokio::select! {
            _ = cancel.cancelled() => return cancelled(polls),
            s = source.poll() => s,
        };
        polls += 1;
        pending.last_check = Some(clock.now());
        let left_s = deadline.saturating_duration_since(Instant::now()).as_secs();
        tracing::info!(
            code = id,
            source = src,
            poll = polls,
            outcome = step.name(),
            left_s,
            "device code polled"
        );
        match step {
            Step::Pending => {
                faults = 0;
                pending.trouble = None;
            }
            Step::SlowDown => {
                faults = 0;
                pending.trouble = None;
                pending.interval += SLOW_DOWN_STEP;
                pending.slowed_down = true;
                tracing::info!(
                    code = id,
                    source = src,
                    interval_s = pending.interval.as_secs(),
                    "slow_down: polling interval raised"
                );
            }
            Step::Transport {
                cause,
                retry_after: after,
            } => {
                faults += 1;
                retry_after = after;
                let next_s = backoff(pending.interval, faults, retry_after)
                    .min(deadline.saturating_duration_since(Instant::now()))
                    .as_secs();
                tracing::warn!(
                    code = id,
                    source = src,
                    faults,
                    cause = ?cause,
                    retry_after_s = after.map(|d| d.as_secs()),
                    next_poll_in_s = next_s,
                    "device code poll: transport fault, retrying"
                );
                let tried = pending.last_check.unwrap_or_else(|| clock.now());
                let next_try = tried + chrono::Duration::seconds(next_s as i64);
                pending.trouble = Some(super::Trouble { cause, next_try });
            }
            Step::Approved(token) => return send(CodeState::Approved, token, polls),
            Step::Declined => return send(CodeState::Declined, None, polls),
            Step::Expired => return send(CodeState::Expired, None, polls),
            Step::Failed(e) => return send(CodeState::Failed(e), None, polls),
        }
        report(CodeUpdate {
            id,
            state: CodeState::Pending(pending.clone()),
            token: None,
        });
    }
}

#[cfg(test)]
mod tests;
