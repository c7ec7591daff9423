"""Accuracy of kennan's attribution rules on gold data (evaluation only, never copied).

PolNeAR test in the CofeNet sentence-level BIO split (polnear-cofenet/test.txt, 1,814 units): tokens are
joined with spaces (PTB quote tokens `` '' turned back into “ ”), parsed and run through kennan's English
rules; predicted speaker / cue / content spans are mapped back to tokens (a direct quote's content is
widened to its marks, PolNeAR's convention). With ``--crf MODEL`` (built by bench/train_attribution.py
from PolNeAR train, user side) the CRF's spans are used, plus the rules' spans where the CRF has none. Metrics per role: exact span match P/R/F1 (a predicted span counts when a gold
span of the role has the same first and last token; CofeNet's metric) and token-overlap P/R/F1 (tokens
labelled with the role). Russian: adaq-ru-cs ru sentences (token tags source/cue/content), token-level
P/R/F1 of kennan's natasha rules.

    python bench/attribution.py [--data ../shared/data] [--split test|valid] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from kennan.registry import method as method_name  # noqa: E402
ROLES = ("source", "cue", "content")
PTB = {"``": "“", "''": "”", "-LRB-": "(", "-RRB-": ")"}
QUOTE_TOKENS = {"“", "”", '"'}


def widen_to_marks(tokens: list[str], rg: tuple[int, int]) -> tuple[int, int]:
    """PolNeAR's content of a direct quote includes its marks and the comma before the closing one."""
    a, b = rg
    if a > 0 and tokens[a - 1] in QUOTE_TOKENS:
        a -= 1
        if b + 1 < len(tokens) and tokens[b + 1] in (",", ".", "?", "!") and b + 2 < len(tokens) and \
                tokens[b + 2] in QUOTE_TOKENS:
            b += 2
        elif b + 1 < len(tokens) and tokens[b + 1] in QUOTE_TOKENS:
            b += 1
    return a, b


def gold_spans(labels: list[str]) -> dict[str, set[tuple[int, int]]]:
    out: dict[str, set] = {r: set() for r in ROLES}
    cur = None
    for i, lab in enumerate(labels + ["O"]):
        if cur and not (lab.startswith("I-") and lab[2:] == cur[0]):
            out[cur[0]].add((cur[1], i - 1))
            cur = None
        if lab.startswith("B-") or (lab.startswith("I-") and cur is None):
            cur = (lab[2:], i)
    return out


def prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * (2 * p * r / (p + r) if p + r else 0), 1)}


def _char_to_tok(tokens: list[str]):
    starts, pos = [], 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    return starts


def _tok_range(starts, tokens, a: int, b: int) -> tuple[int, int] | None:
    idx = [i for i, s in enumerate(starts) if s < b and a < s + len(tokens[i])]
    return (idx[0], idx[-1]) if idx else None


def _rules_pred(units, texts, docs) -> list[dict[str, set]]:
    """The rules' spans per unit as token ranges (floating quotes and transcript labels left out)."""
    from kennan.extract.actors import ActorIndex
    from kennan.extract.document import extract_english
    from kennan.records import Document

    index = ActorIndex()
    out = []
    for u, text, sdoc in zip(units, texts, docs):
        starts = _char_to_tok(u["tokens"])
        res = extract_english(Document(id=u["id"], text=text, lang="en"), sdoc, index)
        pred = {r: set() for r in ROLES}
        for s in res.statements:
            if s.kind == "floating" or s.cue_lemma == "transcript":
                continue
            if s.speaker_span:
                rg = _tok_range(starts, u["tokens"], *s.speaker_span)
                rg and pred["source"].add(rg)
            if s.cue_span:
                rg = _tok_range(starts, u["tokens"], *s.cue_span)
                rg and pred["cue"].add(rg)
            for a, b in s.content_spans:
                rg = _tok_range(starts, u["tokens"], a, b)
                rg and pred["content"].add(widen_to_marks(u["tokens"], rg))
        out.append(pred)
    return out


def _rules_pred_cached(name: str, units, texts, docs, use_cache: bool):
    if not use_cache:
        return _rules_pred(units, texts, docs)
    from _attr_cache import CACHE

    path = CACHE / f"{name}.pred.{method_name('extract')}.json"
    if path.is_file():
        raw = json.loads(path.read_text())
        if len(raw) == len(units):
            return [{r: {tuple(x) for x in p[r]} for r in ROLES} for p in raw]
    pred = _rules_pred(units, texts, docs)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([{r: sorted(p[r]) for r in ROLES} for p in pred]))
    return pred


