"""``kb export --popolo``: the knowledge base as Popolo JSON, checked against the Popolo JSON
schemas (popolo-spec, schemas/*.json). The schemas cannot be fetched while testing, so what
they say is written out below.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from kb.cli import cli

# schema file -> the properties it declares that kb may write, with their JSON types.
# (Each schema declares more; kb writing a property not declared here is a failure.)
STRING, ARRAY, INTEGER = str, list, int
PROPERTIES = {
    "person.json": {"id": STRING, "name": STRING, "other_names": ARRAY},
    "organization.json": {"id": STRING, "name": STRING, "other_names": ARRAY,
                          "classification": STRING, "parent_id": STRING},
    "membership.json": {"id": STRING, "label": STRING, "role": STRING, "person_id": STRING,
                        "organization_id": STRING, "start_date": STRING, "end_date": STRING},
    "event.json": {"id": STRING, "name": STRING, "start_date": STRING,
                   "classification": STRING, "organization_id": STRING,
                   "attendees": ARRAY, "identifiers": ARRAY},
    "speech.json": {"id": STRING, "creator_id": STRING, "attribution_text": STRING,
                    "text": STRING, "event_id": STRING, "position": INTEGER, "type": STRING,
                    "title": STRING},
}
# Required fields. The schemas are JSON Schema draft-03, which marks a property
# `"required": true`: organization.json has marked `name` and its id (`_id` in early
# versions), membership.json `organization_id` and its id. Beyond those, kb holds itself to
# what makes each object usable by a Popolo consumer: an id on everything (other objects
# refer to it), a name on people and events, the person in a membership, and the event and
# text of a speech.
REQUIRED = {
    "person.json": {"id", "name"},
    "organization.json": {"id", "name"},
    "membership.json": {"id", "person_id", "organization_id"},
    "event.json": {"id", "name"},
    "speech.json": {"id", "event_id", "text"},
}
# other_name.json, identifier.json: the properties of the objects inside those arrays
OTHER_NAME = {"name": STRING, "note": STRING}
IDENTIFIER = {"identifier": STRING, "scheme": STRING}
# event.json's start_date/end_date and membership.json's date pattern (dates only here)
DATE = re.compile(r"^[0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}"
                  r"(Z|[+-][0-9]{2}(:[0-9]{2})?))$")
COLLECTIONS = {"persons": "person.json", "organizations": "organization.json",
               "memberships": "membership.json", "events": "event.json",
               "speeches": "speech.json"}


def check_object(obj: dict, properties: dict, required: set[str], where: str) -> None:
    missing = required - {k for k, v in obj.items() if v not in (None, "")}
    assert not missing, f"{where}: missing required {sorted(missing)}: {obj}"
    for key, value in obj.items():
        assert key in properties, f"{where}: {key} is not a property of the schema"
        assert isinstance(value, properties[key]) or value is None, (where, key, value)
        if key.endswith("_date"):
            assert DATE.match(value), (where, key, value)


def validate(document: dict) -> None:
    assert set(document) == set(COLLECTIONS)
    ids = set()
    for collection, schema in COLLECTIONS.items():
        for obj in document[collection]:
            where = f"{collection}/{obj.get('id')}"
            check_object(obj, PROPERTIES[schema], REQUIRED[schema], where)
            for name in obj.get("other_names", []):
                check_object(name, OTHER_NAME, {"name"}, f"{where} other_names")
            for identifier in obj.get("identifiers", []):
                check_object(identifier, IDENTIFIER, {"identifier"}, f"{where} identifiers")
            for person in obj.get("attendees", []):
                check_object(person, PROPERTIES["person.json"], REQUIRED["person.json"],
                             f"{where} attendees")
            assert obj["id"] not in ids, f"duplicate id {obj['id']}"
            ids.add(obj["id"])
    # every reference points at an object in the document
    for collection in COLLECTIONS:
        for obj in document[collection]:
            refs = [obj.get(k) for k in ("person_id", "organization_id", "parent_id",
                                         "event_id", "creator_id")]
            refs += [a["id"] for a in obj.get("attendees", [])]
            for ref in filter(None, refs):
                assert ref in ids, f"{collection}/{obj['id']}: {ref} is not in the document"


def export(runner, db_path: Path, tmp_path: Path) -> dict:
    out = tmp_path / "popolo.json"
    result = runner.invoke(cli, ["export", "--db", str(db_path), "--popolo", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    assert "wrote" in result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_popolo_export_validates_and_holds_the_meetings(runner, site_db, tmp_path):
    document = export(runner, site_db, tmp_path)
    validate(document)
    people = {p["name"]: p for p in document["persons"]}
    assert people["Bob Ray"]["other_names"] == [{"name": "Bob"}]
    (ccs,) = [o for o in document["organizations"] if o["name"] == "Crown Commercial Service"]
    assert {"name": "CCS", "note": "acronym"} in ccs["other_names"]
    # the first hand-built meeting, identified by its note's path
    (event,) = [e for e in document["events"]
                if e["identifiers"] == [{"identifier": "board/2020-01-15.txt",
                                         "scheme": "kb-note-path"}]]
    assert (event["name"], event["start_date"]) == ("Board meeting", "2020-01-15")
    assert {a["name"] for a in event["attendees"]} == {"Ann Lee", "Bob Ray"}
    speeches = [s for s in document["speeches"] if s["event_id"] == event["id"]]
    assert [(s["attribution_text"], s["position"]) for s in speeches] == [
        ("Ann Lee", 1), ("Involve", 2), ("Bob Ray", 3)]
    assert speeches[0]["creator_id"] == people["Ann Lee"]["id"]
    assert "creator_id" not in speeches[1]  # an organisation spoke: no person to point at
    assert speeches[2]["title"] == "Open Contracting"
    series = {o["id"]: o for o in document["organizations"]
              if o.get("classification") == "meeting series"}
    assert event["organization_id"] in series
    assert any(m["person_id"] == people["Ann Lee"]["id"] for m in document["memberships"])


def test_popolo_export_of_the_bundled_notes_validates(runner, tmp_path):
    from kb.bundled import notes_dir
    from kb.importer import import_paths
    from kb.storage.store import open_db

    db_path = tmp_path / "meetings.db"
    assert import_paths(open_db(db_path), [notes_dir()]).failed == 0
    document = export(runner, db_path, tmp_path)
    validate(document)
    assert len(document["events"]) >= 20 and document["speeches"]


def test_popolo_to_standard_output(runner, site_db):
    result = runner.invoke(cli, ["export", "--db", str(site_db), "--popolo", "-"])
    assert result.exit_code == 0
    validate(json.loads(result.stdout))


def test_export_needs_an_existing_database(runner, tmp_path):
    result = runner.invoke(cli, ["export", "--db", str(tmp_path / "none.db"),
                                 "--popolo", str(tmp_path / "p.json")])
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "p.json").exists()
