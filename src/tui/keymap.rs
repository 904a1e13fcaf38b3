//! Every key of every screen, as data: which keys, the [`Action`] they ask for, the words the
//! footer and the help screen show (Japanese and English), and when the binding applies.
//!
//! Dispatch ([`action`]), the footer ([`footer`]) and the help screen ([`help`]) all read these
//! tables, so a footer shows exactly the keys that work: no `F2` on a one-language survey. Actions
//! are separate from keys so that a mouse click can ask for the same action as its key.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_normalization::UnicodeNormalization;

/// What a key (or a click) asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Go on to the next question (Tab, PageDown).
    NextQuestion,
    /// Back to the previous question (Shift-Tab, PageUp).
    PrevQuestion,
    /// The respondent's next language (F2).
    NextLanguage,
    /// The facilitator menu (F10).
    OpenMenu,
    /// The keys of this screen (F1, `?`).
    Help,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// Enter: confirm, go on, send, start.
    Confirm,
    /// Space: toggle the highlighted item.
    Toggle,
    /// A digit typed (full-width digits from an IME count).
    Digit(u8),
    /// Pick item `n` (0-based) of the list on screen (a typed number above 9, a click): a choice
    /// (single: pick, multiple: toggle), a scale point (N/A counted as the last), a rank item, a
    /// review line.
    Select(usize),
    /// A click on a matrix cell: row `row` gets point `point` (0-based, as the columns are drawn).
    Cell {
        row: usize,
        point: usize,
    },
    /// A click in a text field: the caret goes to visual line `line` of the text as wrapped at the
    /// field's width, at cell column `col` (or the nearest place before it on that line).
    Caret {
        line: usize,
        col: usize,
    },
    /// A click on the "other" text of a choice list (item `n`): the highlight goes there and it is
    /// picked if it was not, so that typing goes into it.
    Focus(usize),
    /// "Not applicable" on a scale.
    NotApplicable,
    Yes,
    No,
    /// A character typed into a text field.
    Type(char),
    Backspace,
    Delete,
    /// A line break in a multi-line text.
    NewLine,
    /// Change the highlighted answer (review).
    Change,
    /// Leave this screen for the one before (Esc).
    Back,
    /// Quit koe, keeping whoever was answering as partial.
    Quit,
    Results,
    Export,
    /// Resume screen: keep the highlighted response as partial.
    KeepPartial,
    /// Resume screen: keep every listed response as partial.
    KeepAllPartial,
    /// Results: the next session filter.
    NextSession,
    /// Results: read the free-text answers one by one.
    ReadTexts,
    /// Any key (the thank-you and help screens).
    Continue,
}

/// Which key table applies: one per screen, and one per kind of question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keymap {
    Home,
    SessionLabel,
    /// The home screen's export: CSV files or an Excel workbook.
    ExportFormat,
    Resume,
    Welcome,
    SingleChoice,
    MultipleChoice,
    /// A choice list with "other" picked and highlighted: typing goes into its text.
    OtherText,
    Scale,
    YesNo,
    Number,
    Text,
    MultilineText,
    Matrix,
    Rank,
    Note,
    Review,
    Thanks,
    Results,
    ResultsReading,
    /// The results screen listing the answers that hold one term or code.
    ResultsAnswers,
    Menu,
    Pin,
    /// "Really end the session / quit?" after the menu.
    ConfirmLeave,
    Help,
    /// `koe entry`: the sheet number.
    EntryNumber,
    /// `koe entry`: a field of the sheet (every character is typed into it).
    EntrySheet,
    /// `koe entry --verify`: the fields where the two entries differ.
    EntryResolve,
    /// `koe entry --verify`: typing the value the paper shows for one difference.
    EntryResolveTyping,
}

/// What the `when` of a binding may look at.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The language of the interface now.
    pub lang: String,
    /// The language F2 switches to; `None` on a one-language survey.
    pub next_lang: Option<String>,
    pub kiosk: bool,
    /// A questionnaire session is running (the kiosk rules apply).
    pub collecting: bool,
    /// The scale (or matrix) offers N/A.
    pub allow_na: bool,
    /// The list has more than 9 items (numbers are typed, then Enter).
    pub long_list: bool,
    /// `koe entry --verify`: the second entry, which must not show the first.
    pub verifying: bool,
    /// "Other" is picked and focused but nothing is typed in it yet: a digit still picks another
    /// choice (a respondent changing their mind), rather than becoming the text "2".
    pub other_empty: bool,
}

