"""Word lists the rules use: cue verbs with strength, speaker nouns, settings.

Strength is an ordinal claim-strength scale used downstream by drift:
0 neutral report (said, told), 1 hedged/soft (suggested, hinted, believed),
2 assertive (claimed, insisted, emphasized, confirmed), 3 charged
(accused, warned, proclaimed, threatened). Why a lemma list and not a
classifier: cue verbs are a small closed class in news prose, and a list is
auditable; PolNeAR's cue annotations are >80% covered by these lemmas.
"""

from __future__ import annotations

CUE_VERBS: dict[str, int] = {
    # neutral
    "say": 0, "tell": 0, "state": 0, "add": 0, "note": 0, "explain": 0, "write": 0, "report": 0,
    "comment": 0, "remark": 0, "mention": 0, "observe": 0, "reply": 0, "respond": 0, "answer": 0,
    "recall": 0, "describe": 0, "publish": 0, "tweet": 0, "post": 0, "quote": 0, "cite": 0,
    "testify": 0, "continue": 0, "conclude": 0, "point": 0, "announce": 1, "reveal": 0, "disclose": 0,
    "ask": 0, "wonder": 0, "inform": 0, "share": 0, "recount": 0, "acknowledge": 1, "admit": 1,
    "concede": 1, "agree": 1, "echo": 1, "repeat": 0, "reiterate": 1, "read": 0, "list": 0,
    # hedged / soft
    "suggest": 1, "hint": 1, "imply": 1, "believe": 1, "think": 1, "feel": 1, "hope": 1, "expect": 1,
    "indicate": 1, "signal": 1, "speculate": 1, "predict": 2, "estimate": 1, "guess": 1, "fear": 2,
    "worry": 1, "doubt": 1, "question": 1, "want": 1, "wish": 1, "plan": 1, "intend": 1, "praise": 1,
    "joke": 1, "quip": 1, "argue": 2, "know": 1, "recognize": 1, "learn": 0,
    # assertive
    "claim": 2, "assert": 2, "insist": 2, "contend": 2, "maintain": 2, "declare": 2, "emphasize": 2,
    "emphasise": 2, "stress": 2, "underline": 2, "underscore": 2, "confirm": 2, "deny": 2,
    "reject": 2, "dismiss": 2, "allege": 2, "complain": 2, "tout": 2, "boast": 2, "promise": 2,
    "pledge": 2, "urge": 2, "call": 2, "demand": 3, "vow": 3, "affirm": 2, "assure": 2,
    "counter": 2, "rebut": 2, "refute": 2, "dispute": 2, "criticize": 3, "criticise": 3,
    # charged
    "accuse": 3, "charge": 3, "warn": 3, "threaten": 3, "proclaim": 3, "blast": 3, "slam": 3,
    "condemn": 3, "denounce": 3, "attack": 3, "lambaste": 3, "decry": 3, "scold": 3, "brand": 3,
}

#: cue lemmas whose direct object is the content when there is no clause
DOBJ_CONTENT = frozenset({
    "echo", "deny", "confirm", "proclaim", "reject", "announce", "repeat", "reiterate", "claim",
    "declare", "predict", "promise", "pledge", "demand", "reveal", "disclose", "acknowledge",
    "admit", "dismiss", "refute", "dispute", "praise", "criticize", "criticise", "condemn",
    "denounce", "blast", "slam", "describe", "mention", "tout", "question", "signal", "suggest",
    "want", "write", "tweet", "post", "stress", "emphasize", "emphasise", "underline",
    "underscore", "decry", "cite", "quote", "threaten", "vow", "estimate", "read", "list",
})
#: cue lemmas taking "of"/"about"/"for"/"on" + content ("accused X of", "warned of", "called for")
PREP_CONTENT = {
    "accuse": ("of",), "warn": ("of", "about", "against", "that"), "call": ("for", "on"),
    "complain": ("about", "of"), "speak": ("of", "about"), "talk": ("about",), "boast": ("of", "about"),
    "insist": ("on",), "comment": ("on",), "remark": ("on",), "speculate": ("about", "on"),
    "charge": ("with",), "criticize": ("for",), "criticise": ("for",), "blame": ("for",),
    "praise": ("for",), "worry": ("about",), "hint": ("at",), "agree": ("with", "on"),
}
#: these need a clause, a quote or a preposition: alone they are not speech
WEAK_CUES = frozenset({"think", "feel", "know", "hope", "expect", "want", "wish", "plan", "intend",
                       "learn", "recognize", "continue", "point", "read", "list", "share", "call",
                       "question", "fear", "worry", "doubt", "estimate", "guess", "answer", "conclude",
                       "agree", "believe"})

