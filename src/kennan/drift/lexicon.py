"""Cue lexicons per scale, in English and Russian, and the matcher over them.

Each side of a hop is scored in its own language, so every family below has an
``en`` and a ``ru`` list. Entries map a regular expression (case-insensitive;
``(?-i:...)`` where case matters) to a language-neutral *concept* so that an
English source and a Russian retelling compare concept to concept. Russian
entries match on stems (``пригла\\w*``) because the morphology is rich and the
pymorphy2 release installed beside natasha does not import on Python 3.11.

Why these words: they are the markers officials and media use when a hedged
remark becomes a headline (see docs/drift.md). Extend the lists here; the
method name in :mod:`kennan.registry` must then be bumped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

W = r"[\w'’-]"  # a word character, apostrophes and hyphens included


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: a compiled pattern, its concept and scale value."""

    pattern: re.Pattern[str]
    concept: str
    value: float = 0.0
    detail: str = ""


def _e(rx: str, concept: str, value: float = 0.0, detail: str = "") -> Entry:
    return Entry(re.compile(rx, re.IGNORECASE), concept, value, detail)


# ---------------------------------------------------------------- certainty
# Levels: 0 question, 1 possibility, 2 probable, 3 will/must, 4 done/is.
# Order matters: longer, more specific cues first (overlaps keep the first).
CERTAINTY: dict[str, list[Entry]] = {
    "en": [
        # "would like to" states a desire, not a hedge: matched first so "would" does not fire (dropped later).
        _e(r"\bwould (?:like|love|prefer)\b", "DESIRE", 4),
        _e(r"\bthere(?:'s|’s| is| was| are| would be| might be| may be| could be)\s+(?:that|an?|some|the|this)?\s*"
           r"(?:opportunity|opportunities|possibility|chance|option|room)\b", "POSSIBLE", 1),
        _e(r"\b(?:may|might|could)(?:\s+(?:well|also|perhaps))?\b", "POSSIBLE", 1),
        _e(r"\b(?:perhaps|maybe|possibly|potentially|conceivably)\b", "POSSIBLE", 1),
        _e(r"\b(?:it is|it's|it’s|is|are)\s+(?:not\s+)?(?:possible|conceivable)\b", "POSSIBLE", 1),
        _e(r"\b(?:possible|possibility|opportunity|opportunities|prospect)\b", "POSSIBLE", 1),
        _e(r"\b(?:not|cannot|can't|can’t)\s+(?:be\s+)?rul(?:e|ed)\s+out\b", "POSSIBLE", 1),
        _e(r"\b(?:open to|would consider|willing to consider|hope(?:s|d)? (?:to|that))\b", "POSSIBLE", 1),
        _e(r"\bwhether\b", "POSSIBLE", 1),
        _e(r"\bI\s+(?:think|believe|suspect|guess|suppose|expect)\b", "BELIEF", 2),
        _e(r"\bwe\s+(?:think|believe|suspect|expect)\b", "BELIEF", 2),
        _e(r"\bin my (?:view|opinion)\b", "BELIEF", 2),
        _e(r"\b(?:likely|unlikely|probably|probable|presumably|apparently|reportedly|allegedly)\b", "PROBABLE", 2),
        _e(r"\b(?:is|are|was|were)\s+expected\s+to\b", "PROBABLE", 2),
        _e(r"\b(?:seems?|seemed|appears?|appeared)\s+to\b", "PROBABLE", 2),
        _e(r"\b(?:suggests?|indicates?)\b", "PROBABLE", 2),
        _e(r"\bwould\b", "PROBABLE", 2),
        _e(r"\b(?:will|won't|won’t|shall)\b", "WILL", 3),
        _e(r"\b(?:is|are|am)\s+going\s+to\b", "WILL", 3),
        _e(r"\b(?:promised?|promises|vowed?|vows|pledged?|pledges)\b", "WILL", 3),
        _e(r"\b(?:must|has to|have to|needs? to)\b", "MUST", 3),
        _e(r"\b(?:certainly|definitely|clearly|undoubtedly|surely|inevitably|no doubt)\b", "MUST", 3),
        _e(r"\b(?:intends?|plans?|is set|are set|has decided|have decided)\s+to\b", "WILL", 3),
        _e(r"\b(?:has|have|had)\s+(?:already\s+)?been\s+" + W + r"+(?:ed|en|wn|ght|ung)\b", "DONE", 4),
        _e(r"\b(?:was|were)\s+(?:already\s+)?(?:invited|offered|asked|urged|told|given|promised|chosen|"
           r"approached|recruited|pressured|forced|persuaded|courted|drawn|called|signed|agreed|formed|"
           r"created|launched|sealed|struck|announced|decided|approved|rejected)\b", "DONE", 4),
        _e(r"\b(?:has|have)\s+(?:already\s+)?(?:agreed|decided|signed|formed|joined|accepted|invited|offered|"
           r"proposed|launched|struck|sealed|created|built|started|begun|chosen|promised|rejected)\b", "DONE", 4),
        _e(r"\b(?:in fact|indeed|it is a fact|the fact is|already)\b", "DONE", 4),
    ],
    "ru": [
        _e(r"\bхоте\w*\s+бы\b|\bхотелось\s+бы\b", "DESIRE", 4),
        _e(r"(?:есть|существует|имеется|была бы|была|будет)\s+(?:такая\s+|эта\s+|определённая\s+|определенная\s+)?"
           r"(?:возможност\w*|шанс\w*)", "POSSIBLE", 1),
        _e(r"\bне\s+исключ\w*", "POSSIBLE", 1),
        _e(r"\b(?:возможно|вероятно,? что|пожалуй|потенциально)\b", "POSSIBLE", 1),
        _e(r"\b(?:мож(?:ет|ем|ете|ешь|но)|могут|мог(?:ла|ли|ло)?\s+бы|могли)\b", "POSSIBLE", 1),
        _e(r"\b(?:возможност\w*|шанс\w*|перспектив\w*)", "POSSIBLE", 1),
        _e(r"\b(?:надеемся|надеюсь|надеются|готовы рассмотреть|открыты\s+для)\b", "POSSIBLE", 1),
        _e(r"\b(?:я\s+)?(?:думаю|полагаю|считаю|по-моему|мне кажется|на мой взгляд)\b", "BELIEF", 2),
        _e(r"\b(?:вероятно|скорее всего|по-видимому|видимо|похоже|по всей видимости|якобы|предположительно)\b",
           "PROBABLE", 2),
        _e(r"\b(?:как\s+)?ожида\w*ся\b", "PROBABLE", 2),
        _e(r"\bбы\b", "PROBABLE", 2),  # conditional mood ("хотел бы"), as English "would"
        _e(r"\b(?:будет|будут|будем|станет|станут)\b", "WILL", 3),
        _e(r"\b(?:долж(?:ен|на|ны|но)|обязан\w*|необходимо|придётся|придется)\b", "MUST", 3),
        _e(r"\b(?:обязательно|непременно|наверняка|несомненно|безусловно|точно|неизбежно)\b", "MUST", 3),
        _e(r"\b(?:намерен\w*|собира\w*ся|планиру\w*)\b", "WILL", 3),
        _e(r"\b(?:пообеща\w*|обеща\w*|поклял\w*)", "WILL", 3),
        _e(r"\b(?:пригласи|предложи|позва|попроси|призва|пообеща|договори|подписа|согласи|отказа|объяви|"
           r"реши|создали|сформирова|заключи|уговори|вынуди|застави|втяну|склони)(?:л|ла|ло|ли)(?:сь|ся)?\b",
           "DONE", 4),
        _e(r"\b(?:приглаш[её]н\w*|предложен\w*|заключ[её]н\w*|подписан\w*|создан\w*|сформирован\w*)\b", "DONE", 4),
        _e(r"\b(?:уже|фактически|на самом деле|в действительности)\b", "DONE", 4),
    ],
}

