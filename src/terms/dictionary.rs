//! The morphological dictionary (IPADIC, compiled for vibrato, zstd-compressed: see
//! `scripts/build-dictionary.sh` and `dict/`), included in the binary so that nothing is
//! downloaded at build or run time, and decoded once, on first use (about a third of a second):
//! never on the respondent's path, which only asks whether it is [`ready`].

use std::cell::RefCell;
use std::sync::OnceLock;

use vibrato::tokenizer::worker::Worker;
use vibrato::{Dictionary, Tokenizer};

/// The compressed dictionary, as committed.
static COMPRESSED: &[u8] = include_bytes!("../../dict/ipadic.dic.zst");

/// The tokenizer, or why the included dictionary did not load (which a test rules out).
static TOKENIZER: OnceLock<Result<Tokenizer, String>> = OnceLock::new();

fn load() -> Result<Tokenizer, String> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(COMPRESSED).map_err(|e| e.to_string())?;
    let dict = Dictionary::read(std::io::BufReader::with_capacity(1 << 16, decoder)).map_err(|e| e.to_string())?;
    Ok(Tokenizer::new(dict))
}

/// The tokenizer, decoding the dictionary first when no one has yet (blocking for that time).
pub fn tokenizer() -> Result<&'static Tokenizer, &'static str> {
    TOKENIZER.get_or_init(load).as_ref().map_err(String::as_str)
}

/// The tokenizer if the dictionary is already decoded: never waits.
pub fn ready() -> Option<&'static Tokenizer> {
    TOKENIZER.get().and_then(|t| t.as_ref().ok())
}

/// Starts decoding the dictionary on a thread of its own, so that it is ready by the time an
/// export or the results screen needs it (the kiosk calls this at start and goes on at once).
pub fn warm_up() {
    if TOKENIZER.get().is_none() {
        let _ = std::thread::Builder::new().name("koe-dictionary".into()).spawn(|| {
            let _ = tokenizer();
        });
    }
}

thread_local! {
    /// One worker (its lattice and buffers, reused from sentence to sentence) per thread.
    static WORKER: RefCell<Option<Worker<'static>>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's worker over `tokenizer`.
pub fn with_worker<R>(tokenizer: &'static Tokenizer, f: impl FnOnce(&mut Worker<'static>) -> R) -> R {
    WORKER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let worker = slot.get_or_insert_with(|| tokenizer.new_worker());
        f(worker)
    })
}
