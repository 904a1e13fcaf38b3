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

/// A named key: how a test script writes it (`<pgdn>`) and how the footer, the help screen and
/// the guides name it (`PgDn`). The one list of key names: [`Key::name`] and
/// [`crate::tui::script`] both read it.
pub struct KeyName {
    pub code: KeyCode,
    pub script: &'static str,
    pub shown: &'static str,
}

const fn key_name(code: KeyCode, script: &'static str, shown: &'static str) -> KeyName {
    KeyName { code, script, shown }
}

/// Every key koe names (characters are named by themselves, Ctrl keys as `Ctrl-X` / `<c-x>`).
pub const KEY_NAMES: &[KeyName] = &[
    key_name(KeyCode::Enter, "enter", "Enter"),
    key_name(KeyCode::Tab, "tab", "Tab"),
    key_name(KeyCode::BackTab, "s-tab", "Shift-Tab"),
    key_name(KeyCode::Esc, "esc", "Esc"),
    key_name(KeyCode::Up, "up", "Up"),
    key_name(KeyCode::Down, "down", "Down"),
    key_name(KeyCode::Left, "left", "Left"),
    key_name(KeyCode::Right, "right", "Right"),
    key_name(KeyCode::Backspace, "bs", "Backspace"),
    key_name(KeyCode::Delete, "del", "Delete"),
    key_name(KeyCode::Home, "home", "Home"),
    key_name(KeyCode::End, "end", "End"),
    key_name(KeyCode::PageUp, "pgup", "PgUp"),
    key_name(KeyCode::PageDown, "pgdn", "PgDn"),
    key_name(KeyCode::Char(' '), "space", "Space"),
    key_name(KeyCode::F(1), "f1", "F1"),
    key_name(KeyCode::F(2), "f2", "F2"),
    key_name(KeyCode::F(10), "f10", "F10"),
];

/// The name of a key code, from [`KEY_NAMES`] (a character names itself).
pub fn code_name(code: KeyCode) -> String {
    match KEY_NAMES.iter().find(|k| k.code == code) {
        Some(k) => k.shown.to_string(),
        None => match code {
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        },
    }
}

impl Key {
    /// The key's name in Japanese and English: `Enter`, `Ctrl-J`, `y`, 数字 / digit.
    pub fn name(&self) -> (String, String) {
        let same = |s: String| (s.clone(), s);
        match *self {
            Key::Code(code, _) => same(code_name(code)),
            Key::Char(c, _) => same(c.to_string()),
            Key::Ctrl(c, _) => same(format!("Ctrl-{}", c.to_ascii_uppercase())),
            Key::Digits => ("数字".into(), "Digit".into()),
            Key::Printable => ("文字".into(), "characters".into()),
            Key::Any(_) => ("どのキーでも".into(), "any key".into()),
        }
    }

    /// The action this key asks for, when it is one action (not any digit or character).
    pub fn fixed_action(&self) -> Option<Action> {
        match *self {
            Key::Code(_, a) | Key::Char(_, a) | Key::Ctrl(_, a) | Key::Any(a) => Some(a),
            Key::Digits | Key::Printable => None,
        }
    }
}

/// When a binding applies: data rather than a function, so the guides can say it in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Always,
    /// The survey has a second language for F2.
    SeveralLanguages,
    /// Outside a locked session (the kiosk's rules do not apply).
    NotKiosk,
    /// The scale or matrix offers N/A.
    AllowNa,
    /// The first entry of a paper sheet (not `--verify`).
    FirstEntry,
    /// A list of more than 9 items: numbers are typed, then Enter.
    LongList,
    /// A list of 9 items or fewer: a digit picks at once.
    ShortList,
    /// "Other" is picked and highlighted but empty, in a short list.
    OtherEmptyInShortList,
}

impl When {
    pub fn holds(self, c: &Context) -> bool {
        match self {
            When::Always => true,
            When::SeveralLanguages => c.next_lang.is_some(),
            When::NotKiosk => !c.kiosk || !c.collecting,
            When::AllowNa => c.allow_na,
            When::FirstEntry => !c.verifying,
            When::LongList => c.long_list,
            When::ShortList => !c.long_list,
            When::OtherEmptyInShortList => c.other_empty && !c.long_list,
        }
    }

