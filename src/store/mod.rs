//! The SQLite database: the product's memory. Nothing outside this module writes SQL.
//!
//! Every confirmed answer is its own `BEGIN IMMEDIATE … COMMIT` transaction, committed before the
//! call returns; the database runs in WAL mode with `synchronous=FULL`. Survey definitions are
//! stored once by content hash and responses point at the version they were answered with, so
//! editing a survey file later never reinterprets old answers. Responses and sessions carry UUIDs,
//! so merging laptops is a set union.

pub mod backup;
pub mod fault;
pub mod import;
pub mod merge;
mod new_database;
mod responses;
pub mod scan;
pub mod schema;
mod sheets;
pub mod slots;
pub mod stale;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::words::{Lang, Words};

pub use responses::{AnswerTo, Entry, ResponseRef, SessionCounts, SessionRef, StoredResponse, Unfinished};
pub use sheets::{PaperCounts, Sheet, SheetNumberFault, sheet_number};

/// What can go wrong with the database. Every message names the file, and is said in both
/// languages: the command line shows [`StoreError::said`] in the user's language; `Display`
/// (logs, tests) is the English.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    Io {
        file: PathBuf,
        message: Words,
    },
    /// Said in words a facilitator understands ([`fault::describe`]), on one line.
    Sqlite {
        file: PathBuf,
        source: rusqlite::Error,
    },
    NotKoe {
        file: PathBuf,
    },
    TooNew {
        file: PathBuf,
        version: i64,
    },
    /// A file refused before anything was written (a merge's damaged or inconsistent file).
    Refused {
        file: PathBuf,
        message: Words,
    },
    /// An answer refused at the store's boundary ([`crate::survey::answer::AnswerFault::said`]).
    InvalidAnswer {
        question: String,
        message: Words,
    },
    /// Anything else.
    Other(Words),
}

impl StoreError {
    /// Whether the database was busy: another koe (an import, a merge) holds its write lock. The
    /// kiosk waits and tries again rather than reporting it.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Sqlite { source, .. } if matches!(
            source.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        ))
    }

    pub(crate) fn io(file: &Path, e: std::io::Error) -> Self {
        StoreError::Io {
            file: file.to_path_buf(),
            message: crate::words::data::io_error(&e),
        }
    }

    /// The fault said of `shown` (the file the user named) when it is about `hidden` (a file koe
    /// writes first and renames: a backup's or a new database's), which the user never asked for.
    pub(crate) fn instead_of(self, hidden: &Path, shown: &Path) -> StoreError {
        match self {
            StoreError::Io { file, message } if file == hidden => StoreError::Io {
                file: shown.to_path_buf(),
                message,
            },
            StoreError::Sqlite { file, source } if file == hidden => StoreError::Io {
                file: shown.to_path_buf(),
                message: fault::describe(&file, &source),
            },
            other => other,
        }
    }

    /// The fault on one line, in both languages.
    pub fn words(&self) -> Words {
        match self {
            StoreError::Io { file, message } | StoreError::Refused { file, message } => {
                Words::at(file.display(), message)
            }
            StoreError::Sqlite { file, source } => Words::at(file.display(), &fault::describe(file, source)),
            StoreError::NotKoe { file } => Words::at(file.display(), &crate::say!(DbNotKoe)),
            StoreError::TooNew { file, version } => {
                Words::at(file.display(), &crate::say!(DbTooNew, version = version))
            }
            StoreError::InvalidAnswer { question, message } => Words::at(question, message),
            StoreError::Other(message) => message.clone(),
        }
    }

    /// The fault on one line in `lang`, for the command line.
    pub fn said(&self, lang: Lang) -> String {
        self.words().get(lang).to_string()
    }

    pub(crate) fn sqlite(file: &Path, source: rusqlite::Error) -> Self {
        StoreError::Sqlite {
            file: file.to_path_buf(),
            source,
        }
    }
}

impl std::fmt::Display for StoreError {
    /// In English ([`StoreError::words`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words().en)
    }
}

/// Called when a long write must wait for another koe holding the database's write lock.
pub type LockWait = Box<dyn FnMut(&Path) + Send>;

/// An open koe database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    device: String,
    /// Told once when an import or a merge waits for another koe (the CLI prints a line).
    on_lock_wait: Option<LockWait>,
}

