//! `koe backup`: a consistent copy of the database for a USB stick, also while a kiosk collects.
//!
//! A koe database is in WAL mode: its newest answers are in `koe.db-wal` until a checkpoint, so a
//! file copied by hand while koe runs can be nearly empty. SQLite's online backup reads the
//! database as one snapshot, log included, and writes a copy that stands alone (its journal mode
//! set back to DELETE, so no `-wal` file belongs to it). The copy is written beside its final
//! name and renamed into place only when complete and checked, readable by its owner only, and
//! never over an existing file: a half-written or overwritten backup on a stick is worse than none.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Store, StoreError};

/// Writes a copy of `store`'s database to `target`, or, when `target` is a folder, to a new file
/// `koe-backup-DEVICE-YYYYMMDD-HHMMSS.db` inside it; returns the path written.
pub fn backup(store: &Store, target: &Path) -> Result<PathBuf, StoreError> {
    let path = if target.is_dir() {
        target.join(default_name(store.device()))
    } else {
        target.to_path_buf()
    };
    if path.exists() {
        return Err(StoreError::Io {
            file: path,
            message: crate::say!(data::BackupExists),
        });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(StoreError::Io {
            file: path,
            message: crate::say!(DbFolderMissing),
        });
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    super::stale::clean(&dir);
    let aside = dir.join(format!(".{name}.koe-partial-{}", std::process::id()));
    super::schema::remove_files(&aside);
    let written = write_copy(store, &aside)
        .map_err(|e| e.instead_of(&aside, &path))
        .and_then(|()| std::fs::rename(&aside, &path).map_err(|e| StoreError::io(&path, e)));
    if written.is_err() {
        super::schema::remove_files(&aside);
    }
    written.map(|()| path)
}

/// The file name of a backup written into a folder: which laptop, and when (local time).
fn default_name(device: &str) -> String {
    let device: String = device
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let now = jiff::ZonedDateTime::now().strftime("%Y%m%d-%H%M%S");
    format!("koe-backup-{device}-{now}.db")
}

/// The online backup of `store` into the new file `to`, made to stand alone and checked.
fn write_copy(store: &Store, to: &Path) -> Result<(), StoreError> {
    let theirs = |e| StoreError::sqlite(to, e);
    super::schema::create_private(to)?;
    let mut copy = Connection::open(to).map_err(theirs)?;
    {
        use rusqlite::backup::StepResult;
        let backup = rusqlite::backup::Backup::new(&store.conn, &mut copy).map_err(|e| store.err(e))?;
        // All pages in one step (-1): one read snapshot of the source, however busy the kiosk
        // is. Busy or locked (another koe checkpointing) is tried again for a while.
        let deadline = std::time::Instant::now() + super::schema::BUSY_TIMEOUT;
        loop {
            match backup.step(-1).map_err(|e| store.err(e))? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                _ => {
                    return Err(StoreError::Io {
                        file: store.path.clone(),
                        message: crate::say!(data::BackupStayedBusy),
                    });
                }
            }
        }
    }
    copy.pragma_update(None, "journal_mode", "DELETE").map_err(theirs)?;
    let report: String = copy
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(theirs)?;
    if report != "ok" {
        return Err(StoreError::Io {
            file: to.to_path_buf(),
            message: crate::say!(data::BackupUnreadable, report = report),
        });
    }
    drop(copy);
    // On the stick before it gets its name: a stick pulled out right after still has it whole.
    // (Opened for writing: Windows flushes only a file open for writing.)
    std::fs::OpenOptions::new()
        .write(true)
        .open(to)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::io(to, e))
}
