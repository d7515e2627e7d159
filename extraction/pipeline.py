"""Build the spaCy pipeline: the statistical model plus an entity ruler fed from reference data."""

from __future__ import annotations

import logging
from typing import Any

from .embeddings import remember_embeddings
from .errors import ExtractionError
from .maxout import speed_up_maxout
from .gazetteer import ruler_patterns
from .matching import index_attribute_ruler, index_ruler
from .model_rules import speed_up_attribute_ruler
from .models import DEFAULT_MODELS

logger = logging.getLogger(__name__)

#: glibc's mallopt() parameters, and the values the NLP runs best with (bytes).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_KEEP_FREED = ((_M_MMAP_THRESHOLD, 64 << 20), (_M_TRIM_THRESHOLD, 128 << 20))


def keep_freed_memory() -> bool:
    """Let glibc's allocator keep the memory the NLP frees for its next arrays.

    Every batch allocates and frees arrays of kilobytes to megabytes. By default glibc
    maps the big ones fresh from the kernel and gives freed memory back, so the process
    spent about 7% of its time in page faults zeroing new pages. With these thresholds
    arrays up to 64 MB come from the heap, which keeps up to 128 MB of freed memory for
    reuse (peak memory did not change with batches of 32 articles). Settings are per
    process and inherited by forks. Returns False where the C library has no
    ``mallopt`` (not glibc), which changes nothing else.
    """
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return all(mallopt(param, value) == 1 for param, value in _KEEP_FREED)


def _load(name: str) -> Any:
    """Load a pipeline whose layers multiply matrices through numpy's BLAS, one thread.

    thinc's default kernels (blis) run these products about three times slower than
    numpy's BLAS on current x86 machines; the results are the same to the last bit on
    ckg's test corpora. BLAS threads only compete with ``--jobs`` workers (and did not
    help even alone), so the process keeps one. The allocator keeps freed memory
    (``keep_freed_memory``).
    """
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    if name.startswith("blank:"):
        return spacy.blank(name.split(":", 1)[1])
    threadpool_limits(limits=1, user_api="blas")
    keep_freed_memory()
    with use_ops("numpy", use_blis=False):
        return spacy.load(name)


def make_nlp(model: str | None = None, *, parse_all: bool = False) -> Any:
    """Load ``model`` (default: whichever en_core_web_sm is installed) and add ckg's ruler.

    The tagger and parser see only the sentences the rules read the parse of
    (``ckg_cued_parse``); ``parse_all`` runs them on every sentence instead, as the model
    does (for comparisons).

    The model's matrix products run through numpy's BLAS, limited to one thread for the
    whole process (see ``_load``), its word embeddings are computed once per distinct
    word (``remember_embeddings``) and its maxout layers predict through numpy
    (``speed_up_maxout``).

    Raises:
        ExtractionError: the model is not installed.
    """
    names = (model,) if model else DEFAULT_MODELS
    nlp = None
    for name in names:
        try:
            nlp = _load(name)
            break
        except OSError as exc:
            logger.debug("cannot load %s: %s", name, exc)
    if nlp is None:
        raise ExtractionError(
            f"spaCy pipeline {names[0]!r} is not installed. Run `make install`, or pass "
            f"--model with an installed pipeline (or blank:en for rules only)")
    from . import components  # noqa: F401  (registers the ckg_* factories)

    for _, pipe in nlp.pipeline:  # same values: words embedded once, numpy's maxout
        if hasattr(getattr(pipe, "model", None), "walk"):
            remember_embeddings(pipe.model)
            speed_up_maxout(pipe.model)

    if "attribute_ruler" in nlp.pipe_names:  # same matches, without trying every pattern
        index_attribute_ruler(nlp.get_pipe("attribute_ruler"))
        speed_up_attribute_ruler(nlp.get_pipe("attribute_ruler"))

    cued = "parser" in nlp.pipe_names and not parse_all
    if "parser" in nlp.pipe_names and parse_all:
        nlp.add_pipe("ckg_paragraphs", before="parser")
    options = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name="ckg_gazetteer", **options,
                         config={"overwrite_ents": True})
    with nlp.select_pipes(enable=[]):  # ORTH phrase patterns need only the tokenizer
        ruler.add_patterns(ruler_patterns())
    if "ner" in nlp.pipe_names:
        from ontology import load_lexicon

        nlp.add_pipe("ckg_org_names", after="ner",
                     config={"head_words": load_lexicon()["org_head_words"]})
    index_ruler(ruler)  # same matches as spaCy's Matcher, without trying every pattern
    if cued:
        _cue_parsing(nlp)
    elif "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names \
            and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


def _cue_parsing(nlp: Any) -> None:
    """Split sentences by rule first; tag and parse the cued ones after the NER."""
    from .components import PARSING_PIPES

    first = nlp.pipe_names[0]
    nlp.add_pipe("ckg_sentences", before=first)
    for name in PARSING_PIPES:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    nlp.add_pipe("ckg_cued_parse")
