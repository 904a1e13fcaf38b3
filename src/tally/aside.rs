//! An export is private and whole: written into a hidden sibling folder (readable by its owner
//! only: folders 0700, files 0600 on Unix), then renamed into place in one step. A failure on the
//! way (a full disk, a closed window) leaves no half-written export: the hidden folder is removed,
//! and the export's folder never appears.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A folder being written aside; moved to its target by [`Aside::commit`], removed if dropped.
pub struct Aside {
    staging: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Aside {
    /// A new hidden folder beside `target` (same parent, so the final rename is one step on one
    /// file system). `target` itself must not exist, or be an empty folder.
    pub fn create(target: &Path) -> io::Result<Aside> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        private_dir_all(&parent)?;
        // Exports a killed koe left half-written here (respondents' answers) go now.
        crate::store::stale::clean(&parent);
        let name = target
            .file_name()
            .map_or_else(|| "export".into(), |n| n.to_string_lossy());
        for n in 0.. {
            let staging = parent.join(format!(".{name}.koe-partial-{}-{n}", std::process::id()));
            match private_dir(&staging) {
                Ok(()) => {
                    return Ok(Aside {
                        staging,
                        target: target.to_path_buf(),
                        done: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        unreachable!("an unused name is always found")
    }

    /// Where to write the files.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The folder the files will be in once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Moves the finished folder into place. An empty target folder (an `--out` made beforehand)
    /// is replaced; one holding anything is never touched.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.is_dir() {
            std::fs::remove_dir(&self.target)?;
        }
        std::fs::rename(&self.staging, &self.target)?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Aside {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Creates a folder readable by its owner only.
pub fn private_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().mode(0o700).create(path)
    }
    // Windows: the folder inherits the ACL of its parent, the user's own profile or data folder.
    #[cfg(not(unix))]
    {
        std::fs::DirBuilder::new().create(path)
    }
}

/// Creates a folder and its missing parents, each readable by its owner only.
pub fn private_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Creates a new file readable by its owner only; never overwrites one.
pub fn private_file(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Makes a file written by a library (the workbook) readable by its owner only.
pub fn make_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

pub use crate::words::data::is_disk_full;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A writer that takes `room` bytes, then fails as a full disk does.
    struct FullDisk {
        inner: File,
        room: usize,
    }

    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.inner.write(&buf[..n])
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }

    #[test]
    fn a_failure_half_way_leaves_no_folder_and_says_disk_full() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("exports").join("s-20261125");
        let aside = Aside::create(&target).unwrap();
        let file = private_file(&aside.path().join("responses.csv")).unwrap();
        let mut w = FullDisk { inner: file, room: 10 };
        let err = w.write_all(&[b'x'; 100]).unwrap_err();
        assert!(is_disk_full(&err));
        // The file closed first, as when an export fails: Windows cannot remove an open file.
        drop(w);
        drop(aside);
        assert!(!target.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path().join("exports")).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_committed_folder_is_whole_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir(&target).unwrap(); // an empty --out made beforehand
        let aside = Aside::create(&target).unwrap();
        private_file(&aside.path().join("a.csv"))
            .unwrap()
            .write_all(b"x")
            .unwrap();
        assert!(!target.join("a.csv").exists(), "visible before it is whole");
        aside.commit().unwrap();
        assert_eq!(std::fs::read(target.join("a.csv")).unwrap(), b"x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&target), 0o700);
            assert_eq!(mode(&target.join("a.csv")), 0o600);
        }
    }
}
