"""English attribution rules over a spaCy dependency parse.

Finds candidate statements (speaker mention, cue, content) in one parsed
document. Speakers are resolved to actors later (:mod:`.actors`), dates in
:mod:`.dates`. Rules, in the order they claim tokens (PolNeAR's convention:
only the outermost attribution counts, so a cue inside claimed content is
not a new statement):

1. cue verb with a clausal / object / prepositional complement
   ("X said (that) …", "X accused Y of …", "X warned of …", "“…,” X said");
2. "according to X, …"; "as X put it, …";
3. questions put to someone ("He was then asked if …");
4. headlines ("an article titled “…”") with the publishing outlet as speaker;
5. quotes next to a cue the parser missed; floating quotes (a quoted
   sentence right after a statement continues its speaker).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import (CUE_VERBS, DOBJ_CONTENT, PREP_CONTENT, PRONOUNS, SETTING_NOUNS, SPEAKER_NOUNS,
                      TELL_LEMMAS, TITLE_LEMMAS, WEAK_CUES)
from .quotes import QUOTE_CHARS, Quote, find_quotes

SUBJ = ("nsubj", "nsubjpass", "csubj")
SPEAKER_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


@dataclass(slots=True)
class Candidate:
    """A statement before speaker resolution; spans are document char offsets."""

    kind: str
    content_spans: list[tuple[int, int]]
    cue_span: tuple[int, int] | None
    cue_lemma: str | None
    speaker_span: tuple[int, int] | None
    speaker_head: int | None = None          # token index of the speaker's head word
    addressee_span: tuple[int, int] | None = None
    addressee_head: int | None = None
    setting: str | None = None
    date_spans: list[tuple[int, int]] = field(default_factory=list)
    is_question: bool = False
    confidence: float = 0.8
    sent_index: int = 0
    strength: int = 0
    method_key: str = "extract"  # registry stage name of the method that found it


def _span(tokens) -> tuple[int, int]:
    tokens = list(tokens)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _trim(doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Token range [lo, hi] without edge punctuation (quote marks excepted) and 'that'-less commas."""
    while lo <= hi and (doc[lo].is_punct and doc[lo].text not in QUOTE_CHARS or doc[lo].is_space):
        lo += 1
    while hi >= lo and (doc[hi].is_punct and doc[hi].text not in QUOTE_CHARS or doc[hi].is_space):
        hi -= 1
    if lo > hi:
        return None
    return lo, hi


def _subject(v, depth: int = 0):
    """(subject token, passive?) of verb ``v``, inherited through conj/advcl/xcomp."""
    for c in v.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, False
        if c.dep_ == "nsubjpass":
            return c, True
    if depth < 3 and v.dep_ in ("conj", "advcl", "xcomp") and v.head is not v:
        if v.dep_ == "advcl" and v.tag_ not in ("VBG", "VBN"):
            return None, False
        return _subject(v.head, depth + 1)
    if v.dep_ == "relcl" and v.head is not v:
        return v.head, False
    return None, False


def _agent(v):
    for c in v.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _is_speaker(tok) -> bool:
    if tok.dep_ == "expl":
        return False
    low = tok.lower_
    if tok.pos_ == "PRON":
        return low in PRONOUNS
    if tok.ent_type_ in SPEAKER_ENTS or tok.pos_ == "PROPN":
        return True
    return tok.lemma_.lower() in SPEAKER_NOUNS or low in SPEAKER_NOUNS


def _np_span(tok, doc) -> tuple[int, int]:
    """Token range of a noun phrase headed by ``tok`` (its subtree, trimmed)."""
    lo, hi = tok.left_edge.i, tok.right_edge.i
    r = _trim(doc, lo, hi)
    return r if r else (tok.i, tok.i)


