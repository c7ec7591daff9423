"""Regenerate the binary sample inputs from the text kept in this script.

Writes, relative to this file:

* ``corpus/archive/mid-2024-11.warc.gz`` -- a gzipped WARC 1.0 file: one
  ``warcinfo`` record, then three ``response`` records (a Russian HTML page,
  a PNG image the ingester should skip, an English HTML page).
* ``corpus/exports/wire-archive.jsonl.gz`` -- a gzipped JSON Lines export with
  two records.

The output is byte-for-byte deterministic: fixed WARC dates, record ids from
``uuid5``, gzip headers with mtime 0 and no file name. Run it with the project
venv (it needs ``warcio``)::

    .venv/bin/python examples/build_binary.py
"""

from __future__ import annotations

import gzip
import json
import struct
import uuid
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
WARC_PATH = HERE / "corpus" / "archive" / "mid-2024-11.warc.gz"
JSONL_GZ_PATH = HERE / "corpus" / "exports" / "wire-archive.jsonl.gz"

NS = uuid.UUID("6f1d2c9e-4b7a-5e3f-9c10-2a8b7d4e5f60")  # fixed namespace for record ids


def record_id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NS, name)}>"


# --------------------------------------------------------------------------
# WARC pages
# --------------------------------------------------------------------------

LAVROV_RU_URL = "https://www.kommersant.example/doc/7312045"
LAVROV_RU_HTML = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Лавров: Запад рассчитывает использовать Россию против Китая – Коммерсантъ</title>
<meta property="og:site_name" content="Коммерсантъ">
<meta property="og:title" content="Лавров: Запад рассчитывает использовать Россию против Китая">
<meta property="og:url" content="https://www.kommersant.example/doc/7312045">
<meta name="author" content="Павел Ларионов">
<meta property="article:published_time" content="2024-11-26T15:05:00+03:00">
<link rel="canonical" href="https://www.kommersant.example/doc/7312045">
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">Коммерсантъ</a>
  <nav><a href="/rubric/2">Политика</a> · <a href="/rubric/3">Экономика</a> · <a href="/rubric/5">В мире</a></nav>
</header>
<main>
<article class="doc">
  <h1 class="doc__title">Лавров: Запад рассчитывает использовать Россию против Китая</h1>
  <p class="doc__byline">Павел Ларионов · 26.11.2024, 15:05</p>
  <p>Министр иностранных дел России Сергей Лавров заявил, что западные политики, рассуждающие об урегулировании на Украине, в конечном счёте рассчитывают развести Москву и Пекин. Об этом он сказал журналистам во вторник, отвечая на вопрос о том, как в Китае смотрят на военное сотрудничество России и КНДР.</p>
  <p>По словам министра, Пекин не ставил под сомнение тесное взаимодействие Москвы и Пхеньяна, а слухи о недовольстве китайской стороны распускают на Западе. «Нас пытаются поссорить с китайскими друзьями, вбить клин между Москвой и Пекином. Ничего из этого не получится»,— сказал Лавров.</p>
  <p>Глава МИД описал логику западных собеседников так: «Расчёт у них простой: помочь свернуть украинскую историю, учесть некоторые законные требования России и использовать Россию в коалиции против Китая». Такие замыслы, добавил он, строятся без понимания того, на чём держатся российско-китайские отношения.</p>
  <p>Лавров подчеркнул, что Москва не собирается менять внешнеполитический курс в угоду чужим расчётам и будет развивать партнёрство с КНР «вне зависимости от того, кто и что об этом думает».</p>
</article>
</main>
<footer class="site-footer"><p>© АО «Коммерсантъ». Все права защищены.</p></footer>
</body>
</html>
"""

LAVROV_EN_URL = "https://en.polden.example/world/2024/11/26/lavrov-west-coalition-against-china"
LAVROV_EN_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lavrov says West wants to use Russia in a coalition against China | Polden English</title>
<meta property="og:site_name" content="Polden English">
<meta property="og:title" content="Lavrov says West wants to use Russia in a coalition against China">
<meta property="og:url" content="https://en.polden.example/world/2024/11/26/lavrov-west-coalition-against-china">
<meta name="author" content="Polden English desk">
<meta property="article:published_time" content="2024-11-26T17:40:00+03:00">
</head>
<body>
<div class="topbar"><a href="/">Polden English</a> | <a href="/russia">Russia</a> | <a href="/world">World</a> | <a href="/business">Business</a></div>
<main>
<article>
  <h1>Lavrov says West wants to use Russia in a coalition against China</h1>
  <p class="dateline">MOSCOW, November 26.</p>
  <p>Western politicians who talk about ending the conflict in Ukraine are counting on drawing Russia into a coalition against China, Russian Foreign Minister Sergey Lavrov told journalists on Tuesday.</p>
  <p>"Their calculation is simple: help wrap up the Ukraine story, take into account some of Russia's legitimate demands, and use Russia in a coalition against China," Lavrov said.</p>
  <p>The minister accused the West of trying to "drive a wedge" between Moscow and Beijing, in part by spreading claims that China is unhappy with Russia's cooperation with North Korea. According to Lavrov, Beijing has never questioned that cooperation.</p>
  <p>He said such plans ignored what Russian-Chinese relations rest on and would come to nothing, adding that Moscow would keep building its partnership with China regardless of outside opinion.</p>
</article>
</main>
<footer>Polden English. All rights reserved. <a href="/contacts">Contacts</a></footer>
</body>
</html>
"""

