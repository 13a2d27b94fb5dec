"""Standards-body minutes: scribe.perl HTML, scribejs Markdown, raw IRC logs, Open Standards Board."""
from ingest import parse_text

SCRIBE_HTML = """<html><head><title>Forms WG &ndash; 09 April 2014</title></head><body>
<h1>Forms Working Group Teleconference</h1><h2>09 April 2014</h2>
<div id=attendees><h2>Attendees</h2><dl class=intro>
<dt>Present</dt><dd>Alain, Nick</dd><dt>Regrets</dt><dd>-</dd>
<dt>Chair</dt><dd>Steven</dd><dt>Scribe</dt><dd>Steven_</dd></dl></div>
<main><section><h3>Announcements</h3>
<p class="phone s01"><cite>Steven:</cite> Congratulations on the release<br>
<span>&hellip; anything of interest for us?</span></p>
<p class="phone s02"><cite>Alain:</cite> Not difficult to implement.</p>
<p class=action><strong>ACTION:</strong> Steven to fix the label text</p>
<p class=bot><cite>&lt;trackbot&gt;</cite> Created ACTION-1 - Fix the label text [on Steven Pemberton - due 2014-04-16].</p>
<p class=resolution><strong>RESOLUTION:</strong> the value-less item is dropped</p>
</section></main>
<address>Minutes manually created, formatted by scribe.perl</address></body></html>"""


def test_scribe_perl_html():
    m = parse_text(SCRIBE_HTML, source="x.html", fmt="html")
    assert m.title == "Forms Working Group Teleconference"
    assert m.date == "2014-04-09"
    names = [a.name for a in m.attendees]
    assert names[:2] == ["Alain", "Nick"] and "Steven Pemberton" in names  # chair upgraded to full name
    said = [(s.speaker, s.text) for s in m.statements]
    assert ("Steven Pemberton", "anything of interest for us?") in said  # "…" continuation
    assert ("Alain", "Not difficult to implement.") in said
    assert [(a.owner, a.text) for a in m.action_items] == [("Steven Pemberton", "fix the label text")]
    assert [d.text for d in m.decisions] == ["the value-less item is dropped"]
    assert "scribe.perl" not in m.text  # the <address> footer is boilerplate


SCRIBEJS_MD = """---
title: Publishing Working Group Telco — 2019-08-05
date: 2019-08-05
---
# Publishing Working Group Telco — Minutes
{: .no_toc}

**Present:** Ivan Herman, Garth Conboy, Laurent Le Meur

**Regrets:** Wendy Reid

**Garth Conboy:** shall we approve the minutes?

> ***Resolution #1: last week's minutes approved***
{: #resolution1 .resolution}

**Ivan Herman:** the UCR is ready to go
… it has to be published by the webmaster
… Then I'll take it to the webmaster

> ***Action #1: create a separate LPF repository (Ivan Herman)***
"""


def test_scribejs_markdown():
    m = parse_text(SCRIBEJS_MD, source="x.md", fmt="markdown")
    assert (m.title, m.date) == ("Publishing Working Group Telco", "2019-08-05")
    assert [a.name for a in m.attendees] == ["Ivan Herman", "Garth Conboy", "Laurent Le Meur"]
    assert [a.name for a in m.apologies] == ["Wendy Reid"]
    said = [(s.speaker, s.text) for s in m.statements]
    assert ("Ivan Herman", "it has to be published by the webmaster") in said
    assert [d.text for d in m.decisions] == ["last week's minutes approved"]
    actions = [(a.owner, a.text, a.ref) for a in m.action_items]
    assert ("Ivan Herman", "create a separate LPF repository", "1") in actions
    assert ("Ivan Herman", "take it to the webmaster", None) in actions  # first-person undertaking


IRC = """14:59:32 <trackbot> Meeting: Forms Working Group Teleconference
14:59:32 <trackbot> Date: 09 April 2014
14:59:36 <alain> alain has joined #forms
14:59:58 <Steven_> Chair: Steven
15:00:03 <Steven_> rrsagent, make minutes
15:03:05 <Zakim> +Steven_; got it
15:03:07 <Steven_> present+ Erik
15:05:20 <Steven_> Topic: Announcements
15:05:40 <Steven_> Steven: Congratulations Erik
15:07:14 <Steven_> Erik: We do have hint on individual items
15:08:04 <Steven_> ... which the spec doesn't support
15:11:25 <Steven_> ACTION: Steven to fix inconsistent text
15:12:00 <Steven_> s/inconsistent/consistent/
15:13:00 <Steven_> RESOLUTION: we keep the hint element
"""


