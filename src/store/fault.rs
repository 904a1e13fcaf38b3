//! What went wrong with a database file, in words a facilitator understands, on one line.
//!
//! SQLite's own messages ("unable to open database file", "disk I/O error", a page number and a
//! b-tree cell) say nothing to the staff at a meeting; what they need is which file, and why: a
//! folder given as the database, a read-only drive, a file or folder this user may not write, a
//! damaged or foreign file, a full disk. [`describe`] turns an SQLite error into that, looking at
//! the file itself where SQLite's code alone cannot tell (a folder and a damaged disk both give
//! an I/O error). Every message of a [`super::StoreError::Sqlite`] goes through it.

use std::path::Path;

use rusqlite::ErrorCode;

/// The damaged-file wording, one home for every place that finds damage (an open, a merge's
/// check, a failed read in the middle of a merge).
pub const DAMAGED: &str = "the database is damaged (a disk or copying fault): keep the file as it is, and use the latest `koe backup` copy of it";

/// What is wrong with `file`, given the SQLite error met when using it: one line, no SQLite
/// internals.
pub fn describe(file: &Path, e: &rusqlite::Error) -> String {
    let Some(code) = e.sqlite_error_code() else {
        return one_line(&e.to_string());
    };
    match code {
        ErrorCode::DatabaseCorrupt => DAMAGED.to_string(),
        ErrorCode::NotADatabase => "not a koe database (not an SQLite file, or its first page is damaged)".to_string(),
        ErrorCode::DiskFull => "the disk is full: free some space and try again".to_string(),
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "another koe is writing this database: try again when it has finished".to_string()
        }
        ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::SystemIoFailure => {
            why_not_usable(file, code != ErrorCode::SystemIoFailure).unwrap_or_else(|| match code {
                ErrorCode::SystemIoFailure => {
                    "the disk could not be read or written (a removed USB stick, a network drive gone, a failing disk)"
                        .to_string()
                }
                _ => one_line(&e.to_string()),
            })
        }
        _ => one_line(&e.to_string()),
    }
}

/// Why a database file cannot be opened or written, found by looking at it: `None` when nothing
/// is visibly wrong with the file or its folder. With `opening` (SQLite could not open or write
/// it, rather than an I/O error), a writable file means its folder is what cannot be written.
pub fn why_not_usable(file: &Path, opening: bool) -> Option<String> {
    if file.is_dir() {
        return Some("this is a folder, not a database file: give the path of a .db file".into());
    }
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Some("its folder does not exist".into());
    }
    if file.exists() {
        if let Err(e) = std::fs::OpenOptions::new().read(true).write(true).open(file) {
            return Some(match e.kind() {
                std::io::ErrorKind::ReadOnlyFilesystem => read_only_drive(),
                std::io::ErrorKind::PermissionDenied if readonly_attribute(file) => {
                    "the file is marked read-only: clear its read-only mark (Properties), or copy it to a writable folder"
                        .into()
                }
                std::io::ErrorKind::PermissionDenied => {
                    "this user may not write the file (its permissions): ask whoever set up the laptop".into()
                }
                _ => format!("cannot be opened: {e}"),
            });
        }
        if readonly_attribute(file) {
            return Some(
                "the file is marked read-only: clear its read-only mark (Properties), or copy it to a writable folder"
                    .into(),
            );
        }
        // The file can be written: SQLite needs its -wal and -shm files beside it too.
        return opening.then(|| format!(
            "koe cannot create its -wal and -shm files in the folder {}: this user may not write there (or the drive is read-only); copy the database to a writable folder",
            folder.display()
        ));
    }
    None
}

fn read_only_drive() -> String {
    "the file is on a read-only drive (a write-protected USB stick, a CD, a read-only share): copy it to a writable folder first"
        .into()
}

fn readonly_attribute(file: &Path) -> bool {
    std::fs::metadata(file).is_ok_and(|m| m.permissions().readonly())
}

/// A message on one line: SQLite's may span several (an integrity report).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_error(code: std::ffi::c_int, message: &str) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(message.to_string()))
    }

    #[test]
    fn a_folder_given_as_the_database_is_called_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let said = describe(dir.path(), &sqlite_error(rusqlite::ffi::SQLITE_IOERR, "disk I/O error"));
        assert!(said.contains("is a folder"), "{said}");
    }

    #[test]
    fn damage_is_one_line_without_sqlite_internals() {
        let said = describe(
            Path::new("k.db"),
            &sqlite_error(
                rusqlite::ffi::SQLITE_CORRUPT,
                "database disk image is malformed\n*** in database main ***\nPage 5: btreeInitPage() returns error code 11",
            ),
        );
        assert_eq!(said, DAMAGED);
        assert_eq!(one_line("a\n  b\tc"), "a b c");
    }

    #[test]
    fn a_file_in_a_missing_folder_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let said = describe(
            &dir.path().join("no/such/k.db"),
            &sqlite_error(rusqlite::ffi::SQLITE_CANTOPEN, "unable to open database file"),
        );
        assert_eq!(said, "its folder does not exist");
    }

    #[test]
    fn a_read_only_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.db");
        std::fs::write(&file, b"").unwrap();
        let mut permissions = std::fs::metadata(&file).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&file, permissions.clone()).unwrap();
        let said = describe(
            &file,
            &sqlite_error(rusqlite::ffi::SQLITE_READONLY, "attempt to write a readonly database"),
        );
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        std::fs::set_permissions(&file, permissions).unwrap();
        assert!(said.contains("marked read-only"), "{said}");
    }
}
