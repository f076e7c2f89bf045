//! The set of glossary files in play, each with its last good version.
//!
//! Owns the rule "a broken glossary keeps the last good one loaded": a file
//! whose new text has errors (syntax, duplicate id, label conflict, unknown id)
//! is reported and its previous good parse stays in use; warnings are
//! reported and the new text is used. Knows nothing of
//! where texts come from (disk or editor buffer): callers hand them in.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Format, Glossary, LoadedFile, ParsedFile, SourceFile, embedded, load};
use crate::problem::{Problem, Severity};

/// One file's versions. Parses are shared (`Arc`): the fresh parse becomes
/// the last good one without a copy (a 100,000-entry file's parse is tens of
/// megabytes).
#[derive(Debug, Clone)]
struct FileState {
    source: SourceFile,
    fresh: Result<Arc<ParsedFile>, Vec<Problem>>,
    /// The last version without errors, with the text it was parsed from.
    last_good: Option<(Arc<ParsedFile>, Arc<str>)>,
}

/// Result of [`GlossaryStore::rebuild`].
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub glossary: Arc<Glossary>,
    /// Problems per source name (every workspace file has a key, possibly empty).
    pub problems: HashMap<String, Vec<Problem>>,
}

#[derive(Debug, Clone)]
pub struct GlossaryStore {
    files: BTreeMap<PathBuf, FileState>,
    use_embedded: bool,
}

impl Default for GlossaryStore {
    fn default() -> Self {
        GlossaryStore {
            files: BTreeMap::new(),
            use_embedded: true,
        }
    }
}

impl GlossaryStore {
    pub fn new(use_embedded: bool) -> Self {
        GlossaryStore {
            files: BTreeMap::new(),
            use_embedded,
        }
    }

