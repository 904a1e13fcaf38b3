//! The survey sheet, row by row: questions, groups (a table-list group as a matrix, any other as
//! a note screen whose relevant applies inside), and each type's own columns.

use serde_json::{Map, Value};

use crate::say;
use crate::words::Words;

use super::types::{METADATA, REFUSED, REFUSED_COLUMNS, group_end, split_type};
use super::{At, Place, Reader, RefKind, yes_no_cell};
use crate::survey::xlsform::sheet::{Row, Sheet, snake};

impl Reader {
    pub(super) fn survey_sheet(&mut self, sheet: &Sheet, choices: &Sheet) {
        let order = 0;
        let Some(type_col) = sheet.column("type") else {
            self.fault(Self::sheet_place(order, sheet), say!(SurveySheetColumns));
            return;
        };
        let name_col = sheet.column("name");
        for row in &sheet.rows {
            if let Some(name) = name_col.and_then(|c| row.cells.get(&c)) {
                self.all_names.insert(name.clone());
            }
        }
        // Enclosing plain groups: their relevant conditions apply to every question inside.
        let mut groups: Vec<(Option<Value>, Place)> = Vec::new();
        let mut i = 0;
        while i < sheet.rows.len() {
            let row = &sheet.rows[i];
            i += 1;
            let at = At { sheet, row, order };
            let Some(type_text) = row.cells.get(&type_col) else {
                if at.has("name") || at.has("label") {
                    self.fault(at.place(type_col), say!(TypeEmpty));
                }
                continue;
            };
            let (base, args) = split_type(type_text);
            self.refused_columns(at, &base);
            if METADATA.contains(&base.as_str()) {
                continue;
            }
            if let Some((_, instead)) = REFUSED.iter().find(|(t, _)| *t == base) {
                self.fault(
                    at.place(type_col),
                    if article(&base) == "an" {
                        say!(CannotAskAn, kind = base, instead = Words::from(*instead))
                    } else {
                        say!(CannotAskA, kind = base, instead = Words::from(*instead))
                    },
                );
                continue;
            }
            match base.as_str() {
                "begin_group" => {
                    let end = group_end(sheet, type_col, i);
                    let Some(end) = end else {
                        self.fault(at.place(type_col), say!(NoEndGroup));
                        continue;
                    };
                    let table = at
                        .text("appearance")
                        .is_some_and(|a| a.split_whitespace().any(|w| w == "table-list"));
                    if table && let Some((list, lo, hi)) = self.matrix_list(sheet, choices, type_col, i, end) {
                        self.matrix(at, sheet, choices, &groups, &sheet.rows[i..end], &list, lo, hi);
                        i = end + 1;
                        continue;
                    }
                    let own = self.relevant(at);
                    let name = at.text("name").unwrap_or_default().to_string();
                    if at.has("label") {
                        let path = format!("questions[{}]", self.questions.len());
                        let mut q = Map::new();
                        self.places.push((path.clone(), at.place(type_col)));
                        self.id(at, &path, &mut q);
                        q.insert("type".into(), "note".into());
                        if let Some(t) = self.text(at, "label", &format!("{path}.text")) {
                            q.insert("text".into(), t);
                        }
                        if let Some(h) = self.text(at, "hint", &format!("{path}.help")) {
                            q.insert("help".into(), h);
                        }
                        self.show_if(at, &path, &groups, own.clone(), &mut q);
                        self.known.insert(name.clone(), RefKind::Note);
                        self.questions.push(Value::Object(q));
                    }
                    self.groups.insert(name);
                    groups.push((own, at.place_of("relevant")));
                }
                "end_group" => {
                    if groups.pop().is_none() {
                        self.fault(at.place(type_col), say!(EndGroupAlone));
                    }
                }
                _ => self.question(at, &base, &args, choices, &groups),
            }
        }
    }

    /// Columns that change what a form does: refused when filled in.
    pub(super) fn refused_columns(&mut self, at: At, base: &str) {
        for (col, instead) in REFUSED_COLUMNS {
            if *col == "calculation" && base == "calculate" {
                continue;
            }
            if let Some((_, c)) = at.get(col) {
                self.fault(
                    at.place(c),
                    say!(CannotUseColumn, column = col, instead = Words::from(*instead)),
                );
            }
        }
    }

