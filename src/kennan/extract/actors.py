"""Speakers to canonical actors: within a document, then across documents.

Within a document: a full name is registered when first seen (with the
title or appositive the text gives it: "Russian Foreign Minister Sergey
Lavrov", "Vladimir Dzhabarov, deputy chairman of …"); a surname, pronoun or
description ("the senator", "the Russian foreign minister", "the U.S.
president-elect") resolves to the most recent compatible full mention.
Across documents: names and aliases are looked up in an :class:`ActorIndex`
built from the seed gazetteer, the user's actors file and actors already
stored, so "Lavrov", "Sergei Lavrov" and "Сергея Лаврова" are one actor.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ..records import Actor, Role
from .gazetteer import SEED
from .lexicon import OUTLET_NOUNS, PRONOUNS

COUNTRY_ADJ = {
    "russian": "Russia", "russia's": "Russia", "russia’s": "Russia", "american": "United States",
    "u.s.": "United States", "us": "United States", "chinese": "China", "ukrainian": "Ukraine",
    "north korean": "North Korea", "german": "Germany", "french": "France", "british": "United Kingdom",
    "kremlin": "Russia", "soviet": "Soviet Union", "european": None,
}
_DET = re.compile(r"^(?:the\s+|an?\s+|then-|former\s+|ex-|then\s+)+", re.I)
_TITLE_WORDS = frozenset("""president president-elect minister secretary senator chairman chairwoman deputy
first foreign prime spokesman spokeswoman ambassador envoy director head leader general mr. mrs. ms. dr.
state defense defence affairs interior finance chief press official diplomat governor mayor vice
""".split())


@functools.lru_cache(maxsize=65536)
def norm(name: str) -> str:
    """Alias key: casefolded, accents removed (ё→е), quotes/dots/extra spaces dropped."""
    s = unicodedata.normalize("NFKD", name.replace("ё", "е").replace("Ё", "Е"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("“", "").replace("”", "").replace('"', "").replace("«", "").replace("»", "")
    s = re.sub(r"^(the)\s+", "", s.strip(), flags=re.I)
    return re.sub(r"\s+", " ", s).strip(" ,.").casefold()


_RU_ENDINGS = ("ого", "ему", "ым", "ом", "ой", "ей", "ую", "а", "у", "е", "ы", "я", "ю")


def ru_base_forms(word: str) -> set[str]:
    """Likely nominative forms of a Russian name in an oblique case (Лаврова → Лавров)."""
    out = {word}
    low = word.casefold()
    for end in _RU_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 3:
            stem = word[: len(word) - len(end)]
            out.add(stem)
            out.add(stem + "а")
            out.add(stem + "й")
            out.add(stem[:-1] + "ий" if stem.endswith("и") else stem + "ий")
    return out


@dataclass
class IndexEntry:
    actor: Actor
    descriptors: tuple[str, ...] = ()


class ActorIndex:
    """Alias → actor lookup built from the seed, a user's file and the store."""

    def __init__(self, actors: list[tuple[Actor, tuple[str, ...]]] | None = None, *, seed: bool = True) -> None:
        self.by_alias: dict[str, IndexEntry] = {}
        self.by_surname: dict[str, list[IndexEntry]] = {}
        self.by_descriptor: dict[str, list[IndexEntry]] = {}
        self.entries: dict[str, IndexEntry] = {}
        if seed:
            for s in SEED:
                a = Actor(id=Actor.make_id(s.name, s.kind), name=s.name, kind=s.kind, aliases=s.aliases,
                          roles=tuple(Role(*r) for r in s.roles), country=s.country, source="seed")
                self.add(a, s.descriptors)
        for a, desc in actors or ():
            self.add(a, desc)

    def add(self, actor: Actor, descriptors: tuple[str, ...] = ()) -> None:
        """Add or override an actor (later additions win on shared aliases)."""
        old = self.entries.get(actor.id)
        if old is not None:
            merged = tuple(dict.fromkeys(old.actor.aliases + actor.aliases))
            roles = tuple(dict.fromkeys(old.actor.roles + actor.roles))
            actor = Actor(actor.id, actor.name, actor.kind, merged, roles, actor.country or old.actor.country,
                          actor.source if actor.source == "user" else old.actor.source)
            descriptors = tuple(dict.fromkeys(old.descriptors + descriptors))
        e = IndexEntry(actor, descriptors)
        self.entries[actor.id] = e
        for alias in (actor.name, *actor.aliases):
            self.by_alias[norm(alias)] = e
            if actor.kind == "person":
                last = norm(alias).split(" ")[-1]
                lst = self.by_surname.setdefault(last, [])
                if e not in lst:
                    lst.append(e)
        for d in descriptors:
            lst = self.by_descriptor.setdefault(norm(d), [])
            if e not in lst:
                lst.append(e)

    def lookup(self, name: str) -> IndexEntry | None:
        """Exact alias match (also Russian oblique forms), else None."""
        key = norm(name)
        e = self.by_alias.get(key)
        if e is not None:
            return e
        if re.search("[а-яА-Я]", name):
            words = name.split()
            forms = [ru_base_forms(w) for w in words]
            if len(words) <= 3:
                import itertools
                for combo in itertools.product(*forms):
                    e = self.by_alias.get(norm(" ".join(combo)))
                    if e is not None:
                        return e
        return None

    def surname(self, word: str) -> IndexEntry | None:
        cands = self.by_surname.get(norm(word), [])
        if not cands and re.search("[а-яА-Я]", word):
            for f in ru_base_forms(word):
                cands = self.by_surname.get(norm(f), [])
                if cands:
                    break
        return cands[0] if len(cands) == 1 else None

    def descriptor(self, text: str) -> list[IndexEntry]:
        return self.by_descriptor.get(norm(text), [])


