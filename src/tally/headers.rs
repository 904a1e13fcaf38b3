//! The workbook's words for the CSV files' column ids and coded values (SPEC: "column headers in
//! words … never column ids"): 設問, 選択肢, 件数, 割合 …, or English with `--lang en`. The CSV
//! files keep their ids, which scripts rely on.

use super::labels::word;

/// The words for a column id, or the id itself for a column that has none (a responses.csv
/// question column `QID/VALUE` names its question, which staff recognise).
pub fn column(id: &str, lang: &str) -> String {
    let (ja, en) = match id {
        "question_id" => ("設問番号", "Question ID"),
        "question" => ("設問", "Question"),
        "option_value" => ("選択肢の値", "Value"),
        "option" => ("選択肢", "Option"),
        "count" => ("件数", "Count"),
        "percent" => ("割合", "Percent"),
        "group" => ("区分", "Group"),
        "n" => ("回答数", "n"),
        "no_answer" => ("無回答", "No answer"),
        "mean" => ("平均", "Mean"),
        "median" => ("中央値", "Median"),
        "sd" => ("標準偏差", "SD"),
        "min" => ("最小", "Min"),
        "max" => ("最大", "Max"),
        "top2_percent" => ("上位2段階の割合", "Top-2 share"),
        "response_id" => ("回答ID", "Response ID"),
        "session" => ("セッション", "Session"),
        "started_at" => ("開始日時", "Started"),
        "submitted_at" => ("送信日時", "Submitted"),
        "status" => ("状態", "Status"),
        "sheet" => ("用紙番号", "Sheet"),
        "verified" => ("照合済み", "Verified"),
        "text" => ("回答", "Answer"),
        "term" => ("語", "Term"),
        "part_of_speech" => ("品詞", "Part of speech"),
        "responses" => ("回答数", "Answers"),
        "example" => ("例", "Example"),
        "code" => ("コード", "Code"),
        "code_label" => ("コード名", "Code label"),
        "indicator_id" => ("指標番号", "Indicator ID"),
        "indicator" => ("指標", "Indicator"),
        "measure" => ("指標の種類", "Measure"),
        "target" => ("目標値", "Target"),
        "direction" => ("目標の向き", "Direction"),
        "result" => ("実績値", "Result"),
        "achieved" => ("達成", "Achieved"),
        _ => return id.to_string(),
    };
    word(lang, ja, en).to_string()
}

/// The words for an indicator's `measure` or `direction` value (`top2_percent` → 上位2段階の割合,
/// `at_least` → 以上), or the value itself when it is neither.
pub fn value(v: &str, lang: &str) -> String {
    let (ja, en) = match v {
        "responses" => ("回答数", "responses"),
        "count" => ("件数", "count"),
        "percent" => ("割合", "percent"),
        "top2_percent" => ("上位2段階の割合", "top-2 share"),
        "mean" => ("平均", "mean"),
        "median" => ("中央値", "median"),
        "at_least" => ("以上", "at least"),
        "at_most" => ("以下", "at most"),
        _ => return v.to_string(),
    };
    word(lang, ja, en).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_words() {
        assert_eq!(column("top2_percent", "ja"), "上位2段階の割合");
        assert_eq!(column("option", "en"), "Option");
        assert_eq!(column("useful", "ja"), "useful");
        assert_eq!(value("at_least", "ja"), "以上");
        assert_eq!(value("第1回", "ja"), "第1回");
    }
}
