"""Lexical retrieval: BM25 over SQLite FTS5.

The store indexes statement content in an FTS5 table (see
``store/_sqlite_match.py``); benches and small in-memory collections use
:class:`kennan.store.TextIndex`, the same FTS5 tokenizer and ranking in a
throwaway SQLite database, so a bench measures what users get.

Queries are bags of words: a statement retold in other words shares only some
of them, so terms are OR-ed (an AND query would miss most retellings) and BM25
ranks by how many and how rare. Stopwords are dropped, since in an OR query
"the" would match every row and make a large index slow.
"""

from __future__ import annotations

import re

from .textnorm import clean_query

_WORD = re.compile(r"\w+", re.UNICODE)
#: Most query terms kept (the rarest-looking, i.e. longest, win ties).
MAX_TERMS = 32

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves rt amp via s t
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще
нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом
себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под
будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда
зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много
разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между
це що як та але він вона вони ми ви до від за на не так також у із з про
""".split())


def query_terms(text: str, max_terms: int = MAX_TERMS) -> list[str]:
    """The distinct, non-stopword terms of ``text`` (lower-cased), at most ``max_terms``.

    When there are more, the longest are kept (length stands in for rarity).
    """
    seen: dict[str, None] = {}
    for w in _WORD.findall(clean_query(text).lower()):
        if w in STOPWORDS or (len(w) < 2 and not w.isdigit()) or w in seen:
            continue
        seen[w] = None
    terms = list(seen)
    if len(terms) > max_terms:
        keep = set(sorted(terms, key=len, reverse=True)[:max_terms])
        terms = [t for t in terms if t in keep]
    return terms


def fts_or_query(text: str, max_terms: int = MAX_TERMS) -> str:
    """An FTS5 MATCH expression OR-ing the quoted terms of ``text`` ('' when none)."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in query_terms(text, max_terms))


#: Past this many indexed statements, frequent query terms are pruned: an OR query costs as
#: much as its terms' posting lists, and frequent words dominate that cost while adding
#: little to BM25 (low idf).
LARGE_STORE = 50_000
#: A term in more than this share of statements is dropped from the query ...
FREQUENT_SHARE = 0.01
#: ... but the query keeps at least this many of its rarest terms, and at most MAX_TERMS.
MIN_TERMS = 3


def terms_for(size: int) -> int:
    """How many query terms to keep for a store of ``size`` statements (before pruning)."""
    return MAX_TERMS


def pruned_query(text: str, size: int, doc_freq) -> str:
    """The OR query for ``text``, without frequent terms once the store is large.

    ``doc_freq(words) -> {word: documents}`` estimates document frequencies
    (the store's FTS5 vocabulary). Small stores get every term.
    """
    terms = query_terms(text)
    if size > LARGE_STORE and len(terms) > MIN_TERMS:
        df = doc_freq(terms)
        ranked = sorted(terms, key=lambda t: df.get(t, 0))
        keep = [t for t in ranked if df.get(t, 0) <= FREQUENT_SHARE * size]
        if len(keep) < MIN_TERMS:
            keep = ranked[:MIN_TERMS]
        terms = [t for t in terms if t in set(keep)]
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
