//! Codes (themes) of free text on the fixture tests/fixtures/coded.json with coded.jsonl: seven
//! realistic council comments in sessions A and B, counted by hand below. Checked: `koe validate`'s
//! faults for every codes field, summary.csv's `QID#codes` rows, codes.csv, the crosstab by
//! session, and the workbook's コード sheet.

use std::path::{Path, PathBuf};

use koe::survey::validate::survey_from_value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn faults(codes: serde_json::Value, keywords: Option<serde_json::Value>) -> Vec<String> {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("coded.json")).unwrap()).unwrap();
    doc["codes"] = codes;
    if let Some(k) = keywords {
        doc["keywords"] = k;
    }
    match survey_from_value(&doc) {
        Ok(_) => Vec::new(),
        Err(faults) => faults.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn validate_names_each_faulty_codes_field() {
    use serde_json::json;
    assert_eq!(faults(json!([]), None), Vec::<String>::new());
    let f = faults(
        json!([
            {"id": "peer", "label": "ピア", "words": ["ピア"]},
            {"id": "peer", "label": "もう一つ", "words": ["当事者"]},
            {"id": "bad id", "label": "x", "words": ["x"]},
            {"id": "a", "words": ["x"]},
            {"id": "b", "label": {"en": "B"}, "words": ["x"]},
            {"id": "c", "label": "x", "question": "role", "words": ["x"]},
            {"id": "d", "label": "x", "question": "nope", "words": ["x"]},
            {"id": "e", "label": "x"},
            {"id": "f", "label": "x", "words": []},
            {"id": "g", "label": "x", "words": ["ok", "", 3, "顔の見える、関係"]},
            {"id": "h", "label": "x", "words": "ピア"},
            {"id": "i", "label": "x", "word": ["x"], "words": ["x"]},
            "peer"
        ]),
        Some(json!({"extra_words": ["協議の場", " "], "ignore_words": ["協議の場"], "stop": []})),
    );
    let expected = [
        r#"codes[1].id: code id "peer" is used twice"#,
        r#"codes[2].id: id "bad id" may use only letters A-Z a-z, digits, "_" and "-", at most 64 of them"#,
        r#"codes[3]: missing field "label""#,
        r#"codes[4].label: missing text for the default language "ja""#,
        r#"codes[5].question: codes sort the answers of text questions; "role" is single_choice"#,
        r#"codes[6].question: unknown question "nope" (text questions: good, next)"#,
        r#"codes[7]: missing field "words""#,
        r#"codes[8].words: list at least one word (an answer containing one of them gets this code)"#,
        r#"codes[9].words[1]: an empty word would be found in every answer; write a word"#,
        r#"codes[9].words[2]: expected a word (a string), found 3"#,
        r#"codes[9].words[3]: "顔の見える、関係" holds "," or "、", which separate words in a workbook; write it as two words"#,
        r#"codes[10].words: expected a list of words, found "ピア""#,
        r#"codes[11].word: unknown field "word" (did you mean "words"?)"#,
        r#"codes[12]: expected a code (an object), found "peer""#,
        r#"keywords.stop: unknown field "stop" (expected one of: extra_words, ignore_words)"#,
        r#"keywords.extra_words[1]: an empty word would be found in every answer; write a word"#,
        r#"keywords.ignore_words[0]: "協議の場" is also in extra_words; keep it in one of the two"#,
    ];
    for e in expected {
        assert!(f.contains(&e.to_string()), "missing {e}\nin {f:#?}");
    }
    assert_eq!(f.len(), expected.len(), "{f:#?}");
    assert_eq!(
        faults(json!({"id": "a"}), None),
        ["codes: expected a list of codes, found an object"]
    );
}

#[test]
fn a_code_for_every_question_needs_a_text_question() {
    let doc = serde_json::json!({
        "id": "t", "title": "t",
        "questions": [{"id": "ok", "type": "yes_no", "text": "よい"}],
        "codes": [{"id": "a", "label": "A", "words": ["x"]}]
    });
    let f: Vec<String> = survey_from_value(&doc)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(f, ["codes[0]: the survey has no text question for this code to sort"]);
}

struct Setup {
    dir: tempfile::TempDir,
    store: koe::store::Store,
    survey: koe::survey::Survey,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut store = koe::store::Store::open(&dir.path().join("k.db")).unwrap();
    let survey = koe::survey::load_file(&fixture("coded.json")).unwrap();
    let lines = std::fs::read_to_string(fixture("coded.jsonl")).unwrap();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "x", |e| panic!("{e:?}")).unwrap();
    Setup { dir, store, survey }
}

