//! The faults of data, each written once in English and once in Japanese: an answer that does
//! not fit its question (`survey::answer`), a line of `koe import`, a database that `koe merge`
//! refuses, a file that a backup or an export cannot write.
//!
//! As in [`super::faults`] (a survey file's faults), a fault is found once and said in both
//! languages ([`crate::say!`]`(data::Name, …)` gives a [`super::Words`]); whoever prints it picks
//! the language. Field names (`answers`, `submitted_at`), ids, values from the file and JSON are
//! placeholders or written as they are in both languages.
//!
//! These are the command line's words, which name the field and the value at fault for staff
//! fixing a file. A respondent at the kiosk reads the shorter requests of
//! `AnswerFault::message` instead.

crate::catalogue! {
    /// A fault of answers, lines, databases and files, in both languages.
    pub enum Said;

    // ---- What an answer should have been (parts of AnswerShape) ----
    ExpectListOfChoices { en: "a list of choices", ja: "選択肢のリスト" }
    ExpectTrueOrFalse { en: "true or false", ja: "true か false の値" }
    ExpectOtherText { en: "{{\"other\": \"text\"}}", ja: "{{\"other\": \"text\"}} の形" }
    ExpectPaperYesNo { en: "1 / 2 (y / n)", ja: "1 か 2（y か n）" }
    ExpectNumber { en: "a number", ja: "数値" }
    ExpectText { en: "a text", ja: "文字列" }
    ExpectRowPoints { en: "an object row → point", ja: "行 → 点 のオブジェクト" }
    ExpectRanking { en: "a list of choices in order", ja: "順に並べた選択肢のリスト" }
    ExpectQuestionsKind { en: "an answer of the question's type", ja: "質問の種類に合った回答" }
    ExpectPoint { en: "a point from {min} to {max}", ja: "{min} から {max} までの点" }

    // ---- An answer that does not fit its question (survey::answer) ----
    AnswerMissing { en: "missing required answer", ja: "必須の回答がありません" }
    AnswerRowsMissing {
        en: "the required answer is incomplete",
        ja: "必須の回答が欠けています（答えていない行があります）",
    }
    AnswerShape { en: "expected {expected}, found {found}", ja: "{expected}が必要です（書かれているのは {found}）" }
    AnswerUnknownChoice {
        en: "{found} is not one of the choices ({choices})",
        ja: "{found} は選択肢にありません（選択肢: {choices}）",
    }
    AnswerChosenTwice { en: "{value} is chosen twice", ja: "{value} が 2 回選ばれています" }
    AnswerTooFew { en: "choose at least {n}", ja: "{n} 個以上選んでください" }
    AnswerTooMany { en: "choose at most {n}", ja: "選べるのは {n} 個までです" }
    AnswerOtherEmpty { en: "the \"other\" text is empty", ja: "「その他」の内容が空です" }
    AnswerNotAPoint { en: "{found} is outside {min} to {max}", ja: "{found} は {min}〜{max} の範囲外です" }
    AnswerNaNotAllowed { en: "\"na\" is not allowed here", ja: "この質問では \"na\"（該当なし）は使えません" }
    AnswerYesOrNo { en: "expected yes or no", ja: "「はい」か「いいえ」が必要です" }
    AnswerUnknownRow { en: "unknown row {row}", ja: "{row} という行はありません" }
    AnswerNothing {
        en: "empty answer: no row answered, nothing ranked",
        ja: "回答が空です（答えた行も、順位をつけた選択肢もありません）",
    }
    AnswerNotANumber { en: "expected a number", ja: "数値が必要です" }
    AnswerNotWhole { en: "expected a whole number, found {found}", ja: "整数が必要です（書かれているのは {found}）" }
    AnswerBelowMin { en: "{found} is below the minimum {min}", ja: "{found} は最小値 {min} より小さい値です" }
    AnswerAboveMax { en: "{found} is above the maximum {max}", ja: "{found} は最大値 {max} より大きい値です" }
    AnswerEmptyText { en: "the text is empty", ja: "文字列が空です" }
    AnswerLineBreak {
        en: "this is a one-line answer; it may not contain line breaks",
        ja: "1 行で答える質問です。改行は入れられません",
    }
    AnswerTooLong { en: "{len} characters; at most {max}", ja: "{len} 文字あります（{max} 文字まで）" }
    AnswerToNote { en: "a note takes no answer", ja: "説明文（note）には回答できません" }
    AnswerHidden {
        en: "answered, but the question is hidden by its show_if",
        ja: "この質問は show_if の条件で表示されないため、答えは書けません（答えが書かれています）",
    }
    AnswerUnknownQuestion { en: "unknown question", ja: "アンケートにない質問です" }
    AnswerToUnknownQuestion { en: "unknown question {question}", ja: "{question} という質問はアンケートにありません" }

    // ---- A paper sheet's number (store::sheet_number) ----
    SheetEmpty { en: "the sheet number is empty", ja: "用紙番号が空です" }
    SheetTooLong { en: "a sheet number has at most 20 characters", ja: "用紙番号は 20 文字までです" }
    SheetBadCharacters {
        en: "{text}: a sheet number is letters, digits, - and _ only",
        ja: "{text}: 用紙番号に使えるのは英数字と - _ だけです",
    }

    // ---- A line of `koe import` ----
    LineTooLong {
        en: "the line is longer than {mib} MiB; one response a line",
        ja: "1 行が {mib} MiB を超えています。1 行には回答 1 件だけを書いてください",
    }
    LineNotUtf8 {
        en: "the line is not UTF-8 text (save the file as UTF-8)",
        ja: "この行は UTF-8 のテキストではありません（ファイルを UTF-8 で保存し直してください）",
    }
    LineNotJson { en: "not valid JSON at column {col}: {error}", ja: "JSON として読めません（{col} 文字目）: {error}" }
    LineNotObject {
        en: "expected an object {{\"answers\": {{…}}}}",
        ja: "{{\"answers\": {{…}}}} の形のオブジェクトが必要です",
    }
    LineUnknownField {
        en: "unknown field {key} (expected id, session, submitted_at, sheet, answers)",
        ja: "{key} という項目は使えません（使える項目: id, session, submitted_at, sheet, answers）",
    }
    LineNotAString { en: "{key}: expected a string, found {found}", ja: "{key}: 文字列が必要です（書かれているのは {found}）" }
    LineIdNotUuid { en: "id: {id} is not a UUID", ja: "id: {id} は UUID ではありません" }
    LineSheetNotANumber {
        en: "sheet: expected a sheet number, found {found}",
        ja: "sheet: 用紙番号が必要です（書かれているのは {found}）",
    }
    LineSessionEmpty { en: "session: the label is empty", ja: "session: セッションの名前が空です" }
    LineAnswersNotObject {
        en: "answers: expected an object, found {found}",
        ja: "answers: オブジェクトが必要です（書かれているのは {found}）",
    }
    LineNoAnswers { en: "missing \"answers\"", ja: "\"answers\" がありません" }
    LineSheetTwice {
        en: "sheet {sheet} is also on line {first} in the same session",
        ja: "用紙番号 {sheet} は同じセッションの {first} 行目にもあります",
    }
    LineIdTwice {
        en: "id {id} is also on line {first}, with different answers",
        ja: "id {id} は {first} 行目にもあり、答えが違います",
    }
    LineSheetStored {
        en: "sheet {sheet} is already stored in session {label}",
        ja: "用紙番号 {sheet} はセッション {label} にすでに保存されています",
    }
    LineIdOfOtherSurvey {
        en: "id {id} is already stored as a response to another survey, {survey}: give this line a new id (or leave the id out)",
        ja: "id {id} は別のアンケート {survey} の回答としてすでに保存されています。この行には新しい id をつけてください（id を省いても構いません）",
    }
    TimeNotRfc3339 {
        en: "{time} is not an RFC 3339 time such as \"2026-11-25T14:03:00+09:00\"",
        ja: "{time} は RFC 3339 の時刻ではありません（例: \"2026-11-25T14:03:00+09:00\"）",
    }
    TimeOutOfRange {
        en: "{time} is outside the years 0000 to 9999 in UTC",
        ja: "{time} は UTC の 0000〜9999 年の範囲外です",
    }

    // ---- A database that `koe merge` refuses ----
    MergeHandCopy {
        en: "this copy lacks its -wal file: it was copied by hand while koe was running, so its answers are not in it; on that laptop, copy the database with `koe backup PATH` and merge that copy",
        ja: "この写しには -wal ファイルがありません。koe の動作中に手でコピーしたため、回答が欠けているおそれがあります。そのパソコンで `koe backup 保存先` で写しを作り、その写しを統合してください",
    }
    MergeItself { en: "that is this database itself", ja: "統合先のデータベースそのものです" }
    MergeAnswersOrphaned {
        en: "{n} answer(s) without their response",
        ja: "どの回答にも属さない答えが {n} 個あります",
    }
    MergeCannotUpgrade { en: "cannot be upgraded ({error})", ja: "今の koe の形式に更新できません（詳細: {error}）" }
    MergeBadSurveyVersion {
        en: "survey version {hash} of {survey} is not a valid survey: {why}",
        ja: "{survey} のアンケートの版 {hash} は、アンケートとして読めません: {why}",
    }
    MergeVersionIsOther { en: "it is the survey {survey}", ja: "中身は別のアンケート {survey} です" }
    MergeNoSession {
        en: "{n} response(s) without their session",
        ja: "セッションのない回答が {n} 件あります",
    }
    MergeNoSurveyVersion {
        en: "{n} response(s) without their survey version",
        ja: "アンケートの版のない回答が {n} 件あります",
    }
    MergeAnswersNotObject {
        en: "{n} response(s) whose answers are not a JSON object",
        ja: "答えが JSON のオブジェクトになっていない回答が {n} 件あります",
    }
    MergeResponse { en: "response {id}: {why}", ja: "回答 {id}: {why}" }
    MergeVersionMissing { en: "its survey version is missing", ja: "アンケートの版がありません" }
    MergeDoesNotFit {
        en: "does not fit survey {survey} as stored: {fault}",
        ja: "保存されているアンケート {survey} に合いません: {fault}",
    }
    MergeDamagedAnswers { en: "damaged answers ({error})", ja: "答えが壊れています（詳細: {error}）" }
    MergeIdNotUuid { en: "response id {id} is not a UUID", ja: "回答の id {id} は UUID ではありません" }
    MergeIdsCollide {
        en: "two responses are one id {id} once normalised, with different answers",
        ja: "2 件の回答の id が、書き方をそろえると同じ {id} になり、答えが違います",
    }

    // ---- A database koe writes or reads ----
    StoredVersionBroken {
        en: "the stored survey version {hash} does not load: {fault}",
        ja: "保存されているアンケートの版 {hash} を読み込めません: {fault}",
    }
    AnswerNotSaved {
        en: "response {id} is not stored; the answer to {question} was not saved",
        ja: "回答 {id} が保存されていないため、{question} への答えは保存されませんでした",
    }
    StoredAnswersDamaged { en: "the answers of response {id} are damaged", ja: "回答 {id} の答えが壊れています" }
    LineModeFailed { en: "line mode: {error}", ja: "行モードで入出力できませんでした（詳細: {error}）" }

    // ---- A file written by a backup, an export or a new database ----
    BackupExists {
        en: "already exists; koe never overwrites a file with a backup: give another name or a folder",
        ja: "すでにあります。koe はバックアップでファイルを上書きしません。別の名前かフォルダを指定してください",
    }
    BackupStayedBusy {
        en: "the database stayed busy; try the backup again in a moment",
        ja: "データベースが使用中のままでした。少ししてからもう一度バックアップしてください",
    }
    BackupUnreadable {
        en: "the copy does not read back whole ({report})",
        ja: "書いた写しを読み直すと、一部が欠けていました（詳細: {report}）",
    }
    ExportOutIsFile { en: "--out {out}: that is a file; give a folder", ja: "--out {out}: これはファイルです。フォルダを指定してください" }
    ExportOutNotEmpty {
        en: "--out {out}: the folder already holds files; koe never mixes an export with older files (choose a new or empty folder)",
        ja: "--out {out}: フォルダにすでにファイルがあります。koe は書き出しを前のファイルと混ぜません（新しいフォルダか空のフォルダを指定してください）",
    }
    ExportNoSuchLanguage {
        en: "--lang {lang}: {survey} is written in {languages}",
        ja: "--lang {lang}: {survey} の言語は {languages} です",
    }
    ExportNoSuchSession {
        en: "--session {label}: no such session of {survey} (sessions: {labels})",
        ja: "--session {label}: {survey} にこのセッションはありません（セッション: {labels}）",
    }
    ExportCannotGroupBy {
        en: "--by {by}: not a question with options (choice, scale, yes/no, or a matrix row such as QID/ROW) of {survey} (use one of: session, {usable})",
        ja: "--by {by}: {survey} の選択肢のある質問（選択式、尺度、はい／いいえ、または QID/ROW の形のマトリクスの行）ではありません（使えるもの: session, {usable}）",
    }
    ExportNotStarted { en: "the export could not be started (no thread)", ja: "書き出しを始められませんでした（スレッドを作れません）" }
    ExportStopped { en: "the export stopped", ja: "書き出しが途中で止まりました" }
    ExportExists {
        en: "already exists; koe never overwrites an export (choose another --out)",
        ja: "すでにあります。koe は書き出したファイルを上書きしません（別の --out を指定してください）",
    }
    ExportDiskFull {
        en: "disk full; nothing was exported (free some space, or choose another --out, and export again)",
        ja: "ディスクがいっぱいで、何も書き出していません（空きを作るか別の --out を指定して、もう一度書き出してください）",
    }
    CreatedMeanwhile {
        en: "another koe created this database while the {what} ran; nothing was written (run the {what} again)",
        ja: "{what}の間に別の koe がこのデータベースを作りました。何も書き込んでいません（もう一度{what}してください）",
    }
    TheImport { en: "import", ja: "取り込み" }
    TheMerge { en: "merge", ja: "統合" }

    // ---- The file system's faults, for any file (io_error, io_detail) ----
    FileNoPermission {
        en: "this user may not use this file or folder (its permissions)",
        ja: "このユーザーにはこのファイルかフォルダを使う許可がありません（アクセス権）",
    }
    FileNotFound { en: "no such file or folder", ja: "ファイルかフォルダがありません" }
    FileIsFolder { en: "this is a folder, not a file", ja: "これはフォルダで、ファイルではありません" }
    FileExists { en: "already exists", ja: "すでにあります" }
    FileInAFile { en: "a folder in this path is a file", ja: "パスの途中のフォルダがファイルになっています" }
    FileWhereFolder {
        en: "this is a file, where koe needs a folder: move it away or choose another folder",
        ja: "フォルダが必要なところにファイルがあります。ファイルを移すか、別のフォルダを指定してください",
    }
    FileReadOnlyDrive {
        en: "the drive is read-only (a write-protected USB stick, a CD, a read-only share)",
        ja: "読み取り専用のドライブです（書き込み禁止の USB メモリ、CD、読み取り専用の共有フォルダ）",
    }
    FileFailed { en: "{error}", ja: "ファイルを読み書きできませんでした（詳細: {error}）" }
}

