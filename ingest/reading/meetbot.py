"""MeetBot and meetingology minutes and logs, in whatever format they were saved.

MeetBot (Debian, Ubuntu's meetingology, Fedora's zodbot) writes a summary ("Meeting summary":
topics, and under each its ``ACTION:``, ``AGREED:``, ``INFO:`` items, each ending ``(nick,
time)``), an action list, "People present (lines said)" and often the full log (``17:17
<nick> text``, with ``#topic``, ``#action``, ``#agreed``, ``#info`` commands). The reader turns
any of these, once in light text, into the form the rules read: an attendee list of the nicks
that spoke (bots left out), a heading per topic, ``ACTION:``/``AGREED:`` lines, and ``nick:
text`` speaker lines. The action list and "by person" list repeat the summary, so they go.

>>> text = "\\n".join([
...     "Meeting summary", "---------------",
...     "* Release plan  (ann_b, 17:01:02)",
...     "  * ACTION: ann_b to tag 1.2  (ann_b, 17:05:00)",
...     "  * AGREED: ship on Friday  (bob, 17:06:00)",
...     "People present (lines said)", "---------------",
...     "* ann_b (12)", "* bob (3)", "* meetingology (2)"])
>>> print(meetbot_to_text(text), end="")
## Attendees
<BLANKLINE>
- ann_b
- bob
<BLANKLINE>
## Release plan
<BLANKLINE>
ACTION: ann_b to tag 1.2
<BLANKLINE>
AGREED: ship on Friday
"""
from __future__ import annotations

import re

# the bots that sit in meeting channels: they speak, but are no one
BOT = re.compile(r"^(?:meetingology|meetbot|zodbot|ubot\d*|ubottu|supybot|limnoria|rrsagent|zakim|trackbot|"
                 r"github-bot|agendabot|ghurlbot|\S*bot)$", re.I)
LOG_LINE = re.compile(r"^\s*[-*]?\s*\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+`?<(?P<nick>[^>\s]{1,40})>`?\s?(?P<text>.*)$")
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*$")
UNDERLINE = re.compile(r"^\s*(?:-{3,}|={3,})\s*$")
ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+\.)\s+(?P<text>.*)$")
DETAILS = re.compile(r"\s*\((?P<nick>[^(),\s]+),\s*\d{1,2}:\d{2}(?::\d{2})?\)\s*$")
TYPED = re.compile(r"^(?P<kind>ACTION|AGREED|ACCEPTED|RESOLVED|REJECTED|INFO|IDEA|LINK|HELP|VOTE|TOPIC|"
                   r"NOTE|DECISION)\s*:\s*(?P<text>.*)$", re.I)
COMMAND = re.compile(r"^#(?P<cmd>[a-z]+)\b\s*(?P<text>.*)$", re.I)
STARTED_BY = re.compile(r"Meeting started by (?P<nick>\S+?) at|The chair is (?P<chair>[^\s.]+)")
LINES_SAID = re.compile(r"^(?P<nick>\S+)\s+\((?P<n>\d+)\)$")
# summary sections that only repeat the summary's items, or are the bot's bookkeeping
REPEATS = re.compile(r"^(?:action items(?:,? by person)?|done items|vote results|meeting information)$", re.I)
RAW = "\x00"  # marks a line kept as it was in the body being assembled
KIND_PREFIX = {"action": "ACTION", "agreed": "AGREED", "accepted": "AGREED", "resolved": "AGREED",
               "decision": "AGREED", "rejected": "AGREED"}


