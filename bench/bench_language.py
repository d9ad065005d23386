"""Language detection on a bounded prefix against the whole text: time and agreement.

    python bench/bench_language.py --articles 2000

``analysis.ingest.corpus.detect_language`` gives py3langid the first
``_LANGUAGE_SAMPLE`` (1,000) characters of a cleaned text. This script times
that against the whole text on synthetic articles (``bench_scoring.synthetic_texts``)
and on the bundled corpus, and prints every text whose language differs.
Times are CPU seconds, median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

from analysis.config import DATA_DIR
from analysis.ingest import articles as corpus_module
from analysis.ingest.clean import clean_text
from analysis.ingest.corpus import detect_language, load_corpus

sys.path.insert(0, str(Path(__file__).parent))  # bench/ is no package: its sibling script
from bench_scoring import _material, synthetic_texts  # noqa: E402


def _detect_all(texts: list[str], sample: int) -> tuple[float, list[str]]:
    old = corpus_module._LANGUAGE_SAMPLE
    corpus_module._LANGUAGE_SAMPLE = sample
    try:
        start = time.process_time()
        found = [detect_language(t) for t in texts]
        return time.process_time() - start, found
    finally:
        corpus_module._LANGUAGE_SAMPLE = old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="synthetic articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bundled = load_corpus(DATA_DIR, progress=False).articles["text"].tolist()
    sentences, boiler = _material()
    synthetic = [clean_text(t).text for t in synthetic_texts(args.articles, sentences, boiler)]
    for label, texts in (("bundled", bundled), (f"synthetic {args.articles}", synthetic)):
        chars = sum(map(len, texts))
        runs = {n: [_detect_all(texts, n) for _ in range(args.repeat)]
                for n in (1_000, 2_000, 10**9)}
        whole = runs[10**9][0][1]
        print(f"{label}: {len(texts)} texts, {chars / len(texts):,.0f} characters on average")
        for n, results in runs.items():
            cpu = statistics.median(r[0] for r in results)
            differ = [i for i, (a, b) in enumerate(zip(results[0][1], whole, strict=True))
                      if a != b]
            name = "whole text" if n == 10**9 else f"first {n:,} characters"
            print(f"  {name:<24} {cpu:7.2f} s CPU ({1e3 * cpu / len(texts):.2f} ms/text); "
                  f"languages differing from the whole text: {len(differ)} "
                  f"{[(i, results[0][1][i], whole[i]) for i in differ[:5]]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
