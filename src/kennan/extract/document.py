"""One document to statements and actors: rules, then speakers, dates, records.

:func:`extract_english` takes a stored :class:`~kennan.records.Document` and
its spaCy parse; :func:`finish` turns language-neutral candidates into
:class:`~kennan.records.Statement` records with resolved actors and dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Actor, Document, Statement
from ..registry import method as method_name
from .actors import _TITLE_WORDS, ActorIndex, DocResolver, Entity
from .dates import best_date
from .english import Candidate, EnglishRules
from .lexicon import OUTLET_NOUNS, PRONOUNS
from .quotes import find_quotes

NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP"}
_LABEL = re.compile(r"^(?P<label>(?:[A-Z][A-Z.'\-]*\s?){1,4}):\s+(?=\S)", re.M)
_HONORIFIC = re.compile(r"^(?:SECRETARY|MR\.?|MRS\.?|MS\.?|DR\.?|PRESIDENT|SENATOR|MINISTER|AMBASSADOR|"
                        r"MODERATOR|GENERAL|SPOKESPERSON|SPOKESMAN)\s+", re.I)


@dataclass(frozen=True, slots=True)
class DocResult:
    """What one document yields."""

    doc_id: str
    statements: tuple[Statement, ...]
    actors: tuple[Actor, ...]


def _title_and_role(ent, doc):
    """For a named entity: the role stated around it (title before, appositive after)."""
    root = ent.root
    lo = root.left_edge.i
    prefix = [t for t in doc[lo:ent.start] if t.dep_ not in ("det", "poss", "case", "punct") or t.text == "-"]
    role = None
    if prefix and any(t.lower_.split("-")[-1] in _TITLE_WORDS for t in prefix):
        role = doc[prefix[0].i:ent.start].text.replace("then-", "").strip()
    for c in root.children:
        if c.dep_ == "appos" and c.i > root.i:
            sub = [t for t in c.subtree if t.dep_ != "relcl" and not any(a.dep_ == "relcl" for a in t.ancestors
                                                                         if a.i > c.i and a in c.subtree)]
            if sub:
                role_text = doc[sub[0].i:sub[-1].i + 1].text.strip(" ,")
                if c.lower_ in OUTLET_NOUNS or c.lemma_ in OUTLET_NOUNS:
                    return role, role_text  # an outlet's description, not a role
                role = role_text
    return role, None


#: a one-word PERSON entity that is one of these is the parser's slip on an institution's name
#: ("the Richard Nixon Presidential Library": ORG "Richard Nixon", PERSON "Library")
_INSTITUTION_WORDS = frozenset({"library", "museum", "university", "institute", "center", "centre", "foundation",
                                "council", "committee", "hall", "school", "college", "house", "department",
                                "ministry", "agency", "office", "academy", "club", "association", "bank"})


def _clean_ents(sdoc) -> list:
    """Named entities worth registering: split at commas ("Kommersant , Pompeo" is two names) and without
    one-word PERSON entities that are an institution's head noun."""
    from spacy.tokens import Span

    out = []
    for e in sdoc.ents:
        if e.label_ not in NAME_ENTS:
            continue
        pieces, a = [], e.start
        for t in e:
            if t.text == ",":
                if t.i > a:
                    pieces.append((a, t.i))
                a = t.i + 1
        if a < e.end:
            pieces.append((a, e.end))
        for a, b in pieces:
            sp = e if (a, b) == (e.start, e.end) else Span(sdoc, a, b, label=e.label_)
            if sp.label_ == "PERSON" and len(sp) == 1 and sp.text.lower() in _INSTITUTION_WORDS:
                continue
            out.append(sp)
    return out


