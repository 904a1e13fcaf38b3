//! The review screen shows each answer in full and as the respondent chose it: a long answer wraps
//! onto the lines below (indented under its question) instead of being cut with "...", and a
//! scale point carries its label ("5 とてもそう思う"), on a TestBackend at the sizes a kiosk has.

use crate::common;

use common::Kiosk;

/// A comment longer than a 40-cell line and than an 80-cell one.
const COMMENT: &str =
    "資料の量がちょうどよく、次回も同じ形式で開いてほしいと思いました。地域の関係機関の方と話せてよかったです";

/// The council survey answered up to its review at `w` x `h`: sector 医療, useful 5 (its end
/// label とてもそう思う), relationships 3, yes, topic 1, and [`COMMENT`].
fn at_review(w: u16, h: u16) -> Kiosk {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.resize(w, h);
    k.keys("<enter>2<enter>5<enter>3<enter>y<enter>1<enter>");
    k.keys(COMMENT);
    k.keys("<tab>").shows("確認");
    k
}

/// The screen's text with all spaces and line ends taken out: a wrapped text reads whole.
fn joined(screen: &str) -> String {
    screen.split_whitespace().collect()
}

/// The screen's rows that follow the row holding `anchor`, up to (not including) the next
/// numbered entry or the buttons.
fn continuation(screen: &str, anchor: &str) -> Vec<String> {
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows
        .iter()
        .position(|r| r.contains(anchor))
        .unwrap_or_else(|| panic!("no {anchor:?}:\n{screen}"));
    rows[at + 1..]
        .iter()
        .take_while(|r| r.starts_with("      ") && !r.trim().is_empty())
        .map(|r| r.to_string())
        .collect()
}

#[test]
fn a_scale_answer_shows_its_point_and_its_label() {
    let mut k = at_review(80, 24);
    // An end label for the end point, a point's own label where the scale labels every point.
    k.shows("今日の会議は役に立ちましたか: 5 とてもそう思う");
    let screen = k.screen();
    assert!(
        joined(&screen).contains("つながっていると思いますか:3ややそう思う"),
        "a point's own label:\n{screen}"
    );
    // In English, the English label.
    k.keys("<f2>").shows("Was today's meeting useful to you?: 5 Very much");
}

#[test]
fn a_scale_point_without_a_label_is_its_number_alone() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>2<enter>4<enter>3<enter>y<enter>1<enter>ok<tab>")
        .shows("確認");
    // 4 is neither end of the 1–5 scale and has no label of its own.
    let screen = k.screen();
    assert!(
        screen
            .lines()
            .any(|r| r.trim_end().ends_with("今日の会議は役に立ちましたか: 4")),
        "the point alone:\n{screen}"
    );
}

#[test]
fn a_long_answer_wraps_in_full_under_its_question_at_40_columns() {
    let mut k = at_review(40, 20);
    // The list is taller than the window: the comment shows once it is selected.
    k.keys("<down><down><down><down><down>");
    let screen = k.screen();
    assert!(!screen.contains("..."), "an answer cut short:\n{screen}");
    assert!(
        joined(&screen).contains(COMMENT),
        "the comment is not shown whole:\n{screen}"
    );
    // Its following lines are indented under the question text, not under the number.
    let more = continuation(&screen, "6. その他");
    assert!(more.len() >= 3, "the comment takes several lines:\n{screen}");
    for row in &more {
        assert!(
            row.starts_with("      ") && !row.starts_with("       "),
            "indent of {row:?}:\n{screen}"
        );
    }
    // Back at the top, the first answer (the question wrapped under it, too).
    k.keys("<up><up><up><up><up>");
    k.shows(" > 1. あなたの所属を教えてください:").shows("      医療");
}

#[test]
fn at_80_columns_the_long_answer_wraps_too_and_short_ones_are_unchanged() {
    let mut k = at_review(80, 24);
    let screen = k.screen();
    assert!(!screen.contains("..."), "an answer cut short:\n{screen}");
    assert!(
        joined(&screen).contains(COMMENT),
        "the comment is not shown whole:\n{screen}"
    );
    k.shows(" > 1. あなたの所属を教えてください: 医療");
    k.shows("   4. 今日、今後相談できそうな他機関の方と知り合えましたか: はい");
}

#[test]
fn a_click_on_a_wrapped_line_opens_that_answer() {
    let mut k = at_review(40, 20);
    k.keys("<down><down><down><down><down>");
    let screen = k.screen();
    let more = continuation(&screen, "6. その他");
    let last = more.last().expect("wrapped lines");
    let row = screen.lines().position(|r| r == last).unwrap() as u16;
    k.click(10, row);
    k.shows("問6. その他、ご意見").hides("確認");
}

#[test]
fn the_selected_answer_is_shown_whole_when_the_list_is_taller_than_the_window() {
    let mut k = at_review(40, 14);
    // Down to the last answer, the long comment: it is on screen whole, highlighted.
    k.keys("<down><down><down><down><down>");
    let screen = k.screen();
    assert!(screen.contains("> 6. "), "the selected entry:\n{screen}");
    assert!(
        joined(&screen).contains(COMMENT),
        "the comment is not shown whole:\n{screen}"
    );
    // Back at the top, the first answer is shown again.
    k.keys("<up><up><up><up><up>").shows("> 1. ");
}
