"""Deterministic generator of news-like inputs for bench/ingest.py.

Pages look like saved article pages: a head with title, charset, canonical
link, ``og:site_name``, ``author`` and ``article:published_time`` metas; a
cookie-banner script and analytics blobs; header navigation; the article
(headline, byline, ``<time>``, 4-12 paragraphs of English or Russian news
prose with quotes and attributions, sometimes a blockquote or a table); a
sidebar of most-read and related links; a comments block; a footer. Each page
draws a target size log-uniform in 3-60 KB and grows to it with boilerplate
around the article, as on real sites; the article and its frame set a floor
near 4.5 KB, so sizes run about 4.5-60 KB. The same ``seed`` and index always give the same bytes.

The prose is made up from templates and word lists (fictional people and
outlets); it is there to give trafilatura and the language detector
realistic work, not to be read.
"""

from __future__ import annotations

import json
import math
import random
from html import escape
from pathlib import Path

# -- vocabulary -------------------------------------------------------------------------------
EN_SPEAKERS = [
    "Foreign Minister Pavel Orlov", "Senator Margaret Holt", "spokesman Ilya Vinogradov",
    "Secretary of State Daniel Reyes", "Ambassador Helena Marsh", "Deputy Minister Oleg Surin",
    "Prime Minister Anna Lindqvist", "the defence ministry's press office", "analyst Victor Chen",
    "Representative Thomas Greer", "Chancellor Ulrich Brandt", "a senior administration official",
]
EN_SHORT = ["the minister", "the senator", "the spokesman", "the ambassador", "the official", "she", "he"]
EN_CUES = ["said", "told reporters", "said on Tuesday", "claimed", "warned", "insisted", "added",
           "stressed", "noted", "told a news conference", "wrote on social media", "argued"]
EN_COUNTRIES = ["Russia", "China", "the United States", "Germany", "India", "Turkey", "Japan", "Iran",
                "Brazil", "the European Union", "NATO", "Ukraine", "Kazakhstan"]
EN_ISSUES = ["nonproliferation", "arms control", "energy supplies", "sanctions", "trade tariffs",
             "grain exports", "the Arctic", "cyber security", "climate finance", "the peace talks",
             "visa rules", "nuclear safety", "the gas pipeline", "maritime patrols"]
EN_QUOTES = [
    "We are ready to work with {c} on {i}, but only on equal terms",
    "There is an opportunity here, and we intend to explore it",
    "{c} will not accept ultimatums on {i}",
    "Nobody should try to use {c} as a tool against {c2}",
    "This is not a coalition, it is a conversation about {i}",
    "We have made our position on {i} perfectly clear",
    "The door remains open for talks with {c}",
    "These claims about {i} are simply false",
    "It would be a mistake to read too much into one meeting",
    "Our partners in {c} understand what is at stake",
]
EN_CLAUSES = [
    "talks with {c} on {i} would resume next month",
    "the proposal on {i} had been misunderstood by the press",
    "{c} had been invited to join a working group on {i}",
    "no decision on {i} had been taken yet",
    "officials in {c} were studying the text of the agreement",
    "the government would publish its assessment of {i} within weeks",
    "{c} and {c2} had exchanged letters on {i}",
]
EN_BACKGROUND = [
    "Relations between {c} and {c2} have been strained since {y}.",
    "The dispute over {i} dates back to a round of talks in {y}.",
    "Earlier this year, officials from {c} met their counterparts from {c2} in Geneva.",
    "Critics say the policy on {i} has changed little in practice.",
    "The ministry did not respond to a request for comment.",
    "Markets reacted calmly to the statement, and the currency was little changed.",
    "Diplomats in {c} described the meeting as businesslike.",
    "The remarks came a day after a parliamentary hearing on {i}.",
]