    /// The condition in words for the guides' key tables (`None`: always).
    pub fn words(self) -> Option<(&'static str, &'static str)> {
        match self {
            When::Always => None,
            When::SeveralLanguages => Some(("2言語のアンケート", "a survey in two languages")),
            When::NotKiosk => Some(("ロックしていないとき", "when not locked")),
            When::AllowNa => Some(("該当なしがある設問", "where N/A is offered")),
            When::FirstEntry => Some(("1回目の入力", "first entry")),
            When::LongList => Some(("選択肢が10以上", "10 or more items")),
            When::ShortList => Some(("選択肢が9以下", "9 items or fewer")),
            When::OtherEmptyInShortList => Some(("「その他」が空のとき", "while \"other\" is empty")),
        }
    }
}

/// Where a binding's words are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// In the footer and on the help screen.
    Footer,
    /// Only on the help screen (the footer has no room, or the key is a second way).
    Help,
    /// Only on the help screen, and never in a locked session: F10 is the facilitator's, and a
    /// respondent is not told of it.
    FacilitatorHelp,
}

/// The words for a binding: what it does in Japanese and English, and the keys as the footer
/// names them. Keys named `None` are the binding's first key (or its first pair: 上下, 左右,
/// PgUp/PgDn), named by [`Key::name`]; an abbreviation of several keys is written out. An empty
/// key name shows only what it does ("入力").
#[derive(Clone, Copy, Debug)]
pub struct Label {
    pub keys: Option<(&'static str, &'static str)>,
    pub does: (&'static str, &'static str),
    pub shown: Shown,
}

/// One row of a keymap.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    /// Shown in the footer and on the help screen when present.
    pub label: Option<Label>,
    pub when: When,
}

impl Binding {
    /// The keys as the footer names them: the label's abbreviation, else the first key or pair.
    pub fn key_words(&self) -> (String, String) {
        if let Some(Label {
            keys: Some((ja, en)), ..
        }) = self.label
        {
            return (ja.to_string(), en.to_string());
        }
        let code = |i: usize| match self.keys.get(i) {
            Some(Key::Code(code, _)) => Some(*code),
            _ => None,
        };
        match (code(0), code(1)) {
            (Some(KeyCode::Up), Some(KeyCode::Down)) => ("上下".into(), "Up/Down".into()),
            (Some(KeyCode::Left), Some(KeyCode::Right)) => ("左右".into(), "Left/Right".into()),
            (Some(KeyCode::PageUp), Some(KeyCode::PageDown)) => ("PgUp/PgDn".into(), "PgUp/PgDn".into()),
            _ => self.keys.first().map(Key::name).unwrap_or_default(),
        }
    }
}

/// A label whose keys are written out (an abbreviation of several keys).
const fn label(keys: (&'static str, &'static str), does: (&'static str, &'static str)) -> Option<Label> {
    Some(Label {
        keys: Some(keys),
        does,
        shown: Shown::Footer,
    })
}

/// A label whose keys are named from the binding's first key (or pair).
const fn says(does: (&'static str, &'static str)) -> Option<Label> {
    Some(Label {
        keys: None,
        does,
        shown: Shown::Footer,
    })
}

/// A label with what it does only: the footer shows "入力", not a key.
const fn doing(does: (&'static str, &'static str)) -> Option<Label> {
    label(("", ""), does)
}

/// A label for the help screen only.
const fn help_only(does: (&'static str, &'static str), shown: Shown) -> Option<Label> {
    Some(Label {
        keys: None,
        does,
        shown,
    })
}

const fn bind(keys: &'static [Key], label: Option<Label>) -> Binding {
    Binding {
        keys,
        label,
        when: When::Always,
    }
}

