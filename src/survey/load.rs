//! Reading a survey file: bytes → UTF-8 (a BOM is accepted) → JSON → a validated [`Survey`]; a
//! workbook goes through [`super::xlsform`] to the same validation.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::model::Survey;
use super::validate::{Fault, survey_from_value};
use crate::say;
use crate::words::{Lang, Words};

/// Why a file could not be loaded as a survey. Every variant names the file.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all.
    Io { file: PathBuf, message: Words },
    /// The file is not UTF-8 text.
    NotUtf8 { file: PathBuf, line: usize, col: usize },
    /// JSON syntax error at a line and column (1-based).
    Syntax {
        file: PathBuf,
        line: usize,
        col: usize,
        message: Words,
    },
    /// The JSON is well formed but the survey has faults; all of them are listed.
    Invalid { file: PathBuf, faults: Vec<Fault> },
}

impl LoadError {
    /// One line per fault, each starting with the file name, as `koe validate` prints them, in
    /// `lang`.
    pub fn lines_in(&self, lang: Lang) -> Vec<String> {
        match self {
            LoadError::Io { file, message } => vec![format!("{}: {}", file.display(), message.get(lang))],
            LoadError::NotUtf8 { file, line, col } => {
                vec![format!("{}:{line}:{col}: {}", file.display(), say!(NotUtf8).get(lang))]
            }
            LoadError::Syntax {
                file,
                line,
                col,
                message,
            } => {
                vec![format!("{}:{line}:{col}: {}", file.display(), message.get(lang))]
            }
            LoadError::Invalid { file, faults } => faults
                .iter()
                .map(|f| format!("{}: {}", file.display(), f.line(lang)))
                .collect(),
        }
    }

    /// [`LoadError::lines_in`] English, whatever the locale: for logs and tests.
    pub fn lines(&self) -> Vec<String> {
        self.lines_in(Lang::En)
    }
}

/// In English, whatever the locale (see [`LoadError::lines`]).
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.lines().join("\n"))
    }
}

impl std::error::Error for LoadError {}

/// The largest survey file read, in bytes. A real survey (a few hundred questions in two
/// languages) is well under 1 MiB; without a limit a large stray file in the surveys folder
/// (a data file saved there by mistake) would cost `koe list` gigabytes of memory.
pub const MAX_SURVEY_BYTES: u64 = 8 * 1024 * 1024;

/// The most JSON values (objects, arrays, strings, numbers…) a survey file may hold: a survey of
/// 8,000 questions with conditions has a few hundred thousand. Counted before the file is parsed,
/// since each parsed value costs tens of bytes.
pub const MAX_SURVEY_VALUES: usize = 500_000;

/// Loads and validates one survey file: JSON, or an XLSForm workbook (`.xlsx`).
pub fn load_file(path: &Path) -> Result<Survey, LoadError> {
    let io = |message: Words| LoadError::Io {
        file: path.to_path_buf(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| io(say!(CannotReadFile, error = crate::words::data::io_detail(&e))))?
        .len();
    if size > MAX_SURVEY_BYTES {
        return Err(io(too_large(size)));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path)
                .map_err(|e| io(say!(CannotReadFile, error = crate::words::data::io_detail(&e))))?,
            MAX_SURVEY_BYTES + 1,
        ),
        &mut bytes,
    )
    .map_err(|e| io(say!(CannotReadFile, error = crate::words::data::io_detail(&e))))?;
    if bytes.len() as u64 > MAX_SURVEY_BYTES {
        return Err(io(too_large(bytes.len() as u64)));
    }
    if super::xlsform::is_workbook(path) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        return super::xlsform::survey_from_workbook(bytes, &stem).map_err(|faults| LoadError::Invalid {
            file: path.to_path_buf(),
            faults,
        });
    }
    parse_bytes(path, &bytes)
}

/// The message for a file over [`MAX_SURVEY_BYTES`].
fn too_large(size: u64) -> Words {
    say!(
        FileTooLarge,
        size = size.div_ceil(1024 * 1024),
        most = MAX_SURVEY_BYTES / 1024 / 1024
    )
}

/// How many JSON values `text` holds at least (each `,`, `[`, `{` and `:` outside strings starts
/// one), counted without allocating.
fn json_values(text: &[u8]) -> usize {
    let (mut count, mut in_string, mut escaped) = (0usize, false, false);
    for &b in text {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b',' | b'[' | b'{' | b':' => count += 1,
                _ => {}
            }
        }
    }
    count
}

/// Parses survey text already in memory; `path` is only used in messages.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Survey, LoadError> {
    if json_values(bytes) > MAX_SURVEY_VALUES {
        return Err(LoadError::Io {
            file: path.to_path_buf(),
            message: say!(TooManyValues, most = MAX_SURVEY_VALUES),
        });
    }
    let value = parse_json(path, bytes)?;
    survey_from_value(&value).map_err(|faults| LoadError::Invalid {
        file: path.to_path_buf(),
        faults,
    })
}