RU_SPEAKERS = [  # (nominative, genitive, feminine)
    ("министр иностранных дел Павел Орлов", "министра иностранных дел Павла Орлова", False),
    ("сенатор Игорь Жданов", "сенатора Игоря Жданова", False),
    ("официальный представитель МИД Мария Захарченко", "официального представителя МИД Марии Захарченко", True),
    ("пресс-секретарь Дмитрий Песков-Волков", "пресс-секретаря Дмитрия Пескова-Волкова", False),
    ("посол Елена Маршева", "посла Елены Маршевой", True),
    ("политолог Виктор Ченцов", "политолога Виктора Ченцова", False),
    ("депутат Госдумы Андрей Гречко", "депутата Госдумы Андрея Гречко", False),
    ("замминистра Ольга Сурина", "замминистра Ольги Суриной", True),
]
RU_CUES_M = ["заявил", "сообщил журналистам", "подчеркнул", "отметил", "добавил", "предупредил", "написал в соцсетях"]
RU_CUES_F = ["заявила", "сообщила журналистам", "подчеркнула", "отметила", "добавила", "предупредила", "написала в соцсетях"]
RU_COUNTRIES = ["Россия", "Китай", "США", "Германия", "Индия", "Турция", "Япония", "Евросоюз", "НАТО"]
RU_COUNTRIES_ACC = ["Россию", "Китай", "США", "Германию", "Индию", "Турцию", "Японию", "Евросоюз", "НАТО"]
RU_COUNTRIES_INSTR = ["Россией", "Китаем", "США", "Германией", "Индией", "Турцией", "Японией", "Евросоюзом", "НАТО"]
RU_ISSUES = ["нераспространению", "контролю над вооружениями", "поставкам энергоносителей", "санкциям",
             "торговым пошлинам", "экспорту зерна", "Арктике", "кибербезопасности", "газопроводу"]
RU_QUOTES = [
    "Мы готовы работать с {ci} по {i}, но только на равных условиях",
    "Никто не должен пытаться использовать {c} против {c2g}",
    "Это не коалиция, это разговор по {i}",
    "Наша позиция по {i} хорошо известна",
    "Двери для переговоров с {ci} остаются открытыми",
    "Эти утверждения не имеют ничего общего с действительностью",
    "Не стоит делать далеко идущих выводов из одной встречи",
]
RU_CLAUSES = [
    "переговоры по {i} возобновятся в следующем месяце",
    "предложение по {i} было неверно истолковано прессой",
    "решение по {i} пока не принято",
    "эксперты изучают текст соглашения",
    "правительство опубликует оценку ситуации в ближайшие недели",
]
RU_BACKGROUND = [
    "Отношения между странами осложнились ещё в {y} году.",
    "Спор по {i} продолжается с переговоров {y} года.",
    "В министерстве не ответили на запрос о комментарии.",
    "Рынки отреагировали на заявление спокойно.",
    "Ранее в этом году представители сторон встречались в Женеве.",
    "Критики считают, что на практике политика изменилась мало.",
    "Заявление прозвучало на следующий день после парламентских слушаний.",
]
RU_GENITIVE = {"Россия": "России", "Китай": "Китая", "США": "США", "Германия": "Германии", "Индия": "Индии",
               "Турция": "Турции", "Япония": "Японии", "Евросоюз": "Евросоюза", "НАТО": "НАТО"}

EN_SITES = [("The Daily Ledger", "dailyledger.example"), ("Capital Wire", "capitalwire.example"),
            ("Northern Courier", "northerncourier.example"), ("World Desk", "worlddesk.example")]
RU_SITES = [("Северный вестник", "severvestnik.example"), ("Московский курьер", "mkurier.example"),
            ("Новости дня", "novostidnya.example")]
EN_NAV = ["World", "Politics", "Business", "Markets", "Opinion", "Science", "Sport", "Culture", "Video",
          "Podcasts", "Newsletters", "Europe", "Asia", "Americas", "Middle East", "Africa", "Tech", "Climate"]
RU_NAV = ["Политика", "Экономика", "Мир", "Общество", "Происшествия", "Спорт", "Культура", "Наука",
          "Видео", "Фото", "Мнения", "Регионы", "Технологии", "Авто", "Недвижимость"]
EN_AUTHORS = ["Laura Kemp", "James O'Neill", "Priya Raman", "Tom Becker", "Sofia Alvarez", "Mark Ivanov"]
RU_AUTHORS = ["Анна Соколова", "Игорь Белов", "Мария Котова", "Сергей Лаптев", "Елена Фролова"]


