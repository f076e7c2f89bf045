//! The glossary side of a [`Workspace`]: finding glossary files, the one rule
//! for a glossary file's current text (an open editor buffer wins over the
//! disk), and rebuilding the merged glossary and the matcher when they change.
//!
//! Must not touch documents beyond what a rebuild invalidates (see
//! [`super::documents`]).

use super::*;

impl Workspace {
    /// Whether `path` is (or would be) a glossary file of this workspace.
    pub fn is_glossary_path(&self, path: &Path) -> bool {
        self.store.contains(path)
            || self.extra_glossaries.iter().any(|p| p == path)
            || discover::is_glossary_file(&self.roots, &self.config, path)
    }

    /// Finds the glossary files, reads those not open in the editor, rebuilds.
    /// Also returns the problems of glossary files that the globs of a
    /// `gloss.toml` matched but that are not read (links that lead outside
    /// the workspace, …), located at the glob (path of the `gloss.toml`, its
    /// text, problem); those not located there are in [`Changes::unreadable`].
    pub(super) fn reload_glossaries(&mut self) -> (Changes, Vec<(PathBuf, String, Problem)>) {
        let (mut found, refused) = discover::find_glossaries(&self.roots, &self.config);
        let (in_settings, elsewhere): (Vec<_>, Vec<_>) =
            discover::refused_glossary_problems(&self.roots, &refused)
                .into_iter()
                .partition(|(path, _, _)| path.file_name().is_some_and(|n| n == "gloss.toml"));
        found.extend(self.extra_glossaries.iter().cloned());
        let known: Vec<PathBuf> = self.store.paths().map(Path::to_path_buf).collect();
        for path in known {
            let open = self
                .glossary_files
                .get(&path)
                .is_some_and(|f| f.buffer.is_some());
            if !found.contains(&path) && !open {
                self.store.remove_file(&path);
                self.glossary_files.remove(&path);
            }
        }
        let mut unreadable: Vec<Problem> = elsewhere.into_iter().map(|(_, _, p)| p).collect();
        // The embedded files are parsed (once per process) while the
        // workspace's are: with one large file of the user's, the cores
        // would otherwise wait for its last part. With no file of the
        // workspace's, the prebuilt matcher is read instead, and held until
        // the rebuild takes it.
        let use_embedded = self.config.default_glossary;
        let embedded_only = found.is_empty() && self.store.is_empty();
        let (prebuilt, unreadable_files) = rayon::join(
            || match (use_embedded, embedded_only) {
                (true, true) => prebuilt::embedded_matcher(),
                (true, false) => {
                    crate::glossary::embedded::files();
                    None
                }
                (false, _) => None,
            },
            || self.read_glossary_files(found),
        );
        unreadable.extend(unreadable_files);
        let changes = Changes {
            unreadable,
            ..self.rebuild_glossary()
        };
        drop(prebuilt);
        (changes, in_settings)
    }

    /// Reads the glossary files at `found` into the store (those open in
    /// the editor keep their buffer); returns the problems of those that
    /// cannot be read.
    fn read_glossary_files(&mut self, found: Vec<PathBuf>) -> Vec<Problem> {
        let mut unreadable = Vec::new();
        for path in found {
            match read_glossary(&path) {
                Ok(text) => {
                    let file = self.glossary_files.entry(path.clone()).or_default();
                    file.disk = Some(GlossaryText::new(&text));
                    if let Some(current) = file.current() {
                        self.store.set_file(&path, current.text.clone());
                    }
                }
                Err(e) => unreadable.push(Problem::error(
                    &path.display().to_string(),
                    "",
                    0..0,
                    "io",
                    format!("cannot read this glossary: {e}; its last good version stays in use"),
                )),
            }
        }
        unreadable
    }