/// One key a binding listens to.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    /// A key without Ctrl or Alt.
    Code(KeyCode, Action),
    /// A character, either case.
    Char(char, Action),
    /// Ctrl and a character.
    Ctrl(char, Action),
    /// Any digit: [`Action::Digit`].
    Digits,
    /// Any printable character: [`Action::Type`].
    Printable,
    /// Any key at all.
    Any(Action),
}

/// The words for a binding: the keys as the footer names them and what they do, in Japanese and
/// English. An empty key name shows only what it does ("入力").
#[derive(Clone, Copy, Debug)]
pub struct Label {
    pub keys: (&'static str, &'static str),
    pub does: (&'static str, &'static str),
}

/// One row of a keymap.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    /// Shown in the footer and on the help screen when present.
    pub label: Option<Label>,
    pub when: fn(&Context) -> bool,
}

fn always(_: &Context) -> bool {
    true
}
fn several_languages(c: &Context) -> bool {
    c.next_lang.is_some()
}
fn not_kiosk(c: &Context) -> bool {
    !c.kiosk || !c.collecting
}
fn allow_na(c: &Context) -> bool {
    c.allow_na
}
fn first_entry(c: &Context) -> bool {
    !c.verifying
}
fn long_list(c: &Context) -> bool {
    c.long_list
}
fn short_list(c: &Context) -> bool {
    !c.long_list
}
fn other_empty_in_short_list(c: &Context) -> bool {
    c.other_empty && !c.long_list
}

const fn label(keys: (&'static str, &'static str), does: (&'static str, &'static str)) -> Option<Label> {
    Some(Label { keys, does })
}

const fn bind(keys: &'static [Key], label: Option<Label>) -> Binding {
    Binding {
        keys,
        label,
        when: always,
    }
}

const fn bind_when(keys: &'static [Key], label: Option<Label>, when: fn(&Context) -> bool) -> Binding {
    Binding { keys, label, when }
}

use Action as A;
use KeyCode as K;

const UP_DOWN: &[Key] = &[Key::Code(K::Up, A::Up), Key::Code(K::Down, A::Down)];
const TEXT_EDIT: &[Key] = &[
    Key::Code(K::Backspace, A::Backspace),
    Key::Code(K::Delete, A::Delete),
    Key::Code(K::Left, A::Left),
    Key::Code(K::Right, A::Right),
    Key::Code(K::Home, A::Home),
    Key::Code(K::End, A::End),
];
const TYPE: &[Key] = &[Key::Printable];
const HELP_KEYS: &[Key] = &[Key::Code(K::F(1), A::Help), Key::Char('?', A::Help)];
const F1_ONLY: &[Key] = &[Key::Code(K::F(1), A::Help)];

/// F10, F2 and F1 on every questionnaire screen (before the screen's own keys).
const QUESTIONNAIRE: &[Binding] = &[bind(&[Key::Code(K::F(10), A::OpenMenu)], None), bind(F1_ONLY, None)];
/// Shift-Tab and Tab on every question, then F2 (the footer ends with them).
const QUESTION_TAIL: &[Binding] = &[
    bind(
        &[
            Key::Code(K::BackTab, A::PrevQuestion),
            Key::Code(K::PageUp, A::PrevQuestion),
        ],
        label(("Shift-Tab", "Shift-Tab"), ("戻る", "back")),
    ),
    bind(
        &[
            Key::Code(K::Tab, A::NextQuestion),
            Key::Code(K::PageDown, A::NextQuestion),
        ],
        None,
    ),
    bind_when(
        &[Key::Code(K::F(2), A::NextLanguage)],
        label(("F2", "F2"), ("{lang}", "{lang}")),
        several_languages,
    ),
];
const NEXT: Option<Label> = label(("Enter", "Enter"), ("次へ", "next"));

const HOME: &[Binding] = &[
    bind(UP_DOWN, label(("上下", "Up/Down"), ("選択", "choose"))),
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("回答を集める", "collect answers")),
    ),
    bind(&[Key::Char('r', A::Results)], label(("r", "r"), ("結果", "results"))),
    bind(&[Key::Char('e', A::Export)], label(("e", "e"), ("書き出す", "export"))),
    bind(
        &[
            Key::Char('q', A::Quit),
            Key::Code(K::Esc, A::Quit),
            Key::Ctrl('c', A::Quit),
        ],
        label(("q", "q"), ("終了", "quit")),
    ),
    bind(HELP_KEYS, label(("?", "?"), ("キー一覧", "keys"))),
];

