//! XLSForm workbooks (the spreadsheet format of ODK and KoboToolbox) ⇄ koe's survey model.
//!
//! Reading goes workbook → the JSON document a person would have written ([`read`]) → the one
//! validator, whose faults are then named by sheet, cell and column (`survey!D7 (relevant)`).
//! Writing ([`write`]) puts what XLSForm cannot say in `koe::` columns, so a survey converted to a
//! workbook and back is the same survey.

pub mod expr;
pub mod read;
pub mod sheet;
pub mod write;

use super::model::Survey;
use super::validate::{Fault, survey_from_value};
use read::Place;

/// Whether a path names a workbook koe reads (by its extension).
pub fn is_workbook(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Reads workbook bytes into a validated survey, or every fault at once, each naming its sheet,
/// cell and column. `stem` (the file name without extension) is the survey id when the settings
/// sheet gives no `form_id`.
pub fn survey_from_workbook(bytes: Vec<u8>, stem: &str) -> Result<Survey, Vec<Fault>> {
    let read = read::read(bytes, stem);
    let mut faults = read.faults.clone();
    if read.doc.is_null() {
        return Err(to_faults(faults));
    }
    let own_rows: Vec<(usize, Option<u32>)> = faults.iter().map(|(p, _)| (p.order, p.cell.map(|c| c.0))).collect();
    let own_cells: Vec<Place> = faults.iter().map(|(p, _)| p.clone()).collect();
    match survey_from_value(&read.doc) {
        Ok(survey) if faults.is_empty() => return Ok(survey),
        Ok(_) => {}
        Err(found) => {
            for f in found {
                let place = read.place_of(&f.path).cloned().unwrap_or(Place {
                    order: 0,
                    sheet: "survey".into(),
                    cell: None,
                    column: String::new(),
                });
                // A cell the reader already faulted would only be reported again in other words, and
                // a field it left out for its fault would be reported as missing.
                let same_row = own_rows.contains(&(place.order, place.cell.map(|c| c.0)));
                if own_cells.contains(&place) || (same_row && f.message.en.starts_with("missing ")) {
                    continue;
                }
                faults.push((place, f.message));
            }
        }
    }
    read::Read::sort(&mut faults);
    faults.dedup();
    Err(to_faults(faults))
}

fn to_faults(faults: Vec<(Place, crate::words::Words)>) -> Vec<Fault> {
    faults
        .into_iter()
        .map(|(place, message)| Fault {
            path: place.label(),
            message,
        })
        .collect()
}

/// The two ways a survey file is written: koe's JSON, or an XLSForm workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyFormat {
    /// koe's JSON survey file
    Json,
    /// An XLSForm workbook (Excel)
    Xlsx,
}

impl SurveyFormat {
    /// The format a file name says by its extension.
    pub fn of_path(path: &std::path::Path) -> Option<SurveyFormat> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "json" => Some(SurveyFormat::Json),
            "xlsx" => Some(SurveyFormat::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            SurveyFormat::Json => "json",
            SurveyFormat::Xlsx => "xlsx",
        }
    }
}

/// A survey as the bytes of a file in the given format (JSON pretty-printed, ending in a newline).
pub fn encode(survey: &Survey, format: SurveyFormat) -> Result<Vec<u8>, String> {
    match format {
        SurveyFormat::Json => {
            let mut doc = serde_json::to_value(survey).map_err(|e| format!("cannot write the JSON: {e}"))?;
            // A person reads a question's type first: put it right after the id.
            if let Some(questions) = doc.get_mut("questions").and_then(serde_json::Value::as_array_mut) {
                for q in questions {
                    if let serde_json::Value::Object(map) = q {
                        let mut ordered = serde_json::Map::new();
                        for key in ["id", "type"] {
                            if let Some(v) = map.shift_remove(key) {
                                ordered.insert(key.into(), v);
                            }
                        }
                        ordered.append(map);
                        *map = ordered;
                    }
                }
            }
            serde_json::to_string_pretty(&doc)
                .map(|s| (s + "\n").into_bytes())
                .map_err(|e| format!("cannot write the JSON: {e}"))
        }
        SurveyFormat::Xlsx => write::workbook(survey).map_err(|e| format!("cannot write the workbook: {e}")),
    }
}
