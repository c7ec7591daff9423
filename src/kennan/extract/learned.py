"""Optional learned span tagger (CRF) stacked on the rules, loaded from a user-built model file.

kennan ships no trained weights: the only attribution gold at hand (PolNeAR) carries no licence and
is for evaluation only, so a model derived from it may be built by the user
(``python bench/train_attribution.py``) and loaded from a path, never distributed. Without a model
file the rules alone run (:mod:`.english`).

The tagger labels spaCy tokens with BIO tags for source, cue and content. Its features are the
token's word shape, part of speech and dependency, the dependency path to the nearest cue verb,
quotation state, and — stacking — the label the rules gave the token, so the CRF learns where the
rules are right and extends them where they miss (PolNeAR's broad notion of attribution covers
beliefs, plans and nominal cues the rules leave alone).
"""

from __future__ import annotations

from dataclasses import dataclass

from .english import EnglishRules
from .lexicon import CUE_VERBS
from .quotes import find_quotes


ROLES = ("source", "cue", "content")


@dataclass(frozen=True, slots=True)


class TaggedSpan:
    role: str
    start: int  # char offsets into the parsed text
    end: int


def rule_labels(sdoc) -> list[str]:
    """BIO labels from the rules for each token of ``sdoc`` (stacking feature)."""
    labels = ["O"] * len(sdoc)
    rules = EnglishRules(sdoc, find_quotes(sdoc.text))
    for c in rules.run():
        if c.kind == "floating":
            continue
        spans = [("content", a, b) for a, b in c.content_spans]
        if c.cue_span:
            spans.append(("cue", *c.cue_span))
        if c.speaker_span:
            spans.append(("source", *c.speaker_span))
        mark_bio(labels, sdoc, spans)
    return labels


def mark_bio(labels: list[str], sdoc, spans) -> list[str]:
    """Write ``B-role``/``I-role`` into ``labels`` for each ``(role, start, end)`` char span of ``sdoc``.

    Tokens already labelled keep their label (the first span wins).
    """
    for role, a, b in spans:
        sp = sdoc.char_span(a, b, alignment_mode="expand")
        if sp is None:
            continue
        for k, t in enumerate(sp):
            if labels[t.i] == "O":
                labels[t.i] = ("B-" if k == 0 else "I-") + role
    return labels


def _quote_state(sdoc) -> list[int]:
    state = [0] * len(sdoc)
    qs = find_quotes(sdoc.text)
    for q in qs:
        sp = sdoc.char_span(q.start, q.end, alignment_mode="expand")
        if sp is not None:
            for t in sp:
                state[t.i] = 1
    return state


def _cue_relation(t) -> str:
    """How ``t`` hangs from the nearest cue-verb ancestor: 'subj', 'comp', 'other' or 'none'."""
    prev = t
    for a in t.ancestors:
        if a.lemma_.lower() in CUE_VERBS and a.pos_ == "VERB":
            d = prev.dep_
            if d in ("nsubj", "nsubjpass", "agent"):
                return "subj"
            if d in ("ccomp", "xcomp", "dobj", "parataxis", "prep", "advcl"):
                return "comp:" + d
            return "other"
        prev = a
    return "none"