fn run(s: &Setup, name: &str, f: impl FnOnce(&mut koe::tally::ExportOptions)) -> PathBuf {
    let mut opts = koe::tally::ExportOptions {
        out: Some(s.dir.path().join(name)),
        ..koe::tally::ExportOptions::default()
    };
    f(&mut opts);
    koe::tally::export(&s.store, &s.survey, &opts).unwrap();
    s.dir.path().join(name)
}

fn read(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The rows of one item of summary.csv (or a crosstab) as `option_value option count percent…`.
fn item_rows(table: &[Vec<String>], id: &str) -> Vec<String> {
    table
        .iter()
        .filter(|r| r[0] == id)
        .map(|r| r[2..].join(" ").trim_end().to_string())
        .collect()
}

// The hand count of coded.jsonl (r1…r7, every one shown both text questions):
//   good: r1 ピアサポーター…退院支援 → peer, transition; r2 連携 → liaison; r3 当事者 → peer;
//         r4 顔の見える → liaison; r5 ピアの方 → peer; r6, r7 no answer.
//   next: r1 グループホーム → housing; r2 長期入院…地域移行 → transition; r3 住まい…ﾋﾟｱｻﾎﾟｰﾀｰ
//         (half-width) → peer, housing; r4 特になし → no code; r5, r7 no answer;
//         r6 情報共有…住居 → liaison, housing.
//   housing applies to `next` only; r5's "other" text (家族会) is never coded.

#[test]
fn summary_counts_codes_as_a_multiple_choice_by_hand() {
    let s = setup();
    let dir = run(&s, "csv", |_| {});
    let summary = read(&dir.join("summary.csv"));
    assert_eq!(
        item_rows(&summary, "good#codes"),
        [
            "peer ピアサポート 3 42.9",
            "transition 地域移行・退院支援 1 14.3",
            "liaison 連携・情報共有 2 28.6",
            "#none どのコードにも該当しない 0 0.0",
            " 無回答 2 28.6",
        ]
    );
    assert_eq!(
        item_rows(&summary, "next#codes"),
        [
            "peer ピアサポート 1 14.3",
            "transition 地域移行・退院支援 1 14.3",
            "liaison 連携・情報共有 1 14.3",
            "housing 住まい 3 42.9",
            "#none どのコードにも該当しない 1 14.3",
            " 無回答 2 28.6",
        ]
    );
    let label = summary.iter().find(|r| r[0] == "next#codes").unwrap();
    assert_eq!(label[1], "今後の課題 / コード");
    // The item comes right after its question's place: role, then good's codes, then next's.
    let ids: Vec<&str> = summary.iter().skip(1).map(|r| r[0].as_str()).collect();
    let mut order = ids.clone();
    order.dedup();
    assert_eq!(order, ["role", "good#codes", "next#codes"]);
}

#[test]
fn codes_csv_quotes_each_coded_answer_grouped_by_code_by_hand() {
    let s = setup();
    let dir = run(&s, "csv", |_| {});
    let codes = read(&dir.join("codes.csv"));
    assert_eq!(
        codes[0],
        [
            "question_id",
            "question",
            "code",
            "code_label",
            "response_id",
            "session",
            "text"
        ]
    );
    let responses = read(&dir.join("responses.csv"));
    // Response ids in storage order: r1 … r7.
    let rid: Vec<&str> = responses.iter().skip(1).map(|r| r[0].as_str()).collect();
    let rows: Vec<String> = codes
        .iter()
        .skip(1)
        .map(|r| {
            let n = rid.iter().position(|id| *id == r[4]).unwrap() + 1;
            format!("{} {} {} r{n} {}", r[2], r[0], r[3], r[5])
        })
        .collect();
    assert_eq!(
        rows,
        [
            "peer good ピアサポート r1 A",
            "peer good ピアサポート r3 A",
            "peer good ピアサポート r5 B",
            "peer next ピアサポート r3 A",
            "transition good 地域移行・退院支援 r1 A",
            "transition next 地域移行・退院支援 r2 A",
            "liaison good 連携・情報共有 r2 A",
            "liaison good 連携・情報共有 r4 B",
            "liaison next 連携・情報共有 r6 B",
            "housing next 住まい r1 A",
            "housing next 住まい r3 A",
            "housing next 住まい r6 B",
        ]
    );
    // The text is the answer as typed (half-width katakana and all), the question its text.
    let r3_peer_next = &codes[4];
    assert_eq!(r3_peer_next[6], "住まいの確保と、ﾋﾟｱｻﾎﾟｰﾀｰの活動の場");
    assert_eq!(r3_peer_next[1], "今後の課題");
    // Every code count of summary.csv is the number of its rows here.
    let summary = read(&dir.join("summary.csv"));
    for r in summary
        .iter()
        .filter(|r| r[0].ends_with("#codes") && !r[2].is_empty() && r[2] != "#none")
    {
        let q = r[0].trim_end_matches("#codes");
        let n = codes.iter().filter(|c| c[0] == q && c[2] == r[2]).count();
        assert_eq!(n.to_string(), r[4], "{r:?}");
    }
}

#[test]
fn english_labels_and_no_codes_file_without_codes() {
    let s = setup();
    let dir = run(&s, "en", |o| o.lang = Some("en".into()));
    let summary = read(&dir.join("summary.csv"));
    let rows = item_rows(&summary, "next#codes");
    assert_eq!(rows[4], "#none No code 1 14.3");
    assert_eq!(rows[5], " No answer 2 28.6");
    assert_eq!(read(&dir.join("codes.csv"))[1][3], "Peer support");

    let mut plain = s.survey.clone();
    plain.codes.clear();
    let out = s.dir.path().join("plain");
    let opts = koe::tally::ExportOptions {
        out: Some(out.clone()),
        ..koe::tally::ExportOptions::default()
    };
    koe::tally::export(&s.store, &plain, &opts).unwrap();
    assert!(!out.join("codes.csv").exists());
    assert!(!read(&out.join("summary.csv")).iter().any(|r| r[0].contains("#codes")));
}

#[test]
fn the_crosstab_by_session_splits_code_counts() {
    let s = setup();
    let dir = run(&s, "by", |o| o.by = Some("session".into()));
    let table = read(&dir.join("crosstab_session.csv"));
    // 全体 (r1–r7), then groups A (r1–r3) and B (r4–r7): each with its n, count and %.
    assert_eq!(
        item_rows(&table, "next#codes"),
        [
            "全体 7 peer ピアサポート 1 14.3",
            "全体 7 transition 地域移行・退院支援 1 14.3",
            "全体 7 liaison 連携・情報共有 1 14.3",
            "全体 7 housing 住まい 3 42.9",
            "全体 7 #none どのコードにも該当しない 1 14.3",
            "全体 7  無回答 2 28.6",
            "A 3 peer ピアサポート 1 33.3",
            "A 3 transition 地域移行・退院支援 1 33.3",
            "A 3 liaison 連携・情報共有 0 0.0",
            "A 3 housing 住まい 2 66.7",
            "A 3 #none どのコードにも該当しない 0 0.0",
            "A 3  無回答 0 0.0",
            "B 4 peer ピアサポート 0 0.0",
            "B 4 transition 地域移行・退院支援 0 0.0",
            "B 4 liaison 連携・情報共有 1 25.0",
            "B 4 housing 住まい 1 25.0",
            "B 4 #none どのコードにも該当しない 1 25.0",
            "B 4  無回答 2 50.0",
        ]
    );
}

fn chart_titles(path: &Path) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = (1..)
        .map(|i| format!("xl/charts/chart{i}.xml"))
        .take_while(|n| zip.by_name(n).is_ok())
        .collect();
    let mut titles = Vec::new();
    for name in names {
        let mut xml = String::new();
        zip.by_name(&name).unwrap().read_to_string(&mut xml).unwrap();
        let start = xml.find("<a:t>").unwrap() + 5;
        let end = xml[start..].find("</a:t>").unwrap();
        titles.push(xml[start..start + end].to_string());
    }
    titles
}

