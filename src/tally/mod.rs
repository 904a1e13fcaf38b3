//! From stored responses to the files staff take to the evaluation meeting: counts and percents
//! (summary.csv), statistics (stats.csv), free text (freetext.csv) and its keywords
//! (keywords.csv), one row per response (responses.csv), and cross-tabulations.

pub mod aside;
pub mod cell;
pub mod codes;
pub mod columns;
pub mod csv;
pub mod export;
pub mod fold;
pub mod headers;
pub mod indicators;
pub mod items;
pub mod keywords;
pub mod labels;
pub mod round;
pub mod sink;
pub mod stats;
mod tracked;
pub mod xlsx;

use std::path::{Path, PathBuf};

pub use export::{ExportOptions, ExportReport, export, export_observed};

use crate::store::StoreError;
use crate::words::Words;

/// How CSV files are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark, which Excel in a Japanese locale reads correctly
    Utf8Bom,
    Utf8,
    /// Shift_JIS (Windows-31J) for older Excel; unmappable characters become 〓
    Cp932,
}

/// What `koe export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV files
    Csv,
    /// One Excel workbook, report.xlsx, with charts
    Xlsx,
}

pub use crate::text_width::wrap_width;

/// Why an export failed, in both languages: the command line shows [`ExportError::said`] in the
/// user's language; `Display` (logs, tests) is the English.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Bad options (an unknown session, a --by that cannot group).
    Invalid(Words),
    Io {
        file: PathBuf,
        message: Words,
    },
    Store(#[from] StoreError),
}

impl std::fmt::Display for ExportError {
    /// In English ([`ExportError::words`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words().en)
    }
}

impl ExportError {
    pub fn io(file: &Path, e: std::io::Error) -> Self {
        // A file where a folder of the path should be (the exports folder, --out's parent) makes
        // the system say "already exists" or "not a directory": name that file instead.
        if let Some(in_the_way) = file.ancestors().skip(1).find(|a| a.is_file()) {
            return ExportError::Io {
                file: in_the_way.to_path_buf(),
                message: crate::say!(data::FileWhereFolder),
            };
        }
        let message = if e.kind() == std::io::ErrorKind::AlreadyExists {
            crate::say!(data::ExportExists)
        } else if aside::is_disk_full(&e) {
            crate::say!(data::ExportDiskFull)
        } else {
            crate::words::data::io_error(&e)
        };
        ExportError::Io {
            file: file.to_path_buf(),
            message,
        }
    }

    /// The fault on one line, in both languages.
    pub fn words(&self) -> Words {
        match self {
            ExportError::Invalid(message) => message.clone(),
            ExportError::Io { file, message } => Words::at(file.display(), message),
            ExportError::Store(e) => e.words(),
        }
    }

    /// The fault on one line in `lang`.
    pub fn said(&self, lang: crate::words::Lang) -> String {
        self.words().get(lang).to_string()
    }
}
