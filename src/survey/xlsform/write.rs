//! koe's survey model → an XLSForm workbook: sheets `survey`, `choices` and `settings` that ODK and
//! Kobo read, plus `koe::` columns for what XLSForm cannot say, so that reading the workbook back
//! gives the same survey.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, Workbook, XlsxError,
};

use super::expr::quote;
use super::sheet::number_text;
use crate::survey::model::{Condition, Direction, Kind, Question, ScaleDef, Survey, Test, Text};
use crate::text_width::wrap_width;

/// The types offered in the `type` column's drop-down (a list name follows the select types).
pub const TYPE_CHOICES: &[&str] = &[
    "text",
    "integer",
    "decimal",
    "select_one LIST",
    "select_multiple LIST",
    "rank LIST",
    "range",
    "note",
    "begin_group",
    "end_group",
];

/// How a language is named in column headers: `label::日本語 (ja)`.
pub fn language_header(code: &str) -> String {
    let name = match code {
        "ja" => "日本語",
        "en" => "English",
        "zh" => "中文",
        "ko" => "한국어",
        other => other,
    };
    format!("{name} ({code})")
}

/// One sheet as rows of (column key → text); the columns are put in a fixed order when written.
#[derive(Default)]
struct Table {
    rows: Vec<BTreeMap<Col, String>>,
}

/// A column: its place in the fixed order, its field and its language (index into `languages`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Col {
    rank: usize,
    field: &'static str,
    lang: Option<usize>,
}

const SURVEY_COLUMNS: &[&str] = &[
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "appearance",
    "parameters",
    "koe::min_label",
    "koe::max_label",
    "koe::allow_na",
    "koe::labels",
    "koe::unit",
    "koe::max_ranked",
    "koe::type",
];
const CHOICE_COLUMNS: &[&str] = &["list_name", "name", "label"];
const INDICATOR_COLUMNS: &[&str] = &["name", "label", "question", "measure", "values", "target", "direction"];
const CODE_COLUMNS: &[&str] = &["id", "label", "question", "words"];
const KEYWORD_COLUMNS: &[&str] = &["extra_words", "ignore_words"];
const SETTINGS_COLUMNS: &[&str] = &[
    "form_id",
    "form_title",
    "default_language",
    "koe::title",
    "koe::description",
];

struct Writer<'a> {
    survey: &'a Survey,
    /// Texts go in language columns (`label::English (en)`) rather than one plain column.
    use_langs: bool,
    survey_rows: Table,
    choice_rows: Table,
    settings: Table,
    indicators: Table,
    codes: Table,
    keywords: Table,
    yes_no_list: Option<String>,
}

