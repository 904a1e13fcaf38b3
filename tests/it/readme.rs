//! The README and the user guide say what to type, and it works as written: every `koe …` command
//! line in README.md, BENCHMARKS.md and docs/ (code blocks, and `koe …` code spans in prose and
//! tables) names a real subcommand and only flags that `koe <subcommand> --help` lists; every
//! relative link points at a file that exists, and at a heading that exists in it.
//!
//! Flags are taken from the option lines of the real binary's `--help` (run with `KOE_LANG=en`,
//! since the words of `--help` may be Japanese but its flags never are), so a flag renamed or
//! removed in the code, or mistyped in a document, fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The documents whose command lines and links are checked.
fn documents() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md"), root().join("BENCHMARKS.md")];
    let mut dirs = vec![root().join("docs")];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What `koe [SUB] --help` says, in English; `None` when koe refuses SUB (no such subcommand).
fn help(sub: Option<&str>) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = common::koe()
        .dir(dir.path())
        .db(dir.path().join("koe.db"))
        .surveys(dir.path().join("surveys"))
        .command()
        .args(sub)
        .arg("--help")
        .output()
        .expect("run koe");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The long flags of a help text's option lines (`  -h, --help  …`, `      --session <LABEL>  …`).
fn option_flags(help: &str) -> BTreeSet<String> {
    help.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .flat_map(|l| long_flags(l.split("  ").next().unwrap_or(l)))
        .collect()
}

/// Every `--flag` in a piece of command line, quoted text left out (`--session "--x"` names one
/// flag). A flag starts a word or follows `[` (`[--no-kiosk]`) and ends at `=`, a space or `]`.
fn long_flags(line: &str) -> Vec<String> {
    let mut unquoted = String::new();
    let mut quote = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => unquoted.push(c),
        }
    }
    let mut flags = Vec::new();
    let chars: Vec<char> = unquoted.chars().collect();
    for i in 0..chars.len() {
        let starts_word = i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '[';
        if starts_word && chars[i..].starts_with(&['-', '-']) {
            let name: String = chars[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
                .collect();
            if !name.is_empty() {
                flags.push(format!("--{name}"));
            }
        }
    }
    flags
}

/// One `koe …` command found in a document: where, its text, and whether it is a line of a code
/// block (always a command) or a code span in prose (a command, or a quoted message that starts
/// with "koe", such as `koe cannot create its -wal and -shm files`).
#[derive(Debug)]
struct Found {
    place: String,
    line: String,
    in_block: bool,
}

/// The `koe …` commands of a Markdown text: each line of a fenced code block (a `$ ` prompt,
/// leading `NAME=value` settings and a trailing `# comment` taken off; `&&`, `;` and `|` separate
/// commands), and each code span that starts with `koe ` (a table's `\|` read as `|`).
fn commands(file: &str, text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut in_block = false;
    for (n, line) in text.lines().enumerate() {
        let place = format!("{file}:{}", n + 1);
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        let pieces: Vec<String> = if in_block {
            let line = line.trim_start().strip_prefix("$ ").unwrap_or(line.trim_start());
            let line = without_comment(line);
            line.split("&&")
                .flat_map(|p| p.split(';'))
                .flat_map(|p| p.split('|'))
                .map(str::to_string)
                .collect()
        } else {
            code_spans(line)
                .into_iter()
                .flat_map(|span| {
                    let span = span.replace("\\|", "\u{0}");
                    // A `|` between commands (`koe list | head -1`) separates them; inside
                    // brackets (`[--to json|xlsx]`) it lists values.
                    span.split(" | ").map(|p| p.replace('\u{0}', "|")).collect::<Vec<_>>()
                })
                .collect()
        };
        for piece in pieces {
            let mut piece = piece.trim();
            while let Some((first, rest)) = piece.split_once(' ') {
                let setting = first.split_once('=').is_some_and(|(name, _)| {
                    !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                });
                if !setting {
                    break;
                }
                piece = rest.trim_start();
            }
            if piece == "koe" || piece.starts_with("koe ") {
                found.push(Found {
                    place: place.clone(),
                    line: piece.to_string(),
                    in_block,
                });
            }
        }
    }
    found
}