/// An operating system's file error in both languages, as a message of its own: the common
/// causes (no permission, no such file, a folder, a read-only drive, a full disk) said in words,
/// anything else as the system says it, after a Japanese sentence.
pub fn io_error(e: &std::io::Error) -> super::Words {
    known_io_error(e).unwrap_or_else(|| crate::say!(data::FileFailed, error = e))
}

/// An operating system's file error as the detail of a message that already says what failed
/// ("cannot read FILE (detail: …)"): the common causes in words, anything else as the system
/// says it (Rust's and the system's own English, meant for whoever looks into it further).
pub fn io_detail(e: &std::io::Error) -> super::Words {
    known_io_error(e).unwrap_or_else(|| super::Words::same(e.to_string()))
}

/// The catalogue's words for the file errors people meet and can act on.
fn known_io_error(e: &std::io::Error) -> Option<super::Words> {
    use std::io::ErrorKind;
    let said = match e.kind() {
        ErrorKind::PermissionDenied => Said::FileNoPermission,
        ErrorKind::NotFound => Said::FileNotFound,
        ErrorKind::IsADirectory => Said::FileIsFolder,
        ErrorKind::AlreadyExists => Said::FileExists,
        ErrorKind::NotADirectory => Said::FileInAFile,
        ErrorKind::ReadOnlyFilesystem => Said::FileReadOnlyDrive,
        // The same words as a database's full disk (store::fault).
        _ if is_disk_full(e) => return Some(crate::say!(DbDiskFull)),
        _ => return None,
    };
    Some(said.into())
}

