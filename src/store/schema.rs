//! Opening the database: pragmas first, then migrations by `PRAGMA user_version`.
//!
//! Pragmas are set on every open and never inside a migration's transaction (`journal_mode` cannot
//! change inside one, and `foreign_keys` is silently ignored there).

use std::fmt::Write as _;
use std::path::Path;

use rusqlite::Connection;

use super::StoreError;

/// The schema version this build writes. A database with a higher version was made by a newer koe.
pub const SCHEMA_VERSION: i64 = 4;

/// The page size of new databases.
pub const PAGE_SIZE: i64 = 16384;

/// Each migration takes the database from version `index` to `index + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE survey_versions (
    hash        TEXT PRIMARY KEY,      -- sha256 of the canonical definition
    survey_id   TEXT NOT NULL,
    definition  TEXT NOT NULL,         -- canonical JSON of the survey, as it was when answered
    stored_at   TEXT NOT NULL
);
CREATE INDEX survey_versions_by_survey ON survey_versions(survey_id);

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,      -- UUID, so that merging laptops is a set union
    survey_id   TEXT NOT NULL,
    label       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    device      TEXT NOT NULL
);
CREATE INDEX sessions_by_survey ON sessions(survey_id, label);

CREATE TABLE responses (
    rid          INTEGER PRIMARY KEY,  -- local row number: answers append in order
    id           TEXT NOT NULL UNIQUE, -- UUID
    session_id   TEXT NOT NULL REFERENCES sessions(id),
    survey_hash  TEXT NOT NULL REFERENCES survey_versions(hash),
    started_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    submitted_at TEXT,
    status       TEXT NOT NULL CHECK (status IN ('partial', 'submitted')),
    in_progress  INTEGER NOT NULL DEFAULT 0 CHECK (in_progress IN (0, 1))
);
CREATE INDEX responses_by_session ON responses(session_id, status);

CREATE TABLE answers (
    rid          INTEGER NOT NULL REFERENCES responses(rid) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    value        TEXT NOT NULL,        -- the answer as JSON, per SPEC
    PRIMARY KEY (rid, question_id)
) WITHOUT ROWID;
"#,
    r#"
-- Paper sheets typed in with `koe entry`: the sheet number (用紙番号), unique in its session, and
-- the double entry that verifies it. Kiosk and imported responses without a number leave these NULL.
ALTER TABLE responses ADD COLUMN sheet TEXT;
ALTER TABLE responses ADD COLUMN verified_at TEXT;
-- How many fields differed between the two entries (each resolved against the paper).
ALTER TABLE responses ADD COLUMN differences INTEGER;
CREATE UNIQUE INDEX responses_by_sheet ON responses(session_id, sheet) WHERE sheet IS NOT NULL;

-- The second entry of a sheet while it is being typed (`koe entry --verify`): saved field by
-- field like the first, compared with it at the end of the sheet, then removed.
CREATE TABLE second_entries (
    rid          INTEGER NOT NULL REFERENCES responses(rid) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (rid, question_id)
) WITHOUT ROWID;
"#,
    r#"
-- Storage v3: a response's answers live on its own row, as one JSON object (question id →
-- value, per SPEC), instead of one `answers` row per answer. Reading every response is then one
-- scan of 100,000 rows rather than of 3 million, an import inserts one row per response, and a
-- kiosk's answer is still its own committed transaction (one UPDATE of the row).
ALTER TABLE responses ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
-- The keyword terms of the response's free texts (question id → its distinct terms), computed
-- once when an answer is saved or imported so that an export and the results screen only count
-- them; `terms_version` is the segmenter that made them (`terms::VERSION`). NULL (responses from
-- before v3, or made by another segmenter): the tallies segment the texts themselves.
ALTER TABLE responses ADD COLUMN terms TEXT;
ALTER TABLE responses ADD COLUMN terms_version INTEGER;
UPDATE responses SET answers = (
    SELECT json_group_object(a.question_id, json(a.value)) FROM answers a
    WHERE a.rid = responses.rid AND json_valid(a.value)
) WHERE EXISTS (SELECT 1 FROM answers a WHERE a.rid = responses.rid);
DROP TABLE answers;
"#,
    r#"
