"""Corrections that survive (issue 12): `kb alias`, `kb unalias`, `kb action close|reopen`
through the real CLI, kept across a re-import of a changed note and a prune, and shown in
the archive as a person's."""
from __future__ import annotations

import asyncio

from kb.site.serve import build_datasette
from kb.storage.store import open_db

from cli12 import kb, kb_json, note

WG = """\
    # Lantern Standards Working Group

    Date: {date}

    Present: Rosa Quintero, David MacDonald{extra}

    ## Wick sizes

    David MacDonald: the survey of wick sizes came back with forty replies

    ACTION: David to publish the table of wick sizes on the website{more}
    """


def wg(folder, date, extra="", more=""):
    return note(folder, f"{date}-wg.md", WG.format(date=date, extra=extra, more=more))


def person(runner, db, name):
    found = [p for p in kb_json(runner, "people", "--db", db) if p["name"] == name]
    assert len(found) == 1, found
    return found[0]


def test_an_alias_survives_a_reimport_and_a_prune(tmp_path, runner):
    folder, db = tmp_path / "lanterns", tmp_path / "kb.db"
    wg(folder, "2022-09-14", extra=", DMacD")
    second = wg(folder, "2022-10-12")
    kb(runner, "import", "--db", db, folder)
    # "DMacD" on the attendee list beside David MacDonald is somebody else to kb's rules
    assert "DMacD" not in person(runner, db, "David MacDonald")["aliases"]
    out = kb(runner, "alias", "--db", db, "--by", "Ann Editor", "--note", "his IRC nick",
             "DMacD", "David MacDonald").stdout
    assert out.startswith("DMacD = David MacDonald")
    david = person(runner, db, "David MacDonald")
    assert "DMacD" in david["aliases"]
    assert "same person as 'DMacD': correction, alias added by Ann Editor" in \
        kb(runner, "people", "--db", db, "DMacD").stdout
    # a changed note is re-imported: its rows are replaced, the alias stays
    second.write_text(second.read_text() + "\nDMacD: the autumn fair is booked\n")
    assert "1 updated" in kb(runner, "import", "--db", db, folder).stdout
    assert "DMacD" in person(runner, db, "David MacDonald")["aliases"]
    # a note is deleted and pruned: the alias stays too
    second.unlink()
    assert "1 pruned" in kb(runner, "import", "--db", db, "--prune", folder).stdout
    assert "DMacD" in person(runner, db, "David MacDonald")["aliases"]
    conn = open_db(db)
    assert [(r["alias"], r["name"], r["made_by"], r["note"])
            for r in conn.query("select * from alias_corrections")] == [
        ("DMacD", "David MacDonald", "Ann Editor", "his IRC nick")]
    # the archive says a person made it
    page = asyncio.run(build_datasette(db).client.get(f"/-/person/{_id(conn)}")).text
    assert "correction" in page and "alias added by Ann Editor" in page
    # and unalias undoes it
    assert kb(runner, "unalias", "--db", db, "DMacD", "David MacDonald").stdout.strip() == \
        "DMacD is not David MacDonald"
    assert "DMacD" not in person(runner, db, "David MacDonald")["aliases"]


def _id(conn) -> int:
    return conn.execute("select id from people where name = 'David MacDonald'").fetchone()[0]


def test_unalias_parts_what_kbs_own_rules_merged(tmp_path, runner):
    folder, db = tmp_path / "lanterns", tmp_path / "kb.db"
    wg(folder, "2022-09-14")
    wg(folder, "2022-10-12", extra=", Dave MacDonald")  # ... and a nickname of his, later
    note(folder, "2022-09-14-wg.md", (folder / "2022-09-14-wg.md").read_text()
         .replace("Present: Rosa Quintero, David MacDonald",
                  "Present: Rosa Quintero, David MacDonald (Lamplight Ltd)"))
    note(folder, "2022-10-12-wg.md", (folder / "2022-10-12-wg.md").read_text()
         .replace("Present: Rosa Quintero, David MacDonald, Dave MacDonald",
                  "Present: Rosa Quintero, Dave MacDonald (Lamplight Ltd)"))
    kb(runner, "import", "--db", db, folder)
    assert person(runner, db, "David MacDonald")["aliases"] == ["Dave MacDonald"]
    kb(runner, "unalias", "--db", db, "Dave MacDonald", "David MacDonald")
    assert person(runner, db, "David MacDonald")["aliases"] == []
    assert person(runner, db, "Dave MacDonald")["attended"] == ["2022-10-12"]


def test_an_action_closed_by_hand_stays_closed_after_a_reimport(tmp_path, runner):
    folder, db = tmp_path / "lanterns", tmp_path / "kb.db"
    first = wg(folder, "2022-09-14")
    wg(folder, "2022-10-12", more="\n\nACTION: Rosa to book a table at the autumn fair")
    kb(runner, "import", "--db", db, folder)
    out = kb(runner, "action", "close", "--db", db, "--by", "Ann Editor", "--note",
             "published in September", "wick sizes").stdout
    assert out.startswith("#") and "done on 2022-10-12: publish the table of wick sizes" in out
    first.write_text(first.read_text() + "\nRosa Quintero: thanks to everyone\n")
    assert "1 updated" in kb(runner, "import", "--db", db, folder).stdout
    rows = {a["text"]: a for a in kb_json(runner, "actions", "--db", db)}
    wicks = rows["publish the table of wick sizes on the website"]
    assert (wicks["status"], wicks["closed"]) == ("done", "2022-10-12")
    assert rows["book a table at the autumn fair"]["status"] == "open"
    # several actions match: the command says which, and changes nothing
    err = kb(runner, "action", "close", "--db", db, "table", code=1).stderr
    assert "matches 2 actions" in err and "give #ID or --series" in err
    page = asyncio.run(build_datasette(db).client.get(f"/-/person/{_id(open_db(db))}")).text
    assert "done by hand" in page and "corrected by Ann Editor" in page
    kb(runner, "action", "reopen", "--db", db, "wick sizes")
    wicks = {a["text"]: a for a in kb_json(runner, "actions", "--db", db)}[wicks["text"]]
    assert (wicks["status"], wicks["closed"]) == ("open", None)
    assert kb(runner, "action", "close", "--db", db, "nothing like it", code=1).stderr \
        .strip() == "Error: no action matches 'nothing like it'"


def test_organisation_aliases(tmp_path, runner):
    folder, db = tmp_path / "lanterns", tmp_path / "kb.db"
    wg(folder, "2022-09-14", extra=" (Wickworks)")
    wg(folder, "2022-10-12", extra=" (Flamecraft Ltd)")
    kb(runner, "import", "--db", db, folder)
    assert person(runner, db, "David MacDonald")["organisations"] == [
        "Wickworks", "Flamecraft Ltd"]
    kb(runner, "alias", "--db", db, "--organisation", "--by", "Ann Editor", "Wickworks",
       "Flamecraft")
    assert len(person(runner, db, "David MacDonald")["organisations"]) == 1
    conn = open_db(db)
    (org_id,) = conn.execute("select id from organisations where name = 'Wickworks'").fetchone()
    page = asyncio.run(build_datasette(db).client.get(f"/-/organisation/{org_id}")).text
    assert "said by Ann Editor" in page
    kb(runner, "unalias", "--db", db, "--org", "Wickworks", "Flamecraft")
    assert len(person(runner, db, "David MacDonald")["organisations"]) == 2
