//! The home screen's export, on its own thread with its own read-only connection, so that the
//! screen keeps answering keys while it runs: at 100,000 responses an Excel workbook takes
//! seconds. The same pattern as the results screen's tally ([`super::results_worker`]): the app
//! starts a job, reads its replies when it has time, and shows how far it got.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::say;
use crate::store::Store;
use crate::survey::Survey;
use crate::tally::{ExportOptions, ExportReport};
use crate::words::Lang;

/// How often, at most, the thread says how many responses it has written.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// Called on the export thread after each response written, with the count so far. koe itself
/// passes none; a test passes one that holds the export until it lets go (a slow disk, a big
/// survey), to show that the screen still answers meanwhile.
#[derive(Clone)]
pub struct Pace(pub Arc<dyn Fn(u64) + Send + Sync>);

impl std::fmt::Debug for Pace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pace")
    }
}

/// What the thread says.
#[derive(Debug)]
pub enum Reply {
    /// This many responses written so far.
    Progress(u64),
    /// The export is finished: where it went, or why it failed (one line).
    Done(Result<ExportReport, String>),
}

/// One export running. Dropping it leaves the thread to finish on its own (its files are
/// written aside and moved into place whole, so an export cut short leaves nothing half-made);
/// koe's loop waits for it before it ends.
pub struct ExportJob {
    replies: Receiver<Reply>,
    /// The survey exported (its index on the home screen).
    pub survey: usize,
    /// The responses written so far, as last reported.
    pub written: u64,
    /// The language the outcome is told in (the screen's when the export was asked for).
    pub lang: String,
}

impl ExportJob {
    /// Starts exporting `survey` from the database at `db`, as `koe export` would with `options`.
    pub fn start(
        db: PathBuf,
        index: usize,
        survey: Survey,
        options: ExportOptions,
        lang: String,
        pace: Option<Pace>,
    ) -> ExportJob {
        let (tx, replies) = channel();
        let told_in = Lang::of_code(&lang);
        let started = std::thread::Builder::new()
            .name("koe-export".into())
            .spawn(move || {
                let outcome = Store::open_read_only(&db)
                    .map_err(|e| e.said(told_in))
                    .and_then(|store| {
                        let mut last = Instant::now();
                        let mut written = |n: u64| {
                            if last.elapsed() >= PROGRESS_EVERY || n == 1 {
                                last = Instant::now();
                                let _ = tx.send(Reply::Progress(n));
                            }
                            if let Some(p) = &pace {
                                (p.0)(n);
                            }
                        };
                        crate::tally::export_observed(&store, &survey, &options, &mut written)
                            .map_err(|e| e.said(told_in))
                    });
                let _ = tx.send(Reply::Done(outcome));
            })
            .is_ok();
        let mut job = ExportJob {
            replies,
            survey: index,
            written: 0,
            lang,
        };
        if !started {
            // No thread could be started: said as the export's outcome.
            let (tx, rx) = channel();
            let _ = tx.send(Reply::Done(Err(say!(data::ExportNotStarted).get(told_in).to_string())));
            job.replies = rx;
        }
        job
    }

    /// A reply if one is waiting; never waits.
    pub fn try_reply(&mut self) -> Option<Reply> {
        match self.replies.try_recv() {
            Ok(r) => Some(self.seen(r)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(self.stopped()),
        }
    }

    /// Waits at most `timeout` for a reply.
    pub fn wait_reply(&mut self, timeout: Duration) -> Option<Reply> {
        match self.replies.recv_timeout(timeout) {
            Ok(r) => Some(self.seen(r)),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(self.stopped()),
        }
    }

    /// The export's thread ended without a word (it cannot, short of a bug): said as a failure.
    fn stopped(&self) -> Reply {
        Reply::Done(Err(say!(data::ExportStopped)
            .get(Lang::of_code(&self.lang))
            .to_string()))
    }

    fn seen(&mut self, r: Reply) -> Reply {
        if let Reply::Progress(n) = r {
            self.written = n;
        }
        r
    }
}

/// What the home screen says when an export is done, as an absolute path (koe may have been
/// started from a shortcut in any folder).
pub fn outcome_message(outcome: Result<ExportReport, String>, lang: &str) -> String {
    match outcome {
        Ok(r) if lang == "ja" => format!("書き出しました（{} 件）: {}", r.responses, crate::paths::shown(&r.dir)),
        Ok(r) => format!(
            "Exported {} response(s) to {}",
            r.responses,
            crate::paths::shown(&r.dir)
        ),
        Err(e) => e,
    }
}
