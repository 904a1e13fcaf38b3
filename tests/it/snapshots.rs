//! Snapshots of every question type (and the welcome, review and thank-you screens) at 80x24 and
//! at a narrow 40x20, on the fixture survey that uses every type. `INSTA_UPDATE=always cargo test
//! --test snapshots` rewrites them after an intended change; review the diff before committing.

use crate::common;

use common::Kiosk;

fn walk(w: u16, h: u16) {
    let mut k = Kiosk::run("every-type", common::locked());
    k.resize(w, h);
    let snap = |k: &mut Kiosk, name: &str| {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), k.screen());
    };
    snap(&mut k, "00_welcome");
    k.keys("<enter>");
    snap(&mut k, "01_single_choice");
    k.keys("3家族会ｶﾞ");
    snap(&mut k, "02_single_choice_other");
    k.keys("<enter>13");
    snap(&mut k, "03_multiple_choice");
    k.keys("<enter>2");
    snap(&mut k, "04_scale");
    k.keys("<enter>資料が多すぎて<enter>読み切れなかった😀");
    snap(&mut k, "05_text_multiline");
    k.keys("<tab>y");
    snap(&mut k, "06_yes_no");
    k.keys("<enter>12");
    snap(&mut k, "07_number");
    k.keys("<enter>3");
    snap(&mut k, "08_matrix");
    k.keys("n<enter>31");
    snap(&mut k, "09_rank");
    k.keys("<enter>");
    snap(&mut k, "10_note");
    k.keys("<enter>ありがとう");
    snap(&mut k, "11_text_single_line");
    k.keys("<enter>");
    snap(&mut k, "12_review");
    k.keys("<enter>");
    snap(&mut k, "13_thanks");
}

#[test]
fn every_screen_at_80x24() {
    walk(80, 24);
}

#[test]
fn every_screen_at_40x20() {
    walk(40, 20);
}

#[test]
fn the_enlarge_message_and_a_resize_back() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>");
    k.resize(24, 6);
    insta::assert_snapshot!("enlarge_24x6", k.screen());
    k.resize(80, 24);
    assert!(k.screen().contains("問1. あなたの所属を教えてください"));
}
