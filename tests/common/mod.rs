//! A kiosk on a fake terminal: the real app, scripted keys, a TestBackend, and a clock the test
//! moves.
#![allow(dead_code)]

pub mod cli;
pub mod sheets;
pub mod workbooks;

#[cfg(unix)]
pub use cli::KOE;
pub use cli::{Koe, koe};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use koe::store::Store;
use koe::survey::catalog::{Entry, load_all};
use koe::tui::app::{App, Msg, Options};
use koe::tui::hits::HitMap;
use koe::tui::script::{keys, screen_text};
use koe::tui::view::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The example surveys shipped in surveys/ (and the schema editors read beside them). Tests read
/// these, never whatever else is in surveys/: `koe new` writes a user's own surveys there, and
/// they must not change what `cargo test` sees. A new example survey is added here too.
pub const EXAMPLE_SURVEYS: &[&str] = &[
    "advisor-evaluation.json",
    "consultation-presurvey.json",
    "council-feedback.json",
    "peer-supporter-exchange.json",
    "training-evaluation.xlsx",
    "schema.json",
];

/// A folder holding a copy of exactly the example surveys (under target/, made once and shared by
/// the test binaries: each file is written beside and renamed into place, so two binaries
/// copying at once never see half a file).
pub fn surveys_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-surveys");
        copy_examples(&dir);
        dir
    })
    .clone()
}

/// Copies the example surveys into `dir` (created when missing), leaving a file that is already
/// the same as it is.
pub fn copy_examples(dir: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys");
    std::fs::create_dir_all(dir).unwrap();
    for name in EXAMPLE_SURVEYS {
        let bytes = std::fs::read(from.join(name)).unwrap();
        let to = dir.join(name);
        if std::fs::read(&to).is_ok_and(|old| old == bytes) {
            continue;
        }
        let part = dir.join(format!("{name}.part-{}", std::process::id()));
        std::fs::write(&part, &bytes).unwrap();
        std::fs::rename(&part, &to).unwrap();
    }
}

