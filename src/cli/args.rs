//! The command line's shape for clap: the commands, their arguments and the values an option
//! takes. The words of `--help` are not here: [`super::help`] sets them from the catalogue
//! ([`super::messages`]) in the user's language. The library's own types (`tally::Encoding`, …)
//! know nothing of clap; the `…Arg` enums here are their command-line spellings.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

use super::messages::{Msg, text};
use koe::survey::xlsform::SurveyFormat;
use koe::tally::{Encoding, Format};

/// The command line. Its words are set by `help::command`; `--db` and `--surveys` show their
/// environment variable but not its value (the paths block after `--help` shows the path in use).
#[derive(Debug, Parser)]
#[command(name = "koe", version, about, long_about = None)]
pub struct Cli {
    #[arg(long, global = true, env = "KOE_DB", hide_env_values = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[arg(long, global = true, env = "KOE_SURVEYS", hide_env_values = true, value_name = "DIR")]
    pub surveys: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Run {
        survey: String,
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        no_kiosk: bool,
        #[arg(long, hide = true, conflicts_with = "no_kiosk")]
        kiosk: bool,
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        #[arg(long, value_name = "MINUTES", default_value_t = 10)]
        idle_minutes: u64,
        #[arg(long)]
        no_mouse: bool,
        #[arg(long)]
        plain: bool,
    },
    Entry {
        survey: String,
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        verify: bool,
    },
    Validate {
        paths: Vec<PathBuf>,
    },
    List,
    Import {
        survey: String,
        file: PathBuf,
        #[arg(long)]
        session: Option<String>,
    },
    Export(ExportArgs),
    Backup {
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    Delete {
        survey: String,
        #[arg(long, value_name = "LABEL")]
        session: String,
        #[arg(long)]
        yes: bool,
    },
    Merge {
        #[arg(required = true, value_name = "OTHER.db")]
        others: Vec<PathBuf>,
    },
    Convert {
        file: PathBuf,
        #[arg(long, value_enum)]
        to: Option<SurveyFormatArg>,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    New {
        id: String,
        #[arg(long)]
        xlsx: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    pub survey: Option<String>,
    #[arg(long = "session", value_name = "LABEL")]
    pub sessions: Vec<String>,
    #[arg(long, value_name = "QUESTION|session")]
    pub by: Option<String>,
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "utf8-bom")]
    pub encoding: EncodingArg,
    #[arg(long)]
    pub include_partial: bool,
    #[arg(long)]
    pub include_practice: bool,
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: FormatArg,
}

/// Declares a `--flag` value enum: its variants, their spelling on the command line and the
/// catalogue message that describes each (in `--help`, in the user's language).
macro_rules! value_enum {
    ($(#[$doc:meta])* $name:ident => $lib:ty { $($variant:ident = $spelling:literal, $msg:ident;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant,)*
        }

        impl ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($name::$variant),*]
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(match self {
                    $($name::$variant => PossibleValue::new($spelling).help(text(Msg::$msg)),)*
                })
            }
        }

        impl From<$name> for $lib {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => <$lib>::$variant,)*
                }
            }
        }
    };
}

value_enum! {
    /// `--encoding`: how CSV files are encoded.
    EncodingArg => Encoding {
        Utf8Bom = "utf8-bom", ValueUtf8Bom;
        Utf8 = "utf8", ValueUtf8;
        Cp932 = "cp932", ValueCp932;
    }
}

value_enum! {
    /// `--format`: what `koe export` writes.
    FormatArg => Format {
        Csv = "csv", ValueCsv;
        Xlsx = "xlsx", ValueXlsx;
    }
}

value_enum! {
    /// `koe convert --to`: the survey file format to write.
    SurveyFormatArg => SurveyFormat {
        Json = "json", ValueJson;
        Xlsx = "xlsx", ValueWorkbook;
    }
}
