"""An article the extraction rules fail on is reported and skipped; the others are built."""

from __future__ import annotations

import pytest

import graph.builder as builder
from extraction import ArticleExtraction, ExtractionError
from graph import BuildOptions, build


def fake_extract(articles, nlp):
    for article in articles:
        if "BOOM" in article.text:
            raise ArithmeticError("rule bug")
        yield ArticleExtraction(article_id=article.id, source_file=article.source_file)


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_failing_article_costs_only_itself(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(builder, "make_nlp", lambda model: None)
    monkeypatch.setattr(builder, "extract", fake_extract)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(20):
        text = f"BOOM goes article {i}" if i in (3, 17) else f"Article number {i} is fine."
        (corpus / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    errors = []
    result = build([corpus], BuildOptions(out_dir=tmp_path / "out", jobs=jobs, page=False,
                                          cache_dir=tmp_path / "cache"),
                   on_error=errors.append)
    assert result.articles == 18
    assert [type(e) for e in errors] == [ExtractionError, ExtractionError]
    assert "a03.txt: extraction failed (ArithmeticError: rule bug)" in str(errors[0])
    assert len(result.failures) == 2
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 18  # failures are not cached