const SESSION_LABEL: &[Binding] = &[
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("開始", "start")),
    ),
    bind(
        UP_DOWN,
        label(("上下", "Up/Down"), ("本番・練習モード", "locked / practice")),
    ),
    bind(&[Key::Code(K::Esc, A::Back)], label(("Esc", "Esc"), ("戻る", "back"))),
    bind(F1_ONLY, None),
    bind(TEXT_EDIT, None),
    bind(TYPE, None),
];

const EXPORT_FORMAT: &[Binding] = &[
    bind(
        &[Key::Char('1', A::Select(0)), Key::Char('c', A::Select(0))],
        label(("1", "1"), ("CSV", "CSV")),
    ),
    bind(
        &[Key::Char('2', A::Select(1)), Key::Char('x', A::Select(1))],
        label(("2", "2"), ("Excel", "Excel")),
    ),
    bind(
        &[
            Key::Code(K::Up, A::Up),
            Key::Code(K::Down, A::Down),
            Key::Code(K::Enter, A::Confirm),
        ],
        label(("上下+Enter", "Up/Down+Enter"), ("選んで書き出す", "choose and export")),
    ),
    bind(&[Key::Code(K::Esc, A::Back)], label(("Esc", "Esc"), ("戻る", "back"))),
    bind(HELP_KEYS, None),
];

const RESUME: &[Binding] = &[
    bind(UP_DOWN, None),
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("続きから再開", "resume")),
    ),
    bind(
        &[Key::Char('c', A::KeepPartial)],
        label(("c", "c"), ("途中として保存", "keep as partial")),
    ),
    bind(
        &[Key::Char('a', A::KeepAllPartial)],
        label(("a", "a"), ("すべて途中として保存", "keep all as partial")),
    ),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Char('s', A::Back)],
        label(("Esc", "Esc"), ("あとで", "later")),
    ),
    bind(HELP_KEYS, None),
];

const WELCOME: &[Binding] = &[
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("開始", "begin")),
    ),
    bind_when(
        &[Key::Code(K::F(2), A::NextLanguage)],
        label(("F2", "F2"), ("{lang}", "{lang}")),
        several_languages,
    ),
    bind_when(&[Key::Code(K::Esc, A::Back), Key::Char('q', A::Back)], None, not_kiosk),
    bind(&[Key::Char('?', A::Help)], None),
];

const CHOICE_PICK: Binding = bind_when(
    &[Key::Digits, Key::Code(K::Char(' '), A::Toggle)],
    label(("数字/Space", "Digit/Space"), ("選択", "pick")),
    short_list,
);
const CHOICE_PICK_LONG: Binding = bind_when(
    &[
        Key::Digits,
        Key::Code(K::Char(' '), A::Toggle),
        Key::Code(K::Backspace, A::Backspace),
    ],
    label(("番号/Space", "Number/Space"), ("選択", "pick")),
    long_list,
);

