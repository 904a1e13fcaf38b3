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

use crate::say;
use crate::words::Words;

/// The damaged-file wording, one home for every place that finds damage (an open, a merge's
/// check, a failed read in the middle of a merge).
pub fn damaged() -> Words {
    say!(DbDamaged)
}

/// What is wrong with `file`, given the SQLite error met when using it: one line, no SQLite
/// internals, in both languages (SQLite's own words, where nothing better is known, as they are).
pub fn describe(file: &Path, e: &rusqlite::Error) -> Words {
    let Some(code) = e.sqlite_error_code() else {
        return Words::same(one_line(&e.to_string()));
    };
    match code {
        ErrorCode::DatabaseCorrupt => damaged(),
        ErrorCode::NotADatabase => say!(DbNotADatabase),
        ErrorCode::DiskFull => say!(DbDiskFull),
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => say!(DbBusy),
        ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::SystemIoFailure => {
            why_not_usable(file, code != ErrorCode::SystemIoFailure).unwrap_or_else(|| match code {
                ErrorCode::SystemIoFailure => say!(DbDiskUnreadable),
                _ => Words::same(one_line(&e.to_string())),
            })
        }
        _ => Words::same(one_line(&e.to_string())),
    }
}

/// Why a database file cannot be opened or written, found by looking at it: `None` when nothing
/// is visibly wrong with the file or its folder. With `opening` (SQLite could not open or write
/// it, rather than an I/O error), a writable file means its folder is what cannot be written.
pub fn why_not_usable(file: &Path, opening: bool) -> Option<Words> {
    if file.is_dir() {
        return Some(say!(DbIsAFolder));
    }
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Some(say!(DbFolderMissing));
    }
    if file.exists() {
        if let Err(e) = std::fs::OpenOptions::new().read(true).write(true).open(file) {
            return Some(match e.kind() {
                std::io::ErrorKind::ReadOnlyFilesystem => read_only_drive(),
                std::io::ErrorKind::PermissionDenied if readonly_attribute(file) => say!(DbMarkedReadOnly),
                std::io::ErrorKind::PermissionDenied => say!(DbNoPermission),
                _ => say!(DbCannotOpen, error = e),
            });
        }
        if readonly_attribute(file) {
            return Some(say!(DbMarkedReadOnly));
        }
        // The file can be written: SQLite needs its -wal and -shm files beside it too.
        return opening.then(|| say!(DbNoWalFiles, folder = folder.display()));
    }
    None
}

fn read_only_drive() -> Words {
    say!(DbReadOnlyDrive)
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
        assert!(said.en.contains("is a folder"), "{said:?}");
        assert!(said.ja.contains("フォルダ"), "{said:?}");
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
        assert_eq!(said, damaged());
        assert_eq!(one_line("a\n  b\tc"), "a b c");
    }

    #[test]
    fn a_file_in_a_missing_folder_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let said = describe(
            &dir.path().join("no/such/k.db"),
            &sqlite_error(rusqlite::ffi::SQLITE_CANTOPEN, "unable to open database file"),
        );
        assert_eq!(said.en, "its folder does not exist");
        assert_eq!(said.ja, "フォルダがありません");
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
        assert!(said.en.contains("marked read-only"), "{said:?}");
    }
}
