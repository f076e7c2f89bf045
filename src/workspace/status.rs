//! What the glossary side of a [`Workspace`] holds, for people asking "is it
//! working?" (the server's `gloss/status` request, `:checkhealth gloss`): each
//! glossary file in use with its entry count and its current error.
//!
//! Read-only: must not change the workspace, the store or the matcher (the
//! problems are recomputed on a copy of the store).

use serde::Serialize;

use super::*;
use crate::problem::Severity;

/// One glossary file in use, or one that failed to load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GlossaryFileStatus {
    /// The file's path, or `embedded:NAME.toml` for the default glossary.
    pub path: String,
    /// Entries of this file in the merged glossary (after ids that a later
    /// layer replaces are dropped); for a file with errors, those of its last
    /// good version, which stays in use.
    pub entries: usize,
    pub embedded: bool,
    /// The file's first error ("line:column: message"), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The glossary files of a workspace and the error in effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GlossaryStatus {
    /// Embedded files first, then workspace files in path order.
    pub glossaries: Vec<GlossaryFileStatus>,
    /// The error of the last file (in path order) that has one, as
    /// "path:line:column: message".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_glossary_error: Option<String>,
}

/// The status of `glossary` (the merged glossary in use), given the workspace
/// glossary files and the problems per source name (as
/// [`crate::glossary::store::Rebuilt::problems`] gives them). Pure.
pub fn glossary_status(
    glossary: &Glossary,
    workspace_files: &[PathBuf],
    problems: &HashMap<String, Vec<Problem>>,
) -> GlossaryStatus {
    let mut counts = vec![0usize; glossary.sources.len()];
    for entry in &glossary.entries {
        if let Some(c) = counts.get_mut(entry.source) {
            *c += 1;
        }
    }
    let first_error = |name: &str| {
        problems.get(name).and_then(|list| {
            list.iter()
                .find(|p| p.severity == Severity::Error)
                .map(|p| format!("{}:{}: {}", p.line + 1, p.column + 1, p.message))
        })
    };
    let mut glossaries: Vec<GlossaryFileStatus> = glossary
        .sources
        .iter()
        .zip(&counts)
        .filter(|(s, _)| s.embedded)
        .map(|(s, &entries)| GlossaryFileStatus {
            path: s.name.clone(),
            entries,
            embedded: true,
            error: None,
        })
        .collect();
    let mut files: Vec<&PathBuf> = workspace_files.iter().collect();
    files.sort();
    files.dedup();
    for path in files {
        let name = path.display().to_string();
        let entries = glossary
            .sources
            .iter()
            .zip(&counts)
            .filter(|(s, _)| !s.embedded && s.name == name)
            .map(|(_, &n)| n)
            .sum();
        glossaries.push(GlossaryFileStatus {
            error: first_error(&name),
            path: name,
            entries,
            embedded: false,
        });
    }
    let last_glossary_error = glossaries
        .iter()
        .rev()
        .find_map(|g| g.error.as_ref().map(|e| format!("{}:{e}", g.path)));
    GlossaryStatus {
        glossaries,
        last_glossary_error,
    }
}

impl Workspace {
    /// [`glossary_status`] of this workspace: the glossary in use, and the
    /// problems of its files as the last merge reported them (kept by
    /// `rebuild_glossary`, not merged again here).
    pub fn glossary_status(&self) -> GlossaryStatus {
        let files: Vec<PathBuf> = self.store.paths().map(Path::to_path_buf).collect();
        glossary_status(self.matcher.glossary(), &files, &self.glossary_problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(path, text).expect("write");
        }
        let (ws, _) = Workspace::load(vec![dir.path().to_path_buf()], Value::Null);
        (dir, ws)
    }

    #[test]
    fn counts_entries_per_file_and_reports_the_error_in_effect() {
        let good = "[[entry]]\nid = \"alpha-thing\"\nlabel = \"Alpha Thing\"\nkind = \"concept\"\n\n[[entry]]\nid = \"beta-thing\"\nlabel = \"Beta Thing\"\nkind = \"concept\"\n";
        let bad =
            "[[entry]]\nid = \"gamma-thing\"\nlabel = \"Gamma Thing\"\nkind = \"not-a-kind\"\n";
        let (dir, ws) = workspace(&[
            ("gloss.toml", "default_glossary = false\n"),
            ("glossary/a.toml", good),
            ("glossary/b.toml", bad),
        ]);
        let status = ws.glossary_status();
        let a = dir.path().join("glossary/a.toml").display().to_string();
        let b = dir.path().join("glossary/b.toml").display().to_string();
        assert_eq!(status.glossaries.len(), 2, "{status:?}");
        assert_eq!(status.glossaries[0].path, a);
        assert_eq!(status.glossaries[0].entries, 2);
        assert_eq!(status.glossaries[0].error, None);
        assert_eq!(status.glossaries[1].path, b);
        assert_eq!(status.glossaries[1].entries, 0);
        let error = status.glossaries[1].error.clone().unwrap_or_default();
        assert!(error.starts_with("4:"), "{error}");
        assert!(
            status
                .last_glossary_error
                .as_deref()
                .is_some_and(|e| e.starts_with(&format!("{b}:4:"))),
            "{status:?}"
        );
    }

    #[test]
    fn the_embedded_glossary_is_listed_with_its_counts() {
        let (_dir, ws) = workspace(&[]);
        let status = ws.glossary_status();
        let embedded: Vec<_> = status.glossaries.iter().filter(|g| g.embedded).collect();
        assert!(!embedded.is_empty());
        assert!(embedded.iter().all(|g| g.path.starts_with("embedded:")));
        let total: usize = embedded.iter().map(|g| g.entries).sum();
        assert_eq!(total, ws.glossary().entries.len());
        assert_eq!(status.last_glossary_error, None);
    }
}
