//! Playground mode against stateright on the same handlers: our explorer on the playground
//! model (src/check/playground.rs, as `paxos-check playground` runs it) and stateright 0.31 on
//! the page's own node handlers wrapped as actors (benches/common/stateright_playground.rs,
//! whose comment says what differs by construction and how it is made equal).
//!
//! `cargo bench --bench playground_vs_stateright [-- --quick]` (scripts/bench.sh runs it). The
//! configurations are `paxos-check playground` clusters (proposers that also learn, acceptors
//! that only accept), correct Paxos, no crashes:
//!
//! - 3 acceptors, 1 proposer, 2 rounds (423,301 states);
//! - 3 acceptors, 2 proposers, 1 round (6,752,120 states; depth first only, full run only);
//! - a lossy network: 2 acceptors, 2 proposers, 1 round (28,487 states), and in the full run
//!   2 acceptors, 1 proposer, 3 rounds.
//!
//! `--quick` runs the first and the first lossy one.
//!
//! Both sides run in this binary's processes, so both use its allocator, mimalloc, as
//! `paxos-check` does. **Table 1**, no symmetry on either side, one thread, the same strategy
//! on both (BFS and DFS): distinct states each side (they must be equal), seconds, states/s,
//! peak memory, and our states/s ÷ stateright's. **Table 2**, symmetry reduction on both sides, depth first
//! (stateright 0.31 reduces symmetry only depth first): ours with `Bounds { symmetry: true, .. }`
//! (one state per orbit) against stateright's `.symmetry()` (its representative sorts the
//! actors by state: sound, not canonical, so it stores more states); the counts differ by
//! construction, so the table compares time to verdict, and only the verdicts must agree.
//!
//! Each run happens in a child process of its own (this binary, re-run with `--child`), which
//! reads its peak resident memory (VmHWM in /proc/self/status) when it has finished, so each
//! figure is that run's alone; a run shorter than a second is repeated in its process and timed
//! by the mean (the peak is read after the first run). The parent prints the tables and exits
//! non-zero if the tools disagree on a verdict or (table 1) on the distinct-state count, a
//! verdict is not "safe" (correct Paxos), or a child fails; the ratios are reported, not
//! judged. It writes every run as JSON to
//! `target/bench/playground_vs_stateright.json` (`{ written_unix, quick, configurations:
//! [name], runs: [{ tool, strategy, configuration, symmetry, distinct, generated, depth,
//! seconds, states_per_sec, peak_kib, verdict }] }`).

#[cfg(not(target_arch = "wasm32"))]
#[path = "common/measure.rs"]
mod measure;

#[cfg(not(target_arch = "wasm32"))]
#[path = "common/stateright_playground.rs"]
#[allow(dead_code)] // the test's duplicating and broken setups
mod stateright_playground;