-- Trust at the meeting. A session is practice (練習モード: trying a survey out, unlocked) or
-- real; practice responses are never counted beside real ones. Sessions from before this
-- migration cannot be told apart and count as real (`koe delete` removes one).
ALTER TABLE sessions ADD COLUMN practice INTEGER NOT NULL DEFAULT 0 CHECK (practice IN (0, 1));
-- A locked session's PIN as a salted hash (`store::pin`), never the digits: it guards the
-- session's menu and its unfinished responses, also after a crash. NULL: no PIN (practice, or a
-- session from before this migration).
ALTER TABLE sessions ADD COLUMN pin_hash TEXT;
"#,
];

/// Opens (creating when missing, with mode 0600) and upgrades a koe database. An existing file is
/// first looked at read-only ([`identify`]): a foreign, damaged or newer file is refused before
/// anything could write to it (switching it to WAL would change its header). The folders of a
/// new database are created readable by their owner only.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    if path.is_dir() {
        return Err(StoreError::Io {
            file: path.to_path_buf(),
            message: super::fault::why_not_usable(path, true).unwrap_or_default(),
        });
    }
    let existing = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0);
    if existing {
        let probe = open_read_only(path)?;
        identify(&probe, path)?;
    } else if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.exists()
    {
        private_dir_all(dir).map_err(|e| StoreError::io(path, e))?;
    }
    create_private(path)?;
    let empty = std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false);
    let mut conn = Connection::open(path).map_err(|e| StoreError::sqlite(path, e))?;
    if empty {
        // Set before the first write, so only for a new database: 16 KiB pages make bulk imports
        // and merges about a sixth faster than SQLite's 4 KiB, and cost a single save nothing
        // measurable (its time is the fsync).
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(|e| StoreError::sqlite(path, e))?;
    }
    configure(&conn).map_err(|e| StoreError::sqlite(path, e))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Creates a folder and its missing parents, each readable by its owner only (0700 on Unix,
/// whatever the umask); returns the folders it created, outermost first, so that a refused
/// command can remove them again. Windows: folders inherit the ACL of their parent.
pub fn private_dir_all(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(d) = at
        && !d.as_os_str().is_empty()
        && !d.exists()
    {
        missing.push(d.to_path_buf());
        at = d.parent();
    }
    missing.reverse();
    for d in &missing {
        match std::fs::create_dir(d) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(missing)
}

/// Opens an existing database for reading only, without writing to it or changing its journal
/// mode. On a read-only drive (or in a folder this user cannot write) SQLite cannot create the
/// WAL's shared-memory file; the file is then opened as immutable, which is safe only when no
/// `-wal` file holds pages the file lacks: with one, the copy is refused rather than read
/// without its newest answers.
pub fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    open_read_only_uri(path).map(|(conn, _)| conn)
}

/// [`open_read_only`], with the URI that opened it (for an `ATTACH` of the same file).
pub fn open_read_only_uri(path: &Path) -> Result<(Connection, String), StoreError> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
        | rusqlite::OpenFlags::SQLITE_OPEN_URI;
    if !path.is_file() {
        return Err(StoreError::Io {
            file: path.to_path_buf(),
            message: super::fault::why_not_usable(path, false).unwrap_or_else(|| crate::say!(DbNoSuchFile)),
        });
    }
    // Reading the schema's version reads the first page: a read-only open succeeds lazily.
    let readable = |conn: &Connection| version(conn).map(|_| ());
    let uri = file_uri(path, "mode=ro");
    let first = Connection::open_with_flags(&uri, flags).and_then(|conn| readable(&conn).map(|()| conn));
    let error = match first {
        Ok(conn) => return Ok((conn, uri)),
        Err(e) => e,
    };
    let cannot_share = matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied)
    );
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
        return Err(not_a_database(path));
    }
    if !cannot_share {
        return Err(StoreError::sqlite(path, error));
    }
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    if std::fs::metadata(&log).is_ok_and(|m| m.len() > 0) {
        return Err(StoreError::Io {
            file: path.to_path_buf(),
            message: crate::say!(DbWalUnreadable),
        });
    }
    let uri = file_uri(path, "immutable=1");
    let conn = Connection::open_with_flags(&uri, flags).map_err(|e| StoreError::sqlite(path, e))?;
    readable(&conn).map_err(|e| StoreError::sqlite(path, e))?;
    Ok((conn, uri))
}