def test_raw_irc_log():
    m = parse_text(IRC, source="x.txt")
    assert m.format == "irc"
    assert (m.title, m.date) == ("Forms Working Group Teleconference", "2014-04-09")
    assert {"Steven", "Erik"} <= {a.name for a in m.attendees}
    assert ("Erik", "which the spec doesn't support") in [(s.speaker, s.text) for s in m.statements]
    assert [(a.owner, a.text) for a in m.action_items] == [("Steven", "fix inconsistent text")]
    assert [d.text for d in m.decisions] == ["we keep the hint element"]
    assert "rrsagent" not in m.text.lower() and "s/inconsistent" not in m.text


IRC_LATE_PRESENCE = """10:00:02 <trackbot> Meeting: Harbour Data Group Teleconference
10:00:02 <trackbot> Date: 12 March 2015
10:01:10 <Orla_> Topic: Review
10:02:11 <Orla_> Orla: the draft is out
10:03:40 <Orla_> Ivo: I will read it this week
10:05:00 <Orla_> [ADJOURN]
10:05:04 <Orla_> Present+Ivo
10:05:20 <Orla_> s;Agenda: http://example.org/a;Agenda: http://example.org/b;
10:05:31 <Orla_> s|the draft|the second draft|
10:05:40 <Orla_> present+ Zed
"""


def test_a_scribes_corrections_with_any_delimiter_are_not_read_as_minutes():
    # RRSAgent takes "s;old;new;" as "s/old/new/": left in, the lines broke the presence
    # list they stood in
    m = parse_text(IRC_LATE_PRESENCE, source="x.txt")
    assert m.format == "irc"
    assert {"Ivo", "Zed"} <= {a.name for a in m.attendees}
    assert "Agenda: http" not in m.text and "second draft" not in m.text


IRC_CHAIR = """09:00:02 <trackbot> Meeting: Harbour Data Group Teleconference
09:00:02 <trackbot> Date: 19 March 2015
09:00:40 <Orla_> Chair: Orla
09:00:45 <Orla_> Let's get started
09:01:10 <Orla_> Topic: Review
09:02:11 <Orla_> Ivo: the draft is out
09:02:30 <Orla_> Regrets: Zed
09:02:31 <Orla_> Orla: thanks, we wait for Zed then
09:03:00 <Orla_> present+ Ivo
"""


def test_a_chair_or_regrets_line_in_a_log_is_read_without_the_next_line_said():
    # a log has no blank lines: "Let's get started" right under "Chair: Orla" is no attendee
    m = parse_text(IRC_CHAIR, source="x.txt")
    assert {a.name for a in m.attendees} == {"Orla", "Ivo"}
    assert [a.name for a in m.apologies] == ["Zed"]
    assert ("Orla", "thanks, we wait for Zed then") in [(s.speaker, s.text) for s in m.statements]


BOARD = """---
title: 2015-04-27 Open Standards Board
---

This was the fifth Open Standards Board, two proposals were tabled for discussion:

1. Language tags
1. Country codes

## Summary of outcomes

The Board agreed:

1. Language tags is a good challenge to take through the process.
2. The secretariat should investigate copyright of ISO standards.

## Discussion topic 2: understanding government documents challenge

Nicholas Oughtibridge presented this suggested challenge to the Board. Nicholas highlighted that this was to seek feedback.

### Action:

Secretariat to investigate copyright of ISO standards.

## Board members

* Magnus Falk, Government Digital Service (Deputy Chair)
* Adam Cooper, Bolton University

## Non-members

* Nicholas Oughtibridge, Health and Social Care Information Centre
"""


def test_open_standards_board():
    m = parse_text(BOARD, source="x.md", fmt="markdown")
    assert m.title == "Open Standards Board"
    assert [(a.name, a.organisation) for a in m.attendees] == [
        ("Magnus Falk", "Government Digital Service"), ("Adam Cooper", "Bolton University"),
        ("Nicholas Oughtibridge", "Health and Social Care Information Centre")]
    assert [d.text for d in m.decisions][:2] == [
        "Language tags is a good challenge to take through the process",
        "The secretariat should investigate copyright of ISO standards"]
    assert [(a.owner, a.text) for a in m.action_items] == [
        ("Secretariat", "investigate copyright of ISO standards")]
    commitments = {c.name: c.speakers for c in m.commitments}
    assert set(commitments) == {"Language tags", "Country codes", "Understanding government documents"}
    assert commitments["Understanding government documents"] == ["Nicholas Oughtibridge"]
    assert ("Nicholas Oughtibridge", "this was to seek feedback.") in [(s.speaker, s.text) for s in m.statements]
