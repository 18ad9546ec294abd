//! Lamport-spec mode against stateright, the strongest model checker in Rust, on the same
//! model: Lamport's Paxos.tla with 2 values, 3 acceptors and MaxBallot 2 and 3 (issue 4's
//! table), and 4 acceptors with MaxBallot 2 (issue 14's target). `--quick`: 3 acceptors,
//! MaxBallot 2 only.
//!
//! `cargo bench --bench spec_vs_stateright [-- --quick]` (scripts/bench.sh runs it). Each run
//! (our explorer BFS and DFS, stateright BFS and DFS, no symmetry) happens in a child process
//! of its own (this binary, re-run with `--child`), which reads its peak resident memory
//! (VmHWM in /proc/self/status) when it has finished, so each figure is that run's alone (a
//! run shorter than a second is repeated in its process and timed by the mean; the peak is
//! read after the first run). Stateright runs on one thread. So does ours, except one run of
//! 4 acceptors on two threads (both cores: the explorer's parallel breadth-first search,
//! which stores exactly the states one thread does). The parent prints one table and the
//! ratios the issues set as targets: our states/s ÷ stateright DFS states/s (target ≥ 10 on 3
//! acceptors, ≥ 25 on 4) and our peak memory ÷ stateright BFS peak memory (target ≤ 1). It
//! exits non-zero if the tools disagree on the distinct-state count or the verdict, or a child
//! fails; the ratios are reported, not judged.
//!
//! The parent also writes every run's figures as JSON to `target/bench/spec_vs_stateright.json`
//! (`{ written_unix, quick, values, runs: [{ tool, strategy, acceptors, max_ballot, threads,
//! distinct, generated, depth, seconds, states_per_sec, peak_kib, verdict }] }`), which
//! `e2e/bench-checker.mjs` reads to put the wasm checker in Chromium against stateright's
//! native DFS in the same `npm run bench`.
//!
//! Two stateright models run: "plain" (the spec as a stateright user writes it: plain fields,
//! a BTreeSet of messages; the targets are judged against it) and "packed" (our own packed
//! state under stateright's explorer, which separates the encoding's share of the speed-up
//! from the explorer's).
//!
//! "ours" checks everything spec mode checks: TypeOK and Inv on every state, the refinement
//! of Voting on every step, agreement, and that a value is chosen. The stateright models check
//! the last two only; "ours-agreement" is our explorer and model checking those two only, the
//! same work as stateright's, and the difference from "ours" is the cost of the other three.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/it/common/spec_twin.rs"]
#[allow(dead_code)]
mod spec_twin;

#[cfg(not(target_arch = "wasm32"))]
#[path = "common/measure.rs"]
mod measure;