# ---------------------------------------------------------------- qualifiers
# kind (concept): hedge, scope, quantifier, time, condition.
_SCOPE_TAIL = r"[^,.;:!?()\"“”«»]{2,60}"
QUALIFIERS: dict[str, list[Entry]] = {
    "en": [
        _e(r"\bI\s+(?:think|believe|suppose|guess)\b", "hedge"),
        _e(r"\b(?:in my view|in my opinion|to some extent|to a degree|in part|partly|sort of|kind of|"
           r"perhaps|maybe|possibly)\b", "hedge"),
        _e(r"\b(?:on|in|for)\s+(?:issues|matters|questions|areas|topics|things|fields)\s+(?:like|such as)\s+"
           + _SCOPE_TAIL, "scope"),
        _e(r"\b(?:on|in)\s+(?:issues|matters|questions|areas)\s+of\s+" + _SCOPE_TAIL, "scope"),
        _e(r"\b(?:on|in)\s+(?:certain|some|specific|limited|select|particular)\s+(?:issues|matters|questions|"
           r"areas|topics|fields)\b", "scope"),
        _e(r"\b(?:only|solely|strictly|narrowly)\s+(?:on|in|for|about|with)\s+" + _SCOPE_TAIL, "scope"),
        _e(r"\bwhere\s+(?:our|their|the two sides'|both sides')\s+interests\s+(?:align|overlap|coincide|meet)\b",
           "scope"),
        _e(r"\b(?:some|a few|several|certain|a number of|part of|a handful of|a group of)\b", "quantifier"),
        _e(r"\b(?:recently|at times|for now|currently|at this stage|for the time being|so far|occasionally|"
           r"sometimes|in the past|this week|last week)\b", "time"),
        _e(r"\b(?:if|unless|provided that|as long as|on condition that|in principle|under certain conditions)\b",
           "condition"),
    ],
    "ru": [
        _e(r"\b(?:я\s+думаю|думаю|полагаю|мне кажется|по-моему|на мой взгляд|в какой-то (?:мере|степени)|"
           r"отчасти|пожалуй|возможно)\b", "hedge"),
        _e(r"\bпо\s+(?:таким\s+)?(?:вопросам|темам|направлениям|проблемам),?\s+(?:как|таким как|вроде)\s+"
           + _SCOPE_TAIL, "scope"),
        _e(r"\bв\s+(?:таких\s+)?(?:областях|сферах|вопросах),?\s+(?:как|таких как|вроде)\s+" + _SCOPE_TAIL,
           "scope"),
        _e(r"\bв\s+(?:сфере|области)\s+" + _SCOPE_TAIL, "scope"),
        _e(r"\bпо\s+(?:некоторым|отдельным|определённым|определенным|ряду)\s+(?:вопросам|направлений|"
           r"направлениям|темам)\b", "scope"),
        _e(r"\b(?:только|лишь|исключительно)\s+(?:в|по|на|о|с)\s+" + _SCOPE_TAIL, "scope"),
        _e(r"\bтам,? где\s+(?:наши|интересы)\s+\w+", "scope"),
        _e(r"\b(?:некоторы\w+|ряд\w*|отдельны\w+|часть|несколько|кое-кто|группа)\b", "quantifier"),
        _e(r"\b(?:недавно|иногда|пока что|пока|на данном этапе|в настоящее время|сейчас|порой|до сих пор|"
           r"на этой неделе)\b", "time"),
        _e(r"\b(?:если|при условии|в принципе|при определённых условиях|при определенных условиях)\b", "condition"),
    ],
}

