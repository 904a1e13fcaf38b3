//! The catalogue of the command line's words: every message, `--help` text and heading koe prints
//! outside the TUI, each written once in Japanese and once in English.
//!
//! The machinery (the `catalogue!` macro, `fill`, the language) is the library's, in
//! [`koe::words`], shared with the faults of survey files; the unit tests below check that both
//! languages of a message take the same `{placeholders}`.
//!
//! To add a message: add an entry to the `catalogue!` list below (a name, `en:` and `ja:`), then
//! print it with `tr!(Name, placeholder = value, …)` (a `String` in the language of this
//! process, [`koe::words::current`]). A placeholder is `{name}`; `{{` and `}}` stand for braces.

use super::lang;

/// A message in the language of this process, its placeholders filled:
/// `tr!(Wrote, path = path.display())`.
macro_rules! tr {
    ($msg:ident $(, $name:ident = $value:expr)* $(,)?) => {
        koe::words::fill(
            $crate::cli::messages::Msg::$msg.text($crate::cli::lang::current()),
            &[$((stringify!($name), &$value as &dyn std::fmt::Display)),*],
        )
    };
}
pub(crate) use tr;

/// A message's text in the language of this process, without placeholders.
pub fn text(msg: Msg) -> &'static str {
    msg.text(lang::current())
}