const SINGLE_CHOICE: &[Binding] = &[
    bind(UP_DOWN, label(("上下", "Up/Down"), ("移動", "move"))),
    CHOICE_PICK,
    CHOICE_PICK_LONG,
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const MULTIPLE_CHOICE: &[Binding] = &[
    bind(UP_DOWN, label(("上下", "Up/Down"), ("移動", "move"))),
    bind_when(
        &[Key::Digits, Key::Code(K::Char(' '), A::Toggle)],
        label(("数字/Space", "Digit/Space"), ("選択・解除", "toggle")),
        short_list,
    ),
    bind_when(
        &[
            Key::Digits,
            Key::Code(K::Char(' '), A::Toggle),
            Key::Code(K::Backspace, A::Backspace),
        ],
        label(("番号/Space", "Number/Space"), ("選択・解除", "toggle")),
        long_list,
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const OTHER_TEXT: &[Binding] = &[
    bind_when(
        &[Key::Digits],
        label(("数字", "Digit"), ("選び直す", "pick another")),
        other_empty_in_short_list,
    ),
    bind(TYPE, label(("文字", "Type"), ("その他の内容", "other"))),
    bind(UP_DOWN, label(("上下", "Up/Down"), ("移動", "move"))),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
    bind(TEXT_EDIT, None),
];

const SCALE: &[Binding] = &[
    bind(
        &[
            Key::Code(K::Left, A::Left),
            Key::Code(K::Right, A::Right),
            Key::Code(K::Home, A::Home),
            Key::Code(K::End, A::End),
            Key::Digits,
            Key::Code(K::Backspace, A::Backspace),
        ],
        label(("左右/数字", "Left/Right/digit"), ("選択", "pick")),
    ),
    bind_when(
        &[Key::Char('n', A::NotApplicable)],
        label(("n", "n"), ("該当なし", "N/A")),
        allow_na,
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const YES_NO: &[Binding] = &[
    bind(
        &[
            Key::Char('y', A::Yes),
            Key::Char('1', A::Yes),
            Key::Char('は', A::Yes),
            Key::Code(K::Left, A::Yes),
            Key::Code(K::Up, A::Yes),
        ],
        label(("y", "y"), ("はい", "yes")),
    ),
    bind(
        &[
            Key::Char('n', A::No),
            Key::Char('2', A::No),
            Key::Char('い', A::No),
            Key::Code(K::Right, A::No),
            Key::Code(K::Down, A::No),
        ],
        label(("n", "n"), ("いいえ", "no")),
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const NUMBER: &[Binding] = &[
    bind(TYPE, label(("", ""), ("数字を入力", "Type a number"))),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
    bind(TEXT_EDIT, None),
];

const TEXT: &[Binding] = &[
    bind(TYPE, label(("", ""), ("入力", "Type"))),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
    bind(TEXT_EDIT, None),
];

const MULTILINE_TEXT: &[Binding] = &[
    bind(TYPE, label(("", ""), ("入力", "Type"))),
    bind(
        &[Key::Code(K::Enter, A::NewLine)],
        label(("Enter", "Enter"), ("改行", "new line")),
    ),
    bind(
        &[Key::Code(K::Tab, A::NextQuestion)],
        label(("Tab", "Tab"), ("次へ", "next")),
    ),
    bind(TEXT_EDIT, None),
    bind(UP_DOWN, None),
];

const MATRIX: &[Binding] = &[
    bind(UP_DOWN, label(("上下", "Up/Down"), ("行", "row"))),
    bind(
        &[
            Key::Code(K::Left, A::Left),
            Key::Code(K::Right, A::Right),
            Key::Digits,
            Key::Code(K::Backspace, A::Backspace),
        ],
        label(("左右/数字", "Left/Right/digit"), ("選択", "pick")),
    ),
    bind_when(
        &[Key::Char('n', A::NotApplicable)],
        label(("n", "n"), ("該当なし", "N/A")),
        allow_na,
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const RANK: &[Binding] = &[
    bind(UP_DOWN, label(("上下", "Up/Down"), ("移動", "move"))),
    bind(
        &[Key::Code(K::Char(' '), A::Toggle), Key::Digits],
        label(("Space/数字", "Space/digit"), ("順位をつける・外す", "rank/unrank")),
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const NOTE: &[Binding] = &[bind(&[Key::Code(K::Enter, A::Confirm)], NEXT)];

const REVIEW: &[Binding] = &[
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("送信", "send")),
    ),
    bind(
        &[
            Key::Code(K::Up, A::Up),
            Key::Code(K::Down, A::Down),
            Key::Char('e', A::Change),
            Key::Digits,
            Key::Code(K::Backspace, A::Backspace),
        ],
        label(("上下+e または番号", "Up/Down+e or number"), ("修正", "change")),
    ),
    bind(
        &[
            Key::Code(K::BackTab, A::PrevQuestion),
            Key::Code(K::PageUp, A::PrevQuestion),
        ],
        label(("Shift-Tab", "Shift-Tab"), ("戻る", "back")),
    ),
    bind_when(
        &[Key::Code(K::F(2), A::NextLanguage)],
        label(("F2", "F2"), ("{lang}", "{lang}")),
        several_languages,
    ),
    bind(&[Key::Char('?', A::Help)], None),
];

const THANKS: &[Binding] = &[bind(
    &[Key::Any(A::Continue)],
    label(
        ("", ""),
        (
            "何かキーを押すと最初の画面に戻ります",
            "Press any key for the welcome screen",
        ),
    ),
)];

const RESULTS: &[Binding] = &[
    // Up/Down choose the terms and codes on screen, and scroll where there are none.
    bind(
        &[
            Key::Code(K::Up, A::Up),
            Key::Code(K::Down, A::Down),
            Key::Code(K::PageUp, A::PageUp),
            Key::Code(K::PageDown, A::PageDown),
            Key::Code(K::Char(' '), A::PageDown),
            Key::Code(K::Home, A::Home),
        ],
        label(("上下/PageDown", "Up/Down/PgDn"), ("移動", "move")),
    ),
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("その回答", "answers")),
    ),
    bind(
        &[Key::Char('s', A::NextSession)],
        label(("s", "s"), ("セッション", "session")),
    ),
    bind(
        &[Key::Char('t', A::ReadTexts)],
        label(("t", "t"), ("自由記述", "read answers")),
    ),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Char('q', A::Back)],
        label(("Esc", "Esc"), ("戻る", "back")),
    ),
    bind(HELP_KEYS, None),
];

const RESULTS_READING: &[Binding] = &[
    bind(
        &[
            Key::Code(K::Left, A::Left),
            Key::Code(K::Up, A::Left),
            Key::Code(K::Right, A::Right),
            Key::Code(K::Down, A::Right),
            Key::Code(K::Char(' '), A::Right),
            Key::Code(K::Enter, A::Right),
        ],
        label(("左右", "Left/Right"), ("前後の回答", "previous/next")),
    ),
    bind(
        &[Key::Code(K::Tab, A::NextQuestion)],
        label(("Tab", "Tab"), ("次の質問", "next question")),
    ),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Char('q', A::Back)],
        label(("Esc", "Esc"), ("一覧に戻る", "back to the list")),
    ),
    bind(HELP_KEYS, None),
];

const RESULTS_ANSWERS: &[Binding] = &[
    bind(
        &[
            Key::Code(K::Up, A::Up),
            Key::Code(K::Down, A::Down),
            Key::Code(K::PageUp, A::PageUp),
            Key::Code(K::PageDown, A::PageDown),
            Key::Code(K::Char(' '), A::PageDown),
            Key::Code(K::Home, A::Home),
        ],
        label(("上下/PageDown", "Up/Down/PageDown"), ("スクロール", "scroll")),
    ),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Char('q', A::Back)],
        label(("Esc", "Esc"), ("一覧に戻る", "back to the list")),
    ),
    bind(HELP_KEYS, None),
];

const MENU: &[Binding] = &[
    bind(
        &[Key::Code(K::Up, A::Up), Key::Code(K::Down, A::Down), Key::Digits],
        label(("上下または番号", "Up/Down or number"), ("選択", "choose")),
    ),
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("決定", "select")),
    ),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Code(K::F(10), A::Back)],
        label(("Esc", "Esc"), ("戻る", "back")),
    ),
    bind(HELP_KEYS, label(("?", "?"), ("キー一覧", "keys"))),
];

