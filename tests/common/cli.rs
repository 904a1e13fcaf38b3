//! The real `koe` binary run as a subprocess, the one way every test starts it.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The built `koe` binary.
pub const KOE: &str = env!("CARGO_BIN_EXE_koe");

/// `koe` as a test runs it: `koe().db(&db).run(&["list"])`.
///
/// The defaults make a test independent of the machine running it: messages in English
/// (`KOE_LANG=en`, whatever the locale), the repository as the current folder (so relative paths
/// such as `surveys/…` and `tests/broken/…` mean the same everywhere), and no `KOE_DB` or
/// `KOE_SURVEYS` inherited from a developer's shell, so that a test never reads or writes a real
/// database or survey folder. Each is overridden by the builder (`.env("KOE_LANG", "ja")`,
/// `.dir(…)`, `.db(…)`, `.surveys(…)`).
pub fn koe() -> Koe {
    Koe {
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        env: vec![
            ("KOE_LANG".into(), Some("en".into())),
            ("KOE_DB".into(), None),
            ("KOE_SURVEYS".into(), None),
        ],
        stdin: None,
    }
}

#[must_use]
pub struct Koe {
    dir: PathBuf,
    /// Variables set (`Some`) or removed (`None`), applied in order: a later one wins.
    env: Vec<(OsString, Option<OsString>)>,
    stdin: Option<Vec<u8>>,
}

impl Koe {
    /// `KOE_DB`: the database.
    pub fn db(self, db: impl AsRef<Path>) -> Koe {
        self.env("KOE_DB", db.as_ref())
    }

    /// `KOE_SURVEYS`: the surveys folder.
    pub fn surveys(self, surveys: impl AsRef<Path>) -> Koe {
        self.env("KOE_SURVEYS", surveys.as_ref())
    }

    /// The current folder koe runs in.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Koe {
        self.dir = dir.as_ref().to_path_buf();
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Koe {
        self.env
            .push((key.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Koe {
        self.env.push((key.as_ref().to_owned(), None));
        self
    }

    /// What koe reads on its standard input (by default, nothing: stdin is closed).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Koe {
        self.stdin = Some(bytes.into());
        self
    }

    /// Runs `koe ARGS` to the end; its exit status and what it printed.
    pub fn run<S: AsRef<OsStr>>(self, args: &[S]) -> Output {
        let input = self.stdin.clone();
        let mut cmd = self.command();
        cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        let Some(input) = input else {
            return cmd.stdin(Stdio::null()).output().expect("run koe");
        };
        let mut child = cmd.stdin(Stdio::piped()).spawn().expect("run koe");
        let mut stdin = child.stdin.take().unwrap();
        // Written from a thread of its own: koe may print more than a pipe holds before it
        // reads all of its input.
        let writer = std::thread::spawn(move || {
            stdin.write_all(&input).expect("koe reads all of its input");
        });
        let out = child.wait_with_output().expect("run koe");
        writer.join().unwrap();
        out
    }

    /// The command without arguments, for a test that spawns it or wires its own pipes.
    pub fn command(self) -> Command {
        self.wrapped(KOE)
    }

    /// Another program (`sh`, `unshare`) in koe's folder and environment, for a test that runs
    /// koe through it (passing `KOE` as an argument).
    pub fn wrapped(self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.dir);
        for (key, value) in &self.env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        cmd
    }

    /// `koe ARGS` on a pseudo-terminal, in the same folder and environment.
    pub fn pty<S: AsRef<OsStr>>(self, args: &[S]) -> portable_pty::CommandBuilder {
        let mut cmd = portable_pty::CommandBuilder::new(KOE);
        cmd.args(args);
        cmd.cwd(&self.dir);
        for (key, value) in &self.env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            }
        }
        cmd
    }
}