class _Speakers:
    """Walks the document in order, registering names and resolving mentions."""

    def __init__(self, sdoc, index: ActorIndex, outlet: str | None, text: str,
                 contents: list[tuple[int, int]] | None = None) -> None:
        self.sdoc = sdoc
        self.contents = sorted(contents or [])  # reported contents: names inside are no pronoun antecedents
        self.text = text
        self.res = DocResolver(index, outlet)
        self.ents = _clean_ents(sdoc)
        self.pos = 0
        self.ent_of_token = {}
        for e in self.ents:
            for t in e:
                self.ent_of_token[t.i] = e

    def advance(self, upto: int) -> None:
        """Register every named entity that starts before char offset ``upto``."""
        while self.pos < len(self.ents) and self.ents[self.pos].start_char < upto:
            e = self.ents[self.pos]
            self.pos += 1
            role, desc = _title_and_role(e, self.sdoc)
            # "Nixon's 1972 opening": a possessive names someone without making him the "he" that follows
            possessive = e.root.dep_ == "poss" or (e.end < len(e.doc) and e.doc[e.end].tag_ == "POS")
            # "at the Richard Nixon Presidential Library": a name modifying another noun is no antecedent either
            outer = [t for t in e if not e.start <= t.head.i < e.end]
            possessive = possessive or (any(t.dep_ in ("compound", "nmod") for t in outer) and all(
                t.dep_ in ("compound", "nmod", "det") and t.head.pos_ in ("PROPN", "NOUN") for t in outer))
            # "Pompeo was asked whether … the same way that Nixon courted Beijing. “…,” the newspaper quoted
            # him": a name inside reported content is not who the reporting frame's "he"/"him" is
            reported = any(a <= e.start_char and e.end_char <= b for a, b in self.contents)
            ent = self.res.mention(e.text, e.start_char, ner=e.label_, is_name=True, role_text=role,
                                   touch=not (possessive or reported))
            if ent is not None and desc:
                ent.descriptions.append(desc.casefold())
                if ent.kind == "organisation":
                    ent.kind = "outlet"

    def resolve(self, head_i: int | None, span: tuple[int, int] | None) -> tuple[Entity | None, str | None]:
        if head_i is None or span is None:
            return None, None
        tok = self.sdoc[head_i]
        self.advance(tok.idx)
        text = self.text[span[0]:span[1]]
        if tok.lower_ in PRONOUNS:
            return self.res.resolve_pronoun(tok.text, tok.idx), tok.text
        e = self.ent_of_token.get(head_i)
        if e is not None:
            self.advance(e.end_char)
            role, _ = _title_and_role(e, self.sdoc)
            return self.res.mention(e.text, e.start_char, ner=e.label_, is_name=True, role_text=role), text
        if tok.pos_ == "PROPN" and (tok.is_title or tok.is_upper) and "-" not in tok.text:
            toks = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
            name = self.sdoc[toks[0].i:tok.i + 1].text
            return self.res.mention(name, tok.idx, ner=None, is_name=True), text
        if tok.pos_ == "NOUN" and tok.is_title and any(
                e.kind == "person" and e.name.split()[-1].casefold() == tok.lower_ for e in self.res.entities):
            # "Greaves, who chairs …" tagged as a common noun: the surname of a person named before
            return self.res.mention(tok.text, tok.idx, ner="PERSON", is_name=True), text
        # a description ("the Russian foreign minister"): the words up to the head noun
        desc = re.sub(r"\s+([.’'])", r"\1", self.sdoc[tok.left_edge.i:tok.i + 1].text)
        return self.res.mention(desc, tok.idx, ner=None, is_name=False), text


def _candidates_transcript(text: str) -> list[Candidate]:
    """Transcript paragraphs "SECRETARY POMPEO: …" / "QUESTION: …"."""
    out = []
    labels = list(_LABEL.finditer(text))
    for k, m in enumerate(labels):
        if m.start() != 0 and text[m.start() - 1] != "\n":
            continue
        start = m.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        content = text[start:end].rstrip()
        if len(content.split()) < 2:
            continue
        spans = [(start, start + len(content))]
        # a speaker's turn runs on over unlabelled paragraphs until the next label or a heading
        nxt = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        pos = end
        while pos < nxt:
            while pos < nxt and text[pos] in "\n \t":
                pos += 1
            if pos >= nxt or text[pos] in "#*":
                break
            pend = text.find("\n", pos)
            pend = nxt if pend < 0 or pend > nxt else pend
            para = text[pos:pend].rstrip()
            if para:
                spans.append((pos, pos + len(para)))
            pos = pend
        label = m.group("label").strip()
        is_q = label.upper() in ("QUESTION", "Q", "QUESTIONER") or text[spans[-1][0]:spans[-1][1]].endswith("?")
        out.append(Candidate(kind="question" if is_q else "direct", content_spans=spans,
                             cue_span=(m.start(), m.start() + len(label)), cue_lemma="transcript",
                             speaker_span=None if label.upper() in ("QUESTION", "Q") else
                             (m.start(), m.start() + len(label)), is_question=is_q, confidence=0.9,
                             strength=0))
    return out