fn col(columns: &[&'static str], field: &str, lang: Option<usize>) -> Col {
    let rank = columns.iter().position(|c| *c == field).unwrap_or(columns.len());
    let field = columns.get(rank).copied().unwrap_or("");
    Col { rank, field, lang }
}

impl<'a> Writer<'a> {
    fn lang_index(&self, code: &str) -> usize {
        self.survey.languages.iter().position(|l| l == code).unwrap_or(0)
    }

    fn put_text(&self, row: &mut BTreeMap<Col, String>, columns: &[&'static str], field: &str, text: &Text) {
        match text {
            Text::Plain(s) => {
                row.insert(col(columns, field, None), s.clone());
            }
            Text::Localized(map) => {
                for (code, s) in map {
                    row.insert(col(columns, field, Some(self.lang_index(code))), s.clone());
                }
            }
        }
    }

    fn survey_row(&self, q_row: &mut BTreeMap<Col, String>, field: &str, value: impl Into<String>) {
        q_row.insert(col(SURVEY_COLUMNS, field, None), value.into());
    }

    /// A list on the choices sheet.
    fn list(&mut self, name: &str, items: &[(String, Text)]) {
        for (value, label) in items {
            let mut row = BTreeMap::new();
            row.insert(col(CHOICE_COLUMNS, "list_name", None), name.to_string());
            row.insert(col(CHOICE_COLUMNS, "name", None), value.clone());
            self.put_text(&mut row, CHOICE_COLUMNS, "label", label);
            self.choice_rows.rows.push(row);
        }
    }

    /// The one yes/no list all yes_no questions share, named so that it clashes with no question.
    fn yes_no(&mut self) -> String {
        if let Some(name) = &self.yes_no_list {
            return name.clone();
        }
        let mut name = "yes_no".to_string();
        while self.survey.question(&name).is_some() {
            name.push_str("_list");
        }
        let label = |yes: bool| -> Text {
            let word = |code: &str| match (code, yes) {
                ("ja", true) => "はい",
                ("ja", false) => "いいえ",
                ("en", true) | (_, true) => "Yes",
                _ => "No",
            };
            if self.use_langs {
                Text::Localized(
                    self.survey
                        .languages
                        .iter()
                        .map(|l| (l.clone(), word(l).to_string()))
                        .collect(),
                )
            } else {
                Text::Plain(word(self.survey.default_lang()).to_string())
            }
        };
        let items = vec![("yes".to_string(), label(true)), ("no".to_string(), label(false))];
        self.list(&name, &items);
        self.yes_no_list = Some(name.clone());
        name
    }

    /// A list of a scale's points, labelled by `labels` or by the numbers themselves.
    fn points(&mut self, name: &str, scale: &ScaleDef) {
        let items: Vec<(String, Text)> = scale
            .points()
            .map(|p| {
                let label = scale.label_of(p).cloned().unwrap_or_else(|| Text::Plain(p.to_string()));
                (p.to_string(), label)
            })
            .collect();
        self.list(name, &items);
    }

    fn scale_extras(&self, row: &mut BTreeMap<Col, String>, scale: &ScaleDef) {
        if let Some(t) = &scale.min_label {
            self.put_text(row, SURVEY_COLUMNS, "koe::min_label", t);
        }
        if let Some(t) = &scale.max_label {
            self.put_text(row, SURVEY_COLUMNS, "koe::max_label", t);
        }
        if scale.allow_na {
            self.survey_row(row, "koe::allow_na", "yes");
        }
    }

    fn common(&self, row: &mut BTreeMap<Col, String>, q: &Question) {
        self.survey_row(row, "name", q.id.clone());
        self.put_text(row, SURVEY_COLUMNS, "label", &q.text);
        if let Some(h) = &q.help {
            self.put_text(row, SURVEY_COLUMNS, "hint", h);
        }
        if q.required {
            self.survey_row(row, "required", "yes");
        }
        if let Some(c) = &q.show_if {
            self.survey_row(row, "relevant", relevant(c, self.survey, false));
        }
    }

    fn question(&mut self, q: &Question) {
        let mut row = BTreeMap::new();
        match &q.kind {
            Kind::Matrix { rows, scale } => {
                self.survey_row(&mut row, "type", "begin_group");
                self.common(&mut row, q);
                row.remove(&col(SURVEY_COLUMNS, "required", None));
                self.survey_row(&mut row, "appearance", "table-list");
                self.scale_extras(&mut row, scale);
                self.survey_rows.rows.push(row);
                self.points(&q.id, scale);
                for r in rows {
                    let mut rr = BTreeMap::new();
                    self.survey_row(&mut rr, "type", format!("select_one {}", q.id));
                    self.survey_row(&mut rr, "name", r.id.clone());
                    self.put_text(&mut rr, SURVEY_COLUMNS, "label", &r.text);
                    if q.required {
                        self.survey_row(&mut rr, "required", "yes");
                    }
                    self.survey_rows.rows.push(rr);
                }
                let mut end = BTreeMap::new();
                self.survey_row(&mut end, "type", "end_group");
                self.survey_rows.rows.push(end);
                return;
            }
            Kind::SingleChoice { choices, other } | Kind::MultipleChoice { choices, other, .. } => {
                let base = if matches!(q.kind, Kind::SingleChoice { .. }) {
                    "select_one"
                } else {
                    "select_multiple"
                };
                let suffix = if *other { " or_other" } else { "" };
                self.survey_row(&mut row, "type", format!("{base} {}{suffix}", q.id));
                let items: Vec<(String, Text)> = choices.iter().map(|c| (c.value.clone(), c.label.clone())).collect();
                let yes_no_values = items.len() == 2
                    && items.iter().any(|(v, _)| v.eq_ignore_ascii_case("yes"))
                    && items.iter().any(|(v, _)| v.eq_ignore_ascii_case("no"));
                if base == "select_one" && !*other && yes_no_values {
                    self.survey_row(&mut row, "koe::type", "single_choice");
                }
                self.list(&q.id, &items);
                if let Kind::MultipleChoice {
                    min_selected,
                    max_selected,
                    ..
                } = &q.kind
                {
                    let mut parts = Vec::new();
                    if let Some(n) = min_selected {
                        parts.push(format!("count-selected(.) >= {n}"));
                    }
                    if let Some(n) = max_selected {
                        parts.push(format!("count-selected(.) <= {n}"));
                    }
                    if !parts.is_empty() {
                        self.survey_row(&mut row, "constraint", parts.join(" and "));
                    }
                }
            }
            Kind::Rank { choices, max_ranked } => {
                self.survey_row(&mut row, "type", format!("rank {}", q.id));
                let items: Vec<(String, Text)> = choices.iter().map(|c| (c.value.clone(), c.label.clone())).collect();
                self.list(&q.id, &items);
                if let Some(n) = max_ranked {
                    self.survey_row(&mut row, "koe::max_ranked", n.to_string());
                }
            }
            Kind::Scale(scale) => {
                self.survey_row(&mut row, "type", "range");
                self.survey_row(
                    &mut row,
                    "parameters",
                    format!("start={} end={} step=1", scale.min, scale.max),
                );
                self.scale_extras(&mut row, scale);
                if scale.labels.is_some() {
                    self.survey_row(&mut row, "koe::labels", q.id.clone());
                    self.points(&q.id, scale);
                }
            }
            Kind::YesNo => {
                let list = self.yes_no();
                self.survey_row(&mut row, "type", format!("select_one {list}"));
            }
            Kind::Number {
                min,
                max,
                integer,
                unit,
            } => {
                self.survey_row(&mut row, "type", if *integer { "integer" } else { "decimal" });
                let mut parts = Vec::new();
                if let Some(n) = min {
                    parts.push(format!(". >= {}", number_text(*n)));
                }
                if let Some(n) = max {
                    parts.push(format!(". <= {}", number_text(*n)));
                }
                if !parts.is_empty() {
                    self.survey_row(&mut row, "constraint", parts.join(" and "));
                }
                if let Some(u) = unit {
                    self.put_text(&mut row, SURVEY_COLUMNS, "koe::unit", u);
                }
            }
            Kind::Text { multiline, max_length } => {
                self.survey_row(&mut row, "type", "text");
                if *multiline {
                    self.survey_row(&mut row, "appearance", "multiline");
                }
                if let Some(n) = max_length {
                    self.survey_row(&mut row, "constraint", format!("string-length(.) <= {n}"));
                }
            }
            Kind::Note => self.survey_row(&mut row, "type", "note"),
        }
        self.common(&mut row, q);
        self.survey_rows.rows.push(row);
    }

    /// The `indicators` sheet: one row an indicator, values as stored, separated by spaces.
    fn indicators(&mut self) {
        for ind in &self.survey.indicators {
            let mut row = BTreeMap::new();
            row.insert(col(INDICATOR_COLUMNS, "name", None), ind.id.clone());
            self.put_text(&mut row, INDICATOR_COLUMNS, "label", &ind.text);
            if let Some(q) = &ind.question {
                row.insert(col(INDICATOR_COLUMNS, "question", None), q.clone());
            }
            row.insert(col(INDICATOR_COLUMNS, "measure", None), ind.measure.name().to_string());
            if !ind.values.is_empty() {
                let values: Vec<String> = ind
                    .values
                    .iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), number_text),
                        other => other.to_string(),
                    })
                    .collect();
                row.insert(col(INDICATOR_COLUMNS, "values", None), values.join(" "));
            }
            row.insert(col(INDICATOR_COLUMNS, "target", None), number_text(ind.target));
            if ind.direction != Direction::AtLeast {
                row.insert(
                    col(INDICATOR_COLUMNS, "direction", None),
                    ind.direction.name().to_string(),
                );
            }
            self.indicators.rows.push(row);
        }
    }

    /// The `codes` sheet: one row a code, its words joined by `, ` (a word holding a comma cannot
    /// be written so; `koe validate` of the workbook read back would show it split).
    fn codes(&mut self) {
        for code in &self.survey.codes {
            let mut row = BTreeMap::new();
            row.insert(col(CODE_COLUMNS, "id", None), code.id.clone());
            self.put_text(&mut row, CODE_COLUMNS, "label", &code.label);
            if let Some(q) = &code.question {
                row.insert(col(CODE_COLUMNS, "question", None), q.clone());
            }
            row.insert(col(CODE_COLUMNS, "words", None), code.words.join(", "));
            self.codes.rows.push(row);
        }
    }

    /// The `keywords` sheet: each list down its own column, one word a cell.
    fn keywords(&mut self) {
        let k = &self.survey.keywords;
        for i in 0..k.extra_words.len().max(k.ignore_words.len()) {
            let mut row = BTreeMap::new();
            for (field, words) in [("extra_words", &k.extra_words), ("ignore_words", &k.ignore_words)] {
                if let Some(w) = words.get(i) {
                    row.insert(col(KEYWORD_COLUMNS, field, None), w.clone());
                }
            }
            self.keywords.rows.push(row);
        }
    }

    fn settings(&mut self) {
        let s = self.survey;
        let mut row = BTreeMap::new();
        row.insert(col(SETTINGS_COLUMNS, "form_id", None), s.id.clone());
        row.insert(
            col(SETTINGS_COLUMNS, "form_title", None),
            s.tr(&s.title, s.default_lang()).to_string(),
        );
        row.insert(
            col(SETTINGS_COLUMNS, "default_language", None),
            if self.use_langs {
                language_header(s.default_lang())
            } else {
                s.default_lang().to_string()
            },
        );
        if matches!(s.title, Text::Localized(_)) {
            self.put_text(&mut row, SETTINGS_COLUMNS, "koe::title", &s.title);
        }
        if let Some(d) = &s.description {
            self.put_text(&mut row, SETTINGS_COLUMNS, "koe::description", d);
        }
        self.settings.rows.push(row);
    }
}