const PIN: &[Binding] = &[
    bind(&[Key::Digits], label(("数字", "Digits"), ("入力", "type"))),
    bind(&[Key::Code(K::Backspace, A::Backspace)], None),
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("決定", "confirm")),
    ),
    bind(&[Key::Code(K::Esc, A::Back)], label(("Esc", "Esc"), ("戻る", "back"))),
];

/// Default no: only `y` ends the session or quits, so a slip of Enter never does.
const CONFIRM_LEAVE: &[Binding] = &[
    bind(&[Key::Char('y', A::Yes)], label(("y", "y"), ("はい", "yes"))),
    bind(
        &[
            Key::Char('n', A::No),
            Key::Code(K::Esc, A::Back),
            Key::Code(K::Enter, A::Confirm),
        ],
        label(("n/Esc", "n/Esc"), ("いいえ", "no")),
    ),
];

const HELP: &[Binding] = &[bind(
    &[Key::Any(A::Continue)],
    label(("", ""), ("何かキーを押すと戻ります", "Press any key to go back")),
)];

/// `koe entry`'s number screen: the sheet number is typed; Enter opens the sheet.
const ENTRY_NUMBER: &[Binding] = &[
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("開始", "start")),
    ),
    bind_when(
        &[Key::Code(K::PageUp, A::PageUp)],
        label(("PgUp/PgDn", "PgUp/PgDn"), ("入力済みの用紙", "sheets entered")),
        first_entry,
    ),
    bind(&[Key::Code(K::Esc, A::Quit)], label(("Esc", "Esc"), ("終了", "quit"))),
    bind(TEXT_EDIT, None),
    bind(TYPE, None),
];

