"""Science-communication drift benchmarks (evaluation-only data; models trained at bench time).

Three tasks from ../shared/data/drift (read its READMEs):

* claim strength (Yu et al.): 0-3 per sentence, macro-F1 by stratified 5-fold
  cross-validation on each file (the published BioBERT numbers are 5-fold CV);
* exaggeration (InSciOut pairs): score each side's strength with a classifier
  trained on the Yu sentences plus the 100 *train* pairs' sides, then compare
  (exaggerates iff retelling > source); macro-F1 over downplays/same/exaggerates
  on the 563 test pairs;
* certainty (Pei & Jurgens): ridge regression trained on the ``train`` split,
  alpha chosen on ``val``, Pearson r on ``test``.

Features: word 1-3-gram and char 2-5-gram TF-IDF plus the drift lexicon's
certainty cue counts (kennan.drift.decompose). No weights are written to disk:
the data's licences (GPL-3.0, none stated, MIT) do not let us ship models
trained on all of it inside the package.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np

GOLD = {
    "exaggeration-insciout/insciout_test.jsonl": "41429cc76860e56b96791be8478c2eb831e19e5d605b529c626b5327f2ed7f0a",
    "exaggeration-insciout/insciout_train.jsonl": "ee5f42661e28d30271060047cdc7a284885ac6dc4e20cc6d780f21a76a56efd5",
    "claim-strength-yu/annotated_pubmed.csv": "57973580bc93127289105c8f45e9886ad054b5e360a639d7678f15e7c202ad6d",
    "claim-strength-yu/annotated_eureka.csv": "a0243352da856be39207a61816350f679ddb28d5d66d2621c786bd412345e2f9",
    "certainty-pei-jurgens/sentence-level-certainty.jsonl":
        "16abc9ca0f00aab2e8e0a10b115f4044acc2899d02d480227b687605da32d79d",
}
EXAG_LABELS = ("downplays", "same", "exaggerates")


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def check_gold(data: Path) -> dict[str, str]:
    """The sha256 of each gold file under ``data``; raises FileNotFoundError when one is missing."""
    out = {}
    for rel in GOLD:
        p = Path(data) / rel
        if not p.is_file():
            raise FileNotFoundError(p)
        out[rel] = sha256(p)
    return out


def _jsonl(p: Path) -> list[dict]:
    return [json.loads(line) for line in Path(p).read_text(encoding="utf-8").splitlines() if line.strip()]


def _csv(p: Path) -> list[dict]:
    with open(p, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- features
class LexiconFeatures:
    """Dense features from the drift lexicon: counts of certainty cues per level, question, negation."""

    def fit(self, x, y=None):
        return self

    def transform(self, x):
        from scipy.sparse import csr_matrix

        from kennan.drift import decompose

        rows = []
        for text in x:
            side = decompose(text, lang="en")
            counts = [0.0] * 5
            for c in side.certainty_cues:
                counts[int(c.value)] += 1
            lvl = [0.0] * 5
            lvl[side.certainty_level] = 1.0
            rows.append(counts + lvl + [float(side.is_question), float(len(side.negations)),
                                         float(len(side.qualifiers))])
        return csr_matrix(np.asarray(rows, dtype=float))

    def fit_transform(self, x, y=None):
        return self.transform(x)


def text_features(lexicon: bool = True, quick: bool = False):
    """TF-IDF word 1-3 + char_wb 2-5 n-grams (+ lexicon features); ``quick``: word 1-2-grams only."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    if quick:
        return make_union(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True))
    parts = [TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True),
             TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True,
                             max_features=60000)]
    if lexicon:
        parts.append(LexiconFeatures())
    return make_union(*parts)


def strength_model(c: float = 0.3, quick: bool = False):
    """The claim-strength classifier: TF-IDF + lexicon features, linear SVM (balanced classes)."""
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(text_features(quick=quick), LinearSVC(C=c, class_weight="balanced", random_state=0))


