"""Cross-lingual place and bloc mentions, for the narrative entity gate.

A restatement of a claim names the same parties: "the West wants to use
Russia against China" and "Запад рассчитывает использовать Россию против
Китая" both name {West, Russia, China}; "free nations should form a coalition
against China" names only {China}. Embeddings put these close (same topic),
so narrative clustering also asks the parties to agree (see
:mod:`kennan.match.narratives`).

Forms are lower-case word prefixes, so Russian and Ukrainian case endings
match ("росси" covers Россия, России, Россию). Capitals stand for their
country ("Пекин" -> china), as news uses them.
"""

from __future__ import annotations

import re

#: canonical -> word prefixes (EN, RU, UK) and exact short forms (prefixed with "=").
PLACES: dict[str, tuple[str, ...]] = {
    "russia": ("russia", "moscow", "kremlin", "росси", "москв", "кремл", "=рф", "росі"),
    "china": ("china", "chinese", "beijing", "кита", "пекин", "=кнр"),
    "us": ("=u.s", "united states", "america", "washington", "white house", "=сша",
           "вашингтон", "америк", "белый дом", "білий дім"),
    "west": ("west", "western", "запад", "захід", "західн"),
    "ukraine": ("ukrain", "kyiv", "kiev", "украин", "киев", "україн", "київ"),
    "eu": ("=eu", "european union", "brussels", "евросоюз", "=ес", "брюссел", "євросоюз"),
    "nato": ("nato", "нато"),
    "uk": ("britain", "british", "=uk", "london", "westminster", "британ", "лондон"),
    "japan": ("japan", "tokyo", "япони", "токио", "япон"),
    "germany": ("german", "berlin", "герман", "берлин", "німеч"),
    "france": ("france", "french", "paris", "франц", "париж"),
    "india": ("india", "delhi", "=индия", "=индии", "=индию", "=индией", "індія", "індії"),
    "north_korea": ("north korea", "pyongyang", "=кндр", "пхеньян", "пхеньян"),
    "iran": ("iran", "tehran", "иран", "тегеран"),
    "australia": ("australia", "canberra", "австрали"),
    "canada": ("canada", "ottawa", "канад"),
    "turkey": ("turkey", "ankara", "турци", "анкар", "турец"),
    "israel": ("israel", "израил", "ізраїл"),
    "syria": ("syria", "damascus", "сири", "дамаск"),
    "belarus": ("belarus", "minsk", "белорус", "беларус", "минск"),
    "poland": ("poland", "polish", "warsaw", "польш", "варшав"),
}

_TOKEN = re.compile(r"[\w.]+", re.UNICODE)
# "US" must be upper case ("us" is a pronoun).
_US = re.compile(r"\bU\.?S\.?A?\b")


def _compile():
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    phrases: list[tuple[str, str]] = []
    for canon, forms in PLACES.items():
        for f in forms:
            if f.startswith("="):
                exact[f[1:]] = canon
            elif " " in f:
                phrases.append((f, canon))
            else:
                prefixes.append((f, canon))
    prefixes.sort(key=lambda p: -len(p[0]))
    return exact, prefixes, phrases


_EXACT, _PREFIXES, _PHRASES = _compile()
#: prefixes by their first two letters (every prefix has at least three), for speed
_BY2: dict[str, list[tuple[str, str]]] = {}
for _pre, _canon in _PREFIXES:
    _BY2.setdefault(_pre[:2], []).append((_pre, _canon))


def places(text: str) -> frozenset[str]:
    """Canonical places and blocs mentioned in ``text`` (any of EN/RU/UK)."""
    low = (text or "").lower()
    found = {canon for phrase, canon in _PHRASES if phrase in low}
    if _US.search(text or ""):
        found.add("us")
    for tok in _TOKEN.findall(low):
        tok = tok.strip(".")
        if not tok:
            continue
        if tok in _EXACT:
            found.add(_EXACT[tok])
            continue
        for pre, canon in _BY2.get(tok[:2], ()):
            if tok.startswith(pre):
                found.add(canon)
                break
    return frozenset(found)


def agreement(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Jaccard overlap of two place sets; ``None`` when either names no place."""
    if not a or not b:
        return None
    return len(a & b) / len(a | b)