@dataclass
class Entity:
    """One actor as one document knows it."""

    name: str
    kind: str
    entry: IndexEntry | None = None
    roles: list[Role] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    last_pos: int = -1  # char offset of the latest antecedent mention; -1: never one

    def actor(self) -> Actor:
        if self.entry is not None:
            base = self.entry.actor
            roles = tuple(dict.fromkeys(base.roles + tuple(self.roles)))
            aliases = tuple(dict.fromkeys(base.aliases + tuple(sorted(self.aliases - {base.name}))))
            return Actor(base.id, base.name, base.kind, aliases, roles, base.country, base.source)
        aliases = tuple(sorted(self.aliases - {self.name}))
        country = next((r.country for r in self.roles if r.country), None)
        return Actor(Actor.make_id(self.name, self.kind), self.name, self.kind, aliases, tuple(self.roles),
                     country, "extracted")


def parse_role(text: str) -> Role | None:
    """A role phrase to (title, organisation, country): "deputy chairman of the X Committee"."""
    t = _DET.sub("", text.strip(" ,.")).strip()
    if not t or len(t) > 160:
        return None
    org = None
    m = re.match(r"(.+?)\s+(?:of|at|for)\s+(?:the\s+)?(.+)$", t)
    title = t
    if m and len(m.group(2).split()) == 1 and m.group(2).casefold() in (
            "state", "defense", "defence", "commerce", "treasury", "energy", "agriculture", "labor", "justice"):
        m = None  # "Secretary of State" is one title
    if m is not None:
        title, org = m.group(1), m.group(2)
    country = None
    low = t.casefold()
    for adj, c in COUNTRY_ADJ.items():
        if re.search(r"(?<![\w.])" + re.escape(adj) + r"(?![\w])", low):
            country = c
            break
    # "Russian Foreign Minister": the country adjective is not part of the title
    words = title.split()
    while words and words[0].casefold() in COUNTRY_ADJ:
        words = words[1:]
    title = " ".join(words) or title
    return Role(title=title, organisation=org, country=country)


