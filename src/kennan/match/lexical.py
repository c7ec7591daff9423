"""Lexical retrieval: BM25 over SQLite FTS5.

The store indexes statement content in an FTS5 table (see
``store/_sqlite_match.py``); benches and small in-memory collections use
:class:`kennan.store.TextIndex`, the same FTS5 tokenizer and ranking in a
throwaway SQLite database, so a bench measures what users get.

Queries are bags of words: a statement retold in other words shares only some
of them, so terms are OR-ed (an AND query would miss most retellings) and BM25
ranks by how many and how rare. Stopwords are dropped, since in an OR query
"the" would match every row and make a large index slow.

An OR query costs about as much as the posting lists of its terms, so
:func:`pruned_query` keeps the rarest terms within a postings budget
(:data:`POSTINGS_CAP`): the lexical channel's cost is then bounded whatever the
store's size (document frequencies from the FTS5 vocabulary, sampled 1 in 64
on large stores).
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


#: Postings budget of one lexical query. An OR query costs about as much as the summed
#: posting lists of its terms (FTS5 scores every matching row before it sorts), so the
#: rarest terms are kept while their summed document frequency stays within this budget,
#: and the rest (frequent, low-idf words that add little to BM25) are dropped. The cost of
#: a query is then bounded whatever the store's size. Chosen for speed, not tuned on
#: accuracy (bench/retrieval.py reports what it costs on CheckThat!).
POSTINGS_CAP = 5_000
#: Past this many statements, document frequencies come from the 1-in-64 sample index
#: (exact counts read whole posting lists, which is what the budget is meant to avoid).
LARGE_STORE = 50_000


def capped_terms(terms: list[str], df: dict[str, int], cap: int = POSTINGS_CAP) -> list[str]:
    """``terms`` (their order kept) without the frequent ones: rarest first while the summed
    document frequency stays within ``cap``. A term whose own frequency passes ``cap`` is
    never kept (it cannot rank 100 rows out of that many)."""
    keep: set[str] = set()
    total = 0
    for t in sorted(terms, key=lambda t: (df.get(t, 0), -len(t), t)):
        d = df.get(t, 0)
        if total + d > cap:
            break
        keep.add(t)
        total += d
    return [t for t in terms if t in keep]


def pruned_query(text: str, size: int, doc_freq, *, cap: int | None = POSTINGS_CAP) -> str:
    """The OR query for ``text`` within the postings budget ``cap`` (``None``: no budget).

    ``size`` is (an upper bound on) the number of indexed statements;
    ``doc_freq(words) -> {word: documents}`` gives document frequencies (the
    store's FTS5 vocabulary, sampled on large stores). Stores too small to
    exceed the budget skip the look-up.
    """
    terms = query_terms(text)
    if cap is not None and terms and size * len(terms) > cap:
        terms = capped_terms(terms, doc_freq(terms), cap)
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
