"""The seed gold: build ../shared/corpus/seeds and fail if any acceptance figure drops."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from graph import BuildOptions, build

pytestmark = pytest.mark.model

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "corpus" / "gold"
SCORER = SHARED / "tools" / "score.py"

if not (SEEDS.is_dir() and GOLD.is_dir() and SCORER.is_file()):
    pytest.skip("the shared seed corpus is not beside this checkout", allow_module_level=True)


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    result = build([SEEDS], BuildOptions(out_dir=out, page=False))
    assert result.articles == len(list(SEEDS.glob("*.txt")))
    spec = importlib.util.spec_from_file_location("ckg_seed_scorer", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold, predicted = scorer.Gold(GOLD), scorer.Predicted(out / "graph.ttl")
    explain: list[str] = []
    result = {"entities": scorer.score_entities(gold, predicted, explain),
              "transfers": scorer.score_transfers(gold, predicted, explain)}
    print(json.dumps(result, indent=1))
    return result


def test_entity_f1(scores):
    assert scores["entities"]["all"]["f1"] >= 0.90


@pytest.mark.parametrize("entity_type", ["State", "Official", "Person", "Organization",
                                         "MilitaryUnit", "Location"])
def test_every_type_f1(scores, entity_type):
    assert scores["entities"][entity_type]["f1"] >= 0.75


def test_no_duplicate_nodes(scores):
    assert sum(v.get("duplicates", 0) for v in scores["entities"].values()) == 0


def test_transfer_precision_and_recall(scores):
    assert scores["transfers"]["precision"] >= 0.80
    assert scores["transfers"]["recall"] >= 0.65


@pytest.mark.parametrize(("figure", "floor"), [
    ("quantity_accuracy", 0.90), ("claimant_accuracy", 0.75), ("status_accuracy", 0.75)])
def test_claim_accuracies(scores, figure, floor):
    assert scores["transfers"][figure] >= floor