    /// When the rows of a table-list group are all select_one of one list of consecutive whole
    /// numbers, that list and its range: the group is a matrix.
    pub(super) fn matrix_list(
        &self,
        sheet: &Sheet,
        choices: &Sheet,
        type_col: u32,
        from: usize,
        end: usize,
    ) -> Option<(String, i64, i64)> {
        let rows = &sheet.rows[from..end];
        let mut list: Option<String> = None;
        for row in rows {
            let (base, args) = split_type(row.cells.get(&type_col)?);
            if base != "select_one" || args.len() != 1 {
                return None;
            }
            if list.as_ref().is_some_and(|l| *l != args[0]) {
                return None;
            }
            list = Some(args[0].clone());
        }
        let list = list?;
        let (lo, hi) = self.integer_list(&list, choices)?;
        Some((list, lo, hi))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn matrix(
        &mut self,
        at: At,
        sheet: &Sheet,
        choices: &Sheet,
        groups: &[(Option<Value>, Place)],
        rows: &[Row],
        list: &str,
        lo: i64,
        hi: i64,
    ) {
        let path = format!("questions[{}]", self.questions.len());
        let mut q = Map::new();
        self.places.push((path.clone(), at.place_of("type")));
        let name = self.id(at, &path, &mut q);
        q.insert("type".into(), "matrix".into());
        match self.text(at, "label", &format!("{path}.text")) {
            Some(t) => {
                q.insert("text".into(), t);
            }
            None => self.fault(at.place_of("label"), say!(MatrixNeedsLabel)),
        }
        if let Some(h) = self.text(at, "hint", &format!("{path}.help")) {
            q.insert("help".into(), h);
        }
        let group_required = self.required(at, &path);
        let mut row_required = Vec::new();
        let mut out_rows = Vec::new();
        for (j, row) in rows.iter().enumerate() {
            let rat = At { sheet, row, order: 0 };
            let rp = format!("{path}.rows[{j}]");
            let mut r = Map::new();
            if let Some((id, col)) = rat.get("name") {
                self.places.push((rp.clone(), rat.place(col)));
                self.places.push((format!("{rp}.id"), rat.place(col)));
                r.insert("id".into(), Value::String(id.to_string()));
                self.matrix_rows.insert(id.to_string(), name.clone());
            } else {
                self.fault(rat.place_of("name"), say!(MatrixRowNeedsName));
            }
            match self.text(rat, "label", &format!("{rp}.text")) {
                Some(t) => {
                    r.insert("text".into(), t);
                }
                None => self.fault(rat.place_of("label"), say!(MatrixRowNeedsLabel)),
            }
            for field in ["relevant", "constraint", "hint"] {
                if let Some((_, col)) = rat.get(field) {
                    self.fault(rat.place(col), say!(MatrixRowOwnField, field = field));
                }
            }
            row_required.push(yes_no_cell(rat.text("required").unwrap_or("")).unwrap_or(false));
            out_rows.push(Value::Object(r));
        }
        let all = row_required.iter().all(|r| *r);
        let any = row_required.iter().any(|r| *r);
        if any && !all {
            self.fault(at.place_of("required"), say!(MatrixRequiredMixed));
        }
        if group_required || all {
            q.insert("required".into(), Value::Bool(true));
        }
        let own = self.relevant(at);
        self.show_if(at, &path, groups, own, &mut q);
        q.insert("rows".into(), Value::Array(out_rows));
        self.places.push((format!("{path}.min"), at.place_of("type")));
        self.places.push((format!("{path}.max"), at.place_of("type")));
        q.insert("min".into(), lo.into());
        q.insert("max".into(), hi.into());
        if let Some(labels) = self.point_labels(list, choices, &format!("{path}.labels")) {
            q.insert("labels".into(), labels);
        }
        self.scale_extras(at, &path, &mut q);
        self.known.insert(name, RefKind::Matrix);
        self.questions.push(Value::Object(q));
    }

    /// The labels of an integer list, unless every label is just its number (then the points
    /// speak for themselves).
    pub(super) fn point_labels(&mut self, list: &str, choices: &Sheet, path: &str) -> Option<Value> {
        let items = self.choices(list, choices, path);
        let labels: Vec<Value> = items.iter().filter_map(|c| c.get("label").cloned()).collect();
        let trivial = items.iter().all(|c| {
            let value = c.get("value").and_then(Value::as_str).unwrap_or("");
            match c.get("label") {
                Some(Value::String(s)) => s == value,
                Some(Value::Object(m)) => m.values().all(|v| v.as_str() == Some(value)),
                _ => true,
            }
        });
        (!trivial).then_some(Value::Array(labels))
    }

    /// `koe::min_label`, `koe::max_label`, `koe::allow_na` of a scale or matrix.
    pub(super) fn scale_extras(&mut self, at: At, path: &str, q: &mut Map<String, Value>) {
        for field in ["min_label", "max_label"] {
            if let Some(t) = self.text(at, &format!("koe::{field}"), &format!("{path}.{field}")) {
                q.insert(field.into(), t);
            }
        }
        if let Some(allow) = self.flag(at, "koe::allow_na", &format!("{path}.allow_na")) {
            q.insert("allow_na".into(), Value::Bool(allow));
        }
    }

    pub(super) fn flag(&mut self, at: At, field: &str, path: &str) -> Option<bool> {
        let (text, col) = at.get(field)?;
        self.places.push((path.to_string(), at.place(col)));
        match yes_no_cell(text) {
            Some(b) => b.then_some(true),
            None => {
                self.fault(at.place(col), say!(NotYesOrNo, text = format!("{text:?}")));
                None
            }
        }
    }

    pub(super) fn id(&mut self, at: At, path: &str, q: &mut Map<String, Value>) -> String {
        match at.get("name") {
            Some((name, col)) => {
                self.places.push((format!("{path}.id"), at.place(col)));
                q.insert("id".into(), Value::String(name.to_string()));
                name.to_string()
            }
            None => {
                self.fault(at.place_of("name"), say!(QuestionNeedsName));
                String::new()
            }
        }
    }

    pub(super) fn required(&mut self, at: At, path: &str) -> bool {
        let Some((text, col)) = at.get("required") else {
            return false;
        };
        self.places.push((format!("{path}.required"), at.place(col)));
        match yes_no_cell(text) {
            Some(b) => b,
            None => {
                self.fault(at.place(col), say!(RequiredByCondition, text = format!("{text:?}")));
                false
            }
        }
    }

    pub(super) fn question(
        &mut self,
        at: At,
        base: &str,
        args: &[String],
        choices: &Sheet,
        groups: &[(Option<Value>, Place)],
    ) {
        let type_place = at.place_of("type");
        let path = format!("questions[{}]", self.questions.len());
        let mut q = Map::new();
        self.places.push((path.clone(), type_place.clone()));
        let name = self.id(at, &path, &mut q);
        let koe_type = at.text("koe::type");
        let (kind, ref_kind) = match (base, args) {
            ("select_one" | "select_multiple" | "rank", [list, rest @ ..]) => {
                let other = match rest {
                    [] => false,
                    [o] if o == "or_other" && base != "rank" => true,
                    _ => {
                        self.fault(
                            type_place,
                            say!(
                                SelectTypeForm,
                                kind = base,
                                text = format!("{:?}", at.text("type").unwrap_or(""))
                            ),
                        );
                        return;
                    }
                };
                if !self.lists.contains_key(list) {
                    // No choices sheet at all: that, once, rather than a missing list per select.
                    if let Some(sheets) = self.no_choices_sheet.as_mut() {
                        if let Some(sheets) = sheets.take() {
                            self.fault(
                                Place {
                                    order: 1,
                                    sheet: String::new(),
                                    cell: None,
                                    column: String::new(),
                                },
                                say!(NoChoicesSheet, sheets = sheets),
                            );
                        }
                        return;
                    }
                    self.fault(type_place, say!(NoSuchList, list = list));
                    return;
                }
                if base == "select_one"
                    && !other
                    && koe_type != Some("single_choice")
                    && self.is_yes_no_list(list, choices)
                {
                    ("yes_no", RefKind::YesNo)
                } else {
                    self.places.push((format!("{path}.choices"), type_place.clone()));
                    let items = self.choices(list, choices, &format!("{path}.choices"));
                    q.insert("choices".into(), Value::Array(items));
                    if other {
                        q.insert("other".into(), Value::Bool(true));
                    }
                    match base {
                        "select_one" => ("single_choice", RefKind::Single),
                        "select_multiple" => ("multiple_choice", RefKind::Multiple),
                        _ => ("rank", RefKind::Rank),
                    }
                }
            }
            ("select_one" | "select_multiple" | "rank", []) => {
                self.fault(type_place, say!(NameTheList, kind = base));
                return;
            }
            ("integer", []) => ("number", RefKind::Integer),
            ("decimal", []) => ("number", RefKind::Decimal),
            ("text", []) => ("text", RefKind::Text),
            ("note", []) => ("note", RefKind::Note),
            ("range", []) => ("scale", RefKind::Scale),
            _ => {
                self.fault(
                    type_place,
                    say!(UnknownType, text = format!("{:?}", at.text("type").unwrap_or(""))),
                );
                return;
            }
        };
        if let Some((t, col)) = at.get("koe::type")
            && !(t == "single_choice" && kind == "yes_no")
            && t != kind
        {
            self.fault(at.place(col), say!(KoeTypeOnlySingle, kind = kind));
        }
        q.insert("type".into(), kind.into());
        match self.text(at, "label", &format!("{path}.text")) {
            Some(t) => {
                q.insert("text".into(), t);
            }
            None => self.fault(at.place_of("label"), say!(QuestionNeedsLabel)),
        }
        if let Some(h) = self.text(at, "hint", &format!("{path}.help")) {
            q.insert("help".into(), h);
        }
        if self.required(at, &path) {
            q.insert("required".into(), Value::Bool(true));
        }
        let own = self.relevant(at);
        self.show_if(at, &path, groups, own, &mut q);
        self.kind_fields(at, kind, ref_kind, &path, choices, &mut q);
        self.known.insert(name, ref_kind);
        self.questions.push(Value::Object(q));
    }

    /// Fields of one type: constraint, appearance, parameters and koe's own columns.
    pub(super) fn kind_fields(
        &mut self,
        at: At,
        kind: &str,
        ref_kind: RefKind,
        path: &str,
        choices: &Sheet,
        q: &mut Map<String, Value>,
    ) {
        let owners: &[(&str, &[&str])] = &[
            ("koe::min_label", &["scale"]),
            ("koe::max_label", &["scale"]),
            ("koe::allow_na", &["scale"]),
            ("koe::labels", &["scale"]),
            ("koe::unit", &["number"]),
            ("koe::max_ranked", &["rank"]),
        ];
        for (field, kinds) in owners {
            if !kinds.contains(&kind) {
                for (col, _) in at.sheet.columns(field) {
                    if at.row.cells.contains_key(&col) {
                        self.fault(
                            at.place(col),
                            say!(ColumnBelongsTo, field = field, kinds = kinds.join(", "), kind = kind),
                        );
                    }
                }
            }
        }
        if let Some((text, col)) = at.get("constraint") {
            self.constraint(at, text, col, ref_kind, path, q);
        }
        if kind == "text"
            && at
                .text("appearance")
                .is_some_and(|a| a.split_whitespace().any(|w| w == "multiline"))
        {
            q.insert("multiline".into(), Value::Bool(true));
        }
        match kind {
            "number" => {
                q.insert("integer".into(), Value::Bool(ref_kind == RefKind::Integer));
                if let Some(u) = self.text(at, "koe::unit", &format!("{path}.unit")) {
                    q.insert("unit".into(), u);
                }
            }
            "rank" => {
                if let Some((text, col)) = at.get("koe::max_ranked") {
                    self.places.push((format!("{path}.max_ranked"), at.place(col)));
                    match text.parse::<u32>() {
                        Ok(n) => {
                            q.insert("max_ranked".into(), n.into());
                        }
                        Err(_) => self.fault(at.place(col), say!(MaxRankedNotWhole, text = format!("{text:?}"))),
                    }
                }
            }
            "scale" => {
                let (lo, hi) = self.range(at, path);
                q.insert("min".into(), lo.into());
                q.insert("max".into(), hi.into());
                if let Some((list, col)) = at.get("koe::labels") {
                    self.places.push((format!("{path}.labels"), at.place(col)));
                    match self.integer_list(list, choices) {
                        Some((a, b)) if (a, b) == (lo, hi) => {
                            let labels = self.point_labels(list, choices, &format!("{path}.labels"));
                            let labels = labels.unwrap_or_else(|| {
                                Value::Array((lo..=hi).map(|p| Value::String(p.to_string())).collect())
                            });
                            q.insert("labels".into(), labels);
                        }
                        _ => self.fault(at.place(col), say!(LabelsList, lo = lo, hi = hi)),
                    }
                }
                self.scale_extras(at, path, q);
            }
            _ => {}
        }
    }

    /// A range's `start`, `end` and `step` parameters (XLSForm's defaults 1, 10, 1).
    pub(super) fn range(&mut self, at: At, path: &str) -> (i64, i64) {
        let (mut lo, mut hi) = (1, 10);
        let Some((text, col)) = at.get("parameters") else {
            return (lo, hi);
        };
        self.places.push((format!("{path}.min"), at.place(col)));
        self.places.push((format!("{path}.max"), at.place(col)));
        self.places.push((path.to_string(), at.place(col)));
        for part in text
            .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .filter(|p| !p.is_empty())
        {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let key = snake(key);
            let n = value
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.fract() == 0.0 && n.abs() < 1e9)
                .map(|n| n as i64);
            match (key.as_str(), n) {
                ("start", Some(n)) => lo = n,
                ("end", Some(n)) => hi = n,
                ("step", Some(1)) => {}
                ("step", _) => self.fault(at.place(col), say!(ScaleStep)),
                ("start" | "end", None) => self.fault(at.place(col), say!(ScaleStartEnd, part = format!("{part:?}"))),
                _ => self.fault(at.place(col), say!(ScaleParameter, part = format!("{part:?}"))),
            }
        }
        (lo, hi)
    }
}

/// "a" or "an" before a word, as it is said: an image, an acknowledge, a date.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
