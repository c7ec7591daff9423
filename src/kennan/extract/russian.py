"""Russian attribution with natasha (segmentation, morphology, syntax, NER).

Rules: «цитата»,— сказал X (a quote followed by dash + cue + speaker);
X заявил, что … / X заявил: «…» (cue verb with a subject and a clause or
quote); «по словам X, …». Speakers: natasha's PER/ORG/LOC spans,
normalized to the nominative ("Сергея Лаврова" → "Сергей Лавров"), then
the shared resolver (surnames, "сенатор", "парламентарий", "он").
"""

from __future__ import annotations

import re

from ..records import Document, Statement
from .actors import ActorIndex, DocResolver, Entity
from .document import DocResult, _said_on, _statement, own_headline
from .english import Candidate
from .lexicon import RU_CUE_NOUNS, RU_CUE_VERBS, RU_DOBJ_CONTENT, RU_QUESTION_CUES, RU_SPEAKER_NOUNS
from .nlp import load_russian
from .quotes import find_quotes

_PO_SLOVAM = re.compile(r"[Пп]о (?:словам|мнению|данным|информации|сообщению)\s+([^,.]{2,80}?),\s*|"
                        r"[Пп]о (его|её|ее|их) (?:словам|мнению|данным|информации|сообщению),\s*", re.U)
_NOT_SPEAKERS = frozenset({"это", "что", "который", "кто", "все", "всё", "тот", "то"})
_RU_PRON = {"он": "he", "она": "she", "они": "they", "оно": "it", "его": "he", "её": "she", "ее": "she",
            "их": "they"}
_NER_KIND = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


class _Tree:
    def __init__(self, ndoc) -> None:
        self.toks = ndoc.tokens
        self.by_id = {t.id: t for t in self.toks}
        self.children: dict[str, list] = {}
        for t in self.toks:
            self.children.setdefault(t.head_id, []).append(t)
        self.order = {t.id: i for i, t in enumerate(self.toks)}

    def subtree(self, t) -> list:
        """Tokens under ``t`` (itself included); safe on the cycles a parser can emit."""
        out, stack, seen = [], [t], set()
        while stack:
            x = stack.pop()
            if x.id in seen:
                continue
            seen.add(x.id)
            out.append(x)
            stack.extend(self.children.get(x.id, []))
        return sorted(out, key=lambda x: self.order[x.id])


def _parse(text: str):
    from natasha import Doc

    r = load_russian()
    d = Doc(text)
    d.segment(r["segmenter"])
    _split_sents_at_newlines(d)
    d.tag_morph(r["morph"])
    d.parse_syntax(r["syntax"])
    d.tag_ner(r["ner"])
    for t in d.tokens:
        t.lemmatize(r["vocab"])
    for s in d.spans:
        s.normalize(r["vocab"])
    return d


def _split_sents_at_newlines(d) -> None:
    """A sentence never runs over a line break: razdel glues a headline line to the paragraph after it
    ("Лавров: Запад …\nМинистр … заявил, что …"), which breaks the parse of both (as in :mod:`.nlp`)."""
    from natasha.doc import DocSent

    sents = []
    for sent in d.sents:
        if "\n" not in sent.text.strip():
            sents.append(sent)
            continue
        pos = sent.start
        for line in sent.text.split("\n"):
            a = pos + len(line) - len(line.lstrip())
            b = pos + len(line.rstrip())
            if b > a:
                sents.append(DocSent(a, b, d.text[a:b]))
            pos += len(line) + 1
    if len(sents) != len(d.sents):
        d.sents = sents
        d.envelop_sent_tokens()
        d.sents = [x for x in d.sents if x.tokens]


def _trim_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s] in " ,—–-:\n":
        s += 1
    while e > s and text[e - 1] in " ,.—–-:;\n":
        e -= 1
    return (s, e) if e > s else None


def _feats(t) -> str:
    f = t.feats or {}
    return "|".join(f"{k}={v}" for k, v in f.items()) if isinstance(f, dict) else str(f)


