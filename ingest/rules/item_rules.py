"""Making the items a chosen interpretation holds: statements, actions, action updates,
decisions, each stamped with the confidence of the interpretation that made it.

A mixin of ``Walker`` (``walker.py``): these methods need the walker's context (the note's
names and organisations, the last speaker, the section), and ``unit_rules.py`` calls them.
"""
from __future__ import annotations

import re

from ingest.rules.actions import (BODY, FIRST_PERSON, OWNERISH_WORDS, TO_TASK, end_of_task, find_due, make_action, make_decision, resolve_owner,
                      split_owner)
from ingest.vocabulary.status import status_of
from ingest.vocabulary import lexicon
from ingest.vocabulary.name_shapes import plausible_name
from ingest.records import ActionItem, Statement
from ingest.rules.speech import PRONOUN, reported_pattern, resolve_speaker, sentences
from ingest.rules.prefilter import Needing
from ingest.rules.structure import Line

# patterns tried on every line, entry or sentence of a note: compiled once, rather than
# looked up in re's cache at each call
_NUMBER_TAIL = re.compile(r"\((?:Action\s*)?(\d+\.\d+)\)\s*\.?$")
_COMMITMENT_WORD = re.compile(r"commitment", re.I)
_TOPIC_DASH = re.compile(r"^(?P<topic>[A-Z][^–—:]{1,80}?)\s+[–—]\s+(?P<rest>.+)$")

TOOK_ACTION = Needing(r"^(?P<owner>(?:[Tt]he\s+)?[A-Z]?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+(?:took|had taken|was given|"
                      r"agreed to take)\s+(?:an|the)\s+action\s+to\s+(?P<task>.+)$", ["action"])
# "I'll need ...", "I have to know ...": a state of mind, not a task
STATIVE = re.compile(r"^(?:need|know|think|be|have|see|wait|like|want|guess|hope|say|agree)\b")
# the meeting's own voice ("It was noted that ...", "There was a discussion"): nobody's report
UNATTRIBUTED = re.compile(r"^(?:It\s+(?:was|is|has\s+been)\s+\w+ed\b|The\s+(?:Board|Panel|Committee|Group|meeting|Chair)\b|"
                          r"(?:Members|Attendees|Everyone|All)\b)", re.I)
# verbs that frame something other than a report of the speaker's own: what follows is not theirs
NOT_A_REPORT = {"welcomed", "thanked", "introduced", "invited", "apologised", "apologized", "joined", "left"}
# "Shelly to write a specification", "(Action 2.10)": an action set, not a report
TO_ACTION = re.compile(r"^[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+to\s+[a-z]|\(\s*Action\b", re.I)
# text that closes a reported-speech frame without being what was said
SAID_ONLY = {"said", "stated", "explained", "reported", "noted", "added", "confirmed", "mentioned", "commented",
             "observed", "remarked", "felt", "thought", "believed", "indicated", "responded", "replied", "answered",
             "clarified", "acknowledged", "announced", "reminded", "argued", "warned", "emphasised", "emphasized",
             "stressed", "highlighted", "pointed out", "informed", "advised", "recalled", "reiterated", "agreed"}
PRESENT_TENSE = re.compile(r"^(?P<who>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s+(?P<rest>(?:(?:also|then|still|"
                           r"strongly|essentially|again|further|briefly|really|just|clearly|partly)\s+)*"
                           r"(?P<verb>[a-z]{2,}s)\b.*)$")
# words ending in -s after a name that are no verb of speaking or thinking
NOT_VERBS = {"is", "was", "has", "as", "us", "this", "its", "his", "hers", "yes", "less", "plus", "thus", "always"}
QUESTION_VERBS = {"asked", "queried", "wondered", "enquired", "inquired", "questioned"}
QUESTION_VERBS |= {p for v in list(QUESTION_VERBS) for p in lexicon.present_forms(v)}
SAID_ONLY_PRESENT = {p for v in SAID_ONLY for p in lexicon.present_forms(v)}
# the meeting agreeing, said in the middle of someone's words
MEETING_AGREES = re.compile(r"^(?:It\s+(?:is|was|has\s+been)\s+(?:\w+\s+)?(?:agreed|decided|resolved)|"
                            r"(?:Everyone|All|We\s+all)\s+(?:agrees?|agreed)\b)", re.I)
