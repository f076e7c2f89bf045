//! Embeds every `glossary/default/*.toml` into the binary (see `src/glossary/embedded.rs`).
use std::{env, fs, path::Path};

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
    // What the parsed-ahead copy (glossary/default-parsed.jsonl) must have
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
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_glossary.rs");
    fs::write(dest, out).expect("write embedded_glossary.rs");
}
