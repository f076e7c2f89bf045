#!/usr/bin/env python3
"""A large synthetic Gloss glossary, for load and matching benchmarks.

    python3 benches/synthetic-glossary.py ENTRIES OUT.toml [--seed N]

Writes ENTRIES entries (about three labels each: a multi-word label, an
alias and an acronym; people get a short alias instead of an acronym) as one
TOML file valid against schemas/glossary.schema.json and free of cross-file
errors: ids are unique (all start with `syn-`, so they never replace an
entry of the embedded glossary), no two entries share a label (compared as
Gloss does: case-folded and whitespace-squashed; acronyms with exact case),
and every reference (`related`, `broader`, `roles[].of`) names an id of the
file. Labels are built from common English policy words, so a real text has
some mentions. The output depends only on ENTRIES and the seed.

Standard library only.
"""

import random
import sys

WORDS = """
access accountability action administration advisory affairs agency agricultural
aid alliance analysis arbitration arms assembly assessment assistance atlantic
atomic audit authority aviation balance baltic bank basin biodiversity board border
budget bureau capacity carbon central charter chemical children circular citizens
civil climate coastal coherence cohesion collective commerce commission committee
common communication community compliance conference conflict conservation
constitutional consumer continental cooperation coordination council court crisis
cultural customs cyber data defence democratic demographic desert development
digital diplomatic disarmament disaster domestic drought economic education
electoral emergency employment energy enforcement environmental equality ethics
european evaluation exchange executive export external family federal finance
financial fiscal fisheries food foreign forest freedom fund funding gender general
global governance grain green growth harbour health heritage higher housing human
humanitarian hydrographic immigration independent industrial information
infrastructure inland innovation institute integration intellectual interior
international investment judicial justice labour land legal legislative maritime
market media medical migration military mineral mining monetary monitoring mountain
national natural naval network northern nuclear ocean oversight pacific parliamentary
partnership peace pension planning police policy polar ports postal poverty
prevention procurement property protection public railway recovery reform refugee
regional regulatory relief renewable research reserve resilience resource rights
river rural safety sanitation science security semiconductor social solar space
standards statistical strategic supply sustainable tax technical technology telecom
territorial trade training transit transparency transport treasury tribunal union
urban veterans water welfare wildlife workforce youth
""".split()

BODIES = """
Agency Authority Board Bureau Centre Coalition Commission Committee Compact Council
Court Directorate Facility Forum Foundation Fund Group Initiative Institute Mechanism
Mission Network Observatory Office Organisation Panel Partnership Programme Registry
Secretariat Service Task\u00a0Force Tribunal Union
""".split()

CONCEPTS = """
Act Agenda Agreement Charter Convention Declaration Doctrine Framework Guidelines
Pact Plan Principle Protocol Regulation Strategy Treaty
""".split()

PLACES = """
Aldmoor Ashvale Brennick Calder Carrowmere Dunhaven Eastmarch Elmsworth Fairhold
Glenbarrow Harrowgate Highmere Ironbridge Kestrel Kingsreach Lakemont Lowfield
Marrowick Northwold Oakhurst Pellmark Queensbury Ravenholm Redcliffe Rosswater
Saltmarsh Southfell Stonebury Thornwick Valebrook Westmarch Whitcombe Wyndham
Yarrowby Zeldane Amberlund Borovia Castellan Dravonia Estmere Fennoria Galdora
Halvoria Istrana Jorvania Kaldoria Lusvania Moravel Norvenia Ostrava Pellavia
Quorvia Rasmark Severa Talvoria Ulmeria Varonia Wexland
""".split()

GIVEN = """
Aisha Alejandro Amara Anders Aniket Beatriz Bogdan Camille Chidi Dagny Dmitri Elena
Emeka Farida Fiona Giulia Goran Hana Hiroshi Ingrid Isabel Jamal Jana Joaquim Kalani
Kenji Lars Leila Luca Maren Mateo Mei Miriam Nadia Niamh Olga Omar Paulo Priya Quentin
Rania Rashid Sanna Sergei Sofia Tariq Tomasz Ulla Valentina Viktor Wanjiru Yara Yusuf
Zainab Zoran
""".split()

FAMILY = """
Abara Adeyemi Almeida Andersen Barzani Bergstrom Castellanos Chowdhury Dabrowski
Delacroix Eriksen Fernandes Fitzgerald Gallagher Haddad Halvorsen Ibekwe Ivanova
Jankowski Kagame Kowalczyk Lindqvist Lombardi Mahlangu Marchetti Mendoza Nakamura
Novak Obradovic Okafor Olsen Petrov Quispe Rahimi Rasmussen Salazar Sorensen Takahashi
Tanaka Uribe Valdivia Vasquez Wojcik Yamamoto Zapata Zielinski
""".split()

TITLES = ["Director-General", "Chair", "Secretary-General", "President", "Commissioner"]

KINDS_WEIGHTS = [("organization", 5), ("concept", 3), ("person", 2), ("place", 1)]


def toml_string(s):
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def key(label, case_sensitive):
    """How Gloss compares labels: squashed whitespace; case-folded unless exact."""
    squashed = " ".join(label.split())
    return ("S:" + squashed) if case_sensitive else ("I:" + squashed.casefold())


def is_all_caps(s):
    return any(c.isupper() for c in s) and not any(c.islower() for c in s)


class Claims:
    """Every label key already used, so no two entries share one."""

    def __init__(self):
        self.used = set()

    def take(self, label):
        k = key(label, is_all_caps(label))
        if k in self.used:
            return False
        self.used.add(k)
        return True


