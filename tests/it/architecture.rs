//! The house rules of ARCHITECTURE.md, checked on the source: data flows down the layers
//! (paxos, then sim, then check, then view, then the facade and the fuzz harness), nothing
//! imports upward, and no two modules of one parent import each other, directly or around a
//! loop. The graph is read from the paths in the code (`crate::sim::world`, `super::text`,
//! `super::{action, config}`), comments left out; a child module using its parent, or a parent
//! its child, is one module split in files, not an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's path from the crate root, e.g. `["sim", "world", "faults"]`.
type Module = Vec<String>;

/// The layer of a top-level module: a module may use its own layer and those below.
fn layer(top: &str) -> usize {
    match top {
        "paxos" => 0,
        "sim" => 1,
        "check" => 2,
        "view" => 3,
        "wasm" | "fuzz" => 4,
        other => panic!("module {other} has no layer; add it to ARCHITECTURE.md and here"),
    }
}

/// Every module of the library (src/, without src/bin and lib.rs) and its source.
fn modules() -> BTreeMap<Module, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, String>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("an entry").path();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                if prefix.is_empty() && name == "bin" {
                    continue;
                }
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if prefix.is_empty() && name == "lib" {
                    continue;
                }
                let mut module = prefix.to_vec();
                if name != "mod" {
                    module.push(name);
                }
                out.insert(module, std::fs::read_to_string(&path).expect("readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// The identifiers of a path that starts at `text` (after `crate::` or `super::`): one path,
/// or one per item of a `{...}` group.
fn paths(text: &str) -> Vec<Vec<String>> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(group) = text.strip_prefix('{') {
        let group = &group[..group.find('}').unwrap_or(group.len())];
        return group
            .split(',')
            .map(|item| {
                item.trim()
                    .split("::")
                    .map(ident)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .collect();
    }
    let mut path = Vec::new();
    let mut rest = text;
    loop {
        let name = ident(rest);
        if name.is_empty() {
            break;
        }
        rest = &rest[name.len()..];
        path.push(name);
        match rest.strip_prefix("::") {
            Some(more) if !more.starts_with('{') => rest = more,
            Some(more) => {
                return paths(more)
                    .into_iter()
                    .map(|tail| path.iter().cloned().chain(tail).collect())
                    .collect()
            }
            None => break,
        }
    }
    vec![path]
}

/// The modules `source` (of `module`) refers to, each resolved to the longest known module.
fn uses(module: &Module, source: &str, known: &BTreeSet<Module>) -> BTreeSet<Module> {
    let mut found = BTreeSet::new();
    let code = source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let longest = |full: Vec<String>| -> Option<Module> {
        (1..=full.len())
            .rev()
            .map(|n| full[..n].to_vec())
            .find(|m| known.contains(m))
    };
    for (i, _) in code.match_indices("crate::") {
        for path in paths(&code[i + "crate::".len()..]) {
            found.extend(longest(path));
        }
    }
    for (i, _) in code.match_indices("super::") {
        // `super::super::x` is handled at its first `super`.
        if code[..i].ends_with("super::") {
            continue;
        }
        let mut rest = &code[i..];
        let mut base = module.clone();
        while let Some(more) = rest.strip_prefix("super::") {
            base.pop();
            rest = more;
        }
        for path in paths(rest) {
            found.extend(longest(base.iter().cloned().chain(path).collect()));
        }
    }
    found.remove(module);
    found
}

/// Whether `a` contains `b` or `b` contains `a` (one module split in files).
fn nested(a: &Module, b: &Module) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// The edges between the modules of the library.
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    let known: BTreeSet<Module> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(module, source)| {
            let targets = uses(module, source, &known)
                .into_iter()
                .filter(|target| !nested(module, target))
                .collect();
            (module.clone(), targets)
        })
        .collect()
}

#[test]
fn nothing_imports_upward() {
    let graph = graph();
    let upward: Vec<String> = graph
        .iter()
        .flat_map(|(from, targets)| targets.iter().map(move |to| (from, to)))
        .filter(|(from, to)| layer(&to[0]) > layer(&from[0]))
        .map(|(from, to)| format!("{} -> {}", from.join("::"), to.join("::")))
        .collect();
    assert!(upward.is_empty(), "upward imports: {upward:?}");
    // Sometimes: the reading finds the edges that are there, down and across.
    let has = |from: &str, to: &str| {
        let split = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
        graph[&split(from)].contains(&split(to))
    };
    assert!(has("sim::world", "sim::network"), "{graph:?}");
    assert!(has("sim::world::faults", "sim::text"), "{graph:?}");
    assert!(has("check::invariants", "sim"), "{graph:?}");
    assert!(has("view", "check"), "{graph:?}");
    assert!(
        has("wasm", "wasm::read") || has("wasm::verifier", "wasm::read"),
        "{graph:?}"
    );
}

#[test]
fn no_module_imports_itself_around_a_loop() {
    let graph = graph();
    // Depth-first search for a back edge; report the loop it closes.
    fn visit(
        node: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        stack: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
        loops: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|m| m == node) {
            let names: Vec<String> = stack[at..].iter().map(|m| m.join("::")).collect();
            loops.push(format!("{} -> {}", names.join(" -> "), node.join("::")));
            return;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done, loops);
        }
        stack.pop();
        done.insert(node.clone());
    }
    let (mut done, mut loops) = (BTreeSet::new(), Vec::new());
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut loops);
    }
    assert!(loops.is_empty(), "import cycles: {loops:?}");
    // Sometimes: the search does walk long paths (a loop could be found if one were there).
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges > 40, "only {edges} edges were read");
}

#[test]
fn the_reader_resolves_groups_and_super_and_crate_paths_and_skips_comments() {
    let known: BTreeSet<Module> = [
        vec!["sim"],
        vec!["sim", "a"],
        vec!["sim", "b"],
        vec!["view"],
    ]
    .into_iter()
    .map(|m| m.into_iter().map(str::to_string).collect())
    .collect();
    let a = vec!["sim".to_string(), "a".to_string()];
    let found = uses(
        &a,
        "use super::{b, c::D};\n// use crate::check;\nfn f() { crate::view::state(); }",
        &known,
    );
    let names: Vec<String> = found.iter().map(|m| m.join("::")).collect();
    assert_eq!(names, ["sim", "sim::b", "view"]);
}
