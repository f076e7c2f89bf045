//! The document side of a [`Workspace`]: open buffers (documents and glossary
//! files) and their edits, and the records of closed files (indexing runs,
//! file events).
//!
//! Must not parse glossaries (see [`super::glossaries`]).

use super::*;

impl Workspace {
    /// Opens a buffer: a glossary file's, or a document (unless it is data).
    pub fn open(&mut self, key: DocKey, language_id: &str, text: &str, version: i32) -> Opened {
        if let Some(path) = &key.path {
            if self.is_glossary_path(path) {
                return Opened::Glossary(self.set_glossary_buffer(path, text));
            }
            if path.starts_with(&self.embedded_copies.dir) {
                return Opened::Ignored;
            }
        }
        let Some(language) = Language::of_buffer(language_id, &key.key) else {
            return Opened::Ignored;
        };
        let mut doc = Document::new(text, version, language, &self.matcher);
        if let Some(path) = &key.path {
            doc.set_file_name(Some(&path.to_string_lossy()));
            doc.set_date_setting(date_setting(&self.roots, &self.config, path));
            self.open_paths.insert(path.clone(), key.key.clone());
        }
        self.open.insert(key.key.clone(), OpenDocument { key, doc });
        Opened::Document
    }

    /// Applies changes (in order) to an open buffer.
    pub fn edit(
        &mut self,
        key: &DocKey,
        version: i32,
        changes: &[TextChange],
        enc: Encoding,
    ) -> Edited {
        if let Some(path) = &key.path
            && let Some(buffer) = self
                .glossary_files
                .get_mut(path)
                .and_then(|f| f.buffer.as_mut())
        {
            let mut rope = buffer.rope().clone();
            for change in changes {
                let len = rope.len_bytes();
                let range = change.byte_range(&rope, enc).unwrap_or(0..len);
                let (start, end) = (rope.byte_to_char(range.start), rope.byte_to_char(range.end));
                rope.remove(start..end);
                rope.insert(start, &change.text);
            }
            *buffer = GlossaryText::from_rope(rope);
            let text = buffer.text.clone();
            self.store.set_file(path, text);
            return Edited::Glossary(self.rebuild_glossary());
        }
        let Some(open) = self.open.get_mut(&key.key) else {
            return Edited::NotOpen;
        };
        let doc = &mut open.doc;
        let stale_after = (version <= doc.version).then_some(doc.version);
        for change in changes {
            let range = change.byte_range(&doc.rope, enc);
            doc.edit(range, &change.text, &self.matcher);
        }
        doc.version = version;
        Edited::Document { stale_after }
    }

    /// Closes a buffer. A document's file on disk is indexed as a closed file.
    pub fn close(&mut self, key: &DocKey) -> Closed {
        if let Some(path) = &key.path
            && self.glossary_buffer(path).is_some()
        {
            return Closed::Glossary(self.close_glossary_buffer(path));
        }
        if let Some(open) = self.open.remove(&key.key)
            && let Some(path) = &open.key.path
        {
            self.open_paths.remove(path);
        }
        if let Some(path) = &key.path {
            self.index_file(path);
        }
        Closed::Document
    }

    /// An open document.
    pub fn document(&self, key: &str) -> Option<&Document> {
        self.open.get(key).map(|o| &o.doc)
    }

    /// Every open document, in key order.
    pub fn documents(&self) -> impl Iterator<Item = (&DocKey, &Document)> {
        self.open.values().map(|o| (&o.key, &o.doc))
    }

    /// Whether a file is open in the editor (its live buffer wins over its record).
    pub fn is_open(&self, path: &Path) -> bool {
        self.open_paths.contains_key(path)
    }