pub fn entry(id: &str) -> Entry {
    let mut catalog = load_all(&[
        surveys_dir(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
    ]);
    let i = catalog
        .surveys
        .iter()
        .position(|e| e.survey.id == id)
        .unwrap_or_else(|| panic!("no survey {id}"));
    catalog.surveys.swap_remove(i)
}

/// How long a scripted key waits for the results screen's tally thread (the screen is then
/// drawn as it ends up, as a person would see it a moment later).
const SETTLE: Duration = Duration::from_secs(60);

/// The PIN the scripted facilitator gives a locked session.
pub const PIN: &str = "2580";

/// F10 and the PIN: the facilitator menu of a locked session.
pub const MENU: &str = "<f10>2580<enter>";

/// Options as `koe run` with `KOE_PIN=2580` (a locked session that starts without the prompt);
/// the PIN prompt itself is tested with `pin: None`.
pub fn locked() -> Options {
    Options {
        kiosk: true,
        pin: Some(PIN.to_string()),
        ..Options::default()
    }
}

pub struct Kiosk {
    pub app: App,
    pub term: Terminal<TestBackend>,
    pub now: Instant,
    pub db: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Kiosk {
    /// `koe run SURVEY --session LABEL` on a fresh database.
    pub fn run(survey: &str, options: Options) -> Kiosk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("koe.db");
        let mut k = Kiosk::run_on(&db, survey, options);
        k._dir = Some(dir);
        k
    }

    /// `koe run` on a given database (for resuming).
    pub fn run_on(db: &Path, survey: &str, options: Options) -> Kiosk {
        let store = Store::open(db).unwrap();
        let app = App::run(store, entry(survey), "テスト会", options).unwrap();
        Kiosk::with(app, db.to_path_buf(), 80, 24)
    }

    /// `koe` (the home screen) over the example surveys.
    pub fn home() -> Kiosk {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("koe.db");
        let mut k = Kiosk::home_on(&db);
        k._dir = Some(dir);
        k
    }

    /// `koe` (the home screen) over the example surveys, on a given database (after a crash).
    pub fn home_on(db: &Path) -> Kiosk {
        let store = Store::open(db).unwrap();
        let catalog = load_all(&[surveys_dir()]);
        let app = App::home(store, catalog.surveys, Options::default());
        Kiosk::with(app, db.to_path_buf(), 80, 24)
    }

    pub fn with(mut app: App, db: PathBuf, w: u16, h: u16) -> Kiosk {
        // The home screen's exports go beside the test's database, never into the repository
        // (the default is relative on Unix) nor into the user's profile (the default on Windows).
        if app.options().exports_dir == koe::paths::exports() {
            app.set_exports_dir(
                db.parent()
                    .map_or_else(|| PathBuf::from("exports"), |d| d.join("exports")),
            );
        }
        let mut k = Kiosk {
            app,
            term: Terminal::new(TestBackend::new(w, h)).unwrap(),
            now: Instant::now(),
            db,
            _dir: None,
        };
        k.resize(w, h);
        k
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.term.backend_mut().resize(w, h);
        self.app.update(Msg::Resize(w, h), self.now);
    }

    /// Types a key script (see `koe::tui::script::keys`), drawing after every key as the real
    /// loop does.
    pub fn keys(&mut self, script: &str) -> &mut Self {
        for key in keys(script) {
            self.now += Duration::from_millis(50);
            self.app.update(Msg::Key(key), self.now);
            self.app.settle(SETTLE);
            self.draw();
        }
        self
    }

    pub fn paste(&mut self, text: &str) -> &mut Self {
        self.app.update(Msg::Paste(text.to_string()), self.now);
        self.draw();
        self
    }

    /// Lets time pass and sends a tick.
    pub fn wait(&mut self, d: Duration) -> &mut Self {
        self.now += d;
        self.app.update(Msg::Tick, self.now);
        self.app.settle(SETTLE);
        self.draw();
        self
    }

    /// Draws a frame and returns it as text. The frame's own buffer is read, not the
    /// TestBackend's: the backend only receives changed cells and, unlike a real terminal, does
    /// not blank the other half of a wide character that is overwritten.
    ///
    /// What the frame can be clicked on is handed to the app, as the real loop does.
    pub fn draw(&mut self) -> String {
        let (text, hits) = self.frame();
        self.app.set_hits(hits);
        text
    }

    /// Draws a frame: its text and what on it can be clicked.
    pub fn frame(&mut self) -> (String, HitMap) {
        let app = &self.app;
        let mut hits = HitMap::default();
        let frame = self
            .term
            .draw(|f| hits = render(f, app, Theme { color: false }))
            .unwrap();
        (screen_text(frame.buffer), hits)
    }

    /// Sends one mouse event at a cell (column, row), then draws as the real loop does.
    pub fn mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) -> &mut Self {
        self.mouse_event(kind, column, row);
        self.draw();
        self
    }

    /// Sends one mouse event at a cell without drawing afterwards.
    pub fn mouse_event(&mut self, kind: MouseEventKind, column: u16, row: u16) {
        self.now += Duration::from_millis(50);
        let event = MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        };
        self.app.update(Msg::Mouse(event), self.now);
    }

    /// A click (or a tap) at a cell.
    pub fn click(&mut self, column: u16, row: u16) -> &mut Self {
        self.mouse(MouseEventKind::Down(MouseButton::Left), column, row)
    }

    /// Where `text` first appears on the screen: its first cell (column, row).
    pub fn find(&mut self, text: &str) -> Option<(u16, u16)> {
        let screen = self.screen();
        screen.lines().enumerate().find_map(|(y, line)| {
            line.find(text)
                .map(|i| (unicode_width::UnicodeWidthStr::width(&line[..i]) as u16, y as u16))
        })
    }

    /// A click on the first cell of `text` where it appears on the screen, as a person aims at
    /// what they read.
    pub fn click_on(&mut self, text: &str) -> &mut Self {
        let Some((x, y)) = self.find(text) else {
            panic!(
                "nothing to click: the screen does not show {text:?}:\n{}",
                self.screen()
            );
        };
        self.click(x, y)
    }

    /// A click on the matrix cell in the row labelled `row` under the column headed `column`.
    pub fn click_cell(&mut self, row: &str, column: &str) -> &mut Self {
        let screen = self.screen();
        let (_, y) = self.find(row).unwrap_or_else(|| panic!("no row {row:?}:\n{screen}"));
        // The header is the line above the first row that names every column.
        let header = screen
            .lines()
            .collect::<Vec<_>>()
            .into_iter()
            .take(y as usize)
            .rev()
            .find(|l| l.split_whitespace().any(|w| w == column))
            .unwrap_or_else(|| panic!("no column {column:?}:\n{screen}"));
        let i = header
            .match_indices(column)
            .find(|(i, _)| {
                let before = header[..*i].chars().last();
                let after = header[i + column.len()..].chars().next();
                before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')
            })
            .map(|(i, _)| i)
            .unwrap();
        let x = unicode_width::UnicodeWidthStr::width(&header[..i]) as u16;
        self.click(x, y)
    }

    /// The screen as text.
    pub fn screen(&mut self) -> String {
        self.draw()
    }

    /// Asserts the screen shows `text`, printing the screen when not.
    pub fn shows(&mut self, text: &str) -> &mut Self {
        let s = self.screen();
        assert!(s.contains(text), "the screen does not show {text:?}:\n{s}");
        self
    }

    pub fn hides(&mut self, text: &str) -> &mut Self {
        let s = self.screen();
        assert!(!s.contains(text), "the screen shows {text:?}:\n{s}");
        self
    }

    /// Where the real terminal cursor is (for the IME), when shown.
    pub fn cursor(&mut self) -> Option<(u16, u16)> {
        self.draw();
        let p = self.term.get_cursor_position().ok()?;
        self.term.backend_mut().assert_cursor_position(p);
        Some((p.x, p.y))
    }

    /// Every stored answer: (response status, question, value JSON), in answer order.
    pub fn stored(&self) -> Vec<(String, String, String)> {
        let store = Store::open(&self.db).unwrap();
        let mut stmt = store
            .connection()
            .prepare("SELECT r.status, a.key, r.answers -> a.fullkey FROM responses r, json_each(r.answers) a ORDER BY r.rid, a.key")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// The answers of the n-th stored response as a JSON object.
    pub fn response(&self, n: usize) -> serde_json::Value {
        let store = Store::open(&self.db).unwrap();
        let rid: i64 = store
            .connection()
            .query_row(
                "SELECT rid FROM responses ORDER BY rid LIMIT 1 OFFSET ?1",
                [n as i64],
                |r| r.get(0),
            )
            .unwrap();
        serde_json::Value::Object(
            store
                .answers(&koe::store::ResponseRef { id: String::new(), rid })
                .unwrap(),
        )
    }

    /// Takes the temporary folder holding the database, so that it outlives this kiosk (dropped
    /// as if the laptop died).
    pub fn keep_dir(&mut self) -> Option<tempfile::TempDir> {
        self._dir.take()
    }

    pub fn statuses(&self) -> Vec<String> {
        let store = Store::open(&self.db).unwrap();
        let mut stmt = store
            .connection()
            .prepare("SELECT status FROM responses ORDER BY rid")
            .unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }
}