def _subject_ru(tree: _Tree, t, depth: int = 0):
    """The subject of verb ``t``; a conjoined verb shares its first conjunct's ("заявил …, и призвал …")."""
    subj = next((c for c in tree.children.get(t.id, []) if c.rel in ("nsubj", "nsubj:pass")), None)
    if subj is None and depth < 2 and t.rel == "conj":
        head = tree.by_id.get(t.head_id)
        if head is not None and head.pos == "VERB":
            return _subject_ru(tree, head, depth + 1)
    return subj


_ANAPHORA = frozenset({"это", "так", "таков"})


def _late_content(text, tree, t, kids, quotes, sents, si):
    """Content when the cue has no clause or adjacent quote: a quote after a colon later in the sentence
    ("описал логику так: «…»"); the direct object of a verb such as "допустил" ("допустил возможность …");
    or, for "Об этом заявил X" / "Так X прокомментировал …", the sentence before, in the same paragraph."""
    if not sents:
        return None, "indirect", False
    sent = sents[si]
    q = next((q for q in quotes if t.stop <= q.start < sent.stop and
              re.fullmatch(r"[^«»\"“”„.!?]*:\s*", text[t.stop:q.start])), None)
    if q is not None:
        return q.inner, "direct", False
    if (t.lemma or "") in RU_DOBJ_CONTENT:
        obj = next((c for c in kids if c.rel == "obj" and c.start > t.start), None)
        if obj is not None:
            sub = tree.subtree(obj)
            span = _trim_span(text, sub[0].start, sub[-1].stop)
            if span and len(text[span[0]:span[1]].split()) >= 2:
                return span, "indirect", False
    ana = next((c for c in kids if (c.lemma or "") in _ANAPHORA and c.start < t.start and
                (c.rel == "advmod" and c.start == sent.start or c.rel == "obl" and
                 any(x.lemma == "о" for x in tree.children.get(c.id, [])))), None)
    if ana is not None and si > 0:
        prev = sents[si - 1]
        if "\n" not in text[prev.stop:sent.start]:
            span = _trim_span(text, prev.start, prev.stop)
            if span and len(text[span[0]:span[1]].split()) >= 3:
                return span, "indirect", True
    return None, "indirect", False