/// `koe entry`'s sheet: every character goes into the field (a digit picks and moves on); Enter
/// always moves on, so a line break is Ctrl-J.
const ENTRY_SHEET: &[Binding] = &[
    bind(
        &[Key::Ctrl('j', A::NewLine)],
        label(("Ctrl-J", "Ctrl-J"), ("改行", "line break")),
    ),
    bind(
        &[
            Key::Code(K::Enter, A::Confirm),
            Key::Code(K::Tab, A::Confirm),
            Key::Code(K::Down, A::Confirm),
        ],
        label(("Enter", "Enter"), ("次へ（空なら無回答）", "next (empty: no answer)")),
    ),
    bind(
        &[
            Key::Code(K::Up, A::PrevQuestion),
            Key::Code(K::BackTab, A::PrevQuestion),
        ],
        label(("Up", "Up"), ("前の欄", "previous field")),
    ),
    bind_when(
        &[Key::Code(K::PageUp, A::PageUp), Key::Code(K::PageDown, A::PageDown)],
        label(("PgUp/PgDn", "PgUp/PgDn"), ("入力済みの用紙", "sheets entered")),
        first_entry,
    ),
    bind(
        &[Key::Code(K::Esc, A::Back)],
        label(("Esc", "Esc"), ("用紙番号へ", "to sheet number")),
    ),
    bind(TEXT_EDIT, None),
    bind(TYPE, None),
];

/// `koe entry --verify`: each difference resolved as the paper shows it.
const ENTRY_RESOLVE: &[Binding] = &[
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("確定", "done")),
    ),
    bind(
        &[Key::Char('1', A::Select(0)), Key::Char('１', A::Select(0))],
        label(("1", "1"), ("1回目", "first entry")),
    ),
    bind(
        &[Key::Char('2', A::Select(1)), Key::Char('２', A::Select(1))],
        label(("2", "2"), ("2回目", "second entry")),
    ),
    bind(
        &[Key::Char('3', A::Select(2)), Key::Char('３', A::Select(2))],
        label(("3", "3"), ("別の値を入力", "type another")),
    ),
    bind(UP_DOWN, label(("上下", "Up/Down"), ("移動", "move"))),
    bind(
        &[Key::Code(K::Esc, A::Back)],
        label(("Esc", "Esc"), ("用紙番号へ", "to sheet number")),
    ),
];

const ENTRY_RESOLVE_TYPING: &[Binding] = &[
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        label(("Enter", "Enter"), ("確定", "done")),
    ),
    bind(
        &[Key::Code(K::Esc, A::Back)],
        label(("Esc", "Esc"), ("やめる", "cancel")),
    ),
    bind(TEXT_EDIT, None),
    bind(TYPE, None),
];

/// Ctrl-C quits outside the kiosk (in the kiosk it, Ctrl-Z and Ctrl-\ do nothing).
const LEAVING: &[Binding] = &[bind_when(&[Key::Ctrl('c', A::Quit)], None, not_kiosk)];

