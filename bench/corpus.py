"""Generate many distinct news-shaped articles from ckg's own example articles and templates.

Used by bench/bench_build.py and by the build tests (kill test, cache test). Sentences of
``examples/articles`` are recombined with template sentences about transfers between
states, with names and numbers varied, so that every article is distinct.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"

STATES = ["Russia", "Ukraine", "North Korea", "Iran", "China", "Belarus", "Germany", "France",
          "Poland", "the United States", "Britain", "Turkey", "Israel", "Syria", "Mali",
          "South Korea", "Japan", "India", "Pakistan", "Egypt"]
ITEMS = [("artillery shells", "shells"), ("attack drones", "drones"), ("soldiers", "troops"),
         ("ballistic missiles", "missiles"), ("tanks", "tanks"), ("rocket launchers", "rockets"),
         ("air defence systems", "systems"), ("rifles", "rifles")]
SPEAKERS = ["a defence ministry spokesman", "officials", "the foreign minister",
            "an analyst at the Institute for the Study of War", "intelligence officials",
            "John Kirby", "Lloyd Austin", "a senior NATO official"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "last week", "in March"]
TEMPLATES = [
    "{a} has sent {n} {item} to {b}, {who} said on {day}.",
    "{who} said {a} delivered about {n} {item} to {b} {day}.",
    "{a} denied supplying {item} to {b}.",
    "{b} received at least {n} {item} from {a}, according to {who}.",
    "{a} plans to send up to {n} {item} to {b} next month, {who} said.",
    "The deliveries of {short} from {a} arrived in {b} {day}.",
    "Markets in {b} were calm on {day} and no fighting was reported near the border.",
    "{who} declined to comment on the number of {short}.",
]
_SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])")


def example_sentences() -> list[str]:
    """Sentences of the body paragraphs of the example .txt articles."""
    sentences = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")[1:]
        for paragraph in paragraphs:
            sentences += [s.strip() for s in _SENTENCE.split(paragraph.replace("\n", " "))
                          if len(s.split()) > 4]
    return sentences


def _vary_numbers(sentence: str, rng: random.Random) -> str:
    return re.sub(r"\d[\d,]*", lambda m: f"{rng.randint(2, 9000):,}", sentence)


def make_article(index: int, rng: random.Random, pool: list[str]) -> str:
    """One article: a title line, a byline, a date line and 2-4 paragraphs."""
    a, b = rng.sample(STATES, 2)
    item, short = rng.choice(ITEMS)
    title = f"{a.removeprefix('the ').title()} and {b.removeprefix('the ')}: report {index}"
    paragraphs = []
    for _ in range(rng.randint(2, 4)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.5:
                sentences.append(_vary_numbers(rng.choice(pool), rng))
            else:
                sentences.append(rng.choice(TEMPLATES).format(
                    a=a, b=b, item=item, short=short, n=f"{rng.randint(2, 20000):,}",
                    who=rng.choice(SPEAKERS), day=rng.choice(DAYS)))
        text = " ".join(sentences)
        paragraphs.append(text[0].upper() + text[1:])
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    return (f"{title}\nBy Reporter {index}\nPublished: 2024-{month:02d}-{day:02d}\n\n"
            + "\n\n".join(paragraphs) + f"\n\n(Report number {index}.)\n")


def write_corpus(folder: Path, count: int, *, seed: int = 1, start: int = 0) -> list[Path]:
    """Write ``count`` distinct articles as ``folder/article_NNNNN.txt``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = example_sentences()
    paths = []
    for index in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + index)
        path = folder / f"article_{index:05d}.txt"
        path.write_text(make_article(index, rng, pool), encoding="utf-8")
        paths.append(path)
    return paths


def ensure_corpus(folder: Path, count: int) -> None:
    """Make ``folder`` hold exactly the ``count`` articles ``write_corpus`` gives (the
    benches reuse a work folder; an article left over from a larger run is removed)."""
    wanted = {f"article_{index:05d}.txt" for index in range(count)}
    present = {p.name for p in folder.glob("*.txt")} if folder.is_dir() else set()
    if present == wanted:
        return
    for name in present - wanted:
        (folder / name).unlink()
    write_corpus(folder, count)


if __name__ == "__main__":
    import sys

    write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100)