#[cfg(not(target_arch = "wasm32"))]
#[path = "common/stateright_spec.rs"]
mod stateright_spec;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use crate::spec_twin::TwinSpec;
    use crate::stateright_spec::{PackedSpec, PlainSpec};
    use paxos_playground::check::explore::{
        explore, Expectation, Options, Outcome, Property, Strategy,
    };
    use paxos_playground::check::spec::{
        SpecAction, SpecConfig, SpecModel, SpecState, AGREEMENT, CHOSEN,
    };
    use stateright::{Checker, Model};
    use std::process::{Command, ExitCode};
    use std::time::Instant;

    const VALUES: usize = 2;

    /// One run's figures, as a child prints them on one line.
    struct Run {
        tool: String,
        strategy: String,
        acceptors: usize,
        max_ballot: u8,
        /// Threads our explorer used (stateright's runs use one).
        threads: usize,
        distinct: usize,
        generated: u64,
        depth: usize,
        seconds: f64,
        peak_kib: u64,
        /// "safe" (no violation, a value is chosen), or what went wrong.
        verdict: String,
    }

    impl Run {
        fn states_per_second(&self) -> f64 {
            self.distinct as f64 / self.seconds
        }

        fn to_line(&self) -> String {
            format!(
                "RUN {} {} {} {} {} {} {} {} {:.6} {} {}",
                self.tool,
                self.strategy,
                self.acceptors,
                self.max_ballot,
                self.threads,
                self.distinct,
                self.generated,
                self.depth,
                self.seconds,
                self.peak_kib,
                self.verdict
            )
        }

        fn from_line(line: &str) -> Option<Run> {
            let f: Vec<&str> = line.strip_prefix("RUN ")?.split(' ').collect();
            Some(Run {
                tool: f.first()?.to_string(),
                strategy: f.get(1)?.to_string(),
                acceptors: f.get(2)?.parse().ok()?,
                max_ballot: f.get(3)?.parse().ok()?,
                threads: f.get(4)?.parse().ok()?,
                distinct: f.get(5)?.parse().ok()?,
                generated: f.get(6)?.parse().ok()?,
                depth: f.get(7)?.parse().ok()?,
                seconds: f.get(8)?.parse().ok()?,
                peak_kib: f.get(9)?.parse().ok()?,
                verdict: f.get(10)?.to_string(),
            })
        }
    }

    fn config(acceptors: usize, max_ballot: u8) -> SpecConfig {
        SpecConfig {
            acceptors,
            values: VALUES,
            max_ballot,
        }
    }

    /// Our model checking what the stateright models check, agreement and "a value is
    /// chosen", and nothing else.
    struct AgreementOnly(SpecModel);

    impl paxos_playground::check::explore::Model for AgreementOnly {
        type State = SpecState;
        type Action = SpecAction;
        fn init_states(&self) -> Vec<SpecState> {
            self.0.init_states()
        }
        fn next_states(&self, state: &SpecState, emit: &mut dyn FnMut(SpecAction, SpecState)) {
            self.0.next_states(state, emit)
        }
        fn properties(&self) -> Vec<Property<Self>> {
            vec![
                Property {
                    name: AGREEMENT,
                    expectation: Expectation::Always,
                    condition: |m, s| m.0.chosen_count(s) <= 1,
                },
                Property {
                    name: CHOSEN,
                    expectation: Expectation::Sometimes,
                    condition: |m, s| m.0.chosen_count(s) > 0,
                },
            ]
        }
    }

    fn run_ours(tool: &str, strategy: &str, size: Size) -> Run {
        let model = SpecModel::new(config(size.acceptors, size.max_ballot))
            .expect("a supported configuration");
        match tool {
            "ours" => run_explorer(tool, &model, strategy, size),
            _ => run_explorer(tool, &AgreementOnly(model), strategy, size),
        }
    }

    fn run_explorer<M: paxos_playground::check::explore::Model>(
        tool: &str,
        model: &M,
        strategy: &str,
        size: Size,
    ) -> Run {
        let started = Instant::now();
        let report = explore(
            model,
            Options {
                strategy: if strategy == "bfs" {
                    Strategy::Bfs
                } else {
                    Strategy::Dfs
                },
                threads: size.threads,
                ..Options::default()
            },
        );
        let seconds = started.elapsed().as_secs_f64();
        let verdict = match (
            &report.outcome,
            report.violation(),
            &report.finding(CHOSEN).expect("a sometimes property").path,
        ) {
            (Outcome::Complete, None, Some(_)) => "safe".to_string(),
            (outcome, violation, _) => format!("{outcome:?}/{}", violation.is_some()),
        };
        Run {
            tool: tool.into(),
            strategy: strategy.into(),
            acceptors: size.acceptors,
            max_ballot: size.max_ballot,
            threads: size.threads,
            distinct: report.progress.distinct_states,
            generated: report.progress.generated_states,
            depth: report.progress.depth,
            seconds,
            peak_kib: crate::measure::peak_kib(),
            verdict,
        }
    }

    fn run_stateright<M>(tool: &str, model: M, strategy: &str, size: Size) -> Run
    where
        M: Model + Send + Sync + 'static,
        M::State: std::hash::Hash + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static,
        M::Action: Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static,
    {
        let builder = model.checker(); // one thread, no symmetry: stateright's defaults
        let started = Instant::now();
        let checker = if strategy == "bfs" {
            Box::new(builder.spawn_bfs().join()) as Box<dyn Checker<M>>
        } else {
            Box::new(builder.spawn_dfs().join())
        };
        let seconds = started.elapsed().as_secs_f64();
        let discoveries = checker.discoveries();
        let verdict = match (
            discoveries.contains_key("at most one value chosen"),
            discoveries.contains_key("a value is chosen"),
        ) {
            (false, true) => "safe".to_string(),
            (violated, chosen) => format!("violated={violated}/chosen={chosen}"),
        };
        Run {
            tool: tool.into(),
            strategy: strategy.into(),
            acceptors: size.acceptors,
            max_ballot: size.max_ballot,
            threads: 1,
            distinct: checker.unique_state_count(),
            generated: checker.state_count() as u64,
            depth: checker.max_depth(),
            seconds,
            peak_kib: crate::measure::peak_kib(),
            verdict,
        }
    }

    /// One measurement: runs shorter than a second are repeated until a second has passed,
    /// and timed by their mean (MaxBallot 2 takes ours about 20 ms, too short to time once).
    fn child(tool: &str, strategy: &str, size: Size) -> Run {
        let started = Instant::now();
        let mut run = child_once(tool, strategy, size);
        // The peak memory of the first run: a repeat may not reuse the freed pages exactly.
        let peak_kib = run.peak_kib;
        let mut runs = 1;
        let mut seconds = run.seconds;
        while started.elapsed().as_secs_f64() < 1.0 {
            let again = child_once(tool, strategy, size);
            assert_eq!(
                again.distinct, run.distinct,
                "a repeated run finds the same states"
            );
            seconds += again.seconds;
            runs += 1;
            run = again;
        }
        run.seconds = seconds / f64::from(runs);
        run.peak_kib = peak_kib;
        run
    }

    fn child_once(tool: &str, strategy: &str, size: Size) -> Run {
        let twin = TwinSpec::new(size.acceptors as u8, VALUES as u8, size.max_ballot);
        match tool {
            "ours" | "ours-agreement" => run_ours(tool, strategy, size),
            "stateright" => run_stateright(tool, PlainSpec { spec: twin }, strategy, size),
            "stateright-packed" => {
                let model =
                    SpecModel::new(config(size.acceptors, size.max_ballot)).expect("supported");
                run_stateright(tool, PackedSpec { model }, strategy, size)
            }
            other => panic!("unknown tool {other}"),
        }
    }

    /// A configuration of the spec and the threads our explorer uses on it.
    #[derive(Clone, Copy)]
    struct Size {
        acceptors: usize,
        max_ballot: u8,
        threads: usize,
    }

    /// The runs of one configuration: (tool, strategy, threads).
    type Plan = (usize, u8, &'static [(&'static str, &'static str, usize)]);

    /// 3 acceptors, MaxBallot 2 and 3: every tool both ways, one thread (issue 4's table).
    const ONE_THREAD: &[(&str, &str, usize)] = &[
        ("ours", "bfs", 1),
        ("ours", "dfs", 1),
        ("ours-agreement", "bfs", 1),
        ("ours-agreement", "dfs", 1),
        ("stateright", "bfs", 1),
        ("stateright", "dfs", 1),
        ("stateright-packed", "bfs", 1),
        ("stateright-packed", "dfs", 1),
    ];

    /// 4 acceptors, MaxBallot 2 (issue 14's target): ours on one thread and on two (both
    /// cores), against stateright's depth-first search on one.
    const BOTH_CORES: &[(&str, &str, usize)] = &[
        ("ours", "bfs", 1),
        ("ours", "bfs", 2),
        ("ours", "dfs", 1),
        ("stateright", "dfs", 1),
    ];

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if args.first().map(String::as_str) == Some("--child") {
            let size = Size {
                acceptors: args[3].parse().expect("acceptors"),
                max_ballot: args[4].parse().expect("a max ballot"),
                threads: args[5].parse().expect("threads"),
            };
            let run = child(&args[1], &args[2], size);
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
                        "spec_vs_stateright: unknown argument '{other}'; use --quick or nothing"
                    );
                    return ExitCode::from(2);
                }
            }
        }
        let plans: &[Plan] = if quick {
            &[(3, 2, ONE_THREAD)]
        } else {
            &[(3, 2, ONE_THREAD), (3, 3, ONE_THREAD), (4, 2, BOTH_CORES)]
        };
        let exe = std::env::current_exe().expect("the benchmark's own path");
        let mut failed = false;
        let mut runs: Vec<Run> = Vec::new();
        println!(
            "spec_vs_stateright: Paxos.tla, {VALUES} values, no symmetry, each run in its own \
             process (stateright on one thread)"
        );
        for &(acceptors, max_ballot, tools) in plans {
            for &(tool, strategy, threads) in tools {
                let output = Command::new(&exe)
                    .args(["--child", tool, strategy])
                    .args([acceptors, usize::from(max_ballot), threads].map(|n| n.to_string()))
                    .output()
                    .expect("the benchmark can run itself");
                let stdout = String::from_utf8_lossy(&output.stdout);
                match stdout.lines().find_map(Run::from_line) {
                    Some(run) if output.status.success() => {
                        eprintln!("  done: {}", run.to_line());
                        runs.push(run);
                    }
                    _ => {
                        eprintln!(
                            "spec_vs_stateright: {tool} {strategy} {acceptors} acceptors \
                             MaxBallot {max_ballot} {threads} threads failed: {}\n{}",
                            output.status,
                            String::from_utf8_lossy(&output.stderr)
                        );
                        failed = true;
                    }
                }
            }
        }

        println!();
        println!(
            "| tool | strategy | threads | acceptors | MaxBallot | distinct states | generated | \
             depth | seconds | states/s | peak MiB |"
        );
        println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for r in &runs {
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.0} | {:.1} |",
                r.tool,
                r.strategy.to_uppercase(),
                r.threads,
                r.acceptors,
                r.max_ballot,
                r.distinct,
                r.generated,
                r.depth,
                r.seconds,
                r.states_per_second(),
                r.peak_kib as f64 / 1024.0
            );
        }
        println!();
        for &(acceptors, max_ballot, _) in plans {
            let name = format!("{acceptors} acceptors, MaxBallot {max_ballot}");
            let find = |tool: &str, strategy: &str, threads: usize| {
                runs.iter().find(|r| {
                    r.tool == tool
                        && r.strategy == strategy
                        && r.threads == threads
                        && r.acceptors == acceptors
                        && r.max_ballot == max_ballot
                })
            };
            let size: Vec<&Run> = runs
                .iter()
                .filter(|r| r.acceptors == acceptors && r.max_ballot == max_ballot)
                .collect();
            if let Some(first) = size.first() {
                for r in &size {
                    if r.distinct != first.distinct || r.verdict != "safe" {
                        eprintln!(
                            "spec_vs_stateright: {name}: {} {} found {} states ({}), {} {} \
                             found {} ({})",
                            r.tool,
                            r.strategy,
                            r.distinct,
                            r.verdict,
                            first.tool,
                            first.strategy,
                            first.distinct,
                            first.verdict
                        );
                        failed = true;
                    }
                }
            }
            let Some(sr_dfs) = find("stateright", "dfs", 1) else {
                continue;
            };
            // Issue 4 set 10x on 3 acceptors, one thread; issue 14 sets 25x on 4 acceptors,
            // both cores allowed.
            let target = if acceptors == 4 { 25 } else { 10 };
            for r in size.iter().filter(|r| r.tool == "ours") {
                let speed = r.states_per_second() / sr_dfs.states_per_second();
                let memory = find("stateright", "bfs", 1)
                    .map(|sr_bfs| {
                        format!(
                            "; peak memory ÷ stateright BFS peak memory = {:.2} (target ≤ 1)",
                            r.peak_kib as f64 / sr_bfs.peak_kib as f64
                        )
                    })
                    .unwrap_or_default();
                println!(
                    "{name}: ours {} on {} thread{} states/s ÷ stateright DFS states/s = \
                     {speed:.1}x (target ≥ {target}){memory}",
                    r.strategy.to_uppercase(),
                    r.threads,
                    if r.threads == 1 { "" } else { "s" },
                );
            }
            for strategy in ["bfs", "dfs"] {
                if let (Some(all), Some(same)) = (
                    find("ours", strategy, 1),
                    find("ours-agreement", strategy, 1),
                ) {
                    println!(
                        "{name}: the same properties as stateright: ours {} states/s ÷ \
                         stateright DFS states/s = {:.1}x; TypeOK, Inv and the refinement cost \
                         {:.0}% more time",
                        strategy.to_uppercase(),
                        same.states_per_second() / sr_dfs.states_per_second(),
                        (all.seconds / same.seconds - 1.0) * 100.0
                    );
                }
            }
            if let Some(packed) = find("stateright-packed", "dfs", 1) {
                let ours = find("ours", "dfs", 1).map_or(f64::NAN, |o| o.states_per_second());
                println!(
                    "{name}: explorer only (same packed states): ours DFS ÷ stateright DFS = \
                     {:.1}x",
                    ours / packed.states_per_second()
                );
            }
        }
        match write_json(&runs, quick) {
            Ok(file) => println!(
                "\nspec_vs_stateright: figures written to {}",
                file.display()
            ),
            Err(error) => {
                eprintln!("spec_vs_stateright: could not write the figures as JSON: {error}");
                failed = true;
            }
        }
        if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }

    /// Writes `runs` to `<target dir>/bench/spec_vs_stateright.json` (the target directory is
    /// `$CARGO_TARGET_DIR` if set, else `target/` beside Cargo.toml); returns the file's path.
    fn write_json(runs: &[Run], quick: bool) -> std::io::Result<std::path::PathBuf> {
        let json = serde_json::json!({
            "benchmark": "spec_vs_stateright",
            "quick": quick,
            "values": VALUES,
            "runs": runs.iter().map(|r| serde_json::json!({
                "tool": r.tool,
                "strategy": r.strategy,
                "acceptors": r.acceptors,
                "max_ballot": r.max_ballot,
                "threads": r.threads,
                "distinct": r.distinct,
                "generated": r.generated,
                "depth": r.depth,
                "seconds": r.seconds,
                "states_per_sec": r.states_per_second(),
                "peak_kib": r.peak_kib,
                "verdict": r.verdict,
            })).collect::<Vec<_>>(),
        });
        crate::measure::write_json("spec_vs_stateright", json)
    }
}
