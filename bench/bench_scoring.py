"""Throughput and memory benchmark of the scoring engine on a synthetic corpus.

    python bench/bench_scoring.py --articles 20000 --jobs 2

The synthetic corpus resamples the sentences of the bundled corpus (fixed seed)
into articles of 3-8 paragraphs, and adds scraped boilerplate (the lines the
cleaner removed from the bundled raw files) to some of them, so the engine's
cleaning step has work to do. Texts are generated lazily: nothing holds the
whole corpus in memory.

Printed, in one run (median of ``--repeat`` runs each):

- the engine, the full per-article path: clean_text, sentences, tokens,
  matching, voice (``analysis.frames.scoring.iter_hits(..., clean=True)``), MB/s;
- scikit-learn's ``CountVectorizer().fit_transform`` on the same texts, MB/s;
- a naive loop: one case-insensitive ``re.findall`` per cue over every text
  (on the first ``--naive-articles`` texts; it is slow), MB/s;
- the engine with ``--jobs`` processes and the speed-up over one process;
- peak RSS of this process after the engine runs (flat in N when streaming).
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from analysis.config import DATA_DIR, DEFAULT_LEXICON
from analysis.frames.lexicon import Lexicon, load_lexicon
from analysis.frames.scoring import iter_hits
from analysis.ingest.corpus import load_corpus
from analysis.text.tokens import SentenceTokens, Tokens, sentence_table
from analysis.voice.voices import attribute_voices, load_speakers


def _material() -> tuple[list[str], list[str]]:
    """Sentences of the bundled corpus, and the boilerplate lines cleaning removed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(DATA_DIR)
    sentences = sentence_table(corpus.articles)["text"].tolist()
    boiler = [t for t in corpus.removals["removed_text"].tolist() if t.strip()]
    return sentences, boiler or ["6 min", "Leave a Reply"]


def synthetic_texts(n: int, sentences: list[str], boiler: list[str], *, seed: int = 0
                    ) -> Iterator[str]:
    """``n`` raw article texts resampled from ``sentences``, some with boilerplate."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        paras = []
        for _ in range(rng.integers(3, 9)):
            idx = rng.integers(0, len(sentences), size=rng.integers(1, 5))
            paras.append(" ".join(sentences[i] for i in idx))
        if rng.random() < 0.5:
            paras.insert(0, boiler[rng.integers(len(boiler))])
        if rng.random() < 0.3:
            paras.append(boiler[rng.integers(len(boiler))])
        yield "\n\n".join(paras)


def naive_patterns(lexicon: Lexicon) -> list[re.Pattern[str]]:
    """Each cue as a case-insensitive regex: words separated by space or hyphen, globs."""
    out = []
    for frame in lexicon.frames.values():
        for cue in frame.cues:
            words = [re.escape(w).replace(r"\*", r"\w*").replace(r"\?", r"\w")
                     for w in re.split(r"[\s-]+", cue.strip())]
            out.append(re.compile(r"\b" + r"[\s\-]+".join(words) + r"\b", re.IGNORECASE))
    return out


def _timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def stage_rates(texts: list[str], lexicon: Lexicon, speakers: object) -> dict[str, float]:
    """MB/s of each stage of the per-article path, in CPU seconds of this process."""
    from analysis.ingest.clean import clean_text
    from analysis.text.tokens import split_sentences

    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    out: dict[str, float] = {}

    def stage(name: str, fn: Callable[[], list]) -> list:
        t0 = time.process_time()
        result = fn()
        out[name] = mb / max(time.process_time() - t0, 1e-9)
        return result

    cleaned = stage("clean_text", lambda: [clean_text(t).text for t in texts])
    spans = stage("split_sentences", lambda: [split_sentences(t) for t in cleaned])
    toks = stage("tokens", lambda: [_tokens(t, sp, lexicon)
                                    for t, sp in zip(cleaned, spans, strict=True)])
    found = stage("match", lambda: [lexicon.match_tokens(k, breaks=b) for k, b in toks])
    stage("voice (lookups of the hits)", lambda: [
        attribute_voices(t, sp, speakers).lookup_all([(m.start, m.end) for m in f])
        for t, sp, f in zip(cleaned, spans, found, strict=True) if f])
    stage("CountVectorizer", lambda: [CountVectorizer().fit_transform(texts)])
    patterns = naive_patterns(lexicon)
    stage("naive re.findall per cue", lambda: [p.findall(t) for t in texts for p in patterns])
    return out


def _tokens(text: str, spans: list[tuple[int, int]], lexicon: Lexicon) -> tuple[Tokens, list]:
    """Tokens of the sentences a cue can match in, as the engine finds them."""
    st = SentenceTokens(text, spans)
    return st.select(lexicon.cue_filter.sentences(st.raw, st.lower, spans))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="synthetic articles")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the scaling run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--naive-articles", type=int, default=1000,
                        help="articles for the (slow) naive regex loop and the stage figures")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    sentences, boiler = _material()
    lexicon = load_lexicon(DEFAULT_LEXICON)
    speakers = load_speakers()
    patterns = naive_patterns(lexicon)

    def texts(n: int = args.articles) -> Iterator[str]:
        return synthetic_texts(n, sentences, boiler, seed=args.seed)

    def engine(jobs: int) -> Callable[[], int]:
        items = lambda: ((str(i), t) for i, t in enumerate(texts()))  # noqa: E731
        return lambda: sum(len(r.hits) for r in iter_hits(
            items(), lexicon, speakers=speakers, n_jobs=jobs, clean=True))

    def naive() -> int:
        return sum(len(p.findall(t)) for t in texts(args.naive_articles) for p in patterns)

    mb = sum(len(t.encode("utf-8")) for t in texts()) / 1e6
    mb_naive = sum(len(t.encode("utf-8")) for t in texts(args.naive_articles)) / 1e6
    print(f"synthetic corpus: {args.articles} articles, {mb:.1f} MB; lexicon "
          f"{lexicon.version}: {len(patterns)} cues; median of {args.repeat} runs, wall clock")
    t_engine = _timed(engine(1), args.repeat)
    rss_engine = _peak_rss_mb()
    t_jobs = _timed(engine(args.jobs), args.repeat) if args.jobs > 1 else t_engine
    t_cv = _timed(lambda: CountVectorizer().fit_transform(texts()), args.repeat)
    t_naive = _timed(naive, args.repeat)
    _report([("engine, 1 process", mb / t_engine),
             (f"engine, {args.jobs} processes", mb / t_jobs),
             ("CountVectorizer().fit_transform", mb / t_cv),
             (f"naive re.findall per cue ({args.naive_articles} articles)", mb_naive / t_naive)])
    print(f"engine / CountVectorizer: {t_cv / t_engine:.2f}x; "
          f"engine / naive: {(mb / t_engine) / (mb_naive / t_naive):.1f}x; "
          f"{args.jobs} processes / 1: {t_engine / t_jobs:.2f}x")
    print(f"peak RSS after the engine: {rss_engine:.0f} MB; "
          f"at the end (CountVectorizer holds its matrix): {_peak_rss_mb():.0f} MB")
    print(f"\nstages on {args.naive_articles} articles, CPU time of this process:")
    _report(list(stage_rates(list(texts(args.naive_articles)), lexicon, speakers).items()))
    return 0


def _report(rows: list[tuple[str, float]]) -> None:
    for name, rate in rows:
        print(f"  {name:<50} {rate:8.2f} MB/s")


if __name__ == "__main__":
    sys.exit(main())
