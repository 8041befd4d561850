//! A download saved to disk: streamed chunk by chunk to a temporary file beside the target,
//! renamed to the target when complete, deleted on failure or cancel. An existing file is
//! replaced only when the operator said so.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;

use super::{Failure, Outcome, Update};
use crate::api::downloads::is_outlook_missing;
use crate::api::{Client, Download};
use crate::units::human_bytes;

/// At most this often a progress report, so a fast download does not flood the screen.
const REPORT_EVERY: Duration = Duration::from_millis(250);
/// The whole transfer may take this long (a real PST export of a large mailbox takes hours).
const TRANSFER_LIMIT: Duration = Duration::from_secs(24 * 3600);
/// Bytes gathered before each write to disk.
const WRITE_BUFFER: usize = 1 << 20;

/// A temporary file, deleted when dropped: on every way out, also after it was renamed or
/// linked to its final name (then only the temporary name goes).
struct Partial {
    path: PathBuf,
}

impl Drop for Partial {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether a file name is one of this app's partial files: `.name.<pid>-<n>.part`.
fn is_partial_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".part")) else {
        return false;
    };
    let Some((_, run)) = inner.rsplit_once('.') else {
        return false;
    };
    run.split_once('-').is_some_and(|(pid, n)| {
        !pid.is_empty()
            && !n.is_empty()
            && pid.chars().all(|c| c.is_ascii_digit())
            && n.chars().all(|c| c.is_ascii_digit())
    })
}

/// Removes the partial files an earlier run left in `dir` (killed before it could delete
/// them) that were last written more than `age` before `now`; returns how many went.
pub fn remove_stale_partials(
    dir: &Path,
    now: chrono::DateTime<chrono::Utc>,
    age: std::time::Duration,
) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let stale = |e: &std::fs::DirEntry| {
        let meta = e.metadata().ok()?;
        let written = chrono::DateTime::<chrono::Utc>::from(meta.modified().ok()?);
        let old = (now - written).to_std().is_ok_and(|d| d > age);
        (meta.is_file() && old && is_partial_name(&e.file_name().to_string_lossy())).then_some(())
    };
    entries
        .flatten()
        .filter(|e| stale(e).is_some())
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// `.name.<pid>-<n>.part` beside the target: hidden, and on the same file system so the
/// final rename cannot fail half-way. A long name is cut so the temporary name stays within
/// the 255 bytes file systems allow.
fn partial_path(target: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut keep = name.len().min(200);
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    name.truncate(keep);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.{}-{n}.part", std::process::id()))
}

/// Downloads `download` into `target`, reporting as it goes; the last report is final.
pub async fn run(
    client: Client,
    download: Download,
    target: PathBuf,
    overwrite: bool,
    cancel: CancellationToken,
    mut report: impl FnMut(Update),
) {
    let last = match transfer(&client, &download, &target, overwrite, &cancel, &mut report).await {
        Ok(update) | Err(update) => update,
    };
    report(last);
}

const CANCELLED: Update = Update::Finished(Outcome::Cancelled);

async fn transfer(
    client: &Client,
    download: &Download,
    target: &Path,
    overwrite: bool,
    cancel: &CancellationToken,
    report: &mut impl FnMut(Update),
) -> Result<Update, Update> {
    if !overwrite && tokio::fs::try_exists(target).await.unwrap_or(false) {
        return Err(Update::failed(format!(
            "{} exists now; it was not replaced and nothing was downloaded.",
            target.display()
        )));
    }
    let partial = Partial {
        path: partial_path(target),
    };
    // A mailbox on a shared jump host is for its operator's eyes only.
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&partial.path)
        .await
        .map_err(|e| Update::failed(format!("Cannot write in {}: {e}.", folder_of(target))))?;
    // The partial file exists from here: from now on every way out deletes it (`Partial`).
    let started = tokio::select! {
        r = client.start_download(download, TRANSFER_LIMIT) => r,
        _ = cancel.cancelled() => return Err(CANCELLED),
    };
    let mut resp = started.map_err(|e| {
        Update::Failed(Failure {
            outlook_missing: download.format.is_pst() && is_outlook_missing(&e),
            reason: e.to_string(),
        })
    })?;
    let total = resp.content_length();
    let stall = client.stall_limit();
    let mut out = tokio::io::BufWriter::with_capacity(WRITE_BUFFER, file);
    let (mut bytes, mut reported) = (0u64, Instant::now());
    report(Update::Progress { done: bytes, total });
    loop {
        let chunk = tokio::select! {
            c = tokio::time::timeout(stall, resp.chunk()) => c,
            _ = cancel.cancelled() => return Err(CANCELLED),
        };
        let chunk = match chunk {
            Err(_) => {
                return Err(Update::failed(format!(
                    "{} stopped: nothing arrived for {} s. The partial file was deleted.",
                    download.op(),
                    stall.as_secs()
                )));
            }
            Ok(Err(e)) => {
                tracing::info!(
                    op = download.op(),
                    bytes,
                    "download broke off: {}",
                    root_cause(&e)
                );
                return Err(Update::failed(format!(
                    "{} broke off after {}: the connection closed before the end of the file. The partial file was deleted; nothing was retried.",
                    download.op(),
                    human_bytes(bytes),
                )));
            }
            Ok(Ok(None)) => break,
            Ok(Ok(Some(c))) => c,
        };
        out.write_all(&chunk).await.map_err(|e| {
            Update::failed(format!(
                "Writing {} failed: {e}. The partial file was deleted.",
                target.display()
            ))
        })?;
        bytes += chunk.len() as u64;
        if reported.elapsed() >= REPORT_EVERY {
            reported = Instant::now();
            report(Update::Progress { done: bytes, total });
        }
    }
    if total.is_some_and(|t| t != bytes) {
        return Err(Update::failed(format!(
            "{} ended after {} of {}. The partial file was deleted.",
            download.op(),
            human_bytes(bytes),
            human_bytes(total.unwrap_or_default())
        )));
    }
    // Buffered bytes first: `into_inner` would drop them.
    let written = match out.flush().await {
        Ok(()) => out.into_inner().sync_all().await,
        Err(e) => Err(e),
    };
    written.map_err(|e| {
        Update::failed(format!(
            "Writing {} failed: {e}. The partial file was deleted.",
            target.display()
        ))
    })?;
    put_in_place(&partial.path, target, overwrite)?;
    Ok(Update::Finished(Outcome::Saved {
        bytes,
        path: target.to_path_buf(),
    }))
}

