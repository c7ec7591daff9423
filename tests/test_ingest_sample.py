"""Every document of the sample corpus is stored with the metadata examples/expected.yaml lists."""

from __future__ import annotations

import os

import yaml

from conftest import EXAMPLES
from kennan.store import open_store

EXPECTED = yaml.safe_load((EXAMPLES.parent / "expected.yaml").read_text(encoding="utf-8"))["documents"]


def test_sample_metadata_matches_expected(sample_db):
    s = open_store(sample_db)
    docs = list(s.iter_documents())
    s.close()
    assert len(docs) == len(EXPECTED)
    by_key = {(os.path.relpath(d.source_path, EXAMPLES), d.record_index): d for d in docs}
    for want in EXPECTED:
        d = by_key.get((want["file"], want["record_index"]))
        assert d is not None, f"not stored: {want['file']} record {want['record_index']}"
        where = f"{want['file']}[{want['record_index']}]"
        assert d.format == want["format"], where
        assert d.lang == want["lang"], where
        for field in ("title", "outlet", "url", "author"):
            if want.get(field) is not None:
                assert getattr(d, field) == want[field], f"{where} {field}: {getattr(d, field)!r}"
        assert d.published == want["published"], f"{where} published: {d.published!r}"
        assert bool(d.published_source) == bool(want["published"]), where  # where the date came from
