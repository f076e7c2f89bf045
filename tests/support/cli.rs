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

/// Runs `gloss ARGS` in `dir` and checks that it exits with `code`; a
/// failure shows the command and both outputs.
pub fn gloss_exits(dir: &Path, args: &[&str], code: i32) -> Output {
    let o = gloss(dir, args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "gloss {}\nstdout:\n{}\nstderr:\n{}",
        args.join(" "),
        stdout(&o),
        stderr(&o)
    );
    o
}

/// A path as a command-line argument (the tests' paths are UTF-8).
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}