/// Whether any text of the survey is given per language.
fn has_localized(s: &Survey) -> bool {
    let loc = |t: &Text| matches!(t, Text::Localized(_));
    let opt = |t: &Option<Text>| t.as_ref().is_some_and(loc);
    loc(&s.title)
        || opt(&s.description)
        || s.questions.iter().any(|q| {
            loc(&q.text)
                || opt(&q.help)
                || q.kind.choices().iter().any(|c| loc(&c.label))
                || match &q.kind {
                    Kind::Scale(sc) | Kind::Matrix { scale: sc, .. } => {
                        opt(&sc.min_label) || opt(&sc.max_label) || sc.labels.iter().flatten().any(loc)
                    }
                    Kind::Number { unit, .. } => opt(unit),
                    _ => false,
                }
                || matches!(&q.kind, Kind::Matrix { rows, .. } if rows.iter().any(|r| loc(&r.text)))
        })
}

/// A literal for a condition value: `'text'`, a number, or `'yes'`/`'no'` for true/false.
fn literal(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => quote(s),
        serde_json::Value::Bool(true) => "'yes'".into(),
        serde_json::Value::Bool(false) => "'no'".into(),
        serde_json::Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), number_text),
        other => quote(&other.to_string()),
    }
}

/// A show_if condition as an XLSForm `relevant` expression. `nested` says whether it sits inside
/// `and`/`or`, where an `or` needs parentheses.
pub fn relevant(c: &Condition, survey: &Survey, nested: bool) -> String {
    let paren = |s: String, wrap: bool| if wrap { format!("({s})") } else { s };
    match c {
        Condition::Compare { question, test } => {
            let r = format!("${{{question}}}");
            let multiple = survey
                .question(question)
                .is_some_and(|q| matches!(q.kind, Kind::MultipleChoice { .. }));
            match test {
                Test::Equals(v) => format!("{r} = {}", literal(v)),
                Test::NotEquals(v) => format!("{r} != {}", literal(v)),
                Test::In(vs) => paren(
                    vs.iter()
                        .map(|v| format!("{r} = {}", literal(v)))
                        .collect::<Vec<_>>()
                        .join(" or "),
                    nested && vs.len() > 1,
                ),
                Test::Includes(v) => format!("selected({r}, {})", literal(v)),
                Test::AtLeast(n) if multiple => format!("count-selected({r}) >= {}", number_text(*n)),
                Test::AtMost(n) if multiple => format!("count-selected({r}) <= {}", number_text(*n)),
                Test::AtLeast(n) => format!("{r} >= {}", number_text(*n)),
                Test::AtMost(n) => format!("{r} <= {}", number_text(*n)),
                Test::Answered(true) => format!("{r} != ''"),
                Test::Answered(false) => format!("{r} = ''"),
            }
        }
        Condition::All { all } => paren(
            all.iter()
                .map(|c| relevant(c, survey, true))
                .collect::<Vec<_>>()
                .join(" and "),
            nested && all.len() > 1,
        ),
        Condition::Any { any } => {
            // Each equality in its own parentheses, so that reading it back keeps an "any"
            // rather than merging the tests into one "in".
            let items: Vec<String> = any
                .iter()
                .map(|c| match c {
                    Condition::Compare {
                        test: Test::Equals(_), ..
                    } => format!("({})", relevant(c, survey, true)),
                    _ => relevant(c, survey, true),
                })
                .collect();
            paren(items.join(" or "), nested && any.len() > 1)
        }
        Condition::Not { not } => format!("not({})", relevant(not, survey, false)),
    }
}