/// Bytes → JSON value, with line:column for encoding and syntax errors.
pub fn parse_json(path: &Path, bytes: &[u8]) -> Result<Value, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(&bytes[..e.valid_up_to()]);
        LoadError::NotUtf8 {
            file: path.to_path_buf(),
            line,
            col,
        }
    })?;
    let syntax = |e: serde_json::Error| {
        let (line, col, message) = place_of(text, &e);
        LoadError::Syntax {
            file: path.to_path_buf(),
            line,
            col,
            message,
        }
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = NoDuplicateKeys::deserialize(&mut de).map_err(syntax)?;
    de.end().map_err(syntax)?;
    Ok(value.0)
}

/// Where a syntax error is, as an editor counts (line, column in characters), and what it is. A
/// string left open is reported where it opens, not where the parser noticed (the next line, or
/// the end of the file).
fn place_of(text: &str, e: &serde_json::Error) -> (usize, usize, Words) {
    let message = strip_position(&e.to_string());
    let line = e.line().max(1);
    // serde_json counts columns in bytes.
    let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let line_text = text[line_start.min(text.len())..].split('\n').next().unwrap_or("");
    let mut byte_col = e.column().min(line_text.len());
    while !line_text.is_char_boundary(byte_col) {
        byte_col -= 1;
    }
    let offset = line_start + byte_col;
    let in_string = e.classify() == serde_json::error::Category::Eof || message.starts_with("control character");
    if in_string && let Some(open) = open_string_at(text, offset) {
        // serde_json stops at the first raw control character of the string. A line break there
        // means the closing quote is missing; any other one (a tab pasted from a spreadsheet, an
        // escape code) is itself the fault, and the string may well be closed.
        if let Some((at, c)) = first_control_char(text, open)
            && c != '\n'
            && c != '\r'
        {
            let (l, col) = line_col(&text.as_bytes()[..at]);
            return (l, col, control_char_message(c));
        }
        let (l, c) = line_col(&text.as_bytes()[..open]);
        return (l, c, say!(StringNotClosed));
    }
    (
        line,
        line_text[..byte_col].chars().count().max(1),
        syntax_words(&message),
    )
}

/// The byte offset of the opening quote of the string that `offset` is inside, if any.
fn open_string_at(text: &str, offset: usize) -> Option<usize> {
    let mut open = None;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate().take(offset) {
        match (open, b) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), b'\\') => escaped = true,
            (Some(_), b'"') => open = None,
            (None, b'"') => open = Some(i),
            _ => {}
        }
    }
    // A string broken by a raw newline is open up to that newline.
    open.filter(|&o| offset > o)
}

/// The byte offset and value of the first raw control character (U+0000–U+001F) in the string
/// whose opening quote is at `open`, before it closes.
fn first_control_char(text: &str, open: usize) -> Option<(usize, char)> {
    let mut escaped = false;
    for (i, c) in text[open + 1..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return None,
            c if c < ' ' => return Some((open + 1 + i, c)),
            _ => {}
        }
    }
    None
}

/// What to tell someone whose text holds a raw control character, which JSON forbids inside a
/// string: a tab (typical of text pasted from a spreadsheet) can be written `\t`; others are
/// invisible, so they are named by code point.
fn control_char_message(c: char) -> Words {
    if c == '\t' {
        say!(TabInText)
    } else {
        say!(ControlCharInText, code = format!("U+{:04X}", u32::from(c)))
    }
}

/// serde_json's message (English, without its place) in both languages. serde_json's messages are
/// a fixed set, told apart by their text; one it might add later keeps its English words inside a
/// Japanese sentence rather than being lost.
/// What a JSON syntax error of serde_json is, in both languages, without its place (a line of
/// `koe import` says its own).
pub fn json_syntax(e: &serde_json::Error) -> Words {
    syntax_words(&strip_position(&e.to_string()))
}

fn syntax_words(message: &str) -> Words {
    let said = match message {
        "expected `:`" => say!(JsonExpectedColon),
        "expected `,` or `}`" => say!(JsonExpectedCommaOrBrace),
        "expected `,` or `]`" => say!(JsonExpectedCommaOrBracket),
        "EOF while parsing a value" => say!(JsonEofValue),
        "EOF while parsing an object" => say!(JsonEofObject),
        "EOF while parsing a list" => say!(JsonEofList),
        "EOF while parsing a string" => say!(JsonEofString),
        "trailing comma" => say!(JsonTrailingComma),
        "expected value" => say!(JsonExpectedValue),
        "expected ident" => say!(JsonExpectedIdent),
        "key must be a string" => say!(JsonKeyNotString),
        "invalid escape" => say!(JsonInvalidEscape),
        "invalid number" => say!(JsonInvalidNumber),
        "number out of range" => say!(JsonNumberOutOfRange),
        "trailing characters" => say!(JsonTrailingCharacters),
        "recursion limit exceeded" => say!(JsonTooDeep),
        _ => match message
            .strip_prefix(DUPLICATE_KEY.0)
            .and_then(|rest| rest.strip_suffix(DUPLICATE_KEY.1))
        {
            Some(key) => say!(JsonDuplicateKey, key = key),
            None => say!(JsonOther, detail = message),
        },
    };
    // English stays exactly serde_json's words.
    Words {
        en: message.to_string(),
        ja: said.ja,
    }
}

