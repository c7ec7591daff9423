"""Score one side of a hop on its own, in its own language (the *decompose* step).

:func:`decompose` puts a text on each scale the comparison needs: certainty
level with its cue words, qualifiers, intent/framing markers, key acts, agentless
passives, stance polarity, quotations and negations. Nothing here looks at the
other side: a Russian retelling is scored with the Russian lexicons, an English
source with the English ones.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .types import Cue, SideScale

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")

# Quotations of every convention: “…”, "…", «…», „…“, and '…' where it cannot be an apostrophe.
_QUOTES = re.compile(
    r"“([^”]{2,})”|\"([^\"]{2,})\"|«([^»]{2,})»|„([^“”]{2,})[“”]|(?<![\w’'])'([^']{3,})'(?![\w])"
)
_QUESTION_START = {
    "en": re.compile(r"^\s*(?:is|are|was|were|will|would|could|can|should|do|does|did|has|have|whether|"
                     r"why|what|how|who|when|where)\b", re.IGNORECASE),
    "ru": re.compile(r"^\s*(?:ли|почему|что|как|кто|когда|где|зачем|неужели|разве)\b|\s\w+\s+ли\b",
                     re.IGNORECASE),
}


def detect_lang(text: str) -> str:
    """``"ru"`` when Cyrillic letters dominate ``text``, else ``"en"``."""
    cy = len(_CYRILLIC.findall(text))
    la = len(_LATIN.findall(text))
    return "ru" if cy > la else "en"


def _cues(family: str, kind: str, text: str, lang: str, offset: int) -> list[Cue]:
    return [Cue(text[s:e], (s + offset, e + offset), kind, entry.concept, entry.value, entry.detail)
            for entry, s, e in lx.find(family, text, lang)]


def _is_question(text: str, lang: str) -> bool:
    t = text.strip().rstrip("\"'”»)")
    if t.endswith("?"):
        return True
    return bool(lang in _QUESTION_START and _QUESTION_START[lang].search(t) and t.endswith("?"))


def _reporting_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Where reporting verbs ("he said that ...") sit in ``text``: their words are not the claim's certainty."""
    return [m.span() for m in lx.REPORTING.get(lang, lx.REPORTING["en"]).finditer(text)]


def quotes_in(text: str, offset: int = 0) -> list[Cue]:
    """The quoted passages of ``text`` as cues (span = the words inside the marks)."""
    out = []
    for m in _QUOTES.finditer(text):
        g = next(i for i in range(1, 6) if m.group(i) is not None)
        s, e = m.span(g)
        out.append(Cue(text[s:e], (s + offset, e + offset), "quote", "quote"))
    return out


def decompose(text: str, *, lang: str | None = None, offset: int = 0, is_question: bool | None = None
              ) -> SideScale:
    """Score ``text`` on its own: certainty, qualifiers, intent, acts, passives, stance, quotes.

    ``lang`` (``"en"``/``"ru"``) is detected from the script when None.
    ``offset`` is added to every span so spans point into the stored document
    text. ``is_question`` overrides question detection (an extractor may know
    that the statement was asked, not said). Results are cached (the record is
    frozen), so a statement that takes part in many hops is scored once.
    """
    return _decompose(text, lang, offset, is_question)


@lru_cache(maxsize=8192)
def _decompose(text: str, lang: str | None, offset: int, is_question: bool | None) -> SideScale:
    lang = (lang or detect_lang(text)).lower()[:2]
    if lang not in ("en", "ru"):
        lang = detect_lang(text)
    question = _is_question(text, lang) if is_question is None else bool(is_question)
    reporting = _reporting_spans(text, lang)
    cert = [c for c in _cues("certainty", "certainty", text, lang, offset)
            if c.concept != "DESIRE" and not any(a < c.span[1] - offset and c.span[0] - offset < b
                                                 for a, b in reporting)]
    hedges = [c for c in cert if c.value < 4]
    if question:
        level, cues = 0, tuple(cert)
    elif hedges:
        level = int(min(c.value for c in hedges))
        cues = tuple(c for c in hedges if c.value == level) + tuple(c for c in hedges if c.value != level)
    else:
        level, cues = 4, tuple(cert)
    stance_cues = _cues("stance", "stance", text, lang, offset)
    pos = sum(1 for c in stance_cues if c.value > 0)
    neg = sum(1 for c in stance_cues if c.value < 0)
    stance = (pos - neg) / (pos + neg + 1)
    return SideScale(
        lang=lang, text=text, offset=offset,
        certainty_level=level, certainty_cues=cues,
        qualifiers=tuple(_cues("qualifier", "qualifier", text, lang, offset)),
        intents=tuple(_cues("intent", "intent", text, lang, offset)),
        acts=tuple(_cues("act", "act", text, lang, offset)),
        passives=tuple(_agentless(text, lang, offset)),
        stance=stance, stance_cues=tuple(stance_cues),
        quotes=tuple(quotes_in(text, offset)),
        negations=tuple(_cues("negation", "negation", text, lang, offset)),
        is_question=question,
    )