# ---------------------------------------------------------------- tasks
def claim_strength(data: Path, *, folds: int = 5, seed: int = 0, c: float = 0.3, quick: bool = False) -> dict:
    """Macro-F1 of the strength classifier by stratified k-fold CV on each Yu file."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    out = {}
    for name, rel in (("pubmed", "claim-strength-yu/annotated_pubmed.csv"),
                      ("eureka", "claim-strength-yu/annotated_eureka.csv")):
        rows = _csv(Path(data) / rel)
        x = [r["sentence"] for r in rows]
        y = np.array([int(r["label"]) for r in rows])
        pred = cross_val_predict(strength_model(c, quick), x, y, cv=StratifiedKFold(folds, shuffle=True,
                                                                             random_state=seed))
        out[name] = {"macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
                     "accuracy": round(float((pred == y).mean()), 4), "n": len(y)}
    out["macro_f1_mean"] = round((out["pubmed"]["macro_f1"] + out["eureka"]["macro_f1"]) / 2, 4)
    return out


def exaggeration(data: Path, *, c: float = 0.3, train_pair_weight: float = 1.0, quick: bool = False) -> dict:
    """Decompose-then-compare on InSciOut: strength per side, exaggerates iff retelling > source.

    Training data: the Yu sentences (minus any sentence that also occurs in the
    test pairs) and both sides of the 100 train pairs, weighted
    ``train_pair_weight`` as in-domain data. Test pairs are never seen.
    """
    from sklearn.metrics import f1_score

    d = Path(data)
    train = _jsonl(d / "exaggeration-insciout/insciout_train.jsonl")
    test = _jsonl(d / "exaggeration-insciout/insciout_test.jsonl")
    test_sents = {s.strip().casefold() for r in test for s in (r["abstract_conclusion"],
                                                              r["press_release_conclusion"])}
    x, y, w = [], [], []
    for rel in ("claim-strength-yu/annotated_pubmed.csv", "claim-strength-yu/annotated_eureka.csv"):
        for r in _csv(d / rel):
            if r["sentence"].strip().casefold() in test_sents:
                continue
            x.append(r["sentence"])
            y.append(int(r["label"]))
            w.append(1.0)
    for r in train:
        for side in ("abstract", "press_release"):
            x.append(r[f"{side}_conclusion"])
            y.append(int(r[f"{side}_strength"]))
            w.append(train_pair_weight)
    model = strength_model(c, quick)
    model.fit(x, y, linearsvc__sample_weight=np.asarray(w))
    a = model.predict([r["abstract_conclusion"] for r in test])
    p = model.predict([r["press_release_conclusion"] for r in test])
    pred = np.where(p > a, "exaggerates", np.where(p < a, "downplays", "same"))
    gold = np.array([r["exaggeration_label"] for r in test])
    per = f1_score(gold, pred, average=None, labels=list(EXAG_LABELS))
    ga = np.array([r["abstract_strength"] for r in test])
    gp = np.array([r["press_release_strength"] for r in test])
    return {
        "macro_f1": round(float(f1_score(gold, pred, average="macro", labels=list(EXAG_LABELS))), 4),
        "per_class_f1": {k: round(float(v), 4) for k, v in zip(EXAG_LABELS, per)},
        "side_strength_accuracy": {"source": round(float((a == ga).mean()), 4),
                                   "retelling": round(float((p == gp).mean()), 4)},
        "n_test": len(test), "n_train_sentences": len(x),
    }


def certainty(data: Path, *, alphas=(0.3, 1.0, 3.0, 10.0), quick: bool = False) -> dict:
    """Pearson r of a ridge regression on sentence-level certainty (alpha tuned on val)."""
    from scipy.stats import pearsonr
    from sklearn.linear_model import Ridge

    rows = _jsonl(Path(data) / "certainty-pei-jurgens/sentence-level-certainty.jsonl")
    split = {s: [r for r in rows if r["split"] == s] for s in ("train", "val", "test")}
    xt = [r["finding"] for r in split["train"]]
    yt = [r["sentence-level-certainty"] for r in split["train"]]
    feats = text_features(quick=quick).fit(xt)
    xtr = feats.transform(xt)
    xv = feats.transform([r["finding"] for r in split["val"]])
    yv = [r["sentence-level-certainty"] for r in split["val"]]
    best = None
    for alpha in alphas:
        m = Ridge(alpha=alpha).fit(xtr, yt)
        r = pearsonr(m.predict(xv), yv)[0]
        if best is None or r > best[0]:
            best = (r, alpha, m)
    r_val, alpha, model = best
    pred = model.predict(feats.transform([r["finding"] for r in split["test"]]))
    gold = [r["sentence-level-certainty"] for r in split["test"]]
    # The shipped lexicon alone, for comparison: certainty level of decompose().
    from kennan.drift import decompose
    lex = [decompose(r["finding"], lang="en").certainty_level for r in split["test"]]
    return {"pearson_r": round(float(pearsonr(pred, gold)[0]), 4), "val_pearson_r": round(float(r_val), 4),
            "alpha": alpha, "lexicon_level_pearson_r": round(float(pearsonr(lex, gold)[0]), 4),
            "n_test": len(gold), "n_train": len(yt)}
