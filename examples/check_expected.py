"""Check examples/expected.yaml against the files in examples/corpus/.

A self-contained reader (standard library, PyYAML and warcio; it does not use
kennan) pulls each document's text and metadata out of its file and checks that:

* every file in corpus/ is listed, and every listed record exists;
* title, outlet, author, url, published and lang match the file's metadata;
* every statement's cue and content_contains occur verbatim in the body text
  (or in the title, for statements marked ``field: title``);
* roles and kinds are from the allowed sets; the document count is 12-20.

Run with the project venv::

    .venv/bin/python examples/check_expected.py
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import yaml
from warcio.archiveiterator import ArchiveIterator

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
ROLES = {"origin", "inflated_report", "rendering", "reaction", "claim_2024",
         "echo", "analysis", "near_miss", "distractor"}
KINDS = {"direct", "indirect", "mixed", "question", "headline"}
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}creator"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", markup)
    return norm(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def meta(markup: str, key: str) -> str | None:
    m = re.search(r'<meta\s+(?:property|name)="%s"\s+content="([^"]*)"' % re.escape(key), markup)
    return html.unescape(m.group(1)) if m else None


def html_doc(markup: str) -> dict:
    lang = re.search(r'<html[^>]*\blang="([^"]+)"', markup)
    return {
        "title": meta(markup, "og:title"),
        "outlet": meta(markup, "og:site_name"),
        "author": meta(markup, "author"),
        "url": meta(markup, "og:url"),
        "published": meta(markup, "article:published_time"),
        "lang": lang.group(1) if lang else None,
        "body": html_text(markup),
    }


def md_doc(raw: str) -> dict:
    _, fm, body = raw.split("---\n", 2)
    d = yaml.safe_load(fm)
    return {**{k: d.get(k) for k in ("title", "outlet", "author", "url", "published", "lang")},
            "body": norm(body)}


def load(rel: str) -> list[dict]:
    """All documents of one corpus file, in record order."""
    path = CORPUS / rel
    if rel.endswith(".md"):
        return [md_doc(path.read_text("utf-8"))]
    if rel.endswith(".html"):
        return [html_doc(path.read_text("utf-8"))]
    if rel.endswith(".txt"):
        return [{"title": None, "outlet": None, "author": None, "url": None,
                 "published": None, "lang": "en", "body": norm(path.read_text("utf-8"))}]
    if rel.endswith(".rss"):
        ch = ET.parse(path).getroot().find("channel")
        out = []
        for it in ch.iter("item"):
            out.append({
                "title": it.findtext("title"), "outlet": ch.findtext("title"),
                "author": it.findtext(DC), "url": it.findtext("link"),
                "published": parsedate_to_datetime(it.findtext("pubDate")).isoformat(),
                "lang": ch.findtext("language"),
                "body": html_text(it.findtext(CONTENT)),
            })
        return out
    if rel.endswith(".atom"):
        feed = ET.parse(path).getroot()
        out = []
        for e in feed.iter(ATOM + "entry"):
            content = e.find(ATOM + "content")
            body = content.text if content.get("type") == "text" else html_text(content.text)
            out.append({
                "title": e.findtext(ATOM + "title"), "outlet": feed.findtext(ATOM + "title"),
                "author": e.find(ATOM + "author").findtext(ATOM + "name"),
                "url": e.find(ATOM + "link").get("href"),
                "published": e.findtext(ATOM + "published"),
                "lang": feed.get("{http://www.w3.org/XML/1998/namespace}lang"),
                "body": norm(body),
            })
        return out
    if rel.endswith(".jsonl") or rel.endswith(".jsonl.gz"):
        opener = gzip.open if rel.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        return [{**{k: r.get(k) for k in ("title", "outlet", "author", "url", "published", "lang")},
                 "body": norm(r["text"])} for r in rows]
    if rel.endswith(".csv"):
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        return [{"title": r["title"], "outlet": r["outlet"], "author": r["author"], "url": r["url"],
                 "published": r["date"], "lang": "en", "body": norm(r["text"])}
                for r in rows]
    if rel.endswith(".warc.gz"):
        out = []
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f):
                if rec.rec_type != "response":
                    continue
                if not rec.http_headers.get_header("Content-Type", "").startswith("text/html"):
                    continue
                d = html_doc(rec.content_stream().read().decode("utf-8"))
                d["warc_date"] = rec.rec_headers.get_header("WARC-Date")
                out.append(d)
        return out
    raise ValueError(f"unknown format: {rel}")


def main() -> int:
    exp = yaml.safe_load((HERE / "expected.yaml").read_text("utf-8"))["documents"]
    errors: list[str] = []
    cache: dict[str, list[dict]] = {}
    listed = set()
    for e in exp:
        rel = e["file"]
        listed.add(rel)
        docs = cache.setdefault(rel, load(rel))
        idx = e["record_index"]
        where = f"{rel}[{idx}]"
        if idx is None and len(docs) != 1:
            errors.append(f"{where}: single doc expected, found {len(docs)}")
            continue
        doc = docs[idx or 0] if (idx or 0) < len(docs) else None
        if doc is None:
            errors.append(f"{where}: no such record")
            continue
        for key in ("title", "outlet", "author", "url", "published", "lang", "warc_date"):
            if key in e and key in doc and e[key] != doc[key]:
                errors.append(f"{where}: {key} {e[key]!r} != file {doc[key]!r}")
        if e["role"] not in ROLES:
            errors.append(f"{where}: bad role {e['role']!r}")
        if e["role"] != "distractor" and not e.get("statements"):
            errors.append(f"{where}: case document without statements")
        for s in e.get("statements") or []:
            if s["kind"] not in KINDS:
                errors.append(f"{where}: bad kind {s['kind']!r}")
            haystack = (doc["title"] or "") if s.get("field") == "title" else doc["body"]
            for key in ("cue", "content_contains"):
                if s.get(key) and s[key] not in haystack:
                    errors.append(f"{where}: {key} not in text: {s[key]!r}")
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()}
    for missing in sorted(on_disk - listed):
        errors.append(f"{missing}: file not listed in expected.yaml")
    for rel, docs in cache.items():
        n = sum(1 for e in exp if e["file"] == rel)
        if n != len(docs):
            errors.append(f"{rel}: file has {len(docs)} documents, expected.yaml lists {n}")
    if not 12 <= len(exp) <= 20:
        errors.append(f"document count {len(exp)} outside 12-20")
    for err in errors:
        print("FAIL", err)
    print(f"{len(exp)} documents, {sum(len(e.get('statements') or []) for e in exp)} statements, "
          f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
