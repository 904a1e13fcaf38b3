//! Synthetic data for the benchmarks: a 30-question survey and random but valid responses.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A small deterministic PRNG (xorshift64*), so every run measures the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "地域移行",
    "退院支援",
    "ピアサポーター",
    "顔の見える関係",
    "住まいの確保",
    "家族支援",
    "研修",
    "ケース会議",
    "精神科病院",
    "相談支援",
    "連携",
    "情報共有",
    "普及啓発",
    "就労支援",
    "グループホーム",
    "訪問看護",
];

/// The 30-question survey: 8 single choice, 4 multiple choice, 8 scales, 3 yes/no, 2 numbers,
/// 3 texts, 1 matrix (3 rows), 1 rank.
pub fn survey_json() -> Value {
    let choices = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"value": format!("c{i}"), "label": format!("選択肢{i}")}))
            .collect()
    };
    let mut qs = Vec::new();
    for i in 0..8 {
        qs.push(json!({"id": format!("sc{i}"), "type": "single_choice", "text": format!("単一選択{i}"), "choices": choices(5), "other": i == 0}));
    }
    for i in 0..4 {
        qs.push(json!({"id": format!("mc{i}"), "type": "multiple_choice", "text": format!("複数選択{i}"), "choices": choices(6), "max_selected": 3}));
    }
    for i in 0..8 {
        qs.push(json!({"id": format!("sl{i}"), "type": "scale", "text": format!("尺度{i}"), "min": 1, "max": 5, "allow_na": true}));
    }
    for i in 0..3 {
        qs.push(json!({"id": format!("yn{i}"), "type": "yes_no", "text": format!("はい・いいえ{i}")}));
    }
    for i in 0..2 {
        qs.push(json!({"id": format!("nu{i}"), "type": "number", "text": format!("数値{i}"), "min": 0, "max": 1000}));
    }
    for i in 0..3 {
        qs.push(json!({"id": format!("tx{i}"), "type": "text", "multiline": true, "text": format!("自由記述{i}")}));
    }
    qs.push(
        json!({"id": "mx", "type": "matrix", "text": "マトリクス", "min": 1, "max": 4, "allow_na": true,
        "rows": [{"id": "r0", "text": "行0"}, {"id": "r1", "text": "行1"}, {"id": "r2", "text": "行2"}]}),
    );
    qs.push(json!({"id": "rk", "type": "rank", "text": "順位", "max_ranked": 3, "choices": choices(5)}));
    json!({"id": "bench", "title": "ベンチマーク", "questions": qs})
}

pub fn survey() -> koe::survey::Survey {
    koe::survey::validate::survey_from_value(&survey_json()).expect("the bench survey is valid")
}

/// One response's answers: every question answered (texts two times in three).
pub fn answers(rng: &mut Rng) -> Value {
    let mut a = serde_json::Map::new();
    for i in 0..8 {
        let v = if i == 0 && rng.below(10) == 0 {
            json!({"other": "その他の回答"})
        } else {
            json!(format!("c{}", rng.below(5)))
        };
        a.insert(format!("sc{i}"), v);
    }
    for i in 0..4 {
        let mut picked: Vec<Value> = Vec::new();
        for c in 0..6 {
            if picked.len() < 3 && rng.below(3) == 0 {
                picked.push(json!(format!("c{c}")));
            }
        }
        if !picked.is_empty() {
            a.insert(format!("mc{i}"), Value::Array(picked));
        }
    }
    for i in 0..8 {
        let v = if rng.below(20) == 0 {
            json!("na")
        } else {
            json!(1 + rng.below(5))
        };
        a.insert(format!("sl{i}"), v);
    }
    for i in 0..3 {
        a.insert(format!("yn{i}"), json!(rng.below(2) == 0));
    }
    for i in 0..2 {
        a.insert(format!("nu{i}"), json!(rng.below(1001)));
    }
    for i in 0..3 {
        if rng.below(3) > 0 {
            let words: Vec<&str> = (0..3).map(|_| WORDS[rng.below(WORDS.len() as u64) as usize]).collect();
            a.insert(
                format!("tx{i}"),
                json!(format!(
                    "{}について、{}と{}が大切だと感じました。",
                    words[0], words[1], words[2]
                )),
            );
        }
    }
    a.insert(
        "mx".into(),
        json!({"r0": 1 + rng.below(4), "r1": 1 + rng.below(4), "r2": "na"}),
    );
    a.insert("rk".into(), json!(["c2", "c0", "c4"]));
    Value::Object(a)
}

/// Writes `n` responses as JSON Lines, with UUIDs and a few sessions.
pub fn write_jsonl(path: &Path, n: usize, seed: u64) {
    let mut rng = Rng::new(seed);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let id = format!("{:08x}-0000-4000-8000-{:012x}", seed as u32, i);
        let line = json!({"id": id, "session": format!("第{}回", 1 + i % 4), "answers": answers(&mut rng)});
        writeln!(out, "{line}").unwrap();
    }
}

/// The median of some durations.
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Runs `f` and returns how long it took.
pub fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