_BY_AGENT = {"en": re.compile(r"^\W*(?:\w+\W+){0,6}?by\s+(?:the\s+)?\w", re.IGNORECASE),
             "ru": re.compile(r"^\W*(?:\w+\W+){0,4}?со стороны\s+\w", re.IGNORECASE)}
_RU_SUBJECT_PRONOUN = re.compile(r"\b(?:мы|они|вы|я|он|она|все)\b", re.IGNORECASE)
_RU_PREPOSITIONS = {"в", "во", "на", "из", "с", "со", "к", "ко", "по", "о", "об", "у", "за", "от", "для", "при"}
# Russian oblique-case endings (-ю/-у/-ого/-ому/-ой/-ым ...): a name so declined is an object, not the subject.
_RU_OBLIQUE = re.compile(r"(?:ю|у|ого|его|ому|ему|ой|ей|ым|им)$")
_CLAUSE_BREAK = re.compile(r"[.;:!?,—–]|\bи\b|\band\b|\bbut\b|\bно\b")


def _clause_before(text: str, s: int) -> str:
    head = text[:s]
    parts = _CLAUSE_BREAK.split(head)
    return parts[-1] if parts else head


def _agentless(text: str, lang: str, offset: int) -> list[Cue]:
    """Agentless passives and (Russian) subjectless 3rd-plural acts: who acted is not said."""
    out = []
    for entry, s, e in lx.find("passive", text, lang):
        after = text[e:e + 80]
        if _BY_AGENT.get(lang, _BY_AGENT["en"]).search(after):
            continue
        if entry.concept == "indef3pl":
            before = _clause_before(text, s)
            if _RU_SUBJECT_PRONOUN.search(before):
                continue
            words = re.findall(r"[\w-]+", before)
            explicit = False
            for i, w in enumerate(words):
                prev = words[i - 1].lower() if i else ""
                if prev in _RU_PREPOSITIONS:
                    continue
                # A capitalized name not in an oblique case ending (-ю/-у/-ого/-ому/-ой) reads as the subject.
                if w[:1].isupper() and not _RU_OBLIQUE.search(w.lower()):
                    explicit = True
            if explicit:
                continue
            after_words = re.findall(r"[\w-]+", text[e:e + 40])
            if after_words and after_words[0][:1].isupper() and lx.actor_id(after_words[0]) and \
                    not re.search(r"(?:ю|у|ого|его|ому|ему|ой|ей)$", after_words[0].lower()):
                continue  # inverted subject: "Россию пригласили США"
        out.append(Cue(text[s:e], (s + offset, e + offset), "passive", _act_concept(text[s:e], lang),
                       detail=entry.concept))
    return out


def _act_concept(phrase: str, lang: str) -> str:
    for entry, _s, _e in lx.find("act", phrase, lang):
        return entry.concept
    return "ACT"


def act_subject(side: SideScale, act: Cue) -> str | None:
    """The actor id of the explicit subject of ``act`` on ``side``, or None.

    Looks back over the clause before the act verb (skipping auxiliaries,
    adverbs, "want(s) to") for a known actor name or a pronoun.
    """
    s = act.span[0] - side.offset
    before = _clause_before(side.text, s)
    words = re.findall(r"[\w.'’-]+", before)
    # Infinitives ("invited Moscow to join", "пригласили присоединиться") have no subject of their own.
    if (words and words[-1].lower() == "to") or (side.lang == "ru" and re.search(r"(?:ть|ться|ти)$", act.text)):
        return None
    for w in reversed(words[-6:]):
        aid = lx.actor_id(w)
        if aid:
            if side.lang == "ru" and _RU_OBLIQUE.search(w.lower()) \
                    and aid not in ("SPEAKER", "THEY"):
                return None  # the nearest actor is in an oblique case: an object, so the subject is unsaid
            return aid
    return None
