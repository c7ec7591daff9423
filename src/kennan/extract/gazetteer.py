"""Built-in seed gazetteer: political actors with English and Russian aliases.

A user's actors file (``kennan actors import FILE``) adds to and corrects
these. ``descriptors`` are the role nouns a text uses for the actor once it
has been named ("the senator", "the Russian foreign minister"); they only
resolve a description to an actor that the same document has mentioned, or
to the seed actor when the description is unambiguous (``unique``).
Roles are as of the period the founding case covers (2020-2024).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SeedActor:
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    roles: tuple[tuple[str, str | None, str | None], ...] = ()
    descriptors: tuple[str, ...] = ()


def _p(name, country, aliases, roles=(), descriptors=()):
    return SeedActor(name, "person", country, tuple(aliases), tuple(roles), tuple(descriptors))


def _o(name, kind, country, aliases, descriptors=()):
    return SeedActor(name, kind, country, tuple(aliases), (), tuple(descriptors))


SEED: tuple[SeedActor, ...] = (
    _p("Sergey Lavrov", "Russia", ["Sergei Lavrov", "Lavrov", "Сергей Лавров", "Лавров", "Сергей Викторович Лавров"],
       [("Foreign Minister", "Ministry of Foreign Affairs", "Russia")],
       ["russian foreign minister", "foreign minister", "russia's foreign minister", "russia’s foreign minister",
        "top diplomat", "russia's top diplomat", "глава мид", "министр иностранных дел", "глава мид россии"]),
    _p("Vladimir Dzhabarov", "Russia", ["Dzhabarov", "Vladimir Jabarov", "Владимир Джабаров", "Джабаров"],
       [("First Deputy Chairman", "Federation Council Committee on International Affairs", "Russia")],
       ["senator", "russian senator", "parliamentarian", "lawmaker", "сенатор", "парламентарий"]),
    _p("Mike Pompeo", "United States", ["Michael R. Pompeo", "Michael Pompeo", "Pompeo", "Майк Помпео", "Помпео"],
       [("Secretary of State", "Department of State", "United States")],
       ["secretary of state", "u.s. secretary of state", "us secretary of state", "secretary",
        "госсекретарь", "госсекретарь сша"]),
    _p("Donald Trump", "United States", ["Trump", "Donald J. Trump", "Дональд Трамп", "Трамп"],
       [("President", None, "United States"), ("President-elect", None, "United States")],
       ["president-elect", "u.s. president-elect", "us president-elect", "the president-elect",
        "избранный президент", "избранный президент сша"]),
    _p("Vladimir Putin", "Russia", ["Putin", "Владимир Путин", "Путин", "Vladimir Vladimirovich Putin"],
       [("President", None, "Russia")], ["russian president", "kremlin leader", "президент россии"]),
    _p("Dmitry Peskov", "Russia", ["Peskov", "Dmitri Peskov", "Дмитрий Песков", "Песков"],
       [("Press Secretary", "Presidential Administration", "Russia")],
       ["kremlin spokesman", "kremlin spokesperson", "пресс-секретарь президента", "пресс-секретарь кремля",
        "представитель кремля", "kremlin representative"]),
    _p("Maria Zakharova", "Russia", ["Zakharova", "Мария Захарова", "Захарова"],
       [("Spokeswoman", "Ministry of Foreign Affairs", "Russia")],
       ["foreign ministry spokeswoman", "официальный представитель мид"]),
    _p("Dmitry Medvedev", "Russia", ["Medvedev", "Дмитрий Медведев", "Медведев"],
       [("Deputy Chairman", "Security Council", "Russia")], []),
    _p("Valentina Matviyenko", "Russia", ["Matviyenko", "Валентина Матвиенко", "Матвиенко"],
       [("Chairwoman", "Federation Council", "Russia")], ["спикер совфеда"]),
    _p("Konstantin Kosachev", "Russia", ["Kosachev", "Константин Косачев", "Косачев"],
       [("Deputy Chairman", "Federation Council", "Russia")], []),
    _p("Grigory Karasin", "Russia", ["Karasin", "Григорий Карасин", "Карасин"],
       [("Chairman", "Federation Council Committee on International Affairs", "Russia")], []),
    _p("Sergei Ryabkov", "Russia", ["Ryabkov", "Сергей Рябков", "Рябков"],
       [("Deputy Foreign Minister", "Ministry of Foreign Affairs", "Russia")], ["deputy foreign minister"]),
    _p("Xi Jinping", "China", ["Xi", "Си Цзиньпин"], [("President", None, "China")], ["chinese president"]),
    _p("Wang Yi", "China", ["Ван И"], [("Foreign Minister", None, "China")], ["chinese foreign minister"]),
    _p("Joe Biden", "United States", ["Biden", "Джо Байден", "Байден"], [("President", None, "United States")],
       []),
    _p("Antony Blinken", "United States", ["Blinken", "Энтони Блинкен", "Блинкен"],
       [("Secretary of State", "Department of State", "United States")], []),
    _p("Richard Nixon", "United States", ["Nixon", "Ричард Никсон", "Никсон"], [("President", None, "United States")],
       []),
    _p("George F. Kennan", "United States", ["George Kennan", "Kennan", "Джордж Кеннан", "Кеннан"],
       [("Diplomat and historian", None, "United States")], []),
    _p("Henry Kissinger", "United States", ["Kissinger", "Генри Киссинджер", "Киссинджер"],
       [("Secretary of State", "Department of State", "United States")], []),
    _p("Kim Jong Un", "North Korea", ["Kim Jong-un", "Ким Чен Ын"], [("Leader", None, "North Korea")], []),
    _p("Volodymyr Zelensky", "Ukraine", ["Zelensky", "Zelenskyy", "Владимир Зеленский", "Зеленский"],
       [("President", None, "Ukraine")], ["ukrainian president"]),
    _p("Marco Rubio", "United States", ["Rubio", "Марко Рубио", "Рубио"], [("Senator", None, "United States")], []),
    _o("Kommersant", "outlet", "Russia", ["Коммерсантъ", "Коммерсант", "Kommersant daily"],
       ["pro-kremlin daily", "russian daily", "business daily"]),
    _o("TASS", "outlet", "Russia", ["ТАСС", "Tass"], ["state news agency", "russian state news agency"]),
    _o("RIA Novosti", "outlet", "Russia", ["РИА Новости", "RIA"], []),
    _o("RT", "outlet", "Russia", ["Russia Today", "Раша тудэй"], []),
    _o("Izvestia", "outlet", "Russia", ["Известия"], []),
    _o("The New York Times", "outlet", "United States", ["New York Times", "NYT", "the Times"], []),
    _o("Reuters", "outlet", None, ["Рейтер"], []),
    _o("Ministry of Foreign Affairs of Russia", "organisation", "Russia",
       ["Russian Foreign Ministry", "Russian MFA", "МИД России", "МИД РФ", "МИД"], []),
    _o("Kremlin", "organisation", "Russia", ["the Kremlin", "Кремль"], []),
    _o("Federation Council", "organisation", "Russia", ["Совет Федерации", "Совфед"], []),
    _o("State Department", "organisation", "United States",
       ["U.S. State Department", "US State Department", "Department of State", "Госдеп", "Госдепартамент"], []),
    _o("White House", "organisation", "United States", ["the White House", "Белый дом"], []),
    _o("NATO", "bloc", None, ["North Atlantic Treaty Organization", "НАТО"], []),
    _o("European Union", "bloc", None, ["EU", "Евросоюз", "ЕС"], []),
    _o("the West", "bloc", None, ["West", "Western countries", "Western politicians", "Запад", "западные политики"],
       []),
    _o("Russia", "country", "Russia", ["Russian Federation", "Moscow", "Россия", "РФ", "Москва"], []),
    _o("China", "country", "China", ["PRC", "People's Republic of China", "Beijing", "Китай", "КНР", "Пекин"], []),
    _o("United States", "country", "United States",
       ["U.S.", "US", "USA", "America", "Washington", "the United States", "США", "Вашингтон"], []),
    _o("Ukraine", "country", "Ukraine", ["Kyiv", "Kiev", "Украина", "Киев"], []),
)