# Universal quantifiers: their appearance widens the scope of a claim.
UNIVERSALS: dict[str, list[Entry]] = {
    "en": [_e(r"\b(?:all|every|everyone|everything|always|never|entire|whole|any|completely|totally|"
              r"nobody|none|no one|across the board)\b", "universal")],
    "ru": [_e(r"\b(?:все|всех|всем|всеми|весь|вся|всё|всегда|никогда|любые|любой|полностью|целиком|никто|"
              r"ничего|повсюду)\b", "universal")],
}

# ---------------------------------------------------------------- intent / framing
INTENT: dict[str, list[Entry]] = {
    "en": [
        _e(r"\bagainst\s+(?:the\s+)?" + W + r"+", "AGAINST"),
        _e(r"\b(?:use|uses|used|using|exploit|exploits|exploiting|leverage|leveraging)\s+(?:the\s+)?"
           r"(?-i:[A-Z])" + W + r"+", "USE"),
        _e(r"\b(?:coalitions?|alliances?|bloc|blocs|axis|united front|camp)\b", "COALITION"),
        _e(r"\banti-" + W + r"+", "ANTI"),
        _e(r"\b(?:drive|drives|driving|drove)\s+a\s+wedge\b", "WEDGE"),
        _e(r"\b(?:pit|pits|pitting|turn|turns|turning)\s+" + W + r"+\s+against\b", "WEDGE"),
        _e(r"\b(?:contain|containing|containment|encircle|encircling|encirclement|isolate|isolating|"
           r"counterweight|counterbalance)\b", "CONTAIN"),
        _e(r"\b(?:in order to|so as to|scheme|plot|ploy|aims? to|aimed at|seeks? to|sought to|"
           r"wants? to|wanted to|trying to|tries to|tried to)\b", "AIM"),
    ],
    "ru": [
        _e(r"\bпротив\s+\w+", "AGAINST"),
        _e(r"\bиспольз\w*\s+\w+", "USE"),
        _e(r"\b(?:коалици\w*|альянс\w*|блок(?:а|е|ом|и|ов)?|единым фронтом|ось\b)", "COALITION"),
        _e(r"\bанти[а-яё]\w+|\bанти-\w+", "ANTI"),
        _e(r"\b(?:вбить|вбивать|вбивают|вбили)\s+клин\b|\b(?:рассорить|натравить|натравливать|столкнуть|"
           r"стравить)\b", "WEDGE"),
        _e(r"\b(?:сдержива\w*|сдержать|окружени\w*|изоляци\w*|изолирова\w*|противовес\w*)", "CONTAIN"),
        _e(r"\b(?:чтобы|с целью|стрем\w*ся|хот(?:ят|ел|ели|ела|ят|им)|хочет|пыта\w*ся|попыт\w*|намерен\w*)\b",
           "AIM"),
    ],
}