def _label_name(label: str) -> str:
    s = _HONORIFIC.sub("", label.strip()).strip()
    return " ".join(w.capitalize() if w.isupper() else w for w in s.split())


def extract_english(doc: Document, sdoc, index: ActorIndex, tagger=None) -> DocResult:
    """Statements and actors of one English document parsed as ``sdoc``.

    ``tagger``: an optional :class:`~kennan.extract.learned.CRFTagger` (user-built) whose spans add
    statements where the rules found none.
    """
    text = doc.text
    quotes = find_quotes(text)
    transcript = _candidates_transcript(text)
    rules = EnglishRules(sdoc, quotes, text)
    rules.claimed.extend(sp for c in transcript for sp in c.content_spans)
    cands = rules.run() + transcript
    if tagger is not None:
        from .learned import crf_candidates

        cands += crf_candidates(sdoc, tagger, rules, [sp for c in cands for sp in c.content_spans])
    cands.sort(key=lambda c: (c.content_spans[0][0]))
    speakers = _Speakers(sdoc, index, doc.outlet, text,
                         [sp for c in cands if c.kind != "headline" for sp in c.content_spans])
    statements: list[Statement] = []
    entities: dict[int, Entity] = {}
    prev: list[tuple[Candidate, Entity | None, str | None, str | None]] = []
    # headline of the document itself: the outlet is its speaker
    st = own_headline(doc, speakers.res, entities)
    if st is not None:
        statements.append(st)
    transcript_pending: list[Candidate] = []
    for c in cands:
        ref = c.speaker_span[0] if c.speaker_span else c.content_spans[0][0]
        if c.cue_lemma == "transcript":
            name = text[c.speaker_span[0]:c.speaker_span[1]] if c.speaker_span else None
            speakers.advance(ref)  # the names before the label ("moderator Daniel Caldwell") are known
            ent = speakers.res.mention(_label_name(name), ref, ner="PERSON", is_name=True) if name else None
            mention = name
        else:
            anchor = min(ref, c.content_spans[0][0])
            speakers.advance(anchor)
            ent, mention = speakers.resolve(c.speaker_head, c.speaker_span)
        if ent is not None:
            entities[id(ent)] = ent
        addr_ent, addr_text = (None, None)
        if c.addressee_head is not None:
            addr_ent, addr_text = speakers.resolve(c.addressee_head, c.addressee_span)
            if addr_ent is not None:
                entities[id(addr_ent)] = addr_ent
        said_on, src = _said_on(doc, c, ent, prev)
        prev.append((c, ent, said_on, src))
        st = _statement(doc, c, ent, mention, said_on, src, addr_ent, addr_text)
        if c.cue_lemma == "transcript":
            if c.is_question:
                transcript_pending.append(c)
            elif transcript_pending:
                # the question before an answer was put to this speaker
                for i, s in enumerate(statements):
                    if s.kind == "question" and s.addressee is None and any(
                            s.content_spans[0] == q.content_spans[0] for q in transcript_pending):
                        statements[i] = _replace(s, addressee=ent.name if ent else None,
                                                 addressee_actor_id=ent.actor().id if ent else None)
                transcript_pending = []
        statements.append(st)
    # actor ids only known at the end (roles accumulate); rewrite them
    final = {id(e): e.actor() for e in entities.values()}
    actors = tuple({a.id: a for a in final.values()}.values())
    by_name = {a.name: a for a in actors}
    fixed = []
    for st in statements:
        a = by_name.get(st.actor_id) if st.actor_id else None
        aa = by_name.get(st.addressee_actor_id) if st.addressee_actor_id else None
        fixed.append(_replace(st, actor_id=a.id if a else None, addressee_actor_id=aa.id if aa else None))
    return DocResult(doc.id, tuple(fixed), actors)


