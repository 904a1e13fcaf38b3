//! The layering rule of docs/architecture.md: no module imports a sibling that imports it back
//! (the app and the view, the survey and the tally, the tally's parts). A module's parent and
//! children are its own and may refer to each other; siblings may not, both ways.
//!
//! Read from the source: every `crate::a::b` and `super::x` path outside comments and unit-test
//! modules is an edge from the file's module to the module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/tui/app/mod.rs` → `[tui, app]`; `src/tui/app/effects.rs` → `[tui, app, effects]`.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The paths after `prefix` in `code`, as module segments (`crate::tally::fold::Tally` →
/// `[tally, fold, Tally]`).
fn paths_after<'a>(code: &'a str, prefix: &'a str) -> impl Iterator<Item = Module> + 'a {
    code.match_indices(prefix).filter_map(move |(at, _)| {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let rest = &code[at + prefix.len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Module = path.split("::").filter(|p| !p.is_empty()).map(str::to_string).collect();
        (!parts.is_empty()).then_some(parts)
    })
}

/// Each module's references to other modules, at every depth.
fn references() -> BTreeMap<Module, BTreeSet<Module>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        if module == ["main"] || module == ["lib"] {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let code: String = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut to: BTreeSet<Module> = paths_after(&code, "crate::").collect();
        // `super::x` is the parent's `x`, from `a/b.rs` and from `a/b/mod.rs` alike.
        let parent: Module = module[..module.len() - 1].to_vec();
        to.extend(paths_after(&code, "super::").map(|p| [parent.clone(), p].concat()));
        edges.entry(module).or_default().extend(to);
    }
    edges
}

#[test]
fn no_module_imports_a_sibling_that_imports_it_back() {
    let edges = references();
    // Siblings: modules with the same parent, each with everything below it.
    let mut between: BTreeSet<(Module, Module)> = BTreeSet::new();
    for (from, tos) in &edges {
        for to in tos {
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            if common < from.len() && common < to.len() {
                between.insert((from[..=common].to_vec(), to[..=common].to_vec()));
            }
        }
    }
    let mutual: Vec<String> = between
        .iter()
        .filter(|(a, b)| a < b && between.contains(&(b.clone(), a.clone())))
        .map(|(a, b)| format!("{} <-> {}", a.join("::"), b.join("::")))
        .collect();
    assert!(mutual.is_empty(), "modules that import each other: {mutual:?}");
    // The check reads what it should: the app is known to use the store's types and the tally.
    assert!(
        edges[&vec!["tui".to_string(), "app".to_string()]]
            .iter()
            .any(|m| m[0] == "survey")
    );
}
