//! The keys a respondent is taught, pressed the way the footer teaches them: footers and help
//! drawn from the keymap, the one-language survey, the tiny terminal, and the key behaviours SPEC
//! fixes (matrix, scales above 9 points, long lists, Enter on a highlighted choice).

mod common;

use common::Kiosk;
use koe::tui::app::Options;

fn kiosk() -> Options {
    Options {
        kiosk: true,
        ..Options::default()
    }
}

/// The bottom row(s) of the screen: the footer.
fn footer(k: &mut Kiosk) -> String {
    let s = k.screen();
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(2)..].join("\n")
}

#[test]
fn a_one_language_survey_offers_no_language_key_anywhere() {
    let mut k = Kiosk::run("one-language", kiosk());
    let mut seen = Vec::new();
    seen.push(footer(&mut k));
    k.keys("<enter>");
    // Through every question to the review, each footer read on the way.
    for keys in [
        "111<enter>",
        "5<enter>",
        "5<enter>",
        "<enter>",
        "1<enter>",
        "12<enter>",
        "<tab>",
    ] {
        seen.push(footer(&mut k));
        k.keys(keys);
    }
    k.shows("確認");
    seen.push(footer(&mut k));
    for f in &seen {
        assert!(!f.contains("F2"), "a footer offers F2 on a one-language survey:\n{f}");
    }
    // F2 does nothing here either.
    let before = k.screen();
    k.keys("<f2>");
    assert_eq!(k.screen(), before);
}

#[test]
fn a_two_language_survey_offers_f2_and_it_works() {
    let mut k = Kiosk::run("every-type", kiosk());
    assert!(footer(&mut k).contains("F2: English"));
    k.keys("<f2>").shows("Press Enter to begin.");
    assert!(footer(&mut k).contains("F2: 日本語"));
}

#[test]
fn f1_shows_the_keys_of_the_screen_from_the_same_table() {
    let mut k = Kiosk::run("every-type", kiosk());
    k.keys("<enter>");
    let foot = footer(&mut k);
    k.keys("<f1>").shows("キー一覧");
    for part in foot
        .split("  ")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.ends_with("..."))
    {
        let (key, does) = part.split_once(": ").unwrap_or(("", part));
        k.shows(key).shows(does);
    }
    k.shows("F10").shows("進行役メニュー");
    // Any key returns to the question untouched.
    k.keys("1").shows("問1.").hides("(*)");
}

#[test]
fn below_the_minimum_size_keys_do_nothing_but_f10() {
    let mut k = Kiosk::run("council-feedback", kiosk());
    k.resize(20, 5);
    k.shows("30x10");
    k.keys("<enter>1<enter>");
    k.resize(80, 24);
    k.shows("Enter キーを押して始めてください");
    assert!(k.stored().is_empty(), "nothing was answered unseen");
    k.resize(20, 5);
    k.keys("<f10>");
    k.resize(80, 24);
    k.shows("進行役メニュー");
}
