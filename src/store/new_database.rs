//! A database that does not exist yet, written aside and moved into place only when the command
//! that writes it (an import, a merge) succeeds: bad input creates no database, and no folders.

use std::path::{Path, PathBuf};

use super::StoreError;
use super::schema::{private_dir_all, remove_files};

/// A new database being written beside its final path (`.NAME.import-PID`); removed (with its
/// -wal and -shm files, and the folders made for it) unless moved into place.
pub(crate) struct NewDatabase {
    file: PathBuf,
    /// Folders created for it, outermost first: removed again when nothing is moved into place.
    made_folders: Vec<PathBuf>,
}

impl NewDatabase {
    /// Makes the folder of `path` if needed (owner only), removes the leftovers of killed koes
    /// there, and names the hidden file to write.
    pub(crate) fn beside(path: &Path) -> Result<NewDatabase, StoreError> {
        let name = path
            .file_name()
            .map_or_else(|| "koe.db".into(), |n| n.to_string_lossy());
        let folder = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let made_folders = private_dir_all(folder).map_err(|e| StoreError::io(path, e))?;
        super::stale::clean(folder);
        Ok(NewDatabase {
            file: path.with_file_name(format!(".{name}.import-{}", std::process::id())),
            made_folders,
        })
    }

    /// Opens the hidden file to write. A fault is said of the database the user named (`path`),
    /// not of the hidden file, which they never asked for.
    pub(crate) fn open(&self, path: &Path) -> Result<super::Store, StoreError> {
        super::Store::open(&self.file).map_err(|e| e.instead_of(&self.file, path))
    }

    /// Gives the finished file its final name, never replacing a database that another koe
    /// created meanwhile.
    pub(crate) fn move_to(mut self, path: &Path, what: crate::words::data::Said) -> Result<(), StoreError> {
        let moved = match std::fs::hard_link(&self.file, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(StoreError::Io {
                file: path.to_path_buf(),
                message: crate::say!(data::CreatedMeanwhile, what = crate::words::Words::from(what)),
            }),
            // A file system without hard links: a rename, after checking once more.
            Err(_) if !path.exists() => std::fs::rename(&self.file, path).map_err(|e| StoreError::io(path, e)),
            Err(e) => Err(StoreError::io(path, e)),
        };
        if moved.is_ok() {
            self.made_folders.clear();
        }
        drop(self);
        moved
    }
}

impl Drop for NewDatabase {
    fn drop(&mut self) {
        remove_files(&self.file);
        // Innermost first; a folder something else was put in meanwhile stays.
        for folder in self.made_folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}
