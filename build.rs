//! Embeds every `glossary/default/*.toml` into the binary (see `src/glossary/embedded.rs`),
//! with the hashes that say whether the parsed-ahead copy and the prebuilt
//! matcher (`src/recognize/prebuilt.rs`) were made from these files and this code.
use std::{env, fs, path::Path};

/// The sources that make the files made ahead of time from the embedded
/// glossary (its parsed-ahead copy and its prebuilt matcher): glossary
/// loading and merging, the matcher and the text primitives and dates they
/// use, and the locked versions of every crate.
const CODE: &[&str] = &[
    "src/glossary",
    "src/recognize",
    "src/text",
    "src/time",
    "src/problem.rs",
    "Cargo.lock",
];

/// Every file at or under `path`.
fn files_under(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    match fs::read_dir(path) {
        Ok(entries) => {
            for entry in entries.flatten() {
                files_under(&entry.path(), out);
            }
        }
        Err(_) if path.is_file() => out.push(path.to_path_buf()),
        Err(_) => {}
    }
}

fn main() {
    let dir = Path::new("glossary/default");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for n in &names {
        println!("cargo:rerun-if-changed=glossary/default/{n}");
        out.push_str(&format!(
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/glossary/default/{n}\"))),\n"
        ));
    }
    out.push_str("];\n");
    // What the parsed-ahead copy (glossary/default-parsed.bin) must have
    // been made from: FNV-1a over each file's name and text, in name order.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for n in &names {
        let text = fs::read(dir.join(n)).expect("read a default glossary file");
        for b in n.bytes().chain([0]).chain(text).chain([0]) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    out.push_str(&format!(
        "pub const SOURCES_HASH: &str = \"{hash:016x}\";\n"
    ));
    // What the parsed-ahead copy and the prebuilt matcher must have been
    // made with, besides those files: the code that loads a glossary and
    // builds a matcher, and the versions of the crates it uses. When any of
    // it changes, the binary parses and builds itself until the files are
    // made again (see src/glossary/embedded.rs, src/recognize/prebuilt.rs).
    let mut code: Vec<std::path::PathBuf> = Vec::new();
    for input in CODE {
        println!("cargo:rerun-if-changed={input}");
        files_under(Path::new(input), &mut code);
    }
    code.sort();
    let mut code_hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &code {
        let text = fs::read(path).expect("read a source file that loads glossaries");
        let name = path.to_string_lossy().replace('\\', "/");
        for b in name.bytes().chain([0]).chain(text).chain([0]) {
            code_hash = (code_hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    out.push_str(&format!(
        "pub const CODE_HASH: &str = \"{code_hash:016x}\";\n"
    ));
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_glossary.rs");
    fs::write(dest, out).expect("write embedded_glossary.rs");
}
