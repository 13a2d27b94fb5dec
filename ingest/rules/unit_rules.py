"""What a unit of a note (a list item with its wrapped lines, or a paragraph) may be.

Each rule looks at one unit and, when its pattern fits, proposes an interpretation: a
``Candidate`` of kind ``unit`` with the evidence that fired (weights in
``data/evidence.json``), and what to do if it is chosen. The walker asks every rule and
applies the best-scoring interpretation, so a rule never decides alone: "Ann: text" under an
"Actions" heading is offered both as a speaker line and as an action, and the section's
evidence wins. Rules only look; making the items is the walker's (``item_rules.py``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ingest.nlp.evidence import Candidate
from ingest.rules.speech import CONTINUATION, DASH_SPEAKER, IRC_DIRECT, SPEAKER_LINE, resolve_speaker
from ingest.rules.structure import Line

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_BRACKETED = re.compile(r"\s*\([^)]{1,40}\)")

# "(JRG) text", "(MB,CHL) text", "(DPC): text": initials in brackets open what someone said
BRACKET_SPEAKER = re.compile(r"^\((?P<who>[A-Z][A-Za-z]{1,4}(?:\s*[,/+&]\s*[A-Z][A-Za-z]{1,4})*)\)\s*:?\s+(?P<text>\S.*)$")
# "NC we need to go deeper", "KJ to do Polish": initials the note defines, then their words
INITIALS_SPEAKER = re.compile(r"^(?P<who>[A-Z]{2,4})(?:\s*[+,/&]\s*[A-Z]{2,4})*:?\s+(?P<text>[^\s:].*)$")
ACTIONISH_SECTION = re.compile(r"action|todo|to do|task", re.I)
# sections of a note whose checkboxes tick off what was discussed, not what is to be done
AGENDA_SECTION = re.compile(r"agenda|announcements?|introductions?|discussion|topics?|items?|updates?", re.I)


@dataclass(frozen=True)
class Unit:
    ln: Line
    text: str  # the unit's text, lines joined
    start: int
    end: int
    in_review: bool
    in_actions: bool
    in_decisions: bool

    @cached_property  # every rule asks for it, several times
    def lead(self) -> str:
        # SPACES.sub(" ", text.strip()), as str.split's whitespace is re's \s: a quarter the time
        return " ".join(self.text.split())

    @property
    def section(self) -> str:
        return self.ln.section


@dataclass
class Interp:
    rule: str
    cand: Candidate
    apply: Callable[[], None]

    @property
    def score(self) -> float:
        return self.cand.score



def _at(u: Unit, part: str) -> int:
    """Where ``part`` starts in the text: its offset in the unit, or the unit's start where the
    rule's text was normalised (spaces collapsed) and is no longer found verbatim."""
    k = u.text.find(part)
    return u.start + (k if k >= 0 else 0)

def _interp(rule: str, u: Unit, apply: Callable[[], None], *evidence: str | tuple[str, float]) -> Interp:
    c = Candidate("unit", u.start, u.end, {"rule": rule})
    for ev in evidence:
        if isinstance(ev, tuple):
            c.add(*ev)
        else:
            c.add(ev)
    return Interp(rule, c, apply)


def decision_label(w, u: Unit) -> Interp | None:
    m = w.mk["decision_line"].match(u.lead)
    if not m:
        return None
    text = m.group("text")
    if BARE_OUTCOME.match(text):
        # "Outcome: Approved, 8 to 4" under "Proposal SCP-7: X": what was approved is the proposal
        what = w.last_proposal or (u.section if PROPOSAL_HEADING.match(u.section) else None)
        if what:
            text = f"{what.rstrip('.')}. Outcome: {text}"
    return _interp("decision_label", u, lambda: w.decision(text, u.start, u.end), "decision_label")


# an outcome that says only that something passed: "Approved, 8 to 4", "Carried (6-0-1)"
BARE_OUTCOME = re.compile(r"^(?:unanimously\s+)?(?:approved|agreed|adopted|accepted|carried|passed|rejected|"
                          r"declined|defeated|not approved)\b[\s,.:;()\d\w-]{0,40}$", re.I)