#[test]
fn the_workbook_has_a_codes_sheet_and_a_chart_for_each_codes_item() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let s = setup();
    for (lang, sheet, title) in [
        ("ja", "コード", "今後の課題 / コード"),
        ("en", "Codes", "What next / Codes"),
    ] {
        let path = run(&s, lang, |o| {
            o.format = koe::tally::Format::Xlsx;
            o.lang = Some(lang.into());
        })
        .join("report.xlsx");
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let names = book.sheet_names();
        let at = names
            .iter()
            .position(|n| n == sheet)
            .unwrap_or_else(|| panic!("{names:?}"));
        assert_eq!(names[at - 1], if lang == "ja" { "自由記述" } else { "Free text" });
        let codes = book.worksheet_range(sheet).unwrap();
        assert_eq!(codes.height(), 13, "a header and the 12 coded answers");
        assert_eq!(codes.get((1, 2)), Some(&Data::String("peer".into())));
        let titles = chart_titles(&path);
        assert!(titles.iter().any(|t| t == title), "{titles:?}");
        assert_eq!(
            titles
                .iter()
                .filter(|t| t.contains("コード") || t.contains("Codes"))
                .count(),
            2
        );
    }
}

// The results screen: a text question's terms and codes, chosen with Up/Down; Enter lists the
// answers holding the one chosen, highlighted; Esc back; new answers join the list.