def features(sdoc, rules: list[str] | None = None) -> list[list[str]]:
    """Feature strings per token (crfsuite's item format)."""
    rules = rules if rules is not None else rule_labels(sdoc)
    quote = _quote_state(sdoc)
    toks = list(sdoc)
    base = []
    for t in toks:
        lemma = t.lemma_.lower()
        f = [
            "b", "w=" + t.lower_, "s3=" + t.lower_[-3:], "p=" + t.pos_, "t=" + t.tag_, "d=" + t.dep_,
            "e=" + (t.ent_type_ or "-"), "hl=" + t.head.lemma_.lower(), "hp=" + t.head.pos_, "hd=" + t.head.dep_,
            "cue=" + str(lemma in CUE_VERBS and t.pos_ == "VERB"), "hcue=" + str(t.head.lemma_.lower() in CUE_VERBS),
            "q=" + str(quote[t.i]), "r=" + rules[t.i], "rel=" + _cue_relation(t),
            "shape=" + ("X" if t.is_title else "A" if t.is_upper else "p" if t.is_punct else "x"),
            "ss=" + str(t.is_sent_start),
        ]
        if lemma in CUE_VERBS:
            f.append("cl=" + lemma)
        base.append(f)
    out = []
    for i, f in enumerate(base):
        g = list(f)
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(toks):
                tj = toks[j]
                g.extend((f"{off}w=" + tj.lower_, f"{off}p=" + tj.pos_, f"{off}r=" + rules[j],
                          f"{off}d=" + tj.dep_))
            else:
                g.append(f"{off}pad")
        out.append(g)
    return out


#: nouns and other non-verbs that PolNeAR marks as cues ("according to", "statement", ":")
NOMINAL_CUES = frozenset({"according", "statement", "remark", "comment", "claim", "accusation", "warning",
                          "report", "announcement", "interview", "speech", "view", "opinion", "belief",
                          "argument", "assertion", "allegation", "promise", "pledge", "call", "criticism",
                          "suggestion", "testimony", "message", "letter", "tweet", "poll", "survey",
                          "study", "data", "show", "find", "suggest", "appear", "seem", "quote",
                          "source", "plan", "want", "hope", "fear", "see", "expect", "believe"})
FEATURE_VERSIONS = (1, 2)


def _shape(w: str) -> str:
    out = []
    for ch in w[:6]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _quote_side(sdoc) -> list[str]:
    """Per token: inside a quote ('in'), before its opening mark ('pre'), after its closing ('post'), '-'."""
    side = ["-"] * len(sdoc)
    for q in find_quotes(sdoc.text):
        sp = sdoc.char_span(q.start, q.end, alignment_mode="expand")
        if sp is None:
            continue
        for t in sp:
            side[t.i] = "in"
        for j in range(max(0, sp.start - 3), sp.start):
            if side[j] == "-":
                side[j] = "pre"
        for j in range(sp.end, min(len(sdoc), sp.end + 3)):
            if side[j] == "-":
                side[j] = "post"
    return side


def _is_cue(t) -> bool:
    return t.lemma_.lower() in CUE_VERBS and t.pos_ in ("VERB", "AUX")