/// The bindings of a keymap, first match first: the screen's own, then those every questionnaire
/// screen shares.
pub fn bindings(map: Keymap) -> Vec<&'static Binding> {
    let (before, own, after): (&[Binding], &[Binding], &[Binding]) = match map {
        Keymap::Home => (&[], HOME, &[]),
        Keymap::SessionLabel => (&[], SESSION_LABEL, &[]),
        Keymap::ExportFormat => (&[], EXPORT_FORMAT, &[]),
        Keymap::Resume => (QUESTIONNAIRE, RESUME, &[]),
        Keymap::Welcome => (QUESTIONNAIRE, WELCOME, LEAVING),
        Keymap::SingleChoice => (QUESTIONNAIRE, SINGLE_CHOICE, QUESTION_TAIL),
        Keymap::MultipleChoice => (QUESTIONNAIRE, MULTIPLE_CHOICE, QUESTION_TAIL),
        Keymap::OtherText => (QUESTIONNAIRE, OTHER_TEXT, QUESTION_TAIL),
        Keymap::Scale => (QUESTIONNAIRE, SCALE, QUESTION_TAIL),
        Keymap::YesNo => (QUESTIONNAIRE, YES_NO, QUESTION_TAIL),
        Keymap::Number => (QUESTIONNAIRE, NUMBER, QUESTION_TAIL),
        Keymap::Text => (QUESTIONNAIRE, TEXT, QUESTION_TAIL),
        Keymap::MultilineText => (QUESTIONNAIRE, MULTILINE_TEXT, QUESTION_TAIL),
        Keymap::Matrix => (QUESTIONNAIRE, MATRIX, QUESTION_TAIL),
        Keymap::Rank => (QUESTIONNAIRE, RANK, QUESTION_TAIL),
        Keymap::Note => (QUESTIONNAIRE, NOTE, QUESTION_TAIL),
        Keymap::Review => (QUESTIONNAIRE, REVIEW, &[]),
        Keymap::Thanks => (QUESTIONNAIRE, THANKS, &[]),
        Keymap::Results => (&[], RESULTS, &[]),
        Keymap::ResultsReading => (&[], RESULTS_READING, &[]),
        Keymap::ResultsAnswers => (&[], RESULTS_ANSWERS, &[]),
        Keymap::Menu => (&[], MENU, &[]),
        Keymap::Pin => (&[], PIN, &[]),
        Keymap::ConfirmLeave => (&[], CONFIRM_LEAVE, &[]),
        Keymap::Help => (&[], HELP, &[]),
        Keymap::EntryNumber => (&[], ENTRY_NUMBER, &[]),
        Keymap::EntrySheet => (&[], ENTRY_SHEET, &[]),
        Keymap::EntryResolve => (&[], ENTRY_RESOLVE, &[]),
        Keymap::EntryResolveTyping => (&[], ENTRY_RESOLVE_TYPING, &[]),
    };
    let leaving: &[Binding] = if matches!(map, Keymap::Home | Keymap::Welcome) {
        &[]
    } else {
        LEAVING
    };
    before.iter().chain(leaving).chain(own).chain(after).collect()
}

/// The digit of a key: `1`, or `１` from an IME.
fn digit_of(c: char) -> Option<u8> {
    let c = c.to_string().nfkc().next()?;
    c.to_digit(10).and_then(|d| u8::try_from(d).ok())
}

/// The action of a key in one of these keys, if it matches.
fn matches(k: &Key, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match (*k, key.code) {
        (Key::Any(a), _) => Some(a),
        (Key::Ctrl(c, a), KeyCode::Char(x)) if ctrl && x.eq_ignore_ascii_case(&c) => Some(a),
        (Key::Code(code, a), _) if plain && key.code == code => Some(a),
        // BackTab arrives with Shift held.
        (Key::Code(KeyCode::BackTab, a), KeyCode::BackTab) => Some(a),
        (Key::Char(c, a), KeyCode::Char(x)) if plain && (x == c || x.to_lowercase().eq(c.to_lowercase())) => Some(a),
        (Key::Digits, KeyCode::Char(x)) if plain => digit_of(x).map(Action::Digit),
        (Key::Printable, KeyCode::Char(x)) if plain && !x.is_control() => Some(Action::Type(x)),
        _ => None,
    }
}

/// What a key asks for on a screen, or `None` when it does nothing there.
pub fn action(map: Keymap, ctx: &Context, key: &KeyEvent) -> Option<Action> {
    bindings(map)
        .into_iter()
        .filter(|b| (b.when)(ctx))
        .find_map(|b| b.keys.iter().find_map(|k| matches(k, key)))
}

/// The name of a language for the F2 label.
fn language_name(code: &str) -> &str {
    match code {
        "ja" => "日本語",
        "en" => "English",
        other => other,
    }
}

/// One binding's words in the interface's language: ("Enter", "次へ").
pub fn words(label: &Label, ctx: &Context) -> (String, String) {
    let ja = ctx.lang == "ja";
    let keys = if ja { label.keys.0 } else { label.keys.1 };
    let does = if ja { label.does.0 } else { label.does.1 };
    let does = if does == "{lang}" {
        language_name(ctx.next_lang.as_deref().unwrap_or_default()).to_string()
    } else {
        does.to_string()
    };
    (keys.to_string(), does)
}

