"""Build a realistic archive of N meeting notes by varying the real notes in notes/.

    python bench/make_archive.py -n 2000 --out bench/out/archive-2000 [--seed 7]

Notes come in series of 40 (one folder each, like a real archive): a series takes the kind of
one real series (icat-monthly, pqcp-tsc, ...), its own cast of people and organisations, and a
run of meeting dates. Each note in it is one real note of that kind with
- the people renamed (a series-wide mapping, so the same people recur from meeting to meeting,
  drawn from the first names and surnames of all the real notes),
- the organisations swapped for others named in the real notes,
- every date moved by the same offset, so the note's date becomes its place in the series,
- about a quarter of its body paragraphs replaced by paragraphs of other notes (of that kind,
  and one in five of any kind).
Everything comes from ``random.Random(f"{seed}:...")``, per series and per note, so a note's
content depends only on the seed and its number: the 2,000-note archive is the first 2,000
notes of the 20,000-note one. The names, organisations and dates to swap are those the parser
found in each real note, kept in bench/cast.json so that the archive does not change with
the parser (``--refresh-cast`` rewrites it, e.g. after notes/ changes).

A manifest (``<out>.json``) records the notes' count, words and bytes; the archive is rebuilt
only when the seed, N, the real notes or this script change.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

CAST = Path(__file__).resolve().with_name("cast.json")
SERIES_SIZE = 40
SWAP_PARAGRAPH = 0.25  # share of body paragraphs replaced
OTHER_KIND = 0.2  # share of those taken from another kind of note
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTH_NO = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | \
    {m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
      r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DATES = [  # each rewritten in its own style, shifted by the note's offset
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?P<sfx>st|nd|rd|th)? {MON} (?P<y>(?:19|20)\d\d)\b")),
    ("mdy", re.compile(rf"\b{MON} (?P<d>\d{{1,2}})(?P<sfx>st|nd|rd|th)?, (?P<y>(?:19|20)\d\d)\b")),
    ("my", re.compile(rf"\b{MON} (?P<y>(?:19|20)\d\d)\b")),
]
NAME = re.compile(r"^[A-Z][\w’'-]+(?: [A-Z]\.)?(?: [A-Z][\w’'-]+){1,2}$")
ORG = re.compile(r"^[A-Z][\w&’'-]*(?: (?:[A-Z][\w&’'-]*|of|for|and|the|on|de))+$")


@dataclass
class Source:
    """One real note, ready to vary."""

    path: Path
    series: str
    kind: str  # the file name after its date: "board", "monthly-106", ""
    text: str
    day: date
    people: list[str]  # full names, then single names (as in "Present: Steve, Jody")
    orgs: list[tuple[str, str | None]]  # (name, acronym)


def find_cast(notes: Path) -> dict[str, dict]:
    """What the parser finds in each real note: date, people and organisations (cast.json)."""
    import ingest

    cast = {}
    for path in note_files(notes):
        m = ingest.parse_file(path)
        full = {p.name for p in m.people if NAME.match(p.name)}
        single = {a.name for a in m.attendees + m.apologies if re.fullmatch(r"[A-Z][a-z]+", a.name)}
        orgs = {(o.name, o.acronym) for o in m.organisations if ORG.match(o.name)}
        cast[path.relative_to(notes).as_posix()] = {
            "date": m.date, "people": sorted(full, key=lambda n: (-len(n), n)) + sorted(single),
            "organisations": sorted(orgs, key=lambda o: (o[0], o[1] or ""))}
    return cast


def note_files(notes: Path) -> list[Path]:
    return [p for p in sorted(notes.rglob("*"))
            if p.suffix in (".md", ".txt", ".html") and p.stem.lower() != "sources"]


def load_sources(notes: Path, cast_file: Path = CAST) -> list[Source]:
    cast = json.loads(cast_file.read_text(encoding="utf-8"))
    sources = []
    for path in note_files(notes):
        found = cast.get(path.relative_to(notes).as_posix())
        if found is None:
            sys.exit(f"{path} is not in {cast_file}: run make_archive.py --refresh-cast")
        day = date.fromisoformat(found["date"]) if found["date"] else _date_from_name(path.stem)
        kind = re.sub(r"^\d{4}-\d{1,2}(?:-\d{1,2})?-?", "", path.stem)
        sources.append(Source(path, path.parent.name, kind, path.read_text(encoding="utf-8"), day,
                              found["people"], [tuple(o) for o in found["organisations"]]))
    return sources


def _date_from_name(stem: str) -> date:
    y, m, *d = (int(x) for x in re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", stem).groups() if x)
    return date(y, m, d[0] if d else 1)


class Archive:
    def __init__(self, sources: list[Source], seed: int) -> None:
        self.sources, self.seed = sources, seed
        self.kinds = sorted({s.series for s in sources})
        names = [n.split() for s in sources for n in s.people if " " in n]
        self.first_names = sorted({n[0] for n in names})
        self.surnames = sorted({n[-1] for n in names})
        people = {n for s in sources for n in s.people}
        self.orgs = sorted({o for s in sources for o in s.orgs if o[0] not in people})
        # paragraphs after the head (front matter, title, attendance) may move between notes
        self.paragraphs = {k: [p for s in sources if s.series == k for p in _body(s.text)[1]]
                           for k in self.kinds}

    def series(self, g: int) -> tuple[str, dict[str, str], date, int]:
        """Series ``g``: its kind, its cast (real name -> new name), first date, interval."""
        rng = random.Random(f"{self.seed}:series:{g}")
        kind = rng.choice(self.kinds)
        cast: dict[str, str] = {}
        for s in self.sources:
            if s.series != kind:
                continue
            for name in s.people:
                if name not in cast:
                    parts = name.split()
                    cast[name] = (rng.choice(self.first_names) if len(parts) == 1 else
                                  f"{rng.choice(self.first_names)} {rng.choice(self.surnames)}")
            for name, acronym in s.orgs:
                if name not in cast:
                    new, new_acronym = rng.choice(self.orgs)
                    cast[name] = new
                    # short acronyms ("HO", "EC") are left alone: too easy to hit other words
                    if acronym and new_acronym and len(acronym) >= 3:
                        cast.setdefault(acronym, new_acronym)
        start = date(2005, 1, 1) + timedelta(days=rng.randrange(15 * 365))
        return kind, cast, start, rng.choice([7, 14, 28, 30])

    def note(self, i: int) -> tuple[str, str]:
        """Note ``i``: its path inside the archive and its text."""
        g, k = divmod(i, SERIES_SIZE)
        kind, cast, start, every = self.series(g)
        rng = random.Random(f"{self.seed}:note:{i}")
        base = rng.choice([s for s in self.sources if s.series == kind])
        day = start + timedelta(days=k * every)
        head, body = _body(base.text)
        body = [p if rng.random() >= SWAP_PARAGRAPH else rng.choice(self.paragraphs[
            kind if rng.random() >= OTHER_KIND else rng.choice(self.kinds)]) for p in body]
        text = "\n\n".join(head + body) + "\n"
        text = _shift_dates(text, day - base.day)
        text = _rename(text, cast)
        name = f"{day.isoformat()}-{base.kind}" if base.kind else day.isoformat()
        return f"{kind}-{g:04d}/{name}{base.path.suffix}", text


def _body(text: str) -> tuple[list[str], list[str]]:
    """A note's paragraphs, split into the head (first quarter, at least 3) and the body."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.strip("\n")) if p.strip()]
    cut = max(3, len(paragraphs) // 4)
    return paragraphs[:cut], paragraphs[cut:]


def _shift_dates(text: str, offset: timedelta) -> str:
    def shift(style: str, m: re.Match) -> str:
        g = m.groupdict()
        try:
            mon = (g.get("mon") or "").lower()
            month = int(g["m"]) if g.get("m") else MONTH_NO[mon[:4 if mon.startswith("sept") else 3]]
            old = date(int(g["y"]), month, int(g["d"]) if g.get("d") else 1)
        except (ValueError, KeyError):
            return m.group(0)
        new = old + offset
        if style == "iso":
            return new.isoformat()
        mon = MONTHS[new.month - 1] if len(g["mon"]) > 3 else MONTHS[new.month - 1][:3]
        sfx = _ordinal(new.day) if g.get("sfx") else ""
        if style == "dmy":
            return f"{new.day}{sfx} {mon} {new.year}"
        if style == "mdy":
            return f"{mon} {new.day}{sfx}, {new.year}"
        return f"{mon} {new.year}"

    for style, rx in DATES:
        text = rx.sub(lambda m, style=style: shift(style, m), text)
    return text


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _rename(text: str, cast: dict[str, str]) -> str:
    if not cast:
        return text
    rx = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(cast, key=len, reverse=True)))
                    + r")\b")
    return rx.sub(lambda m: cast[m.group(0)], text)