impl Store {
    /// Opens the database at `path`, creating it (mode 0600) and upgrading its schema as needed.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = schema::open(path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            device: device_name(),
            on_lock_wait: None,
        })
    }

    /// What to do when an import or a merge has to wait for another koe's write lock (say so:
    /// without it a waiting command looks hung).
    pub fn on_lock_wait(&mut self, f: impl FnMut(&Path) + Send + 'static) {
        self.on_lock_wait = Some(Box::new(f));
    }

    /// Waits until this database's write lock is free, for as long as it takes: an import or a
    /// merge in another koe holds it for its whole (all-or-nothing) transaction. The waiting is
    /// announced once through [`Store::on_lock_wait`]. The lock is not kept: the caller's
    /// `BEGIN IMMEDIATE` follows at once (and still has the busy timeout for the rare race).
    pub(crate) fn wait_for_write_lock(&mut self) -> Result<(), StoreError> {
        let mut told = false;
        let _ = self.conn.busy_timeout(std::time::Duration::from_secs(1));
        let result = loop {
            match self.conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
                Ok(()) => break Ok(()),
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
                    if !told {
                        told = true;
                        if let Some(f) = self.on_lock_wait.as_mut() {
                            f(&self.path);
                        }
                    }
                }
                Err(e) => break Err(self.err(e)),
            }
        };
        let _ = self.conn.busy_timeout(schema::BUSY_TIMEOUT);
        result
    }

    /// Whether another koe holds this database's write lock right now (a long import or merge).
    pub(crate) fn write_lock_is_held(&mut self) -> Result<bool, StoreError> {
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        let result = match self.conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
            Ok(()) => Ok(false),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Ok(true),
            Err(e) => Err(self.err(e)),
        };
        let _ = self.conn.busy_timeout(schema::BUSY_TIMEOUT);
        result
    }

    /// Opens an existing database for reading only: never creates, upgrades or writes it. For
    /// readers beside a writer (the results screen's tally thread); WAL lets them read while the
    /// kiosk commits. Also on a read-only drive ([`schema::open_read_only`]).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let conn = schema::open_read_only(path)?;
        conn.busy_timeout(schema::BUSY_TIMEOUT)
            .map_err(|e| StoreError::sqlite(path, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            device: device_name(),
            on_lock_wait: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens an existing database for a command that only reads (list, export): read-only when
    /// its schema is this build's (so a read-only file system or a locked writer is no obstacle),
    /// else through [`Store::open`] to upgrade it first.
    pub fn open_for_reading(path: &Path) -> Result<Store, StoreError> {
        let store = Store::open_read_only(path)?;
        let v = schema::identify(&store.conn, path)?;
        if v == schema::SCHEMA_VERSION {
            return Ok(store);
        }
        drop(store);
        Store::open(path)
    }

    /// How long a write waits for another koe's write lock before it fails as busy. The kiosk
    /// keeps it short, so that its screen says 保存中 and tries again instead of freezing.
    pub fn set_busy_timeout(&mut self, wait: std::time::Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(wait).map_err(|e| self.err(e))
    }

    /// The name this laptop gives its sessions.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// The connection, for the tally module's read-only queries.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }

    /// Writes a database that no other process can know of yet (an import's new file, written
    /// aside): its transactions keep their rollback journal in memory rather than using the
    /// write-ahead log, then the file is put back in WAL mode, as every koe database is. One big
    /// transaction in WAL mode writes every page twice (into a log as large as the file, then into
    /// the file at the checkpoint) and looks each page up in a log index that grows with it, so a
    /// million-response import grew faster than the number of responses. A crash meanwhile loses
    /// only the unfinished hidden file, which nothing reads.
    pub(crate) fn writing_unseen_file<T, E: From<StoreError>>(
        &mut self,
        write: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn
            .pragma_update(None, "journal_mode", "MEMORY")
            .map_err(|e| self.err(e))?;
        let written = write(self)?;
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| self.err(e))?;
        Ok(written)
    }

    /// Runs a bulk write (an import or a merge) with foreign keys not checked row by row, then
    /// turns them back on whatever happened. Checking each of millions of answer rows against
    /// its response costs a third of a bulk write, and in these writes every parent row is
    /// inserted (or verified) by the same transaction just before its children. The kiosk's
    /// single-answer saves always run with foreign keys on.
    pub(crate) fn without_foreign_keys<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn
            .pragma_update(None, "foreign_keys", "OFF")
            .map_err(|e| self.err(e))?;
        let result = f(&mut self.conn);
        let restored = self
            .conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| self.err(e));
        let value = result?;
        restored?;
        Ok(value)
    }
}

/// The time now as RFC 3339 in UTC, to the second.
pub fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// This computer's name, recorded with each session so that merged data says where it came from.
fn device_name() -> String {
    let from_env = std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok();
    let from_file = || {
        ["/etc/hostname", "/proc/sys/kernel/hostname"]
            .iter()
            .find_map(|f| std::fs::read_to_string(f).ok())
    };
    from_env
        .or_else(from_file)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "this-computer".to_string())
}
