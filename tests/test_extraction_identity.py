"""Cross-article identity: spelling variants of one person merge; different people do not."""

from __future__ import annotations

import pytest

from extraction import ArticleExtraction, EntityRecord, unify
from extraction.identity import same_person
from ontology import EntityType


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy", True),
    ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy", True),
    ("Kim Jong Un", "Kim Yo Jong", False),
    ("John Kirby", "John Kerry", False),
    ("Abdel Fattah al-Burhan", "Abdel Fattah Al Burhan", True),
    ("Austin", "Lloyd Austin", False),
])
def test_same_person(a, b, same):
    assert same_person(a, b) is same


def test_unify_rewrites_keys_everywhere():
    first = ArticleExtraction(article_id="1", source_file="a.txt", entities=(
        EntityRecord(key="ivan_petrenko", type=EntityType.OFFICIAL, name="Ivan Petrenko"),))
    second = ArticleExtraction(article_id="2", source_file="b.txt", entities=(
        EntityRecord(key="ivan_petrenkko", type=EntityType.OFFICIAL, name="Ivan Petrenkko"),))
    keys = {e.key for x in unify([first, second]) for e in x.entities}
    assert len(keys) == 1 and keys <= {"ivan_petrenko", "ivan_petrenkko"}