LOGO_URL = "https://www.kommersant.example/static/img/logo-2x.png"


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, built byte by byte (deterministic)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    idat = zlib.compress(b"\x00\x80", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# (uri, WARC-Date, HTTP Date header, content type, body bytes)
RESPONSES = [
    (LAVROV_RU_URL, "2024-11-27T06:12:03Z", "Wed, 27 Nov 2024 06:12:03 GMT",
     "text/html; charset=utf-8", LAVROV_RU_HTML.encode("utf-8")),
    (LOGO_URL, "2024-11-27T06:12:04Z", "Wed, 27 Nov 2024 06:12:04 GMT",
     "image/png", tiny_png()),
    (LAVROV_EN_URL, "2024-11-27T06:14:41Z", "Wed, 27 Nov 2024 06:14:41 GMT",
     "text/html; charset=utf-8", LAVROV_EN_HTML.encode("utf-8")),
]


def build_warc(path: Path) -> None:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.0")

    info_lines = [
        ("software", "kennan examples/build_binary.py (warcio)"),
        ("format", "WARC File Format 1.0"),
        ("description", "kennan sample corpus: news pages from late November 2024, written for testing"),
        ("isPartOf", "kennan-examples"),
    ]
    info = "".join(f"{k}: {v}\r\n" for k, v in info_lines).encode("utf-8")
    warcinfo = writer.create_warc_record(
        "",
        "warcinfo",
        payload=BytesIO(info),
        length=len(info),
        warc_headers_dict={
            "WARC-Record-ID": record_id("warcinfo:mid-2024-11.warc.gz"),
            "WARC-Date": "2024-11-27T06:12:00Z",
            "WARC-Filename": "mid-2024-11.warc.gz",
        },
    )
    writer.write_record(warcinfo)

    for uri, warc_date, http_date, ctype, body in RESPONSES:
        http_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Date", http_date),
                ("Server", "nginx"),
                ("Content-Type", ctype),
                ("Content-Length", str(len(body))),
            ],
            protocol="HTTP/1.1",
        )
        rec = writer.create_warc_record(
            uri,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Record-ID": record_id("response:" + uri),
                "WARC-Date": warc_date,
                "WARC-Warcinfo-ID": record_id("warcinfo:mid-2024-11.warc.gz"),
            },
        )
        writer.write_record(rec)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


# --------------------------------------------------------------------------
# gzipped JSON Lines
# --------------------------------------------------------------------------

WIRE_RECORDS = [
    {
        "text": (
            "MOSCOW, July 24. The Kremlin on Friday brushed aside the idea that Russia could side "
            "with the United States against China, after a Moscow newspaper reported that Washington "
            "had \"invited\" Russia to be friends against Beijing.\n\n"
            "\"We never make friends against anyone,\" Kremlin spokesman Dmitry Peskov told reporters. "
            "He said such an approach \"contradicts diplomatic traditions\", Russia's included.\n\n"
            "Peskov said relations between Moscow and Beijing were a privileged strategic partnership "
            "that did not depend on the mood of the moment, and that Russia kept up close contacts "
            "with China at every level.\n\n"
            "The comments followed a speech on Thursday by U.S. Secretary of State Mike Pompeo at the "
            "Nixon Library in California. Asked about working with Moscow against Beijing, Pompeo said "
            "there was an opportunity to cooperate with Russia on arms control."
        ),
        "title": "Kremlin says Russia does not make friends against anyone",
        "published": "2020-07-24T16:45:00+03:00",
        "url": "https://en.polden.example/russia/2020/07/24/kremlin-friends-against-anyone",
        "outlet": "Polden English",
        "author": "Polden English desk",
        "lang": "en",
    },
    {
        "text": (
            "MOSCOW, July 24. Russia will resume regular international passenger flights from "
            "August 1, starting with routes to London, Istanbul and Ankara, the government's "
            "coronavirus response headquarters said on Friday.\n\n"
            "Flights will initially leave only from Moscow's airports, and only on a reciprocal "
            "basis, officials said. Travellers arriving in Russia will still need a negative test "
            "result taken no more than three days before entry.\n\n"
            "Tour operators welcomed the decision but said demand for Turkish resorts would recover "
            "slowly, since many holidaymakers had already booked trips inside Russia for August."
        ),
        "title": "Russia to restart international flights from August 1",
        "published": "2020-07-24T19:10:00+03:00",
        "url": "https://en.polden.example/russia/2020/07/24/international-flights-resume",
        "outlet": "Polden English",
        "author": "Polden English desk",
        "lang": "en",
    },
]


def build_jsonl_gz(path: Path) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in WIRE_RECORDS).encode("utf-8")
    out = BytesIO()
    # filename="" keeps the original-name field out of the gzip header; mtime=0 fixes the timestamp
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def main() -> None:
    build_warc(WARC_PATH)
    build_jsonl_gz(JSONL_GZ_PATH)
    print(f"wrote {WARC_PATH.relative_to(HERE)} and {JSONL_GZ_PATH.relative_to(HERE)}")


if __name__ == "__main__":
    main()