const fn bind_when(keys: &'static [Key], label: Option<Label>, when: When) -> Binding {
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
const QUESTIONNAIRE: &[Binding] = &[
    bind(
        &[Key::Code(K::F(10), A::OpenMenu)],
        help_only(("進行役メニュー", "facilitator menu"), Shown::FacilitatorHelp),
    ),
    bind(F1_ONLY, None),
];
/// F2: the respondent's next language, on a survey that has one.
const LANGUAGE: Binding = bind_when(
    &[Key::Code(K::F(2), A::NextLanguage)],
    says(("{lang}", "{lang}")),
    When::SeveralLanguages,
);
/// `n`: not applicable, on a scale or matrix that offers it.
const NOT_APPLICABLE: Binding = bind_when(
    &[Key::Char('n', A::NotApplicable)],
    says(("該当なし", "N/A")),
    When::AllowNa,
);
/// Shift-Tab and Tab on every question, then F2 (the footer ends with them).
const QUESTION_TAIL: &[Binding] = &[
    bind(
        &[
            Key::Code(K::BackTab, A::PrevQuestion),
            Key::Code(K::PageUp, A::PrevQuestion),
        ],
        says(("戻る", "back")),
    ),
    bind(
        &[
            Key::Code(K::Tab, A::NextQuestion),
            Key::Code(K::PageDown, A::NextQuestion),
        ],
        help_only(("次の質問", "next question"), Shown::Help),
    ),
    LANGUAGE,
];
const NEXT: Option<Label> = says(("次へ", "next"));

const HOME: &[Binding] = &[
    bind(UP_DOWN, says(("選択", "choose"))),
    bind(
        &[Key::Code(K::Enter, A::Confirm)],
        says(("回答を集める", "collect answers")),
    ),
    bind(&[Key::Char('r', A::Results)], says(("結果", "results"))),
    bind(&[Key::Char('e', A::Export)], says(("書き出す", "export"))),
    bind(
        &[
            Key::Char('q', A::Quit),
            Key::Code(K::Esc, A::Quit),
            Key::Ctrl('c', A::Quit),
        ],
        says(("終了", "quit")),
    ),
    bind(HELP_KEYS, label(("?", "?"), ("キー一覧", "keys"))),
];

const SESSION_LABEL: &[Binding] = &[
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("開始", "start"))),
    bind(UP_DOWN, says(("本番・練習モード", "locked / practice"))),
    bind(&[Key::Code(K::Esc, A::Back)], says(("戻る", "back"))),
    bind(F1_ONLY, None),
    bind(TEXT_EDIT, None),
    bind(TYPE, None),
];

const EXPORT_FORMAT: &[Binding] = &[
    bind(
        &[Key::Char('1', A::Select(0)), Key::Char('c', A::Select(0))],
        says(("CSV", "CSV")),
    ),
    bind(
        &[Key::Char('2', A::Select(1)), Key::Char('x', A::Select(1))],
        says(("Excel", "Excel")),
    ),
    bind(
        &[
            Key::Code(K::Up, A::Up),
            Key::Code(K::Down, A::Down),
            Key::Code(K::Enter, A::Confirm),
        ],
        label(("上下+Enter", "Up/Down+Enter"), ("選んで書き出す", "choose and export")),
    ),
    bind(&[Key::Code(K::Esc, A::Back)], says(("戻る", "back"))),
    bind(HELP_KEYS, None),
];

const RESUME: &[Binding] = &[
    bind(UP_DOWN, None),
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("続きから再開", "resume"))),
    bind(
        &[Key::Char('c', A::KeepPartial)],
        says(("途中として保存", "keep as partial")),
    ),
    bind(
        &[Key::Char('a', A::KeepAllPartial)],
        says(("すべて途中として保存", "keep all as partial")),
    ),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Char('s', A::Back)],
        says(("あとで", "later")),
    ),
    bind(HELP_KEYS, None),
];

const WELCOME: &[Binding] = &[
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("開始", "begin"))),
    LANGUAGE,
    bind_when(
        &[Key::Code(K::Esc, A::Back), Key::Char('q', A::Back)],
        None,
        When::NotKiosk,
    ),
    bind(&[Key::Char('?', A::Help)], None),
];