/// Words a Japanese message may keep in Latin letters: names of formats and programs, and the
/// names of fields, types, sheets and columns that a survey file is written in.
const NAMES: &[&str] = &[
    "json",
    "xlsform",
    "excel",
    "libreoffice",
    "xlsx",
    "true",
    "false",
    "null",
    "note",
    "text",
    "integer",
    "decimal",
    "range",
    "rank",
    "scale",
    "number",
    "matrix",
    "label",
    "name",
    "hint",
    "list",
    "required",
    "relevant",
    "constraint",
    "choices",
    "choice",
    "survey",
    "settings",
    "indicators",
    "codes",
    "keywords",
    "values",
    "question",
    "questions",
    "equals",
    "includes",
    "answered",
    "other",
    "measure",
    "target",
    "words",
    "type",
    "title",
    "languages",
    "japanese",
    "english",
    "help",
    "rows",
    "step",
    "start",
    "count",
    "percent",
    "responses",
    "mean",
    "median",
    "appearance",
    "table",
    "with",
    "broken",
    "typo",
    "requried",
    "value",
    "export",
];

/// The English words left in text that should be Japanese: runs of four or more Latin letters
/// outside quotes ("…", '…', `…`), `${…}` references, JSON paths and names (anything holding
/// `_ : . [ ] $ = < > / -`, a digit or a call `f(`), a workbook place (`survey!D4 (relevant): `),
/// the technical detail of a system error (`（詳細: …）`), [`NAMES`] and `own` (words of the file
/// itself, which a message may repeat). File names are removed by the caller.
pub fn english_left(text: &str, own: &[String]) -> Vec<String> {
    let mut left = Vec::new();
    for line in text.lines() {
        let line = match line.find("): ") {
            Some(i) if line[..i].contains('!') => &line[i + 3..],
            _ => line,
        };
        let mut line = line.to_string();
        while let Some(start) = line.find("（詳細: ") {
            let end = line[start..]
                .find('）')
                .map_or(line.len(), |e| start + e + '）'.len_utf8());
            line.replace_range(start..end, " ");
        }
        left.extend(english_words(&line, own));
    }
    left
}

fn english_words(text: &str, own: &[String]) -> Vec<String> {
    let mut plain = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let close = match c {
            '"' => Some('"'),
            '`' => Some('`'),
            '\'' => Some('\''),
            _ => None,
        };
        match close {
            Some(end) => {
                let mut escaped = false;
                for d in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == end {
                        break;
                    }
                }
                plain.push(' ');
            }
            None => plain.push(c),
        }
    }
    let mut left = Vec::new();
    for token in plain.split(|c: char| c.is_whitespace() || !c.is_ascii() || matches!(c, ',' | ';' | '?')) {
        let token = token.trim_start_matches('(').trim_end_matches(')');
        if token.is_empty()
            || token
                .chars()
                .any(|c| c.is_ascii_digit() || "_:.[]$={}<>/-!(".contains(c))
        {
            continue;
        }
        for run in token.split(|c: char| !c.is_ascii_alphabetic()) {
            let known = NAMES.contains(&run.to_ascii_lowercase().as_str()) || own.iter().any(|w| w == run);
            if run.len() >= 4 && !known {
                left.push(run.to_string());
            }
        }
    }
    left
}
