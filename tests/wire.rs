//! The run's binary layout, written and read by hand (src/sim/wire.rs), is postcard's: the
//! same bytes for every run, and for any bytes the same run or the same error as postcard,
//! for version 2 and version 1 layouts, on every truncation and many corruptions.
#![cfg(not(target_arch = "wasm32"))]

use paxos_playground::paxos::Rules;
use paxos_playground::sim::wire;
use paxos_playground::sim::{Action, Faults, NodeSpec, Retry, Run, Scenario, Timeline};
use serde::Deserialize;

/// A version 1 run as postcard laid it out (the config had no rules).
#[derive(Deserialize)]
struct RunV1 {
    config: ConfigV1,
    seed: u64,
    actions: Vec<Action>,
    position: usize,
}

#[derive(Deserialize)]
struct ConfigV1 {
    nodes: Vec<NodeSpec>,
    delay_ticks_min: u64,
    delay_ticks_max: u64,
    faults: Faults,
}

fn postcard_decode(bytes: &[u8], version: u32) -> Result<(Run, usize), String> {
    if version == 1 {
        let (old, rest): (RunV1, &[u8]) =
            postcard::take_from_bytes(bytes).map_err(|e| e.to_string())?;
        let mut run = Run {
            config: Scenario::article().config,
            seed: old.seed,
            actions: old.actions,
            position: old.position,
        };
        run.config.nodes = old.config.nodes;
        run.config.delay_ticks_min = old.config.delay_ticks_min;
        run.config.delay_ticks_max = old.config.delay_ticks_max;
        run.config.faults = old.config.faults;
        run.config.rules = Rules::default();
        Ok((run, rest.len()))
    } else {
        let (run, rest): (Run, &[u8]) =
            postcard::take_from_bytes(bytes).map_err(|e| e.to_string())?;
        Ok((run, rest.len()))
    }
}

fn same_decode(bytes: &[u8], version: u32) {
    let ours = wire::decode(bytes, version)
        .map(|(run, rest)| (run, rest.len()))
        .map_err(|e| e.to_string());
    assert_eq!(ours, postcard_decode(bytes, version), "bytes {bytes:?}");
}

fn runs() -> Vec<Run> {
    let mut runs = Vec::new();
    let extra = [
        Action::Hold { id: 1 },
        Action::Duplicate { id: 2 },
        Action::Release { id: 1 },
        Action::Deliver { id: 2 },
        Action::Drop { id: 3 },
        Action::AdvanceTo { time: 300 },
        Action::Cut {
            from: "A".into(),
            to: "P".into(),
        },
        Action::Heal {
            from: "A".into(),
            to: "P".into(),
        },
        Action::Crash { node: "A".into() },
        Action::Restart { node: "A".into() },
        Action::Partition {
            groups: vec![vec!["P".into(), "A".into()], vec!["B".into(), "C".into()]],
        },
        Action::HealAll,
        Action::Propose {
            node: "P".into(),
            value: "Hé 🐙 a value of length 32 chars".into(),
        },
    ];
    for (i, mut scenario) in Scenario::all().into_iter().enumerate() {
        if i % 2 == 0 {
            scenario.config.rules = Rules {
                ignore_accepted_values: true,
                forget_on_crash: true,
                phase1_quorum: Some(1),
                phase2_quorum: Some(200),
                ..Rules::default()
            };
            scenario.config.faults = Faults {
                loss_percent: 30,
                duplicate_percent: 255,
                retry: Some(Retry {
                    timeout_ticks: 1 << 40,
                    backoff_ticks_max: 127,
                }),
            };
        }
        let Ok(mut timeline) = Timeline::from_scenario(&scenario, u64::MAX - i as u64) else {
            // Some configs above are not valid for every scenario: keep the run as data.
            runs.push(Run {
                config: scenario.config,
                seed: 1 << 53,
                actions: extra.to_vec(),
                position: 128,
            });
            continue;
        };
        for action in &extra {
            let _ = timeline.apply(action);
        }
        for _ in 0..150 {
            if timeline.apply(&Action::Step).is_err() {
                break;
            }
        }
        runs.push(Run::of(&timeline));
    }
    runs
}

#[test]
fn runs_are_written_as_postcard_writes_them() {
    for run in runs() {
        assert_eq!(wire::encode(&run), postcard::to_allocvec(&run).unwrap());
    }
}

#[test]
fn bytes_are_read_as_postcard_reads_them() {
    for run in runs() {
        let bytes = wire::encode(&run);
        for version in [1, 2] {
            // Whole, with garbage after, and every truncation.
            same_decode(&bytes, version);
            let mut longer = bytes.clone();
            longer.extend([1, 2, 3]);
            same_decode(&longer, version);
            for end in 0..bytes.len() {
                same_decode(&bytes[..end], version);
            }
            // Every byte (of the first 300) replaced by values that are each bad somewhere.
            for i in 0..bytes.len().min(300) {
                for b in [0x00, 0x01, 0x02, 0x0d, 0x0f, 0x10, 0x7f, 0x80, 0xc3, 0xff] {
                    let mut bad = bytes.clone();
                    bad[i] = b;
                    same_decode(&bad, version);
                }
            }
        }
    }
    // Varints at their limits: 10 bytes for a u64 (the last at most 1), 5 for an index.
    let mut long = vec![0u8, 1, 1];
    long.extend([0xff; 9]);
    long.push(0x01);
    same_decode(&long, 2);
    *long.last_mut().unwrap() = 0x02;
    same_decode(&long, 2);
    for tail in [
        vec![0x8e, 0x80, 0x80, 0x80, 0x0f],
        vec![0x8e, 0x80, 0x80, 0x80, 0x10],
    ] {
        let mut bytes = vec![0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        bytes.extend(tail);
        same_decode(&bytes, 2);
    }
}