def candidates_ru(text: str, ndoc) -> list[tuple[Candidate, object]]:
    """Candidates with the natasha token heading each speaker (or None)."""
    tree = _Tree(ndoc)
    quotes = find_quotes(text)
    out: list[tuple[Candidate, object]] = []
    claimed: list[tuple[int, int]] = []
    sents = ndoc.sents

    def sent_of(pos: int) -> int:
        for i, s in enumerate(sents):
            if s.start <= pos < s.stop:
                return i
        return 0

    for t in ndoc.tokens:
        if t.pos != "VERB" or (t.lemma or "") not in RU_CUE_VERBS:
            continue
        subj = _subject_ru(tree, t)
        if subj is None:
            continue
        if subj.pos not in ("PROPN", "PRON", "NOUN") or (subj.lemma or "") in _NOT_SPEAKERS:
            continue
        content = None
        kind = "indirect"
        kids = tree.children.get(t.id, [])
        comp = next((c for c in kids if c.rel in ("ccomp",)), None)
        if comp is None:  # "заявило о том, что …"
            comp = next((c for c in kids if c.rel == "obl" and c.lemma == "тот"), None)
        if comp is None:  # a clause opened by "что"/"будто" hung elsewhere by the parser
            comp = next((c for c in kids if c.start > t.start and c.rel not in ("punct", "nsubj") and
                         (tree.subtree(c)[0].lemma or "") in ("что", "будто", "якобы", "чтобы")), None)
        # a quote right before ("«…»,— сказал X") or right after ("заявил: «…»")
        q_before = next((q for q in quotes if 0 <= t.start - q.end <= 4 and
                         re.fullmatch(r"[\s,—–-]*", text[q.end:t.start])), None)
        q_after = next((q for q in quotes if 0 <= q.start - (t.stop) <= 3 and
                        re.fullmatch(r"[\s:,]*", text[t.stop:q.start])), None)
        if q_before is not None:
            content, kind = q_before.inner, "direct"
        elif comp is not None and comp.start > t.start:
            sub = tree.subtree(comp)
            content = _trim_span(text, sub[0].start, sub[-1].stop)
            if content and any(q.start < content[1] and content[0] < q.end for q in quotes):
                kind = "mixed"
        elif q_after is not None:
            content, kind = q_after.inner, "direct"
            xc = next((c for c in kids if c.rel == "xcomp" and c.start >= q_after.end), None)
            if xc is not None:  # "призвал «демократии-единомышленники» действовать сообща": the quote is part
                content, kind = _trim_span(text, q_after.start, tree.subtree(xc)[-1].stop), "mixed"
        else:
            sent = sents[sent_of(t.start)] if sents else None
            after = text[max(t.stop, subj.stop if subj.start > t.start else t.stop):sent.stop if sent else len(text)]
            if after.lstrip().startswith(":"):  # "сказала: попробуй …"
                a = text.index(":", t.stop) + 1
                content = _trim_span(text, a, sent.stop if sent else len(text))
            elif sent is not None and (t.rel == "parataxis" or subj.start > t.start):
                # parenthetical "…, говорит X." / "утверждает Пастухов": the rest of the sentence
                sub = tree.subtree(t)
                lo, hi = sub[0].start, sub[-1].stop
                parts = [p for p in (_trim_span(text, sent.start, lo), _trim_span(text, hi, sent.stop)) if p]
                parts = [p for p in parts if len(text[p[0]:p[1]].split()) >= 3]
                if parts:
                    content = parts[0] if len(parts) == 1 else None
                    if content is None:
                        claimed.extend(parts)
                        out.append((Candidate(kind="indirect", content_spans=parts, cue_span=(t.start, t.stop),
                                              cue_lemma=t.lemma, speaker_span=(subj.start, subj.stop),
                                              confidence=0.55, sent_index=sent_of(t.start),
                                              strength=RU_CUE_VERBS[t.lemma]), subj))
                        continue
        anaphoric = False
        if content is None:
            content, kind, anaphoric = _late_content(text, tree, t, kids, quotes, sents, sent_of(t.start))
        if content and content[0] < t.start < content[1]:  # a parse that hangs the cue inside its clause
            content = _trim_span(text, t.stop, content[1])
        if not content or any(s <= content[0] and content[1] <= e for s, e in claimed):
            continue
        if anaphoric and any(s < content[1] and content[0] < e for s, e in claimed):
            continue  # "Об этом он сказал журналистам": the sentence before is already his statement
        sub = tree.subtree(subj)
        sp = (sub[0].start, sub[-1].stop)
        claimed.append(content)
        asked = t.lemma in RU_QUESTION_CUES  # "спросил, не могут ли …": a question put, as in English
        out.append((Candidate(kind="question" if asked else kind, content_spans=[content], cue_span=(t.start, t.stop),
                              cue_lemma=t.lemma, speaker_span=sp, confidence=0.75 if kind == "direct" else 0.65,
                              sent_index=sent_of(t.start), strength=RU_CUE_VERBS[t.lemma], is_question=asked), subj))
    for t in ndoc.tokens:  # "слова министра … Сергея Лаврова о том, что …"
        if t.pos != "NOUN" or (t.lemma or "") not in RU_CUE_NOUNS:
            continue
        kids = tree.children.get(t.id, [])
        who = next((c for c in kids if c.rel == "nmod" and c.start > t.start and c.pos in ("NOUN", "PROPN") and
                    "Case=Gen" in _feats(c) and (c.lemma or "") != "тот"), None)
        tom = next((c for c in kids if c.lemma == "тот" and c.start > t.start), None)
        clause = next((c for c in tree.children.get(tom.id, []) if c.rel in ("acl", "ccomp", "acl:relcl")),
                      None) if tom is not None else None
        if who is None or clause is None:
            continue
        sub = tree.subtree(clause)
        content = _trim_span(text, sub[0].start, sub[-1].stop)
        if not content or any(s <= content[0] and content[1] <= e for s, e in claimed):
            continue
        wsub = [x for x in tree.subtree(who) if x.start < tom.start]
        claimed.append(content)
        out.append((Candidate(kind="indirect", content_spans=[content], cue_span=(t.start, t.stop), cue_lemma=t.lemma,
                              speaker_span=(wsub[0].start, wsub[-1].stop), confidence=0.6,
                              sent_index=sent_of(t.start), strength=0), who))
    for m in _PO_SLOVAM.finditer(text):
        s_i = sent_of(m.start())
        end = sents[s_i].stop if sents else len(text)
        content = _trim_span(text, m.end(), end)
        if not content or any(s <= content[0] < e for s, e in claimed):
            continue
        g = 1 if m.group(1) else 2
        head = next((t for t in ndoc.tokens if t.start >= m.start(g)), None)
        cue = (m.start(), m.start(g) - 1) if g == 1 else (m.start(), m.end() - len(m.group(0)) + len(m.group(0).rstrip(", ")))
        claimed.append(content)
        out.append((Candidate(kind="according_to", content_spans=[content], cue_span=cue,
                              cue_lemma="по словам", speaker_span=(m.start(g), m.end(g)), confidence=0.7,
                              sent_index=s_i, strength=0), head))
    out.sort(key=lambda x: x[0].content_spans[0][0])
    return out


