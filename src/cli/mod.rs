//! Command-line subcommands over the same core as the server.

pub mod annotate;
pub mod check;
pub mod glossary_cmd;
pub mod init;
pub mod interchange;
pub mod report;
pub mod schema;
pub mod stats;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::problem::Problem;
use crate::recognize::matcher::Matcher;
use crate::workspace::Workspace;

/// Loads the glossary as the server would for a workspace at `root`, plus
/// `extra` glossary files. Returns the matcher, the config and all problems.
pub fn load(
    root: &Path,
    extra: &[PathBuf],
    no_default: bool,
) -> (Arc<Matcher>, crate::config::Config, Vec<Problem>) {
    // `--no-default` is the client setting `default_glossary = false`.
    let settings = if no_default {
        serde_json::json!({ "default_glossary": false })
    } else {
        serde_json::Value::Null
    };
    let (workspace, loaded) =
        Workspace::load_with(vec![root.to_path_buf()], settings, extra.to_vec());
    let out = (
        workspace.matcher().clone(),
        workspace.config().clone(),
        loaded.problems(),
    );
    release(workspace);
    out
}

/// Set by the binary: the process ends right after the subcommand.
static EXIT_AFTER_RUN: AtomicBool = AtomicBool::new(false);

/// Tells [`release`] that the process ends when the subcommand returns (the
/// `gloss` binary calls this; library users and tests do not).
pub fn set_exit_after_run(on: bool) {
    EXIT_AFTER_RUN.store(on, Ordering::Relaxed);
}

/// Drops `value`, or, when the process is about to end
/// ([`set_exit_after_run`]), leaves it to the operating system: freeing a
/// glossary and its automaton one allocation at a time costs tens of
/// milliseconds (seconds for 100,000 entries) that nobody waits for.
pub fn release<T>(value: T) {
    if EXIT_AFTER_RUN.load(Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

/// An error that stops a subcommand: exit status 2, with a message that says
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

impl CliError {
    pub fn new(msg: impl Into<String>) -> CliError {
        CliError(msg.into())
    }
    pub fn io(what: &str, path: &Path, e: &std::io::Error) -> CliError {
        CliError(format!("cannot {what} {}: {e}", path.display()))
    }
}

/// The workspace root for `paths`: the nearest folder at or above the first
/// path (or the current folder) that has a `gloss.toml`, else the current folder.
pub fn find_root(paths: &[PathBuf]) -> PathBuf {
    let cwd = PathBuf::from(".");
    let start = paths.first().cloned().unwrap_or_else(|| cwd.clone());
    let start = if start.is_dir() {
        start
    } else {
        start
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| cwd.clone())
    };
    let Ok(abs) = std::fs::canonicalize(&start) else {
        return cwd;
    };
    for (up, dir) in abs.ancestors().enumerate() {
        if dir.join("gloss.toml").is_file() {
            // Keep relative paths relative when the root is below the start.
            if up == 0 {
                return start;
            }
            return dir.to_path_buf();
        }
    }
    cwd
}

/// What every document subcommand starts from: the glossary and settings of
/// the workspace (`root`, else found from `paths`) and the documents named.
pub struct Session {
    pub matcher: Arc<Matcher>,
    pub config: crate::config::Config,
    pub problems: Vec<Problem>,
    pub docs: Vec<PathBuf>,
    /// How many documents are processed at once (`--jobs`; at least 1).
    pub jobs: usize,
}

impl Session {
    /// Reads every document and maps its display name and text with `f`,
    /// `jobs` documents at a time (1: one after the other, on this thread).
    /// Results come in document order whatever `jobs` is; a document that
    /// cannot be read (or that `f` rejects) is an `Err` "name: reason; skipped".
    pub fn map_documents<T: Send>(
        &self,
        f: impl Fn(&Path, &str, &str) -> Result<T, String> + Sync,
    ) -> Vec<Result<T, String>> {
        use rayon::prelude::*;
        let one = |path: &PathBuf| {
            let name = display_path(path);
            let text = crate::workspace::walk::read_document(path, u64::MAX)
                .map_err(|e| format!("{name}: {e}; skipped"))?;
            f(path, &name, &text)
        };
        if self.jobs <= 1 || self.docs.len() <= 1 {
            return self.docs.iter().map(one).collect();
        }
        // One document per task: documents differ in size by 100x, so
        // fixed-size batches would leave a core idle at the end. The global
        // pool when [`Inputs::session`] sized it to `jobs`, else a pool of
        // that size.
        let all = || self.docs.par_iter().with_max_len(1).map(one).collect();
        if rayon::current_num_threads() == self.jobs {
            return all();
        }
        match rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .build()
        {
            Ok(pool) => pool.install(all),
            Err(_) => self.docs.iter().map(one).collect(),
        }
    }
}

/// `--jobs` when not given: the machine's available parallelism.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Splits per-document results into the values and the error messages.
pub fn values_and_errors<T>(results: Vec<Result<T, String>>) -> (Vec<T>, Vec<String>) {
    let mut values = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => values.push(v),
            Err(e) => errors.push(e),
        }
    }
    (values, errors)
}