const CHOICE_PICK: Binding = bind_when(
    &[Key::Digits, Key::Code(K::Char(' '), A::Toggle)],
    label(("数字/Space", "Digit/Space"), ("選択", "pick")),
    When::ShortList,
);
const CHOICE_PICK_LONG: Binding = bind_when(
    &[
        Key::Digits,
        Key::Code(K::Char(' '), A::Toggle),
        Key::Code(K::Backspace, A::Backspace),
    ],
    label(("番号/Space", "Number/Space"), ("選択", "pick")),
    When::LongList,
);

const SINGLE_CHOICE: &[Binding] = &[
    bind(UP_DOWN, says(("移動", "move"))),
    CHOICE_PICK,
    CHOICE_PICK_LONG,
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const MULTIPLE_CHOICE: &[Binding] = &[
    bind(UP_DOWN, says(("移動", "move"))),
    bind_when(
        &[Key::Digits, Key::Code(K::Char(' '), A::Toggle)],
        label(("数字/Space", "Digit/Space"), ("選択・解除", "toggle")),
        When::ShortList,
    ),
    bind_when(
        &[
            Key::Digits,
            Key::Code(K::Char(' '), A::Toggle),
            Key::Code(K::Backspace, A::Backspace),
        ],
        label(("番号/Space", "Number/Space"), ("選択・解除", "toggle")),
        When::LongList,
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const OTHER_TEXT: &[Binding] = &[
    bind_when(
        &[Key::Digits],
        says(("選び直す", "pick another")),
        When::OtherEmptyInShortList,
    ),
    bind(TYPE, label(("文字", "Type"), ("その他の内容", "other"))),
    bind(UP_DOWN, says(("移動", "move"))),
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
    NOT_APPLICABLE,
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
        says(("はい", "yes")),
    ),
    bind(
        &[
            Key::Char('n', A::No),
            Key::Char('2', A::No),
            Key::Char('い', A::No),
            Key::Code(K::Right, A::No),
            Key::Code(K::Down, A::No),
        ],
        says(("いいえ", "no")),
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const NUMBER: &[Binding] = &[
    bind(TYPE, doing(("数字を入力", "Type a number"))),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
    bind(TEXT_EDIT, None),
];

const TEXT: &[Binding] = &[
    bind(TYPE, doing(("入力", "Type"))),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
    bind(TEXT_EDIT, None),
];

const MULTILINE_TEXT: &[Binding] = &[
    bind(TYPE, doing(("入力", "Type"))),
    bind(&[Key::Code(K::Enter, A::NewLine)], says(("改行", "new line"))),
    bind(&[Key::Code(K::Tab, A::NextQuestion)], says(("次へ", "next"))),
    bind(TEXT_EDIT, None),
    bind(UP_DOWN, None),
];

const MATRIX: &[Binding] = &[
    bind(UP_DOWN, says(("行", "row"))),
    bind(
        &[
            Key::Code(K::Left, A::Left),
            Key::Code(K::Right, A::Right),
            Key::Digits,
            Key::Code(K::Backspace, A::Backspace),
        ],
        label(("左右/数字", "Left/Right/digit"), ("選択", "pick")),
    ),
    NOT_APPLICABLE,
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const RANK: &[Binding] = &[
    bind(UP_DOWN, says(("移動", "move"))),
    bind(
        &[Key::Code(K::Char(' '), A::Toggle), Key::Digits],
        label(("Space/数字", "Space/digit"), ("順位をつける・外す", "rank/unrank")),
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], NEXT),
];

const NOTE: &[Binding] = &[bind(&[Key::Code(K::Enter, A::Confirm)], NEXT)];

const REVIEW: &[Binding] = &[
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("送信", "send"))),
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
        says(("戻る", "back")),
    ),
    LANGUAGE,
    bind(&[Key::Char('?', A::Help)], None),
];

const THANKS: &[Binding] = &[bind(
    &[Key::Any(A::Continue)],
    doing((
        "何かキーを押すと最初の画面に戻ります",
        "Press any key for the welcome screen",
    )),
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
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("その回答", "answers"))),
    bind(&[Key::Char('s', A::NextSession)], says(("セッション", "session"))),
    bind(&[Key::Char('t', A::ReadTexts)], says(("自由記述", "read answers"))),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Char('q', A::Back)],
        says(("戻る", "back")),
    ),
    bind(HELP_KEYS, None),
];