// As paxos-check (src/bin/paxos-check.rs): the search makes and frees millions of small
// allocations, and glibc's allocator made ours several times slower (3 acceptors, 2 proposers:
// 917 s breadth first with glibc's under a load of about 4, 144 s depth first with mimalloc
// under about 2). The allocator is per process, so stateright's runs get it too.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use crate::stateright_playground::{ours, stateright, Setup, Tally};
    use paxos_playground::check::explore::Strategy;
    use std::process::{Command, ExitCode};
    use std::time::Instant;

    /// A configuration of the benchmark.
    struct Configuration {
        setup: Setup,
        /// Whether `--quick` runs it.
        quick: bool,
        /// Whether it runs breadth first too (besides depth first, which every one does).
        bfs: bool,
    }

    /// The configurations, in table order.
    fn configurations() -> Vec<Configuration> {
        let configuration = |setup, quick, bfs| Configuration { setup, quick, bfs };
        vec![
            configuration(Setup::new(1, 3, 2), true, true),
            // 6,752,120 states: breadth first, ours would store them all and stateright's queue
            // would hold a level of whole states (gigabytes each); depth first only.
            configuration(Setup::new(2, 3, 1), false, false),
            configuration(Setup::new(2, 2, 1).loss(), true, true),
            configuration(Setup::new(1, 2, 3).loss(), false, true),
        ]
    }

    /// The tools each configuration runs under: (tool, symmetry reduction, strategies).
    /// Stateright 0.31 reduces symmetry only depth first.
    const TOOLS: [(&str, bool, &[&str]); 4] = [
        ("ours", false, &["bfs", "dfs"]),
        ("stateright", false, &["bfs", "dfs"]),
        ("ours", true, &["dfs"]),
        ("stateright", true, &["dfs"]),
    ];

    /// One run's figures, as a child prints them on one line.
    struct Run {
        tool: String,
        symmetry: bool,
        strategy: String,
        /// The configuration's index in [`configurations`].
        configuration: usize,
        tally: Tally,
        peak_kib: u64,
    }

    impl Run {
        fn states_per_second(&self) -> f64 {
            self.tally.distinct as f64 / self.tally.seconds
        }

        fn to_line(&self) -> String {
            let t = &self.tally;
            format!(
                "RUN {} {} {} {} {} {} {} {:.6} {} {}",
                self.tool,
                self.symmetry,
                self.strategy,
                self.configuration,
                t.distinct,
                t.generated,
                t.depth,
                t.seconds,
                self.peak_kib,
                t.verdict
            )
        }

        fn from_line(line: &str) -> Option<Run> {
            let f: Vec<&str> = line.strip_prefix("RUN ")?.splitn(10, ' ').collect();
            Some(Run {
                tool: f.first()?.to_string(),
                symmetry: f.get(1)?.parse().ok()?,
                strategy: f.get(2)?.to_string(),
                configuration: f.get(3)?.parse().ok()?,
                tally: Tally {
                    distinct: f.get(4)?.parse().ok()?,
                    generated: f.get(5)?.parse().ok()?,
                    depth: f.get(6)?.parse().ok()?,
                    seconds: f.get(7)?.parse().ok()?,
                    verdict: f.get(9)?.to_string(),
                },
                peak_kib: f.get(8)?.parse().ok()?,
            })
        }
    }

    fn child_once(tool: &str, symmetry: bool, strategy: Strategy, setup: &Setup) -> Tally {
        match tool {
            "ours" if symmetry => ours(&setup.symmetry(), strategy),
            "ours" => ours(setup, strategy),
            "stateright" => stateright(setup, strategy, symmetry),
            other => panic!("unknown tool {other}"),
        }
    }

    /// One measurement: runs shorter than a second are repeated until a second has passed,
    /// and timed by their mean.
    fn child(tool: &str, symmetry: bool, strategy: &str, configuration: usize) -> Run {
        let setup = configurations()[configuration].setup;
        let strategy_of = if strategy == "bfs" {
            Strategy::Bfs
        } else {
            Strategy::Dfs
        };
        let started = Instant::now();
        let mut tally = child_once(tool, symmetry, strategy_of, &setup);
        // The peak memory of the first run: a repeat may not reuse the freed pages exactly.
        let peak_kib = crate::measure::peak_kib();
        let mut runs = 1;
        let mut seconds = tally.seconds;
        while started.elapsed().as_secs_f64() < 1.0 {
            let again = child_once(tool, symmetry, strategy_of, &setup);
            assert_eq!(
                again.distinct, tally.distinct,
                "a repeated run finds the same states"
            );
            seconds += again.seconds;
            runs += 1;
            tally = again;
        }
        tally.seconds = seconds / f64::from(runs);
        Run {
            tool: tool.into(),
            symmetry,
            strategy: strategy.into(),
            configuration,
            tally,
            peak_kib,
        }
    }

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if args.first().map(String::as_str) == Some("--child") {
            let run = child(
                &args[1],
                args[2] == "true",
                &args[3],
                args[4].parse().expect("a configuration's index"),
            );
            println!("{}", run.to_line());
            return ExitCode::SUCCESS;
        }
        // `cargo bench` adds `--bench`; anything else but `--quick` is a mistake.
        let mut quick = false;
        for arg in &args {
            match arg.as_str() {
                "--quick" => quick = true,
                "--bench" => {}
                other => {
                    eprintln!(
                        "playground_vs_stateright: unknown argument '{other}'; use --quick or \
                         nothing"
                    );
                    return ExitCode::from(2);
                }
            }
        }
        let configurations = configurations();
        let chosen: Vec<usize> = (0..configurations.len())
            .filter(|&i| !quick || configurations[i].quick)
            .collect();
        let name = |i: usize| configurations[i].setup.name();
        let exe = std::env::current_exe().expect("the benchmark's own path");
        let mut failed = false;
        let mut runs: Vec<Run> = Vec::new();
        println!(
            "playground_vs_stateright: the playground model (paxos-check playground clusters, \
             correct Paxos, no crashes), one thread, each run in its own process"
        );
        for &configuration in &chosen {
            for (tool, symmetry, strategies) in TOOLS {
                for &strategy in strategies {
                    if strategy == "bfs" && !configurations[configuration].bfs {
                        continue;
                    }
                    let output = Command::new(&exe)
                        .args([
                            "--child",
                            tool,
                            &symmetry.to_string(),
                            strategy,
                            &configuration.to_string(),
                        ])
                        .output()
                        .expect("the benchmark can run itself");
                    let stdout = String::from_utf8_lossy(&output.stdout);
                    match stdout.lines().find_map(Run::from_line) {
                        Some(run) if output.status.success() => {
                            eprintln!("  done: {} ({})", run.to_line(), name(configuration));
                            runs.push(run);
                        }
                        _ => {
                            eprintln!(
                                "playground_vs_stateright: {tool} {strategy} (symmetry \
                                 {symmetry}) on {} failed: {}\n{}",
                                name(configuration),
                                output.status,
                                String::from_utf8_lossy(&output.stderr)
                            );
                            failed = true;
                        }
                    }
                }
            }
        }
        let find = |tool: &str, symmetry: bool, strategy: &str, configuration: usize| {
            runs.iter().find(|r| {
                r.tool == tool
                    && r.symmetry == symmetry
                    && r.strategy == strategy
                    && r.configuration == configuration
            })
        };

        println!();
        println!("Without symmetry reduction (the distinct counts must be equal):");
        println!();
        println!(
            "| configuration | strategy | distinct states (ours / stateright) | seconds (ours / \
             stateright) | states/s (ours / stateright) | peak KiB (ours / stateright) | ours ÷ \
             stateright states/s |"
        );
        println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for &configuration in &chosen {
            for strategy in ["bfs", "dfs"] {
                let (Some(o), Some(s)) = (
                    find("ours", false, strategy, configuration),
                    find("stateright", false, strategy, configuration),
                ) else {
                    continue;
                };
                println!(
                    "| {} | {} | {} / {} | {:.2} / {:.2} | {:.0} / {:.0} | {} / {} | {:.1}x |",
                    name(configuration),
                    strategy.to_uppercase(),
                    o.tally.distinct,
                    s.tally.distinct,
                    o.tally.seconds,
                    s.tally.seconds,
                    o.states_per_second(),
                    s.states_per_second(),
                    o.peak_kib,
                    s.peak_kib,
                    o.states_per_second() / s.states_per_second()
                );
                if o.tally.distinct != s.tally.distinct || o.tally.verdict != s.tally.verdict {
                    eprintln!(
                        "playground_vs_stateright: {} {strategy}: ours found {} states ({}), \
                         stateright {} ({})",
                        name(configuration),
                        o.tally.distinct,
                        o.tally.verdict,
                        s.tally.distinct,
                        s.tally.verdict
                    );
                    failed = true;
                }
            }
        }

        println!();
        println!(
            "With symmetry reduction on both sides, DFS (the counts differ by construction; the \
             verdicts must agree):"
        );
        println!();
        println!(
            "| configuration | verdict (ours / stateright) | distinct states (ours / \
             stateright) | seconds to verdict (ours / stateright) | peak KiB (ours / stateright) \
             | stateright seconds ÷ ours |"
        );
        println!("| --- | --- | ---: | ---: | ---: | ---: |");
        for &configuration in &chosen {
            let (Some(o), Some(s)) = (
                find("ours", true, "dfs", configuration),
                find("stateright", true, "dfs", configuration),
            ) else {
                continue;
            };
            println!(
                "| {} | {} / {} | {} / {} | {:.2} / {:.2} | {} / {} | {:.1}x |",
                name(configuration),
                o.tally.verdict,
                s.tally.verdict,
                o.tally.distinct,
                s.tally.distinct,
                o.tally.seconds,
                s.tally.seconds,
                o.peak_kib,
                s.peak_kib,
                s.tally.seconds / o.tally.seconds
            );
            if o.tally.verdict != s.tally.verdict {
                eprintln!(
                    "playground_vs_stateright: {} with symmetry: ours says {}, stateright {}",
                    name(configuration),
                    o.tally.verdict,
                    s.tally.verdict
                );
                failed = true;
            }
        }
        for run in &runs {
            if run.tally.verdict != "safe" {
                eprintln!(
                    "playground_vs_stateright: {} under {} {}: {} (correct Paxos is safe)",
                    name(run.configuration),
                    run.tool,
                    run.strategy,
                    run.tally.verdict
                );
                failed = true;
            }
        }

        let names: Vec<String> = configurations.iter().map(|c| c.setup.name()).collect();
        match write_json(&runs, &names, &chosen, quick) {
            Ok(file) => println!(
                "\nplayground_vs_stateright: figures written to {}",
                file.display()
            ),
            Err(error) => {
                eprintln!("playground_vs_stateright: could not write the figures as JSON: {error}");
                failed = true;
            }
        }
        if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }

    /// Writes `runs` to `<target dir>/bench/playground_vs_stateright.json` (the target
    /// directory is `$CARGO_TARGET_DIR` if set, else `target/` beside Cargo.toml), with the
    /// `names` of every configuration and which were `chosen`; returns the file's path.
    fn write_json(
        runs: &[Run],
        names: &[String],
        chosen: &[usize],
        quick: bool,
    ) -> std::io::Result<std::path::PathBuf> {
        let json = serde_json::json!({
            "benchmark": "playground_vs_stateright",
            "quick": quick,
            "configurations": chosen.iter().map(|&i| &names[i]).collect::<Vec<_>>(),
            "runs": runs.iter().map(|r| serde_json::json!({
                "tool": r.tool,
                "strategy": r.strategy,
                "configuration": names[r.configuration],
                "symmetry": r.symmetry,
                "distinct": r.tally.distinct,
                "generated": r.tally.generated,
                "depth": r.tally.depth,
                "seconds": r.tally.seconds,
                "states_per_sec": r.states_per_second(),
                "peak_kib": r.peak_kib,
                "verdict": r.tally.verdict,
            })).collect::<Vec<_>>(),
        });
        crate::measure::write_json("playground_vs_stateright", json)
    }
}
