"""Fixtures shared by the whole suite (defined once here, as spaCy does)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ckg", deadline=None, max_examples=60)
settings.load_profile("ckg")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (en_core_web_sm + ckg's ruler), loaded once."""
    from extraction import make_nlp

    return make_nlp()


@pytest.fixture(scope="session")
def stock_parse():
    """Tag and parse texts with the stock model, its attribute ruler unindexed; returns
    the model and the docs (no attribute ruler, lemmas nor entities set yet)."""
    from extraction.models import default_model
    from extraction.pipeline import _load

    stock = _load(default_model())

    def run(texts):
        with stock.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
            return stock, list(stock.pipe(texts))

    return run


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Extract one hand-written article given as a string (optionally with a date)."""
    from extraction import extract
    from sources import Article, content_id

    def run(text: str, published=None, name: str = "case.txt"):
        article = Article(id=content_id(text), text=text, source_file=name, source=name,
                          published=published)
        return next(iter(extract([article], nlp)))

    return run


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