const RESULTS_READING: &[Binding] = &[
    bind(
        &[
            Key::Code(K::Left, A::Left),
            Key::Code(K::Right, A::Right),
            Key::Code(K::Up, A::Left),
            Key::Code(K::Down, A::Right),
            Key::Code(K::Char(' '), A::Right),
            Key::Code(K::Enter, A::Right),
        ],
        says(("前後の回答", "previous/next")),
    ),
    bind(
        &[Key::Code(K::Tab, A::NextQuestion)],
        says(("次の質問", "next question")),
    ),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Char('q', A::Back)],
        says(("一覧に戻る", "back to the list")),
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
        says(("一覧に戻る", "back to the list")),
    ),
    bind(HELP_KEYS, None),
];

const MENU: &[Binding] = &[
    bind(
        &[Key::Code(K::Up, A::Up), Key::Code(K::Down, A::Down), Key::Digits],
        label(("上下または番号", "Up/Down or number"), ("選択", "choose")),
    ),
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("決定", "select"))),
    bind(
        &[Key::Code(K::Esc, A::Back), Key::Code(K::F(10), A::Back)],
        says(("戻る", "back")),
    ),
    bind(HELP_KEYS, label(("?", "?"), ("キー一覧", "keys"))),
];

const PIN: &[Binding] = &[
    bind(&[Key::Digits], label(("数字", "Digits"), ("入力", "type"))),
    bind(&[Key::Code(K::Backspace, A::Backspace)], None),
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("決定", "confirm"))),
    bind(&[Key::Code(K::Esc, A::Back)], says(("戻る", "back"))),
];

/// Default no: only `y` ends the session or quits, so a slip of Enter never does.
const CONFIRM_LEAVE: &[Binding] = &[
    bind(&[Key::Char('y', A::Yes)], says(("はい", "yes"))),
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
    doing(("何かキーを押すと戻ります", "Press any key to go back")),
)];

/// `koe entry`'s number screen: the sheet number is typed; Enter opens the sheet.
const ENTRY_NUMBER: &[Binding] = &[
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("開始", "start"))),
    bind_when(
        &[Key::Code(K::PageUp, A::PageUp)],
        says(("入力済みの用紙", "sheets entered")),
        When::FirstEntry,
    ),
    bind(&[Key::Code(K::Esc, A::Quit)], says(("終了", "quit"))),
    bind(TEXT_EDIT, None),
    bind(TYPE, None),
];

/// `koe entry`'s sheet: every character goes into the field (a digit picks and moves on); Enter
/// always moves on, so a line break is Ctrl-J.
const ENTRY_SHEET: &[Binding] = &[
    bind(&[Key::Ctrl('j', A::NewLine)], says(("改行", "line break"))),
    bind(
        &[
            Key::Code(K::Enter, A::Confirm),
            Key::Code(K::Tab, A::Confirm),
            Key::Code(K::Down, A::Confirm),
        ],
        says(("次へ（空なら無回答）", "next (empty: no answer)")),
    ),
    bind(
        &[
            Key::Code(K::Up, A::PrevQuestion),
            Key::Code(K::BackTab, A::PrevQuestion),
        ],
        says(("前の欄", "previous field")),
    ),
    bind_when(
        &[Key::Code(K::PageUp, A::PageUp), Key::Code(K::PageDown, A::PageDown)],
        says(("入力済みの用紙", "sheets entered")),
        When::FirstEntry,
    ),
    bind(&[Key::Code(K::Esc, A::Back)], says(("用紙番号へ", "to sheet number"))),
    bind(TEXT_EDIT, None),
    bind(TYPE, None),
];

/// `koe entry --verify`: each difference resolved as the paper shows it.
const ENTRY_RESOLVE: &[Binding] = &[
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("確定", "done"))),
    bind(
        &[Key::Char('1', A::Select(0)), Key::Char('１', A::Select(0))],
        says(("1回目", "first entry")),
    ),
    bind(
        &[Key::Char('2', A::Select(1)), Key::Char('２', A::Select(1))],
        says(("2回目", "second entry")),
    ),
    bind(
        &[Key::Char('3', A::Select(2)), Key::Char('３', A::Select(2))],
        says(("別の値を入力", "type another")),
    ),
    bind(UP_DOWN, says(("移動", "move"))),
    bind(&[Key::Code(K::Esc, A::Back)], says(("用紙番号へ", "to sheet number"))),
];