class EnglishRules:
    """Apply the attribution rules to one parsed ``Doc``."""

    def __init__(self, doc, quotes: list[Quote] | None = None, text: str | None = None) -> None:
        self.doc = doc
        self.text = text if text is not None else doc.text  # Doc.text joins all tokens: once
        self.quotes = quotes if quotes is not None else find_quotes(self.text)
        self.claimed: list[tuple[int, int]] = []   # content char spans taken
        self._person_words: set[str] | None = None
        self.sents = list(doc.sents)
        self.sent_of = {}
        self.sent_bounds = []  # (start_char, end_char) per sentence
        for si, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = si
            self.sent_bounds.append((s.start_char, s.end_char))
        self.dates_in = {}  # sentence index -> DATE entity char spans
        for ent in doc.ents:
            if ent.label_ == "DATE":
                self.dates_in.setdefault(self.sent_of[ent.start], []).append((ent.start_char, ent.end_char))

    # helpers ---------------------------------------------------------------
    def _inside_claimed(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.claimed)

    def _quote_at(self, start: int, end: int) -> Quote | None:
        for q in self.quotes:
            if q.start <= start < q.end or q.start < end <= q.end:
                return q
        return None

    def _extend_to_quotes(self, s: int, e: int) -> tuple[int, int]:
        changed = True
        while changed:
            changed = False
            for q in self.quotes:
                overlaps = q.start < e and s < q.end
                if overlaps and (q.start < s or q.end > e):
                    ns, ne = min(s, q.start), max(e, q.end)
                    if (ns, ne) != (s, e):
                        s, e, changed = ns, ne, True
        return s, e

    def _content_from_tokens(self, lo: int, hi: int) -> tuple[int, int] | None:
        r = _trim(self.doc, lo, hi)
        if r is None:
            return None
        s, e = _span(self.doc[r[0]:r[1] + 1])
        s, e = self._extend_to_quotes(s, e)
        # a content that is exactly a quote: keep the inner text
        q = self._quote_at(s, e)
        if q is not None and q.start == s and q.end == e:
            s, e = q.inner
        else:
            while e > s and self.text[e - 1] in ".,;:":
                e -= 1
        return (s, e) if e > s else None

    def _kind(self, s: int, e: int) -> str:
        inside = [q for q in self.quotes if q.start <= s and e <= q.end]
        if inside:
            return "direct"
        if any(q.start < e and s < q.end for q in self.quotes):
            return "mixed"
        return "indirect"

    def _setting_and_dates(self, v, content: tuple[int, int]):
        """Setting phrase ("in a speech at …") and date mentions near cue ``v``."""
        setting = None
        heads = [v]
        h = v
        while h.dep_ in ("conj", "advcl", "xcomp", "ccomp") and h.head is not h and len(heads) < 4:
            h = h.head
            heads.append(h)
        for hv in heads:
            for c in hv.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "at", "during", "on") and setting is None:
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lemma_.lower() in SETTING_NOUNS:
                            setting = self.text[c.idx:c.right_edge.idx + len(c.right_edge)].rstrip(",.“”\" ")
        dates = [d for d in self.dates_in.get(self.sent_of[v.i], ()) if not content[0] <= d[0] < content[1]]
        dates.sort(key=lambda d: abs(d[0] - v.idx))
        return setting, dates

    def _addressee(self, v):
        if v.lemma_ in TELL_LEMMAS:
            for c in v.children:
                if c.dep_ in ("dobj", "dative") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                    return c
        for c in v.children:
            if c.dep_ in ("prep", "dative") and c.lower_ == "to":
                for p in c.children:
                    if p.dep_ == "pobj" and _is_speaker(p):
                        return p
        return None

    # rules -----------------------------------------------------------------
    def run(self) -> list[Candidate]:
        out: list[Candidate] = []
        cues = [t for t in self.doc if t.pos_ in ("VERB", "AUX") and (
            t.lemma_.lower() in CUE_VERBS or t.lemma_ in ("put", "make") and self._special_cue(t))]
        cues.sort(key=lambda t: (len(list(t.ancestors)), t.i))
        for v in cues:
            c = self._cue_statement(v)
            if c:
                out.append(c)
        out.extend(self._according_to())
        out.extend(self._headlines())
        out.extend(self._quote_fallback(out))
        out.sort(key=lambda c: c.content_spans[0][0])
        return out

    @staticmethod
    def _special_cue(t) -> str | None:
        """'as X put it' and 'X made it clear that': cues that are not speech verbs alone."""
        lemma = t.lemma_.lower()
        if lemma == "put" and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children) and any(
                c.dep_ == "dobj" and c.lower_ == "it" for c in t.children):
            return "put it"
        if lemma == "make" and any(c.lower_ == "clear" for c in t.children):
            return "make clear"
        return None

    def _as_put_it(self, v) -> Candidate | None:
        """'Russia will remain, as George Kennan put it, the country …': the host clause is the content."""
        subj, _ = _subject(v)
        if subj is None or not _is_speaker(subj) or v.head is v:
            return None
        h = v.head
        sent = self.sents[self.sent_of[v.i]]
        lo, hi = max(h.left_edge.i, sent.start), min(h.right_edge.i, sent.end - 1)
        spans = []
        for a, b in ((lo, v.left_edge.i - 1), (v.right_edge.i + 1, hi)):
            if a <= b:
                c = self._content_from_tokens(a, b)
                if c:
                    spans.append(c)
        if not spans:
            return None
        sp = _np_span(subj, self.doc)
        self.claimed.extend(spans)
        it = next(c for c in v.children if c.dep_ == "dobj")
        setting, dates = self._setting_and_dates(v, spans[0])
        kind = "mixed" if any(self._kind(*x) != "indirect" for x in spans) else "indirect"
        return Candidate(kind=kind, content_spans=spans, cue_span=(v.idx, it.idx + len(it)), cue_lemma="put it",
                         speaker_span=_span(self.doc[sp[0]:sp[1] + 1]), speaker_head=subj.i, setting=setting,
                         date_spans=dates, confidence=0.7, sent_index=self.sent_of[v.i], strength=0)

    def _cue_statement(self, v) -> Candidate | None:
        doc = self.doc
        special = self._special_cue(v)
        lemma = special or v.lemma_.lower()
        sent = self.sents[self.sent_of[v.i]]
        if self._inside_claimed(v.idx, v.idx + len(v)):
            return None
        if special == "put it":
            return self._as_put_it(v)
        if v.dep_ in ("xcomp", "csubj", "pcomp", "acl", "amod") and v.head.lemma_.lower() not in CUE_VERBS:
            return None  # "does not need to believe", "Claiming to believe it does …": not a report
        if lemma in TITLE_LEMMAS and v.dep_ in ("acl", "advcl", "amod") and not (
                lemma == "call" and {"dobj", "oprd"} <= {c.dep_ for c in v.children}):
            return None  # headline rule ("an article called “…”"; but "calling it “late”" is a verdict)
        if self._quote_at(v.idx, v.idx + len(v)) is not None:
            q = self._quote_at(v.idx, v.idx + len(v))
            if q.inner_start < v.idx and v.idx + len(v) < q.inner_end:
                return None  # a cue word inside a quote is the quoted speaker's, not ours
        subj, passive = _subject(v)
        question = False
        speaker = addressee = None
        # "asked drivers to avoid …" / "was asked to resign" is a request, not a question put
        request = lemma == "ask" and any(c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to"
                                                                   for g in c.children) for c in v.children)
        if lemma == "ask" and passive and not request:
            question, addressee, speaker = True, subj, _agent(v)
        elif passive:
            speaker = _agent(v)
            if speaker is None:
                return None  # "it was said that …": no source (PolNeAR keeps some; we do not guess)
        else:
            speaker = subj
        quoted_as = self._quoted_as(v, lemma)
        if quoted_as is not None:
            speaker = quoted_as  # "the newspaper quoted him as saying": he is the speaker
        if speaker is not None and not _is_speaker(speaker) and not self._named_elsewhere(speaker):
            return None
        if speaker is None and not question:
            return None
        if speaker is not None and speaker.i > v.i and quoted_as is None:
            # inverted "said X" only follows a quote or a comma ("“…,” said Lavrov")
            before = doc[v.i - 1] if v.i > 0 else None
            if before is None or not (before.text in QUOTE_CHARS or before.text in (",", "—", "–")):
                return None
        sb = self.sent_bounds[self.sent_of[v.i]]
        if self.text[sb[0]:sb[1]].rstrip().rstrip("”\"»’").endswith("?") and not question and lemma != "ask":
            # an author's rhetorical question ("Does Moscow believe …?") is not a report
            return None
        parts = []
        prep_hit = False
        clear = None
        if special == "make clear":
            clear = next(c for c in v.children if c.lower_ == "clear")
            parts = [c for c in clear.children if c.dep_ in ("advcl", "ccomp")]
        for c in v.children:
            if c is clear:
                continue
            if c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "advcl" and c.i < v.i and c.dep_ != "mark"
                                                    and self._quote_at(c.idx, c.idx + 1)):
                parts.append(c)
            elif c.dep_ == "xcomp" and lemma not in ("say",):
                parts.append(c)
        parts = [p for p in parts if not self._titled_quote(p)]
        oprd = None
        if not parts and lemma == "call":  # "X called the remarks the first sign …", "calling it “late”"
            oprd = next((c for c in v.children if c.dep_ == "oprd"), None)
            if oprd is not None:
                obj = next((c for c in v.children if c.dep_ == "dobj" and c.i < oprd.i), None)
                parts = [obj, oprd] if obj is not None and obj.pos_ != "PRON" else [oprd]
        host = None
        if not parts:
            host = self._host_clause(v)
            if host is not None:
                parts = [host]
        if not parts:
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in PREP_CONTENT.get(lemma, ()):
                    parts.append(c)
                    prep_hit = True
            if lemma in PREP_CONTENT or lemma in DOBJ_CONTENT or prep_hit:
                for c in v.children:
                    if c.dep_ == "dobj" and (prep_hit or lemma in DOBJ_CONTENT):
                        parts.append(c)
        if lemma == "ask" and not question and not request:
            question = True
            for c in v.children:
                if c.dep_ in ("dobj", "dative"):
                    addressee = c
        if not parts:
            # a quote right after the cue ("said: “…”") or right before ("“…,” he said")
            q = self._adjacent_quote(v)
            if q is None:
                return None
            content = q.inner
        else:
            if lemma in WEAK_CUES and not prep_hit and not any(
                    self._quote_at(p.left_edge.idx, p.right_edge.idx + 1) for p in parts) and lemma not in (
                    "believe", "think", "know", "call", "want", "hope", "expect", "fear", "agree"):
                return None
            if lemma == "call" and not prep_hit and oprd is None:
                return None
            lo = min(p.left_edge.i for p in parts)
            hi = max(p.right_edge.i for p in parts)
            xc = next((p for p in parts if p.dep_ == "xcomp" and p.i > v.i), None)
            if xc is not None and lemma not in ("tell", "ask", "inform", "remind"):
                # "urged democracies to stand up …": the object belongs to what was urged
                obj = next((c for c in v.children if c.dep_ == "dobj" and v.i < c.i < xc.left_edge.i
                            and c.right_edge.i == xc.left_edge.i - 1), None)
                if obj is not None:
                    lo = min(lo, obj.left_edge.i)
            for c in v.children:  # "…, accommodate …, and use …": conj pieces of one utterance
                if c.dep_ == "conj" and c.i > hi and c.lemma_.lower() not in CUE_VERBS and not any(
                        g.dep_ in SUBJ for g in c.children):
                    hi = max(hi, c.right_edge.i)
            lo, hi = max(lo, sent.start), min(hi, sent.end - 1)
            if clear is not None:
                lo = max(lo, clear.i + 1)
            if lo <= v.i <= hi and parts[0].i > v.i:
                lo = v.i + 1
            if host is not None:
                hi = min(hi, v.left_edge.i - 1)
                while hi > lo and doc[hi].is_punct:
                    hi -= 1
            content = self._content_from_tokens(lo, hi)
            if content is None:
                return None
        if speaker is not None:
            sp = _np_span(speaker, doc)
            speaker_span = _span(doc[sp[0]:sp[1] + 1])
            if content[0] <= speaker_span[0] < content[1]:
                return None
        else:
            speaker_span = None
        cue_tokens = [v] + [c for c in v.children if c.dep_ == "prt"]
        if clear is not None:
            cue_tokens += [t for t in doc[v.i + 1:clear.i + 1]]
        if question and passive:
            cue_tokens += [c for c in v.children if c.dep_ == "auxpass"]
        cue_tokens.sort(key=lambda t: t.i)
        cue_span = (cue_tokens[0].idx, cue_tokens[-1].idx + len(cue_tokens[-1]))
        setting, dates = self._setting_and_dates(v, content)
        addr = addressee if addressee is not None else self._addressee(v)
        addr_span = None
        if addr is not None:
            a = _np_span(addr, doc)
            addr_span = _span(doc[a[0]:a[1] + 1])
        self.claimed.append(content)
        kind = "question" if question else self._kind(*content)
        conf = 0.85 if kind in ("direct", "mixed") else 0.7
        if lemma in WEAK_CUES:
            conf -= 0.2
        if special:
            conf -= 0.1
        if speaker is not None and speaker.pos_ == "PRON":
            conf -= 0.1
        return Candidate(kind=kind, content_spans=[content], cue_span=cue_span, cue_lemma=lemma,
                         speaker_span=speaker_span, speaker_head=speaker.i if speaker is not None else None,
                         addressee_span=addr_span, addressee_head=addr.i if addr is not None else None,
                         setting=setting, date_spans=dates, is_question=question or self._ends_question(content),
                         confidence=round(conf, 2), sent_index=self.sent_of[v.i], strength=CUE_VERBS.get(lemma, 2))

    def _named_elsewhere(self, tok) -> bool:
        """A capitalized word the parser took for a common noun ("Greaves, who chairs …") that the
        document names as a person elsewhere ("Alistair Greaves")."""
        if not tok.is_title or tok.pos_ != "NOUN":
            return False
        if self._person_words is None:
            self._person_words = {t.lower_ for e in self.doc.ents if e.label_ == "PERSON" for t in e}
        return tok.lower_ in self._person_words

    @staticmethod
    def _quoted_as(v, lemma: str):
        """The object of "quoted/cited X as saying": X (a speaker), else None."""
        if lemma not in ("quote", "cite"):
            return None
        obj = next((c for c in v.children if c.dep_ == "dobj" and _is_speaker(c)), None)
        if obj is None:
            return None
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "as" and any(
                    p.dep_ in ("pcomp", "pobj") and p.lemma_.lower() in CUE_VERBS for p in c.children):
                return obj
        return None

    def _titled_quote(self, part) -> bool:
        """Whether ``part`` lies inside a quote introduced as a title ("under the headline “…”")."""
        q = self._quote_at(part.idx, part.idx + len(part))
        if q is None:
            return False
        before = self.doc.char_span(q.start, q.start + 1, alignment_mode="expand")
        if before is None or before.start == 0:
            return False
        prev = self.doc[before.start - 1]
        return prev.lemma_.lower() in TITLE_LEMMAS or prev.lower_ in ("headline", "title", "titled", "headlined")

    def _host_clause(self, v):
        """'The United States may bring Russia …, the daily Kommersant reported on Friday': a reporting
        clause parsed as an adverbial of the clause before it, after a comma; that clause is the content."""
        if v.dep_ not in ("advcl", "parataxis") or v.head.i > v.i or v.head.pos_ not in ("VERB", "AUX"):
            return None
        lo = v.left_edge.i
        while lo < v.i and self.doc[lo].is_punct:
            lo += 1
        if lo == 0 or self.doc[lo - 1].text not in (",", "—", "–"):
            return None
        if any(c.dep_ == "mark" for c in v.children):
            return None  # "…, because X said": a subordinate clause, not a report
        return v.head

    def _ends_question(self, content) -> bool:
        return self.text[content[0]:content[1] + 2].rstrip().rstrip("”\"»’").endswith("?")

    def _adjacent_quote(self, v) -> Quote | None:
        vs = v.idx
        for q in self.quotes:
            between_after = self.text[v.idx + len(v):q.start]
            between_before = self.text[q.end:vs]
            if 0 <= len(between_after) <= 3 and between_after.strip() in ("", ":", ",") and q.start >= vs:
                return q
            if q.end <= vs and len(between_before) <= 40 and "\n" not in between_before:
                words = between_before.split()
                closes_clause = self.text[q.inner_end - 1:q.inner_end] in (",", "?", "!", "—", "–")
                if len(words) <= 5 and (not words or closes_clause or between_before.lstrip()[:1] in ",—–-"):
                    return q
        return None

    def _according_to(self) -> list[Candidate]:
        out = []
        for t in self.doc:
            if t.lower_ != "according":
                continue
            to = next((c for c in t.children if c.lower_ == "to"), None)
            if to is None:
                continue
            src = next((c for c in to.children if c.dep_ == "pobj"), None)
            if src is None or self._inside_claimed(t.idx, t.idx + 1):
                continue
            sent = self.sents[self.sent_of[t.i]]
            phrase = (t.i, max(src.right_edge.i, to.i))
            if phrase[0] - sent.start <= 1:
                lo, hi = phrase[1] + 1, sent.end - 1
            else:
                lo, hi = sent.start, phrase[0] - 1
            content = self._content_from_tokens(lo, hi)
            if content is None:
                continue
            sp = _np_span(src, self.doc)
            self.claimed.append(content)
            setting, dates = self._setting_and_dates(t.head, content)
            out.append(Candidate(kind="according_to", content_spans=[content],
                                 cue_span=(t.idx, to.idx + len(to)), cue_lemma="according to",
                                 speaker_span=_span(self.doc[sp[0]:sp[1] + 1]), speaker_head=src.i,
                                 setting=setting, date_spans=dates, confidence=0.75,
                                 sent_index=self.sent_of[t.i], strength=0))
        return out

    def _headlines(self) -> list[Candidate]:
        out = []
        for t in self.doc:
            if t.lemma_.lower() not in TITLE_LEMMAS or t.pos_ not in ("VERB", "NOUN"):
                continue
            if t.lemma_.lower() in ("head", "call") and t.dep_ not in ("acl", "advcl"):
                continue
            q = next((q for q in self.quotes if 0 <= q.start - (t.idx + len(t)) <= 3), None)
            if q is None:
                continue
            # speaker: the subject of the verb that governs the titled piece
            h, speaker = t, None
            for _ in range(4):
                h = h.head
                s, _p = _subject(h)
                if s is not None and _is_speaker(s):
                    speaker = s
                    break
                if h.head is h:
                    break
            if speaker is None:
                continue
            sp = _np_span(speaker, self.doc)
            content = q.inner
            self.claimed.append(content)
            setting, dates = self._setting_and_dates(h, content)
            out.append(Candidate(kind="headline", content_spans=[content], cue_span=(t.idx, t.idx + len(t)),
                                 cue_lemma=t.lemma_.lower(), speaker_span=_span(self.doc[sp[0]:sp[1] + 1]),
                                 speaker_head=speaker.i, setting=None, date_spans=dates, confidence=0.8,
                                 sent_index=self.sent_of[t.i], strength=1))
        return out

    def _quote_fallback(self, found: list[Candidate]) -> list[Candidate]:
        """Floating quotes: a whole quoted sentence right after a statement, no cue of its own."""
        out = []
        by_sent = sorted(found, key=lambda c: c.content_spans[0][0])
        for q in self.quotes:
            if self._inside_claimed(q.inner_start, q.inner_end) or len(self.text[q.start:q.end].split()) < 4:
                continue
            tok = self.doc.char_span(q.start, q.start + 1, alignment_mode="expand")
            if tok is None:
                continue
            si = self.sent_of[tok[0].i]
            sent = self.sents[si]
            lead = self.text[sent.start_char:q.start].strip()
            if lead:
                continue  # not a free-standing quoted sentence
            prev = [c for c in by_sent if c.content_spans[0][1] <= q.start and si - c.sent_index <= 2
                    and c.speaker_span is not None and c.kind != "question"]
            if not prev:
                continue
            p = prev[-1]
            self.claimed.append(q.inner)
            out.append(Candidate(kind="floating", content_spans=[q.inner], cue_span=None, cue_lemma=None,
                                 speaker_span=p.speaker_span, speaker_head=p.speaker_head,
                                 date_spans=p.date_spans, setting=p.setting,
                                 is_question=self._ends_question(q.inner), confidence=0.55,
                                 sent_index=si, strength=0))
        return out