# a motion: "Cllr Ann Lee proposed acceptance of the minutes, seconded by Cllr Bob Ray"
MOTION = Needing(r"\b(?:proposed|moved)\b.{3,}?\bseconded\b|\bmoved by\b.{2,}?\bseconded by\b|"
                 r"^(?:a\s+)?motion\s+to\s+[a-z]|\b(?:I|we)\s+move\s+that\b|\bmoved\s+that\b",
                 ["seconded", "motion", "move"], re.I)
# how minutes close a motion in its own sentence: "… seconded by Y. Unanimous consent."
ASSENT_TAIL = re.compile(r"[.;,\s*_]+(?:(?:unanimously\s+)?(?:agreed|approved|carried|passed)|unanimous(?:ly)?"
                         r"(?:\s+(?:consent|vote|approval|support))?|(?:the\s+)?motion\s+(?:carried|carries|passed|"
                         r"passes)|no\s+objections?|without\s+objection)[\W\d]*$", re.I)
# "asked the Clerk to write", "requested Ann Lee to circulate": the one asked holds the task
ASKED_TO = Needing(r"\b(?:asked|requested|invited|tasked|charged)\s+(?P<owner>(?:the\s+)?[A-Z][\w'’.-]*"
                   r"(?:\s+[A-Z][\w'’.-]*){0,3})\s+to\s+(?P<task>[a-z].+)$",
                   ["asked", "requested", "invited", "tasked", "charged"])
# "FK: to do Dutch": the speaker gives themself a task
TO_SELF = re.compile(r"^to\s+(?P<task>[a-z].+)$")
# "Further enquiries were to be made by the Clerk", "The letter is to be sent by the secretariat"
PASSIVE_BY = Needing(r"^(?P<what>.+?)\s+(?:was|were|is|are)\s+to\s+be\s+(?P<verb>[a-z]+)\s+by\s+"
                     r"(?P<owner>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s*\.?$", ["by"])