PROPOSAL_HEADING = re.compile(r"^(?:proposal|motion|resolution|proposed|item|vote)\b", re.I)


def action_label(w, u: Unit) -> Interp | None:
    m = w.mk["action_line"].match(u.lead)
    if m:
        return _interp("action_label", u, lambda: w.action_marker(m, u.ln, u.start, u.end, review=u.in_review),
                       "action_label")
    return None


def review_item(w, u: Unit) -> Interp | None:
    if u.in_review:
        return _interp("review_item", u, lambda: w.update(u.lead, u.start, u.end, u.ln), "review_section")
    return None


# lines under an actions heading that set no task: the next meeting's date ("Next meeting: 6
# months"), and a line of its own over the items below it ("Carried forward from previous
# meeting:"; a listed "- talk to X:" over the details is a task)
NEXT_MEETING = re.compile(r"^[*_]*(?:(?:date|time)\s+(?:and\s+\w+\s+)?of\s+)?(?:the\s+)?next\s+(?:meeting|call)\b", re.I)
LABEL = re.compile(r"^[*_]*[A-Z][^:.!?]{2,60}:[*_]*$")


def action_section_item(w, u: Unit) -> Interp | None:
    if not u.in_actions or NEXT_MEETING.match(u.lead) or (LABEL.match(u.lead) and u.ln.bullet is None):
        return None

    def apply() -> None:
        # under "### Action 3:" the number is the action's reference
        sref = re.search(r"\baction\s*#?\s*(\d+(?:\.\d+)*)", u.section, re.I)
        w.action(u.lead, u.start, u.end, checked=u.ln.checked, ref=sref.group(1) if sref else None)
    return _interp("action_section_item", u, apply, "action_section")


def decision_section_item(w, u: Unit) -> Interp | None:
    if not (u.in_decisions or (w.agreed_list and u.ln.bullet)) or u.lead.endswith(":"):
        return None

    def apply() -> None:
        w.decision(u.lead, u.start, u.end)
        w.sentence_actions(u.lead, u.start, u.end, None, u.ln, only_assigned=True)
    return _interp("decision_section_item", u, apply, "decision_section" if u.in_decisions else "agreed_list")


def assent(w, u: Unit) -> Interp | None:
    if not (w.mk["assent"].match(u.lead) and w.last_proposal):
        return None

    def apply() -> None:
        # "Proposal: X" ... "No objections, agreed." — the proposal is what was decided
        w.decision(f"{w.last_proposal} {u.lead}", u.start, u.end)
        w.last_proposal = None
    return _interp("assent", u, apply, "assent_after_proposal")


def checkbox(w, u: Unit) -> Interp | None:
    """A checkbox outside an action section may be something someone will do: more so when it
    names who, less when the section lists what was discussed."""
    if u.ln.checked is None or ACTIONISH_SECTION.search(u.section):
        return None
    evidence: list[str] = ["checkbox_item"]
    owner, _ = w.split_owner(u.lead)
    if owner:
        evidence.append("owner_named")
    if AGENDA_SECTION.search(u.section):
        evidence.append("agenda_section")
    return _interp("checkbox", u, lambda: w.action(u.lead, u.start, u.end, checked=u.ln.checked), *evidence)


def speaker_line(w, u: Unit) -> Interp | None:
    sm = SPEAKER_LINE.match(u.lead)
    if not sm:
        return None
    labels = sm.group("who").split(", ")
    known = all(w.idx.resolve(x.lstrip("@")) for x in labels)
    whos = [resolve_speaker(x, w.idx, w.counts, w.orgs, listed=w.listed) for x in labels]
    if not (whos and all(whos)):
        return None

    def apply() -> None:
        w.last_speaker = whos[0]
        body_start = _at(u, sm.group("text"))
        for who in whos:
            w.speaker_text(who, sm.group("text"), body_start)
    return _interp("speaker_line", u, apply, "speaker_label_known" if known else "speaker_label_new")


