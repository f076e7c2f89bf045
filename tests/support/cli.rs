//! Running the real `gloss` binary as a command, as a user or CI would.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `gloss ARGS` in `dir`. `NO_COLOR` is removed from the environment,
/// so that an output without colours shows that stdout was not a terminal.
pub fn gloss(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run gloss")
}

/// The standard output of a run, lossily decoded.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The standard error of a run, lossily decoded.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
