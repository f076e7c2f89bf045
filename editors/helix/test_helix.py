#!/usr/bin/env python3
"""Tests editors/helix/languages.toml without Helix (no registry ships it).

1. The snippet parses (tomllib) and names the right command, args, languages and settings.
2. The README shows the same snippet.
3. The server accepts what Helix would send for it: `config` as initializationOptions, as the
   answer to workspace/configuration (Helix looks the section up inside `config`) and in
   didChangeConfiguration, with the position encodings Helix offers. Driven over stdio here,
   as Helix would, against a corpus text opened with languageId "text" and a Markdown file.

env: GLOSS_BIN (server binary), GLOSS_DOC (a corpus text; the wire test is skipped without it).
Prints "helix: N passed, M failed".
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import threading
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + "helix: " + name + ("" if ok or not detail else f": {detail}"))
    return ok


text = (HERE / "languages.toml").read_text()
cfg = tomllib.loads(text)
server = cfg.get("language-server", {}).get("gloss", {})
check("language-server.gloss runs `gloss lsp`", server.get("command") == "gloss" and server.get("args") == ["lsp"], server)
langs = {lang["name"]: lang for lang in cfg.get("language", [])}
md = langs.get("markdown", {})
check("markdown keeps marksman next to gloss", md.get("language-servers") == ["marksman", "gloss"], md)
txt = langs.get("text", {})
check("plain text (*.txt) uses gloss", "gloss" in txt.get("language-servers", []) and "txt" in txt.get("file-types", []) and txt.get("scope"), txt)
check("text roots include gloss.toml", "gloss.toml" in txt.get("roots", []), txt)

settings = server.get("config", {}).get("gloss")
schema = json.loads((ROOT / "schemas" / "gloss-config.schema.json").read_text())
props = schema.get("properties", {})
check("settings live under config.gloss (the workspace/configuration section)", isinstance(settings, dict), server.get("config"))
settings = settings or {}
unknown = [k for k in settings if k not in props]
check("every setting is a key of gloss-config.schema.json", not unknown, unknown)


def resolve(node):
    """Follows a local $ref (possibly inside anyOf/allOf) to its definition."""
    for alt in [node] + node.get("anyOf", []) + node.get("allOf", []):
        ref = alt.get("$ref")
        if ref and ref.startswith("#/"):
            target = schema
            for part in ref[2:].split("/"):
                target = target[part]
            return target
    return node


diag_schema = resolve(props.get("diagnostics", {}))
codes = set(diag_schema.get("properties", {}))
bad = [k for k in settings.get("diagnostics", {}) if k not in codes]
check("diagnostic codes are the server's", codes and not bad, f"unknown {bad}, known {sorted(codes)}")

readme = (HERE / "README.md").read_text()
blocks = re.findall(r"```toml\n(.*?)```", readme, re.S)
check("README shows languages.toml as it is", any(b.strip() == text.strip() for b in blocks))

# ---- wire test: what Helix sends -------------------------------------------------------------
BIN, DOC = os.environ.get("GLOSS_BIN"), os.environ.get("GLOSS_DOC")


class Server:
    def __init__(self, cmd, root, config):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.config, self.next_id, self.diags = config, 0, {}
        self.responses, self.cv = {}, threading.Condition()
        threading.Thread(target=self.reader, daemon=True).start()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def reader(self):
        while True:
            headers = {}
            while True:
                line = self.p.stdout.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                k, v = line.split(b": ", 1)
                headers[k.lower()] = int(v) if k.lower() == b"content-length" else v
            msg = json.loads(self.p.stdout.read(headers[b"content-length"]))
            method = msg.get("method")
            if method and "id" in msg:  # a request from the server: answer as Helix does
                result = None
                if method == "workspace/configuration":
                    result = []
                    for item in msg["params"]["items"]:
                        value = self.config
                        for part in (item.get("section") or "").split("."):
                            if part:
                                value = value.get(part) if isinstance(value, dict) else None
                        result.append(value)
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
            elif method == "textDocument/publishDiagnostics":
                with self.cv:
                    self.diags[msg["params"]["uri"]] = msg["params"]["diagnostics"]
                    self.cv.notify_all()
            elif "id" in msg:
                with self.cv:
                    self.responses[msg["id"]] = msg
                    self.cv.notify_all()

    def request(self, method, params, timeout=10):
        self.next_id += 1
        i = self.next_id
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        with self.cv:
            self.cv.wait_for(lambda: i in self.responses, timeout)
            return self.responses.get(i, {})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diags(self, uri, pred, timeout=10):
        with self.cv:
            return self.cv.wait_for(lambda: uri in self.diags and pred(self.diags[uri]), timeout)


if not (BIN and DOC and os.path.exists(DOC)):
    print("helix: wire test SKIPPED (GLOSS_BIN or GLOSS_DOC missing)")
else:
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "gloss.toml").write_text("")
        doc = root / "siis.txt"
        doc.write_text(pathlib.Path(DOC).read_text())
        note = root / "note.md"
        note.write_text("# Note\n\nThe **SIIS** met `SIIS` in code.\n")
        config = server.get("config", {})
        s = Server([BIN] + server["args"], root, config)
        try:
            init = s.request("initialize", {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": "ws"}],
                "initializationOptions": config,
                "capabilities": {
                    "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
                    "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": False}},
                    "textDocument": {"hover": {"contentFormat": ["markdown"]}, "publishDiagnostics": {}},
                },
            })
            caps = init.get("result", {}).get("capabilities", {})
            check("server picks utf-8 from Helix's encodings", caps.get("positionEncoding") == "utf-8", caps.get("positionEncoding"))
            s.notify("initialized", {})
            s.notify("workspace/didChangeConfiguration", {"settings": config})
            uri = doc.as_uri()
            s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "text", "version": 0, "text": doc.read_text()}})
            levels = {"error": 1, "warning": 2, "information": 3, "hint": 4}
            want = levels[settings.get("diagnostics", {}).get("unknown-acronym", "hint")]
            ok = s.wait_diags(uri, lambda ds: any(d.get("code") == "unknown-acronym" and d.get("severity") == want for d in ds))
            check(f"config applies: unknown-acronym published with severity {want}", ok, s.diags.get(uri, [])[:2])
            check("undefined-acronym on SIIS (line 5)", any(d.get("code") == "undefined-acronym" and d["range"]["start"]["line"] == 4 for d in s.diags.get(uri, [])))
            hover = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 1}})
            value = json.dumps(hover.get("result"))
            check("hover on SIIS shows the glossary card", "Shanghai Institutes for International Studies" in value, value[:200])
            muri = note.as_uri()
            s.notify("textDocument/didOpen", {"textDocument": {"uri": muri, "languageId": "markdown", "version": 0, "text": note.read_text()}})
            s.wait_diags(muri, lambda ds: True)
            md_diags = s.diags.get(muri, [])
            # "The **SIIS** met `SIIS` in code.": the mention at column 6 counts, the code span at 18 does not.
            starts = sorted(d["range"]["start"]["character"] for d in md_diags if d["range"]["start"]["line"] == 2)
            check("markdown: prose mentions count, code spans do not", 6 in starts and 18 not in starts, starts)
            s.request("shutdown", None)
            s.notify("exit", None)
            check("server exits after shutdown/exit", s.p.wait(timeout=10) == 0)
        finally:
            if s.p.poll() is None:
                s.p.kill()

passed = sum(results)
print(f"helix: {passed} passed, {len(results) - passed} failed")
sys.exit(0 if all(results) else 1)