def polnear(path: Path, limit: int | None, crf: str | None = None, cache: bool = False,
            crf_only: bool = False) -> dict:
    """Exact and token P/R/F1 of the rules (or the rules + a CRF model) on one CofeNet split file.

    ``cache`` keeps the spaCy parses and the rules' spans in bench/out/attr/ (git-ignored) so that CRF
    experiments do not re-parse; ``crf_only`` scores the CRF without the rules' fallback spans.
    """
    from kennan.extract.nlp import load_english

    units = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit:
        units = units[:limit]
    nlp = load_english()
    tagger = None
    if crf:
        from kennan.extract.learned import CRFTagger

        tagger = CRFTagger(crf)
    # PTB quote tokens (`` '') back to typographic marks, so the text reads as news text does
    for u in units:
        u["tokens"] = [PTB.get(t, t) for t in u["tokens"]]
    texts = [" ".join(u["tokens"]) for u in units]
    ex = {r: [0, 0, 0] for r in ROLES}   # tp, pred, gold
    tok = {r: [0, 0, 0] for r in ROLES}
    t0 = time.perf_counter()
    name = f"cofenet_{path.stem}" + (f"_{limit}" if limit else "")
    if cache:
        from _attr_cache import parsed

        docs = parsed(name, texts, nlp)
    else:
        docs = list(nlp.pipe(texts, batch_size=64))
    rules = _rules_pred_cached(name, units, texts, docs, cache)
    for u, sdoc, pred in zip(units, docs, rules):
        gold = gold_spans(u["labels"])
        starts = _char_to_tok(u["tokens"])
        if tagger is not None:
            crfp = {r: set() for r in ROLES}
            for sp in tagger.tag(sdoc):
                rg = _tok_range(starts, u["tokens"], sp.start, sp.end)
                rg and crfp[sp.role].add(rg)
            for r in ROLES:
                # the CRF's spans, plus the rules' where the CRF has nothing overlapping (chosen on dev:
                # +0.5/+0.2/+0.2 exact F1 over the CRF alone)
                extra = set() if crf_only else {p for p in pred[r]
                                                if not any(a <= p[1] and p[0] <= b for a, b in crfp[r])}
                pred[r] = crfp[r] | extra
        for r in ROLES:
            ex[r][0] += len(pred[r] & gold[r])
            ex[r][1] += len(pred[r])
            ex[r][2] += len(gold[r])
            pt = {i for a, b in pred[r] for i in range(a, b + 1)}
            gt = {i for a, b in gold[r] for i in range(a, b + 1)}
            tok[r][0] += len(pt & gt)
            tok[r][1] += len(pt)
            tok[r][2] += len(gt)
    return {"units": len(units), "seconds": round(time.perf_counter() - t0, 1),
            "exact": {r: prf(*ex[r]) for r in ROLES}, "token": {r: prf(*tok[r]) for r in ROLES},
            "gold_spans": {r: ex[r][2] for r in ROLES}}


def adaq_ru(folder: Path, limit: int | None = None) -> dict:
    from kennan.extract.actors import ActorIndex
    from kennan.extract.russian import extract_russian
    from kennan.records import Document

    sents = {}
    with open(folder / "ru_sentences.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            sents[row["sentence_id"]] = row["sentences"]
    toks = defaultdict(list)
    with open(folder / "ru_tokens.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            toks[row["sentence_num"]].append((row["text"], row["tags"]))
    index = ActorIndex()
    c = {r: [0, 0, 0] for r in ROLES}
    items = list(toks.items())[:limit] if limit else list(toks.items())
    for sid, tlist in items:
        text = sents.get(sid)
        if text is None:
            continue
        # token char offsets: find each token in order
        offs, pos = [], 0
        for t, _ in tlist:
            k = text.find(t, pos)
            offs.append((k, k + len(t)) if k >= 0 else None)
            if k >= 0:
                pos = k + len(t)
        res = extract_russian(Document(id=sid, text=text, lang="ru"), index)
        pred = {r: set() for r in ROLES}
        for s in res.statements:
            spans = {"source": [s.speaker_span] if s.speaker_span else [], "cue": [s.cue_span] if s.cue_span else [],
                     "content": list(s.content_spans)}
            for r in ROLES:
                for a, b in spans[r]:
                    pred[r].update(i for i, o in enumerate(offs) if o and o[0] < b and a < o[1])
        for r in ROLES:
            gt = {i for i, (_, tag) in enumerate(tlist) if tag == r}
            c[r][0] += len(pred[r] & gt)
            c[r][1] += len(pred[r])
            c[r][2] += len(gt)
    return {"sentences": len(items), "token": {r: prf(*c[r]) for r in ROLES}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--split", default="test", choices=["test", "valid"])
    ap.add_argument("--limit", type=int, default=None, help="First N units only (the gate uses a subset).")
    ap.add_argument("--no-ru", action="store_true", help="Skip the Russian adaq sentences.")
    ap.add_argument("--only-ru", action="store_true", help="Only the Russian adaq sentences.")
    ap.add_argument("--crf", help="A CRF model built by bench/train_attribution.py (user side; not shipped).")
    ap.add_argument("--cache", action="store_true",
                    help="Keep parses and the rules' spans in bench/out/attr/ (CRF experiments; git-ignored).")
    ap.add_argument("--crf-only", action="store_true", help="With --crf: the CRF's spans alone (no rules fallback).")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    base = Path(a.data) / "quotes"
    pn = base / "polnear-cofenet" / f"{a.split}.txt"
    if not pn.is_file():
        print(f"skipped: {pn} not found (pass --data)")
        return 0
    out = {"bench": "attribution", "method": method_name("extract") + ("+crf" if a.crf else ""), "split": a.split}
    if not a.only_ru:
        out["polnear"] = polnear(pn, a.limit, a.crf, a.cache, a.crf_only)
    if not a.no_ru and (base / "adaq-ru-cs" / "ru_tokens.tsv").is_file():
        out["adaq_ru"] = adaq_ru(base / "adaq-ru-cs")
    if a.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for k in ("exact", "token"):
            if "polnear" in out:
                print(k, json.dumps(out["polnear"][k]))
        if "adaq_ru" in out:
            print("adaq ru token", json.dumps(out["adaq_ru"]["token"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