/// What a file SQLite cannot read as a database is: damaged when it begins as an SQLite file does
/// (its header or first page broke), else another program's file.
fn not_a_database(path: &Path) -> StoreError {
    use std::io::Read;
    let mut magic = [0u8; 16];
    let sqlite = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && &magic == b"SQLite format 3\0";
    if sqlite {
        StoreError::Refused {
            file: path.to_path_buf(),
            message: super::fault::damaged(),
        }
    } else {
        StoreError::NotKoe {
            file: path.to_path_buf(),
        }
    }
}

/// Checks, reading only, that an open database is a koe database this build can read (or a new,
/// empty file), and returns its schema version: a foreign SQLite file is "not a koe database",
/// a newer koe's is refused with what to do.
pub fn identify(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let sql = |e| StoreError::sqlite(path, e);
    let v = version(conn).map_err(sql)?;
    if v > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            file: path.to_path_buf(),
            version: v,
        });
    }
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
            .map_err(sql)?;
        stmt.query_map([], |r| r.get(0))
            .map_err(sql)?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql)?
    };
    let koe = ["survey_versions", "sessions", "responses"]
        .iter()
        .all(|t| tables.iter().any(|have| have == t));
    let empty = v == 0 && tables.is_empty();
    if !(empty || (v >= 1 && koe)) {
        return Err(StoreError::NotKoe {
            file: path.to_path_buf(),
        });
    }
    Ok(v)
}

/// Creates an empty file readable only by its owner; SQLite then gives its -wal and -shm files the
/// same mode. An existing file is left as it is.
pub(crate) fn create_private(path: &Path) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// Removes a database file with its -wal, -shm and -journal files (a private copy, a new
/// database that was refused): whatever of them exists.
pub(crate) fn remove_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// How long a single save waits for another koe's write before failing.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The pragmas every connection needs: WAL, full sync (a confirmed answer survives power loss),
/// foreign keys, and a busy timeout so that two koe processes wait for each other instead of failing.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// A `file:` URI for `path` with a query such as `mode=ro`, the path made absolute first.
pub fn file_uri(path: &Path, query: &str) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    uri_of(absolute.as_os_str().as_encoded_bytes(), cfg!(windows), query)
}