# ---------------------------------------------------------------- key acts (agency)
ACTS: dict[str, list[Entry]] = {
    "en": [
        _e(r"\b(?:invite|invites|invited|inviting|invitation)\b", "INVITE"),
        _e(r"\b(?:propose|proposes|proposed|proposing|proposal|offer|offers|offered|offering|suggest|"
           r"suggests|suggested)\b", "PROPOSE"),
        _e(r"\b(?:urge|urges|urged|call(?:s|ed)? on|ask(?:s|ed)?|press(?:es|ed)|pressure[sd]?)\b", "URGE"),
        _e(r"\b(?:work(?:s|ed|ing)? (?:together )?with|cooperat\w+|partner(?:s|ed)? with|engag\w+ with)\b",
           "COOPERATE"),
        _e(r"\b(?:be friends|befriend\w*|make friends|friendship)\b", "BEFRIEND"),
        _e(r"\b(?:use|uses|used|using|exploit\w*)\b", "USE"),
        _e(r"\b(?:demand|demands|demanded|insist(?:s|ed)?)\b", "DEMAND"),
        _e(r"\b(?:threaten\w*|warn(?:s|ed)?)\b", "THREATEN"),
        _e(r"\b(?:tell|tells|told|inform|informs|informed|notif(?:y|ied))\b", "TELL"),
        _e(r"\b(?:agree|agrees|agreed|sign|signs|signed|join|joins|joined)\b", "AGREE"),
    ],
    "ru": [
        _e(r"\bпригла\w+|\bприглаш\w+", "INVITE"),
        _e(r"\bпредл(?:аг|ож)\w+", "PROPOSE"),
        _e(r"\bпризва\w+|\bпризыва\w+|\b(?:по)?прос(?:ил|ят|ит|или)\w*|\bдавить\b|\bдавлени\w+", "URGE"),
        _e(r"\bсотруднича\w+|\bсотрудничеств\w*|\bработать\s+(?:вместе\s+)?с\b|\bвзаимодейств\w+", "COOPERATE"),
        _e(r"\bдружи\w*|\bдружб\w+|\bподружи\w*", "BEFRIEND"),
        _e(r"\bиспольз\w+", "USE"),
        _e(r"\bтребова\w*|\bтребу\w+|\bпотребова\w+", "DEMAND"),
        _e(r"\bугрожа\w+|\bпредупреди\w+|\bпригрози\w+", "THREATEN"),
        _e(r"\bсогласи\w+|\bподписа\w+|\bприсоедини\w+|\bдоговори\w+", "AGREE"),
        _e(r"\bпроинформирова\w*|\bуведоми\w*", "TELL"),
    ],
}

