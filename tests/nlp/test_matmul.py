"""The pipeline's layers multiply through numpy on one BLAS thread, and annotate exactly as
spaCy's default (BLIS) does: every tag, head, dependency, entity and lemma the same on
news-shaped sentences (the whole 1,341-text check is in docs/scaling.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, SENT_START, TAG
from spacy.language import Language
from thinc.api import get_current_ops
from thinc.backends.numpy_ops import NumpyOps

from newsgraph.config import SPACY_MODEL
from newsgraph.errors import InputError
from newsgraph.nlp.matmul import layer_ops, one_blas_thread

TEXTS = [
    "The defence minister, who led the delegation to Baku, said on Tuesday that a third "
    "round of talks would be held in Geneva next month.",
    "According to two officials briefed on the matter, the envoy met the foreign minister "
    "for three hours and proposed a $250 million aid package.",
    '"We are not there yet," a senior diplomat told Reuters. "But the gap has narrowed."',
    "Troops withdrew from 14 villages near the border late on Sunday, the ministry said.",
    "Ms Alvarez, 54, chairs the committee.\n\nIt meets again on 3 March.",
]
ANNOTATIONS = [TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, LEMMA, SENT_START]


def _uses_blis(nlp: Language, pipe: str) -> set[bool]:
    return {getattr(node.ops, "use_blis", None) for node in nlp.get_pipe(pipe).model.walk()}


@pytest.fixture(scope="module")
def with_blis() -> Language:
    with layer_ops("blis"):
        return spacy.load(SPACY_MODEL)


@pytest.fixture(scope="module")
def with_numpy() -> Language:
    with layer_ops("numpy"):
        return spacy.load(SPACY_MODEL)


def test_numpy_models_annotate_every_token_as_blis_ones(
    with_blis: Language, with_numpy: Language
) -> None:
    assert _uses_blis(with_blis, "tok2vec") == {True}
    assert _uses_blis(with_numpy, "tok2vec") == {False}
    for blis_doc, numpy_doc in zip(with_blis.pipe(TEXTS), with_numpy.pipe(TEXTS), strict=True):
        assert (blis_doc.to_array(ANNOTATIONS) == numpy_doc.to_array(ANNOTATIONS)).all()
        assert [(e.text, e.label_) for e in blis_doc.ents] == [
            (e.text, e.label_) for e in numpy_doc.ents
        ]


def test_loading_the_pipeline_holds_its_blas_to_one_thread() -> None:
    """In a process of its own: here, other tests may load another BLAS (scipy's) after
    the limit, which the pipeline never calls."""
    script = (
        "import json\n"
        "from threadpoolctl import threadpool_info\n"
        "from newsgraph.nlp.convert import load_nlp\n"
        "load_nlp()\n"
        "print(json.dumps([lib['num_threads'] for lib in threadpool_info()"
        " if lib['user_api'] == 'blas']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [1]


def test_numpy_ops_are_scoped_to_the_context() -> None:
    assert one_blas_thread()
    with layer_ops("numpy"):
        ops = get_current_ops()
        assert isinstance(ops, NumpyOps) and not ops.use_blis
    assert getattr(get_current_ops(), "use_blis", True)  # the context is left as it was


def test_the_loaded_pipeline_multiplies_through_numpy(nlp: Language) -> None:
    for pipe in ("tok2vec", "tagger", "parser", "ner"):
        assert False in _uses_blis(nlp, pipe)


def test_an_unknown_choice_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="NEWSGRAPH_MATMUL must be one of numpy, blis"):
        layer_ops("mkl")