#: nouns that can be speakers without a name ("the senator", "officials")
SPEAKER_NOUNS = frozenset("""
official officials spokesman spokeswoman spokesperson minister senator president premier
chancellor diplomat ambassador envoy secretary chairman chairwoman chair director head leader
lawmaker legislator deputy parliamentarian politician politicians analyst analysts expert experts
source sources aide aides adviser advisor advisers advisors commentator observer observers
governor mayor general commander officer spokespeople representative representatives delegate
government ministry kremlin administration department office council committee agency
newspaper daily paper outlet agency article report piece editorial headline columnist journalist
journalists reporter reporters correspondent editor writer author authors study survey poll
statement communique candidate nominee campaign party prosecutor judge court lawyer attorney
critics critic supporters supporter activist activists researcher researchers professor scholar
historian economist officials residents witnesses voters people we i they he she it
president-elect elect king queen prince pope foreign state people statement spokesmen
""".split())

OUTLET_NOUNS = frozenset({"newspaper", "daily", "paper", "outlet", "tabloid", "weekly", "magazine",
                          "broadcaster", "channel", "agency", "website", "portal", "article",
                          "piece", "report", "editorial", "headline", "publication"})

PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "i", "we", "it"})

#: nouns of a setting phrase: "in a speech at", "in an interview with", "at a briefing"
SETTING_NOUNS = frozenset({"speech", "interview", "remarks", "remark", "comment", "comments",
                           "statement", "briefing", "conference", "address", "press", "meeting",
                           "post", "tweet", "op-ed", "article", "letter", "hearing", "session",
                           "forum", "summit", "rally", "broadcast", "podcast", "show", "talk",
                           "testimony", "appearance", "video", "message", "telegram", "lecture"})

#: addressee nouns after tell/inform/assure ("told journalists")
TELL_LEMMAS = frozenset({"tell", "inform", "assure", "warn", "urge", "remind", "ask", "promise"})

#: headline cues: "an article titled “…”"
TITLE_LEMMAS = frozenset({"title", "entitle", "headline", "head", "call"})

# --- Russian -----------------------------------------------------------------
#: Russian cue verbs that report a question put to someone, not a claim.
RU_QUESTION_CUES = frozenset({"спросить", "поинтересоваться", "спрашивать", "интересоваться"})

RU_CUE_VERBS: dict[str, int] = {
    "сказать": 0, "говорить": 0, "заявить": 1, "заявлять": 1, "сообщить": 0, "сообщать": 0,
    "отметить": 0, "отмечать": 0, "добавить": 0, "добавлять": 0, "пояснить": 0, "объяснить": 0,
    "рассказать": 0, "написать": 0, "ответить": 0, "прокомментировать": 0, "указать": 0,
    "подчеркнуть": 2, "подчёркивать": 2, "подчеркивать": 2, "заверить": 2, "уверить": 2,
    "утверждать": 2, "настаивать": 2, "считать": 1, "полагать": 1, "думать": 1, "признать": 1,
    "признаться": 1, "предупредить": 3, "предупреждать": 3, "обвинить": 3, "обвинять": 3,
    "пригрозить": 3, "назвать": 1, "называть": 1, "призвать": 2, "призывать": 2, "выразить": 1,
    "подтвердить": 2, "опровергнуть": 2, "отрицать": 2, "напомнить": 0, "уточнить": 0,
    "констатировать": 1, "высказать": 0, "передать": 0, "процитировать": 0, "сообщаться": 0,
    "возразить": 2, "спросить": 0, "поинтересоваться": 0, "обещать": 2, "пообещать": 2,
    "убеждать": 2, "убедить": 2, "выступить": 0, "объявить": 1, "провозгласить": 3,
    "рассказывать": 0, "объяснять": 0, "отвечать": 0, "писать": 0, "признавать": 1, "уверять": 2,
    "пояснять": 0, "уточнять": 0, "напоминать": 0, "возражать": 2, "жаловаться": 2,
    "требовать": 3, "потребовать": 3, "предлагать": 1, "предложить": 1,
    "допустить": 1, "допускать": 1, "описать": 0, "описывать": 0,
}
#: Russian cue verbs whose direct object is the content when there is no clause ("допустил возможность …")
RU_DOBJ_CONTENT = frozenset({"допустить", "допускать", "подтвердить", "опровергнуть", "отрицать", "признать",
                             "признавать", "обещать", "пообещать", "потребовать", "требовать", "предложить",
                             "предлагать", "объявить"})
#: nouns of speech that take the speaker in the genitive and the content in "о том, что …"
#: ("слова министра … о том, что …", "заявление МИД о том, что …")
RU_CUE_NOUNS = frozenset({"слово", "заявление", "высказывание", "утверждение", "обвинение", "предупреждение",
                          "призыв", "признание", "мнение"})
RU_SPEAKER_NOUNS = frozenset("""
сенатор парламентарий министр глава президент премьер депутат дипломат посол представитель
пресс-секретарь спикер политик эксперт аналитик источник чиновник председатель заместитель
руководитель лидер газета издание агентство канцлер госсекретарь генсек собеседник
""".split())
