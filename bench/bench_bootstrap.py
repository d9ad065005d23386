"""Bootstrap intervals of many one-article groups: does the cost grow with the corpus?

    python bench/bench_bootstrap.py --groups 1000 4000

A synthetic frame_scores table of N articles, each its own outlet (as with ``--by
origin`` on a corpus of many authors, or a corpus of many small sites): 3 frames, 12
sentences of 25 tokens per article, a hit in some. Prints the CPU seconds of
:meth:`analysis.frames.bootstrap.ArticleTotals.scores` (``--n-boot`` resamples) and
the seconds per group; flat seconds per group mean the cost grows with the corpus, not
faster.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from analysis.frames.bootstrap import ArticleTotals, SentenceCounts
from analysis.schema import VOICES


def synthetic(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """frame_scores, sentences and hits of ``n`` one-article groups."""
    rng = np.random.default_rng(seed)
    ids = [f"a{i}" for i in range(n)]
    hits = rng.integers(0, 2, 3 * n)
    frame_scores = pd.DataFrame({
        "article_id": np.repeat(ids, 3), "frame": ["f", "g", "h"] * n,
        "outlet": np.repeat([f"outlet{i}" for i in range(n)], 3),
        "story_id": np.repeat(ids, 3), "tokens": 300, "sentences": 12, "hits": hits,
        "sentences_with_frame": hits, **{f"hits_{v}": 0 for v in VOICES}})
    sentences = pd.DataFrame({"article_id": np.repeat(ids, 12), "n_tokens": 25})
    found = frame_scores[frame_scores["hits"] > 0][["article_id", "frame"]]
    return frame_scores, sentences, found.assign(sentence_id=3, negated=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--n-boot", type=int, default=200)
    args = parser.parse_args(argv)
    for n in args.groups:
        frame_scores, sentences, hits = synthetic(n)
        totals, counts = ArticleTotals(by="outlet"), SentenceCounts()
        totals.add(frame_scores)
        counts.add(sentences)
        t0 = time.process_time()
        totals.scores(hits, counts, n_boot=args.n_boot)
        cpu = time.process_time() - t0
        print(f"{n:>7,} one-article groups: {cpu:6.1f} s CPU, {1000 * cpu / n:.2f} ms a group")
    return 0


if __name__ == "__main__":
    sys.exit(main())
