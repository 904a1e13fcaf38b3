//! Where the database and the surveys folder are: flags, environment, then platform defaults.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "koe")
}

/// The platform data directory (e.g. `~/.local/share/koe`), or the current folder when the
/// platform has no home directory.
pub fn data_dir() -> PathBuf {
    project_dirs().map_or_else(|| PathBuf::from("."), |d| d.data_dir().to_path_buf())
}

/// The database: `--db` / `KOE_DB` (the command line resolves both into `flag`), else `koe.db` in the data dir.
pub fn database(flag: Option<&Path>) -> PathBuf {
    flag.map_or_else(|| data_dir().join("koe.db"), Path::to_path_buf)
}

/// The surveys folder: `--surveys` / `KOE_SURVEYS`, else `./surveys` when it exists, else
/// `surveys/` in the data dir.
pub fn surveys(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    let local = PathBuf::from("surveys");
    if local.is_dir() {
        local
    } else {
        data_dir().join("surveys")
    }
}

/// The default exports folder: `exports/` in the current folder; on Windows, where the current
/// folder of a shared laptop is often readable by every user, `exports` in the user's own data
/// folder (inside their profile).
pub fn exports() -> PathBuf {
    if cfg!(windows) {
        data_dir().join("exports")
    } else {
        PathBuf::from("exports")
    }
}

/// A path as absolute as it can be made (without resolving links), for a person to find it: a
/// facilitator who started koe from a shortcut does not know what a relative path is relative to.
pub fn shown(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
