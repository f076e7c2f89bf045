//! The `gloss` binary: `gloss lsp` serves LSP on stdio; other subcommands use
//! the same core from the command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use gloss::cli::CliError;
use gloss::cli::interchange::{ExportFormat, ImportFormat, Options};
use gloss::cli::report::{CheckFormat, FailOn};

#[derive(Parser)]
#[command(
    name = "gloss",
    version,
    about = "Concepts and entities in policy texts, from a glossary"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Language Server Protocol on stdin/stdout.
    Lsp {
        /// Accepted for clients that pass it (VS Code); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List the mentions of files: for people, or as standoff annotations (jsonl, brat, w3c).
    Annotate {
        /// Text or Markdown files, and folders (walked like the workspace).
        /// Default: the current folder.
        paths: Vec<PathBuf>,
        #[command(flatten)]
        load: LoadArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: gloss::cli::annotate::AnnotateFormat,
        /// Write one file per document under DIR (jsonl, w3c; required for brat).
        #[arg(long, short = 'o', value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also list the candidates that were not linked, and why (human, jsonl).
        #[arg(long)]
        explain: bool,
    },
    /// Report the diagnostics of files and folders (exit 1 when any is at or above --fail-on).
    Check {
        /// Files and folders (folders are walked like the workspace: .gitignore,
        /// gloss.toml include/exclude). Default: the current folder.
        paths: Vec<PathBuf>,
        #[command(flatten)]
        load: LoadArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// The least severe diagnostic that makes the exit status 1.
        #[arg(long, value_enum, value_name = "SEVERITY", default_value = "error")]
        fail_on: FailOn,
    },
    /// Count mentions: a documents × entries CSV (documents in date order), and a chart.
    Stats {
        /// Files and folders. Default: the current folder.
        paths: Vec<PathBuf>,
        #[command(flatten)]
        load: LoadArgs,
        /// Write the CSV to FILE instead of stdout.
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
        /// One row per (document, entry) instead of one column per entry.
        #[arg(long)]
        long: bool,
        /// Only entries of this kind (concept, organization, person, place, document, event, other).
        #[arg(long, value_name = "KIND", value_parser = parse_kind)]
        kind: Option<gloss::glossary::Kind>,
        /// Draw the most-mentioned entries into this SVG FILE (over time when documents have dates).
        #[arg(long, value_name = "FILE")]
        chart: Option<PathBuf>,
        /// How many entries the chart shows.
        #[arg(long, value_name = "N", default_value_t = 8)]
        top: usize,
    },
    /// Start a workspace: a commented gloss.toml, glossary/example.toml and the schemas editors use.
    Init {
        /// Folder to set up.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Replace existing files.
        #[arg(long)]
        force: bool,
    },
    /// Check, import and export glossaries.
    Glossary {
        #[command(subcommand)]
        command: GlossaryCommand,
    },
    /// Write the JSON Schemas of glossary files and gloss.toml.
    Schema {
        /// Folder to write into.
        #[arg(long, value_name = "DIR", default_value = "schemas")]
        out: PathBuf,
    },
}

/// Where the glossaries come from.
#[derive(Args, Debug, Clone)]
struct LoadArgs {
    /// Extra glossary files to load.
    #[arg(long = "glossary", short = 'g', value_name = "FILE")]
    glossaries: Vec<PathBuf>,
    /// Do not load the embedded default glossary.
    #[arg(long)]
    no_default: bool,
    /// Workspace root (for gloss.toml and glossary/); default: the nearest
    /// folder with a gloss.toml above the first path, else the current folder.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Threads to use: documents processed at once, and the glossary load
    /// (default: the number of cores; 1 = one core, documents one after the
    /// other). The output is the same whatever the number.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

impl LoadArgs {
    fn inputs(self, paths: Vec<PathBuf>) -> gloss::cli::Inputs {
        gloss::cli::Inputs {
            paths,
            glossaries: self.glossaries,
            no_default: self.no_default,
            root: self.root,
            jobs: self.jobs.map(usize::from),
        }
    }
}

#[derive(Subcommand)]
enum GlossaryCommand {
    /// Report glossary errors (syntax, duplicate ids, label conflicts, unknown ids), as the server does.
    Check {
        /// Glossary files, or folders (searched with their gloss.toml globs).
        /// Default: the workspace's glossary files.
        paths: Vec<PathBuf>,
        /// Workspace root when no paths are given.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Check without the embedded default glossary underneath.
        #[arg(long)]
        no_default: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// The least severe problem that makes the exit status 1.
        #[arg(long, value_enum, value_name = "SEVERITY", default_value = "error")]
        fail_on: FailOn,
    },
    /// Convert a SKOS, TBX, CSV or spaCy file into a Gloss TOML glossary.
    Import {
        /// Format of FILE.
        #[arg(long, value_enum, value_name = "FORMAT")]
        from: ImportFormat,
        /// The file to read.
        file: PathBuf,
        /// Where to write the TOML glossary (default: stdout).
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        opts: InterchangeArgs,
    },
    /// Write glossaries as SKOS, TBX, CSV or spaCy patterns.
    Export {
        /// Target format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        to: ExportFormat,
        /// Export the glossary embedded in Gloss.
        #[arg(long)]
        default: bool,
        /// Glossary files or folders (default: the workspace's own glossary files).
        paths: Vec<PathBuf>,
        /// Workspace root when no paths are given.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Where to write (default: stdout).
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        opts: InterchangeArgs,
    },
}

#[derive(Args, Debug, Clone)]
struct InterchangeArgs {
    /// Language (BCP 47) of labels, aliases and descriptions.
    #[arg(long, value_name = "LANG", default_value = "en")]
    lang: String,
    /// Base IRI of concepts in SKOS (an id is appended).
    #[arg(long, value_name = "IRI", default_value = gloss::cli::interchange::skos::DEFAULT_BASE)]
    base: String,
}

impl InterchangeArgs {
    fn options(&self) -> Options {
        Options {
            lang: self.lang.clone(),
            base: self.base.clone(),
        }
    }
}

fn parse_kind(s: &str) -> Result<gloss::glossary::Kind, String> {
    gloss::cli::interchange::parse_kind(s).ok_or_else(|| {
        format!("{s:?} is not a kind; use concept, organization, person, place, document, event or other")
    })
}

/// Prints `e` and gives exit status 2.
fn fail(e: &CliError) -> ExitCode {
    eprintln!("gloss: {e}");
    ExitCode::from(2)
}

/// Writes `text` to `out` or stdout.
fn emit(out: Option<&Path>, text: &str) -> Result<(), CliError> {
    match out {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| CliError::io("create", dir, &e))?;
            }
            gloss::fsutil::atomic_write(p, text.as_bytes())
                .map_err(|e| CliError::io("write", p, &e))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            Ok(())
        }
    }
}

