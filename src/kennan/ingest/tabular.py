"""JSON Lines, JSON, CSV and TSV exports, with a field mapping."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from ..config import FieldMap, IngestOptions
from ..errors import IngestError
from .base import Item, RawDoc
from .normalize import decode_bytes, parse_date

csv.field_size_limit(1 << 30)


def _field(record: dict, name: str, fields: FieldMap):
    """The value of logical field ``name``: the mapped column, else the first default present."""
    mapped = getattr(fields, name)
    if mapped:
        return _dig(record, mapped)
    lower = {str(k).lower(): v for k, v in record.items()}
    for cand in FieldMap.DEFAULTS[name]:
        if cand in lower and lower[cand] not in (None, ""):
            return lower[cand]
    return None


def _dig(record: dict, dotted: str):
    """``a.b`` looks into nested objects."""
    cur = record
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _str(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v is not None) or None
    if isinstance(value, dict):
        return value.get("name") or json.dumps(value, ensure_ascii=False)
    return str(value).strip() or None


def record_to_doc(record, index: int, path: str, fields: FieldMap, fmt: str, where: str) -> Item:
    """One export record to a raw document, or an error naming the record and field."""
    if not isinstance(record, dict):
        return IngestError(f"{where} is a JSON {type(record).__name__}, not an object; "
                           "write one JSON object per record", code="I005", path=path, record=index)
    text = _field(record, "text", fields)
    if not isinstance(text, str) or not text.strip():
        name = fields.text or "/".join(FieldMap.DEFAULTS["text"][:4])
        keys = ", ".join(map(str, list(record)[:8]))
        return IngestError(
            f"{where} has no text in field {name!r} (fields present: {keys}); pass --text-field NAME",
            code="I013", path=path, record=index, field=fields.text or "text",
        )
    raw_date = _field(record, "date", fields)
    published = parse_date(raw_date)
    return RawDoc(
        text=text, format=fmt, record_index=index,
        title=_str(_field(record, "title", fields)),
        outlet=_str(_field(record, "outlet", fields)),
        url=_str(_field(record, "url", fields)),
        author=_str(_field(record, "author", fields)),
        published=published,
        published_source=("field:" + (fields.date or _which(record, "date"))) if published else None,
        lang=_str(_field(record, "lang", fields)),
    )


def _which(record: dict, name: str) -> str:
    lower = {str(k).lower(): k for k in record}
    for cand in FieldMap.DEFAULTS[name]:
        if cand in lower:
            return str(lower[cand])
    return name


def read_jsonl(data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]:
    """One document per JSON line; a broken line becomes a failure and the rest go on."""
    try:
        text = decode_bytes(data, path)
    except IngestError as exc:
        yield exc
        return
    index = -1
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        index += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(f"line {lineno} is not valid JSON ({exc.msg} at column {exc.colno}); "
                              "fix or delete that line", code="I005", path=path, record=index)
            continue
        yield record_to_doc(record, index, path, opts.fields, "jsonl", f"line {lineno}")


def read_json(data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]:
    """A JSON array of records, an object holding one (``items``, ``data`` ...), or one record."""
    try:
        text = decode_bytes(data, path)
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data":  # one object per line: JSON Lines saved as .json
                yield from read_jsonl(data, path, opts)
                return
            raise IngestError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                              "fix the file or save it as JSON Lines (.jsonl)", code="I005", path=path) from exc
    except IngestError as exc:
        yield exc
        return
    records = obj
    if isinstance(obj, dict):
        for key in ("items", "data", "documents", "records", "articles", "results"):
            if isinstance(obj.get(key), list):
                records = obj[key]
                break
        else:
            records = [obj]
    if not isinstance(records, list):
        yield IngestError("JSON holds neither a list of records nor an object; "
                          "write [ {...}, {...} ]", code="I005", path=path)
        return
    for i, rec in enumerate(records):
        yield record_to_doc(rec, i, path, opts.fields, "json", f"record {i}")


def read_delimited(data: bytes, path: str, opts: IngestOptions, *, delimiter: str) -> Iterator[Item]:
    """One document per CSV/TSV row; the first row names the columns."""
    fmt = "tsv" if delimiter == "\t" else "csv"
    try:
        text = decode_bytes(data, path)
    except IngestError as exc:
        yield exc
        return
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    index = -1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            index += 1
            yield IngestError(f"row near line {reader.line_num} is not valid {fmt.upper()} ({exc}); "
                              "fix its quoting", code="I005", path=path, record=index)
            continue
        index += 1
        if None in row:  # more cells than header columns
            yield IngestError(f"row at line {reader.line_num} has more cells than the header's "
                              f"{len(reader.fieldnames or [])} columns; quote cells that hold '{delimiter}'",
                              code="I005", path=path, record=index)
            continue
        yield record_to_doc(row, index, path, opts.fields, fmt, f"row at line {reader.line_num}")


def read_csv(data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]:
    """CSV export reader."""
    return read_delimited(data, path, opts, delimiter=",")


def read_tsv(data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]:
    """TSV export reader."""
    return read_delimited(data, path, opts, delimiter="\t")