    pub fn set_use_embedded(&mut self, on: bool) {
        self.use_embedded = on;
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// Whether no workspace file is in the store.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether the embedded glossary is all a rebuild would merge.
    pub fn is_embedded_only(&self) -> bool {
        self.use_embedded && self.files.is_empty()
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// Sets (or replaces) the text of a workspace glossary file.
    pub fn set_file(&mut self, path: &Path, text: impl Into<Arc<str>>) {
        let text: Arc<str> = text.into();
        let name = path.display().to_string();
        let fresh = load::parse(&name, &text, Format::from_path(&name)).map(Arc::new);
        let last_good = self.files.get(path).and_then(|f| f.last_good.clone());
        self.files.insert(
            path.to_path_buf(),
            FileState {
                source: SourceFile {
                    name,
                    path: Some(path.to_path_buf()),
                    embedded: false,
                    text,
                    as_of: None,
                },
                fresh,
                last_good,
            },
        );
    }

    pub fn remove_file(&mut self, path: &Path) -> bool {
        self.files.remove(path).is_some()
    }

    /// Merges everything; files with errors fall back to their last good version.
    pub fn rebuild(&mut self) -> Rebuilt {
        let mut problems: HashMap<String, Vec<Problem>> = HashMap::new();
        for state in self.files.values() {
            let list = problems.entry(state.source.name.clone()).or_default();
            if let Err(p) = &state.fresh {
                list.extend(p.iter().cloned());
            }
        }
        // First attempt: every file's fresh parse where it parsed.
        let attempt = |use_fresh: &dyn Fn(&FileState) -> bool| {
            let mut files: Vec<LoadedFile> = Vec::new();
            if self.use_embedded {
                files.extend(embedded::files().iter().cloned());
            }
            for state in self.files.values() {
                let chosen = match (&state.fresh, use_fresh(state)) {
                    (Ok(p), true) => Some((p, &state.source.text)),
                    _ => state.last_good.as_ref().map(|(p, text)| (p, text)),
                };
                if let Some((parsed, text)) = chosen {
                    let mut source = state.source.clone();
                    // Entry positions must refer to the text that was parsed.
                    source.text = text.clone();
                    files.push(LoadedFile {
                        source,
                        parsed: ParsedFile::clone(parsed),
                    });
                }
            }
            Glossary::build(files)
        };
        let (glossary, build_problems) = attempt(&|_| true);
        let mut bad: Vec<String> = Vec::new();
        for p in build_problems {
            // Warnings (e.g. overlapping office holders) do not unload a file.
            if p.severity == Severity::Error && !bad.contains(&p.source) {
                bad.push(p.source.clone());
            }
            problems.entry(p.source.clone()).or_default().push(p);
        }
        let glossary = if bad.is_empty() {
            glossary
        } else {
            attempt(&|s: &FileState| !bad.contains(&s.source.name)).0
        };
        for state in self.files.values_mut() {
            if let Ok(p) = &state.fresh
                && !bad.contains(&state.source.name)
            {
                state.last_good = Some((Arc::clone(p), state.source.text.clone()));
            }
        }
        Rebuilt {
            glossary: Arc::new(glossary),
            problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "[[entry]]\nid = \"acme\"\nlabel = \"Acme Council\"\nkind = \"organization\"\nacronyms = [\"ACMEC\"]\n";

    /// A store (no embedded glossary) holding each `(path, text)`.
    fn store_of(files: &[(&str, &str)]) -> GlossaryStore {
        let mut store = GlossaryStore::new(false);
        for (path, text) in files {
            store.set_file(Path::new(path), *text);
        }
        store
    }

    #[test]
    fn broken_file_keeps_last_good() {
        let mut store = GlossaryStore::new(false);
        let path = Path::new("/w/glossary/a.toml");
        store.set_file(path, GOOD);
        let r = store.rebuild();
        assert!(r.glossary.by_id("acme").is_some());
        assert!(r.problems.values().all(Vec::is_empty));

        store.set_file(path, "[[entry]]\nid = \"acme\"\nlabel = ");
        let r = store.rebuild();
        assert!(
            r.glossary.by_id("acme").is_some(),
            "last good version still loaded"
        );
        let p = &r.problems[&path.display().to_string()];
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "glossary-syntax");
        assert_eq!(p[0].line, 2);
    }

    #[test]
    fn duplicate_ids_and_unknown_refs_are_reported() {
        let r = store_of(&[
            ("/w/a.toml", GOOD),
            (
                "/w/b.toml",
                "[[entry]]\nid = \"acme\"\nlabel = \"Other\"\nkind = \"concept\"\n\n[[entry]]\nid = \"b\"\nlabel = \"Bee\"\nkind = \"concept\"\nrelated = [\"nope\"]\n",
            ),
        ])
        .rebuild();
        let p = &r.problems["/w/b.toml"];
        assert!(
            p.iter().any(|p| p.code == "duplicate-id" && p.line == 1),
            "{p:?}"
        );
        assert!(
            p.iter().any(|p| p.code == "unknown-id" && p.line == 9),
            "{p:?}"
        );
        // b.toml had errors and no last good version: nothing of it is loaded.
        assert!(r.glossary.by_id("b").is_none());
    }

    #[test]
    fn duplicate_id_in_one_file_is_reported_not_a_panic() {
        let r = store_of(&[("/w/a.toml", &format!("{GOOD}\n{GOOD}"))]).rebuild();
        let p = &r.problems["/w/a.toml"];
        assert_eq!(p[0].code, "duplicate-id");
        assert_eq!(p[0].line, 7);
    }

    #[test]
    fn label_conflicts_need_ambiguous() {
        let b = "[[entry]]\nid = \"b\"\nlabel = \"acme council\"\nkind = \"concept\"\n";
        let mut store = store_of(&[("/w/a.toml", GOOD), ("/w/b.toml", b)]);
        let r = store.rebuild();
        assert!(
            r.problems["/w/b.toml"]
                .iter()
                .any(|p| p.code == "label-conflict")
        );
        store.set_file(
            Path::new("/w/a.toml"),
            GOOD.replace("kind", "ambiguous = true\nkind"),
        );
        store.set_file(Path::new("/w/b.toml"), format!("{b}ambiguous = true\n"));
        let r = store.rebuild();
        assert!(r.problems.values().all(Vec::is_empty), "{:?}", r.problems);
    }

    #[test]
    fn workspace_entry_overrides_embedded_by_id() {
        let mut store = GlossaryStore::new(true);
        let Some(first) = embedded::files()
            .first()
            .and_then(|f| f.parsed.file.entries.first())
        else {
            return;
        };
        let text = format!(
            "[[entry]]\nid = \"{}\"\nlabel = \"Overridden label\"\nkind = \"other\"\n",
            first.id
        );
        store.set_file(Path::new("/w/o.toml"), text.as_str());
        let r = store.rebuild();
        let id = r.glossary.by_id(&first.id).expect("id present");
        assert_eq!(r.glossary.entry(id).def.label, "Overridden label");
        assert!(r.problems.values().all(Vec::is_empty), "{:?}", r.problems);
    }
}
