"""Raw IRC logs of a scribed meeting (W3C's RRSAgent style) turned into scribe-style minutes.

>>> irc_to_text("10:00:01 <Steven_> Topic: Budget\\n10:00:05 <Steven_> Ann: we agree\\n10:00:09 <Zakim> +Ann")
'## Budget\\n\\nAnn: we agree\\n'
"""
from __future__ import annotations

import re

LINE = re.compile(r"^\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+<(?P<nick>[^>\s]+)>\s?(?P<text>.*)$")
BOTS = {"rrsagent", "zakim", "trackbot", "github-bot", "agendabot", "ghurlbot", "irccloud"}
# a scribe's corrections for RRSAgent, not words of the meeting: "s/old/new/", "i|before|insert",
# with any mark as the delimiter ("s;Agenda: a;Agenda: b;"), though not ":" (a speaker's label)
NOISE = re.compile(r"^(?:[si]([^\w\s:]).*\1|(?:zakim|rrsagent|trackbot|agendabot)\b|\S+ has (?:joined|left|quit|changed the topic)|"
                   r"\[?\d{1,2}:\d{2}\]?\s*$|scribenick:|meeting:|date:|agenda:\s*https?://)", re.I)

# the minutes' own labels for who took part ("Chair: Steven", "Regrets: Ann"), each a paragraph
LABEL = re.compile(r"^(?:chairs?|scribes?|present|regrets|apologies)\s*:\s*\S", re.I)


def is_irc_log(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) >= 5 and sum(1 for ln in lines if LINE.match(ln)) >= 0.6 * len(lines)


def irc_to_text(text: str) -> str:
    out: list[str] = []
    title = date = None
    for raw in text.splitlines():
        m = LINE.match(raw)
        if not m:
            continue
        nick, body = m.group("nick"), m.group("text").strip()
        low = body.lower()
        if low.startswith("meeting:") and not title:
            title = body.split(":", 1)[1].strip()
        if low.startswith("date:") and not date:
            date = body.split(":", 1)[1].strip()
        if nick.lower() == "trackbot" and body.startswith("Created ACTION"):
            out.append("<trackbot> " + body)  # it names the action's owner in full
            continue
        if nick.lower().rstrip("_") in BOTS or NOISE.match(body):
            continue
        if low.startswith("topic:"):
            out += ["", "## " + body.split(":", 1)[1].strip(), ""]
        elif re.match(r"^present\+\s*", low):
            names = body.split("+", 1)[1].strip() or nick
            out += ["", "Present: " + names, ""]
        elif LABEL.match(body):
            # a log has no blank lines: the next line said would read as more of the list
            out += ["", body, ""]
        else:
            out.append(body)
    head = []
    if title:
        head.append("# " + title)
    if date:
        head.append("Date: " + date)
    return "\n".join(head + [""] + out).strip("\n") + "\n"
