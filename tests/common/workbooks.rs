//! Workbooks written for the tests with rust_xlsxwriter: a sheet is rows of cells, and a cell
//! that looks like a number is written as one, as Excel stores what people type.
#![allow(dead_code)]

/// A workbook: sheet names and their rows of cells.
pub type Sheets = Vec<(String, Vec<Vec<String>>)>;

pub fn sheets(spec: &[(&str, &[&[&str]])]) -> Sheets {
    spec.iter()
        .map(|(name, rows)| {
            (
                name.to_string(),
                rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect(),
            )
        })
        .collect()
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') && s.parse::<f64>().is_ok()
}

pub fn book(sheets: &Sheets) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                if looks_numeric(cell) {
                    ws.write_number(r as u32, c as u16, cell.parse::<f64>().unwrap())
                        .unwrap();
                } else {
                    ws.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Sets a cell by its A1 name, growing the sheet as needed.
pub fn set(sheets: &mut Sheets, sheet: &str, cell: &str, text: &str) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: usize = cell[letters.len()..].parse::<usize>().unwrap() - 1;
    let col = letters
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize)
        - 1;
    let rows = &mut sheets.iter_mut().find(|(n, _)| n == sheet).unwrap().1;
    while rows.len() <= row {
        rows.push(Vec::new());
    }
    while rows[row].len() <= col {
        rows[row].push(String::new());
    }
    rows[row][col] = text.to_string();
}

/// A form as LibreOffice or Excel users write it: lower-case sheet names, `label::Japanese (ja)`,
/// `list name` with a space, `required` as TRUE, a yes/no list, a table-list matrix.
pub fn libreoffice_form() -> Sheets {
    sheets(&[
        (
            "survey",
            &[
                &[
                    "type",
                    "name",
                    "label::Japanese (ja)",
                    "label::English (en)",
                    "required",
                    "relevant",
                    "appearance",
                    "parameters",
                ],
                &["select_one sector", "sector", "所属", "Sector", "TRUE"],
                &[
                    "range",
                    "useful",
                    "役に立ちましたか",
                    "Was it useful?",
                    "TRUE",
                    "",
                    "",
                    "start=1 end=5",
                ],
                &["select_one yesno", "again", "また参加しますか", "Will you come again?"],
                &["begin group", "grasp", "理解度", "Understanding", "", "", "table-list"],
                &["select_one level", "system", "仕組み", "The system"],
                &["select_one level", "roles", "役割", "Roles"],
                &["end group"],
                &["text", "comment", "感想", "Comments", "", "${useful} >= 3"],
            ],
        ),
        (
            "choices",
            &[
                &["list name", "name", "label::Japanese (ja)", "label::English (en)"],
                &["sector", "gov", "行政", "Government"],
                &["sector", "med", "医療", "Medical"],
                &["yesno", "yes", "はい", "Yes"],
                &["yesno", "no", "いいえ", "No"],
                &["level", "1", "低い", "Low"],
                &["level", "2", "普通", "Fair"],
                &["level", "3", "高い", "High"],
                &["level", "4", "とても高い", "Very high"],
            ],
        ),
        (
            "settings",
            &[
                &["form_title", "form_id", "default_language"],
                &["協議の場 ふりかえり", "furikaeri", "Japanese (ja)"],
            ],
        ),
    ])
}