koe::catalogue! {
    /// A message of the command line, in both languages.
    pub enum Msg;

    // ---- Headings and clap's own words ----
    Usage { en: "Usage:", ja: "使い方:" }
    Options { en: "Options", ja: "オプション" }
    Arguments { en: "Arguments", ja: "引数" }
    Commands { en: "Commands", ja: "コマンド" }
    Examples { en: "Examples:", ja: "例:" }
    Example { en: "Example:", ja: "例:" }
    HelpFlag { en: "Print help", ja: "ヘルプを表示します" }
    VersionFlag { en: "Print version", ja: "バージョンを表示します" }
    HelpCommand {
        en: "Print this message or the help of the given subcommand(s)",
        ja: "このヘルプ、または指定したコマンドのヘルプを表示します",
    }
    ArgDefault { en: "[default: {value}]", ja: "［既定: {value}］" }
    ArgEnv { en: "[env: {name}]", ja: "［環境変数: {name}］" }
    ArgPossible { en: "[possible values: {values}]", ja: "［使える値: {values}］" }
    ArgPossibleHeading { en: "Possible values:", ja: "使える値:" }
    ClapError { en: "error:", ja: "エラー:" }
    ClapUnknownArgument { en: "unexpected argument '{arg}' found", ja: "知らない引数 '{arg}' があります" }
    ClapUnknownCommand { en: "unrecognized subcommand '{arg}'", ja: "知らないコマンド '{arg}' です" }
    ClapMissing {
        en: "the following required arguments were not provided: {args}",
        ja: "必要な引数がありません: {args}",
    }
    ClapInvalidValue {
        en: "invalid value '{value}' for '{arg}'",
        ja: "'{arg}' の値 '{value}' は使えません",
    }
    ClapPossible { en: " [possible values: {values}]", ja: "（使える値: {values}）" }
    ClapDidYouMean { en: "  tip: a similar one exists: '{similar}'", ja: "  ヒント: 似たものがあります: '{similar}'" }
    ClapConflict { en: "'{arg}' cannot be used with '{other}'", ja: "'{arg}' と '{other}' は一緒に使えません" }
    ClapNoValue { en: "a value is required for '{arg}' but none was supplied", ja: "'{arg}' には値が必要です" }
    ClapBadNumber { en: "'{arg}' takes a whole number, not '{value}'", ja: "'{arg}' には整数を書きます（'{value}' ではなく）" }
    ClapNumberTooLarge { en: "'{value}' is too large for '{arg}'", ja: "'{value}' は '{arg}' には大きすぎます" }
    ClapValueRefused { en: "invalid value '{value}' for '{arg}': {detail}", ja: "'{arg}' の値 '{value}' は使えません（詳細: {detail}）" }
    ClapTakesNoValue { en: "'{arg}' takes no value, but '{value}' was given", ja: "'{arg}' には値を書きません（'{value}' が書かれています）" }
    ClapNotUtf8 {
        en: "an argument is not UTF-8 text (a file name in another encoding?)",
        ja: "引数に UTF-8 でない文字があります（別の文字コードのファイル名ではありませんか？）",
    }
    ClapMoreInfo { en: "For more information, try '--help'.", ja: "詳しくは '--help' で確認できます。" }

    // ---- --help: the program, the global options and the paths block ----
    About {
        en: "koe (声): a terminal survey kiosk and tally tool for meetings.",
        ja: "koe（声）: 会議で使う、端末のアンケート受付・集計ツール",
    }
    ArgDb {
        en: "The database file [default: koe.db in the platform data directory]",
        ja: "データベースのファイル［既定: データフォルダの koe.db］",
    }
    ArgSurveys {
        en: "The surveys folder [default: ./surveys when it exists, else surveys/ in the data directory]",
        ja: "アンケートのフォルダ［既定: ./surveys があればそこ、なければデータフォルダの surveys/］",
    }
    PathsDatabase { en: "Database: {path}  {whence}", ja: "データベース: {path}  {whence}" }
    PathsSurveys { en: "Surveys:  {path}  {whence}", ja: "アンケート:   {path}  {whence}" }
    PathsFromEnv { en: "(from {name})", ja: "（{name} による）" }
    PathsDefault {
        en: "(default on this computer; change with {flag} or {name})",
        ja: "（このパソコンの既定。{flag} か {name} で変えられます）",
    }
    TopExampleHome { en: "the home screen: surveys, sessions, results, export", ja: "ホーム画面: アンケート、セッション、結果、書き出し" }
    TopExampleRun {
        en: "a locked kiosk for one survey: asks for a PIN first (or KOE_PIN); F10 and the PIN leave it",
        ja: "1つのアンケートをロックした受付で: 最初に PIN を聞きます（または KOE_PIN）。F10 と PIN で終わります",
    }
    TopExampleExport { en: "a workbook for Excel", ja: "Excel のブック" }

    // ---- --help: the commands and their arguments ----
    AboutRun {
        en: "Collect answers for one survey, locked as a kiosk (SURVEY = its id, or a path to its file)",
        ja: "1つのアンケートの回答を、ロックした受付で集めます（SURVEY = その id、またはファイルのパス）",
    }
    ArgSurvey {
        en: "The survey: its id (from koe list), or a path to its .json or .xlsx file",
        ja: "アンケート: その id（koe list で確認）、または .json か .xlsx ファイルのパス",
    }
    ArgSession { en: "The session's label [default: today's date]", ja: "セッションの名前［既定: 今日の日付］" }
    ArgNoKiosk {
        en: "Unlocked, for trying a survey out: Esc, q and Ctrl-C leave (the header says 練習モード)",
        ja: "ロックせずに試します: Esc、q、Ctrl-C で終わります（見出しに「練習モード」と出ます）",
    }
    ArgKiosk {
        en: "Locked (the default; kept so that older scripts still work)",
        ja: "ロックします（既定。古いスクリプトのために残しています）",
    }
    ArgRunLang { en: "The language to start in (e.g. ja, en)", ja: "始めの言語（例: ja、en）" }
    ArgIdleMinutes {
        en: "Minutes without a key before a questionnaire is kept as partial",
        ja: "キー操作がないまま何分たったら、回答を途中のまま保存するか",
    }
    ArgNoMouse {
        en: "Leave the mouse to the terminal: no clicks or taps on answers and buttons",
        ja: "マウスを使いません（回答やボタンのクリック・タップを受け付けません）",
    }
    ArgPlain {
        en: "Line mode for screen readers: plain lines, numbered options, no screen drawing (also chosen by KOE_PLAIN=1, ACCESSIBLE=1 or TERM=dumb)",
        ja: "スクリーンリーダー向けの行モード: 画面を描かず、番号つきの選択肢を1行ずつ出します（KOE_PLAIN=1、ACCESSIBLE=1、TERM=dumb でも選ばれます）",
    }
    AboutEntry {
        en: "Type in paper questionnaires, one sheet after another (SURVEY = its id, or a path to its file)",
        ja: "紙のアンケートを1枚ずつ入力します（SURVEY = その id、またはファイルのパス）",
    }
    ArgVerify {
        en: "Type the sheets a second time and resolve every difference against the paper",
        ja: "2回目の入力をして、1回目との違いを紙と見比べて直します（照合）",
    }
    AboutValidate {
        en: "Check survey files [default: the surveys folder]; exit 0 when all are valid",
        ja: "アンケートファイルを確認します［既定: アンケートのフォルダ］。すべて正しければ終了コード 0",
    }
    ArgValidatePaths {
        en: "Survey files (.json, .xlsx) or folders of them [default: the surveys folder]",
        ja: "アンケートファイル（.json、.xlsx）またはそのフォルダ［既定: アンケートのフォルダ］",
    }
    AboutList {
        en: "Surveys, sessions and response counts (submitted / partial)",
        ja: "アンケート、セッション、回答数（送信済み / 途中）を表示します",
    }
    AboutImport {
        en: "Add responses from a JSON Lines file; all or nothing",
        ja: "JSON Lines ファイルから回答を取り込みます（全部か、何も取り込まないか）",
    }
    ArgImportFile { en: "The JSON Lines file: one response a line", ja: "JSON Lines ファイル（1行に1件の回答）" }
    ArgImportSession {
        en: "The session label for lines that name none [default: the file's name]",
        ja: "セッション名のない行のセッション名［既定: ファイル名］",
    }
    AboutExport {
        en: "Write tallies, statistics and free text as CSV (or an Excel workbook)",
        ja: "集計、統計、自由記述を CSV（または Excel のブック）に書き出します",
    }
    ArgExportSurvey {
        en: "The survey's id or file [default: the only survey with responses]",
        ja: "アンケートの id かファイル［既定: 回答のある唯一のアンケート］",
    }
    ArgExportSessions {
        en: "Only these sessions (repeat for several)",
        ja: "このセッションだけ（複数なら繰り返して指定）",
    }
    ArgBy {
        en: "Cross-tabulate every question by this question's answer, or by session",
        ja: "この質問の回答別（または session でセッション別）に、すべての質問をクロス集計します",
    }
    ArgExportOut {
        en: "The folder to write into [default: exports/<survey-id>-<YYYYMMDD-HHMMSS>/]",
        ja: "書き出し先のフォルダ［既定: exports/<アンケートid>-<年月日-時分秒>/］",
    }
    ArgEncoding { en: "The encoding of the CSV files", ja: "CSV ファイルの文字コード" }
    ValueUtf8Bom {
        en: "UTF-8 with a byte-order mark, which Excel in a Japanese locale reads correctly",
        ja: "BOM つき UTF-8（日本語の Excel で正しく読めます）",
    }
    ValueUtf8 { en: "UTF-8 without a byte-order mark", ja: "BOM なし UTF-8" }
    ValueCp932 {
        en: "Shift_JIS (Windows-31J) for older Excel; unmappable characters become 〓",
        ja: "Shift_JIS（Windows-31J）。古い Excel 向け。表せない文字は 〓 になります",
    }
    ArgIncludePartial { en: "Count unfinished (partial) responses too", ja: "途中の回答も数えます" }
    ArgIncludePractice {
        en: "Count 練習モード (practice) responses too, with status `practice`",
        ja: "練習モードの回答も数えます（状態は practice）",
    }
    ArgExportLang {
        en: "The language of question and option labels [default: the survey's first language]",
        ja: "質問と選択肢の言語［既定: アンケートの最初の言語］",
    }
    ArgFormat { en: "What to write", ja: "書き出す形式" }
    ValueCsv { en: "CSV files", ja: "CSV ファイル" }
    ValueXlsx { en: "One Excel workbook, report.xlsx, with charts", ja: "グラフつきの Excel のブック report.xlsx を1つ" }
    AboutBackup {
        en: "Write a consistent copy of the database in use to PATH (a file, or a folder for a new file), also while koe is collecting; the copy is what `koe merge` takes on another laptop",
        ja: "使っているデータベースの写しを PATH（ファイル、または新しいファイルを置くフォルダ）に書きます。回答の受付中でも使えます。写しは別のパソコンの `koe merge` に渡せます",
    }
    ArgBackupPath {
        en: "Where to write the copy: a new file, or a folder (a USB stick) to write a new file into",
        ja: "写しの書き先: 新しいファイル、または新しいファイルを置くフォルダ（USB メモリなど）",
    }
    AboutDelete {
        en: "Delete one session's responses (e.g. a try-out from before 練習モード was kept apart); without --yes, only shows what would go",
        ja: "1つのセッションの回答を消します（練習モードができる前の試しの回答など）。--yes がなければ、消えるものを表示するだけです",
    }
    ArgDeleteSurvey { en: "The survey's id or file", ja: "アンケートの id かファイル" }
    ArgDeleteSession { en: "The label of the session to delete", ja: "消すセッションの名前" }
    ArgYes { en: "Really delete (make a `koe backup` first)", ja: "本当に消します（先に `koe backup` をしてください）" }
    AboutMerge {
        en: "Bring in the responses of other laptops' databases",
        ja: "ほかのパソコンのデータベースの回答を取り込みます（統合）",
    }
    ArgMergeOthers {
        en: "The other laptops' databases (copies made with koe backup)",
        ja: "ほかのパソコンのデータベース（koe backup で作った写し）",
    }
    AboutConvert {
        en: "Turn an XLSForm workbook into koe's JSON (printed, or --out), or a JSON survey into a workbook",
        ja: "XLSForm のブックを koe の JSON に（画面へ、または --out）、JSON のアンケートをブックに変換します",
    }
    ArgConvertFile { en: "The survey file: .xlsx or .json", ja: "アンケートファイル: .xlsx か .json" }
    ArgTo {
        en: "The format to write [default: the other one, or what --out's extension says]",
        ja: "書く形式［既定: もう一方の形式、または --out の拡張子の形式］",
    }
    ValueJson { en: "koe's JSON survey file", ja: "koe の JSON アンケートファイル" }
    ValueWorkbook { en: "An XLSForm workbook (Excel)", ja: "XLSForm のブック（Excel）" }
    ArgConvertOut {
        en: "The file to write [default: JSON to the screen; a workbook named after FILE in the current folder]",
        ja: "書くファイル［既定: JSON は画面へ。ブックは今のフォルダに FILE と同じ名前で］",
    }
    AboutNew {
        en: "Write a starter survey (every question type, Japanese and English) into the surveys folder",
        ja: "ひな形のアンケート（すべての質問の種類、日本語と英語）をアンケートのフォルダに書きます",
    }
    ArgNewId {
        en: "The new survey's id (letters, digits, _ and -); also its file name",
        ja: "新しいアンケートの id（英数字、_ と -）。ファイル名にもなります",
    }
    ArgXlsx { en: "Write an Excel workbook (XLSForm) instead of JSON", ja: "JSON の代わりに Excel のブック（XLSForm）を書きます" }

    // ---- --help: each command's example (the command line itself is not translated) ----
    ExampleRun {
        en: "a locked kiosk: asks for a PIN (or KOE_PIN); F10 and the PIN leave",
        ja: "ロックした受付: PIN を聞きます（または KOE_PIN）。F10 と PIN で終わります",
    }
    ExampleEntry { en: "then --verify for the second entry", ja: "2回目の入力（照合）は --verify で" }
    ExampleExport { en: "report.xlsx for Excel", ja: "Excel 用の report.xlsx" }
    ExampleBackup {
        en: "a copy for the USB stick, also while collecting; then koe merge on the other laptop",
        ja: "USB メモリへの写し（受付中でも可）。別のパソコンで koe merge します",
    }
    ExampleDelete { en: "shows what would go; add --yes to delete", ja: "消えるものを表示します。消すには --yes をつけます" }
    ExampleConvert { en: "a workbook for Excel", ja: "Excel のブックに" }
    ExampleNew { en: "writes surveys/kenshu-2026.xlsx to edit in Excel", ja: "Excel で編集する surveys/kenshu-2026.xlsx を書きます" }

    // ---- Messages of the commands ----
    StandardOutput { en: "standard output: {error}", ja: "標準出力: {error}" }
    Terminal { en: "terminal: {error}", ja: "端末: {error}" }
    CannotRead { en: "{file}: cannot read: {error}", ja: "{file}: 読み込めません: {error}" }
    CannotWrite { en: "{file}: cannot write: {error}", ja: "{file}: 書き込めません: {error}" }
    NoneYet { en: "none", ja: "なし" }
    UnknownSurvey {
        en: "no survey with id {id} in {dir} (known: {known})",
        ja: "{dir} に id が {id} のアンケートはありません（あるもの: {known}）",
    }
    SurveysFolderMissing {
        en: "{dir}: the surveys folder does not exist ({whence}); write a survey there with `koe new ID`, or name another folder with --surveys DIR",
        ja: "{dir}: アンケートのフォルダがありません（{whence}）。`koe new ID` でアンケートを作るか、--surveys DIR でフォルダを指定してください",
    }
    FolderWhenceDefault {
        en: "koe looked for surveys in {cwd}, then in the data folder",
        ja: "{cwd} の中、次にデータフォルダを探しました",
    }
    FolderWhenceChosen { en: "chosen by --surveys or KOE_SURVEYS", ja: "--surveys か KOE_SURVEYS で指定されたもの" }
    ValidateOk {
        en: "ok  {path}  ({id}, {questions} questions{indicators}{codes})",
        ja: "OK  {path}（{id}、質問 {questions} 問{indicators}{codes}）",
    }
    ValidateIndicators { en: ", {n} indicators", ja: "、指標 {n} 個" }
    ValidateCodes { en: ", {n} codes", ja: "、コード {n} 個" }
    ValidateNone {
        en: "no survey files (*.json, *.xlsx) found in {paths}",
        ja: "{paths} にアンケートファイル（*.json、*.xlsx）がありません",
    }
    ValidateAllValid { en: "{total} survey file(s) valid", ja: "アンケートファイル {total} 件: すべて正しく書けています" }
    ValidateFaults {
        en: "{broken} of {total} survey file(s) have faults",
        ja: "アンケートファイル {total} 件のうち {broken} 件に誤りがあります",
    }
    Skipped { en: "skipped: {fault}", ja: "読み込めないファイル: {fault}" }
    LangNotInSurvey { en: "--lang {lang}: {id} is written in {languages}", ja: "--lang {lang}: {id} の言語は {languages} です" }
    NoSuchSessionToVerify {
        en: "{survey}: no session {label} with paper sheets to verify; its sessions with paper sheets: {labels}",
        ja: "{survey}: 照合する紙の回答があるセッション {label} はありません。紙の回答があるセッション: {labels}",
    }
    NoResponsesToExport { en: "there are no responses to export yet", ja: "書き出す回答がまだありません" }
    SeveralSurveys {
        en: "several surveys have responses; name one: {ids}",
        ja: "回答のあるアンケートが複数あります。どれか1つを指定してください: {ids}",
    }
    NoSurveyAnywhere {
        en: "no survey {id} in {dir} or in the database",
        ja: "アンケート {id} は {dir} にもデータベースにもありません",
    }
    NoDatabaseExport {
        en: "{db}: no database yet; nothing to export",
        ja: "{db}: データベースがまだありません。書き出すものはありません",
    }
    Exported {
        en: "{n} response(s) of {id} exported to {dir}",
        ja: "{id} の回答 {n} 件を {dir} に書き出しました",
    }
    Unverified {
        en: "{n} paper sheet(s) not yet verified by a second entry (koe entry {id} --verify)",
        ja: "紙の回答 {n} 枚がまだ照合（2回目の入力）されていません（koe entry {id} --verify）",
    }
    Cp932Touched {
        en: "CP932: {n} cell(s) had characters replaced (look-alikes such as 〜→～, or 〓 for what CP932 lacks)",
        ja: "CP932: {n} 個のセルで文字を置き換えました（〜→～ のような似た文字、CP932 にない文字は 〓）",
    }
    XlsxCut {
        en: "XLSX: {n} cell(s) longer than Excel's 32,767 characters were cut, marked with …; the CSV export keeps the whole text",
        ja: "XLSX: Excel の上限 32,767 文字を超えるセル {n} 個を切り詰め、… をつけました。CSV の書き出しには全文が残ります",
    }
    ListDatabase { en: "database: {db}", ja: "データベース: {db}" }
    ListDatabaseNotYet {
        en: "database: {db} (not created yet: no responses)",
        ja: "データベース: {db}（まだ作られていません: 回答なし）",
    }
    ListSurvey { en: "{id}  {title}  ({n} questions){total}", ja: "{id}  {title}（質問 {n} 問）{total}" }
    ListOrphan {
        en: "{id}  (no survey file in {dir}; answers are kept in the database){total}",
        ja: "{id}（{dir} にアンケートファイルがありません。回答はデータベースに残っています）{total}",
    }
    ListNone { en: "no surveys in {dir}", ja: "{dir} にアンケートがありません" }
    ListTotal { en: "  total: submitted {submitted}  partial {partial}", ja: "  合計: 送信済み {submitted}  途中 {partial}" }
    ListPracticeTotal { en: "  (練習 {n}: practice, not counted)", ja: "  （練習 {n} 件: 集計に含めません）" }
    ListNoResponses { en: "    no responses yet", ja: "    まだ回答がありません" }
    ListSession {
        en: "    {label}  [{device}]  submitted {submitted}  partial {partial}",
        ja: "    {label}  [{device}]  送信済み {submitted}  途中 {partial}",
    }
    ListPracticeSession {
        en: "    {label}  [{device}]  練習 {n} (practice: submitted {submitted}  partial {partial}; not counted)",
        ja: "    {label}  [{device}]  練習 {n}（送信済み {submitted}  途中 {partial}。集計に含めません）",
    }
    ListPaper {
        en: "        paper sheets: entered {entered}, verified {verified}, differences resolved {resolved}",
        ja: "        紙の回答: 入力 {entered}、照合 {verified}、違いの解決 {resolved}",
    }
    ImportBadLines {
        en: "{file}: {bad} bad line(s); nothing was imported",
        ja: "{file}: 誤りのある行が {bad} 行あります。何も取り込んでいません",
    }
    ImportReadFailed {
        en: "{file}:{line}: {error}; nothing was imported",
        ja: "{file}:{line}: {error}。何も取り込んでいません",
    }
    WaitingForWriter {
        en: "{db}: waiting for another koe (an import or a merge) to finish writing; press Ctrl+C to stop waiting",
        ja: "{db}: ほかの koe（取り込みか統合）が書き終わるのを待っています。待つのをやめるには Ctrl+C を押してください",
    }
    ImportRepeated { en: "; {n} repeated line(s) kept once", ja: "。同じ行 {n} 行は 1 回だけ取り込みました" }
    ImportSkipped { en: "; {n} already stored, skipped", ja: "。取り込み済みの {n} 件は飛ばしました" }
    ImportSessions { en: " (session {labels})", ja: "（セッション {labels}）" }
    Imported {
        en: "imported {n} response(s) into {id}{sessions}{skipped}{repeated}",
        ja: "{id} に回答 {n} 件を取り込みました{sessions}{skipped}{repeated}",
    }
    NothingMerged { en: "{error}; nothing was merged", ja: "{error}。何も統合していません" }
    Merged {
        en: "{file}: {responses} response(s) added ({answers} answers), {sessions} session(s), {versions} survey version(s); {already} already here",
        ja: "{file}: 回答 {responses} 件（答え {answers} 個）、セッション {sessions} 個、アンケートの版 {versions} 個を加えました。{already} 件はすでにあります",
    }
    MergeConflict {
        en: "  conflict: response {response} of survey {survey} differs here; kept this database's answers",
        ja: "  食い違い: アンケート {survey} の回答 {response} がこちらと違います。こちらのデータベースの答えを残しました",
    }
    MergeConflicts {
        en: "{n} conflicting response(s) left unchanged; everything else was merged",
        ja: "食い違う回答 {n} 件はそのままにしました。ほかはすべて統合しました",
    }
    KoePin { en: "KOE_PIN: {fault}", ja: "KOE_PIN: {fault}" }
    NoDatabaseBackup {
        en: "{db}: no database yet; nothing to back up",
        ja: "{db}: データベースがまだありません。写すものはありません",
    }
    BackedUp {
        en: "backed up {db} to {file}; on another laptop: koe merge {file}",
        ja: "{db} を {file} に写しました。別のパソコンでは: koe merge {file}",
    }
    NoDatabaseDelete {
        en: "{db}: no database yet; nothing to delete",
        ja: "{db}: データベースがまだありません。消すものはありません",
    }
    NoSuchSession { en: "{survey}: no session {label}; its sessions: {labels}", ja: "{survey}: セッション {label} はありません。あるセッション: {labels}" }
    WouldDelete {
        en: "would delete: {survey}  {label}  [{device}]  submitted {submitted}  partial {partial}",
        ja: "消えるもの: {survey}  {label}  [{device}]  送信済み {submitted}  途中 {partial}",
    }
    NothingDeleted {
        en: "nothing deleted; to delete these {n} response(s), run it again with --yes (make a `koe backup` first)",
        ja: "何も消していません。この {n} 件の回答を消すには --yes をつけてもう一度実行してください（先に `koe backup` を）",
    }
    Deleted { en: "deleted session {label} of {survey}: {n} response(s)", ja: "{survey} のセッション {label} を消しました: 回答 {n} 件" }
    Wrote { en: "wrote {path}", ja: "{path} を書きました" }
    SameSurvey {
        en: "note: {file} and {other} are the same survey ({id}); koe reads one survey per id from a folder, so move one of them away",
        ja: "注意: {file} と {other} は同じアンケート（{id}）です。koe は1つのフォルダから id ごとに1つしか読まないので、どちらかを移してください",
    }
    AlreadyExists {
        en: "{path}: already exists; koe does not overwrite it (choose another --out, or move it away)",
        ja: "{path}: すでにあります。koe は上書きしません（別の --out を指定するか、そのファイルを移してください）",
    }
    NewRefused { en: "koe new {id}: {why}", ja: "koe new {id}: {why}" }
    NewIdUsed { en: "a survey with id {id} already exists: {path}", ja: "id が {id} のアンケートはすでにあります: {path}" }
    CannotCreateFolder { en: "{dir}: cannot create the folder: {error}", ja: "{dir}: フォルダを作れません: {error}" }
    NewNextJson {
        en: "next: edit it in a text editor, then check it with:  koe validate {path}",
        ja: "次に: テキストエディタで編集して、確認します:  koe validate {path}",
    }
    NewNextXlsx {
        en: "next: edit it in Excel or LibreOffice, then check it with:  koe validate {path}",
        ja: "次に: Excel か LibreOffice で編集して、確認します:  koe validate {path}",
    }
    NewTryIt { en: "      and try it out with:  koe run {path} --no-kiosk", ja: "      試すには:  koe run {path} --no-kiosk" }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both languages of every message: the same placeholders, and Japanese in the Japanese. A
    /// few are the same in both on purpose: a prefix with a name that is not translated.
    #[test]
    fn every_message_is_written_in_both_languages() {
        if let Some(problem) = Msg::first_problem(&[Msg::KoePin, Msg::NewRefused]) {
            panic!("{problem}");
        }
    }
}
