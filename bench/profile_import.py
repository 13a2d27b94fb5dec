"""Where an import spends its time: py-spy samples, summed by phase, project function and module.

    python bench/profile_import.py --db DB ARCHIVE      # samples `kb import --db DB ARCHIVE`
    python bench/profile_import.py --raw samples.txt    # summarises samples py-spy already took

py-spy (from PyPI, `pip install py-spy`) samples the running process from outside, so the
import runs at full speed. Three views, each in % of all samples:
- phase: start-up (imports, schema), parse (``parse_note_file``), store (``save_meeting``),
  knowledge (``ensure_fresh``, the derived tables), rest; and parse by pipeline step;
- project function: each sample goes to the innermost frame in ingest/ or kb/ (its library
  calls included), so "PeopleFinder.__call__" holds the spaCy Matcher it runs;
- module: each sample goes to the file of its innermost frame (self time).
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^:()]+)(?::\d+)?\)$")
PHASES = [("parse", "parse_note_file"), ("store", "save_meeting"), ("knowledge", "ensure_fresh")]


def parse_step(names: list[str]) -> str:
    """Which step of parsing one note a sample is in (``names``: the frames from
    ``parse_note_file`` inwards)."""
    if "<module>" in names or "get_nlp" in names:
        return "first note only: importing spaCy, building the pipeline"
    if "Language.__call__" in names:
        getters = any(n.startswith("Underscore.") for n in names)
        ext = " (of which Token._ getters)" if getters else ""
        if "OrganisationFinder.__call__" in names:
            return "kb_organisations: SpanRuler and trimming" + ext
        if "PeopleFinder.__call__" in names:
            return "kb_people: Matcher and filtering" + ext
        return "tokenizer (spacy.blank)"
    if "read_note" in names:
        return "loader: read, decode, markup to text"
    return "rule modules after nlp() (ingest/*.py)"


def record(db: Path, archive: Path, out: Path, rate: int = 100) -> None:
    kb = Path(sys.executable).with_name("kb")
    spy = Path(sys.executable).with_name("py-spy")  # pip install py-spy puts it beside python
    subprocess.run([str(spy) if spy.exists() else "py-spy", "record", "--rate", str(rate),
                    "--format", "raw", "--output", str(out),
                    "--", sys.executable, str(kb), "import", "--db", str(db), str(archive)],
                   check=True, stdout=subprocess.DEVNULL)


def frames(stack: str) -> list[tuple[str, str]]:
    out = []
    for part in stack.split(";"):
        m = FRAME.match(part)
        out.append((m["func"], m["file"]) if m else (part, ""))
    return out


def summarise(raw: Path, top: int = 25) -> str:
    phase, func, module, step = Counter(), Counter(), Counter(), Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack:
            continue
        n = int(n)
        total += n
        fs = frames(stack)
        names = [f for f, _ in fs]
        label = next((p for p, fn in PHASES if fn in names), None)
        if label is None:
            label = "start-up" if "import_files" not in names else "import loop, other"
        phase[label] += n
        if label == "parse":
            step[parse_step(names[names.index("parse_note_file"):])] += n
        own = [(f, file) for f, file in fs if re.match(r"(?:.*/)?(?:ingest|kb)/", file)
               and "site-packages" not in file]
        if own:
            f, file = own[-1]
            func[f"{Path(file).parent.name}/{Path(file).name}:{f}"] += n
        else:
            func["(outside ingest/ and kb/)"] += n
        file = fs[-1][1]
        mod = re.sub(r".*site-packages/", "", file) if "site-packages" in file else file
        module[mod or fs[-1][0]] += n

    def table(title: str, counts: Counter, limit: int) -> list[str]:
        rows = [f"| {title} | % of samples |", "|---|---:|"]
        rows += [f"| `{k}` | {100 * v / total:.1f} |" for k, v in counts.most_common(limit)]
        return rows + [""]

    return "\n".join([f"{total} samples", ""] + table("phase", phase, 10)
                     + table("parse, by step", step, 10)
                     + table("innermost project function (library calls included)", func, top)
                     + table("module (self time)", module, top))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", type=Path, nargs="?")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--raw", type=Path, help="summarise this py-spy raw file instead")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    raw = args.raw
    if raw is None:
        if not (args.archive and args.db):
            ap.error("give ARCHIVE and --db, or --raw")
        raw = Path(tempfile.mkdtemp()) / "pyspy.txt"
        record(args.db, args.archive, raw)
    print(summarise(raw, args.top))


if __name__ == "__main__":
    main()
