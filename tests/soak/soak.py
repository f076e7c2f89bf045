#!/usr/bin/env python3
"""Soak test of the real `gloss lsp` server (issue 14, "Soak").

Drives the server over stdio for a set time (--seconds, default 30) on a
temporary workspace holding the real texts of ../shared/corpus (or
$GLOSS_CORPUS) and the project's own Markdown texts, with random incremental
edits (UTF-16 positions, inserts of é, 中文 and emoji), hovers, references,
completions, pull diagnostics, semantic tokens and glossary changes (the
workspace glossary rewritten on disk and announced with
workspace/didChangeWatchedFiles, sometimes broken, then fixed).

Checks, each a failure when broken:
- no error reply (every request here is valid, so none is expected) and no
  reply that takes longer than --reply-timeout;
- no divergence from a fresh open: every few seconds one edited document's
  current text is opened under a second URI, and the pull diagnostics and
  semantic tokens of both must be equal;
- no panic in the server's log, the server alive to the end, and
  shutdown + exit ending it with status 0;
- resident memory flat: VmRSS at start, after warm-up and at the end, with
  end <= warm-up x 1.5 + 20 MB (see MEMORY_BOUND).

Standard library only. Exit status 0 when every check passed; the last line
printed is a one-line summary.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Memory bound: after warm-up the server holds every document, the glossary
# and its caches; what it allocates later is working memory that it frees.
# Growth that stays under half the warmed-up size plus 20 MB (allocator
# arenas and fragmentation, which glibc does not always give back, and the
# noise of a short run whose warm-up figure is small) is not a leak; a leak
# per edit or per request over thousands of them goes past it.
MEMORY_FACTOR = 1.5
MEMORY_SLACK_MB = 20

INSERTS = [
    "é", "中文", "😀", "👍🏽", "ё", "ß", "İ", "\n", "\n\n", "\r\n", " ", ". ", ", ",
    "SCO", "the Shanghai Cooperation Organisation", "United Nations", "UN",
    "NATO", "ASEAN", "the European Union (EU)", "EU", "China", "Russia",
    "President Xi Jinping", "Foreign Minister Wang Yi", "Vladimir Putin",
    "CICA", "BRICS", "multipolarity", "soft power", "Soak Council", "SKC",
    "Soak Treaty", "上海合作组织", "北京", "Россия", "Nov 04 2014\n",
    "date: 2024-10-15\n", "(WHO)", "World Health Organization", "words ",
]
MARKDOWN_INSERTS = ["# ", "`", "```\n", "- ", "[", "](http://example.org)", "**", "> ", "<b>", "</b>", "---\n"]

# The workspace glossary, in versions the run cycles through; BROKEN is not TOML.
GLOSSARY_GOOD = [
    '[[entry]]\nid = "soak-council"\nlabel = "Soak Council"\nkind = "organization"\nacronyms = ["SKC"]\n',
    '[[entry]]\nid = "soak-council"\nlabel = "Soak Council"\nkind = "organization"\nacronyms = ["SKC"]\n\n'
    '[[entry]]\nid = "soak-treaty"\nlabel = "Soak Treaty"\nkind = "document"\naliases = ["Treaty of Soak"]\n',
    '[[entry]]\nid = "soak-council"\nlabel = "Soak Assembly"\nkind = "organization"\nacronyms = ["SKC"]\n'
    'aliases = ["Soak Council"]\n\n[[entry]]\nid = "multipolar-world"\nlabel = "multipolar world"\nkind = "concept"\n',
]
GLOSSARY_BROKEN = '[[entry]]\nid = "soak-council"\nlabel = "Soak Council\nkind = organization\n'


def log(msg: str) -> None:
    print(msg, flush=True)


class Server:
    """The server process and its JSON-RPC stream, read on a thread."""

    def __init__(self, binary: str, workspace: pathlib.Path, cache: pathlib.Path, stderr_path: pathlib.Path):
        env = dict(os.environ, XDG_CACHE_HOME=str(cache))
        env.setdefault("GLOSS_LOG", "info")
        self.stderr_file = open(stderr_path, "wb")
        self.proc = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.stderr_file, cwd=workspace, env=env,
        )
        self.replies: dict[int, queue.Queue] = {}
        self.lock = threading.Lock()
        self.next_id = 1
        self.server_requests = 0
        self.notifications = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _write(self, message: dict) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length is None:
                return
            message = json.loads(out.read(length))
            if "method" in message and "id" in message:
                self.server_requests += 1
                self._answer(message)
            elif "method" in message:
                self.notifications += 1
            else:
                with self.lock:
                    q = self.replies.get(message.get("id"))
                if q is not None:
                    q.put(message)

    def _answer(self, request: dict) -> None:
        """The server's own requests: configuration (nothing set), the
        rest (registrations, refreshes, progress) acknowledged."""
        if request["method"] == "workspace/configuration":
            result = [None for _ in request.get("params", {}).get("items", [])]
        else:
            result = None
        self._write({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def notify(self, method: str, params) -> None:
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params, timeout: float) -> dict:
        with self.lock:
            rid = self.next_id
            self.next_id += 1
            q: queue.Queue = queue.Queue()
            self.replies[rid] = q
        self._write({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        try:
            return q.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"{method}: no reply within {timeout:.0f} s") from None
        finally:
            with self.lock:
                self.replies.pop(rid, None)

    def rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")


def utf16_position(text: str, offset: int) -> dict:
    """LSP position (line, UTF-16 column) of the code point offset `offset`;
    lines end at LF, CRLF or a lone CR."""
    line = 0
    line_start = 0
    i = 0
    while i < offset:
        c = text[i]
        if c == "\n" or (c == "\r" and (i + 1 >= len(text) or text[i + 1] != "\n")):
            line += 1
            line_start = i + 1
        i += 1
    column = sum(2 if ord(c) > 0xFFFF else 1 for c in text[line_start:offset])
    return {"line": line, "character": column}


def not_inside_crlf(text: str, offset: int) -> int:
    """An offset moved off the middle of a CRLF (no LSP position is there)."""
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        return offset - 1
    return offset


class Doc:
    def __init__(self, uri: str, language: str, text: str):
        self.uri, self.language, self.text, self.version = uri, language, text, 1


def normalised(value, uris: list[str]):
    """A reply with the documents' own URIs replaced, for comparison. A
    diagnostic report's resultId is dropped: it digests the items as sent,
    URIs of related locations included, so two documents differ in it."""
    if isinstance(value, dict) and "resultId" in value:
        value = {k: v for k, v in value.items() if k != "resultId"}
    s = json.dumps(value, sort_keys=True, ensure_ascii=False)
    for u in uris:
        s = s.replace(json.dumps(u)[1:-1], "<doc>")
    return json.loads(s)


def build_workspace(ws: pathlib.Path, corpus: pathlib.Path, max_docs: int) -> list[tuple[str, str, str]]:
    """Writes gloss.toml, the glossary and the documents; returns the documents
    (relative path, language id, text)."""
    (ws / "glossary").mkdir(parents=True)
    (ws / "docs").mkdir()
    (ws / "gloss.toml").write_text('glossaries = ["glossary/**/*.toml"]\n')
    (ws / "glossary" / "soak.toml").write_text(GLOSSARY_GOOD[0])
    sources = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    if not sources:
        log(f"soak: no corpus texts in {corpus}; using the project's own texts only")
    sources += sorted((ROOT / "tests" / "data" / "own").glob("*.md"))
    sources += sorted((ROOT / "examples").glob("*.md"))
    docs = []
    for src in sources[:max_docs]:
        text = src.read_text(encoding="utf-8")
        name = f"docs/{src.name}"
        (ws / name).write_text(text, encoding="utf-8")
        docs.append((name, "markdown" if src.suffix == ".md" else "plaintext", text))
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--binary", default=os.environ.get("GLOSS_BIN"),
                        help="the gloss binary (default: the newer of target/release/gloss and target/debug/gloss)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-docs", type=int, default=6)
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace and the server's log")
    parser.add_argument("--reply-timeout", type=float, default=30)
    parser.add_argument("--corpus", default=os.environ.get("GLOSS_CORPUS", str(ROOT.parent / "shared" / "corpus")))
    args = parser.parse_args()

    binary = args.binary
    if binary is None:  # the newer of the release and debug builds
        built = [p for p in (ROOT / "target" / "release" / "gloss", ROOT / "target" / "debug" / "gloss") if p.is_file()]
        if built:
            binary = str(max(built, key=lambda p: p.stat().st_mtime))
    if binary is None or not pathlib.Path(binary).is_file():
        log(f"soak: FAIL: no gloss binary ({binary or 'target/release/gloss or target/debug/gloss'}); "
            "build it first (cargo build --release)")
        return 2
    corpus = pathlib.Path(args.corpus)
    if not corpus.is_dir() and pathlib.Path("/work/shared/corpus").is_dir():
        corpus = pathlib.Path("/work/shared/corpus")
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    # The server runs in the soak's workspace folder: a relative path would not reach it.
    binary = str(pathlib.Path(binary).resolve())
    log(f"soak: binary {binary}, {args.seconds:.0f} s, seed {seed} (rerun with --seed {seed})")

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="gloss-soak-"))
    ws = tmp / "ws"
    failures: list[str] = []
    counts: dict[str, int] = {}
    latency: dict[str, float] = {}
    server = None
    try:
        docs_spec = build_workspace(ws, corpus, args.max_docs)
        server = Server(binary, ws, tmp / "cache", tmp / "server.log")
        uri_of = lambda rel: (ws / rel).as_uri()
        init = server.request("initialize", {
            "processId": os.getpid(),
            "rootUri": ws.as_uri(),
            "workspaceFolders": [{"uri": ws.as_uri(), "name": "soak"}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "workspace": {"configuration": True, "didChangeWatchedFiles": {"dynamicRegistration": True}},
                "textDocument": {
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "diagnostic": {"dynamicRegistration": False},
                    "publishDiagnostics": {"relatedInformation": True},
                    "semanticTokens": {"requests": {"full": True}, "formats": ["relative"],
                                       "tokenTypes": [], "tokenModifiers": []},
                },
            },
        }, args.reply_timeout)
        if "error" in init:
            raise RuntimeError(f"initialize failed: {init['error']}")
        server.notify("initialized", {})
        docs = []
        for rel, language, text in docs_spec:
            d = Doc(uri_of(rel), language, text)
            server.notify("textDocument/didOpen", {"textDocument": {
                "uri": d.uri, "languageId": language, "version": 1, "text": text}})
            docs.append(d)
        # Start: initialised, the workspace indexed and every document open.
        for d in docs:
            server.request("textDocument/diagnostic", {"textDocument": {"uri": d.uri}}, args.reply_timeout)
        rss_start = server.rss_mb()

        def call(method: str, params) -> dict | None:
            counts[method] = counts.get(method, 0) + 1
            t0 = time.monotonic()
            try:
                reply = server.request(method, params, args.reply_timeout)
            except TimeoutError as e:
                failures.append(str(e))
                return None
            latency[method] = max(latency.get(method, 0.0), time.monotonic() - t0)
            if "error" in reply:
                failures.append(f"{method} answered an error: {reply['error']} (params {json.dumps(params)[:300]})")
                return None
            return reply.get("result")

        def random_offset(d: Doc) -> int:
            return not_inside_crlf(d.text, rng.randrange(len(d.text) + 1))

        def edit(d: Doc) -> None:
            a = random_offset(d)
            b = not_inside_crlf(d.text, min(len(d.text), a + rng.choice([0, 0, 1, 3, 10, 40])))
            pool = INSERTS + (MARKDOWN_INSERTS if d.language == "markdown" else [])
            insert = "" if rng.random() < 0.15 else "".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
            start, end = utf16_position(d.text, a), utf16_position(d.text, b)
            d.text = d.text[:a] + insert + d.text[b:]
            d.version += 1
            counts["edits"] = counts.get("edits", 0) + 1
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": d.uri, "version": d.version},
                "contentChanges": [{"range": {"start": start, "end": end}, "text": insert}],
            })

        def position_params(d: Doc) -> dict:
            return {"textDocument": {"uri": d.uri}, "position": utf16_position(d.text, random_offset(d))}

        glossary_state = {"version": 0, "broken": False, "changes": 0}

        def change_glossary() -> None:
            path = ws / "glossary" / "soak.toml"
            if not glossary_state["broken"] and rng.random() < 0.3:
                path.write_text(GLOSSARY_BROKEN)
                glossary_state["broken"] = True
            else:
                glossary_state["version"] = (glossary_state["version"] + 1) % len(GLOSSARY_GOOD)
                path.write_text(GLOSSARY_GOOD[glossary_state["version"]])
                glossary_state["broken"] = False
            glossary_state["changes"] += 1
            server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": path.as_uri(), "type": 2}]})

        fresh_opens = {"n": 0}

        def compare_with_fresh_open(d: Doc) -> None:
            fresh_opens["n"] += 1
            # The same file name in another folder: a date in the name counts.
            fresh = uri_of(f"fresh-open-{fresh_opens['n']}/{d.uri.rsplit('/', 1)[-1]}")
            server.notify("textDocument/didOpen", {"textDocument": {
                "uri": fresh, "languageId": d.language, "version": 1, "text": d.text}})
            for method, params_of in (
                ("textDocument/diagnostic", lambda u: {"textDocument": {"uri": u}}),
                ("textDocument/semanticTokens/full", lambda u: {"textDocument": {"uri": u}}),
            ):
                edited = call(method, params_of(d.uri))
                opened = call(method, params_of(fresh))
                if edited is None or opened is None:
                    continue
                a, b = normalised(edited, [d.uri]), normalised(opened, [fresh])
                if a != b:
                    path = tmp / f"divergence-{fresh_opens['n']}-{method.rsplit('/', 1)[-1]}.json"
                    path.write_text(json.dumps({"method": method, "text": d.text, "edited": a, "fresh": b},
                                               ensure_ascii=False, indent=1))
                    failures.append(f"{method} of {d.uri} differs from a fresh open of the same text (saved in {path})")
            server.notify("textDocument/didClose", {"textDocument": {"uri": fresh}})
            counts["fresh-open comparisons"] = counts.get("fresh-open comparisons", 0) + 1

        start = time.monotonic()
        deadline = start + args.seconds
        # Warm-up: every document opened, edited and re-indexed after a few
        # glossary changes; a third of the run, at most a minute.
        warm_up_at = start + min(60.0, args.seconds / 3)
        rss_warm = None
        samples: list[float] = []  # VmRSS every tenth of the run
        next_sample = start
        next_glossary = start + 5
        next_compare = start + 1
        while time.monotonic() < deadline and len(failures) < 20:
            now = time.monotonic()
            if rss_warm is None and now >= warm_up_at:
                rss_warm = server.rss_mb()
            if now >= next_sample:
                samples.append(server.rss_mb())
                next_sample = now + args.seconds / 10
            if server.proc.poll() is not None:
                failures.append(f"the server exited with status {server.proc.returncode}")
                break
            d = rng.choice(docs)
            if now >= next_glossary:
                change_glossary()
                # Each change rebuilds the matcher and re-indexes the workspace.
                next_glossary = now + rng.uniform(8, 20)
            if now >= next_compare:
                compare_with_fresh_open(d)
                next_compare = now + rng.uniform(2, 5)
                continue
            roll = rng.random()
            if roll < 0.5:
                for _ in range(rng.randint(1, 8)):  # a burst of keystrokes
                    edit(d)
            elif roll < 0.65:
                call("textDocument/hover", position_params(d))
            elif roll < 0.72:
                p = position_params(d)
                p["context"] = {"includeDeclaration": True}
                call("textDocument/references", p)
            elif roll < 0.82:
                call("textDocument/completion", position_params(d))
            elif roll < 0.91:
                call("textDocument/diagnostic", {"textDocument": {"uri": d.uri}})
            else:
                call("textDocument/semanticTokens/full", {"textDocument": {"uri": d.uri}})
        # The last state must be good: fix a broken glossary, then compare every document.
        if glossary_state["broken"]:
            change_glossary()
        for d in docs:
            compare_with_fresh_open(d)
        if rss_warm is None:
            rss_warm = server.rss_mb()
        rss_end = server.rss_mb()
        elapsed = time.monotonic() - start

        reply = server.request("shutdown", None, args.reply_timeout)
        if "error" in reply:
            failures.append(f"shutdown answered an error: {reply['error']}")
        server.notify("exit", None)
        try:
            status = server.proc.wait(timeout=20)
            if status != 0:
                failures.append(f"the server exited with status {status} after shutdown and exit (expected 0)")
        except subprocess.TimeoutExpired:
            failures.append("the server did not exit within 20 s of exit")
        server.stderr_file.close()
        server_log = (tmp / "server.log").read_text(encoding="utf-8", errors="replace")
        panics = [line for line in server_log.splitlines() if "panic" in line.lower()]
        if panics:
            failures.append(f"{len(panics)} panic line(s) in the server's log, first: {panics[0][:300]}")

        bound = rss_warm * MEMORY_FACTOR + MEMORY_SLACK_MB
        log(f"soak: resident memory (VmRSS): start {rss_start:.1f} MB, after warm-up {rss_warm:.1f} MB, "
            f"end {rss_end:.1f} MB (bound {bound:.1f} MB = warm-up x {MEMORY_FACTOR} + {MEMORY_SLACK_MB} MB)")
        log("soak: VmRSS every tenth of the run (MB): " + " ".join(f"{x:.0f}" for x in samples + [rss_end]))
        if rss_end > bound:
            failures.append(f"resident memory grew from {rss_warm:.1f} MB after warm-up to {rss_end:.1f} MB "
                            f"(bound {bound:.1f} MB)")
        requests = sum(v for k, v in counts.items() if "/" in k)
        log("soak: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        log(f"soak: glossary changes {glossary_state['changes']}, server requests answered "
            f"{server.server_requests}, notifications received {server.notifications}")
        log("soak: slowest reply per method: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in sorted(latency.items())))
        for f in failures:
            log(f"soak: FAILURE {f}")
        figures = (f"{elapsed:.0f} s, {counts.get('edits', 0)} edits, {requests} requests, "
                   f"{counts.get('fresh-open comparisons', 0)} fresh-open comparisons, "
                   f"RSS start/warm-up/end {rss_start:.0f}/{rss_warm:.0f}/{rss_end:.0f} MB, seed {seed}")
        if failures:
            log(f"soak: FAIL ({len(failures)} failures, see FAILURE lines; files kept in {tmp}): {figures}")
        else:
            log(f"soak: PASS (0 error replies, 0 divergences, memory flat): {figures}")
        return 0 if not failures else 1
    except Exception as e:  # the run itself broke: say so, as the last line
        failures.append(str(e))
        log(f"soak: FAIL: {type(e).__name__}: {e} (seed {seed}; server log in {tmp / 'server.log'})")
        return 1
    finally:
        if server is not None and server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        if not failures and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