use crate::common;

use std::time::Duration;

use common::{Kiosk, entry};
use koe::tui::app::{App, Options};

/// The home screen over coded.json with its seven responses, at `w` x `h`.
fn results_home(w: u16, h: u16) -> (tempfile::TempDir, Kiosk) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut store = koe::store::Store::open(&db).unwrap();
    let e = entry("coded");
    let lines = std::fs::read_to_string(fixture("coded.jsonl")).unwrap();
    koe::store::import::import(&mut store, &e.survey, lines.as_bytes(), "x", |e| panic!("{e:?}")).unwrap();
    let app = App::home(store, vec![e], Options::default());
    (dir, Kiosk::with(app, db, w, h))
}

/// The screen as text with highlighted (reversed) cells in brackets: `[ピア]サポーター…`.
fn marked_screen(k: &mut Kiosk) -> String {
    use ratatui::style::Modifier;
    let app = &k.app;
    let frame = k
        .term
        .draw(|f| {
            koe::tui::view::render(f, app, koe::tui::view::Theme { color: false });
        })
        .unwrap();
    let buf = frame.buffer;
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut open = false;
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            // The cell after a wide character is part of it.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            if reversed != open {
                line.push(if reversed { '[' } else { ']' });
                open = reversed;
            }
            line.push_str(cell.symbol());
        }
        if open {
            line.push(']');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The chosen line of the results list (marked `>`).
fn chosen(k: &mut Kiosk) -> Option<String> {
    k.screen()
        .lines()
        .find(|l| l.trim_start().starts_with("> "))
        .map(|l| l.trim().to_string())
}

/// Presses Down until the chosen line starts with `label` (at most 60 times).
fn choose(k: &mut Kiosk, label: &str) {
    for _ in 0..60 {
        if chosen(k).is_some_and(|l| l.starts_with(&format!("> {label} "))) {
            return;
        }
        k.keys("<down>");
    }
    panic!("never chose {label}:\n{}", k.screen());
}

#[test]
fn codes_and_terms_are_listed_with_counts_as_the_export_counts_them() {
    let (_d, mut k) = results_home(100, 60);
    k.keys("r");
    let screen = k.screen();
    // good: peer 3, transition 1, liaison 2, no code 0 of 7 (the hand count above).
    let line = |label: &str, after: &str| -> String {
        screen
            .lines()
            .skip_while(|l| !l.contains(after))
            .find(|l| l.trim_start().starts_with(&format!("{label} ")))
            .unwrap_or_else(|| panic!("no {label} after {after}:\n{screen}"))
            .to_string()
    };
    for (label, figures) in [
        ("ピアサポート", "3   42.9%"),
        ("地域移行・退院支援", "1   14.3%"),
        ("連携・情報共有", "2   28.6%"),
        ("どのコードにも該当しない", "0    0.0%"),
    ] {
        let l = line(label, "良かった点");
        assert!(l.trim_end().ends_with(figures), "{l}");
    }
    for (label, figures) in [("住まい", "3   42.9%"), ("どのコードにも該当しない", "1   14.3%")] {
        let l = line(label, "今後の課題");
        assert!(l.trim_end().ends_with(figures), "{l}");
    }
    // The codes are not shown a second time as bars of their own.
    assert!(!screen.contains("/ コード"), "{screen}");
    insta::assert_snapshot!("codes_results_list_100x60", screen);
}

#[test]
fn enter_on_a_code_lists_its_answers_with_the_words_highlighted() {
    let (_d, mut k) = results_home(80, 24);
    k.keys("r");
    choose(&mut k, "ピアサポート");
    insta::assert_snapshot!("codes_results_chosen_80x24", marked_screen(&mut k));
    k.keys("<enter>");
    let screen = marked_screen(&mut k);
    assert!(screen.contains("コード: ピアサポート  3 件"), "{screen}");
    for quote in [
        "[ピア]サポーターの体験談が具体的で、退院支援のイメージが持てた。",
        "[当事者]の声を聞く機会があって良かった",
        "家族の立場から話せた。[ピア]の方とも話せた。",
    ] {
        assert!(screen.contains(quote), "{quote}\n{screen}");
    }
    insta::assert_snapshot!("codes_results_answers_80x24", screen);
    k.keys("<esc>");
    assert!(
        chosen(&mut k).is_some_and(|l| l.starts_with("> ピアサポート")),
        "back on the list, the code still chosen"
    );
    k.keys("<esc>").shows("アンケート一覧");
}

#[test]
fn half_width_katakana_is_highlighted_as_typed_and_no_code_lists_the_rest() {
    let (_d, mut k) = results_home(80, 30);
    k.keys("r");
    // The second text question's peer code: ﾋﾟｱｻﾎﾟｰﾀｰ (half-width) matches ピア.
    for _ in 0..2 {
        k.keys("<down>");
        choose(&mut k, "ピアサポート");
    }
    k.keys("<enter>");
    let screen = marked_screen(&mut k);
    assert!(screen.contains("今後の課題"), "{screen}");
    assert!(screen.contains("コード: ピアサポート  1 件"), "{screen}");
    // Drawn as the screen draws half-width voiced katakana (ﾋﾟ as ピ, see `terminal_safe`).
    assert!(screen.contains("住まいの確保と、[ピｱ]ｻポｰﾀｰの活動の場"), "{screen}");
    k.keys("<esc>");
    choose(&mut k, "どのコードにも該当しない");
    k.keys("<enter>");
    let screen = marked_screen(&mut k);
    assert!(screen.contains("1 件") && screen.contains("  特になし"), "{screen}");
    let answer = screen.lines().find(|l| l.contains("特になし")).unwrap();
    assert!(!answer.contains('['), "nothing to highlight: {screen}");
}

#[test]
fn enter_on_a_term_lists_the_answers_holding_it() {
    let (_d, mut k) = results_home(100, 60);
    k.keys("r<down>");
    let line = chosen(&mut k).expect("Down chooses the first word on screen");
    // "> 家族会 ### 1 100.0%": the term and its count.
    let mut parts = line.trim_start_matches("> ").split_whitespace();
    let term = parts.next().unwrap().to_string();
    let count: usize = line.split_whitespace().rev().nth(1).unwrap().parse().unwrap();
    k.keys("<enter>");
    let screen = marked_screen(&mut k);
    assert!(screen.contains(&format!("「{term}」  {count} 件")), "{screen}");
    assert_eq!(
        screen.matches(&format!("[{term}]")).count(),
        count,
        "each answer shows the term highlighted once:\n{screen}"
    );
}

#[test]
fn the_answers_list_scrolls_and_takes_in_new_answers() {
    let (_d, mut k) = results_home(40, 10);
    k.keys("r");
    choose(&mut k, "ピアサポート");
    k.keys("<enter>").shows("3 件");
    let top = k.screen();
    k.keys("<down>");
    assert_ne!(k.screen(), top, "Down scrolls the answers");
    k.keys("<down><down><down><down><down><down><down><down>");
    let end = k.screen();
    k.keys("<down>");
    assert_eq!(k.screen(), end, "the scroll stops at the end");
    k.keys("<home>");
    assert_eq!(k.screen(), top);

    let mut other = koe::store::Store::open(&k.db).unwrap();
    let line = r#"{"answers": {"role": "peer", "good": "ピア同士で話せる場がほしい"}}"#;
    koe::store::import::import(&mut other, &entry("coded").survey, line.as_bytes(), "C", |e| {
        panic!("{e:?}")
    })
    .unwrap();
    k.wait(Duration::from_secs(3)).shows("4 件");
}

#[test]
fn codes_and_keywords_survive_a_round_trip_through_an_xlsform_workbook() {
    use calamine::{Data, Reader, Xlsx};
    use koe::survey::xlsform::{survey_from_workbook, write};
    let survey = koe::survey::load_file(&fixture("coded.json")).unwrap();
    let bytes = write::workbook(&survey).unwrap();
    let back = survey_from_workbook(bytes.clone(), "x").unwrap();
    assert_eq!(back.codes, survey.codes);
    assert_eq!(back.keywords, survey.keywords);
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&survey).unwrap()
    );
    // The sheets as a person edits them: koe's own sheets after the XLSForm ones.
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["survey", "choices", "settings", "codes", "keywords"]
    );
    let codes = book.worksheet_range("codes").unwrap();
    let row = |r: usize| -> Vec<String> { codes.rows().nth(r).unwrap().iter().map(Data::to_string).collect() };
    assert_eq!(
        row(0),
        ["id", "label::日本語 (ja)", "label::English (en)", "question", "words"]
    );
    assert_eq!(
        row(4),
        ["housing", "住まい", "Housing", "next", "住まい, グループホーム, 住居"]
    );
    let keywords = book.worksheet_range("keywords").unwrap();
    let cells: Vec<Vec<String>> = keywords
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    assert_eq!(
        cells,
        [["extra_words", "ignore_words"], ["協議の場", "取組"], ["にも包括", ""]]
    );
}

