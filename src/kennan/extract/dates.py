"""When a statement was said: a date in its context, resolved against publication.

``resolve(mention, published)`` returns ``(iso_date, source)`` where source
is ``context`` (an absolute date in the text: "on July 23, 2020"),
``relative`` (resolved against the publication date: "last Tuesday",
"more than four years ago"), or ``None`` when the mention is not a date of
saying. Relative spans of years or months give only the coarse date
(YYYY or YYYY-MM) because that is all the text says.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
RU_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
             "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday"])}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3}

_MDY = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2})\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?,?\s+(\d{4})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MY = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\s+(\d{4})\b", re.I)
_RU_DMY = re.compile(r"\b(\d{1,2})\s+([а-я]+)\s+(\d{4})\s*(?:года|г\.)?", re.I)
_AGO = re.compile(r"\b(?:more than |over |about |nearly |almost |some |less than )?(\w+)\s+(day|week|month|year)s?\s+ago\b", re.I)


def _pub(published: str | None) -> date | None:
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _safe(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def resolve(mention: str, published: str | None) -> tuple[str | None, str | None]:
    """Resolve a date mention; see the module docstring."""
    text = mention.strip()
    low = text.casefold()
    m = _MDY.search(text)
    if m:
        return _safe(int(m.group(3)), MONTHS[m.group(1).lower()[:3] if m.group(1).lower() not in MONTHS
                                              else m.group(1).lower()], int(m.group(2))), "context"
    m = _DMY.search(text)
    if m:
        return _safe(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))), "context"
    m = _ISO.search(text)
    if m:
        return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3))), "context"
    m = _RU_DMY.search(low)
    if m:
        month = next((v for k, v in RU_MONTHS.items() if m.group(2).startswith(k)), None)
        if month:
            return _safe(int(m.group(3)), month, int(m.group(1))), "context"
    m = _MY.search(text)
    if m:
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}", "context"
    pub = _pub(published)
    if pub is None:
        return None, None
    if low in ("today", "this morning", "tonight", "this afternoon", "this evening", "сегодня"):
        return pub.isoformat(), "relative"
    if low in ("yesterday", "last night", "вчера"):
        return (pub - timedelta(days=1)).isoformat(), "relative"
    for name, wd in WEEKDAYS.items():
        if name in low:
            delta = (pub.weekday() - wd) % 7
            if delta == 0 and "last" in low:
                delta = 7
            return (pub - timedelta(days=delta or 0)).isoformat(), "relative"
    m = _AGO.search(low)
    if m:
        n = NUMBERS.get(m.group(1), None)
        if n is None and m.group(1).isdigit():
            n = int(m.group(1))
        if n is not None:
            unit = m.group(2)
            if unit == "day":
                return (pub - timedelta(days=n)).isoformat(), "relative"
            if unit == "week":
                return (pub - timedelta(weeks=n)).isoformat(), "relative"
            if unit == "month":
                y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
                return f"{y:04d}-{mo + 1:02d}", "relative"
            return f"{pub.year - n:04d}", "relative"
    if "last week" in low:
        return (pub - timedelta(weeks=1)).isoformat(), "relative"
    if "last month" in low:
        y, mo = divmod(pub.year * 12 + pub.month - 2, 12)
        return f"{y:04d}-{mo + 1:02d}", "relative"
    if "last year" in low:
        return f"{pub.year - 1:04d}", "relative"
    if "earlier this week" in low or "this week" in low:
        return pub.isoformat(), "relative"
    return None, None


def best_date(mentions: list[str], published: str | None) -> tuple[str | None, str | None, int]:
    """First mention that resolves, preferring absolute dates; returns (date, source, index)."""
    resolved = [(resolve(m, published), i) for i, m in enumerate(mentions)]
    for (d, src), i in resolved:
        if d and src == "context":
            return d, src, i
    for (d, src), i in resolved:
        if d:
            return d, src, i
    return None, None, -1