# Agentless passive of an act on someone (no "by X" after it).
PASSIVE_PARTICIPLES = (
    r"invited|offered|asked|urged|told|given|promised|chosen|selected|approached|proposed|recruited|"
    r"pressured|forced|persuaded|encouraged|courted|lured|drawn|pushed|called|summoned|granted|allowed|"
    r"instructed|ordered|suggested|used|enlisted|tapped|wooed|welcomed"
)
PASSIVES: dict[str, list[Entry]] = {
    "en": [
        _e(r"\b(?:has|have|had|is|are|was|were|will be|would be|being|get|gets|got)\s+(?:been\s+|now\s+|already\s+)?"
           r"(?:" + PASSIVE_PARTICIPLES + r")\b", "passive"),
    ],
    "ru": [
        # Russian indefinite-personal: 3rd person plural past with no subject ("Россию пригласили").
        _e(r"\b(?:пригласи|предложи|позва|попроси|призва|пообеща|уговори|склони|вынуди|застави|подтолкну|"
           r"втяну|использова|позвал|выбра|обрати)ли(?:сь)?\b", "indef3pl"),
        # Short passive participles ("Россия приглашена").
        _e(r"\b(?:приглаш[её]н[аоы]?|предложено|предложен[аы]?|призван[аы]?|выбран[аы]?)\b", "passive"),
    ],
}

# ---------------------------------------------------------------- stance
STANCE: dict[str, list[Entry]] = {
    "en": [
        _e(r"\b(?:friends?|friendly|friendship|cooperat\w*|partners?|partnership|opportunit\w*|welcome\w*|"
           r"dialogue|engage\w*|constructive|positive|support\w*|together|progress|peace\w*)\b", "positive", 1),
        _e(r"\bwork(?:s|ed|ing)? (?:together )?with\b", "positive", 1),
        _e(r"\b(?:against|hostile|hostility|threat\w*|enem(?:y|ies)|confront\w*|adversar\w*|aggress\w*|"
           r"sanction\w*|oppos\w*|attack\w*|condemn\w*|reject\w*|provocat\w*|containment|encircle\w*|"
           r"wedge|rival\w*|war|contain|contains|containing)\b", "negative", -1),
        _e(r"\banti-" + W + r"+", "negative", -1),
    ],
    "ru": [
        _e(r"\b(?:друж\w*|подружи\w*|сотруднич\w*|партн[её]р\w*|возможност\w*|диалог\w*|конструктив\w*|"
           r"поддерж\w*|вместе|приветству\w*|мир\b|мирн\w*|прогресс\w*)", "positive", 1),
        _e(r"\bработать\s+(?:вместе\s+)?с\b", "positive", 1),
        _e(r"\b(?:против|враж\w*|враг\w*|угроз\w*|противосто\w*|агресс\w*|санкци\w*|осужд\w*|осуди\w*|"
           r"провокац\w*|сдерживан\w*|клин|соперни\w*|войн\w*|отверг\w*)", "negative", -1),
        _e(r"\bанти[а-яё]\w+", "negative", -1),
    ],
}

NEGATIONS: dict[str, list[Entry]] = {
    "en": [_e(r"\b(?:not|no|never|n't|neither|nor|cannot)\b|n't\b|n’t\b", "negation")],
    # "не могут ли …" / "не … ли" asks; it does not deny
    "ru": [_e(r"\b(?:не(?!\s+[а-яё]+\s+ли\b)|нет|никогда|ни)\b", "negation")],
}