def extract_russian(doc: Document, index: ActorIndex) -> DocResult:
    """Statements and actors of one Russian document."""
    text = doc.text
    ndoc = _parse(text)
    res = DocResolver(index, doc.outlet)
    spans = [s for s in ndoc.spans if s.type in _NER_KIND]
    pos = 0
    entities: dict[int, Entity] = {}
    statements: list[Statement] = []
    prev = []
    head_st = own_headline(doc, res, entities)
    if head_st is not None:
        statements.append(head_st)

    def advance(upto: int) -> None:
        nonlocal pos
        while pos < len(spans) and spans[pos].start < upto:
            s = spans[pos]
            pos += 1
            res.mention(s.normal or s.text, s.start, ner=_NER_KIND[s.type], is_name=True)

    for cand, head in candidates_ru(text, ndoc):
        advance(cand.speaker_span[0] if cand.speaker_span else cand.content_spans[0][0])
        ent = None
        mention = text[cand.speaker_span[0]:cand.speaker_span[1]] if cand.speaker_span else None
        span = next((s for s in spans if head is not None and s.start <= head.start < s.stop), None)
        role = None
        if span is None and cand.speaker_span and head is not None and head.pos == "NOUN":
            # "Министр иностранных дел России Сергей Лавров": the name inside the subject phrase
            span = next((s for s in spans if s.type == "PER" and cand.speaker_span[0] <= s.start
                         and s.stop <= cand.speaker_span[1]), None)
            if span is not None:
                role = text[cand.speaker_span[0]:span.start].strip() or None
        if span is not None:
            advance(span.stop)
            ent = res.mention(span.normal or span.text, span.start, ner=_NER_KIND[span.type], is_name=True,
                              role_text=role)
        elif head is not None and (head.lemma or "").casefold() in _RU_PRON:
            ent = res.resolve_pronoun(_RU_PRON[head.lemma.casefold()], head.start)
        elif head is not None and head.pos == "PROPN" and (head.lemma or "").casefold() not in RU_SPEAKER_NOUNS:
            ent = res.mention(head.lemma.capitalize() if head.lemma else head.text, head.start, ner="PER",
                              is_name=True)
        elif head is not None:
            ent = res.resolve_description(head.lemma or head.text, head.start)
            if ent is None and mention:
                ent = res.resolve_description(mention, head.start)
        if ent is not None:
            entities[id(ent)] = ent
            ent.last_pos = max(ent.last_pos, cand.content_spans[0][0])
        said_on, src = _said_on(doc, cand, ent, prev)
        prev.append((cand, ent, said_on, src))
        st = _statement(doc, cand, ent, mention, said_on, src, None, None)
        statements.append(st)
    actors = {id(e): e.actor() for e in entities.values()}
    by_name = {a.name: a for a in actors.values()}
    from dataclasses import replace

    fixed = tuple(replace(s, lang="ru", actor_id=by_name[s.actor_id].id if s.actor_id in by_name else None)
                  for s in statements)
    return DocResult(doc.id, fixed, tuple({a.id: a for a in actors.values()}.values()))