/// What names the documents and the glossaries of a document subcommand
/// (`check`, `annotate`, `stats`).
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Files and folders; none = the current folder.
    pub paths: Vec<PathBuf>,
    /// Extra glossary files (`--glossary`).
    pub glossaries: Vec<PathBuf>,
    /// `--no-default`: without the embedded glossary.
    pub no_default: bool,
    /// `--root`; else found from `paths` ([`find_root`]).
    pub root: Option<PathBuf>,
    /// `--jobs`: threads of the command (documents processed at once, and
    /// the glossary load); `None` = [`default_jobs`].
    pub jobs: Option<usize>,
}

impl Inputs {
    pub fn session(&self) -> Result<Session, CliError> {
        let jobs = self.jobs.unwrap_or_else(default_jobs).max(1);
        // The glossary load (parse, matcher build) runs on rayon's global
        // pool: it gets the same number of threads, so that `--jobs 1` is
        // one core for the whole command. Only the first call in a process
        // can size the pool; later ones keep it (the output is the same
        // whatever the number of threads).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
        let mut session = session(
            &self.paths,
            self.root.as_ref(),
            &self.glossaries,
            self.no_default,
        )?;
        session.jobs = jobs;
        Ok(session)
    }
}

pub fn session(
    paths: &[PathBuf],
    root: Option<&PathBuf>,
    glossaries: &[PathBuf],
    no_default: bool,
) -> Result<Session, CliError> {
    let root = root.cloned().unwrap_or_else(|| find_root(paths));
    let (matcher, config, problems) = load(&root, glossaries, no_default);
    let docs = documents(paths, &config)?;
    Ok(Session {
        matcher,
        config,
        problems,
        docs,
        jobs: default_jobs(),
    })
}

/// The documents named by `paths`: files as given, folders walked like the
/// workspace index (`.gitignore`, `gloss.toml` include/exclude). No paths =
/// the current folder. Sorted within each folder; in argument order overall.
pub fn documents(
    paths: &[PathBuf],
    config: &crate::config::Config,
) -> Result<Vec<PathBuf>, CliError> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut out = files_and_folders(
        paths,
        "check the path (files and folders are accepted)",
        |dir| {
            let (found, skipped) = crate::workspace::walk::documents(&[dir.to_path_buf()], config);
            for s in skipped {
                eprintln!("gloss: {}: {}; skipped", display_path(&s.path), s.reason);
            }
            found
        },
    )?;
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

/// `paths` with each folder replaced by what `walk` finds in it, in argument
/// order; a path that cannot be read is an error that ends with `what_to_do`.
pub fn files_and_folders(
    paths: &[PathBuf],
    what_to_do: &str,
    mut walk: impl FnMut(&Path) -> Vec<PathBuf>,
) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            CliError::new(format!("cannot read {}: {e}; {what_to_do}", p.display()))
        })?;
        if meta.is_dir() {
            out.extend(walk(p));
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// How a path is shown: as given, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.display().to_string();
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

/// Whether stderr/stdout should get colours: a terminal and no `NO_COLOR`.
pub fn colours(stream_is_tty: bool) -> bool {
    stream_is_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