# -- prose -----------------------------------------------------------------------------------
def _en_paragraph(rng: random.Random) -> str:
    def fill(t: str) -> str:
        c, c2 = rng.sample(EN_COUNTRIES, 2)
        return t.format(c=c, c2=c2, i=rng.choice(EN_ISSUES), y=rng.randint(2008, 2023))

    out = []
    for _ in range(rng.randint(2, 5)):
        kind = rng.random()
        sp = rng.choice(EN_SPEAKERS)
        if kind < 0.3:
            out.append(f"\u201c{fill(rng.choice(EN_QUOTES))},\u201d {sp} {rng.choice(EN_CUES)}.")
        elif kind < 0.5:
            out.append(f"{sp[0].upper() + sp[1:]} {rng.choice(EN_CUES)} that {fill(rng.choice(EN_CLAUSES))}.")
        elif kind < 0.65:
            out.append(f"According to {sp}, {fill(rng.choice(EN_CLAUSES))}.")
        elif kind < 0.75:
            out.append(f"\"{fill(rng.choice(EN_QUOTES))},\" {rng.choice(EN_SHORT)} {rng.choice(EN_CUES)}, "
                       f"adding that {fill(rng.choice(EN_CLAUSES))}.")
        else:
            out.append(fill(rng.choice(EN_BACKGROUND)))
    return " ".join(out)


def _ru_paragraph(rng: random.Random) -> str:
    def fill(t: str) -> str:
        a, b = rng.sample(range(len(RU_COUNTRIES)), 2)
        return t.format(c=RU_COUNTRIES_ACC[a], ci=RU_COUNTRIES_INSTR[a], c2g=RU_GENITIVE[RU_COUNTRIES[b]],
                        i=rng.choice(RU_ISSUES), y=rng.randint(2008, 2023))

    out = []
    for _ in range(rng.randint(2, 5)):
        kind = rng.random()
        nom, gen, fem = rng.choice(RU_SPEAKERS)
        cue = rng.choice(RU_CUES_F if fem else RU_CUES_M)
        if kind < 0.35:
            out.append(f"\u00ab{fill(rng.choice(RU_QUOTES))}\u00bb, \u2014 {cue} {nom}.")
        elif kind < 0.55:
            out.append(f"По словам {gen}, {fill(rng.choice(RU_CLAUSES))}.")
        elif kind < 0.7:
            out.append(f"{nom[0].upper() + nom[1:]} {cue}, что {fill(rng.choice(RU_CLAUSES))}.")
        else:
            out.append(fill(rng.choice(RU_BACKGROUND)))
    return " ".join(out)


# -- page parts ------------------------------------------------------------------------------
_COOKIE = ("<script>(function(){var k='consent_v2';if(!document.cookie.match(k)){var b=document.createElement"
           "('div');b.id='cookie-banner';b.innerHTML='We use cookies to improve your experience. "
           "<button onclick=\"document.cookie=\\'consent_v2=1;path=/;max-age=31536000\\';this.parentNode"
           ".remove()\">Accept</button>';document.addEventListener('DOMContentLoaded',function(){document"
           ".body.appendChild(b)})}})();</script>")


def _links(rng: random.Random, domain: str, words: list[str], n: int, cls: str) -> str:
    items = "".join(
        f'<li class="{cls}-item"><a href="https://{domain}/{rng.choice(words).lower()}/{rng.randint(10**5, 10**6)}">'
        f"{escape(' '.join(rng.sample(words, 3)))}</a></li>"
        for _ in range(n)
    )
    return f'<ul class="{cls}">{items}</ul>'


def _teasers(rng: random.Random, domain: str, ru: bool, n: int) -> str:
    para = _ru_paragraph if ru else _en_paragraph
    items = []
    for _ in range(n):
        text = para(rng)
        head = escape(text[: rng.randint(40, 80)].rsplit(" ", 1)[0])
        items.append(f'<div class="teaser"><a href="https://{domain}/story/{rng.randint(10**6, 10**7)}">'
                     f'<img src="/img/{rng.randint(1, 9999)}.jpg" alt=""><h3>{head}</h3></a>'
                     f'<p class="teaser-lede">{escape(text[:160])}</p></div>')
    return "".join(items)


def _analytics(rng: random.Random, size: int) -> str:
    cfg = {"site": rng.randint(1, 999), "slots": [], "segments": []}
    while len(json.dumps(cfg)) < size:
        cfg["slots"].append({"id": f"ad-{rng.randint(0, 10**6)}", "sizes": [[300, 250], [728, 90]],
                             "targeting": {"pos": rng.choice(["top", "mid", "btm"]), "kw": rng.sample(EN_ISSUES, 3)}})
        cfg["segments"].append(rng.getrandbits(64))
    return f"<script>window.__ADCFG__={json.dumps(cfg)};</script>"


