//! An import's lines read, parsed and checked on both cores, and handed on in file order.
//!
//! Checking a line (parsing its JSON, checking each answer against the survey, segmenting its
//! free texts into keyword terms, writing its answers as stored) costs several times what storing
//! it does, so it runs on two threads; a third reads the file and deals the lines out to them in
//! batches, taking turns, and the caller takes the checked batches back in the same turns, which
//! restores the file's order without sorting. What depends on earlier lines (an id or a sheet
//! number used twice) is decided in that order, as the batches are taken.
//!
//! Every buffer goes back to the thread that allocated it, to be reused or freed there: freeing
//! memory allocated by another thread contends for the allocator's locks, and that once took a
//! third of an import's time. Memory stays flat: a few batches per thread in flight.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::BufRead;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use super::{Checked, Line, LineError, MAX_LINE_BYTES, check_line, parse_line};
use crate::say;
use crate::survey::Survey;
use crate::words::Words;

/// Lines that travel together between the threads: at most this many…
const BATCH: usize = 256;
/// …and once they hold this many bytes, no more (a batch of long lines is sent early, so that the
/// batches in flight stay small however long the lines are).
const BATCH_BYTES: usize = 1024 * 1024;
/// The threads that check lines.
const CHECKERS: usize = 2;
/// Checked batches each checker may have waiting for the caller.
const CHECKED_IN_FLIGHT: usize = 2;
/// A line buffer larger than this (it held a long line) is freed rather than kept for reuse, so
/// that a few long lines do not pin their size in every buffer of the pool.
const KEPT_BUFFER: usize = 64 * 1024;

/// A line as read from the file, before it is checked.
#[derive(Default)]
struct RawLine {
    /// 1-based line number.
    number: usize,
    bytes: Vec<u8>,
    read: Read,
}

#[derive(Default)]
enum Read {
    #[default]
    Line,
    /// Longer than [`MAX_LINE_BYTES`]: skipped without being held in memory.
    TooLong,
    /// The file could not be read here: the last line.
    Failed(Words),
}

/// Calls `consume` with every line of `reader` checked against `survey`, in file order (a blank
/// line has none); with `storing`, a good line also gets what storing it needs (its answers as
/// stored JSON and its keyword terms). Stops at the first error `consume` returns, or after an
/// unreadable line.
pub(super) fn each_checked_line<E>(
    survey: &Survey,
    reader: impl BufRead + Send,
    storing: bool,
    mut consume: impl FnMut(&Checked) -> Result<(), E>,
) -> Result<(), E> {
    std::thread::scope(|scope| {
        let (raw_back, raw_returned) = channel::<Vec<RawLine>>();
        let mut to_checkers = Vec::new();
        let mut from_checkers = Vec::new();
        let mut checked_back = Vec::new();
        for _ in 0..CHECKERS {
            let (raw_sender, raw_receiver) = sync_channel::<Vec<RawLine>>(2);
            let (checked_sender, checked_receiver) = sync_channel::<Vec<Checked>>(CHECKED_IN_FLIGHT);
            let (back, returned) = channel::<Vec<Checked>>();
            let raw_back = raw_back.clone();
            scope.spawn(move || check_batches(survey, storing, raw_receiver, raw_back, checked_sender, returned));
            to_checkers.push(raw_sender);
            from_checkers.push(checked_receiver);
            checked_back.push(back);
        }
        drop(raw_back);
        scope.spawn(move || read_batches(reader, to_checkers, raw_returned));
        let mut in_order = InOrder::default();
        // The reader deals batch k to checker k % CHECKERS; the first checker with nothing more
        // in its turn means the file is done.
        for turn in 0.. {
            let checker = turn % CHECKERS;
            let Ok(mut batch) = from_checkers[checker].recv() else {
                break;
            };
            for item in &mut batch {
                in_order.check(item);
                consume(item)?;
            }
            let _ = checked_back[checker].send(batch);
        }
        Ok(())
    })
}