const ENTRY_RESOLVE_TYPING: &[Binding] = &[
    bind(&[Key::Code(K::Enter, A::Confirm)], says(("確定", "done"))),
    bind(&[Key::Code(K::Esc, A::Back)], says(("やめる", "cancel"))),
    bind(TEXT_EDIT, None),
    bind(TYPE, None),
];

/// Ctrl-C quits outside the kiosk (in the kiosk it, Ctrl-Z and Ctrl-\ do nothing).
const LEAVING: &[Binding] = &[bind_when(&[Key::Ctrl('c', A::Quit)], None, When::NotKiosk)];

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
        .filter(|b| b.when.holds(ctx))
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

/// One labelled binding's words in the interface's language: ("Enter", "次へ").
pub fn words(binding: &Binding, ctx: &Context) -> Option<(String, String)> {
    let label = binding.label?;
    let ja = ctx.lang == "ja";
    let (keys_ja, keys_en) = binding.key_words();
    let keys = if ja { keys_ja } else { keys_en };
    let does = if ja { label.does.0 } else { label.does.1 };
    let does = if does == "{lang}" {
        language_name(ctx.next_lang.as_deref().unwrap_or_default()).to_string()
    } else {
        does.to_string()
    };
    Some((keys, does))
}

/// The words of the bindings that apply now and are shown in one of `shown`, without repeats.
fn shown_entries(map: Keymap, ctx: &Context, shown: &[Shown]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for b in bindings(map).into_iter().filter(|b| b.when.holds(ctx)) {
        let Some(label) = b.label else { continue };
        if !shown.contains(&label.shown) {
            continue;
        }
        if let Some(w) = words(b, ctx)
            && !out.contains(&w)
        {
            out.push(w);
        }
    }
    out
}

/// The footer's bindings that apply now, as (keys, what they do), without repeats.
pub fn entries(map: Keymap, ctx: &Context) -> Vec<(String, String)> {
    shown_entries(map, ctx, &[Shown::Footer])
}

/// The footer words of the binding that asks for `wanted` here, when one applies and is labelled
/// (the F2 button is drawn from the binding of [`Action::NextLanguage`], not from its text).
pub fn entry_for(map: Keymap, ctx: &Context, wanted: Action) -> Option<(String, String)> {
    bindings(map)
        .into_iter()
        .filter(|b| b.when.holds(ctx))
        .find(|b| b.keys.iter().any(|k| k.fixed_action() == Some(wanted)))
        .and_then(|b| words(b, ctx))
}

/// The footer of a screen: its labelled keys, two spaces apart.
pub fn footer(map: Keymap, ctx: &Context) -> String {
    entries(map, ctx)
        .into_iter()
        .map(|(k, d)| if k.is_empty() { d } else { format!("{k}: {d}") })
        .collect::<Vec<_>>()
        .join("  ")
}