def _replace(st: Statement, **kw) -> Statement:
    from dataclasses import replace

    return replace(st, **kw)


_NAME_CLAIM = re.compile(r"^(?P<name>[^:«“\"]{2,40}?):\s+(?P<claim>\S.*)$")


def own_headline(doc: Document, res: DocResolver, entities: dict) -> Statement | None:
    """The document's headline as a statement: by its outlet, or by X in a "X: claim" headline."""
    if not doc.title:
        return None
    pos = doc.text.find(doc.title, 0, 400)
    if pos < 0:
        return None
    m = _NAME_CLAIM.match(doc.title)
    ent = None
    if m and m.group("name")[:1].isupper() and len(m.group("name").split()) <= 4:
        ent = res.mention(m.group("name"), pos, ner="PERSON", is_name=True)
        if ent is not None and ent.kind not in ("person", "organisation", "role"):
            ent = None
    if ent is not None:
        a = pos + m.start("claim")
        c = Candidate(kind="headline", content_spans=[(a, pos + len(doc.title))], cue_span=None,
                      cue_lemma="headline", speaker_span=(pos, pos + m.end("name")), confidence=0.8, strength=0)
        mention = m.group("name")
    elif doc.outlet:
        ent = res.register(doc.outlet, "outlet", 0)
        c = Candidate(kind="headline", content_spans=[(pos, pos + len(doc.title))], cue_span=None,
                      cue_lemma="headline", speaker_span=None, confidence=0.9, strength=0)
        mention = doc.outlet
    else:
        return None
    entities[id(ent)] = ent
    return _statement(doc, c, ent, mention, doc.published and doc.published[:10],
                      "publication" if doc.published else "none", None, None)


def _said_on(doc: Document, c: Candidate, ent: Entity | None, prev) -> tuple[str | None, str]:
    mentions = [doc.text[s:e] for s, e in c.date_spans]
    d, src, _ = best_date(mentions, doc.published)
    if d:
        return d, src
    # carried: the same speaker's earlier statement a sentence or two before had a date
    for pc, pent, pd, psrc in reversed(prev[-4:]):
        if pd and psrc in ("context", "relative", "carried") and pent is ent and ent is not None and \
                0 <= c.sent_index - pc.sent_index <= 3:
            return pd, "carried"
    for pc, pent, pd, psrc in reversed(prev[-2:]):
        if c.kind == "question" and pd and psrc in ("context", "relative", "carried") and \
                0 <= c.sent_index - pc.sent_index <= 1:
            return pd, "carried"
    if doc.published:
        return doc.published[:10], "publication"
    return None, "none"


def _statement(doc: Document, c: Candidate, ent: Entity | None, mention: str | None, said_on, src,
               addr_ent: Entity | None, addr_text: str | None) -> Statement:
    content = " … ".join(doc.text[s:e] for s, e in c.content_spans)
    cue = doc.text[c.cue_span[0]:c.cue_span[1]] if c.cue_span else None
    return Statement(
        id=Statement.make_id(doc.id, c.content_spans[0]), doc_id=doc.id, kind=c.kind, content=content,
        content_spans=tuple(c.content_spans), speaker=ent.name if ent else mention, speaker_span=c.speaker_span,
        cue=cue, cue_lemma=c.cue_lemma, cue_span=c.cue_span, actor_id=ent.name if ent else None,
        said_on=said_on, said_on_source=src, lang=doc.lang or "en", confidence=c.confidence,
        method=method_name(c.method_key), addressee=(addr_ent.name if addr_ent else addr_text),
        setting=c.setting, is_question=c.is_question, addressee_actor_id=addr_ent.name if addr_ent else None,
        speaker_mention=mention, strength=c.strength)
