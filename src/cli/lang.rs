//! The language of the command line: the library's choice ([`koe::words`]), where the rule
//! lives (shared/SPEC.md, "Language of the command line").

pub use koe::words::{Lang, current};
