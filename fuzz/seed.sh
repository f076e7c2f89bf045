#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets into fuzz/corpus/<target>/
# (gitignored) from the real texts in ../shared/corpus (or $GLOSS_CORPUS)
# and the project's own examples, Markdown files and glossaries. Nothing is
# copied into the repository. Deterministic: the same files give the same seeds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
corpus_dir="${GLOSS_CORPUS:-$root/../shared/corpus}"
# A worktree sits deeper than a clone: fall back to the machine's shared folder.
if [ ! -d "$corpus_dir" ] && [ -d /work/shared/corpus ]; then
    corpus_dir=/work/shared/corpus
fi
exec python3 - "$root" "$corpus_dir" <<'PY'
import json, pathlib, random, sys

try:
    import tomllib
except ImportError:  # Python < 3.11: no JSON twins of the TOML glossaries
    tomllib = None

root = pathlib.Path(sys.argv[1])
corpus_dir = pathlib.Path(sys.argv[2])
out = root / "fuzz" / "corpus"
rng = random.Random(14)
SEPARATOR = b"\xff"  # base text | edit script (see fuzz/src/lib.rs)

def chunks(text, size):
    """Paragraphs grouped into pieces of at most `size` bytes (a longer
    paragraph is its own piece)."""
    piece = ""
    for para in text.split("\n\n"):
        if piece and len((piece + "\n\n" + para).encode()) > size:
            yield piece
            piece = para
        else:
            piece = piece + "\n\n" + para if piece else para
    if piece:
        yield piece

def write(target, name, data):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)

corpus_texts = sorted(corpus_dir.glob("*.txt")) + sorted(corpus_dir.glob("*.md")) if corpus_dir.is_dir() else []
if not corpus_texts:
    print(f"seed: no corpus texts in {corpus_dir}; seeding from the repository's files only")
markdown = sorted(
    p for pattern in ("examples/*.md", "tests/data/own/*.md", "tests/golden/ws/**/*.md", "*.md", "editors/*/*.md")
    for p in root.glob(pattern)
    if "node_modules" not in p.parts
)

counts = {}
def seed(target, name, data):
    write(target, name, data)
    counts[target] = counts.get(target, 0) + 1

# Edit sequences: pieces of texts, each alone (text and script at once) and
# followed by a few script bytes.
for target, files in (
    ("edit_sequence_plain", corpus_texts + markdown[:4]),
    ("edit_sequence_markdown", markdown + corpus_texts),
):
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        for i, piece in enumerate(list(chunks(text, 3000))[:12]):
            data = piece.encode()
            seed(target, f"{f.stem}-{i}", data)
            script = bytes(rng.randrange(256) for _ in range(rng.randrange(16, 96)))
            seed(target, f"{f.stem}-{i}-edits", data + SEPARATOR + script.replace(SEPARATOR, b"\x00"))

# The Markdown mask: Markdown pieces and plain texts.
for f in markdown + corpus_texts:
    text = f.read_text(encoding="utf-8", errors="replace")
    for i, piece in enumerate(list(chunks(text, 4000))[:12]):
        seed("markdown_mask", f"{f.stem}-{i}", piece.encode())

# The glossary loader: the project's glossaries (the default one cut into
# pieces of whole entries), and JSON twins of the TOML ones.
glossaries = sorted(
    p for pattern in ("tests/support/*.toml", "tests/golden/**/*.toml", "tests/golden/glossary_edit/*.json", "glossary/default/*.toml")
    for p in root.glob(pattern)
)
for f in glossaries:
    text = f.read_text(encoding="utf-8", errors="replace")
    head, *entries = text.split("[[entry]]")
    pieces = [text] if len(text) <= 4000 else []
    piece = head
    for e in entries:
        if len(piece) + len(e) > 4000 and piece.strip():
            pieces.append(piece)
            piece = ""
        piece += "[[entry]]" + e
    if len(text) > 4000 and piece.strip():
        pieces.append(piece)
    for i, piece in enumerate(pieces[:6]):
        name = f"{f.parent.name}-{f.stem}-{i}"
        seed("glossary_loader", name + f.suffix, piece.encode())
        if tomllib and f.suffix == ".toml":
            try:
                as_json = json.dumps(tomllib.loads(piece), ensure_ascii=False, indent=2, default=str)
            except Exception:
                continue
            seed("glossary_loader", name + ".json", as_json.encode())

# The JSON-RPC framing: an editor's session over a piece of each text
# (initialize, didOpen, didChange, hover, shutdown, exit), framed as on
# stdin; the first byte is the target's cut-and-limit byte.
def frame(message):
    body = json.dumps(message, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body

for i, f in enumerate(corpus_texts[:20] + markdown[:4]):
    text = next(iter(chunks(f.read_text(encoding="utf-8", errors="replace"), 1500)), "")
    uri = "file:///seed/" + f.name
    session = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "é中😀"}]}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}},
        {"jsonrpc": "2.0", "id": 3, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    data = b"".join(frame(m) for m in session)
    seed("jsonrpc_framing", f"{f.stem}-session", bytes([rng.randrange(256)]) + data)
print("seed: " + ", ".join(f"{t}: {n} inputs" for t, n in sorted(counts.items())) + f" (into {out})")
PY