    /// Merges the layers; when the entries changed, re-indexes open documents.
    pub(super) fn rebuild_glossary(&mut self) -> Changes {
        self.store.set_use_embedded(self.config.default_glossary);
        let (rebuilt, matcher) = self.merged_glossary();
        self.glossary_problems = rebuilt.problems.clone();
        let entries_changed = !same_entries(self.matcher.glossary(), &rebuilt.glossary);
        self.matcher = matcher;
        if entries_changed {
            self.generation += 1;
            for open in self.open.values_mut() {
                open.doc.reindex(&self.matcher);
            }
        }
        let paths: HashMap<String, &PathBuf> = self
            .glossary_files
            .keys()
            .map(|p| (p.display().to_string(), p))
            .collect();
        let mut problems: Vec<FileProblems> = rebuilt
            .problems
            .into_iter()
            .map(|(name, problems)| {
                let path = paths.get(&name).map(|p| (*p).clone());
                let text = path
                    .as_deref()
                    .and_then(|p| self.glossary_text(p))
                    .map_or_else(|| Arc::from(""), |t| t.text.clone());
                FileProblems {
                    path: path
                        .or_else(|| (!name.starts_with("embedded:")).then(|| PathBuf::from(&name))),
                    name,
                    text,
                    problems,
                }
            })
            .collect();
        problems.sort_by(|a, b| a.name.cmp(&b.name));
        Changes {
            glossary: Some(GlossaryRebuilt {
                problems,
                entries_changed,
            }),
            ..Changes::default()
        }
    }

    /// The store's layers merged, and their matcher: the prebuilt one when
    /// the embedded glossary is the only layer (and the prebuilt file is
    /// this binary's), else built.
    fn merged_glossary(&mut self) -> (Rebuilt, Arc<Matcher>) {
        if self.store.is_embedded_only()
            && let Some(matcher) = prebuilt::embedded_matcher()
        {
            let rebuilt = Rebuilt {
                glossary: Arc::clone(matcher.glossary()),
                problems: HashMap::new(),
            };
            return (rebuilt, matcher);
        }
        let rebuilt = self.store.rebuild();
        let matcher = Arc::new(Matcher::new(Arc::clone(&rebuilt.glossary)));
        (rebuilt, matcher)
    }

    /// The current text of a glossary file: its editor buffer, else the disk.
    pub fn glossary_text(&self, path: &Path) -> Option<&GlossaryText> {
        self.glossary_files
            .get(path)
            .and_then(GlossaryFile::current)
    }

    /// The editor buffer of a glossary file, when it is open.
    pub fn glossary_buffer(&self, path: &Path) -> Option<&GlossaryText> {
        self.glossary_files.get(path)?.buffer.as_ref()
    }

    /// Opens (or replaces) the editor buffer of a glossary file.
    pub fn set_glossary_buffer(&mut self, path: &Path, text: &str) -> Changes {
        let buffer = GlossaryText::new(text);
        self.store.set_file(path, buffer.text.clone());
        self.glossary_files
            .entry(path.to_path_buf())
            .or_default()
            .buffer = Some(buffer);
        self.rebuild_glossary()
    }

    /// Closes a glossary buffer: the file on disk is read again (or dropped when gone).
    pub fn close_glossary_buffer(&mut self, path: &Path) -> Changes {
        let file = self.glossary_files.entry(path.to_path_buf()).or_default();
        file.buffer = None;
        match read_glossary(path) {
            Ok(text) => {
                let disk = GlossaryText::new(&text);
                self.store.set_file(path, disk.text.clone());
                file.disk = Some(disk);
            }
            Err(_) => {
                self.store.remove_file(path);
                self.glossary_files.remove(path);
            }
        }
        self.rebuild_glossary()
    }
}

/// Reads a glossary file: a regular file (never a FIFO, which would wait
/// forever), UTF-8. No size cap: glossary files are named by the user's
/// globs, and a thesaurus of 100,000 entries is tens of megabytes.
fn read_glossary(path: &Path) -> Result<String, String> {
    let bytes = crate::fsutil::read_regular_file(path, u64::MAX).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