/// Gives the complete file its name. Without leave to replace, a hard link claims the name
/// only if it is still free (a file that appeared meanwhile is kept).
fn put_in_place(partial: &Path, target: &Path, overwrite: bool) -> Result<(), Update> {
    let placed = if overwrite {
        std::fs::rename(partial, target)
    } else {
        // Some file systems (exFAT, many SMB mounts) have no hard links: there the name is
        // checked once more and the file renamed.
        std::fs::hard_link(partial, target).or_else(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Err(e),
            _ if target.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
            _ => std::fs::rename(partial, target),
        })
    };
    placed.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Update::failed(format!(
            "{} appeared while downloading; it was not replaced and the download was deleted.",
            target.display()
        )),
        _ => Update::failed(format!("Cannot name the file {}: {e}.", target.display())),
    })
}

fn folder_of(target: &Path) -> String {
    target
        .parent()
        .map(|p| p.display().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".into())
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_apps_partial_files_over_a_day_old_are_removed_at_start() {
        use std::time::{Duration, SystemTime};
        let dir = std::env::temp_dir().join(format!("vb365-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let day = Duration::from_secs(24 * 3600);
        let file = |name: &str, age: Duration| {
            let path = dir.join(name);
            let f = std::fs::File::create(&path).unwrap();
            f.set_modified(SystemTime::now() - age).unwrap();
            path
        };
        let stale = file(".Adele.pst.4242-1.part", 2 * day);
        let fresh = file(".Inbox.pst.4242-2.part", Duration::from_secs(60));
        let theirs = file(".notes.part", 2 * day);
        let saved = file("Adele.pst", 2 * day);
        assert_eq!(remove_stale_partials(&dir, chrono::Utc::now(), day), 1);
        assert!(!stale.exists());
        assert!(fresh.exists() && theirs.exists() && saved.exists());
        assert_eq!(
            remove_stale_partials(&dir.join("missing"), chrono::Utc::now(), day),
            0
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_partial_file_is_hidden_beside_the_target_and_deleted_when_dropped() {
        let dir = std::env::temp_dir().join(format!("vb365-partial-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = partial_path(&dir.join("Adele.pst"));
        assert_eq!(path.parent(), Some(dir.as_path()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".Adele.pst.") && name.ends_with(".part"),
            "{name}"
        );
        std::fs::write(&path, b"x").unwrap();
        drop(Partial { path: path.clone() });
        assert!(!path.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_long_name_keeps_its_temporary_name_within_255_bytes() {
        let part = partial_path(Path::new("/tmp").join("é".repeat(200)).as_path());
        let bytes = part.file_name().unwrap().to_string_lossy().len();
        assert!(bytes <= 255, "{bytes} bytes");
    }

    #[test]
    fn without_leave_to_replace_an_existing_name_is_kept() {
        let dir = std::env::temp_dir().join(format!("vb365-place-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (partial, target) = (dir.join(".t.part"), dir.join("t.pst"));
        std::fs::write(&partial, b"new").unwrap();
        std::fs::write(&target, b"old").unwrap();
        assert!(put_in_place(&partial, &target, false).is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        put_in_place(&partial, &target, true).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
