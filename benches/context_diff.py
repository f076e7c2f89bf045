#!/usr/bin/env python3
"""Compares the mentions of two `gloss annotate --format jsonl` outputs.

Owns the comparison behind `benches/context-diff.sh` (issue 10, "Show it"):
pairing BEFORE and AFTER mentions, naming each change, the capitalised-
neighbour count, and the printed report (counts, `--list`, `--sample`). It
only reads: the two jsonl files and, for context, the annotated text files
(paths as written in the jsonl, relative to the current folder). Standard
library only; it must not run or build Gloss (the shell script does).

Input: one JSON object per line with at least path, start, end (byte
offsets), quote, id. Optional, from the context-rule builds on:
  decision   "linked" | "possible" | "in-text" | "set-aside" (absent = linked)
  why        a short reason
  definition the in-text long form (for "in-text", where id may be empty)
"""

from __future__ import annotations

import argparse
import bisect
import collections
import json
import random
import re
import sys
from dataclasses import dataclass

LINKED, POSSIBLE, IN_TEXT, DROPPED = "linked", "possible", "in-text", "set-aside"
DECISIONS = (LINKED, POSSIBLE, IN_TEXT, DROPPED)

# Change categories, in report order.
REMOVED = "removed"
CHANGED_ENTRY = "changed entry"
CHANGED_SPAN = "changed span"
NOW_POSSIBLE = "now possible"
NOW_IN_TEXT = "now in-text"
NOW_LINKED = "now linked"
ADDED = "added"
UNCHANGED = "unchanged"
CATEGORIES = (
    REMOVED,
    CHANGED_ENTRY,
    CHANGED_SPAN,
    NOW_POSSIBLE,
    NOW_IN_TEXT,
    NOW_LINKED,
    ADDED,
    UNCHANGED,
)
NOW_BY_DECISION = {POSSIBLE: NOW_POSSIBLE, IN_TEXT: NOW_IN_TEXT, LINKED: NOW_LINKED}


@dataclass
class Mention:
    path: str
    start: int
    end: int
    quote: str
    id: str
    label: str
    kind: str
    alternatives: list[str]
    decision: str
    why: str
    definition: str
    line: int | None
    column: int | None

    @property
    def shown(self) -> bool:
        """Gloss shows it to the reader (linked, possible or in-text)."""
        return self.decision != DROPPED

    @property
    def target(self) -> str:
        """What it points to: the entry id, or the in-text long form."""
        if self.decision == IN_TEXT and not self.id:
            return "“" + self.definition + "”"
        return self.id

    def describe(self) -> str:
        if self.decision == DROPPED:
            return DROPPED
        text = self.target
        if self.alternatives:
            text += " (or " + ", ".join(self.alternatives) + ")"
        if self.decision != LINKED:
            text = f"{self.decision} {text}"
        return text


