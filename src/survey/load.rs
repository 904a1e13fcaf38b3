//! Reading a survey file: bytes → UTF-8 (a BOM is accepted) → JSON → a validated [`Survey`].

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::model::Survey;
use super::validate::{Fault, survey_from_value};

/// Why a file could not be loaded as a survey. Every variant names the file.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all.
    Io { file: PathBuf, message: String },
    /// The file is not UTF-8 text.
    NotUtf8 { file: PathBuf, line: usize, col: usize },
    /// JSON syntax error at a line and column (1-based).
    Syntax {
        file: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// The JSON is well formed but the survey has faults; all of them are listed.
    Invalid { file: PathBuf, faults: Vec<Fault> },
}

impl LoadError {
    /// One line per fault, each starting with the file name, as `koe validate` prints them.
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoadError::Io { file, message } => vec![format!("{}: {message}", file.display())],
            LoadError::NotUtf8 { file, line, col } => vec![format!(
                "{}:{line}:{col}: the file is not UTF-8 text (save it as UTF-8)",
                file.display()
            )],
            LoadError::Syntax {
                file,
                line,
                col,
                message,
            } => {
                vec![format!("{}:{line}:{col}: {message}", file.display())]
            }
            LoadError::Invalid { file, faults } => faults.iter().map(|f| format!("{}: {f}", file.display())).collect(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.lines().join("\n"))
    }
}

impl std::error::Error for LoadError {}

/// Loads and validates one survey file.
pub fn load_file(path: &Path) -> Result<Survey, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io {
        file: path.to_path_buf(),
        message: format!("cannot read the file: {e}"),
    })?;
    parse_bytes(path, &bytes)
}

/// Parses survey text already in memory; `path` is only used in messages.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Survey, LoadError> {
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
    serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        file: path.to_path_buf(),
        line: e.line().max(1),
        col: e.column().max(1),
        message: strip_position(&e.to_string()),
    })
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
    fn bom_is_accepted_and_latin1_is_refused() {
        assert!(parse_json(Path::new("a"), b"\xEF\xBB\xBF{}").is_ok());
        let err = parse_json(Path::new("a"), b"{\n \"id\": \"\xE9\"}").unwrap_err();
        assert!(matches!(err, LoadError::NotUtf8 { line: 2, col: 9, .. }), "{err:?}");
    }
}