# Reporting verbs are not part of the claim's certainty ("he said that ...").
REPORTING = {
    "en": re.compile(r"\b(?:said|says|told|stated|added|noted|replied|answered|wrote|declared|claimed|"
                     r"according to)\b", re.IGNORECASE),
    "ru": re.compile(r"\b(?:заявил\w*|сказал\w*|сообщил\w*|отметил\w*|подчеркнул\w*|написал\w*|по словам)\b",
                     re.IGNORECASE),
}

# Actor names across languages: a changed subject is judged on these ids.
ACTOR_ALIASES: dict[str, tuple[str, ...]] = {
    "RUSSIA": ("russia", "moscow", "kremlin", "russian", "росси", "москв", "кремл"),
    "USA": ("us", "u.s.", "usa", "united states", "america", "washington", "americans", "сша", "америк",
            "вашингтон", "штат"),
    "CHINA": ("china", "beijing", "chinese", "китай", "китая", "пекин"),
    "WEST": ("west", "western", "запад"),
    "NATO": ("nato", "нато"),
    "EU": ("eu", "european union", "brussels", "ес", "евросоюз", "брюссел"),
    "UKRAINE": ("ukraine", "kyiv", "kiev", "украин", "киев"),
    "SPEAKER": ("i", "we", "я", "мы"),
    "THEY": ("they", "они"),
}

# Content words that carry a scope across languages (a kept scope may be restated in the other language).
SCOPE_GLOSSES: tuple[tuple[str, ...], ...] = (
    ("nonprolif", "non-prolif", "нераспростран"),
    ("arms control", "контрол", "вооружен"),
    ("terror", "террор"),
    ("trade", "торгов"),
    ("climate", "климат"),
    ("security", "безопасн"),
    ("energy", "энергет"),
    ("space", "космос", "космич"),
    ("iran", "иран"),
    ("korea", "коре"),
    ("syria", "сири"),
    ("afghan", "афган"),
    ("cyber", "кибер"),
    ("health", "здравоохр"),
    ("strategic stability", "стратегическ"),
)


_FAMILIES: dict[str, dict[str, list[Entry]]] = {
    "certainty": CERTAINTY, "qualifier": QUALIFIERS, "universal": UNIVERSALS, "intent": INTENT,
    "act": ACTS, "passive": PASSIVES, "stance": STANCE, "negation": NEGATIONS,
}


def find(family: str, text: str, lang: str) -> list[tuple[Entry, int, int]]:
    """All non-overlapping matches of a lexicon ``family`` in ``text``.

    Returns ``(entry, start, end)`` in text order; where two entries overlap,
    the one listed first in the lexicon wins (lists put specific cues first).
    ``lang`` is ``"en"`` or ``"ru"``; any other value falls back to English.
    """
    lists = _FAMILIES[family]
    entries = lists.get(lang) or lists["en"]
    taken: list[tuple[int, int]] = []
    out: list[tuple[Entry, int, int]] = []
    for entry in entries:
        for m in entry.pattern.finditer(text):
            s, e = m.span()
            if e <= s or any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            out.append((entry, s, e))
    out.sort(key=lambda t: t[1])
    return out


@lru_cache(maxsize=65_536)
def actor_id(word: str) -> str | None:
    """The language-neutral actor id of a subject word, or None when unknown."""
    w = word.casefold().strip(".,;:!?\"'«»“”")
    if not w:
        return None
    for aid, names in ACTOR_ALIASES.items():
        for n in names:
            if w == n or (len(n) >= 4 and w.startswith(n)):
                return aid
    return None


_CONTENT_WORD = re.compile(r"[\w-]{5,}")


def content_stems(text: str) -> list[str]:
    """Content-word stems of ``text`` in order: 6-letter case-folded prefixes of its words of 5+ letters."""
    return [w[:6].casefold() for w in _CONTENT_WORD.findall(text)]
