"""The people a note names: every candidate weighed once, with what the note's structure says.

A name found by the ``kb_people`` component brings the evidence of its own words and
neighbours; the rules add where else the person stands: an attendee or apology entry, a speaker
label, the owner of an action. References that resolve to one person (first names, initials,
handles) add to that person's candidate. A candidate becomes a ``Person`` when its evidence is
enough (``ingest.nlp.evidence``), with that score as its confidence.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ingest.nlp.evidence import Candidate, combine, weight
from ingest.nlp.person_finder import candidates, evidence_for
from ingest.vocabulary.name_shapes import NameIndex, clean_name, plausible_name
from ingest.records import Attendee, Meeting, Person

if TYPE_CHECKING:
    from ingest.rules.layouts import PeopleLists


def add_model_evidence(doc: Doc, ents: list[tuple[str, int, int]]) -> None:
    """The statistical model's PERSON and ORG entities as evidence on the name candidates; a
    PERSON no name shape matched becomes a candidate of its own."""
    spans = list(doc.spans["kb_people"])
    text = doc.text
    for label, s, e in ents:
        line = text[text.rfind("\n", 0, s) + 1:(text.find("\n", e) + 1 or len(text) + 1) - 1]
        if line.lstrip().startswith("#") or len(line.split()) < 6:
            continue  # the model reads running text; headings and labels it gets wrong
        hit = False
        for span in spans:
            overlap = min(e, span.end_char) - max(s, span.start_char)
            if overlap > 0 and overlap * 2 >= span.end_char - span.start_char:
                name = "model_person" if label == "PERSON" else "model_org"
                span._.kb_evidence = dict(span._.kb_evidence or {}, **{name: weight("person", name)})
                hit = True
        if label == "PERSON" and not hit:
            new = doc.char_span(s, e, label="PERSON", alignment_mode="contract")
            if new is not None and len(new) and not any(t.is_punct for t in new):
                new.id_ = "model"
                ev = evidence_for(doc, new) or {}
                ev["model_person"] = weight("person", "model_person")
                new._.kb_evidence = ev
                spans.append(new)
    doc.spans["kb_people"] = spans


def known_names(doc: Doc) -> list[str]:
    """Full names (two words or more) the text gives enough evidence for on its own, to add
    to the note's name index before the rules run."""
    out = []
    for c in candidates(doc):
        if len(c.text.split()) >= 2 and combine(c.evidence or {}) >= 0.5 and plausible_name(c.text):
            out.append(c.text)
    return out


def meeting_people(m: Meeting, idx: NameIndex, doc: Doc, nicks: set[str] = frozenset()) -> list[Person]:
    cands: dict[str, Candidate] = {}
    info: dict[str, Person] = {}

    def propose(name: str | None, evidence: str | dict[str, float], start: int = 0, end: int = 0,
                org: str | None = None, role: str | None = None) -> None:
        if not name:
            return
        cleaned = clean_name(name)
        full = idx.resolve(name) or cleaned
        if not full or not (plausible_name(full, nick_ok=full in nicks or name in nicks)):
            return
        if not isinstance(evidence, str) and full != cleaned:
            # a reference ("Ivan") to a name the note gives in full: what it says against its
            # own word ("ivan, can you ..." elsewhere) is about that word, which resolving it
            # has settled; what it says for the person still counts
            evidence = {k: w for k, w in evidence.items() if w > 0}
        c = cands.get(full)
        if c is None:
            c = cands[full] = Candidate("person", start, end, {"name": full})
            info[full] = Person(name=full, organisation=org, role=role, start=start, end=end)
        if isinstance(evidence, str):
            c.add(evidence)
        else:
            for k, w in evidence.items():  # the strongest mention of each kind counts
                if abs(w) > abs(c.evidence.get(k, 0)):
                    c.evidence[k] = w
        p = info[full]
        p.organisation = p.organisation or org
        p.role = p.role or role

    for a in m.attendees + m.apologies:
        propose(a.name, "attendee_entry", a.start, a.end, a.organisation, a.role)
    said: dict[str, int] = {}
    for st in m.statements:
        if idx.resolve(st.speaker):
            said[idx.resolve(st.speaker)] = said.get(idx.resolve(st.speaker), 0) + 1
    for name, n in said.items():
        st = next(s for s in m.statements if idx.resolve(s.speaker) == name)
        propose(name, "speaker_label_repeated" if n >= 2 else "speaker_label", st.start, st.end)
    for ai in m.action_items:
        if ai.owner and idx.resolve(ai.owner):
            propose(ai.owner, "owner_position", ai.start, ai.end)
    for c in candidates(doc):
        if c.evidence:
            propose(c.text, c.evidence, c.start_char, c.end_char)
    out = []
    for full, c in cands.items():
        if c.accepted:
            p = info[full]
            p.confidence = round(c.score, 3)
            out.append(p)
    return out



def register(idx: NameIndex, lists: PeopleLists) -> None:
    """Add the listed people to the name index, then merge entries that proved to be one person
    ("Tom Griffin (TG)" in the attendance list and "Tom" in a later "Present:" line)."""
    for a in lists.attendees + lists.apologies:
        ini = next((k for k, v in lists.initials.items() if v == a.name), None)
        handle = next((k for k, v in lists.handles.items() if v == a.name), None)
        a.name = idx.add(a.name, initials=ini, handle=handle)
    _role_aliases(idx, lists.attendees)
    for group in (lists.attendees, lists.apologies):
        for a in group:
            a.name = idx.resolve(a.name) or a.name
        seen: dict[str, Attendee] = {}
        for a in list(group):
            if a.name in seen:
                first = seen[a.name]
                first.organisation = first.organisation or a.organisation
                first.role = first.role or a.role
                group.remove(a)
            else:
                seen[a.name] = a


# a role the minutes name someone by ("The Clerk reported ...", "the Chairman welcomed ...")
ROLE_REFERENCES = {
    "chair": ("chair", "chairman", "chairwoman", "chairperson", "chair person", "presiding officer"),
    "vice-chair": ("vice-chair", "vice chair", "vice-chairman", "vice chairman", "deputy chair"),
    "clerk": ("clerk", "town clerk", "parish clerk"),
    "secretary": ("secretary", "secretariat"),
    "treasurer": ("treasurer",),
    "scribe": ("scribe", "note taker", "minute taker"),
}


def _role_aliases(idx: NameIndex, attendees: list[Attendee]) -> None:
    """The one attendee with a role is who the notes mean by "the Clerk" or "the Chair"."""
    holders: dict[str, list[str]] = {}
    for a in attendees:
        role = (a.role or "").lower().strip(" .")
        for key, words in ROLE_REFERENCES.items():
            if role in words or (key == "chair" and re.fullmatch(r"(?:co-)?chair\w*|chair of .*", role)
                                 and not role.startswith("vice")):
                holders.setdefault(key, []).append(a.name)
                break
    for key, names in holders.items():
        if len(set(names)) != 1:
            continue
        for word in ROLE_REFERENCES[key]:
            for ref in (word, "the " + word):
                idx.alias.setdefault(ref, names[0])