/// The help screen's lines for a screen: the footer's, then the keys only the help screen names
/// (F10 not in a locked session: it is the facilitator's).
pub fn help(map: Keymap, ctx: &Context) -> Vec<(String, String)> {
    let locked = ctx.kiosk && ctx.collecting;
    let shown: &[Shown] = if locked {
        &[Shown::Footer, Shown::Help]
    } else {
        &[Shown::Footer, Shown::Help, Shown::FacilitatorHelp]
    };
    let mut out = entries(map, ctx);
    for w in shown_entries(map, ctx, shown) {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

impl Action {
    /// What the action does, in Japanese and English, for the guides' key tables where a binding
    /// has no label of its own.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Action::NextQuestion => ("次の質問", "next question"),
            Action::PrevQuestion => ("前の質問", "previous question"),
            Action::NextLanguage => ("次の言語", "next language"),
            Action::OpenMenu => ("進行役メニュー（暗証番号）", "facilitator menu (PIN)"),
            Action::Help => ("キー一覧", "the keys"),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => ("上下に移動", "move up/down"),
            Action::Left | Action::Right | Action::Home | Action::End => ("左右に移動", "move left/right"),
            Action::Confirm => ("決定", "confirm"),
            Action::Toggle => ("選択・解除", "toggle"),
            Action::Digit(_) => ("番号", "number"),
            Action::Select(_) | Action::Cell { .. } | Action::Focus(_) => ("選ぶ", "pick"),
            Action::Caret { .. } => ("カーソルを置く", "place the caret"),
            Action::NotApplicable => ("該当なし", "N/A"),
            Action::Yes => ("はい", "yes"),
            Action::No => ("いいえ", "no"),
            Action::Type(_) => ("入力", "type"),
            Action::Backspace | Action::Delete => ("文字を消す", "delete a character"),
            Action::NewLine => ("改行", "new line"),
            Action::Change => ("修正", "change"),
            Action::Back => ("戻る", "back"),
            Action::Quit => ("終了", "quit"),
            Action::Results => ("結果", "results"),
            Action::Export => ("書き出す", "export"),
            Action::KeepPartial => ("途中として保存", "keep as partial"),
            Action::KeepAllPartial => ("すべて途中として保存", "keep all as partial"),
            Action::NextSession => ("セッション", "session"),
            Action::ReadTexts => ("自由記述", "read answers"),
            Action::Continue => ("次へ", "go on"),
        }
    }
}

/// The screens of the guides' key reference, in the order they are met, each with the bindings
/// it lists: a questionnaire screen's own (the shared rows are listed once, first).
fn reference_sections() -> Vec<((&'static str, &'static str), &'static [Binding])> {
    vec![
        (("回答画面のどこでも", "every questionnaire screen"), QUESTIONNAIRE),
        (("すべての質問", "every question"), QUESTION_TAIL),
        (("どの画面でも", "every screen"), LEAVING),
        (("ようこそ画面", "welcome"), WELCOME),
        (("選択肢（1つ）", "single choice"), SINGLE_CHOICE),
        (("選択肢（複数）", "multiple choice"), MULTIPLE_CHOICE),
        (("「その他」の入力", "typing \"other\""), OTHER_TEXT),
        (("目盛り", "scale"), SCALE),
        (("はい・いいえ", "yes/no"), YES_NO),
        (("数", "number"), NUMBER),
        (("1行の文章", "one-line text"), TEXT),
        (("複数行の文章", "multi-line text"), MULTILINE_TEXT),
        (("マトリクス", "matrix"), MATRIX),
        (("順位", "rank"), RANK),
        (("説明", "note"), NOTE),
        (("確認画面", "review"), REVIEW),
        (("お礼の画面", "thank-you"), THANKS),
        (("ホーム画面", "home"), HOME),
        (("セッション名", "session label"), SESSION_LABEL),
        (("暗証番号", "PIN"), PIN),
        (("進行役メニュー", "facilitator menu"), MENU),
        (("確認（「終了しますか」など）", "\"are you sure\""), CONFIRM_LEAVE),
        (("中断された回答", "unfinished responses"), RESUME),
        (("書き出しの形式", "export format"), EXPORT_FORMAT),
        (("結果画面", "results"), RESULTS),
        (
            ("結果画面: 自由記述を読む", "results: reading answers"),
            RESULTS_READING,
        ),
        (
            ("結果画面: 語を含む回答", "results: answers holding a word"),
            RESULTS_ANSWERS,
        ),
        (("キー一覧", "help"), HELP),
        (("紙の回答: 用紙番号", "paper entry: sheet number"), ENTRY_NUMBER),
        (("紙の回答: 用紙", "paper entry: the sheet"), ENTRY_SHEET),
        (("紙の回答: 違う欄", "paper entry: differences"), ENTRY_RESOLVE),
        (
            ("紙の回答: 違う欄に入力", "paper entry: typing a difference"),
            ENTRY_RESOLVE_TYPING,
        ),
    ]
}

/// One of a (Japanese, English) pair of owned words.
fn pick_owned((ja_words, en_words): (String, String), ja: bool) -> String {
    if ja { ja_words } else { en_words }
}

