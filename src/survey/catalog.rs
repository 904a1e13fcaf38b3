//! The surveys folder: finding survey files, loading them all, and resolving the `SURVEY` argument
//! (an id, or a path to a .json or .xlsx file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::load::{LoadError, load_file};
use super::model::Survey;
use super::xlsform::is_workbook;

/// A survey loaded from a file.
#[derive(Clone, Debug)]
pub struct Entry {
    pub path: PathBuf,
    pub survey: Survey,
}

/// Everything found in the surveys folder: the good surveys, and the files that failed to load.
#[derive(Debug, Default)]
pub struct Catalog {
    pub surveys: Vec<Entry>,
    pub broken: Vec<LoadError>,
}

/// Survey files under `path`: the file itself, or the `*.json` and `*.xlsx` files of a folder (not
/// its `schema.json`, which is for editors, nor Excel's lock files), sorted by name.
pub fn survey_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        std::fs::metadata(path)?;
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && (p.extension().is_some_and(|e| e == "json") || is_workbook(p)))
        .filter(|p| p.file_name().is_none_or(|n| n != "schema.json"))
        // Excel keeps `~$name.xlsx` beside a workbook while it is open.
        .filter(|p| p.file_name().is_none_or(|n| !n.to_string_lossy().starts_with("~$")))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads every survey file under the given paths; a survey id used by two files is a fault of
/// the second.
pub fn load_all(paths: &[PathBuf]) -> Catalog {
    let mut catalog = Catalog::default();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for path in paths {
        let files = match survey_files(path) {
            Ok(files) => files,
            Err(e) => {
                catalog.broken.push(LoadError::Io {
                    file: path.clone(),
                    message: crate::say!(CannotRead, error = crate::words::data::io_detail(&e)),
                });
                continue;
            }
        };
        for file in files {
            match load_file(&file) {
                Ok(survey) => {
                    if let Some(first) = ids.get(&survey.id) {
                        catalog.broken.push(LoadError::Invalid {
                            file: file.clone(),
                            faults: vec![super::validate::Fault {
                                path: "id".into(),
                                message: crate::say!(
                                    SurveyIdUsed,
                                    id = format!("{:?}", survey.id),
                                    file = first.display()
                                ),
                            }],
                        });
                        continue;
                    }
                    ids.insert(survey.id.clone(), file.clone());
                    catalog.surveys.push(Entry { path: file, survey });
                }
                Err(e) => catalog.broken.push(e),
            }
        }
    }
    catalog
}

/// Why `SURVEY` did not name a usable survey.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("{0}")]
    Load(LoadError),
    #[error("no survey with id {id:?} in {dir} (known: {})", if .known.is_empty() { "none".to_string() } else { .known.join(", ") })]
    Unknown {
        id: String,
        dir: String,
        known: Vec<String>,
    },
}

/// Finds a survey by id in `dir`, or loads it from a path when the argument is a file.
pub fn resolve(dir: &Path, arg: &str) -> Result<Entry, ResolveError> {
    let as_path = Path::new(arg);
    if as_path.is_file() || arg.ends_with(".json") || is_workbook(as_path) {
        return load_file(as_path)
            .map(|survey| Entry {
                path: as_path.to_path_buf(),
                survey,
            })
            .map_err(ResolveError::Load);
    }
    let catalog = load_all(&[dir.to_path_buf()]);
    if let Some(entry) = catalog.surveys.iter().find(|e| e.survey.id == arg) {
        return Ok(entry.clone());
    }
    // A broken file with this id should say what is wrong with it, not "unknown".
    let stem_match = catalog.broken.into_iter().find(|e| match e {
        LoadError::Invalid { file, .. } | LoadError::Syntax { file, .. } | LoadError::NotUtf8 { file, .. } => {
            file.file_stem().is_some_and(|s| s == arg)
        }
        LoadError::Io { .. } => false,
    });
    if let Some(err) = stem_match {
        return Err(ResolveError::Load(err));
    }
    Err(ResolveError::Unknown {
        id: arg.to_string(),
        dir: dir.display().to_string(),
        known: catalog.surveys.into_iter().map(|e| e.survey.id).collect(),
    })
}