/// The reading thread: reads lines into batches (reusing the buffers of batches given back) and
/// deals them out to the checkers in turn. Stops after the file's end or an unreadable line, or
/// when a checker has stopped.
fn read_batches(
    mut reader: impl BufRead,
    to_checkers: Vec<SyncSender<Vec<RawLine>>>,
    returned: Receiver<Vec<RawLine>>,
) {
    let mut spare: Vec<RawLine> = Vec::new();
    let mut batch: Vec<RawLine> = Vec::with_capacity(BATCH);
    let mut batch_bytes = 0;
    let mut turn = 0;
    let mut number = 0;
    loop {
        number += 1;
        if spare.is_empty()
            && let Ok(back) = returned.try_recv()
        {
            spare = back;
        }
        let mut raw = spare.pop().unwrap_or_default();
        if raw.bytes.capacity() > KEPT_BUFFER {
            raw.bytes = Vec::new();
        }
        raw.number = number;
        let last = match read_line(&mut reader, &mut raw.bytes) {
            Ok(LineRead::End) => break,
            Ok(LineRead::Line) => {
                raw.read = Read::Line;
                false
            }
            Ok(LineRead::TooLong) => {
                raw.read = Read::TooLong;
                // Its megabyte is not needed: freed now, not carried along.
                raw.bytes = Vec::new();
                false
            }
            Err(e) => {
                raw.read = Read::Failed(crate::words::data::io_detail(&e));
                true
            }
        };
        batch_bytes += raw.bytes.len();
        batch.push(raw);
        if last {
            break;
        }
        if batch.len() == BATCH || batch_bytes >= BATCH_BYTES {
            batch_bytes = 0;
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if to_checkers[turn % CHECKERS].send(full).is_err() {
                return;
            }
            turn += 1;
        }
    }
    if !batch.is_empty() {
        let _ = to_checkers[turn % CHECKERS].send(batch);
    }
}

/// A checking thread: checks each batch it is dealt and sends it on; frees the checked batches
/// the caller gives back, and gives the raw ones back to the reader.
fn check_batches(
    survey: &Survey,
    storing: bool,
    raw: Receiver<Vec<RawLine>>,
    raw_back: Sender<Vec<RawLine>>,
    checked: SyncSender<Vec<Checked>>,
    returned: Receiver<Vec<Checked>>,
) {
    for lines in raw {
        let batch: Vec<Checked> = lines
            .iter()
            .filter_map(|line| check_raw(survey, line, storing))
            .collect();
        while returned.try_recv().is_ok() {}
        let _ = raw_back.send(lines);
        if checked.send(batch).is_err() {
            return;
        }
    }
}

/// One line checked on its own (what depends on other lines is [`InOrder`]'s); `None` for a
/// blank line.
fn check_raw(survey: &Survey, raw: &RawLine, storing: bool) -> Option<Checked> {
    let bad = |message: Words| {
        Checked::Bad(LineError {
            line: raw.number,
            message,
        })
    };
    Some(match &raw.read {
        Read::TooLong => bad(say!(data::LineTooLong, mib = MAX_LINE_BYTES / 1024 / 1024)),
        Read::Failed(message) => Checked::Unreadable {
            line: raw.number,
            message: message.clone(),
        },
        Read::Line => match std::str::from_utf8(&raw.bytes) {
            Err(_) => bad(say!(data::LineNotUtf8)),
            Ok(text) => {
                let trimmed = text.trim_start_matches('\u{feff}').trim();
                if trimmed.is_empty() {
                    return None;
                }
                match parse_line(trimmed, raw.number).and_then(|line| check_line(survey, line)) {
                    Ok(mut line) => {
                        // Only a line with an id can repeat another ([`InOrder::id`]).
                        if line.id.is_some() {
                            line.digest = answers_digest(&line.answers);
                        }
                        if storing {
                            line.json = match serde_json::to_string(&line.answers) {
                                Ok(json) => json,
                                Err(e) => return Some(bad(Words::at("answers", &Words::same(e.to_string())))),
                            };
                            line.terms = Some(crate::terms::of_response(survey, &line.answers));
                        }
                        Checked::Good(line)
                    }
                    Err(message) => bad(message),
                }
            }
        },
    })
}

