//! The faults of a survey file, each written once in English and once in Japanese: what
//! `koe validate` (and every command that loads a survey) says is wrong with a JSON survey or an
//! XLSForm workbook; and what is wrong with a database file (`store::fault`).
//!
//! A fault is found once and said in both languages at once ([`crate::say!`] gives a
//! [`super::Words`]); whoever shows it picks the language. JSON paths (`questions[0].type`),
//! field names, sheet and column names and values from the file are placeholders or written as
//! they are in both languages: only the words around them are translated.
//!
//! To add a fault: add an entry below, then `self.fault(path, say!(Name, placeholder = value))`.
//! A value that is itself words (`describe(v)`: "a list" / "リスト") is passed as [`super::Words`].

crate::catalogue! {
    /// A fault of a survey file, in both languages.
    pub enum Said;

    // ---- Parts of other messages ----
    AList { en: "a list", ja: "リスト" }
    AnObject { en: "an object", ja: "オブジェクト" }
    LongText { en: "{start} ({n} characters)", ja: "{start}（{n} 文字）" }
    ASurvey { en: "a survey", ja: "アンケート" }
    AQuestion { en: "a question", ja: "質問" }
    AKindQuestion { en: "a {kind} question", ja: "{kind} の質問" }
    AChoice { en: "a choice", ja: "選択肢" }
    AChoiceObject { en: "a choice {{\"value\", \"label\"}}", ja: "選択肢 {{\"value\", \"label\"}}" }
    AMatrixRow { en: "a matrix row", ja: "マトリクスの行" }
    ARowObject { en: "a row {{\"id\", \"text\"}}", ja: "行 {{\"id\", \"text\"}}" }
    ACondition { en: "a condition", ja: "条件" }
    AnIndicator { en: "an indicator", ja: "指標" }
    ACode { en: "a code", ja: "コード" }
    AnalyserWords { en: "the analyser's words", ja: "分析の語" }
    TheKeywords { en: "keywords", ja: "keywords" }
    NeedsScaleOrRow { en: "a scale or a matrix row", ja: "尺度かマトリクスの行" }
    NeedsScaleNumberOrRow { en: "a scale, number or matrix row", ja: "尺度、数値、マトリクスの行のどれか" }
    NeedsCountable {
        en: "a choice, scale, yes/no question or a matrix row",
        ja: "選択式、尺度、はい／いいえの質問か、マトリクスの行",
    }

    // ---- The file itself ----
    SurveyUnreadable { en: "the survey could not be read", ja: "アンケートを読み取れませんでした" }
    CannotReadFile { en: "cannot read the file: {error}", ja: "ファイルを読めません（詳細: {error}）" }
    CannotRead { en: "cannot read: {error}", ja: "読めません（詳細: {error}）" }
    FileTooLarge {
        en: "the file is {size} MiB, too large for a survey (at most {most} MiB): is it a data file saved in the surveys folder by mistake? Move it elsewhere",
        ja: "ファイルが {size} MiB あり、アンケートとしては大きすぎます（{most} MiB まで）。データのファイルを誤ってアンケートのフォルダに保存していませんか？ 別の場所に移してください",
    }
    TooManyValues {
        en: "the file holds over {most} JSON values, too many for a survey: is it a data file saved in the surveys folder by mistake? Move it elsewhere",
        ja: "ファイルに JSON の値が {most} 個より多くあり、アンケートとしては多すぎます。データのファイルを誤ってアンケートのフォルダに保存していませんか？ 別の場所に移してください",
    }
    NotUtf8 {
        en: "the file is not UTF-8 text (save it as UTF-8)",
        ja: "UTF-8 のテキストではありません（UTF-8 で保存し直してください）",
    }
    StringNotClosed {
        en: "this string is not closed (a closing \" is missing)",
        ja: "この文字列が閉じていません（終わりの \" がありません）",
    }
    TabInText {
        en: "a tab character inside a text; write \\t or a space instead",
        ja: "文字列の中にタブ文字があります。代わりに \\t か空白を書いてください",
    }
    ControlCharInText {
        en: "an invisible control character ({code}) inside a text; remove it",
        ja: "文字列の中に見えない制御文字（{code}）があります。消してください",
    }
    SurveyIdUsed { en: "survey id {id} is already used by {file}", ja: "アンケートの id {id} は {file} ですでに使われています" }
    StarterBroken { en: "the starter survey is broken: {error}", ja: "ひな形のアンケートが壊れています（詳細: {error}）" }

    // ---- JSON syntax (serde_json's messages; the English is serde_json's own) ----
    JsonExpectedColon { en: "expected `:`", ja: "ここに `:` が必要です（項目名のあとに `:` を書きます）" }
    JsonExpectedCommaOrBrace { en: "expected `,` or `}}`", ja: "ここに `,` か `}}` が必要です" }
    JsonExpectedCommaOrBracket { en: "expected `,` or `]`", ja: "ここに `,` か `]` が必要です" }
    JsonEofValue { en: "EOF while parsing a value", ja: "値の途中でファイルが終わっています" }
    JsonEofObject { en: "EOF while parsing an object", ja: "オブジェクトの途中でファイルが終わっています（`}}` が足りません）" }
    JsonEofList { en: "EOF while parsing a list", ja: "リストの途中でファイルが終わっています（`]` が足りません）" }
    JsonEofString { en: "EOF while parsing a string", ja: "文字列の途中でファイルが終わっています" }
    JsonTrailingComma { en: "trailing comma", ja: "最後の `,` は要りません（そのあとに続くものがありません）" }
    JsonExpectedValue { en: "expected value", ja: "ここに値が必要です" }
    JsonExpectedIdent {
        en: "expected ident",
        ja: "ここに値が必要です（true、false、null は小文字で、文字列は \"…\" で囲んで書きます）",
    }
    JsonKeyNotString { en: "key must be a string", ja: "項目名は \"…\" で囲んで書きます" }
    JsonInvalidEscape { en: "invalid escape", ja: "\\ のあとの文字が正しくありません（\\\\、\\\"、\\n、\\t などが使えます）" }
    JsonInvalidNumber { en: "invalid number", ja: "数として読めません" }
    JsonNumberOutOfRange { en: "number out of range", ja: "数が大きすぎます" }
    JsonTrailingCharacters { en: "trailing characters", ja: "JSON の終わりのあとに余分な文字があります" }
    JsonTooDeep { en: "recursion limit exceeded", ja: "入れ子が深すぎます" }
    JsonDuplicateKey { en: "the key {key} is given twice in one object", ja: "1つのオブジェクトの中に項目 {key} が2回あります" }
    JsonOther { en: "{detail}", ja: "JSON の書き方に誤りがあります（{detail}）" }

    // ---- Reading fields ----
    ExpectedObject { en: "expected {what} (an object), found {found}", ja: "{what}（オブジェクト）が必要なところに {found} があります" }
    FieldNotHere { en: "field {field} does not belong to {what}", ja: "{what}に項目 {field} は使えません" }
    UnknownFieldMeant {
        en: "unknown field {field} (did you mean \"{meant}\"?)",
        ja: "不明な項目 {field} です（\"{meant}\" の誤りではありませんか？）",
    }
    UnknownFieldOneOf {
        en: "unknown field {field} (expected one of: {known})",
        ja: "不明な項目 {field} です（使える項目: {known}）",
    }
    MissingField { en: "missing field \"{field}\"", ja: "項目 \"{field}\" がありません" }
    ExpectedString { en: "expected a string, found {found}", ja: "文字列が必要なところに {found} があります" }
    BadId {
        en: "id {id} may use only letters A-Z a-z, digits, \"_\" and \"-\", at most {most} of them",
        ja: "id {id} に使えるのは半角英字 A-Z a-z、数字、\"_\"、\"-\" だけで、{most} 文字までです",
    }
    ExpectedBool { en: "expected true or false, found {found}", ja: "true か false が必要なところに {found} があります" }
    ExpectedWhole { en: "expected a whole number, found {found}", ja: "整数が必要なところに {found} があります" }
    ExpectedCount { en: "expected a count of 0 or more, found {found}", ja: "0 以上の数が必要なところに {found} があります" }
    ExpectedNumber { en: "expected a number, found {found}", ja: "数が必要なところに {found} があります" }
    TextNoLanguage { en: "expected a text in at least one language", ja: "少なくとも1つの言語で文を書いてください" }
    ExpectedText {
        en: "expected a text (a string or {{\"ja\": …, \"en\": …}}), found {found}",
        ja: "文（文字列か {{\"ja\": …, \"en\": …}}）が必要なところに {found} があります",
    }

    // ---- The survey's structure ----
    NoQuestions { en: "the survey has no questions", ja: "アンケートに質問が1つもありません" }
    ExpectedQuestionList { en: "expected a list of questions, found {found}", ja: "質問のリストが必要なところに {found} があります" }
    ExpectedLanguageList { en: "expected a list of language codes, found {found}", ja: "言語コードのリストが必要なところに {found} があります" }
    NotLanguageCode {
        en: "{code} is not a language code such as \"ja\" or \"en\"",
        ja: "{code} は \"ja\" や \"en\" のような言語コードではありません",
    }
    LanguageTwice { en: "language {code} is listed twice", ja: "言語 {code} が2回書かれています" }
    NoLanguages {
        en: "list at least one language; the first is the default",
        ja: "言語を少なくとも1つ書いてください。最初の言語が既定になります",
    }
    MissingDefaultText {
        en: "missing text for the default language \"{lang}\"",
        ja: "既定の言語 \"{lang}\" の文がありません",
    }
    LanguageNotListed {
        en: "language \"{lang}\" is not in the survey's languages ({languages})",
        ja: "言語 \"{lang}\" はアンケートの言語（{languages}）にありません",
    }
    QuestionIdTwice { en: "question id {id} is used twice", ja: "質問の id {id} が2回使われています" }
    UnknownTypeMeant {
        en: "unknown question type {kind} (did you mean \"{meant}\"?)",
        ja: "不明な質問の種類 {kind} です（\"{meant}\" の誤りではありませんか？）",
    }
    UnknownTypeOneOf {
        en: "unknown question type {kind} (one of: {known})",
        ja: "不明な質問の種類 {kind} です（使える種類: {known}）",
    }
    MaxSelectedRange { en: "must be between 1 and the {options} options", ja: "1 から選択肢の数 {options} までにしてください" }
    MinAboveMaxSelected {
        en: "min_selected {min} is more than max_selected {max}",
        ja: "min_selected {min} が max_selected {max} より大きくなっています",
    }
    MinAboveOptions {
        en: "min_selected {min} is more than the {options} options",
        ja: "min_selected {min} が選択肢の数 {options} より大きくなっています",
    }
    MinNotBelowMax { en: "min {min} must be less than max {max}", ja: "min {min} は max {max} より小さくしてください" }
    MaxLengthZero { en: "max_length must be 1 or more", ja: "max_length は 1 以上にしてください" }
    MaxRankedRange { en: "must be between 1 and the {choices} choices", ja: "1 から選択肢の数 {choices} までにしてください" }
    NoteRequired {
        en: "a note has no answer, so it cannot be required",
        ja: "note（説明文）には回答がないので、必須にはできません",
    }
    ExpectedChoiceList { en: "expected a list of choices, found {found}", ja: "選択肢のリストが必要なところに {found} があります" }
    TooFewChoices { en: "needs at least {least} choices, found {found}", ja: "選択肢が {least} つ以上必要ですが、{found} つしかありません" }
    EmptyChoiceValue { en: "a choice value may not be empty", ja: "選択肢の value は空にできません" }
    ChoiceValueTwice { en: "choice value {value} is used twice", ja: "選択肢の value {value} が2回使われています" }
    OtherValueReserved {
        en: "the value \"other\" is kept for the \"other\" option",
        ja: "value \"other\" は「その他」の選択肢のために予約されています",
    }
    MatrixNoRows { en: "a matrix needs at least one row", ja: "マトリクスには行が少なくとも1つ必要です" }
    ExpectedRowList { en: "expected a list of rows, found {found}", ja: "行のリストが必要なところに {found} があります" }
    RowIdTwice { en: "row id {id} is used twice", ja: "行の id {id} が2回使われています" }
    ScalePoints {
        en: "a scale has 2 to 11 points; {min} to {max} is {points}",
        ja: "尺度の段階は 2 から 11 までです。{min} から {max} では {points} 段階になります",
    }
    LabelsPerPoint {
        en: "give one label per point: {points} points, {labels} labels",
        ja: "段階ごとに1つずつラベルを書いてください: {points} 段階に対してラベルが {labels} 個です",
    }
    ExpectedLabelList { en: "expected a list of labels, found {found}", ja: "ラベルのリストが必要なところに {found} があります" }

    // ---- show_if conditions ----
    ExpectedConditionList { en: "expected a list of conditions, found {found}", ja: "条件のリストが必要なところに {found} があります" }
    NoConditions { en: "needs at least one condition", ja: "条件が少なくとも1つ必要です" }
    ConditionNeedsQuestion {
        en: "a condition needs \"question\" and one test (equals, in, at_least, …), or all/any/not",
        ja: "条件には \"question\" と判定を1つ（equals、in、at_least など）、または all／any／not を書きます",
    }
    GiveOneTest { en: "give one test: {tests}", ja: "判定を1つ書いてください: {tests}" }
    OneTestPerCondition {
        en: "give one test per condition, found {found}; combine them with \"all\"",
        ja: "判定は1つの条件に1つです（{found} があります）。組み合わせるには \"all\" を使います",
    }
    DependsOnItself { en: "question {id} cannot depend on itself", ja: "質問 {id} は自分自身を条件にできません" }
    QuestionComesLater {
        en: "question {id} comes later; show_if may refer only to earlier questions",
        ja: "質問 {id} はこれより後にあります。show_if で参照できるのは前の質問だけです",
    }
    UnknownQuestion { en: "unknown question {id}", ja: "質問 {id} が見つかりません" }
    UnknownQuestionTexts {
        en: "unknown question {id} (text questions: {texts})",
        ja: "質問 {id} が見つかりません（自由記述の質問: {texts}）",
    }
    ExpectedValueList { en: "expected a non-empty list of values, found {found}", ja: "値のリスト（空でないもの）が必要なところに {found} があります" }
    NoteHasNoAnswer { en: "question {id} is a note and has no answer", ja: "質問 {id} は note（説明文）なので回答がありません" }
    IncludesNeedsMultiple {
        en: "\"includes\" needs a multiple_choice or rank question; {id} is {kind}",
        ja: "\"includes\" が使えるのは multiple_choice か rank の質問です。{id} は {kind} です",
    }
    CompareNeedsNumber {
        en: "\"{test}\" needs a scale, number or multiple_choice question; {id} is {kind}",
        ja: "\"{test}\" が使えるのは scale、number、multiple_choice の質問です。{id} は {kind} です",
    }
    NeverHolds {
        en: "can never hold: the answers to {id} range from {lo} to {hi}",
        ja: "この条件は決して成り立ちません: {id} の回答は {lo} から {hi} までです",
    }
    UseIncludes {
        en: "use \"includes\" to test a {kind} question such as {id}",
        ja: "{id} のような {kind} の質問には \"includes\" を使います",
    }
    NotAPoint { en: "{value} is not a point of {id} ({min} to {max})", ja: "{value} は {id} の段階（{min} から {max}）にありません" }
    YesNoCompareBool {
        en: "{id} is yes/no: compare with true or false, not {value}",
        ja: "{id} は はい／いいえ の質問です。{value} ではなく true か false と比べます",
    }
    NumberCompareNumber {
        en: "{id} is a number question: compare with a number, not {value}",
        ja: "{id} は数値の質問です。{value} ではなく数と比べます",
    }
    TextCompareString {
        en: "{id} is a text question: compare with a string, not {value}",
        ja: "{id} は自由記述の質問です。{value} ではなく文字列と比べます",
    }
    MatrixOnlyAnswered {
        en: "a matrix question such as {id} can only be tested with \"answered\"",
        ja: "{id} のようなマトリクスの質問には \"answered\" しか使えません",
    }
    NotAChoice { en: "{value} is not one of the choices of {id}", ja: "{value} は {id} の選択肢にありません" }
    NotAChoiceOf {
        en: "{value} is not one of the choices of {id} ({choices})",
        ja: "{value} は {id} の選択肢（{choices}）にありません",
    }

    // ---- Indicators ----
    ExpectedIndicatorList { en: "expected a list of indicators, found {found}", ja: "指標のリストが必要なところに {found} があります" }
    IndicatorIdTwice { en: "indicator id {id} is used twice", ja: "指標の id {id} が2回使われています" }
    PercentTarget {
        en: "a percent target is between 0 and 100, found {found}",
        ja: "割合の目標は 0 から 100 までですが、{found} になっています",
    }
    UnknownMeasureMeant {
        en: "unknown measure {measure} (did you mean \"{meant}\"?)",
        ja: "不明な measure {measure} です（\"{meant}\" の誤りではありませんか？）",
    }
    UnknownMeasureOneOf {
        en: "unknown measure {measure} (one of: {known})",
        ja: "不明な measure {measure} です（使えるもの: {known}）",
    }
    ExpectedDirection {
        en: "expected \"at_least\" or \"at_most\", found {found}",
        ja: "\"at_least\" か \"at_most\" が必要なところに {found} があります",
    }
    MissingValues {
        en: "missing field \"values\" (the answers to count)",
        ja: "項目 \"values\"（数える回答）がありません",
    }
    ValuesNotTaken {
        en: "only the measures count and percent take values",
        ja: "values を書けるのは measure が count か percent のときだけです",
    }
    ExpectedAnswerValues {
        en: "expected a non-empty list of answer values, found {found}",
        ja: "回答の値のリスト（空でないもの）が必要なところに {found} があります",
    }
    CodesNeedCodedText {
        en: "\"{id}#codes\" counts the codes of a text question that has codes; \"{id}\" has none",
        ja: "\"{id}#codes\" で数えられるのは、コードのある自由記述の質問です。\"{id}\" にはコードがありません",
    }
    MeasureNotForCodes {
        en: "{measure} does not apply to codes; count them with count or percent",
        ja: "{measure} はコードには使えません。count か percent で数えます",
    }
    NotACode { en: "{value} is not a code of {id} ({codes})", ja: "{value} は {id} のコード（{codes}）にありません" }
    MissingMeasuredQuestion {
        en: "missing field \"question\" (the question that {measure} measures)",
        ja: "項目 \"question\"（{measure} で測る質問）がありません",
    }
    ResponsesTakesNoQuestion {
        en: "the measure responses counts whole responses and takes no question",
        ja: "measure の responses は回答全体を数えるので、question は書きません",
    }
    NoSuchRow { en: "{id} has no row {row} (rows: {rows})", ja: "{id} に行 {row} はありません（行: {rows}）" }
    NameOneRow {
        en: "name one row of the matrix {id}, as {example}",
        ja: "マトリクス {id} の行を1つ、{example} のように指定してください",
    }
    NotAMatrix {
        en: "{id} is not a matrix; \"QID/ROW\" names a matrix row",
        ja: "{id} はマトリクスではありません。\"QID/ROW\" はマトリクスの行を指す書き方です",
    }
    MeasureNeeds { en: "{measure} needs {needs}; {id} is {kind}", ja: "{measure} が使えるのは{needs}です。{id} は {kind} です" }
    NotAPointWrite {
        en: "{value} is not a point of {id}: write a whole number from {min} to {max}",
        ja: "{value} は {id} の段階にありません。{min} から {max} までの整数を書きます",
    }
    NotAPointOrNa {
        en: "{value} is not a point of {id}: write a whole number from {min} to {max}, or \"na\"",
        ja: "{value} は {id} の段階にありません。{min} から {max} までの整数か \"na\" を書きます",
    }
    YesNoWriteBool {
        en: "{id} is yes/no: write true or false, not {value}",
        ja: "{id} は はい／いいえ の質問です。{value} ではなく true か false を書きます",
    }
    NoOptionsToCount { en: "{id} has no options to count", ja: "{id} には数える選択肢がありません" }

    // ---- Codes and keywords ----
    ExpectedCodeList { en: "expected a list of codes, found {found}", ja: "コードのリストが必要なところに {found} があります" }
    CodeIdTwice { en: "code id {id} is used twice", ja: "コードの id {id} が2回使われています" }
    NoTextQuestionForCode {
        en: "the survey has no text question for this code to sort",
        ja: "このコードで分類する自由記述の質問がアンケートにありません",
    }
    CodesSortText {
        en: "codes sort the answers of text questions; {id} is {kind}",
        ja: "コードは自由記述の質問の回答を分類するものです。{id} は {kind} です",
    }
    ExpectedWordList { en: "expected a list of words, found {found}", ja: "語のリストが必要なところに {found} があります" }
    NoWords {
        en: "list at least one word (an answer containing one of them gets this code)",
        ja: "語を少なくとも1つ書いてください（そのどれかを含む回答にこのコードがつきます）",
    }
    WordHoldsSeparator {
        en: "{word} holds \",\" or \"、\", which separate words in a workbook; write it as two words",
        ja: "{word} に \",\" か \"、\" があります。これらはブックでは語の区切りなので、2つの語に分けて書いてください",
    }
    EmptyWord {
        en: "an empty word would be found in every answer; write a word",
        ja: "空の語はどの回答にも含まれてしまいます。語を書いてください",
    }
    ExpectedWord { en: "expected a word (a string), found {found}", ja: "語（文字列）が必要なところに {found} があります" }
    WordInBoth {
        en: "{word} is also in extra_words; keep it in one of the two",
        ja: "{word} は extra_words にもあります。どちらか一方にしてください",
    }
    // ---- Workbooks (XLSForm): the file and its sheets ----
    CannotReadWorkbook {
        en: "cannot read the workbook ({error}); save it from Excel or LibreOffice as .xlsx",
        ja: "Excel のブックとして読めません。Excel か LibreOffice で .xlsx として保存し直してください（詳細: {error}）",
    }
    CannotReadSheet { en: "cannot read the sheet ({error})", ja: "シートを読めません（詳細: {error}）" }
    TooManyCells {
        en: "the sheet has more than {most} used cells; a questionnaire needs far fewer",
        ja: "シートに使われているセルが {most} より多くあります。アンケートならずっと少ないはずです",
    }
    NoSurveySheet {
        en: "the workbook has no sheet named \"survey\" (its sheets: {sheets}) — name the questions' sheet survey",
        ja: "ブックに \"survey\" という名前のシートがありません（あるシート: {sheets}）。質問のシートの名前を survey にしてください",
    }
    NoChoicesSheet {
        en: "the workbook has no sheet named \"choices\" (its sheets: {sheets}) — the lists of choices of select_one, select_multiple and rank questions go on a sheet named choices",
        ja: "ブックに \"choices\" という名前のシートがありません（あるシート: {sheets}）。select_one、select_multiple、rank の質問の選択肢は、choices という名前のシートに書きます",
    }
    SurveySheetColumns {
        en: "the survey sheet needs the columns type, name and label in its first row",
        ja: "survey シートの1行目に type、name、label の列が必要です",
    }
    ChoicesSheetColumns {
        en: "the choices sheet needs the columns list_name, name and label in its first row",
        ja: "choices シートの1行目に list_name、name、label の列が必要です",
    }
    UnknownLanguagePart {
        en: "cannot tell the language code of {part} — write it as {header} (code), e.g. label::日本語 (ja)",
        ja: "{part} の言語コードがわかりません。{header} (コード) のように、例えば label::日本語 (ja) と書いてください",
    }
    UnknownColumnMeant {
        en: "unknown column {column} — did you mean {meant}?",
        ja: "不明な列 {column} です。{meant} の誤りではありませんか？",
    }
    UnknownKoeColumnNone {
        en: "unknown column {column} — the {sheet} sheet has no koe:: columns",
        ja: "不明な列 {column} です。{sheet} シートに koe:: の列はありません",
    }
    UnknownKoeColumn { en: "unknown column {column} — koe reads {known}", ja: "不明な列 {column} です。koe が読むのは {known} です" }
    PlainColumnLanguage {
        en: "a plain {field} column beside {field}::… language columns: koe cannot tell its language — write {field}::日本語 (ja) (or its language) as its header instead, or set default_language on the settings sheet",
        ja: "{field}::… の言語別の列と並んで、言語のない {field} 列があり、その言語がわかりません。見出しを {field}::日本語 (ja)（またはその言語）にするか、settings シートで default_language を指定してください",
    }
    PlainTextDiffers {
        en: "this row has a plain {field} and a {field}::… ({lang}) text that differ — keep one of them (the plain column is read as {lang}, the default language)",
        ja: "この行の {field} と {field}::… ({lang}) の文が違います。どちらか一方にしてください（言語のない列は既定の言語 {lang} として読みます）",
    }
    NotALanguageCode {
        en: "{lang} is not a language code — write ja, en or e.g. Japanese (ja)",
        ja: "{lang} は言語コードではありません。ja、en、または Japanese (ja) のように書いてください",
    }
    ChoiceNeedsName {
        en: "a choice needs a name (the value koe stores)",
        ja: "選択肢には name（koe が保存する値）が必要です",
    }
    ChoiceNeedsListName { en: "a choice needs the list_name of its list", ja: "選択肢には、そのリストの list_name が必要です" }
    ChoiceNeedsLabel { en: "a choice needs a label (what people see)", ja: "選択肢には label（画面に出る文）が必要です" }

    // ---- Workbooks: the survey sheet ----
    TypeEmpty {
        en: "the type is empty — write text, integer, select_one LIST, …",
        ja: "type が空です。text、integer、select_one LIST などを書いてください",
    }
    CannotAskA { en: "koe cannot ask a {kind} question — {instead}", ja: "koe では {kind} の質問はできません。{instead}" }
    CannotAskAn { en: "koe cannot ask an {kind} question — {instead}", ja: "koe では {kind} の質問はできません。{instead}" }
    CannotUseColumn { en: "koe cannot use the {column} column — {instead}", ja: "koe では {column} 列は使えません。{instead}" }
    InsteadNoCalculate {
        en: "remove the row (koe does not calculate values; koe export makes the tallies)",
        ja: "この行を消してください（koe は値を計算しません。集計は koe export が行います）",
    }
    InsteadTextOrYear {
        en: "write text (or integer for a year) instead",
        ja: "代わりに text（年だけなら integer）と書いてください",
    }
    InsteadText { en: "write text instead", ja: "代わりに text と書いてください" }
    InsteadPlaceName { en: "write text (a place name) instead", ja: "代わりに text（地名を書いてもらう）と書いてください" }
    InsteadNoPhotos {
        en: "remove the row (a kiosk takes no photos or files)",
        ja: "この行を消してください（受付の端末では写真やファイルは受け取れません）",
    }
    InsteadNoRecordings {
        en: "remove the row (a kiosk takes no recordings)",
        ja: "この行を消してください（受付の端末では録音・録画は受け取れません）",
    }
    InsteadNoFiles {
        en: "remove the row (a kiosk takes no files)",
        ja: "この行を消してください（受付の端末ではファイルは受け取れません）",
    }
    InsteadYesNo {
        en: "write select_one of a yes/no list instead",
        ja: "代わりに yes／no のリストの select_one と書いてください",
    }
    InsteadRemoveRow { en: "remove the row", ja: "この行を消してください" }
    InsteadNoRepeat {
        en: "ask each question once, or use a matrix (a group with appearance table-list) instead",
        ja: "質問はそれぞれ1回ずつにするか、代わりにマトリクス（appearance が table-list のグループ）を使ってください",
    }
    InsteadSelectOneList {
        en: "list the choices on the choices sheet and write select_one LIST instead",
        ja: "選択肢を choices シートに書き、代わりに select_one LIST と書いてください",
    }
    InsteadSelectMultipleList {
        en: "list the choices on the choices sheet and write select_multiple LIST instead",
        ja: "選択肢を choices シートに書き、代わりに select_multiple LIST と書いてください",
    }
    ColumnNoCalculate { en: "remove it; koe does not calculate values", ja: "消してください。koe は値を計算しません" }
    ColumnChoiceFilter {
        en: "remove it and give the question its own list",
        ja: "消して、その質問には専用のリストを作ってください",
    }
    ColumnNoRepeat { en: "remove it; koe has no repeat groups", ja: "消してください。koe には繰り返しのグループがありません" }
    ColumnNoDefault { en: "remove it; koe starts every answer empty", ja: "消してください。koe の回答はいつも空から始まります" }
    ColumnRemove { en: "remove it", ja: "消してください" }
    NoEndGroup {
        en: "this group has no end_group row — add one after its last question",
        ja: "このグループに end_group の行がありません。最後の質問のあとに加えてください",
    }
    EndGroupAlone { en: "end_group without a begin_group above it", ja: "end_group の上に、対になる begin_group がありません" }
    MatrixNeedsLabel {
        en: "a matrix (a table-list group) needs a label: its question",
        ja: "マトリクス（table-list のグループ）には label（質問文）が必要です",
    }
    MatrixRowNeedsName { en: "a matrix row needs a name (its id)", ja: "マトリクスの行には name（その id）が必要です" }
    MatrixRowNeedsLabel { en: "a matrix row needs a label", ja: "マトリクスの行には label が必要です" }
    MatrixRowOwnField {
        en: "a row of a matrix cannot have its own {field} — put it on the begin_group row",
        ja: "マトリクスの行ごとに {field} は書けません。begin_group の行に書いてください",
    }
    MatrixRequiredMixed {
        en: "some rows of this matrix are required and some not — koe asks for all rows or none: write required on the begin_group row",
        ja: "このマトリクスには必須の行とそうでない行があります。koe では全部の行を必須にするか、どれも必須にしないかです。begin_group の行に required を書いてください",
    }
    NotYesOrNo {
        en: "{text} is not yes or no — write yes, or leave the cell empty",
        ja: "{text} は yes でも no でもありません。yes と書くか、セルを空にしてください",
    }
    QuestionNeedsName {
        en: "a question needs a name (its id, e.g. q1 or role)",
        ja: "質問には name（その id。例: q1、role）が必要です",
    }
    QuestionNeedsLabel { en: "a question needs a label (what people see)", ja: "質問には label（画面に出る文）が必要です" }
    RequiredByCondition {
        en: "koe cannot make a question required by a condition ({text}) — write yes, or leave it empty",
        ja: "koe では条件によって必須にすることはできません（{text}）。yes と書くか、空にしてください",
    }
    SelectTypeForm {
        en: "koe reads \"{kind} LIST\" or \"{kind} LIST or_other\", not {text}",
        ja: "koe が読むのは \"{kind} LIST\" か \"{kind} LIST or_other\" で、{text} は読めません",
    }
    NoSuchList {
        en: "no list \"{list}\" on the choices sheet — add its choices there (list_name {list})",
        ja: "choices シートにリスト \"{list}\" がありません。そこに選択肢を加えてください（list_name は {list}）",
    }
    NameTheList {
        en: "name the list of choices: {kind} LIST (its list_name on the choices sheet)",
        ja: "選択肢のリストを指定してください: {kind} LIST（LIST は choices シートの list_name）",
    }
    UnknownType {
        en: "unknown type {text} — koe reads select_one LIST, select_multiple LIST, rank LIST, integer, decimal, text, note, range, begin_group, end_group",
        ja: "不明な type {text} です。koe が読むのは select_one LIST、select_multiple LIST、rank LIST、integer、decimal、text、note、range、begin_group、end_group です",
    }
    KoeTypeOnlySingle {
        en: "koe::type may only say single_choice, on a select_one of a yes/no list (this row is {kind})",
        ja: "koe::type に書けるのは single_choice だけで、yes／no のリストの select_one の行に限ります（この行は {kind} です）",
    }
    ColumnBelongsTo {
        en: "{field} belongs to {kinds} questions, not {kind}",
        ja: "{field} は {kinds} の質問の列で、{kind} には使えません",
    }
    MaxRankedNotWhole {
        en: "{text} is not a whole number of places to rank",
        ja: "{text} は順位をつける数（整数）ではありません",
    }
    LabelsList {
        en: "koe::labels names a list of the points {lo} to {hi} on the choices sheet (names {lo}, …, {hi}), with a label for each",
        ja: "koe::labels には、choices シートにある {lo} から {hi} までの段階のリスト（name が {lo}、…、{hi}）を、それぞれの label とともに指定します",
    }
    ScaleStep {
        en: "koe's scales go in steps of 1 — write step=1 (or leave step out)",
        ja: "koe の尺度は 1 刻みです。step=1 と書くか、step を書かないでください",
    }
    ScaleStartEnd {
        en: "{part}: a scale's start and end are whole numbers, e.g. start=1 end=5",
        ja: "{part}: 尺度の start と end は整数です。例: start=1 end=5",
    }
    ScaleParameter {
        en: "koe reads start, end and step here, not {part} — write e.g. start=1 end=5 step=1",
        ja: "ここで koe が読むのは start、end、step で、{part} は読めません。例: start=1 end=5 step=1",
    }

    // ---- Workbooks: constraint ----
    ConstraintKinds {
        en: "koe reads a constraint only on integer, decimal, select_multiple and text questions — remove it",
        ja: "koe が constraint を読むのは integer、decimal、select_multiple、text の質問だけです。消してください",
    }
    ConstraintWriteInstead { en: "{error} — write {instead} instead", ja: "{error}。代わりに {instead} と書いてください" }
    ConstraintUnreadable {
        en: "koe cannot read this constraint — write {instead} instead",
        ja: "この constraint は koe には読めません。代わりに {instead} と書いてください",
    }
    ConstraintNotWhole {
        en: "{number} is not a whole number — write {instead} instead",
        ja: "{number} は整数ではありません。代わりに {instead} と書いてください",
    }

    // ---- Workbooks: relevant and constraint expressions ----
    ExprEmpty { en: "the expression is empty", ja: "式が空です" }
    ExprCannotReadFrom { en: "cannot read the expression from {rest} on", ja: "式の {rest} から先が読めません" }
    ExprRefNotClosed { en: "a ${{ is not closed with }}", ja: "${{ が }} で閉じていません" }
    ExprQuoteNotClosed { en: "a quoted value is not closed", ja: "引用符で囲んだ値が閉じていません" }
    ExprWriteInstead {
        en: "write {meant} instead of {written} (XLSForm has no such operator)",
        ja: "{written} という演算子は XLSForm にありません。{meant} と書いてください",
    }
    ExprNotANumber { en: "{text} is not a number", ja: "{text} は数ではありません" }
    ExprCannotReadChar { en: "koe cannot read {text} in an expression", ja: "式の中の {text} は koe には読めません" }
    ExprTooDeep { en: "the expression is nested too deeply", ja: "式の入れ子が深すぎます" }
    ExprAddQuotes {
        en: "add quotes around the value: write {meant} instead of {written}",
        ja: "値を引用符で囲んでください: {written} ではなく {meant} と書きます",
    }
    ExprEndsEarly { en: "the expression ends too early", ja: "式が途中で終わっています" }
    ExprCannotReadWord { en: "koe cannot read {word} here", ja: "ここの {word} は koe には読めません" }
    ExprNothingLeft { en: "{op} needs something on its left", ja: "{op} の左側に比べるものがありません" }
    ExprCloseUnmatched { en: "a ) has no matching (", ja: ") に対応する ( がありません" }
    ExprCommaOutOfPlace { en: "a , is out of place", ja: ", の位置が正しくありません" }
    ExprOpenNotClosed { en: "a ( is not closed with )", ja: "( が ) で閉じていません" }
    RefItself { en: "a question cannot depend on itself (\"${{{name}}}\")", ja: "質問は自分自身を条件にできません（\"${{{name}}}\"）" }
    RefLater {
        en: "question \"${{{name}}}\" comes later; relevant may refer only to earlier questions",
        ja: "質問 \"${{{name}}}\" はこれより後にあります。relevant で参照できるのは前の質問だけです",
    }
    RefMatrixRow {
        en: "\"${{{name}}}\" is a row of the matrix \"{matrix}\"; koe can test only whether the matrix was answered: ${{{matrix}}} != ''",
        ja: "\"${{{name}}}\" はマトリクス \"{matrix}\" の行です。koe で確かめられるのはマトリクスに回答したかどうかだけです: ${{{matrix}}} != ''",
    }
    RefGroup { en: "\"${{{name}}}\" is a group and has no answer", ja: "\"${{{name}}}\" はグループなので回答がありません" }
    RefUnknown { en: "unknown question \"${{{name}}}\"", ja: "質問 \"${{{name}}}\" が見つかりません" }
    RefNote { en: "\"${{{name}}}\" is a note and has no answer", ja: "\"${{{name}}}\" は note（説明文）なので回答がありません" }
    NotTakesOne { en: "not() takes one condition", ja: "not() には条件を1つだけ書きます" }
    SelectedTakesTwo {
        en: "selected() takes a question and a value: selected(${{q}}, 'v')",
        ja: "selected() には質問と値を書きます: selected(${{q}}, 'v')",
    }
    SelectedQuestionFirst {
        en: "selected() needs a question first: selected(${{q}}, 'v')",
        ja: "selected() の1つ目は質問です: selected(${{q}}, 'v')",
    }
    SelectedValueSecond {
        en: "selected() needs a value second: selected(${{q}}, 'v')",
        ja: "selected() の2つ目は値です: selected(${{q}}, 'v')",
    }
    SelectedNeedsSelect {
        en: "selected() needs a select question; \"${{{name}}}\" is not one",
        ja: "selected() が使えるのは選択式の質問です。\"${{{name}}}\" は選択式ではありません",
    }
    NotACondition { en: "this is not a condition", ja: "これは条件になっていません" }
    FunctionTakesOne { en: "{function}() takes one question", ja: "{function}() には質問を1つだけ書きます" }
    FunctionNeedsQuestion { en: "{function}() needs a question: {function}(${{q}})", ja: "{function}() には質問が必要です: {function}(${{q}})" }
    FunctionCompareNumber { en: "compare {function}() with a number", ja: "{function}() は数と比べます" }
    StringLengthForms {
        en: "koe reads string-length(${{q}}) > 0 (answered) and string-length(${{q}}) = 0 (not answered)",
        ja: "koe が読むのは string-length(${{q}}) > 0（回答あり）と string-length(${{q}}) = 0（回答なし）です",
    }
    CountSelectedNeedsMultiple {
        en: "count-selected() needs a select_multiple question; \"${{{name}}}\" is not one",
        ja: "count-selected() が使えるのは select_multiple の質問です。\"${{{name}}}\" は違います",
    }
    CompareAQuestion {
        en: "compare a question: ${{q}} = 'v', ${{q}} >= 3",
        ja: "質問と比べます: ${{q}} = 'v'、${{q}} >= 3",
    }
    CompareEmptyOnlyEq { en: "compare with '' only by = or !=", ja: "'' と比べるときは = か != だけが使えます" }
    CompareWithValue {
        en: "compare with a value: 'text' or a number",
        ja: "値と比べます: 'text'（文字）か数",
    }
    YesNoCompareYes {
        en: "\"${{{name}}}\" is yes/no: compare with 'yes' or 'no'",
        ja: "\"${{{name}}}\" は はい／いいえ の質問です。'yes' か 'no' と比べます",
    }
    YesNoCompareYesNot {
        en: "\"${{{name}}}\" is yes/no: compare with 'yes' or 'no', not {text}",
        ja: "\"${{{name}}}\" は はい／いいえ の質問です。{text} ではなく 'yes' か 'no' と比べます",
    }
    NumberCompareNotText {
        en: "\"${{{name}}}\" is a number: compare with a number, not {text}",
        ja: "\"${{{name}}}\" は数の質問です。{text} ではなく数と比べます",
    }
    CompareNumberNotText { en: "compare with a number, not {text}", ja: "{text} ではなく数と比べます" }
    SeveralAnswersSelected {
        en: "\"${{{name}}}\" allows several answers: write selected(${{{name}}}, 'v') instead",
        ja: "\"${{{name}}}\" は複数回答の質問です。代わりに selected(${{{name}}}, 'v') と書いてください",
    }
    MatrixOnlyAnsweredRef {
        en: "koe can test only whether the matrix \"${{{name}}}\" was answered: ${{{name}}} != ''",
        ja: "マトリクス \"${{{name}}}\" について koe で確かめられるのは回答したかどうかだけです: ${{{name}}} != ''",
    }
    CountWithCountSelected {
        en: "to count the answers of \"${{{name}}}\" write {written} instead",
        ja: "\"${{{name}}}\" の回答の数を数えるには、代わりに {written} と書いてください",
    }
    SelectOneCompareEq {
        en: "\"${{{name}}}\" is a select_one: its answers are choices, compared with = — write {written} instead (one = for each choice meant)",
        ja: "\"${{{name}}}\" は select_one の質問で、回答は選択肢なので = で比べます。代わりに {written} と書いてください（当てはまる選択肢ごとに = を1つ）",
    }
    NotNumberForOp {
        en: "\"${{{name}}}\" is not a number or scale question, so {op} cannot apply",
        ja: "\"${{{name}}}\" は数値や尺度の質問ではないので、{op} は使えません",
    }
    DecimalStrict {
        en: "koe cannot say {op} for a decimal question — write {written} instead",
        ja: "koe では小数の質問に {op} は使えません。代わりに {written} と書いてください",
    }
    CountsCompare { en: "koe cannot compare counts with {op} — write >= or <=", ja: "koe では数を {op} で比べられません。>= か <= と書いてください" }
    RelevantHelp {
        en: "{error} — write ${{q}} = 'v', ${{q}} != 'v', ${{q}} >= 3, selected(${{q}}, 'v'), string-length(${{q}}) > 0, joined by and, or, not(…) instead",
        ja: "{error}。${{q}} = 'v'、${{q}} != 'v'、${{q}} >= 3、selected(${{q}}, 'v')、string-length(${{q}}) > 0 を and、or、not(…) でつないで書いてください",
    }

    // ---- A database file (store::fault) ----
    DbDamaged {
        en: "the database is damaged (a disk or copying fault): keep the file as it is, and use the latest `koe backup` copy of it",
        ja: "データベースが壊れています（ディスクかコピーの不具合）。ファイルはそのまま残し、最新の `koe backup` の写しを使ってください",
    }
    DbNotADatabase {
        en: "not a koe database (not an SQLite file, or its first page is damaged)",
        ja: "koe のデータベースではありません（SQLite のファイルでないか、最初のページが壊れています）",
    }
    DbNotKoe { en: "not a koe database", ja: "koe のデータベースではありません" }
    DbTooNew {
        en: "made by a newer koe (schema version {version}); update koe to open it",
        ja: "新しい koe で作られています（スキーマの版 {version}）。開くには koe を更新してください",
    }
    DbDiskFull { en: "the disk is full: free some space and try again", ja: "ディスクがいっぱいです。空きを作ってからもう一度試してください" }
    DbBusy {
        en: "another koe is writing this database: try again when it has finished",
        ja: "別の koe がこのデータベースに書き込んでいます。終わってからもう一度試してください",
    }
    DbDiskUnreadable {
        en: "the disk could not be read or written (a removed USB stick, a network drive gone, a failing disk)",
        ja: "ディスクを読み書きできませんでした（USB メモリが抜かれた、ネットワークドライブが切れた、ディスクの故障など）",
    }
    DbIsAFolder {
        en: "this is a folder, not a database file: give the path of a .db file",
        ja: "これはフォルダで、データベースのファイルではありません。.db ファイルのパスを指定してください",
    }
    DbFolderMissing { en: "its folder does not exist", ja: "フォルダがありません" }
    DbNoSuchFile { en: "no such file", ja: "ファイルがありません" }
    DbMarkedReadOnly {
        en: "the file is marked read-only: clear its read-only mark (Properties), or copy it to a writable folder",
        ja: "ファイルが読み取り専用になっています。プロパティで読み取り専用を外すか、書き込めるフォルダにコピーしてください",
    }
    DbNoPermission {
        en: "this user may not write the file (its permissions): ask whoever set up the laptop",
        ja: "このユーザーにはファイルへの書き込みが許されていません（アクセス権）。パソコンを設定した人に相談してください",
    }
    DbCannotOpen { en: "cannot be opened: {error}", ja: "開けません（詳細: {error}）" }
    DbNoWalFiles {
        en: "koe cannot create its -wal and -shm files in the folder {folder}: this user may not write there (or the drive is read-only); copy the database to a writable folder",
        ja: "フォルダ {folder} に koe の -wal と -shm ファイルを作れません。このユーザーが書き込めないか、読み取り専用のドライブです。データベースを書き込めるフォルダにコピーしてください",
    }
    DbReadOnlyDrive {
        en: "the file is on a read-only drive (a write-protected USB stick, a CD, a read-only share): copy it to a writable folder first",
        ja: "ファイルが読み取り専用のドライブ（書き込み禁止の USB メモリ、CD、読み取り専用の共有フォルダ）にあります。先に書き込めるフォルダにコピーしてください",
    }
    DbWalUnreadable {
        en: "its -wal file holds answers not yet in the file, and koe cannot open them here (a read-only drive or folder): copy the database together with its -wal file to a writable folder",
        ja: "-wal ファイルにまだ本体に入っていない回答があり、ここでは開けません（読み取り専用のドライブかフォルダ）。データベースを -wal ファイルと一緒に書き込めるフォルダにコピーしてください",
    }
}

#[cfg(test)]
mod tests {
    use super::Said;

    /// Both languages of every fault: the same placeholders, and Japanese in the Japanese. A
    /// part that is a name (the `keywords` field) is the same in both on purpose.
    #[test]
    fn every_fault_is_written_in_both_languages() {
        if let Some(problem) = Said::first_problem(&[Said::TheKeywords]) {
            panic!("{problem}");
        }
    }
}