/// A shell line without its trailing `# comment` (a `#` after a space, outside quotes).
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return &line[..i],
            None => {}
        }
        prev = c;
    }
    line
}

/// The texts of a line's code spans (single backticks).
fn code_spans(line: &str) -> Vec<String> {
    line.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The subcommands `koe --help` lists (`  run   Collect answers …`).
fn subcommands() -> Vec<String> {
    let top = help(None).expect("koe --help");
    top.lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter_map(|l| l.split_once("  "))
        .map(|(name, _)| name.trim())
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .map(str::to_string)
        .collect()
}

/// The edit distance of two words (a mistyped subcommand is one or two edits from the real one).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// The faults of one command line, given the help of koe and of its subcommands (looked up on
/// demand and kept). A placeholder in the subcommand's place (`koe <command> --help`, `koe …`) is
/// checked against the top-level help only. A code span in prose whose second word is no
/// subcommand, nor one or two letters from one, is a quoted message rather than a command
/// (`strict` is false): it is passed over.
fn faults(line: &str, strict: bool, helps: &mut BTreeMap<String, Option<BTreeSet<String>>>) -> Vec<String> {
    let mut flags_of = |sub: &str| -> Option<BTreeSet<String>> {
        helps
            .entry(sub.to_string())
            .or_insert_with(|| help((!sub.is_empty()).then_some(sub)).map(|h| option_flags(&h)))
            .clone()
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    let sub = match words.get(1).map(|w| w.trim_end_matches([',', ';', ':', '.'])) {
        Some(w) if !w.is_empty() && !w.starts_with(['-', '[', '<', '…']) => w,
        _ => "",
    };
    let Some(known) = flags_of(sub) else {
        let near = subcommands().iter().any(|s| distance(s, sub) <= 2);
        return if strict || near {
            vec![format!("`koe {sub}` is not a koe command")]
        } else {
            Vec::new()
        };
    };
    long_flags(line)
        .into_iter()
        .filter(|f| !known.contains(f))
        .map(|f| format!("{f} is not an option of `koe {sub}` (koe {sub} --help lists {known:?})"))
        .collect()
}

#[test]
fn every_koe_line_of_the_readme_and_the_guide_runs_as_written() {
    let mut helps = BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in documents() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.strip_prefix(root()).unwrap().display().to_string();
        for found in commands(&file, &text) {
            checked += 1;
            for fault in faults(&found.line, found.in_block, &mut helps) {
                problems.push(format!("{}: {}\n    {}", found.place, fault, found.line));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} koe command lines found: is the parser lost?"
    );
    assert!(
        problems.is_empty(),
        "{} command line(s) do not work as written:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The README's set-up installs the command that every other line uses, and runs the tests as CI
/// does.
#[test]
fn the_readme_sets_up_the_koe_command_and_runs_cargo_test() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let setup = readme.split("## Set up").nth(1).expect("a Set up section");
    let block = setup.split("```").nth(1).expect("a code block in Set up");
    let lines: Vec<&str> = block.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 2, "two commands: install and open, and test:\n{block}");
    assert!(lines[0].starts_with("cargo install --locked --path ."), "{}", lines[0]);
    assert!(without_comment(lines[1]).trim() == "cargo test", "{}", lines[1]);
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs the README's test command"
    );
}

/// The checker itself catches what it is for: an unknown flag, an unknown subcommand, a flag of
/// another subcommand; and reads tables, prompts, settings and comments as a reader would.
#[test]
fn the_checker_refuses_an_unknown_flag_or_subcommand() {
    let mut helps = BTreeMap::new();
    assert!(
        faults(
            "koe export council-feedback --format xlsx --by sector",
            true,
            &mut helps
        )
        .is_empty()
    );
    assert!(
        faults(
            "koe run SURVEY [--session LABEL] [--no-kiosk] [--plain]",
            true,
            &mut helps
        )
        .is_empty()
    );
    assert!(faults("koe --help", true, &mut helps).is_empty());
    assert!(faults("koe <command> --help", true, &mut helps).is_empty());
    let unknown = faults("koe export council-feedback --formt xlsx", true, &mut helps);
    assert!(unknown.len() == 1 && unknown[0].contains("--formt"), "{unknown:?}");
    let elsewhere = faults("koe run council-feedback --verify", true, &mut helps);
    assert!(
        elsewhere.len() == 1 && elsewhere[0].contains("--verify"),
        "{elsewhere:?}"
    );
    let no_such = faults("koe exprot council-feedback", false, &mut helps);
    assert!(
        no_such.len() == 1 && no_such[0].contains("exprot"),
        "a typo, even in prose: {no_such:?}"
    );
    let in_block = faults("koe frobnicate", true, &mut helps);
    assert!(
        in_block.len() == 1,
        "any unknown subcommand in a code block: {in_block:?}"
    );
    assert!(
        faults("koe cannot create its -wal and -shm files", false, &mut helps).is_empty(),
        "a message"
    );
    assert!(faults("koe entry, update + render of one key", false, &mut helps).is_empty());
    assert!(faults("koe …", false, &mut helps).is_empty());
    assert_eq!(distance("exprot", "export"), 2);
    assert!(subcommands().contains(&"merge".to_string()), "{:?}", subcommands());

    let text = "\
```sh
$ koe validate surveys/mine.json
KOE_PIN=2580 koe run council-feedback --session \"第3回 # 協議\"   # a comment --not-a-flag
cargo install --locked --path . && koe
```
| `koe convert FILE [--to json\\|xlsx]` | `koe list \\| head -1` and `koe.db`, `koe::unit` |
";
    let lines: Vec<String> = commands("t.md", text).into_iter().map(|f| f.line).collect();
    assert_eq!(
        lines,
        [
            "koe validate surveys/mine.json",
            "koe run council-feedback --session \"第3回 # 協議\"",
            "koe",
            "koe convert FILE [--to json|xlsx]",
            "koe list | head -1",
        ]
    );
    assert_eq!(
        long_flags("koe run x --session \"--x\" [--no-kiosk] --lang=en"),
        ["--session", "--no-kiosk", "--lang"]
    );
}

/// GitHub's anchor for a heading: lower case, letters (any script), digits, `-` and `_` kept,
/// spaces to `-`, everything else (punctuation, full-width brackets, `・`) dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The anchors of a Markdown file's headings (outside code blocks), a repeated one numbered as
/// GitHub numbers it.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    let mut in_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block || !line.starts_with('#') {
            continue;
        }
        let base = slug(line.trim_start_matches('#'));
        let n = seen.entry(base.clone()).or_insert(0);
        out.insert(if *n == 0 { base.clone() } else { format!("{base}-{n}") });
        *n += 1;
    }
    out
}

/// Every relative link of the README and the guide (`[text](path#anchor)`) reaches its file and
/// its heading, so moving a section never leaves a reader at a dead link.
#[test]
fn every_link_between_the_documents_reaches_its_place() {
    let mut problems = Vec::new();
    for path in documents() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.strip_prefix(root()).unwrap().display().to_string();
        let mut in_block = false;
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_block = !in_block;
            }
            if in_block {
                continue;
            }
            for target in line.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (file_part, anchor) = target.split_once('#').unwrap_or((target, ""));
                let linked = if file_part.is_empty() {
                    path.clone()
                } else {
                    path.parent().unwrap().join(file_part)
                };
                let place = format!("{file}:{}: ({target})", n + 1);
                if !linked.exists() {
                    problems.push(format!("{place}: no file {}", linked.display()));
                    continue;
                }
                if !anchor.is_empty() {
                    let heads = anchors(&std::fs::read_to_string(&linked).unwrap_or_default());
                    if !heads.contains(anchor) {
                        problems.push(format!("{place}: no heading #{anchor} there"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "dead links:\n{}", problems.join("\n"));
}

#[test]
fn a_slug_is_what_github_makes_of_a_heading() {
    assert_eq!(slug(" 5. 係の人のメニュー（F10）"), "5-係の人のメニューf10");
    assert_eq!(slug(" 9. 異常終了・停電のあと"), "9-異常終了停電のあと");
    assert_eq!(slug(" `koe: command not found`"), "koe-command-not-found");
    assert_eq!(
        slug(" Targets and results (目標値と実績値)"),
        "targets-and-results-目標値と実績値"
    );
}