/// The `file:` URI of a path given as bytes (UTF-8 on Windows, any bytes on Unix), as SQLite reads
/// URIs: an authority must be empty, so an absolute path is written after `file://`; every byte
/// but letters, digits, `-._~/:` is percent-encoded (spaces, `%?#`, Japanese names).
///
/// With `windows`, `\\` separates too and is written `/`; a verbatim path (what `canonicalize`
/// returns there) loses its `\\?\` prefix, which SQLite would read as an authority:
/// `C:\d\a.db` and `\\?\C:\d\a.db` become `file:///C:/d/a.db` (SQLite drops the `/` before a
/// drive), `\\server\share\a.db` and `\\?\UNC\server\share\a.db` become
/// `file:////server/share/a.db`, which Windows opens as the UNC path `//server/share/a.db`.
pub fn uri_of(path: &[u8], windows: bool, query: &str) -> String {
    let mut path = path;
    let mut prefix: &[u8] = b"";
    if windows {
        if let Some(rest) = path.strip_prefix(br"\\?\UNC\") {
            (prefix, path) = (b"//", rest);
        } else if let Some(rest) = path.strip_prefix(br"\\?\")
            && rest.len() >= 2
            && rest[0].is_ascii_alphabetic()
            && rest[1] == b':'
        {
            path = rest;
        }
    }
    let separator = |b: u8| b == b'/' || (windows && b == b'\\');
    let drive = windows && path.len() >= 2 && path[0].is_ascii_alphabetic() && path[1] == b':';
    let mut uri = String::from("file:");
    if drive {
        uri.push_str("///");
    } else if !prefix.is_empty() || path.first().copied().is_some_and(separator) {
        uri.push_str("//");
    }
    for &b in prefix.iter().chain(path) {
        match b {
            b if separator(b) => uri.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' => uri.push(char::from(b)),
            b => {
                let _ = write!(uri, "%{b:02X}");
            }
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

/// The schema version of an open database.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sql = |e| StoreError::sqlite(path, e);
    let current = version(conn).map_err(sql)?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            file: path.to_path_buf(),
            version: current,
        });
    }
    if current == 0 {
        let has_tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(sql)?;
        if has_tables > 0 {
            return Err(StoreError::NotKoe {
                file: path.to_path_buf(),
            });
        }
    }
    for (from, migration) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        // Another process may have migrated while we waited for the lock.
        if version(&tx).map_err(sql)? > from as i64 {
            continue;
        }
        tx.execute_batch(migration).map_err(sql)?;
        tx.pragma_update(None, "user_version", from as i64 + 1).map_err(sql)?;
        tx.commit().map_err(sql)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::uri_of;

    fn windows(path: &str) -> String {
        uri_of(path.as_bytes(), true, "mode=ro")
    }

    #[test]
    fn a_drive_path_is_written_after_an_empty_authority() {
        assert_eq!(
            windows(r"C:\Users\staff\koe.db"),
            "file:///C:/Users/staff/koe.db?mode=ro"
        );
    }

    #[test]
    fn a_verbatim_drive_path_loses_its_prefix() {
        assert_eq!(windows(r"\\?\Z:\tmp\other.db"), "file:///Z:/tmp/other.db?mode=ro");
    }

    #[test]
    fn a_verbatim_unc_path_becomes_a_plain_unc_path() {
        assert_eq!(
            windows(r"\\?\UNC\server\share\koe\other.db"),
            "file:////server/share/koe/other.db?mode=ro"
        );
    }

    #[test]
    fn a_plain_unc_path_keeps_its_server_out_of_the_authority() {
        assert_eq!(
            windows(r"\\server\share\other.db"),
            "file:////server/share/other.db?mode=ro"
        );
    }

    #[test]
    fn spaces_and_japanese_names_are_percent_encoded() {
        assert_eq!(
            windows(r"\\?\C:\データ フォルダ\ノートPC2.db"),
            "file:///C:/%E3%83%87%E3%83%BC%E3%82%BF%20%E3%83%95%E3%82%A9%E3%83%AB%E3%83%80/\
             %E3%83%8E%E3%83%BC%E3%83%88PC2.db?mode=ro"
        );
    }

    #[test]
    fn characters_special_to_a_uri_are_escaped() {
        assert_eq!(windows(r"C:\a%b?c#d\e.db"), "file:///C:/a%25b%3Fc%23d/e.db?mode=ro");
    }

    #[test]
    fn another_verbatim_path_keeps_its_prefix_escaped() {
        assert_eq!(
            windows(r"\\?\Volume{1}\koe.db"),
            "file:////%3F/Volume%7B1%7D/koe.db?mode=ro"
        );
    }

    #[test]
    fn unix_paths_keep_backslashes_and_an_empty_authority() {
        assert_eq!(
            uri_of(b"/tmp/a b/x.db", false, "mode=ro"),
            "file:///tmp/a%20b/x.db?mode=ro"
        );
        assert_eq!(uri_of(b"//tmp/x.db", false, "mode=ro"), "file:////tmp/x.db?mode=ro");
        assert_eq!(
            uri_of(br"/tmp/a\b.db", false, "mode=ro"),
            "file:///tmp/a%5Cb.db?mode=ro"
        );
        assert_eq!(uri_of(b"/tmp/\xff.db", false, "mode=ro"), "file:///tmp/%FF.db?mode=ro");
    }

    #[test]
    fn a_relative_path_has_no_authority() {
        assert_eq!(uri_of(b"data/x.db", false, "immutable=1"), "file:data/x.db?immutable=1");
        assert_eq!(windows(r"data\x.db"), "file:data/x.db?mode=ro");
    }
}