/// Writes the survey as an XLSForm workbook, in memory.
pub fn workbook(survey: &Survey) -> Result<Vec<u8>, XlsxError> {
    let mut w = Writer {
        survey,
        use_langs: survey.languages.len() > 1 || has_localized(survey),
        survey_rows: Table::default(),
        choice_rows: Table::default(),
        settings: Table::default(),
        indicators: Table::default(),
        codes: Table::default(),
        keywords: Table::default(),
        yes_no_list: None,
    };
    for q in &survey.questions {
        w.question(q);
    }
    w.settings();
    w.indicators();
    w.codes();
    w.keywords();
    let langs = &survey.languages;
    let header = |c: &Col| -> String {
        match c.lang {
            Some(i) => format!("{}::{}", c.field, language_header(&langs[i.min(langs.len() - 1)])),
            None => c.field.to_string(),
        }
    };
    // The label columns of every language are always there, so the workbook names its languages.
    let mut always: Vec<Col> = vec![col(SURVEY_COLUMNS, "type", None), col(SURVEY_COLUMNS, "name", None)];
    if w.use_langs {
        always.extend((0..langs.len()).map(|i| col(SURVEY_COLUMNS, "label", Some(i))));
    } else {
        always.push(col(SURVEY_COLUMNS, "label", None));
    }
    let mut book = Workbook::new();
    // A fixed date keeps the file the same from one conversion to the next.
    let date = ExcelDateTime::from_ymd(2026, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&date));
    let bold = Format::new().set_bold().set_background_color(0xDDEBF7);
    let mut choice_always = vec![
        col(CHOICE_COLUMNS, "list_name", None),
        col(CHOICE_COLUMNS, "name", None),
    ];
    if w.use_langs {
        choice_always.extend((0..langs.len()).map(|i| col(CHOICE_COLUMNS, "label", Some(i))));
    } else {
        choice_always.push(col(CHOICE_COLUMNS, "label", None));
    }
    let tables: [(&str, &Table, Vec<Col>); 6] = [
        ("survey", &w.survey_rows, always),
        ("choices", &w.choice_rows, choice_always),
        ("settings", &w.settings, vec![]),
        ("indicators", &w.indicators, vec![]),
        ("codes", &w.codes, vec![]),
        ("keywords", &w.keywords, vec![]),
    ];
    for (name, table, always) in tables {
        // koe's own sheets only when they have rows: other tools ignore them, but a form
        // without them stays a plain XLSForm.
        if matches!(name, "indicators" | "codes" | "keywords") && table.rows.is_empty() {
            continue;
        }
        let mut cols: Vec<Col> = always;
        for row in &table.rows {
            for c in row.keys() {
                if !cols.contains(c) {
                    cols.push(c.clone());
                }
            }
        }
        cols.sort();
        let ws = book.add_worksheet();
        ws.set_name(name)?;
        let mut widths: Vec<usize> = Vec::new();
        for (j, c) in cols.iter().enumerate() {
            let h = header(c);
            widths.push(wrap_width(&h));
            ws.write_string_with_format(0, j as u16, h, &bold)?;
        }
        for (i, row) in table.rows.iter().enumerate() {
            for (j, c) in cols.iter().enumerate() {
                if let Some(text) = row.get(c) {
                    widths[j] = widths[j].max(wrap_width(text));
                    ws.write_string(i as u32 + 1, j as u16, text)?;
                }
            }
        }
        for (j, w) in widths.iter().enumerate() {
            ws.set_column_width(j as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        if name == "survey" {
            let validation = DataValidation::new()
                .allow_list_strings(TYPE_CHOICES)?
                .set_error_style(DataValidationErrorStyle::Information)
                .set_input_title("type")?
                .set_input_message("select_one, select_multiple and rank take a list name: select_one LIST")?;
            ws.add_data_validation(1, 0, 2000, 0, &validation)?;
        }
    }
    book.save_to_buffer()
}