def features_v2(sdoc, rules: list[str] | None = None) -> list[list[str]]:
    """Version-2 features: v1 plus wider windows (±3), lemma and shape n-grams, cue-lexicon membership
    of nouns, the head's head, distance and direction to the sentence's nearest cue verb, quote side,
    position in the sentence and side of the sentence's root."""
    base = features(sdoc, rules)
    rules = rules if rules is not None else rule_labels(sdoc)
    side = _quote_side(sdoc)
    toks = list(sdoc)
    n = len(toks)
    sent_of = [0] * n
    sents = list(sdoc.sents)
    for si, s in enumerate(sents):
        for t in s:
            sent_of[t.i] = si
    cues = [t.i for t in toks if _is_cue(t)]
    lem = [t.lemma_.lower() for t in toks]
    out = []
    for i, t in enumerate(toks):
        g = base[i]
        s = sents[sent_of[i]]
        scues = [c for c in cues if s.start <= c < s.end]
        if scues:
            c = min(scues, key=lambda c: abs(c - i))
            d = i - c
            g.append("cd=" + ("0" if d == 0 else ("-" if d < 0 else "+") + str(min(abs(d), 6) if abs(d) < 6 else
                                                                                ">6" if abs(d) < 15 else ">15")))
            g.append("cl2=" + lem[c])
        else:
            g.append("cd=none")
        root = s.root
        g.extend(("l=" + lem[i], "sh=" + _shape(t.text), "p3=" + t.lower_[:3], "qs=" + side[i],
                  "hh=" + t.head.head.lemma_.lower(), "hhd=" + t.head.head.dep_,
                  "rootside=" + ("root" if t.i == root.i else "L" if t.i < root.i else "R"),
                  "rootcue=" + str(_is_cue(root)), "nc=" + str(lem[i] in NOMINAL_CUES),
                  "spos=" + ("0" if i == s.start else "1" if i == s.start + 1 else "E" if i == s.end - 1 else
                             "e" if i >= s.end - 3 else "m"),
                  "nl=" + str(len(list(t.lefts))) + "/" + str(min(3, len(list(t.rights)))),
                  "sub=" + str(min(t.right_edge.i - t.left_edge.i, 20) // 5)))
        for off in (-3, 3):
            j = i + off
            if 0 <= j < n:
                g.extend((f"{off}w=" + toks[j].lower_, f"{off}r=" + rules[j], f"{off}p=" + toks[j].pos_))
        for off in (-1, 1):
            j = i + off
            if 0 <= j < n:
                g.extend((f"{off}l=" + lem[j], f"{off}qs=" + side[j], f"{off}t=" + toks[j].tag_))
        if i > 0:
            g.append("bg-=" + lem[i - 1] + "|" + lem[i])
        if i + 1 < n:
            g.append("bg+=" + lem[i] + "|" + lem[i + 1])
        g.append("rr=" + (rules[i - 1] if i else "^") + "|" + rules[i] + "|" + (rules[i + 1] if i + 1 < n else "$"))
        out.append(g)
    return out


def features_for(version: int):
    """The feature function of feature-set ``version`` (1 or 2)."""
    return features_v2 if version == 2 else features


def decode(sdoc, tags: list[str]) -> list[TaggedSpan]:
    """BIO tags over ``sdoc`` tokens to character spans."""
    out, cur = [], None
    for i, tag in enumerate(list(tags) + ["O"]):
        role = tag[2:] if tag != "O" else None
        if cur and (tag == "O" or tag.startswith("B-") or role != cur[0]):
            a, b = cur[1], i - 1
            out.append(TaggedSpan(cur[0], sdoc[a].idx, sdoc[b].idx + len(sdoc[b])))
            cur = None
        if tag != "O" and cur is None:
            cur = (role, i)
    return out


class CRFTagger:
    """A python-crfsuite model file, applied to parsed documents."""

    def __init__(self, path: str) -> None:
        try:
            import pycrfsuite
        except ImportError as exc:
            from ..errors import ExtractError

            raise ExtractError("the CRF tagger needs python-crfsuite: pip install 'kennan[learned]'",
                               code="E003") from exc
        import os

        if not os.path.isfile(path):
            from ..errors import ExtractError

            raise ExtractError(f"CRF model {path!r} not found; build it with `python bench/train_attribution.py`",
                               code="E004")
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(path)
        self.meta = _read_meta(path)
        self.features = features_for(int(self.meta.get("features", 1)))

    def tag(self, sdoc) -> list[TaggedSpan]:
        """Spans the model tags in ``sdoc`` (cue spans trimmed to their verb when the model says so)."""
        if len(sdoc) == 0:
            return []
        tags = self.tagger.tag(self.features(sdoc))
        if self.meta.get("trim_cues"):
            tags = trim_cue_tags(sdoc, tags)
        if self.meta.get("split_contents"):
            tags = split_content_tags(sdoc, tags)
        return decode(sdoc, tags)


def _read_meta(path: str) -> dict:
    """The JSON sidecar ``MODEL.json`` the trainer writes (feature version, options); {} when absent."""
    import json
    import os

    side = path + ".json"
    if not os.path.isfile(side):
        return {}
    with open(side, encoding="utf-8") as fh:
        return json.load(fh)


_CUE_TAIL_POS = frozenset({"NOUN", "PROPN", "NUM", "ADV", "ADP", "DET", "PUNCT", "ADJ", "PRON"})


def split_content_tags(sdoc, tags: list[str]) -> list[str]:
    """Split a tagged content where a new sentence starts outside quotation marks ("… out of poverty.
    Large sections of the city …" are two contents; a quote running over sentences stays one), and
    drop the sentence-final punctuation before the split."""
    tags = list(tags)
    quote = _quote_state(sdoc)
    for i in range(1, len(tags)):
        if tags[i] == "I-content" and tags[i - 1] != "O" and sdoc[i].is_sent_start and not quote[i]:
            tags[i] = "B-content"
            j = i - 1
            while j >= 0 and tags[j] == "I-content" and sdoc[j].is_punct and not quote[j]:
                tags[j] = "O"
                j -= 1
    return tags


def trim_cue_tags(sdoc, tags: list[str]) -> list[str]:
    """Cut trailing time words and punctuation off a tagged cue ("said thursday morning" -> "said")
    when the cue holds a verb: PolNeAR's cues end at the verb (or its particle)."""
    tags = list(tags)
    i, n = 0, len(tags)
    while i < n:
        if tags[i] != "B-cue":
            i += 1
            continue
        j = i + 1
        while j < n and tags[j] == "I-cue":
            j += 1
        verbs = [k for k in range(i, j) if sdoc[k].pos_ in ("VERB", "AUX")]
        if verbs:
            last = verbs[-1]
            while last + 1 < j and sdoc[last + 1].dep_ == "prt":
                last += 1
            tail = range(last + 1, j)
            if all(sdoc[k].pos_ in _CUE_TAIL_POS and (sdoc[k].ent_type_ in ("DATE", "TIME") or sdoc[k].is_punct or
                                                       sdoc[k].pos_ in ("ADP", "DET") and k + 1 < len(sdoc) and
                                                       sdoc[k + 1].ent_type_ in ("DATE", "TIME"))
                   for k in tail):
                for k in tail:
                    tags[k] = "O"
        i = j
    return tags


def crf_candidates(sdoc, tagger: CRFTagger, rules: EnglishRules, taken: list[tuple[int, int]]):
    """Statements the CRF finds where the rules found none: content + nearest cue + nearest source
    in the same sentence. Returned as :class:`~kennan.extract.english.Candidate` (confidence 0.5)."""
    from .english import Candidate

    spans = tagger.tag(sdoc)
    by_sent: dict[int, dict[str, list[TaggedSpan]]] = {}
    for sp in spans:
        tok = sdoc.char_span(sp.start, sp.end, alignment_mode="expand")
        if tok is None:
            continue
        by_sent.setdefault(rules.sent_of[tok[0].i], {}).setdefault(sp.role, []).append(sp)
    out = []
    for si, roles in sorted(by_sent.items()):
        for content in roles.get("content", []):
            if any(a < content.end and content.start < b for a, b in taken):
                continue
            cues = roles.get("cue", [])
            if not cues:
                continue
            cue = min(cues, key=lambda c: min(abs(c.start - content.end), abs(content.start - c.end)))
            srcs = roles.get("source", [])
            src = min(srcs, key=lambda s: abs(s.start - cue.start)) if srcs else None
            head = None
            if src is not None:
                sp = sdoc.char_span(src.start, src.end, alignment_mode="expand")
                head = sp.root.i if sp is not None else None
            lemma_tok = sdoc.char_span(cue.start, cue.end, alignment_mode="expand")
            lemma = lemma_tok.root.lemma_.lower() if lemma_tok is not None else None
            c_span = (content.start, content.end)
            q = rules._quote_at(*c_span)
            if q is not None and q.start == c_span[0] and q.end == c_span[1]:
                c_span = q.inner
            taken.append(c_span)
            out.append(Candidate(kind=rules._kind(*c_span), content_spans=[c_span], cue_span=(cue.start, cue.end),
                                 cue_lemma=lemma, speaker_span=(src.start, src.end) if src else None,
                                 speaker_head=head, confidence=0.5, sent_index=si,
                                 strength=CUE_VERBS.get(lemma or "", 0), method_key="extract.crf"))
    return out
