"""The optional CRF tagger path (features, training, tagging, decode), trained here on our own sentences."""

from __future__ import annotations

import pytest

pycrfsuite = pytest.importorskip("pycrfsuite", reason="python-crfsuite not installed (pip install 'kennan[learned]')")


def test_crf_round_trip(tmp_path):
    from kennan.extract.learned import CRFTagger, decode, features, rule_labels
    from kennan.extract.nlp import load_english

    nlp = load_english()
    train = ["The minister said that the talks had failed.", "Officials told reporters that the border was closed.",
             "The senator insisted that Russia would not change course.", "He warned of a long winter.",
             "The weather was cold in Moscow.", "Prices rose again in November."] * 3
    trainer = pycrfsuite.Trainer(verbose=False)
    for t in train:
        d = nlp(t)
        trainer.append(features(d), rule_labels(d))
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 60})
    model = tmp_path / "m.crfsuite"
    trainer.train(str(model))
    tagger = CRFTagger(str(model))
    d = nlp("The ambassador said that the deal had failed.")
    spans = {(s.role, d.text[s.start:s.end]) for s in tagger.tag(d)}
    assert ("cue", "said") in spans and ("source", "The ambassador") in spans
    assert decode(d, ["O"] * len(d)) == []


def test_missing_model_is_a_coded_error(tmp_path):
    from kennan.errors import ExtractError
    from kennan.extract.learned import CRFTagger

    with pytest.raises(ExtractError) as e:
        CRFTagger(str(tmp_path / "nope.crfsuite"))
    assert e.value.code == "E004"


def test_feature_set_2_and_model_sidecar(tmp_path):
    import json

    from kennan.extract.learned import CRFTagger, features_v2, rule_labels, trim_cue_tags
    from kennan.extract.nlp import load_english

    nlp = load_english()
    train = ["The minister said that the talks had failed.", "Officials told reporters that the border was closed.",
             "“We will not give up,” the senator said.", "The weather was cold in Moscow."] * 3
    trainer = pycrfsuite.Trainer(verbose=False)
    for t in train:
        d = nlp(t)
        f = features_v2(d)
        assert len(f) == len(d) and any(x.startswith("qs=") for x in f[0])
        trainer.append(f, rule_labels(d))
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 60})
    model = tmp_path / "m2.crfsuite"
    trainer.train(str(model))
    (tmp_path / "m2.crfsuite.json").write_text(json.dumps({"features": 2}), encoding="utf-8")
    tagger = CRFTagger(str(model))
    assert tagger.features is features_v2
    d = nlp("The ambassador said that the deal had failed.")
    spans = {(s.role, d.text[s.start:s.end]) for s in tagger.tag(d)}
    assert ("cue", "said") in spans
    # cue trimming (an option a model's sidecar can turn on): "said on Thursday" -> "said"
    d = nlp("The minister said on Thursday that talks failed.")
    tags = ["B-source", "I-source", "B-cue", "I-cue", "I-cue"] + ["O"] * (len(d) - 5)
    assert trim_cue_tags(d, tags)[2:5] == ["B-cue", "O", "O"]