def fingerprint(notes: Path, n: int, seed: int) -> str:
    digest = hashlib.sha256(f"{n}:{seed}".encode())
    digest.update(Path(__file__).read_bytes() + CAST.read_bytes())
    for path in sorted(notes.rglob("*")):
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def build(notes: Path, out: Path, n: int, seed: int) -> dict:
    """Write the archive (unless an identical one is there) and return its manifest."""
    manifest_path = out.with_suffix(".json")
    key = fingerprint(notes, n, seed)
    if manifest_path.exists() and out.is_dir():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("fingerprint") == key:
            return manifest
    if out.exists():
        shutil.rmtree(out)
    archive = Archive(load_sources(notes), seed)
    words = size = 0
    for i in range(n):
        rel, text = archive.note(i)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        words += len(text.split())
        size += len(data)
    manifest = {"notes": n, "seed": seed, "words": words, "bytes": size,
                "series": -(-n // SERIES_SIZE), "fingerprint": key}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="number of notes")
    ap.add_argument("--out", type=Path, required=True, help="archive folder to (re)write")
    ap.add_argument("--notes", type=Path, default=Path("notes"), help="the real notes")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--refresh-cast", action="store_true",
                    help=f"first rewrite {CAST.name} from what the parser finds in the real notes")
    args = ap.parse_args(argv)
    if args.refresh_cast:
        cast = find_cast(args.notes)  # one note a line, so a diff shows what changed
        CAST.write_text("{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                                            for k, v in cast.items()) + "\n}\n", encoding="utf-8")
    manifest = build(args.notes, args.out, args.n, args.seed)
    json.dump(manifest, sys.stdout)
    print()


if __name__ == "__main__":
    main()
