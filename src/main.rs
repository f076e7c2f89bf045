//! The `gloss` binary: `gloss lsp` serves LSP on stdio; other subcommands use
//! the same core from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// List the mentions, in-text definitions and diagnostics of files.
    Annotate {
        /// Text or Markdown files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Extra glossary files to load.
        #[arg(long = "glossary", short = 'g')]
        glossaries: Vec<PathBuf>,
        /// Do not load the embedded default glossary.
        #[arg(long)]
        no_default: bool,
        /// Workspace root (for gloss.toml and glossary/); defaults to the current folder.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Write the JSON Schemas of glossary files and gloss.toml.
    Schema {
        /// Folder to write into.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
            runtime.block_on(gloss::lsp::serve_stdio());
            ExitCode::SUCCESS
        }
        Command::Annotate {
            files,
            glossaries,
            no_default,
            root,
        } => {
            let root = root.unwrap_or_else(|| PathBuf::from("."));
            let (matcher, config, problems) = gloss::cli::load(&root, &glossaries, no_default);
            for p in &problems {
                eprintln!("{p}");
            }
            let mut failed = false;
            for f in files {
                match gloss::cli::annotate::annotate_file(&f, &matcher, &config) {
                    Ok(s) => print!("{s}"),
                    Err(e) => {
                        eprintln!("gloss: cannot read {}: {e}", f.display());
                        failed = true;
                    }
                }
            }
            if failed {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Schema { out } => {
            if let Err(e) = std::fs::create_dir_all(&out) {
                eprintln!("gloss: cannot create {}: {e}", out.display());
                return ExitCode::from(2);
            }
            for (name, json) in gloss::cli::schema::schemas() {
                let path = out.join(name);
                if let Err(e) = std::fs::write(&path, json) {
                    eprintln!("gloss: cannot write {}: {e}", path.display());
                    return ExitCode::from(2);
                }
                println!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
    }
}
