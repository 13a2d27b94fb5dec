"""Action items and decisions: labelled lines, action/decision sections, "X to do Y",
undertakings in reported speech ("he will shortly send ..."), and "The Board agreed that ...".

The marker vocabularies (labels, section headings, due-date phrases) are data in
``data/markers.json``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ingest.vocabulary.name_shapes import NameIndex, clean_name, looks_like_name
from ingest.records import ActionItem, Decision
from ingest.rules.prefilter import Needing

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_BRACKET_OWNER = re.compile(r"^\[(?P<owner>[^\]]{2,40})\]\s*(?P<task>\S.+)$")
_COLON_OWNER = re.compile(r"^(?P<owner>@?[A-Z][\w'’.@ -]{0,40}?)\s*:\s+(?:to\s+)?(?P<task>.+)$")
_DASH_OWNER = re.compile(r"^(?:on\s+)?(?P<owner>[A-Z][\w'’. -]{0,40}?)\s*[-–—]\s+(?P<task>.+)$")
_OWNER_JOINS = re.compile(r"\s*(?:,|/|&|\band\b)\s*")

DATA = Path(__file__).resolve().parents[1] / "data" / "markers.json"


def _alternatives(alternation: str) -> list[str]:
    """The words of a case-blind alternation of plain words, ``(?i:agreed|decided)``, lowered:
    a pattern that requires one of them can be tried only where one stands."""
    words = alternation.removeprefix("(?i:").removesuffix(")").split("|")
    if not all(re.fullmatch(r"[A-Za-z]+", w) for w in words):
        raise ValueError(f"not an alternation of plain words: {alternation!r}")
    words = [w.lower() for w in words]
    return [w for w in words if not any(o != w and o in w for o in words)]  # "agreed" finds "disagreed"


@lru_cache(maxsize=1)
def markers() -> dict[str, re.Pattern | Needing]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    m = {
        "action_line": re.compile(
            rf"^(?:\[[ xX]\]\s*)?{raw['action_label']}\s*(?:#\s*)?(?P<ref>\d+(?:\.\d+)*)?\s*"
            rf"(?:\((?P<owner0>[^)]*)\))?(?:\s*:\s*|\s+[\-–—]\s+|\s+on\s+(?=[A-Z])|"
            # "TODO Ann Lee: book the room": the owner between the label and the colon
            rf"\s+(?P<owner1>@?[A-Z][\w'’.@-]*(?:\s+[A-Z][\w'’.-]*){{0,2}}):\s+)(?P<text>\S.*)$"),
        "action_section": re.compile(raw["action_section"], re.I),
        "review_section": re.compile(raw["action_review_section"], re.I),
        "decision_line": re.compile(
            rf"^(?:\[[ xX]\]\s*)?{raw['decision_label']}\s*(?:#\s*\d+)?(?:\s*[:\-–—]\s*|\s+(?=that\s))(?P<text>\S.*)$"),
        "decision_inline": re.compile(rf"\b{raw['decision_label']}\s*(?:#\s*\d+)?\s*[:\-–—]\s+(?P<text>\S.*)$"),
        "decision_section": re.compile(raw["decision_section"], re.I),
        "decision_sentence": Needing(
            rf"(?:^|[,;:]\s+|\band\s+){raw['decision_subjects']}\s+(?:(?:was|were|has|have|also|then|unanimously|"
            rf"formally)\s+|[a-z]+\s+(?:[\w'’-]+\s+){{0,15}}?and\s+)*{raw['decision_verbs']}\b(?:\s+(?:that|to|on|with)\b)?[:,]?\s*(?P<text>.*)$",
            _alternatives(raw["decision_verbs"])),
        "due": re.compile(raw["due"], re.I),
        # tried on every sentence: only where a word stands that every match holds
        "passive_decision": Needing(raw["passive_decision"], raw["passive_decision_words"]),
        "assent": re.compile(raw["assent"], re.I),
        "undertaking": re.compile(raw["undertaking"]),
    }
    return m


REF_TAIL = re.compile(r"\s*\((?:Action\s*)?(?P<ref>\d+(?:\.\d+)+)\)\s*\.?$|\s*\(Action\s+(?P<ref2>[\d.]+)\s*\)\s*\.?$", re.I)
TO_TASK = re.compile(r"^(?P<owner>(?:@[\w-]+|[A-Z][\w'’.@-]*|[Tt]he)(?:[ /][\w'’.@&-]+){0,5}?)\s+(?P<how>to|will|"
                     r"agreed to|offered to|volunteered to)\s+(?P<task>(?:[a-z]\S*).*)$")
# two to five names joined by "and", "&", "/" or commas, then "to"/"will": "dmacdona and jon to ..."
JOINED_HANDLES = re.compile(r"^(?P<owner>@?[\w.'’-]+(?:\s*(?:,|&|/|,?\s+and)\s*@?[\w.'’-]+){1,4})\s+(?:to|will|shall)\s+"
                            r"(?P<task>[a-z]\w*\s+\S.*)$")
BODY = re.compile(r"(?:^|\b)(?:the\s+)?(?:\w+\s+)?(?:board|panel|committee|council|group|meeting|members|we|all|they|it|"
                  r"tsc|wg)$", re.I)
FIRST_PERSON = re.compile(r"(?:^|\b)(?:(?:I|[Ww]e)(?:'ll|’ll| will)|I(?: am going to|'m going to|’m going to| have to|"
                          r" plan to| intend to| aim to| promise to| undertake to| volunteer to| offer to)|"
                          r"^(?:Going to|Will))\s+(?P<task>[a-z].+)$")
# the words a team or body's name may hold when it owns an action: "the open standards team"
OWNER_FILLER = {"the", "a", "and", "of", "for", "on", "open", "standards", "data", "digital", "government",
                "team", "teams", "group", "panel", "board", "committee", "secretariat", "chair", "all", "everyone",
                "staff", "editors", "editor", "leads", "lead", "office", "service", "unit", "department", "wg", "tsc",
                "members", "member", "owner", "owners", "challenge", "representative", "representatives", "officer",
                "officers", "manager", "managers", "coordinator", "secretary", "author", "authors", "sponsor",
                "convenor", "project", "product", "policy", "technical", "working", "chairs", "co-chair", "co-chairs", "clerk"}
# (no "\s*" first, which would have re try the pattern at every character: a match begins at
# its dash or bracket, and what comes before it is stripped)
OWNER_TAIL = re.compile(r"(?:[-–—]\s*|\(|\[)(?P<owner>@?[A-Z][\w'’.@-]*(?:[ ,&/]+(?:and\s+)?@?[A-Z][\w'’.@-]*){0,4}|"
                        r"(?:the\s+)?[a-z]+(?:\s+[a-z]+){0,3}\s+(?:team|group|panel|secretariat|board|committee))"
                        r"[)\]]?\s*\.?$")
OWNERISH_WORDS = re.compile(r"\b(?:team|secretariat|group|panel|board|committee|office|service|unit|department|"
                            r"(?:co-?)?chairs?|clerk|all|everyone|wg|tsc|staff|editors?|leads?|members?|owners?|representatives?|"
                            r"officers?|managers?|coordinators?|secretary|authors?|sponsors?|convenors?)\b", re.I)


def find_due(text: str) -> str | None:
    m = markers()["due"].search(text)
    return m.group(0).strip(" .,") if m else None


def resolve_owner(raw: str, idx: NameIndex, orgs) -> str | None:
    raw = raw.strip().strip(":").strip()
    if not raw:
        return None
    people = []
    for part in _OWNER_JOINS.split(raw):
        part = part.strip().lstrip("@")
        if not part:
            continue
        full = idx.resolve(part)
        if full:
            people.append(full)
        elif orgs is not None and orgs.find(part):
            people.append(orgs.find(part).name)
        elif looks_like_name(part, strict=True) or (OWNERISH_WORDS.search(part) and len(part.split()) <= 5 and all(
                w[0].isupper() or w.lower() in OWNER_FILLER for w in part.split())):
            people.append(clean_name(part))
        else:
            return None
    return " and ".join(people) if people else None


def end_of_task(text: str) -> str:
    """"will be meeting JACU next week and expressed their concern": the task ends where the
    report of what was done ("and expressed") begins."""
    return re.split(r"\s+and\s+(?=\w+ed\b)", text.strip())[0]


def split_owner(text: str, idx: NameIndex, orgs, leading_name: bool = False) -> tuple[str | None, str]:
    """"Steven to fix X" / "Ryan: do X" / "do X (Ivan Herman)" -> (owner, task)."""
    text = text.strip()
    m = _BRACKET_OWNER.match(text)
    if m:  # "[Stephen Walli] Send the budget"
        owner = resolve_owner(m.group("owner"), idx, orgs)
        if owner:
            return owner, m.group("task")
    m = _COLON_OWNER.match(text)
    if m:
        owner = resolve_owner(m.group("owner"), idx, orgs)
        if owner:
            return owner, m.group("task")
    m = _DASH_OWNER.match(text) if text.startswith("on") and text[2:3].isspace() else None
    if m:
        owner = resolve_owner(m.group("owner"), idx, orgs)
        if owner:
            return owner, m.group("task")
    m = TO_TASK.match(text)
    if m and not (m.group("how") == "agreed to" and BODY.match(m.group("owner"))):
        # ("The Board agreed to adopt X" is a decision, not an action)
        owner = resolve_owner(m.group("owner"), idx, orgs)
        if owner:
            return owner, m.group("task")
    m = OWNER_TAIL.search(text)
    if m:
        owner = resolve_owner(m.group("owner"), idx, orgs)
        if owner:
            return owner, text[:m.start()].strip()
    m = JOINED_HANDLES.match(text) if leading_name else None
    if m:
        # "dmacdona and jon to review X": handles or first names the note knows, written in
        # lower case and joined by "and", then the task: every one of them owns it
        found = [idx.resolve(p.lstrip("@")) for p in re.split(r"\s*(?:,|/|&|\band\b)\s*", m.group("owner")) if p]
        if found and all(found) and all(f == idx.resolve(f.lower()) for f in found):
            return " and ".join(dict.fromkeys(found)), m.group("task")
    m = re.match(r"^(?P<owner>@?[\w.'’-]+)\s+(?:(?:to|will|shall)\s+)?(?P<task>[a-z]\w*\s+\S.*)$", text) \
        if leading_name else None
    if m and idx.resolve(m.group("owner")) and idx.resolve(m.group("owner")) == idx.resolve(m.group("owner").lower()):
        # "FranciscoD update the docs", "ann send the slides": a known name, then the task
        return idx.resolve(m.group("owner")), m.group("task")
    return None, text


def strip_ref(text: str) -> tuple[str, str | None]:
    m = REF_TAIL.search(text)
    if m:
        return text[:m.start()].rstrip(" .;,"), m.group("ref") or m.group("ref2")
    return text, None


def make_action(text: str, start: int, end: int, idx: NameIndex, orgs, ref: str | None = None,
                owner: str | None = None, checked: bool | None = None) -> ActionItem:
    text, tail_ref = strip_ref(text.strip())
    ref = ref or tail_ref
    o, task = split_owner(text, idx, orgs, leading_name=True)
    owner = owner or o
    task = end_of_task(task).rstrip(".").strip()
    status = "done" if checked else "open"
    return ActionItem(text=task, owner=owner, due=find_due(task), ref=ref, status=status, start=start, end=end)


def make_decision(text: str, start: int, end: int) -> Decision | None:
    text = text.strip().strip("*_").strip()
    if len(re.findall(r"\w+", text)) < 2:
        return None
    return Decision(text=text.rstrip(".") if not text.endswith("etc.") else text, start=start, end=end)
