//! The results screen's tally, on its own thread with its own read-only connection, so that the
//! screen never waits for it: at 100,000 responses one tally takes seconds, and new answers
//! arrive every few seconds while a meeting looks at the screen.
//!
//! The app sends orders (compute these results; look for new answers) and reads replies when it
//! has time. Every order gets exactly one final reply (done, unchanged, cancelled or failed), so
//! the app knows when the thread is idle; progress replies come in between. A newer compute order
//! cancels the one running, so cycling through sessions quickly never queues tallies.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::Duration;

use super::results::{Results, Stopped};
use crate::store::Store;
use crate::survey::Survey;

/// What to tally.
#[derive(Clone, Debug)]
pub struct Request {
    /// Set by the app; replies carry it, so that a reply to an older request is recognised.
    pub generation: u64,
    pub survey: Survey,
    pub lang: String,
    pub session: Option<String>,
}

enum Order {
    Compute(Box<Request>),
    /// Recompute the last request if its responses changed.
    Refresh,
}

/// What the thread says.
#[derive(Debug)]
pub enum Reply {
    /// Tallying: this many responses counted so far.
    Progress {
        generation: u64,
        counted: u64,
    },
    Done {
        generation: u64,
        results: Box<Results>,
    },
    /// A refresh found no new answers.
    Unchanged {
        generation: u64,
    },
    /// A newer request took over.
    Cancelled {
        generation: u64,
    },
    Failed {
        generation: u64,
        message: String,
    },
}

impl Reply {
    /// Whether this ends an order (rather than reporting progress).
    fn is_final(&self) -> bool {
        !matches!(self, Reply::Progress { .. })
    }
}

/// The app's handle on the tally thread. Dropping it ends the thread (at its next progress
/// report, or when idle).
pub struct ResultsWorker {
    orders: Sender<Order>,
    replies: Receiver<Reply>,
    /// Orders sent and not yet finally answered.
    outstanding: usize,
}

impl ResultsWorker {
    /// Starts the thread; it opens `db` read-only at its first order.
    pub fn start(db: PathBuf) -> ResultsWorker {
        let (orders, order_rx) = channel();
        let (reply_tx, replies) = channel();
        std::thread::spawn(move || serve(db, order_rx, reply_tx));
        ResultsWorker {
            orders,
            replies,
            outstanding: 0,
        }
    }

    /// Asks for a tally, cancelling the one running.
    pub fn compute(&mut self, request: Request) {
        self.send(Order::Compute(Box::new(request)));
    }

    /// Asks the thread to recompute the last request if new answers arrived.
    pub fn refresh(&mut self) {
        self.send(Order::Refresh);
    }

    fn send(&mut self, order: Order) {
        if self.orders.send(order).is_ok() {
            self.outstanding += 1;
        }
    }

    /// Whether an order is still being worked on.
    pub fn busy(&self) -> bool {
        self.outstanding > 0
    }

    /// A reply, if one is waiting; never blocks.
    pub fn try_reply(&mut self) -> Option<Reply> {
        match self.replies.try_recv() {
            Ok(reply) => Some(self.count(reply)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => self.thread_gone(),
        }
    }

    /// The next reply, waiting at most `timeout` for it.
    pub fn wait_reply(&mut self, timeout: Duration) -> Option<Reply> {
        match self.replies.recv_timeout(timeout) {
            Ok(reply) => Some(self.count(reply)),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => self.thread_gone(),
        }
    }

    fn count(&mut self, reply: Reply) -> Reply {
        if reply.is_final() {
            self.outstanding = self.outstanding.saturating_sub(1);
        }
        reply
    }

    /// The thread ended (it panicked): nothing more will come.
    fn thread_gone(&mut self) -> Option<Reply> {
        if self.outstanding == 0 {
            return None;
        }
        self.outstanding = 0;
        Some(Reply::Failed {
            generation: 0,
            message: "the results could not be computed".into(),
        })
    }
}

/// The thread: answers orders until the app drops its handle.
fn serve(db: PathBuf, orders: Receiver<Order>, replies: Sender<Reply>) {
    let mut store: Option<Store> = None;
    // The request shown now, and its results (their stamp says which responses they counted;
    // a refresh adds the new ones to them).
    let mut current: Option<(Request, Results)> = None;
    let mut next: Option<Order> = None;
    loop {
        let order = match next.take() {
            Some(order) => order,
            None => match orders.recv() {
                Ok(order) => order,
                Err(_) => return,
            },
        };
        let generation = match &order {
            Order::Compute(r) => r.generation,
            Order::Refresh => current.as_ref().map_or(0, |(r, _)| r.generation),
        };
        if store.is_none() {
            match Store::open_read_only(&db) {
                Ok(s) => store = Some(s),
                Err(e) => {
                    let _ = replies.send(Reply::Failed {
                        generation,
                        message: e.to_string(),
                    });
                    continue;
                }
            }
        }
        let Some(store) = &store else { continue };
        let (request, earlier) = match order {
            Order::Compute(request) => (*request, None),
            Order::Refresh => {
                let Some((request, results)) = &current else {
                    let _ = replies.send(Reply::Unchanged { generation });
                    continue;
                };
                match store.response_stamp(&request.survey.id) {
                    Ok(now) if now == results.stamp => {
                        let _ = replies.send(Reply::Unchanged { generation });
                        continue;
                    }
                    _ => (request.clone(), Some(results.clone())),
                }
            }
        };
        let _ = replies.send(Reply::Progress { generation, counted: 0 });
        let mut progress = |counted: u64| {
            // Orders that came meanwhile: a refresh is answered at once (this tally is the
            // fresh one); a new request stops this tally and runs next.
            loop {
                match orders.try_recv() {
                    Ok(Order::Refresh) => {
                        let _ = replies.send(Reply::Unchanged { generation });
                    }
                    Ok(order @ Order::Compute(_)) => {
                        if let Some(Order::Compute(old)) = next.replace(order) {
                            let _ = replies.send(Reply::Cancelled {
                                generation: old.generation,
                            });
                        }
                    }
                    Err(_) => break,
                }
            }
            next.is_none() && replies.send(Reply::Progress { generation, counted }).is_ok()
        };
        let computed = match earlier {
            Some(mut results) => results
                .refresh_with(store, &request.survey, &mut progress)
                .map(|()| results),
            None => Results::compute_with(
                store,
                &request.survey,
                &request.lang,
                request.session.as_deref(),
                &mut progress,
            ),
        };
        let reply = match computed {
            Ok(results) => {
                current = Some((request, results.clone()));
                Reply::Done {
                    generation,
                    results: Box::new(results),
                }
            }
            Err(Stopped::Cancelled) => Reply::Cancelled { generation },
            Err(Stopped::Store(e)) => Reply::Failed {
                generation,
                message: e.to_string(),
            },
        };
        if replies.send(reply).is_err() {
            return;
        }
    }
}