/// The labelled bindings that apply now, as (keys, what they do), without repeats.
pub fn entries(map: Keymap, ctx: &Context) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for b in bindings(map).into_iter().filter(|b| (b.when)(ctx)) {
        if let Some(l) = &b.label {
            let w = words(l, ctx);
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// The footer of a screen: its labelled keys, two spaces apart.
pub fn footer(map: Keymap, ctx: &Context) -> String {
    entries(map, ctx)
        .into_iter()
        .map(|(k, d)| if k.is_empty() { d } else { format!("{k}: {d}") })
        .collect::<Vec<_>>()
        .join("  ")
}

/// The help screen's lines for a screen: every key that works there and what it does, including
/// those the footer has no room for.
pub fn help(map: Keymap, ctx: &Context) -> Vec<(String, String)> {
    let mut out = entries(map, ctx);
    const MENU_KEY: Label = Label {
        keys: ("F10", "F10"),
        does: ("進行役メニュー", "facilitator menu"),
    };
    const TAB: Label = Label {
        keys: ("Tab", "Tab"),
        does: ("次の質問", "next question"),
    };
    let questionnaire = bindings(map).iter().any(|b| {
        b.keys
            .iter()
            .any(|k| matches!(k, Key::Code(KeyCode::F(10), Action::OpenMenu)))
    });
    let question = bindings(map).iter().any(|b| {
        b.keys
            .iter()
            .any(|k| matches!(k, Key::Code(KeyCode::Tab, Action::NextQuestion)))
    });
    // F10 is the facilitator's: a locked session's respondents are not told of it.
    let menu_shown = questionnaire && !(ctx.kiosk && ctx.collecting);
    for (applies, label) in [(menu_shown, MENU_KEY), (question, TAB)] {
        let w = words(&label, ctx);
        if applies && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(lang: &str, next: Option<&str>) -> Context {
        Context {
            lang: lang.into(),
            next_lang: next.map(Into::into),
            ..Context::default()
        }
    }

    #[test]
    fn a_one_language_survey_offers_no_language_key() {
        let one = ctx("ja", None);
        assert!(!footer(Keymap::Review, &one).contains("F2"));
        assert_eq!(action(Keymap::Review, &one, &KeyEvent::from(KeyCode::F(2))), None);
        let two = ctx("ja", Some("en"));
        assert!(footer(Keymap::Review, &two).ends_with("F2: English"));
        assert_eq!(
            action(Keymap::Review, &two, &KeyEvent::from(KeyCode::F(2))),
            Some(Action::NextLanguage)
        );
    }

    #[test]
    fn the_entry_form_types_every_character_and_a_verifier_cannot_page_to_the_first_entry() {
        let first = ctx("ja", None);
        let verifying = Context {
            verifying: true,
            ..ctx("ja", None)
        };
        let digit = KeyEvent::from(KeyCode::Char('1'));
        assert_eq!(action(Keymap::EntrySheet, &first, &digit), Some(Action::Type('1')));
        assert_eq!(action(Keymap::EntryResolve, &first, &digit), Some(Action::Select(0)));
        assert_eq!(
            action(Keymap::EntryResolveTyping, &first, &digit),
            Some(Action::Type('1'))
        );
        let ctrl_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
        assert_eq!(action(Keymap::EntrySheet, &first, &ctrl_j), Some(Action::NewLine));
        assert!(footer(Keymap::EntrySheet, &first).contains("Ctrl-J: 改行"));
        let pgup = KeyEvent::from(KeyCode::PageUp);
        assert_eq!(action(Keymap::EntrySheet, &first, &pgup), Some(Action::PageUp));
        assert_eq!(action(Keymap::EntrySheet, &verifying, &pgup), None);
        assert!(!footer(Keymap::EntrySheet, &verifying).contains("PgUp"));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action(Keymap::EntryNumber, &verifying, &ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn text_fields_take_the_characters_that_are_shortcuts_elsewhere() {
        let c = ctx("ja", None);
        let n = KeyEvent::from(KeyCode::Char('n'));
        assert_eq!(action(Keymap::Text, &c, &n), Some(Action::Type('n')));
        assert_eq!(action(Keymap::YesNo, &c, &n), Some(Action::No));
        assert_eq!(
            action(Keymap::Scale, &c, &KeyEvent::from(KeyCode::Char('１'))),
            Some(Action::Digit(1))
        );
        assert_eq!(
            action(Keymap::Text, &c, &KeyEvent::from(KeyCode::Char('?'))),
            Some(Action::Type('?'))
        );
    }
}