/// What is decided in file order: a sheet number used twice in one session, and a response id
/// given twice (the same answers: a repeated line, kept once; different answers: an error).
#[derive(Default)]
struct InOrder {
    /// (session label or "" for the default, sheet) → the line that first used it.
    sheets: HashMap<(String, String), usize>,
    /// Each response id seen, with its line and a digest of its answers.
    ids: HashMap<uuid::Uuid, (usize, u64)>,
}

impl InOrder {
    /// Turns a good line into a bad or repeated one when an earlier line says so.
    fn check(&mut self, item: &mut Checked) {
        let Checked::Good(line) = item else { return };
        let verdict = self.sheet(line).and_then(|()| self.id(line));
        let number = line.number;
        match verdict {
            Ok(true) => {}
            Ok(false) => *item = Checked::Repeated,
            Err(message) => *item = Checked::Bad(LineError { line: number, message }),
        }
    }

    fn sheet(&mut self, line: &Line) -> Result<(), Words> {
        let Some(sheet) = &line.sheet else { return Ok(()) };
        let key = (line.session.clone().unwrap_or_default(), sheet.clone());
        match self.sheets.insert(key, line.number) {
            Some(first) => Err(say!(data::LineSheetTwice, sheet = sheet, first = first)),
            None => Ok(()),
        }
    }

    /// Ok(true) for a new id (or none), Ok(false) for a repeat of an earlier line.
    fn id(&mut self, line: &Line) -> Result<bool, Words> {
        let Some(id) = &line.id else { return Ok(true) };
        let Ok(uuid) = uuid::Uuid::parse_str(id) else {
            return Ok(true);
        };
        match self.ids.entry(uuid) {
            Entry::Vacant(v) => {
                v.insert((line.number, line.digest));
                Ok(true)
            }
            Entry::Occupied(o) if o.get().1 == line.digest => Ok(false),
            Entry::Occupied(o) => Err(say!(data::LineIdTwice, id = id, first = o.get().0)),
        }
    }
}

/// A digest of answers that does not depend on the order they are written in: each answer (its
/// question id and its value as JSON) hashed on its own, the hashes summed. Nothing is copied: it
/// runs for every line of an import.
fn answers_digest(answers: &serde_json::Map<String, serde_json::Value>) -> u64 {
    use std::hash::{Hash, Hasher};
    /// The JSON of a value, written straight into a hasher.
    struct Hashing<'a>(&'a mut std::collections::hash_map::DefaultHasher);
    impl std::io::Write for Hashing<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    answers.iter().fold(0u64, |sum, (question, value)| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        question.hash(&mut hasher);
        // Writing to a hasher cannot fail.
        let _ = serde_json::to_writer(Hashing(&mut hasher), value);
        sum.wrapping_add(hasher.finish())
    })
}

enum LineRead {
    Line,
    TooLong,
    End,
}

/// Reads one line (without its `\n`) into `buf`, never holding more than [`MAX_LINE_BYTES`] + 1
/// bytes of it: the rest of a longer line is read and dropped.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<LineRead> {
    buf.clear();
    let limit = MAX_LINE_BYTES as u64 + 1;
    let n = std::io::Read::take(&mut *reader, limit).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(LineRead::End);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(LineRead::Line);
    }
    if buf.len() < limit as usize {
        return Ok(LineRead::Line); // the last line, without a line break
    }
    buf.clear();
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                break;
            }
            None => {
                let len = chunk.len();
                reader.consume(len);
            }
        }
    }
    Ok(LineRead::TooLong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_ignores_the_order_of_answers_but_not_their_values() {
        let map = |json: &str| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json).unwrap();
        let a = answers_digest(&map(r#"{"q1": "a", "q2": [1, 2], "q3": {"r": 1}}"#));
        assert_eq!(a, answers_digest(&map(r#"{"q3": {"r": 1}, "q1": "a", "q2": [1, 2]}"#)));
        assert_ne!(a, answers_digest(&map(r#"{"q1": "a", "q2": [2, 1], "q3": {"r": 1}}"#)));
        assert_ne!(a, answers_digest(&map(r#"{"q1": "b", "q2": [1, 2], "q3": {"r": 1}}"#)));
        assert_ne!(
            answers_digest(&map(r#"{"q1": "a", "q2": "b"}"#)),
            answers_digest(&map(r#"{"q1": "b", "q2": "a"}"#))
        );
    }
}
