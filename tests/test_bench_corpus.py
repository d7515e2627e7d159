"""The benches' generated corpus: distinct articles, and exactly as many as asked."""

from __future__ import annotations

from bench.corpus import ensure_corpus, write_corpus


def test_ensure_corpus_leaves_exactly_the_articles_asked_for(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, 5)
    write_corpus(folder, 1, start=7)  # left over from an incremental run
    ensure_corpus(folder, 4)
    assert sorted(p.name for p in folder.glob("*.txt")) == [
        f"article_{i:05d}.txt" for i in range(4)]
    texts = {p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
    assert len(texts) == 4


def test_ensure_corpus_keeps_a_folder_that_already_fits(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, 3)
    marker = folder / "article_00001.txt"
    marker.write_text("kept\n", encoding="utf-8")
    ensure_corpus(folder, 3)
    assert marker.read_text(encoding="utf-8") == "kept\n"
    ensure_corpus(folder, 5)
    assert len(list(folder.glob("*.txt"))) == 5
