"""CPU per article in one process: ckg's extraction against the full en_core_web_sm pipeline.

    .venv/bin/python bench/bench_cpu.py [--articles 300] [--repeat 4] [--workdir DIR]

Run by hand, not in CI. Where ``bench_build.py`` times whole builds, this isolates what
``--jobs`` multiplies: the CPU one process spends per article on the NLP and the rules
(``extraction.extract``, the model already loaded) against ``nlp.pipe`` of the stock model
(every component over every sentence). Both run on the same articles, alternating, after a
warm-up; the ratio is the median of the repetitions' ratios. The best ``--jobs 2`` ratio
in bench_build.py is about (what two busy processes get done) / (this ratio).

Both share one process, so the stock pipeline here also runs with the settings
``make_nlp`` makes for the whole process (one BLAS thread, glibc keeping freed memory);
``bench_build.py`` runs its baseline in a process of its own, as a user would.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()

    import spacy

    from bench.corpus import ensure_corpus
    from extraction import extract, make_nlp
    from extraction.gazetteer import preload_cities
    from extraction.models import default_model
    from sources import load

    work = args.workdir or Path(tempfile.mkdtemp(prefix="ckg-bench-cpu-"))
    corpus = work / "corpus"
    ensure_corpus(corpus, args.articles)
    articles = list(load([corpus]))
    texts = [a.text for a in articles]
    nlp = make_nlp()
    preload_cities()
    stock = spacy.load(default_model())
    list(extract(articles[:20], nlp))  # warm-up: lazy tables, first lexemes
    list(stock.pipe(texts[:20]))
    baseline, ckg = [], []
    for _ in range(args.repeat):
        start = time.process_time()
        for _ in stock.pipe(texts, batch_size=64):
            pass
        baseline.append(time.process_time() - start)
        start = time.process_time()
        for _ in extract(articles, nlp):
            pass
        ckg.append(time.process_time() - start)
    ratios = [c / b for b, c in zip(baseline, ckg)]
    per = 1000 / len(articles)
    print(f"{len(articles)} articles, {args.repeat} runs each, spaCy {spacy.__version__}")
    print(f"baseline en_core_web_sm  {statistics.median(baseline) * per:6.1f} ms/article")
    print(f"ckg extraction           {statistics.median(ckg) * per:6.1f} ms/article")
    print(f"ckg / baseline CPU       {statistics.median(ratios):6.2f} "
          f"({min(ratios):.2f}-{max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