def initials_speaker(w, u: Unit) -> Interp | None:
    """"(JRG) text" or "NC we should …": initials the note defines (an attendee table's
    Initials column, "Ann Lee (AL)") stand for their person."""
    m = BRACKET_SPEAKER.match(u.lead) or INITIALS_SPEAKER.match(u.lead)
    if not m:
        return None
    first = re.split(r"\s*[,/+&]\s*", m.group("who"))[0]
    who = w.idx.resolve(first)
    if not who:
        return None
    text = m.group("text")
    if re.match(r"^(?:to|will|shall|is going to|plans? to)\s+[a-z]", text):
        # "KJ to do Polish", "JRG will follow this": the initials are the subject of a task
        return _interp("initials_speaker", u, lambda: w.named_undertaking(f"{first} {text}", u.start, u.end),
                       "initials_speaker")

    def apply() -> None:
        w.last_speaker = who
        w.speaker_text(who, text, _at(u, text))
    return _interp("initials_speaker", u, apply, "initials_speaker")


def continuation(w, u: Unit) -> Interp | None:
    cm = CONTINUATION.match(u.lead)
    if not (cm and w.last_speaker):
        return None
    who = w.last_speaker
    return _interp("continuation", u,
                   lambda: w.speaker_text(who, cm.group("text"), _at(u, cm.group("text"))),
                   "continuation")


def irc_line(w, u: Unit) -> Interp | None:
    im = IRC_DIRECT.match(u.lead)
    if not im:
        return None
    who = w.idx.resolve(im.group("nick"))

    def apply() -> None:
        if who:  # a nick no one is known by says nothing anyone can search for
            w.speaker_text(who, im.group("text"), _at(u, im.group("text")))
    return _interp("irc_line", u, apply, "irc_line")


def name_over_items(w, u: Unit) -> Interp | None:
    # a bullet holding a name alone, or a plain line "Name:" / "Name (not present):" over a list
    if len(u.lead) >= 60 or not (u.ln.bullet or u.lead.rstrip().endswith(":")):
        return None
    label = _BRACKETED.sub("", u.lead).rstrip(":,. ")
    who = w.idx.resolve(label) if len(label) < 40 else None
    if not who:
        return None

    def apply() -> None:
        # a name alone over nested items: the items below are that person's words; under a
        # plain label line, every item of the list that follows
        w.parent_speaker = (u.ln.indent if u.ln.bullet else -1, who)
    return _interp("name_over_items", u, apply, "name_over_items")


def dash_speaker(w, u: Unit) -> Interp | None:
    dm = DASH_SPEAKER.match(u.lead)
    # a plain line needs a real dash after a person the note knows: "Ann – I agree"
    if not dm or not (u.ln.bullet or re.match(r"^[^–—]{1,40}\s[–—]\s", u.lead)):
        return None
    who = w.idx.resolve(dm.group("who"))
    if not who:
        return None

    def apply() -> None:
        w.last_speaker = who
        w.speaker_text(who, dm.group("text"), _at(u, dm.group("text")))
    return _interp("dash_speaker", u, apply, "dash_speaker")


def under_speaker(w, u: Unit) -> Interp | None:
    if not (u.ln.bullet and w.parent_speaker and u.ln.indent > w.parent_speaker[0]):
        return None
    who = w.parent_speaker[1]
    return _interp("under_speaker", u, lambda: w.speaker_text(who, u.lead, _at(u, u.lead)),
                   "under_speaker")


def prose(w, u: Unit) -> Interp:
    """Always on offer: the unit read sentence by sentence (reported speech, decisions and
    undertakings in running text)."""
    return _interp("prose", u, lambda: w.prose(u.ln, u.text, u.start), "prose")


RULES = [decision_label, action_label, review_item, action_section_item, decision_section_item, assent,
         checkbox, speaker_line, initials_speaker, continuation, irc_line, name_over_items, dash_speaker,
         under_speaker, prose]


def best(w, u: Unit) -> Interp:
    """The interpretation with the most evidence; on a tie, the rule listed first."""
    found = [i for i in (rule(w, u) for rule in RULES) if i is not None]
    return max(found, key=lambda i: i.score)  # max keeps the first of equals
