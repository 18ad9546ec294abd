//! What both checker benchmarks (benches/spec_vs_stateright.rs, benches/playground_vs_stateright.rs)
//! need around a run: the peak memory of the process it ran in, and where its figures go.

/// This process's peak resident memory so far, in KiB (VmHWM in /proc/self/status; 0 where
/// there is no such file).
pub fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Writes `json`, with the time it was written (`written_unix`) added, to
/// `<target dir>/bench/<name>.json` (the target directory is `$CARGO_TARGET_DIR` if set, else
/// `target/` beside Cargo.toml); returns the file's path.
pub fn write_json(name: &str, mut json: serde_json::Value) -> std::io::Result<std::path::PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench");
    std::fs::create_dir_all(&dir)?;
    let written_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if let Some(object) = json.as_object_mut() {
        object.insert("written_unix".into(), written_unix.into());
    }
    let file = dir.join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(&json).map_err(std::io::Error::other)?;
    std::fs::write(&file, text + "\n")?;
    Ok(file)
}