def _style(rng: random.Random, size: int) -> str:
    rules = []
    total = 0
    while total < size:
        r = (f".c{rng.randint(0, 10**5)}{{margin:{rng.randint(0, 40)}px;padding:{rng.randint(0, 20)}px;"
             f"color:#{rng.getrandbits(24):06x};font-size:{rng.randint(10, 24)}px}}")
        rules.append(r)
        total += len(r)
    return "<style>" + "".join(rules) + "</style>"


def news_page(i: int, seed: int = 7) -> tuple[str, bytes]:
    """The file name and UTF-8 bytes of page ``i``; the same (i, seed) always gives the same page."""
    rng = random.Random(f"{seed}:page:{i}")
    ru = rng.random() < 0.4
    site, domain = rng.choice(RU_SITES if ru else EN_SITES)
    nav = RU_NAV if ru else EN_NAV
    author = rng.choice(RU_AUTHORS if ru else EN_AUTHORS)
    y, mo, d, h, mi = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)
    tz = rng.choice(["+00:00", "+03:00", "-05:00", "+01:00"])
    stamp = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:00{tz}"
    target = int(math.exp(rng.uniform(math.log(3000), math.log(60000))))
    small = target < 9000  # small pages: short articles, short menus
    paras = [(_ru_paragraph if ru else _en_paragraph)(rng) for _ in range(rng.randint(4, 5 if target < 5000 else 6 if small else 12))]
    headline = paras[0].split(".")[0]
    if len(headline) > 110:
        headline = headline[:110].rsplit(" ", 1)[0]
    headline = headline.strip("\u201c\u201d\"\u00ab\u00bb ,\u2014")
    title = f"{headline} \u2014 {site}"
    slug = f"{y}/{mo:02d}/{d:02d}/story-{i}"
    url = f"https://{domain}/{slug}.html"
    lang = "ru" if ru else "en"

    body_parts = []
    for k, p in enumerate(paras):
        body_parts.append(f"<p>{escape(p, quote=False)}</p>")
        if k == 2 and rng.random() < 0.25:
            body_parts.append(f"<blockquote><p>{escape(paras[1][:200], quote=False)}</p></blockquote>")
        if k == 3 and rng.random() < 0.2:
            rows = "".join(f"<tr><td>{rng.choice(EN_COUNTRIES)}</td><td>{rng.randint(1, 900)}</td>"
                           f"<td>{rng.uniform(-5, 5):.1f}%</td></tr>" for _ in range(rng.randint(3, 7)))
            body_parts.append(f"<table><thead><tr><th>Country</th><th>Volume</th><th>Change</th></tr></thead>"
                              f"<tbody>{rows}</tbody></table>")
        if k == 4 and rng.random() < 0.5:
            body_parts.append('<div class="inline-ad"><span>Advertisement</span><div id="ad-mid"></div></div>')
    article = (
        f'<article class="story"><header><nav class="breadcrumb"><a href="/">{site}</a> &rsaquo; '
        f'<a href="/{nav[0].lower()}">{nav[0]}</a></nav><h1>{escape(headline)}</h1>'
        f'<p class="byline">By <a rel="author" href="/authors/{i % 50}">{author}</a>, '
        f'<time datetime="{stamp}">{d} {mo} {y}</time></p></header>'
        f'<div class="story-body">{"".join(body_parts)}</div>'
        f'<footer class="story-tags">{_links(rng, domain, nav, rng.randint(2, 5), "tag")}</footer></article>'
    )
    head = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        f'<link rel="canonical" href="{url}"><meta property="og:url" content="{url}">'
        f'<meta property="og:site_name" content="{escape(site)}"><meta property="og:type" content="article">'
        f'<meta property="og:title" content="{escape(headline)}"><meta name="author" content="{author}">'
        f'<meta property="article:published_time" content="{stamp}">'
        f'<meta name="description" content="{escape(paras[0][:150])}">'
        f'<link rel="stylesheet" href="https://{domain}/static/main.{rng.getrandbits(32):08x}.css">{_COOKIE}'
    )
    header = (f'<body class="article-page"><header class="site-header"><a class="logo" href="/">{site}</a>'
              f'<nav class="main-menu">{_links(rng, domain, nav, rng.randint(4, 7) if small else len(nav), "menu")}</nav>'
              f'<form class="search"><input name="q" placeholder="Search"></form></header><main>')
    tail = (f'</main><footer class="site-footer">{_links(rng, domain, nav, rng.randint(3, 6) if small else 12, "footer")}'
            f"<p>&copy; {y} {site}. All rights reserved.</p></footer>"
            f'<script src="https://{domain}/static/app.js" async></script></body></html>')

    extra_head: list[str] = []
    aside: list[str] = []
    size = len((head + header + article + tail).encode())
    while size < target:
        room = target - size
        pick = rng.random()
        if pick < 0.35:
            chunk = f'<section class="most-read"><h2>Most read</h2>{_teasers(rng, domain, ru, rng.randint(3, 8))}</section>'
        elif pick < 0.55:
            chunk = f'<section class="related"><h2>Related</h2>{_links(rng, domain, nav, rng.randint(5, 15), "rel")}</section>'
        elif pick < 0.65:
            chunk = (f'<section class="comments"><h2>Comments</h2><div class="comment"><p>'
                     f"{escape(_en_paragraph(rng)[:300])}</p></div></section>")
        elif pick < 0.85:
            chunk = _analytics(rng, min(room, rng.randint(1500, 6000)))
        else:
            chunk = _style(rng, min(room, rng.randint(1000, 4000)))
        if size + len(chunk.encode()) > 60000 and size >= 3000:
            break  # keep pages within 3-60 KB
        size += len(chunk.encode())
        (aside if chunk.startswith("<section") else extra_head).append(chunk)
    page = (head + "".join(extra_head) + "</head>" + header + article
            + f'<aside class="sidebar">{"".join(aside)}</aside>' + tail)
    return f"{lang}-{i:05d}.html", page.encode("utf-8")


