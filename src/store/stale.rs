//! koe's own temporary files left behind by a koe that was killed (kill -9, a power cut, a closed
//! laptop lid that never woke): a new database being imported or merged (`.koe.db.import-PID`), a
//! merge's private copy (`.koe-merge-PID-N.db`), an export or a backup written aside
//! (`.NAME.koe-partial-PID-N/`, `.NAME.koe-partial-PID`). They may hold respondents' answers, so
//! the next koe that works in the same folder removes them, but only when the process that made
//! them (the PID in the name) is gone: a koe still running is never disturbed.

use std::path::Path;

/// The markers of koe's temporary names; the PID follows each.
const MARKERS: &[&str] = &[".import-", ".koe-partial-", ".koe-merge-"];

/// Removes the temporary files and folders in `dir` whose koe is no longer running. Failures are
/// ignored: a leftover is tidied up, never a reason to refuse a command.
pub fn clean(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owner_pid) else {
            continue;
        };
        if pid == std::process::id() || !process_is_gone(pid) {
            continue;
        }
        let path = entry.path();
        let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// The PID in one of koe's temporary names (`.koe.db.import-123-wal`, `.out.koe-partial-123-0`,
/// `.koe-merge-123-4.db-shm`); `None` for any other name.
fn owner_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (at, marker) = MARKERS.iter().filter_map(|m| name.rfind(m).map(|i| (i, m))).max()?;
    let rest = &name[at + marker.len()..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let pid: u32 = rest[..digits].parse().ok()?;
    let mut tail = &rest[digits..];
    // An optional counter, then an optional `.db`, then an optional SQLite side file.
    if let Some(t) = tail.strip_prefix('-')
        && t.bytes().next().is_some_and(|b| b.is_ascii_digit())
    {
        tail = t.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    tail = tail.strip_prefix(".db").unwrap_or(tail);
    ["", "-wal", "-shm", "-journal"].contains(&tail).then_some(pid)
}

/// Whether no process has this id any more.
#[cfg(unix)]
pub fn process_is_gone(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks that the process exists without sending anything; EPERM means it exists
    // but belongs to another user.
    // SAFETY: kill with signal 0 has no effect on any process.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    !alive && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Whether no process has this id any more.
#[cfg(windows)]
pub fn process_is_gone(pid: u32) -> bool {
    use windows_sys::Win32::Foundation::{CloseHandle, ERROR_INVALID_PARAMETER, GetLastError, STILL_ACTIVE};
    use windows_sys::Win32::System::Threading::{GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION};
    // SAFETY: plain Win32 calls on a handle this function opens and closes.
    unsafe {
        let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if handle.is_null() {
            // No such process; any other failure (access denied) means it exists.
            return GetLastError() == ERROR_INVALID_PARAMETER;
        }
        let mut code = 0u32;
        let ok = GetExitCodeProcess(handle, &mut code) != 0;
        CloseHandle(handle);
        ok && code != STILL_ACTIVE as u32
    }
}

/// Whether no process has this id any more (unknown platforms: assume it runs, remove nothing).
#[cfg(not(any(unix, windows)))]
pub fn process_is_gone(_pid: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kois_own_temporary_names_carry_a_pid() {
        assert_eq!(owner_pid(".koe.db.import-123"), Some(123));
        assert_eq!(owner_pid(".koe.db.import-123-wal"), Some(123));
        assert_eq!(owner_pid(".t-20260101.koe-partial-77-0"), Some(77));
        assert_eq!(owner_pid(".koe-backup.db.koe-partial-77"), Some(77));
        assert_eq!(owner_pid(".koe-merge-9-2.db-shm"), Some(9));
        assert_eq!(owner_pid("koe.db.import-123"), None);
        assert_eq!(owner_pid(".notes.import-123.txt"), None);
        assert_eq!(owner_pid(".koe.db.import-"), None);
        assert_eq!(owner_pid(".bashrc"), None);
    }

    #[test]
    fn this_process_is_running() {
        assert!(!process_is_gone(std::process::id()));
    }
}