class DocResolver:
    """Resolves speaker mentions within one document."""

    def __init__(self, index: ActorIndex, outlet: str | None = None) -> None:
        self.index = index
        self.entities: list[Entity] = []
        self._by_key: dict[str, Entity] = {}  # normalized name/alias -> entity of this document
        self.outlet = outlet

    def _find(self, name: str) -> Entity | None:
        return self._by_key.get(norm(name))

    def register(self, name: str, kind: str, pos: int, role_text: str | None = None, *,
                 touch: bool = True) -> Entity:
        """A full mention: link to the index or to a surname seen earlier; keep its role.

        ``touch`` False records the mention without making it the latest antecedent
        for pronouns (a possessive such as "Nixon's 1972 opening" is not who "he" is).
        """
        name = name.strip(" ,.")
        ent = self._find(name)
        if ent is None:
            entry = self.index.lookup(name)
            if entry is not None:
                ent = next((e for e in self.entities if e.entry is entry), None)
            if ent is None and kind == "person":
                # a full name or a bare surname ("MR. CALDWELL") is a person this document named earlier
                last = name.split()[-1]
                ent = next((e for e in reversed(self.entities) if e.kind == "person"
                            and norm(e.name).split(" ")[-1] == norm(last)), None)
                if ent is None and " " in name:
                    entry = entry or self.index.lookup(last)
                    if entry is not None and entry.actor.kind != "person":
                        entry = None
            if ent is None:
                if entry is not None:
                    kind = entry.actor.kind
                ent = Entity(name=entry.actor.name if entry else name, kind=kind, entry=entry)
                self.entities.append(ent)
        ent.aliases.add(name)
        self._by_key.setdefault(norm(name), ent)
        self._by_key.setdefault(norm(ent.name), ent)
        if touch:
            ent.last_pos = max(ent.last_pos, pos)
        if role_text:
            r = parse_role(role_text)
            known = {x.title.casefold() for x in ent.roles}
            if ent.entry is not None:
                known |= {x.title.casefold() for x in ent.entry.actor.roles
                          if r is not None and (x.organisation or "") == (r.organisation or "") or
                          r is not None and r.organisation is None}
            if r is not None and r not in ent.roles and r.title.casefold() not in known:
                ent.roles.append(r)
                ent.descriptions.append(norm(role_text))
                if r.title:
                    ent.descriptions.append(norm(r.title))
        return ent

    def resolve_pronoun(self, word: str, pos: int) -> Entity | None:
        w = word.casefold()
        kinds = {"he": ("person",), "she": ("person",), "him": ("person",), "her": ("person",),
                 "it": ("organisation", "outlet", "country"), "they": ("organisation", "bloc", "country")}.get(w)
        if kinds is None:
            return None
        cands = [e for e in self.entities if e.kind in kinds and e.last_pos <= pos]
        if not cands:
            return None
        return max(cands, key=lambda e: e.last_pos)

    def resolve_description(self, text: str, pos: int) -> Entity | None:
        """'the senator', 'the Russian foreign minister', 'the pro-Kremlin daily' → an earlier entity."""
        key = norm(_DET.sub("", text))
        head = key.split(" ")[-1] if key else ""
        best = None
        for e in self.entities:
            if e.last_pos > pos:
                continue
            descs = set(e.descriptions)
            if e.entry is not None:
                descs.update(norm(d) for d in e.entry.descriptors)
            if key in descs or any(d.endswith(" " + key) or key.endswith(" " + d) or
                                   (re.search("[а-я]", key) and d.split(" ")[0] == key) for d in descs if d):
                if best is None or e.last_pos > best.last_pos:
                    best = e
        if best is not None:
            return best
        seeds = self.index.descriptor(key)
        if len(seeds) == 1:
            return self.register(seeds[0].actor.name, seeds[0].actor.kind, pos)
        if head in OUTLET_NOUNS:
            outs = [e for e in self.entities if e.kind == "outlet" and e.last_pos <= pos]
            if outs:
                return max(outs, key=lambda e: e.last_pos)
            if self.outlet and head in ("newspaper", "daily", "paper", "outlet", "agency"):
                return self.register(self.outlet, "outlet", pos)
        return None

    def mention(self, text: str, pos: int, *, ner: str | None, is_name: bool, head_text: str | None = None,
                role_text: str | None = None, touch: bool = True) -> Entity | None:
        """Resolve a speaker mention; full names register, others look back (``touch``: see :meth:`register`)."""
        clean = text.strip(" ,.")
        if clean.casefold() in PRONOUNS:
            return self.resolve_pronoun(clean, pos)
        if is_name:
            entry = self.index.lookup(clean)
            kind = entry.actor.kind if entry else {"PERSON": "person", "ORG": "organisation", "GPE": "country",
                                                   "NORP": "bloc", "PER": "person", "LOC": "country"}.get(ner or "", "person")
            if entry is None and " " not in clean and kind == "person":
                earlier = next((e for e in reversed(self.entities) if e.kind == "person"
                                and norm(e.name).split(" ")[-1] == norm(clean)), None)
                if earlier is not None:
                    if touch:
                        earlier.last_pos = pos
                    earlier.aliases.add(clean)
                    return earlier
                sur = self.index.surname(clean)
                if sur is not None:
                    return self.register(sur.actor.name, "person", pos, role_text, touch=touch)
            return self.register(clean, kind, pos, role_text, touch=touch)
        ent = self.resolve_description(clean, pos)
        if ent is not None:
            ent.last_pos = pos
            return ent
        entry = self.index.lookup(clean)
        if entry is not None:
            return self.register(entry.actor.name, entry.actor.kind, pos)
        return None