def read_jsonl(file_name: str) -> list[Mention]:
    mentions = []
    with open(file_name, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
                decision = o.get("decision") or LINKED
                if decision not in DECISIONS:
                    raise ValueError(f"unknown decision {decision!r}")
                mentions.append(
                    Mention(
                        path=str(o["path"]),
                        start=int(o["start"]),
                        end=int(o["end"]),
                        quote=str(o.get("quote", "")),
                        id=str(o.get("id") or ""),
                        label=str(o.get("label") or ""),
                        kind=str(o.get("kind") or ""),
                        alternatives=[str(a) for a in o.get("alternatives") or []],
                        decision=decision,
                        why=str(o.get("why") or ""),
                        definition=str(o.get("definition") or ""),
                        line=o.get("line"),
                        column=o.get("column"),
                    )
                )
            except (ValueError, KeyError, TypeError) as e:
                sys.exit(f"{file_name}:{number}: not a Gloss mention: {e}")
    return mentions


# ------------------------------------------------------------------ pairing


@dataclass
class Change:
    category: str
    before: Mention | None
    after: Mention | None

    @property
    def any(self) -> Mention:
        m = self.before or self.after
        assert m is not None
        return m

    @property
    def why(self) -> str:
        return self.after.why if self.after else ""

    def sort_key(self):
        m = self.any
        return (m.path, m.start, m.end, CATEGORIES.index(self.category))


def categorise(before: Mention | None, after: Mention | None) -> str | None:
    """The change from `before` to `after` (either may be missing); None when
    neither is shown (a candidate dropped that was never linked)."""
    shown_before = before is not None and before.shown
    shown_after = after is not None and after.shown
    if not shown_before and not shown_after:
        return None
    if not shown_before:
        return ADDED
    if not shown_after:
        return REMOVED
    assert before is not None and after is not None
    if after.decision != before.decision:
        return NOW_BY_DECISION[after.decision]
    if after.target != before.target:
        return CHANGED_ENTRY
    if (after.start, after.end) != (before.start, before.end):
        return CHANGED_SPAN
    return UNCHANGED


def pair(before: list[Mention], after: list[Mention]) -> list[tuple[Mention | None, Mention | None]]:
    """Pairs mentions of one file: same (start, end) first, then the largest
    overlap among those left (a mention that got longer or shorter)."""
    exact = collections.defaultdict(collections.deque)
    for a in after:
        exact[(a.start, a.end)].append(a)
    pairs: list[tuple[Mention | None, Mention | None]] = []
    left_before = []
    for b in before:
        same = exact.get((b.start, b.end))
        if same:
            pairs.append((b, same.popleft()))
        else:
            left_before.append(b)
    left_after = sorted((a for q in exact.values() for a in q), key=lambda a: (a.start, a.end))
    taken = [False] * len(left_after)
    starts = [a.start for a in left_after]
    longest = max((a.end - a.start for a in left_after), default=0)
    for b in left_before:
        lo = bisect.bisect_left(starts, b.start - longest)
        hi = bisect.bisect_left(starts, b.end)
        best, best_overlap = None, 0
        for i in range(lo, hi):
            a = left_after[i]
            overlap = min(a.end, b.end) - max(a.start, b.start)
            if not taken[i] and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            pairs.append((b, None))
        else:
            taken[best] = True
            pairs.append((b, left_after[best]))
    pairs.extend((None, a) for i, a in enumerate(left_after) if not taken[i])
    return pairs


def compare(before: list[Mention], after: list[Mention]) -> tuple[list[Change], int]:
    """Every change (unchanged ones included), and the number of AFTER
    candidates dropped that BEFORE did not show either."""
    by_path = collections.defaultdict(lambda: ([], []))
    for m in before:
        by_path[m.path][0].append(m)
    for m in after:
        by_path[m.path][1].append(m)
    changes, dropped_unseen = [], 0
    for path in sorted(by_path):
        b, a = by_path[path]
        for x, y in pair(b, a):
            category = categorise(x, y)
            if category is None:
                dropped_unseen += 1
            else:
                changes.append(Change(category, x, y))
    changes.sort(key=Change.sort_key)
    return changes, dropped_unseen


# ------------------------------------------------------------------ text


class Texts:
    """The annotated files, read once, as bytes (offsets are bytes)."""

    def __init__(self):
        self.cache: dict[str, bytes | None] = {}

    def bytes_of(self, path: str) -> bytes | None:
        if path not in self.cache:
            try:
                with open(path, "rb") as f:
                    self.cache[path] = f.read()
            except OSError:
                self.cache[path] = None
        return self.cache[path]

    def around(self, m: Mention, chars: int) -> tuple[str, str, str] | None:
        """(up to `chars` characters before, the mention, up to `chars` after)."""
        data = self.bytes_of(m.path)
        if data is None:
            return None
        window = 4 * chars  # a character is at most 4 UTF-8 bytes
        before = data[max(0, m.start - window) : m.start].decode("utf-8", "replace")
        after = data[m.end : m.end + window].decode("utf-8", "replace")
        quote = data[m.start : m.end].decode("utf-8", "replace")
        return before[-chars:], quote, after[:chars]


def one_line(s: str) -> str:
    return s.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎").replace("\t", " ")


# ------------------------------------------------- capitalised neighbours

SENTENCE_END = ".!?:…"
OPENING = "\"'“‘([«"
PRONOUN_I = {"I", "I'm", "I've", "I'll", "I'd", "I’m", "I’ve", "I’ll", "I’d"}
WORD_CHAR = re.compile(r"[\w'’\-.]")


def is_word_char(ch: str) -> bool:
    return bool(WORD_CHAR.match(ch)) and ch != "_"


def sentence_initial(text_before_word: str, at_text_start: bool) -> bool:
    """A word is sentence-initial when, skipping spaces and opening quotes or
    brackets, it follows a line break, the start of the text or . ! ? : …"""
    i = len(text_before_word)
    while i > 0 and (text_before_word[i - 1] in " \t" or text_before_word[i - 1] in OPENING):
        i -= 1
    if i == 0:
        return at_text_start
    return text_before_word[i - 1] in "\r\n" or text_before_word[i - 1] in SENTENCE_END


def capitalised(word: str) -> bool:
    word = word.strip("'’-.")
    return bool(word) and word[0].isupper() and word not in PRONOUN_I


def neighbour_words(texts: Texts, m: Mention) -> tuple[str | None, str | None]:
    """The previous and next word of `m` when it touches them across exactly
    one space and they are capitalised and not sentence-initial (the pronoun
    "I" does not count); else None for that side."""
    data = texts.bytes_of(m.path)
    if data is None:
        return None, None
    window = 400
    left_start = max(0, m.start - window)
    left = data[left_start : m.start].decode("utf-8", "replace")
    right = data[m.end : m.end + window].decode("utf-8", "replace")
    previous = next_word = None
    if len(left) >= 2 and left[-1] == " " and left[-2].isalnum():
        i = len(left) - 1
        while i > 0 and is_word_char(left[i - 1]):
            i -= 1
        word = left[i:-1]
        if capitalised(word) and not sentence_initial(left[:i], left_start == 0):
            previous = word
    if len(right) >= 2 and right[0] == " " and right[1].isalnum():
        j = 1
        while j < len(right) and is_word_char(right[j]):
            j += 1
        word = right[1:j].rstrip(".")
        # After a link ending in . ! ? : the next word may start a sentence
        # ("… the U.S. The …"): not counted.
        ends_sentence = data[m.start : m.end].decode("utf-8", "replace")[-1:] in SENTENCE_END
        if capitalised(word) and not ends_sentence:
            next_word = word
    return previous, next_word


# ------------------------------------------------------------------ report


def reason_key(why: str) -> str:
    """A reason without its particulars (quoted text, what follows a colon),
    so that "expanded in this document as “X”" groups across documents."""
    why = re.sub(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|‘[^’]*’", "…", why)
    why = why.split(":", 1)[0]
    return why.strip() or "(no reason given)"


def fmt(n: int) -> str:
    return f"{n:,}"


def location(m: Mention) -> str:
    if m.line is not None and m.column is not None:
        return f"{m.path}:{m.line}:{m.column}"
    return f"{m.path}@{m.start}"


def context_of(texts: Texts, m: Mention, chars: int) -> str:
    found = texts.around(m, chars)
    if found is None:
        return f"[[{m.quote}]] (text unavailable)"
    before, quote, after = found
    return one_line(f"…{before}[[{quote}]]{after}…")


def change_summary(c: Change) -> str:
    before = c.before.describe() if c.before else "—"
    after = c.after.describe() if c.after else "—"
    span = ""
    if c.before and c.after and (c.before.start, c.before.end) != (c.after.start, c.after.end):
        span = f"  span {c.before.quote!r} → {c.after.quote!r}"
    why = f"  why: {c.why}" if c.why else ""
    return f"{before} → {after}{span}{why}"


def print_report(args, before: list[Mention], after: list[Mention]) -> None:
    texts = Texts()
    changes, dropped_unseen = compare(before, after)
    counts = collections.Counter(c.category for c in changes)
    out = print

    out(f"== {args.name} ==")
    before_shown = collections.Counter(m.decision for m in before)
    after_shown = collections.Counter(m.decision for m in after)

    def totals(counter):
        parts = [f"{fmt(counter[d])} {d}" for d in (LINKED, POSSIBLE, IN_TEXT) if counter[d] or d == LINKED]
        if counter[DROPPED]:
            parts.append(f"({fmt(counter[DROPPED])} dropped)")
        return ", ".join(parts)

    files = len({m.path for m in before} | {m.path for m in after})
    if args.note:
        out(args.note)
    out(f"files with mentions: {fmt(files)}")
    out(f"BEFORE: {totals(before_shown)}")
    out(f"AFTER:  {totals(after_shown)}")
    out("")
    out("| change | count |")
    out("|---|---:|")
    for category in CATEGORIES:
        out(f"| {category} | {fmt(counts[category])} |")
    changed = sum(n for c, n in counts.items() if c != UNCHANGED)
    out(f"| **changed in all** | {fmt(changed)} |")
    if dropped_unseen:
        out(f"(and {fmt(dropped_unseen)} AFTER candidates dropped that BEFORE did not show either)")

    # Per reason (rows sum to the categories), when AFTER gives any reason.
    reasons = collections.Counter((c.category, reason_key(c.why)) for c in changes if c.category != UNCHANGED)
    if any(c.why for c in changes if c.category != UNCHANGED):
        out("")
        out("| change | why | count |")
        out("|---|---|---:|")
        for (category, why), n in sorted(reasons.items(), key=lambda kv: (CATEGORIES.index(kv[0][0]), -kv[1], kv[0][1])):
            out(f"| {category} | {why} | {fmt(n)} |")

    # BEFORE links touching another capitalised word, and what became of them.
    touching = collections.Counter()
    touching_fate = collections.Counter()
    touching_phrases = collections.Counter()
    for c in changes:
        b = c.before
        if b is None or b.decision != LINKED:
            continue
        previous, next_word = neighbour_words(texts, b)
        if previous is None and next_word is None:
            continue
        side = "both" if previous and next_word else ("previous" if previous else "next")
        touching[side] += 1
        touching_fate[c.category] += 1
        touching_phrases[" ".join(w for w in (previous, b.quote, next_word) if w)] += 1
    total_touching = sum(touching.values())
    out("")
    out(
        f"BEFORE links touching another capitalised word: {fmt(total_touching)} of {fmt(before_shown[LINKED])}"
        f" (previous word {fmt(touching['previous'])}, next word {fmt(touching['next'])}, both {fmt(touching['both'])})"
    )
    if total_touching:
        out("  of which now: " + ", ".join(f"{c} {fmt(touching_fate[c])}" for c in CATEGORIES if touching_fate[c]))
        common = ", ".join(f"“{p}” {n}" for p, n in touching_phrases.most_common(args.top))
        out(f"  most frequent: {common}")

    listed = [c for c in changes if c.category != UNCHANGED]
    if args.list:
        out("")
        out(f"-- every change ({fmt(len(listed))}) --")
        for c in listed:
            out(f"{c.category}\t{location(c.any)}\t{context_of(texts, c.any, args.context)}\t{change_summary(c)}")

    if args.sample:
        chosen = random.Random(args.seed).sample(range(len(listed)), min(args.sample, len(listed)))
        out("")
        out(f"-- random sample: {len(chosen)} of {fmt(len(listed))} changes (seed {args.seed}) --")
        for number, i in enumerate(sorted(chosen), 1):
            c = listed[i]
            out(f"{number}. [{c.category}] {location(c.any)}")
            out(f"   {context_of(texts, c.any, args.context)}")
            out(f"   {change_summary(c)}")
            out("   judgement: right / wrong / unsure")
            out("")


# ------------------------------------------------------------------ self-test


def self_test() -> None:
    """Checks pairing, categories and the capitalised-neighbour rule on a
    small text of our own (`context_diff.py --self-test`)."""
    import os
    import tempfile

    text = "The mayor of New Mexico City met Jordan. Mexico and Chad signed. Georgia said the ICC ruled.\nMexico again."
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

        def at(quote: str, nth: int = 0, **fields) -> Mention:
            start = -1
            for _ in range(nth + 1):
                start = text.index(quote, start + 1)
            start_b = len(text[:start].encode())
            values = dict(id=quote.lower(), label=quote, kind="place", alternatives=[], decision=LINKED,
                          why="", definition="", line=None, column=None)
            values.update(fields)
            return Mention(path=path, start=start_b, end=start_b + len(quote.encode()), quote=quote, **values)

        before = [at("Mexico"), at("Jordan"), at("Mexico", 1), at("Chad"), at("Georgia"), at("ICC"),
                  at("Mexico", 2), at("City", decision=POSSIBLE)]
        after = [
            at("Mexico", why="part of a longer name", decision=DROPPED),  # removed, with why
            at("Jordan", id="jordan-river"),  # changed entry
            at("Mexico", 1),  # unchanged
            at("Chad", decision=POSSIBLE, alternatives=["chad-person"]),  # now possible
            at("Georgia said", id="georgia"),  # changed span (longer, same entry)
            at("ICC", id="", decision=IN_TEXT, definition="International Cricket Council"),  # now in-text
            at("City"),  # now linked (was possible)
            at("mayor"),  # added
            at("signed", decision=DROPPED),  # dropped, never shown
        ]  # "Mexico" on the last line: absent = removed
        changes, dropped_unseen = compare(before, after)
        got = sorted((c.any.quote, c.category, c.why) for c in changes)
        want = sorted([
            ("Mexico", REMOVED, "part of a longer name"),
            ("Jordan", CHANGED_ENTRY, ""),
            ("Mexico", UNCHANGED, ""),
            ("Chad", NOW_POSSIBLE, ""),
            ("Georgia", CHANGED_SPAN, ""),
            ("ICC", NOW_IN_TEXT, ""),
            ("City", NOW_LINKED, ""),
            ("mayor", ADDED, ""),
            ("Mexico", REMOVED, ""),
        ])
        assert got == want, f"categories: {got} != {want}"
        assert dropped_unseen == 1, dropped_unseen

        texts = Texts()
        neighbours = [neighbour_words(texts, m) for m in before]
        assert neighbours[0] == ("New", "City"), neighbours[0]  # New Mexico City
        assert neighbours[2] == (None, None), neighbours[2]  # ". Mexico and": sentence-initial, lower-case next
        assert neighbours[4] == (None, None), neighbours[4]  # "Chad signed. Georgia said"
        assert neighbours[6] == (None, None), neighbours[6]  # at a line start
        assert neighbours[7] == ("Mexico", None), neighbours[7]
        assert reason_key("expanded in this document as “International Cricket Council”") == "expanded in this document as …"
        assert reason_key("ambiguous: Georgia, Georgia (U.S. state)") == "ambiguous"
    print("context_diff self-test: ok")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--before-jsonl", required=True)
    p.add_argument("--after-jsonl", required=True)
    p.add_argument("--name", default="", help="heading of the report")
    p.add_argument("--note", default="", help="a line printed under the heading (e.g. run times)")
    p.add_argument("--list", action="store_true", help="print every change with context")
    p.add_argument("--sample", type=int, default=0, help="print a random sample of N changes")
    p.add_argument("--seed", type=int, default=10)
    p.add_argument("--context", type=int, default=60, help="characters of context each side")
    p.add_argument("--top", type=int, default=15, help="frequent capitalised-neighbour phrases shown")
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return
    args = p.parse_args()
    if not args.name:
        args.name = f"{args.before_jsonl} → {args.after_jsonl}"
    print_report(args, read_jsonl(args.before_jsonl), read_jsonl(args.after_jsonl))


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(0)