/// The English message of a key given twice (serde's custom errors are text only), before and
/// after the quoted key.
const DUPLICATE_KEY: (&str, &str) = ("the key ", " is given twice in one object");

/// A JSON value read like `serde_json::Value`, except that a key given twice in one object is an
/// error (serde_json would keep the last one silently, and the survey would lose a field).
struct NoDuplicateKeys(Value);

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicateKeysVisitor).map(NoDuplicateKeys)
    }
}

struct NoDuplicateKeysVisitor;

impl<'de> serde::de::Visitor<'de> for NoDuplicateKeysVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(NoDuplicateKeys(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut obj = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if obj.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "{}{}{}",
                    DUPLICATE_KEY.0,
                    crate::survey::validate::quote(&key),
                    DUPLICATE_KEY.1
                )));
            }
            let NoDuplicateKeys(v) = map.next_value()?;
            obj.insert(key, v);
        }
        Ok(Value::Object(obj))
    }
}

/// serde_json appends " at line L column C" to its messages; we print the place first instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// 1-based line and column (in characters) of the end of `valid`.
fn line_col(valid: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(valid);
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse_json(Path::new("s.json"), b"{\n  \"id\": \"a\",\n  \"title\" \"x\"\n}").unwrap_err();
        assert_eq!(err.lines(), vec!["s.json:3:11: expected `:`".to_string()]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // 「あいう」 is 9 bytes but 3 characters: the stray string starts at column 17 as an editor shows it (byte 23).
        let err = parse_json(Path::new("s.json"), "{\"title\": \"あいう\" \"x\"}".as_bytes()).unwrap_err();
        assert_eq!(err.lines(), vec!["s.json:1:17: expected `,` or `}`".to_string()]);
    }

    #[test]
    fn an_unclosed_string_is_reported_where_it_opens() {
        let err = parse_json(Path::new("s.json"), b"{\n  \"title\": \"abc,\n  \"id\": \"x\"\n}").unwrap_err();
        assert_eq!(
            err.lines(),
            vec!["s.json:2:12: this string is not closed (a closing \" is missing)".to_string()]
        );
        let err = parse_json(Path::new("s.json"), b"{\n  \"title\": \"abc").unwrap_err();
        assert!(
            err.lines()[0].starts_with("s.json:2:12: this string is not closed"),
            "{err}"
        );
    }

    #[test]
    fn a_raw_tab_in_a_closed_string_is_reported_where_it_is() {
        let err = parse_json(
            Path::new("t.json"),
            "{\"id\": \"a\",\n \"text\":\"質問\tです\"}".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(
            err.lines(),
            vec!["t.json:2:12: a tab character inside a text; write \\t or a space instead".to_string()]
        );
    }

    #[test]
    fn a_raw_escape_in_a_closed_string_is_named_by_code_point() {
        let err = parse_json(Path::new("t.json"), "{\"text\": \"質問\u{1b}[31mです\"}".as_bytes()).unwrap_err();
        assert_eq!(
            err.lines(),
            vec!["t.json:1:13: an invisible control character (U+001B) inside a text; remove it".to_string()]
        );
    }

    #[test]
    fn an_unclosed_string_with_windows_line_ends_is_reported_where_it_opens() {
        let err = parse_json(Path::new("s.json"), b"{\r\n  \"title\": \"abc,\r\n  \"id\": \"x\"\r\n}").unwrap_err();
        assert!(
            err.lines()[0].starts_with("s.json:2:12: this string is not closed"),
            "{err}"
        );
    }

    #[test]
    fn a_key_given_twice_is_an_error_with_its_place() {
        let err = parse_json(Path::new("s.json"), b"{\"id\": \"a\",\n \"id\": \"b\"}").unwrap_err();
        let line = &err.lines()[0];
        assert!(line.starts_with("s.json:2:"), "{line}");
        assert!(line.contains("the key \"id\" is given twice in one object"), "{line}");
    }

    #[test]
    fn bom_is_accepted_and_latin1_is_refused() {
        assert!(parse_json(Path::new("a"), b"\xEF\xBB\xBF{}").is_ok());
        let err = parse_json(Path::new("a"), b"{\n \"id\": \"\xE9\"}").unwrap_err();
        assert!(matches!(err, LoadError::NotUtf8 { line: 2, col: 9, .. }), "{err:?}");
    }
}