/// Every key of every screen as Markdown tables (screen, keys, what they do, when), for the
/// guides (docs/ja/keys.md, docs/en/keys.md): generated from these tables, as surveys/schema.json
/// is from the survey model, so the guides cannot drift from the program.
pub fn reference(lang: &str) -> String {
    let ja = lang == "ja";
    let pick = |pair: (&'static str, &'static str)| if ja { pair.0 } else { pair.1 };
    let mut out = String::new();
    out.push_str(if ja {
        "| 画面 | キー | 働き | 使えるとき |\n| --- | --- | --- | --- |\n"
    } else {
        "| screen | keys | does | when |\n| --- | --- | --- | --- |\n"
    });
    for (screen, table) in reference_sections() {
        for (i, b) in table.iter().enumerate() {
            let mut names: Vec<String> = Vec::new();
            for k in b.keys {
                let n = match k {
                    Key::Digits => pick(("数字", "digits")).to_string(),
                    Key::Printable => pick(("文字", "characters")).to_string(),
                    Key::Any(_) => pick(("どのキーでも", "any key")).to_string(),
                    _ => format!("`{}`", pick_owned(k.name(), ja)),
                };
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            let does = match b.label {
                Some(l) if l.does.0 == "{lang}" => pick(Action::NextLanguage.words()).to_string(),
                Some(l) => pick(l.does).to_string(),
                None => {
                    let mut words: Vec<&str> = Vec::new();
                    for k in b.keys {
                        let w = match k.fixed_action() {
                            Some(a) => pick(a.words()),
                            None => pick(if matches!(k, Key::Digits) {
                                ("番号", "number")
                            } else {
                                ("入力", "type")
                            }),
                        };
                        if !words.contains(&w) {
                            words.push(w);
                        }
                    }
                    words.join(if ja { "・" } else { ", " })
                }
            };
            let when = b.when.words().map(pick).unwrap_or_default();
            let name = if i == 0 { pick(screen) } else { "" };
            out.push_str(&format!("| {name} | {} | {does} | {when} |\n", names.join(" ")));
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

    /// Key names come from the binding: its first key or pair, so a footer cannot name a key
    /// that does nothing (the sheet-number screen binds PgUp only).
    #[test]
    fn footers_name_the_keys_each_binding_holds() {
        let c = ctx("ja", None);
        assert!(footer(Keymap::SingleChoice, &c).starts_with("上下: 移動"));
        let number = footer(Keymap::EntryNumber, &c);
        assert!(
            number.contains("PgUp: 入力済みの用紙") && !number.contains("PgDn"),
            "{number}"
        );
        assert!(footer(Keymap::EntrySheet, &c).contains("PgUp/PgDn: 入力済みの用紙"));
        let en = ctx("en", None);
        assert!(footer(Keymap::ResultsReading, &en).starts_with("Left/Right: previous/next"));
    }

    /// The help screen adds what the footer has no room for: Tab on a question, and F10 except in
    /// a locked session, whose respondents are not told of the facilitator's key.
    #[test]
    fn help_adds_tab_and_f10_but_not_f10_in_a_locked_session() {
        let open = ctx("ja", None);
        let locked = Context {
            kiosk: true,
            collecting: true,
            ..ctx("ja", None)
        };
        let keys = |c: &Context| help(Keymap::Scale, c).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert!(keys(&open).contains(&"F10".to_string()));
        assert!(keys(&open).contains(&"Tab".to_string()));
        assert!(!keys(&locked).contains(&"F10".to_string()));
        assert!(keys(&locked).contains(&"Tab".to_string()));
        assert!(!footer(Keymap::Scale, &open).contains("F10"));
    }

    /// The F2 button is found by its action, and only where F2 works.
    #[test]
    fn the_language_button_comes_from_the_f2_binding() {
        let two = ctx("ja", Some("en"));
        assert_eq!(
            entry_for(Keymap::Welcome, &two, Action::NextLanguage),
            Some(("F2".into(), "English".into()))
        );
        assert_eq!(entry_for(Keymap::Welcome, &ctx("ja", None), Action::NextLanguage), None);
    }
}
