//! Compiles MeCab-format dictionary sources (UTF-8) into the binary dictionary koe includes:
//! `build-dictionary LEXICON.csv matrix.def char.def unk.def OUT.dic`.
//! Run by `scripts/build-dictionary.sh`, which fetches IPADIC from Debian and converts it first.
//! Its `vibrato` is pinned to koe's: the dictionary is that version's serialisation.

use std::fs::File;
use std::io::{BufReader, BufWriter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lexicon, matrix, chars, unknown, out] = args.as_slice() else {
        return Err("usage: build_dictionary LEXICON.csv matrix.def char.def unk.def OUT.dic".into());
    };
    let open = |path: &String| -> Result<BufReader<File>, Box<dyn std::error::Error>> {
        Ok(BufReader::new(File::open(path).map_err(|e| format!("{path}: {e}"))?))
    };
    let dict =
        vibrato::SystemDictionaryBuilder::from_readers(open(lexicon)?, open(matrix)?, open(chars)?, open(unknown)?)?;
    let bytes = dict.write(BufWriter::new(File::create(out)?))?;
    eprintln!("{out}: {bytes} bytes");
    Ok(())
}