class ItemRules:
    """The item-making half of the walker."""

    def action(self, text: str, start: int, end: int, checked: bool | None = None, ref: str | None = None,
               owner: str | None = None) -> None:
        a = make_action(text, start, end, self.idx, self.orgs, ref=ref, owner=owner, checked=checked)
        if a.text:
            self.m.action_items.append(a)

    def split_owner(self, text: str) -> tuple[str | None, str]:
        return split_owner(text, self.idx, self.orgs)

    def action_marker(self, m: re.Match, ln: Line, start: int, end: int, review: bool = False) -> None:
        body = m.group("text").strip().strip("*_").strip()
        ref = m.group("ref")
        owner = None
        written = m.group("owner0") or m.group("owner1")
        if written:
            owner = self.idx.resolve(written.lstrip("@")) or written
        first = body.split(" ", 1)[0]
        looks_update = bool(re.match(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)?\s+(?:has|have|had|is|was|reported|said|"
                                     r"noted|confirmed|completed|did|will|explained|sent|updated|says)\b", body))
        if review or (ref and "." in ref and looks_update and self.idx.resolve(first)):
            self.update(body, start, end, ln, ref=ref)
            return
        a = make_action(body, start, end, self.idx, self.orgs, ref=ref, owner=owner, checked=ln.checked)
        if a.text:
            self.m.action_items.append(a)


    def update(self, body: str, start: int, end: int, ln: Line, ref: str | None = None) -> None:
        owner, task = split_owner(body, self.idx, self.orgs)
        lm = re.match(r"^(?P<who>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?)\s+(?:has|have|had|is|was|did|reported|said|"
                      r"noted|confirmed|completed|sent|updated|explained)\b", body)
        if owner is None and lm:
            owner = self.idx.resolve(lm.group("who"))
        status = "done" if ln.checked else status_of(body) or "open"
        self.m.action_updates.append(ActionItem(text=task.strip().rstrip("."), owner=owner, due=None, ref=ref,
                                                status=status, start=start, end=end))


    def status_note(self, parent: ActionItem, is_report: bool, note: str, ln: Line, start: int, end: int,
                    says_status: bool) -> None:
        """A list item under an action that says how it stands ("- Circulated on 2 April"): a
        report on that action, not an action of its own. Under a report it becomes part of
        it; under an action set at this meeting it is a report on it, in the action's words
        and then the note's, as a listing that ends in its status reads ("Survey – Done").
        ``says_status``: the note opens with its status ("Done", "ongoing"); in a longer report
        a status word may be of something else ("the supplier is closed until June")."""
        status = "done" if ln.checked else (status_of(note) if says_status else None)
        note = note.rstrip(".")
        if is_report:
            parent.text = f"{parent.text} – {note}"
            parent.end = max(parent.end or end, end)
            if status and parent.status == "open":
                parent.status = status
            return
        self.m.action_updates.append(ActionItem(text=f"{parent.text} – {note}", owner=parent.owner, due=None,
                                                ref=parent.ref, status=status or "open", start=start, end=end))

    def speaker_text(self, who: str, body: str, offset: int) -> None:
        body = body.rstrip()
        dm = self.mk["decision_inline"].search(body)
        if dm:
            d = make_decision(dm.group("text"), offset + dm.start("text"), offset + len(body))
            if d:
                self.m.decisions.append(d)
        pm = re.match(r"^(?:Proposal|Proposed|PROPOSED|PROPOSAL)\s*[:\-–]\s*(.+)$", body)
        if pm:
            self.last_proposal = body
        for sent, s, e in sentences(body, offset):
            sent = sent.strip()
            if len(re.findall(r"\w+", sent)) >= 1:
                self.m.statements.append(Statement(speaker=who, text=sent, start=s, end=e))
            if MEETING_AGREES.match(sent) and not dm:
                self.decision(sent, s, e)  # "It is agreed that ...": the meeting, in someone's words
            fm = FIRST_PERSON.search(sent) or TO_SELF.match(sent)
            if fm and not sent.endswith("?") and not STATIVE.match(fm.group("task")):
                task = fm.group("task").rstrip(".")
                self.m.action_items.append(ActionItem(text=task, owner=who, due=find_due(task), start=s, end=e))
            else:
                self.named_undertaking(sent, s, e)

    def named_undertaking(self, sent: str, s: int, e: int) -> bool:
        """"Nick will circulate the draft", "KJ to do Polish": a person the note knows, then
        what they will do, inside someone's words or a minute line."""
        m = TO_TASK.match(sent.strip())
        if not m or m.group("how") == "agreed to" or sent.rstrip().endswith("?"):
            return False
        owner = self.idx.resolve(m.group("owner").lstrip("@"))
        if not owner or STATIVE.match(m.group("task")):
            return False
        task = end_of_task(m.group("task")).rstrip(".")
        self.m.action_items.append(ActionItem(text=task, owner=owner, due=find_due(task), start=s, end=e))
        return True

    def decision(self, text: str, start: int, end: int, what: str | None = None) -> None:
        """A decision; ``what`` is what was decided when ``text`` also says who decided."""
        d = make_decision(text, start, end)
        if d:
            self.m.decisions.append(d)
            self.assigned_in_decision(what or d.text, start, end)

    def _named_owner(self, raw: str) -> str | None:
        """An owner a decision can name: a person of the note, an organisation it names, or a
        body ("the Committee", "the Clerk"), never any capitalised phrase."""
        raw = raw.strip()
        who = self.idx.resolve(raw)
        if who:
            return who
        org = self.orgs.find(re.sub(r"^[Tt]he\s+", "", raw))
        if org:
            return org.name
        if OWNERISH_WORDS.fullmatch(raw.split()[-1]):
            return resolve_owner(raw, self.idx, self.orgs)
        return None

    def assigned_in_decision(self, text: str, start: int, end: int) -> None:
        """A decision that gives someone a task is also an action: "RESOLVED: That Councillor Ann
        Lee attend the meeting", "agreed that ... and the Committee should prepare a plan"."""
        m = re.match(r"^(?:[Tt]hat\s+)(?P<owner>(?:[Tt]he\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})\s+"
                     r"(?P<task>(?!is\b|are\b|was\b|were\b|be\b|has\b|have\b|will\b|would\b|should\b)[a-z]+\b.*)$",
                     text)
        if m and not re.match(r"^[a-z]+s\b", m.group("task")):  # "attend", not "asks": a task set
            owner = self._named_owner(m.group("owner"))
            if owner:
                self.m.action_items.append(ActionItem(text=end_of_task(m.group("task")).rstrip("."), owner=owner,
                                                      due=find_due(m.group("task")), start=start, end=end))
                return
        for cm in re.finditer(r"(?:^|,\s+|\band\s+)(?P<owner>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s+"
                              r"(?:should|will|would|is to|are to)\s+(?P<task>[a-z].+?)(?:[.;]|$)", text):
            owner = self._named_owner(cm.group("owner"))
            if owner:
                self.m.action_items.append(ActionItem(text=end_of_task(cm.group("task")), owner=owner,
                                                      due=find_due(cm.group("task")), start=start, end=end))


    def prose(self, ln: Line, unit: str, start: int) -> None:
        mk = self.mk
        topic = None
        body, body_off = unit, start
        section_is_commitments = bool(_COMMITMENT_WORD.search(ln.section))
        tm = _TOPIC_DASH.match(unit.strip())
        if tm and ln.bullet and not section_is_commitments:
            # "Topic – Name (Org) said ..." reports on a topic outside a commitments section too
            rm = reported_pattern().match(tm.group("rest"))
            if not (rm and resolve_speaker(rm.group("who"), self.idx, None, self.orgs, reported=True, listed=self.listed)) or len(tm.group("topic").split()) > 8:
                tm = None
        if tm and ln.bullet:
            topic = tm.group("topic").strip()
            body_off = start + unit.find(tm.group("rest"))
            body = tm.group("rest")
            self._commitment(topic, None, body, start, start + len(unit.rstrip()))
        speaker = None
        carry: tuple[str, str | None] | None = None
        for sent, s, e in sentences(body, body_off):
            sent_clean = " ".join(sent.split())  # re's \s and str.split's whitespace are one set
            if not sent_clean:
                continue
            if MOTION.search(sent_clean):
                if ASSENT_TAIL.search(sent_clean):  # "… seconded by Y. Unanimously Agreed"
                    self.decision(sent_clean, s, e, what=ASSENT_TAIL.sub("", sent_clean))
                    continue
                self.last_proposal = sent_clean  # "X proposed …, seconded by Y": a motion put
            elif self.last_proposal and mk["assent"].match(sent_clean.strip("*_ ")):
                # "… seconded by Y. Unanimously Agreed": the motion is what was decided
                self.decision(f"{self.last_proposal} {sent_clean}", s, e, what=self.last_proposal)
                self.last_proposal = None
                continue
            dm = mk["decision_sentence"].search(sent_clean)
            if dm or mk["passive_decision"].search(sent_clean):
                dtext = dm.group("text").strip() if dm else sent_clean
                if not dtext or dtext.endswith(":") and len(dtext.split()) <= 3:
                    self.agreed_list = True  # "The Board agreed:" over a list of what it agreed
                else:
                    self.decision(sent_clean, s, e, what=dtext)
            rm = reported_pattern().search(sent_clean)
            said = None
            question = False
            if rm:
                who_raw = rm.group("who")
                if PRONOUN.match(who_raw):
                    said = speaker or self.last_speaker
                else:
                    said = resolve_speaker(who_raw, self.idx, None, self.orgs, reported=True, listed=self.listed)
                    if not said and self.orgs.find(who_raw) and who_raw.split()[0] != "The":
                        said = self.orgs.find(who_raw).name
                if said:
                    verb = rm.group("verb")
                    question = verb in QUESTION_VERBS
                    what = rm.group("text").strip()
                    if not rm.group("that") and verb not in SAID_ONLY and verb not in SAID_ONLY_PRESENT:
                        what = f"{verb} {what}"
                    if what:
                        self.m.statements.append(Statement(speaker=said, text=what, start=s, end=e,
                                                           commitment=topic, organisation=rm.group("org")))
                        speaker = said
                        self.last_speaker = said
                        # a report carries on into the next sentences; a question's are others' answers
                        carry = None if question or verb in NOT_A_REPORT else (said, rm.group("org"))
                        if topic:
                            self._commitment(topic, said, "", s, e)
            elif (pm := PRESENT_TENSE.match(sent_clean)) and (known := self.idx.resolve(pm.group("who"))) \
                    and not pm.group("verb") in NOT_VERBS:
                # "Klaus proposes to start small", "Enrico strongly disagrees": minutes in the
                # present tense narrate what a listed person said
                said = known
                self.m.statements.append(Statement(speaker=known, text=sent_clean[pm.start("rest"):], start=s,
                                                   end=e, commitment=topic))
                speaker = self.last_speaker = known
            elif carry:
                if self.carries_on(sent_clean, carry) and not dm and not mk["passive_decision"].search(sent_clean):
                    # a sentence that carries on the same person's report in the same paragraph
                    self.m.statements.append(Statement(speaker=carry[0], text=sent_clean, start=s, end=e,
                                                       commitment=topic))
                else:
                    carry = None
            self.sentence_actions(sent_clean, s, e, said or None, ln, only_assigned=question)


    def carries_on(self, sent: str, carry: tuple[str, str | None]) -> bool:
        """Does this sentence go on with the report of ``carry`` (speaker, their organisation)?
        Not when the meeting speaks ("It was agreed"), a label starts it ("Answer: ..."), it sets
        an action, or its subject is someone else: another person, or an organisation that is not
        the speaker's own."""
        if UNATTRIBUTED.match(sent) or re.match(r"^[A-Z][\w ]{0,20}:\s", sent) or TO_ACTION.search(sent):
            return False
        if (pm := PRESENT_TENSE.match(sent)) and plausible_name(pm.group("who")) and \
                self.idx.resolve(pm.group("who")) != carry[0]:
            return False  # "Enno fears that ...": someone else speaks now
        lead = re.match(r"^((?:[A-Z][\w'’&-]*\s+){0,3}[A-Z][\w'’&-]*)", sent)
        if lead:
            words = lead.group(1).split()
            for k in range(len(words), 0, -1):
                cand = " ".join(words[:k])
                who = self.idx.resolve(cand)
                if who and who != carry[0]:
                    return False
                org = self.orgs.find(cand)
                if org and not (carry[1] and (self.orgs.find(carry[1]) is org or carry[1] == cand)):
                    return False
        return True


    def took_action(self, sent: str, s: int, e: int) -> bool:
        """"The chair took an action to write to X": a report on an earlier action, done when the
        rest of the section tells of its outcome ("has since received a reply")."""
        tm = TOOK_ACTION.search(sent)
        if not tm:
            return False
        owner = resolve_owner(tm.group("owner"), self.idx, self.orgs)
        after = self.text[e:self.section_end(e)]
        status = "done" if re.search(r"\b(?:since|has been|have been|received|completed|done|was sent)\b", after) \
            else "open"
        self.m.action_updates.append(ActionItem(text=tm.group("task").rstrip("."), owner=owner, status=status,
                                                start=s, end=e))
        return True


    def section_end(self, pos: int) -> int:
        for ln in self.lines:
            if ln.start > pos and ln.heading:
                return ln.start
        return len(self.text)


    def sentence_actions(self, sent: str, s: int, e: int, speaker: str | None, ln: Line,
                          only_assigned: bool = False) -> None:
        mk = self.mk
        if self.took_action(sent, s, e):
            return
        ref = None
        rm = _NUMBER_TAIL.search(sent)
        if rm:
            ref = rm.group(1)
        am = ASKED_TO.search(sent)
        if am:
            owner = self._named_owner(am.group("owner"))
            if owner:  # "The Chairman asked the Clerk to investigate": the Clerk's task
                task = end_of_task(am.group("task")).rstrip(".")
                self.m.action_items.append(ActionItem(text=task, owner=owner, due=find_due(task), start=s, end=e))
                return
        owner, task = split_owner(sent, self.idx, self.orgs)
        if owner and task != sent and (re.match(r"^[a-z]\w*\s+\S", task) or
                                       TO_TASK.match(sent) and re.match(r"^[a-z]\w+$", task)):
            self.m.action_items.append(make_action(sent, s, e, self.idx, self.orgs, ref=ref))
            return
        if ref:
            self.m.action_items.append(make_action(sent, s, e, self.idx, self.orgs, ref=ref))
            return
        pm = PASSIVE_BY.match(sent)
        if pm:
            owner = resolve_owner(pm.group("owner"), self.idx, self.orgs)
            if owner:  # "Further enquiries were to be made by the Clerk"
                self.m.action_items.append(ActionItem(text=f"{pm.group('what')} to be {pm.group('verb')}",
                                                      owner=owner, due=find_due(sent), start=s, end=e))
                return
        um = mk["undertaking"].search(sent)
        if only_assigned or not um or re.search(r"\bnext meeting will\b|\bwould(?! like to)\b|\?$", sent, re.I):
            return
        if re.match(r"^(?:asked|queried|wondered|enquired|inquired|questioned)\b", sent) or \
                re.match(r"^will\s+(?:\w+ly\s+)?be\s+\w+ed\b", sent[um.start():]) and not find_due(sent):
            return  # a question, or a passive "will be updated" that no one undertook
        subject = sent[:um.start()].strip()
        if um.group(0).startswith("agreed") and BODY.search(subject):
            return  # "The Board agreed to review X" is the meeting deciding, recorded as a decision
        due = find_due(sent)
        owner = None
        if speaker:
            owner = speaker
        sm = re.search(r"(?:^|\b)(?P<subj>(?:[Tt]he\s+)?[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,4})\s*$", subject)
        if sm and not speaker:
            subj = sm.group("subj")
            if self.orgs.find(subj) or re.search(r"\bteam\b", subj, re.I):
                owner = re.sub(r"^[Tt]he\s+", "", subj)
            elif self.idx.resolve(subj):
                owner = self.idx.resolve(subj)
            elif re.search(r"\band\b", subj):
                # "the Chairman and Clerk will inspect": people of the note, together
                owner = resolve_owner(subj, self.idx, self.orgs) if all(
                    self.idx.resolve(p) for p in re.split(r"\s+and\s+", re.sub(r"^[Tt]he\s+", "", subj))) else None
        if not subject and re.match(r"^will\s+be\b", sent[um.start():], re.I):
            return  # "Will be AVX2 assembly": a description, not a task
        if not (owner or due or not subject or re.match(r"^(?:we|we also)\b", subject, re.I)):
            return
        task = end_of_task(sent[um.start():])
        task = re.sub(r"^(?:will|intends? to|would like to|aims? to|plans? to|(?:is|are) going to|agreed to|undertook to|"
                      r"offered to|volunteered to)\s+(?:(?:\w+ly|soon|now|also|then|still|first|next|jointly)\s+)*", "",
                      task, flags=re.I)
        self.m.action_items.append(ActionItem(text=task.rstrip("."), owner=owner, due=due, start=s, end=e))