fn finish(outcome: gloss::cli::check::Outcome) -> ExitCode {
    let _ = emit(None, &outcome.output);
    for e in &outcome.errors {
        eprintln!("gloss: {e}");
    }
    ExitCode::from(outcome.exit)
}

fn glossary(command: GlossaryCommand) -> ExitCode {
    match command {
        GlossaryCommand::Check {
            paths,
            root,
            no_default,
            format,
            fail_on,
        } => {
            let colour = gloss::cli::colours(std::io::stdout().is_terminal());
            match gloss::cli::glossary_cmd::check(
                &paths,
                root.as_deref(),
                no_default,
                format,
                fail_on,
                colour,
            ) {
                Ok(o) => finish(o),
                Err(e) => fail(&e),
            }
        }
        GlossaryCommand::Import {
            from,
            file,
            out,
            opts,
        } => match gloss::cli::glossary_cmd::import(from, &file, &opts.options()) {
            Ok((toml, warnings)) => {
                for w in warnings {
                    eprintln!("gloss: warning: {w}");
                }
                match emit(out.as_deref(), &toml) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => fail(&e),
                }
            }
            Err(e) => fail(&e),
        },
        GlossaryCommand::Export {
            to,
            default,
            paths,
            root,
            out,
            opts,
        } => {
            let result = gloss::cli::glossary_cmd::export_source(default, &paths, root.as_deref())
                .and_then(|g| gloss::cli::glossary_cmd::export(to, &g, &opts.options()))
                .and_then(|text| emit(out.as_deref(), &text));
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            }
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Subcommands return just before the process ends: what they loaded is
    // left to the operating system instead of being freed piece by piece.
    gloss::cli::set_exit_after_run(true);
    match cli.command {
        Command::Lsp { stdio: _ } => {
            tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_ansi(false)
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_env("GLOSS_LOG")
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
                )
                .init();
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("gloss: cannot start the async runtime: {e}");
                    return ExitCode::from(2);
                }
            };
            let ending = runtime.block_on(gloss::lsp::serve_stdio());
            // Tasks still running (a cancelled request's work) are not
            // waited for: the answers are written, the session is over.
            runtime.shutdown_background();
            // 0 after `shutdown` then `exit`; 1 after `exit` alone (LSP) or
            // when the input ends without `exit`.
            ExitCode::from(ending.exit_code())
        }
        Command::Annotate {
            paths,
            load,
            format,
            out,
            explain,
        } => {
            let args = gloss::cli::annotate::AnnotateArgs {
                inputs: load.inputs(paths),
                format,
                out,
                explain,
                progress: std::io::stderr().is_terminal(),
            };
            match gloss::cli::annotate::run(&args) {
                Ok(o) => finish(o),
                Err(e) => fail(&e),
            }
        }
        Command::Check {
            paths,
            load,
            format,
            fail_on,
        } => {
            let args = gloss::cli::check::CheckArgs {
                inputs: load.inputs(paths),
                format,
                fail_on,
                colour: gloss::cli::colours(std::io::stdout().is_terminal()),
            };
            match gloss::cli::check::run(&args) {
                Ok(o) => finish(o),
                Err(e) => fail(&e),
            }
        }
        Command::Glossary { command } => glossary(command),
        Command::Init { dir, force } => match gloss::cli::init::run(&dir, force) {
            Ok(written) => {
                for p in written {
                    println!("wrote {}", p.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::Stats {
            paths,
            load,
            out,
            long,
            kind,
            chart,
            top,
        } => {
            let args = gloss::cli::stats::StatsArgs {
                inputs: load.inputs(paths),
                kind,
            };
            let result = gloss::cli::stats::table(&args).and_then(|(table, errors)| {
                let csv = table.csv(long)?;
                emit(out.as_deref(), &csv)?;
                if let Some(svg) = &chart {
                    table.chart(svg, top)?;
                }
                Ok(errors)
            });
            match result {
                Ok(errors) => {
                    for e in &errors {
                        eprintln!("gloss: {e}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::Schema { out } => {
            if let Err(e) = std::fs::create_dir_all(&out) {
                eprintln!("gloss: cannot create {}: {e}", out.display());
                return ExitCode::from(2);
            }
            for (name, json) in gloss::cli::schema::schemas() {
                let path = out.join(name);
                if let Err(e) = gloss::fsutil::atomic_write(&path, json.as_bytes()) {
                    eprintln!("gloss: cannot write {}: {e}", path.display());
                    return ExitCode::from(2);
                }
                println!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
    }
}