def is_meetbot(text: str) -> bool:
    """Minutes or a log of a MeetBot meeting: its own headings, or ``#startmeeting`` in a log."""
    if re.search(r"^\W*people present \(lines said\)", text, re.I | re.M):
        return True
    if re.search(r"Meeting started by \S+ at", text) and re.search(r"^\W*meeting summary\W*$", text, re.I | re.M):
        return True
    return any(LOG_LINE.match(ln) and "#startmeeting" in ln.lower() for ln in text.splitlines()[:400])


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(title, lines) for each section; the first has the title ""."""
    out: list[tuple[str, list[str]]] = [("", [])]
    for k, ln in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        hm = HEADING.match(ln)
        if hm:
            out.append((_clean(hm.group("title")), []))
        elif ln.strip() and UNDERLINE.match(nxt) and not ITEM.match(ln):
            out.append((_clean(ln), []))
        elif UNDERLINE.match(ln):
            continue
        else:
            out[-1][1].append(ln)
    return out


def _clean(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" :*")


def _items(lines: list[str]) -> list[tuple[int, str]]:
    """List items with their indent, wrapped lines joined."""
    items: list[tuple[int, str]] = []
    open_item = False  # the last item may go on: its wrapped lines are indented, unbroken
    for ln in lines:
        m = ITEM.match(ln)
        if m:
            items.append((len(m.group("indent").expandtabs(4)), m.group("text").strip()))
            open_item = True
        elif open_item and ln.strip() and ln[:1].isspace() and not LOG_LINE.match(ln):
            indent, text = items[-1]
            items[-1] = (indent, text + " " + ln.strip())
        else:
            open_item = False
    return items


class _Out:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def para(self, line: str) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(line)

    def heading(self, title: str) -> None:
        self.para("## " + title)

    def text(self) -> str:
        return "\n".join(self.lines).strip("\n") + "\n"


MEETING_DAY = re.compile(r"\.(?P<d>(?:19|20)\d\d-\d\d-\d\d)-\d\d\.\d\d(?:\.log|\.html|\.txt|\b)|"
                         r"Meeting started (?:\w{3} )?(?P<mon>\w{3})\s+(?P<day>\d{1,2}) [\d:]+ (?P<y>(?:19|20)\d\d)")


def meeting_day(text: str) -> str | None:
    """The day MeetBot says the meeting took place: its log's file name, or "Meeting started
    Tue Dec 10 17:17:14 2019" (a blog post that quotes the minutes has its own, later date).

    >>> meeting_day("logs at https://x.org/team.2019-01-11-14.00.log.html")
    '2019-01-11'
    """
    from ingest.vocabulary.dates import find_dates

    m = MEETING_DAY.search(text)
    if not m:
        return None
    if m.group("d"):
        return m.group("d")
    found = find_dates(f"{m.group('day')} {m.group('mon')} {m.group('y')}")
    return found[0][0] if found else None


def meetbot_to_text(text: str, day: str | None = None) -> str:
    """The light text of MeetBot minutes or a log; ``day``: the meeting's date if known."""
    out = _Out()
    head: list[str] = []
    attendees: list[str] = []
    chair = STARTED_BY.search(text)
    body: list[str] = []
    summary_nicks: list[str] = []
    log: list[tuple[str, str]] = []
    for title, lines in _sections(text.split("\n")):
        low = title.lower()
        logged = [(m.group("nick"), m.group("text").strip()) for m in map(LOG_LINE.match, lines) if m]
        if re.match(r"^people present", low):
            attendees += [m.group("nick") for _, t in _items(lines) if (m := LINES_SAID.match(t))]
        elif REPEATS.match(low):
            continue
        elif re.match(r"^meeting summary|^minutes", low) or (body and not logged and _items(lines)):
            body += _summary(title if not re.match(r"^meeting summary", low) else "", lines)
            summary_nicks += [m.group("nick") for _, t in _items(lines) if (m := DETAILS.search(t))]
        elif logged and len(logged) * 2 >= sum(1 for ln in lines if ln.strip()):
            log += logged
        elif not title and not body:
            head += [ln for ln in lines if ln.strip()]
        else:
            body += (["## " + title] if title else []) + [RAW + ln for ln in lines]
    if not attendees:
        # a bare log, or a summary alone: the people present are the nicks that spoke
        for nick in [n for n, _ in log] + summary_nicks:
            if nick not in attendees:
                attendees.append(nick)
    people = [n for n in attendees if not BOT.match(n)]
    chairs = {chair.group("nick") or chair.group("chair")} if chair else set()
    chairs |= {t.split(None, 1)[1].split()[0] for n, t in log if t.lower().startswith("#chair ") and len(t.split()) > 1}
    for ln in head:
        out.lines.append(ln)
    if people:
        out.heading("Attendees")
        out.lines.append("")
        out.lines.extend(f"- {n} (chair)" if n in chairs else f"- {n}" for n in people)
    day = day or meeting_day(text)
    if day:
        out.para(f"Date of the meeting: {day}")
    for ln in body:
        if ln.startswith("## "):
            out.heading(ln[3:])
            out.lines.append("")
        elif ln.startswith(RAW):
            out.lines.append(ln[len(RAW):])  # a section MeetBot did not write: as it was
        elif ln.strip():
            out.para(ln)
    if log:
        out.heading("Full log")
        for nick, said in log:
            line = _log_line(nick, said)
            if line:
                out.para(line)
    return out.text()


def _summary(title: str, lines: list[str]) -> list[str]:
    """The summary's topics as headings, and their items as lines the rules read."""
    out: list[str] = ["## " + title] if title else []
    items = _items(lines)
    top = min((i for i, _ in items), default=0)
    for indent, text in items:
        dm = DETAILS.search(text)
        nick = dm.group("nick") if dm else None
        if dm:
            text = text[:dm.start()].strip()
        tm = TYPED.match(text)
        if indent == top and not tm:
            out.append("## " + text)
            continue
        line = _typed(tm.group("kind"), tm.group("text"), nick) if tm else (f"{nick}: {text}" if nick else text)
        if line:
            out.append(line)
    return out


def _typed(kind: str, text: str, nick: str | None) -> str | None:
    kind = kind.lower()
    if kind in KIND_PREFIX:
        if kind == "rejected":
            text = "rejected: " + text
        return f"{KIND_PREFIX[kind]}: {text}"
    if kind in ("link", "help", "topic"):
        return None
    return f"{nick}: {text}" if nick else text


def _log_line(nick: str, said: str) -> str | None:
    """One log line as minutes: a command becomes what it records, talk a speaker line."""
    if BOT.match(nick) or not said:
        return None
    cm = COMMAND.match(said)
    if cm:
        cmd, rest = cm.group("cmd").lower(), cm.group("text").strip()
        if cmd == "topic" and rest:
            return "### " + rest
        if cmd in KIND_PREFIX and rest:
            return _typed(cmd, rest, nick)
        if cmd in ("info", "idea", "vote", "startvote", "motion") and rest:
            return f"{nick}: {rest}"
        return None  # #startmeeting, #chair, #link, #endmeeting, #undo ...
    if re.match(r"^(?:[-*]\s|(?:\[[^\]]*\]|\([^)]*\))(?:\s*(?:\[[^\]]*\]|\([^)]*\)))*$)", said):
        return None  # a pasted list line or a bracketed fragment of one: not something said
    return f"{nick}: {said}"
