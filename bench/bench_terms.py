"""Throughput and memory benchmark of ``analysis.language.terms`` on a synthetic corpus.

    python bench/bench_terms.py --articles 20000

The synthetic corpus resamples the sentences of the bundled corpus (fixed seed)
into articles of 3-8 paragraphs spread over ``--outlets`` outlets; about a
third have an origin (syndicated from another outlet) and ``--copies`` of them
are verbatim copies of an earlier article sharing its story_id, so the
one-story-per-group rule has work to do.

Printed: for each stage (term counts, keyness of every group against the rest,
distinctive terms, article and group similarity, collocations, cue
suggestions) its time and throughput in MB of article text per second, then
the total, and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import DATA_DIR, DEFAULT_LEXICON
from analysis.frames.lexicon import load_lexicon
from analysis.ingest.corpus import Corpus, load_corpus
from analysis.language.collocations import collocations
from analysis.language.counts import term_counts
from analysis.language.distinctive import distinctive_terms
from analysis.language.keyness import keyness_all
from analysis.language.similarity import similarity
from analysis.language.suggestions import suggest_cues
from analysis.text.tokens import sentence_table


def _sentences() -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sentence_table(load_corpus(DATA_DIR).articles)["text"].tolist()


def synthetic_articles(n: int, *, outlets: int = 12, copies: float = 0.05,
                       seed: int = 0) -> pd.DataFrame:
    """``n`` articles resampled from the bundled sentences (an articles-like DataFrame)."""
    sentences = _sentences()
    rng = np.random.default_rng(seed)
    names = [f"outlet{i:02d}.com" for i in range(outlets)]
    texts, story = [], []
    for i in range(n):
        if i and rng.random() < copies:
            j = int(rng.integers(0, i))
            texts.append(texts[j])
            story.append(story[j])
            continue
        paras = [" ".join(sentences[k] for k in rng.integers(0, len(sentences),
                                                             size=rng.integers(1, 5)))
                 for _ in range(rng.integers(3, 9))]
        texts.append("\n\n".join(paras))
        story.append(f"s{i}")
    outlet = rng.choice(names, size=n)
    origin = np.where(rng.random(n) < 0.33, rng.choice(names, size=n), "")
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "outlet": outlet,
                         "origin": origin, "story_id": story, "text": texts})


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _stage(name: str, fn: Callable[[], object], mb: float, log: list) -> object:
    t0 = time.perf_counter()
    result = fn()
    dt = time.perf_counter() - t0
    rows = len(result) if hasattr(result, "__len__") else ""
    print(f"  {name:<22} {dt:8.2f} s  {mb / dt:8.2f} MB/s  rows={rows}  "
          f"peak RSS {_peak_rss_mb():7.0f} MB", flush=True)
    log.append(dt)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="synthetic articles")
    parser.add_argument("--outlets", type=int, default=12, help="outlets to spread them over")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument("--by", choices=["outlet", "origin"], default="outlet")
    parser.add_argument("--skip-suggestions", action="store_true",
                        help="skip the sentence-level cue suggestions (the slowest stage)")
    args = parser.parse_args(argv)

    arts = synthetic_articles(args.articles, outlets=args.outlets, seed=args.seed)
    # A Corpus, as `framing terms` has: collocations and suggestions share its sentences.
    corpus = Corpus(arts, report=pd.DataFrame(), removals=pd.DataFrame(), checksum="",
                    source=Path("synthetic"))
    mb = arts["text"].str.len().sum() / 1e6
    lexicon = load_lexicon(DEFAULT_LEXICON)
    print(f"{len(arts)} articles, {mb:.1f} MB of text, {args.outlets} outlets, by={args.by}; "
          f"peak RSS after generating {_peak_rss_mb():.0f} MB")
    times: list[float] = []
    counts = _stage("term counts", lambda: term_counts(arts, by=args.by), mb, times)
    print(f"    {len(counts.terms)} terms, article matrix nnz={counts.article_counts.nnz}")
    _stage("keyness (all groups)", lambda: keyness_all(counts, by=args.by, n=100), mb, times)
    _stage("distinctive terms", lambda: distinctive_terms(counts, by=args.by, n=20), mb, times)
    _stage("similarity articles", lambda: similarity(arts), mb, times)
    _stage("similarity groups", lambda: similarity(arts, by=args.by, level="group"), mb, times)
    _stage("sentences", lambda: sentence_table(corpus.articles), mb, times)
    _stage("collocations", lambda: collocations(corpus, lexicon, by=args.by), mb, times)
    if not args.skip_suggestions:
        _stage("suggestions", lambda: suggest_cues(corpus, lexicon), mb, times)
    total = sum(times)
    print(f"  {'total':<22} {total:8.2f} s  {mb / total:8.2f} MB/s  "
          f"peak RSS {_peak_rss_mb():7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
