"""Syndication benchmark of ``analysis.ingest.stories.story_clusters``, with known truth.

    python bench/bench_syndication.py --articles 100000            # the new clustering
    python bench/bench_syndication.py --articles 10000 --impl old  # the all-pairs one it replaced

The synthetic corpus (fixed seed) is made of events; each event is covered by one
to three *distinct* wire stories (different agencies: their own sentences, but the
same names and the same quoted sentences, which must not merge them), and each
wire story is republished by zero to six outlets with edits: trimmed from the
bottom (40-100% of its paragraphs kept), a paragraph dropped, two paragraphs
swapped, a new headline, the outlet's own header and footer boilerplate (8 and
20 words), and a publication date up to eight weeks later (articles are given in
date order).
Words are drawn from a Zipf distribution over a 30,000-word vocabulary, so
unrelated texts share common-word trigrams as real ones do.

Printed: pair precision and recall of the clusters against the wire stories (a
pair of articles is a true pair when both carry the same wire story), the time
of ``story_clusters`` alone (wall and CPU), and the peak resident memory before and after it.
Time the whole run with ``/usr/bin/time -v``.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from analysis.ingest.stories import (
    STORY_CHARS,
    STORY_NGRAMS,
    STORY_THRESHOLD,
    similarity_blocks,
    story_clusters,
)

_VOCAB = 30_000


def _sentence(
    rng: np.random.Generator, vocab: np.ndarray, cdf: np.ndarray, names: Sequence[str]
) -> str:
    words = list(vocab[np.searchsorted(cdf, rng.random(int(rng.integers(12, 26))))])
    words[int(rng.integers(0, len(words)))] = names[int(rng.integers(0, len(names)))]
    return " ".join(words).capitalize() + "."


def _story(rng, vocab, cdf, names, quotes) -> list[str]:
    paras = [
        " ".join(_sentence(rng, vocab, cdf, names) for _ in range(rng.integers(2, 5)))
        for _ in range(int(rng.integers(6, 12)))
    ]
    # Every report of the event quotes the same words.
    paras.insert(
        int(rng.integers(1, len(paras))), " ".join(f'"{q}" said {names[0]}.' for q in quotes)
    )
    return paras


def _republish(rng, paras: list[str], vocab, cdf, names, boiler: tuple[str, str]) -> list[str]:
    keep = max(2, int(np.ceil(len(paras) * rng.uniform(0.4, 1.0))))
    paras = list(paras[:keep])
    if len(paras) > 3 and rng.random() < 0.5:
        del paras[int(rng.integers(1, len(paras)))]
    if len(paras) > 3 and rng.random() < 0.5:
        i, j = rng.choice(np.arange(1, len(paras)), size=2, replace=False)
        paras[i], paras[j] = paras[j], paras[i]
    headline = _sentence(rng, vocab, cdf, names)[:-1]
    return [boiler[0], headline, *paras, boiler[1]]


def synthetic_syndication(n: int, *, seed: int = 0, outlets: int = 200) -> pd.DataFrame:
    """About ``n`` articles in date order: ``article_id``, ``published``, ``wire``, ``text``."""
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(_VOCAB)])
    weights = 1.0 / np.arange(1, _VOCAB + 1) ** 1.05
    cdf = np.cumsum(weights) / weights.sum()
    boiler = [
        (
            " ".join(vocab[rng.integers(0, _VOCAB, size=8)]),
            " ".join(vocab[rng.integers(0, _VOCAB, size=20)]),
        )
        for _ in range(outlets)
    ]
    rows: list[tuple[int, str, str]] = []
    event = 0
    while len(rows) < n:
        names = [f"Name{event}x{k}" for k in range(6)]
        quotes = [_sentence(rng, vocab, cdf, names)[:-1] for _ in range(2)]
        day = int(rng.integers(0, 3650))
        for agency in range(int(rng.integers(1, 4))):
            wire = f"e{event}a{agency}"
            paras = _story(rng, vocab, cdf, names, quotes)
            headline = _sentence(rng, vocab, cdf, names)[:-1]
            rows.append((day, wire, "\n\n".join([headline, *paras])))
            for _ in range(min(int(rng.geometric(0.45)) - 1, 6)):
                outlet = boiler[int(rng.integers(0, outlets))]
                text = _republish(rng, paras, vocab, cdf, names, outlet)
                rows.append((day + int(rng.integers(0, 57)), wire, "\n\n".join(text)))
        event += 1
    df = pd.DataFrame(rows[:n], columns=["day", "wire", "text"])
    df = df.sort_values("day", kind="stable").reset_index(drop=True)
    df["article_id"] = [f"a{i}" for i in range(len(df))]
    return df


def old_story_clusters(
    ids: Sequence[str], texts: Sequence[str], *, threshold: float = STORY_THRESHOLD
) -> list[str]:
    """The all-pairs clustering replaced in 2026-11 (block by block, quadratic), for comparison."""
    hasher = HashingVectorizer(
        token_pattern=r"(?u)\b\w+\b",
        lowercase=True,
        ngram_range=STORY_NGRAMS,
        alternate_sign=False,
        norm=None,
        n_features=2**22,
    )
    counts = hasher.transform([(t or "")[:STORY_CHARS] for t in texts])
    x = sparse.csr_matrix(TfidfTransformer().fit_transform(counts))
    n = len(ids)
    first = np.arange(n)
    for start, block in similarity_blocks(x):
        block = block.tocoo()
        keep = block.data >= threshold - 1e-12
        rows = np.concatenate([np.arange(n), block.row[keep] + start])
        cols = np.concatenate([first, block.col[keep]])
        graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        lowest = np.full(labels.max() + 1, n)
        np.minimum.at(lowest, labels, np.arange(n))
        first = lowest[labels]
    return [ids[i] for i in first]


def pair_scores(predicted: Sequence[str], truth: Sequence[str]) -> tuple[float, float]:
    """Pair precision and recall of ``predicted`` clusters against ``truth``."""

    def pairs(sizes: pd.Series) -> int:
        return int((sizes * (sizes - 1) // 2).sum())

    df = pd.DataFrame({"p": predicted, "t": truth})
    both = pairs(df.groupby(["p", "t"]).size())
    pred, true = pairs(df.groupby("p").size()), pairs(df.groupby("t").size())
    return both / pred if pred else 1.0, both / true if true else 1.0


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="synthetic articles")
    parser.add_argument(
        "--impl",
        choices=["new", "old"],
        default="new",
        help="new: MinHash + LSH (analysis); old: the all-pairs clustering",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed of the corpus")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    arts = synthetic_syndication(args.articles, seed=args.seed)
    mb = arts["text"].str.len().sum() / 1e6
    true_pairs = int((arts.groupby("wire").size().pipe(lambda s: s * (s - 1) // 2)).sum())
    print(
        f"corpus: {len(arts)} articles, {arts['wire'].nunique()} wire stories, "
        f"{true_pairs} true pairs, {mb:.1f} MB, made in {time.perf_counter() - t0:.1f} s, "
        f"peak RSS {_peak_rss_mb():.0f} MB",
        flush=True,
    )
    cluster = story_clusters if args.impl == "new" else old_story_clusters
    ids, texts = arts["article_id"].tolist(), arts["text"].tolist()
    t0, c0 = time.perf_counter(), time.process_time()
    stories = cluster(ids, texts)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    precision, recall = pair_scores(stories, arts["wire"].tolist())
    print(
        f"{args.impl}: {dt:.2f} s ({cpu:.2f} s CPU), {1e6 * dt / len(arts):.0f} us/article, "
        f"pair precision {precision:.4f}, recall {recall:.4f}, "
        f"peak RSS {_peak_rss_mb():.0f} MB",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