#[test]
fn a_hand_made_codes_sheet_reads_either_comma() {
    use koe::survey::xlsform::{survey_from_workbook, write};
    let mut survey = koe::survey::load_file(&fixture("coded.json")).unwrap();
    survey.codes.truncate(1);
    let bytes = write::workbook(&survey).unwrap();
    // Rewrite the words cell as a person might type it: 、 and , mixed, stray spaces.
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let mut wb = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let mut text = cell.to_string();
                if name == "codes" && text.starts_with("ピア") {
                    text = " ピア、当事者 ,PSW、".into();
                }
                ws.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    let back = survey_from_workbook(wb.save_to_buffer().unwrap(), "x").unwrap();
    assert_eq!(back.codes[0].words, ["ピア", "当事者", "PSW"]);
}

#[test]
fn an_indicator_can_count_a_questions_codes() {
    use serde_json::json;
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("coded.json")).unwrap()).unwrap();
    doc["indicators"] = json!([
        {"id": "housing", "text": "住まいに触れた割合", "question": "next#codes", "measure": "percent",
         "values": ["housing"], "target": 40},
        {"id": "uncoded", "text": "どのコードにもない", "question": "next#codes", "measure": "count",
         "values": ["#none"], "target": 2, "direction": "at_most"}
    ]);
    let survey = survey_from_value(&doc).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = koe::store::Store::open(&dir.path().join("k.db")).unwrap();
    let lines = std::fs::read_to_string(fixture("coded.jsonl")).unwrap();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "x", |e| panic!("{e:?}")).unwrap();
    let out = dir.path().join("out");
    let opts = koe::tally::ExportOptions {
        out: Some(out.clone()),
        ..koe::tally::ExportOptions::default()
    };
    koe::tally::export(&store, &survey, &opts).unwrap();
    let rows: Vec<String> = read(&out.join("indicators.csv"))
        .iter()
        .skip(1)
        .map(|r| format!("{}: {} {} {}", r[0], r[6], r[7], r[8]))
        .collect();
    // By hand: housing 3 of 7 = 42.9 %; no code 1.
    assert_eq!(rows, ["housing: 42.9 7 達成", "uncoded: 1 7 達成"]);

    doc["indicators"] = json!([
        {"id": "a", "text": "x", "question": "good#codes", "measure": "percent", "values": ["housing"], "target": 1},
        {"id": "b", "text": "x", "question": "role#codes", "measure": "count", "values": ["peer"], "target": 1},
        {"id": "c", "text": "x", "question": "next#codes", "measure": "mean", "target": 1}
    ]);
    let f: Vec<String> = survey_from_value(&doc)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        f,
        [
            r#"indicators[0].values[0]: "housing" is not a code of "good" (peer, transition, liaison, #none)"#,
            r#"indicators[1].question: "role#codes" counts the codes of a text question that has codes; "role" has none"#,
            r#"indicators[2].measure: mean does not apply to codes; count them with count or percent"#,
        ]
    );
}