/// Whether an error means the disk (or the user's quota) is full.
pub fn is_disk_full(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    if e.kind() == ErrorKind::StorageFull || e.kind() == ErrorKind::QuotaExceeded {
        return true;
    }
    // Windows: ERROR_HANDLE_DISK_FULL (39), ERROR_DISK_FULL (112).
    cfg!(windows) && matches!(e.raw_os_error(), Some(39 | 112))
}

#[cfg(test)]
mod tests {
    use super::Said;

    /// Both languages of every fault: the same placeholders, and Japanese in the Japanese.
    #[test]
    fn every_fault_is_written_in_both_languages() {
        if let Some(problem) = Said::first_problem(&[]) {
            panic!("{problem}");
        }
    }

    #[test]
    fn a_file_error_is_named_in_both_languages_or_kept_as_the_system_says_it() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let words = super::io_error(&denied);
        assert!(words.ja.contains("アクセス権"), "{}", words.ja);
        assert!(words.en.contains("permissions"), "{}", words.en);
        assert_eq!(super::io_detail(&denied), words);
        let other = std::io::Error::other("the network went away");
        let words = super::io_error(&other);
        assert_eq!(words.en, "the network went away");
        assert_eq!(
            words.ja,
            "ファイルを読み書きできませんでした（詳細: the network went away）"
        );
        assert_eq!(super::io_detail(&other).ja, "the network went away");
    }
}
