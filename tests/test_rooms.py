"""The packages are rooms with a direction: a lower room never imports a higher one.

ingest:  records < vocabulary < reading < nlp < rules < parser (and the package itself)
kb:      storage < knowledge < site, export < the command line (cli, importer, corrections_cli);
         bundled and processes import nothing of kb
ingest never imports kb. Imports inside functions count too: a loop hidden in a function is
still a loop.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# room -> the rooms it may import (besides itself)
MAY_IMPORT: dict[str, set[str]] = {
    "ingest.records": set(),
    "ingest.vocabulary": set(),
    "ingest.reading": {"ingest.records", "ingest.vocabulary"},
    "ingest.nlp": {"ingest.records", "ingest.vocabulary"},
    "ingest.rules": {"ingest.records", "ingest.vocabulary", "ingest.reading", "ingest.nlp"},
    "ingest.parser": {"ingest.records", "ingest.vocabulary", "ingest.reading", "ingest.nlp",
                      "ingest.rules", "ingest"},
    "ingest": {"ingest.records", "ingest.reading", "ingest.parser"},
    "kb.bundled": set(),
    "kb.processes": set(),
    "kb.storage": {"ingest*"},
    "kb.knowledge": {"ingest*", "kb.storage", "kb.processes"},
    "kb.site": {"ingest*", "kb.storage", "kb.knowledge", "kb.bundled"},
    "kb.export": {"ingest*", "kb.storage", "kb.knowledge"},
    "kb": {"ingest*", "kb*"},  # the command line and the importer, on top of everything
}


def room(module: str) -> str:
    """The room a dotted module name belongs to: the longest prefix named in MAY_IMPORT."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in MAY_IMPORT:
            return ".".join(parts[:n])
    raise KeyError(module)


def imports(path: Path) -> set[str]:
    """Every kb or ingest module that a file imports, at any depth of its code."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                package = module.split(".")[: -node.level or None] if not path.name == "__init__.py" \
                    else module.split(".")[: len(module.split(".")) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return {m for m in found if m.split(".")[0] in {"ingest", "kb"}}


def allowed(source_room: str, target: str) -> bool:
    target_room = room(target) if target not in {"kb", "ingest"} else target
    if target_room == source_room:
        return True
    for rule in MAY_IMPORT[source_room]:
        if rule.endswith("*") and target_room.startswith(rule[:-1]):
            return True
        if rule == target_room:
            return True
    return False


MODULES = sorted(p for pkg in ("ingest", "kb") for p in (ROOT / pkg).rglob("*.py"))


def test_every_folder_says_what_its_room_holds():
    for init in sorted({p.parent / "__init__.py" for p in MODULES}):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{init.relative_to(ROOT)} has no docstring naming its room"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_lower_room_imports_a_higher_one(path):
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    source_room = room(module)
    bad = sorted(t for t in imports(path) if not allowed(source_room, t))
    assert not bad, f"{module} ({source_room}) imports {bad}"


def test_the_direction_check_catches_a_wrong_import():
    assert not allowed("ingest.rules", "kb.storage.store")
    assert not allowed("kb.storage", "kb.site.pages")
    assert not allowed("ingest.reading", "ingest.rules.meta")
    assert allowed("kb.site", "kb.knowledge.search")