    /// Re-reads one document from disk into the closed-file records (or drops
    /// it when it cannot be read). Returns whether it is a document.
    pub fn index_file(&mut self, path: &Path) -> bool {
        if !walk::is_document(&self.roots, &self.config, path) {
            return false;
        }
        let stamp = self.next_stamp();
        let record = read_record(
            path,
            &self.roots,
            &self.config,
            &self.matcher,
            self.generation,
            stamp,
        );
        match record {
            Ok(record) => {
                self.closed.insert(path.to_path_buf(), record);
            }
            Err(reason) => {
                tracing::info!("skipping {}: {reason}", path.display());
                self.closed.remove(path, stamp);
            }
        }
        true
    }

    /// Forgets a closed file (deleted on disk).
    pub fn remove_file(&mut self, path: &Path) {
        let stamp = self.next_stamp();
        self.closed.remove(path, stamp);
    }

    /// Applies file events from outside: settings and glossary files reload the
    /// glossary; documents not open are re-indexed or forgotten. Files open in
    /// the editor are left alone (their buffers win; they are re-read on close).
    pub fn files_changed(&mut self, events: &[(PathBuf, FileEvent)]) -> Changes {
        let mut reload = false;
        let mut documents = false;
        for (path, event) in events {
            if path.file_name().is_some_and(|n| n == "gloss.toml") {
                reload = true;
                continue;
            }
            if self.glossary_buffer(path).is_some() {
                continue;
            }
            if self.is_glossary_path(path) {
                reload = true;
                if *event == FileEvent::Deleted {
                    self.store.remove_file(path);
                    self.glossary_files.remove(path);
                }
                continue;
            }
            if self.is_open(path) {
                continue;
            }
            documents = true;
            match event {
                FileEvent::Deleted => self.remove_file(path),
                FileEvent::CreatedOrChanged => {
                    self.index_file(path);
                }
            }
        }
        let mut changes = if reload {
            self.reload()
        } else {
            Changes::default()
        };
        changes.closed_files_changed = documents;
        changes
    }

    /// What background indexing of `only` (or every root) works from.
    pub fn index_run(&self, only: Option<Vec<PathBuf>>) -> IndexRun {
        IndexRun {
            roots: only.unwrap_or_else(|| self.roots.clone()),
            config: self.config.clone(),
            matcher: self.matcher.clone(),
            generation: self.generation,
        }
    }

    /// Inserts records read by a background run (unless their folder was
    /// removed meanwhile, a newer read of the same file exists, or the
    /// glossary changed since: their surface ids then name other entries, and
    /// the run the change started reads the file again).
    pub fn insert_records(
        &mut self,
        records: Vec<(PathBuf, Result<FileRecord, String>)>,
        stamp: u64,
    ) {
        for (path, record) in records {
            if !self.roots.iter().any(|root| path.starts_with(root)) {
                continue;
            }
            match record {
                Ok(record) if record.generation != self.generation => {}
                Ok(mut record) => {
                    // The settings may have changed since the run started.
                    let setting = date_setting(&self.roots, &self.config, &path);
                    record.set_date_clues(Some(&path.to_string_lossy()), setting.as_ref());
                    self.closed.insert(path, record);
                }
                Err(reason) => {
                    tracing::info!("skipping {}: {reason}", path.display());
                    self.closed.remove(&path, stamp);
                }
            }
        }
    }

    /// Indexes every document of the roots at once, in this thread: what the
    /// server's background run does in chunks between requests.
    pub fn index_all(&mut self) {
        let run = self.index_run(None);
        let (found, _) = run.find();
        let stamp = self.next_stamp();
        let records = run.read(&found, stamp);
        self.insert_records(records, stamp);
        self.finish_index_run(&run, &found);
    }

    /// Ends a complete run over `run.roots`: drops records of files it did not
    /// find (unless a newer generation wrote them).
    pub fn finish_index_run(&mut self, run: &IndexRun, found: &[PathBuf]) {
        let keep: std::collections::HashSet<&PathBuf> = found.iter().collect();
        self.closed.retain(|p, rec| {
            !run.roots.iter().any(|r| p.starts_with(r))
                || keep.contains(p)
                || rec.generation > run.generation
        });
    }
}