def initials(words):
    return "".join(w[0].upper() for w in words if w[0].isalpha() and w.lower() not in ("of", "the", "for", "and", "on"))


def organisation(rng):
    words = [w.capitalize() for w in rng.sample(WORDS, rng.choice([1, 2, 2, 3]))]
    body = rng.choice(BODIES).replace("\u00a0", " ")
    place = rng.choice(PLACES)
    form = rng.randrange(4)
    if form == 0:
        label = f"{' '.join(words)} {body} of {place}"
        alias = f"{place} {' '.join(words)} {body}"
    elif form == 1:
        label = f"{place} {' '.join(words)} {body}"
        alias = f"{' '.join(words)} {body} of {place}"
    elif form == 2:
        label = f"{body} for {' '.join(words)}"
        alias = f"{place} {body} for {' '.join(words)}"
    else:
        label = f"{' '.join(words)} {body}"
        alias = f"the {' '.join(words)} {body}"
    return label, alias, initials(label.split())


def concept(rng):
    words = [w.capitalize() for w in rng.sample(WORDS, rng.choice([1, 2, 3]))]
    doc = rng.choice(CONCEPTS)
    place = rng.choice(PLACES)
    if rng.random() < 0.5:
        label = f"{place} {' '.join(words)} {doc}"
        alias = f"{doc} on {' '.join(words)}"
    else:
        label = f"{' '.join(words)} {doc}"
        alias = f"{' '.join(words).lower()} {doc.lower()}"
    return label, alias, initials(label.split())


def person(rng):
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    middle = rng.choice(GIVEN)
    label = f"{given} {middle[0]}. {family}" if rng.random() < 0.5 else f"{given} {family}-{rng.choice(FAMILY)}"
    alias = f"{given[0]}. {label.split()[-1]}"
    return label, alias, None


def place(rng):
    a, b = rng.choice(PLACES), rng.choice(["Province", "Region", "District", "Islands", "Valley", "Highlands", "Coast"])
    label = f"{rng.choice(['North', 'South', 'East', 'West', 'Upper', 'Lower', 'Greater', 'New'])} {a} {b}"
    alias = f"{a} {b}"
    return label, alias, None


MAKERS = {"organization": organisation, "concept": concept, "person": person, "place": place}


def unique(claims, label, rng, suffixes):
    """`label`, or it with a distinguishing suffix, until no entry has it."""
    if claims.take(label):
        return label
    while True:
        candidate = f"{label} {rng.choice(suffixes)}"
        if claims.take(candidate):
            return candidate
        label = candidate if rng.random() < 0.3 else label


ROMAN = ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
NUMBERS = [str(n) for n in range(2, 100)]


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--seed")]
    seed = 13
    for a in argv[1:]:
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
    if len(args) != 2 or not args[0].isdigit():
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    count, out = int(args[0]), args[1]
    rng = random.Random(seed)
    claims = Claims()
    kinds = [k for k, w in KINDS_WEIGHTS for _ in range(w)]
    lines = [
        "title = \"Synthetic benchmark glossary\"",
        "as_of = \"2025-06\"",
        f"# {count} entries generated by benches/synthetic-glossary.py (seed {seed}).",
        "",
    ]
    org_ids = []
    free_orgs = []
    for n in range(count):
        kind = rng.choice(kinds)
        label, alias, acronym = MAKERS[kind](rng)
        label = unique(claims, label, rng, ROMAN + NUMBERS)
        alias = unique(claims, alias, rng, ROMAN + NUMBERS)
        aliases = [alias]
        if acronym is None:
            # People and places get a second alias instead of an acronym
            # ("Okafor, Amara", "Dravonia Province Area").
            words = label.split()
            second = f"{words[-1]}, {' '.join(words[:-1])}" if kind == "person" else f"the {label}"
            aliases.append(unique(claims, second, rng, ROMAN + NUMBERS))
        if acronym is not None:
            acronym = acronym if len(acronym) >= 2 else acronym + "X"
            while not claims.take(acronym):
                acronym += rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        entry_id = f"syn-{n:06d}"
        lines.append("[[entry]]")
        lines.append(f"id = {toml_string(entry_id)}")
        lines.append(f"label = {toml_string(label)}")
        lines.append(f"kind = {toml_string(kind)}")
        if acronym:
            lines.append(f"acronyms = [{toml_string(acronym)}]")
        lines.append(f"aliases = [{', '.join(toml_string(a) for a in aliases)}]")
        if rng.random() < 0.4:
            lines.append(
                "description = "
                + toml_string(f"A synthetic {kind} for benchmarks, number {n}, concerned with {rng.choice(WORDS)} and {rng.choice(WORDS)}.")
            )
        if org_ids and rng.random() < 0.3:
            lines.append(f"related = [{toml_string(rng.choice(org_ids))}]")
        # Each organisation has at most one office holder: overlapping
        # holders of one office are an error.
        if kind == "person" and free_orgs and rng.random() < 0.7:
            of = free_orgs.pop(rng.randrange(len(free_orgs)))
            start = rng.randrange(1990, 2024)
            end = f", end = \"{start + rng.randrange(1, 8)}\"" if rng.random() < 0.6 else ""
            lines.append(
                f"roles = [{{ title = {toml_string(rng.choice(TITLES))}, of = {toml_string(of)}, start = \"{start}\"{end} }}]"
            )
        if kind == "organization":
            org_ids.append(entry_id)
            free_orgs.append(entry_id)
        lines.append("")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
