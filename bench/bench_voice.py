"""Throughput of the voice stage on real coverage, beside CountVectorizer in the same run.

    python bench/bench_voice.py --repeat 5

The texts are the coded development excerpts (``load_coding(--dev)``: real news from
over a thousand outlets, not resampled seed sentences), read once. Cue hits are found
first (not timed). Printed, each the median of ``--repeat`` runs in CPU seconds of
this process (less sensitive to a busy machine than wall clock):

- ``voice, as framing score runs it``: :func:`analysis.voice.voices.attribute_voices`
  on every text with a cue hit and :meth:`~analysis.voice.voices.VoiceMap.lookup_all`
  of its hits, MB/s of all the texts (texts without a hit cost nothing, as in
  ``framing score``);
- ``voice, every sentence looked up``: the same on every text, looking up every
  sentence (an upper bound on the work: a text full of hits);
- scikit-learn's ``CountVectorizer().fit_transform`` of the same texts, and the
  ratio of each voice figure to it: MB/s alone depends on the machine, the ratio
  much less.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sklearn.feature_extraction.text import CountVectorizer

from analysis.config import DEFAULT_DEV, DEFAULT_LEXICON
from analysis.frames.coding import load_coding
from analysis.frames.lexicon import load_lexicon
from analysis.text.tokens import split_sentences
from analysis.voice.voices import attribute_voices, load_speakers


def _cpu_seconds(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        runs.append(time.process_time() - t0)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="coded corpus folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args(argv)
    texts = load_coding(args.dev).articles["text"].tolist()
    lexicon, speakers = load_lexicon(DEFAULT_LEXICON), load_speakers()
    spans = [split_sentences(t) for t in texts]
    hits = [[(m.start, m.end) for m in lexicon.find(t)] for t in texts]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    attribute_voices(texts[0], spans[0], speakers)  # compiles the patterns: not timed

    def with_hits() -> None:
        for text, sents, found in zip(texts, spans, hits, strict=True):
            if found:
                attribute_voices(text, sents, speakers).lookup_all(found)

    def every_sentence() -> None:
        for text, sents in zip(texts, spans, strict=True):
            attribute_voices(text, sents, speakers).lookup_all(sents)

    cv = mb / _cpu_seconds(lambda: CountVectorizer().fit_transform(texts), args.repeat)
    print(f"{len(texts)} coded excerpts, {mb:.2f} MB, {sum(map(len, hits))} cue hits in "
          f"{sum(map(bool, hits))} texts; median of {args.repeat} runs, CPU time")
    for name, fn in (("voice, as framing score runs it", with_hits),
                     ("voice, every sentence looked up", every_sentence)):
        rate = mb / _cpu_seconds(fn, args.repeat)
        print(f"  {name:<40} {rate:7.2f} MB/s  ({rate / cv:.2f}x CountVectorizer)")
    print(f"  {'CountVectorizer().fit_transform':<40} {cv:7.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