def write_pages(folder: Path, n: int, seed: int = 7, start: int = 0) -> int:
    """Write pages ``start .. start+n-1`` into ``folder``; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(start, start + n):
        name, data = news_page(i, seed)
        (folder / name).write_bytes(data)
        total += len(data)
    return total


def news_record(i: int, seed: int = 7) -> dict:
    """One export record (as in a JSONL dump of a news API): text, title, date, url, outlet, author."""
    rng = random.Random(f"{seed}:rec:{i}")
    ru = rng.random() < 0.4
    site, domain = rng.choice(RU_SITES if ru else EN_SITES)
    paras = [(_ru_paragraph if ru else _en_paragraph)(rng) for _ in range(rng.randint(2, 8))]
    return {
        "title": paras[0].split(".")[0][:100],
        "text": "\n\n".join(paras),
        "published": f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
                     f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+03:00",
        "url": f"https://{domain}/wire/{seed}-{i}",
        "source": site,
        "author": rng.choice(RU_AUTHORS if ru else EN_AUTHORS),
    }


def markdown_note(i: int, seed: int = 7) -> bytes:
    """One .md document with YAML front matter (a saved transcript or note)."""
    rec = news_record(10**7 + i, seed)
    front = (f"---\ntitle: {json.dumps(rec['title'], ensure_ascii=False)}\noutlet: {json.dumps(rec['source'], ensure_ascii=False)}\n"
             f"url: {rec['url']}\npublished: {rec['published']}\nauthor: {json.dumps(rec['author'], ensure_ascii=False)}\n---\n\n")
    return (front + f"# {rec['title']}\n\n" + rec["text"] + "\n").encode("utf-8")


def write_mixed_corpus(folder: Path, n: int, seed: int = 7, *, html_share: float = 0.1, md_share: float = 0.3,
                       jsonl_records: int = 500) -> dict:
    """A corpus of ``n`` documents: HTML pages (the first ones are bench part (a)'s pages),
    .md notes with front matter, and JSONL exports of ``jsonl_records`` records per file."""
    n_html = max(1, round(n * html_share))
    n_md = max(1, round(n * md_share))
    n_rec = max(0, n - n_html - n_md)
    size = write_pages(folder / "pages", n_html, seed)
    notes = folder / "notes"
    notes.mkdir(parents=True, exist_ok=True)
    for i in range(n_md):
        data = markdown_note(i, seed)
        (notes / f"note-{i:05d}.md").write_bytes(data)
        size += len(data)
    exports = folder / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    for f, lo in enumerate(range(0, n_rec, jsonl_records)):
        lines = [json.dumps(news_record(j, seed), ensure_ascii=False) for j in range(lo, min(lo + jsonl_records, n_rec))]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (exports / f"wire-{f:04d}.jsonl").write_bytes(data)
        size += len(data)
    return {"documents": n, "html": n_html, "md": n_md, "jsonl_records": n_rec,
            "jsonl_files": math.ceil(n_rec / jsonl_records) if n_rec else 0, "bytes": size}
