"""Where the memory of ``framing score`` goes: RSS after each stage, in one process.

    python bench/make_corpus.py --articles 20000 --out /tmp/synth-20k.jsonl
    python bench/bench_score_memory.py /tmp/synth-20k.jsonl

Runs ``framing score --jobs 1 --method lexicon`` (:func:`analysis.commands.score`)
into a temporary folder and prints the process's current and peak RSS every five
chunks of articles scored, around the story ids, each table joined (or, spilled to
disk, handed on), the group scores and bootstrap, and writing the tables (by
wrapping those functions).
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import sys
import tempfile
import time

from analysis import commands
from analysis.config import DEFAULT_LEXICON
from analysis.frames import bootstrap, score_tables
from analysis.ingest import stories

_PAGE = os.sysconf("SC_PAGE_SIZE")
_START = time.perf_counter()


def _stage(name: str) -> None:
    with open("/proc/self/statm") as fh:
        current = int(fh.read().split()[1]) * _PAGE / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{time.perf_counter() - _START:7.1f} s  {name:<28} RSS {current:6.0f} MB, "
          f"peak {peak:6.0f} MB", flush=True)


def _wrap(owner: object, name: str) -> None:
    fn = getattr(owner, name)

    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        _stage(f"before {name}")
        out = fn(*args, **kwargs)
        _stage(f"after {name}")
        return out

    setattr(owner, name, wrapped)


def _count_chunks() -> None:
    add, done = score_tables.TableParts.add, [0]

    def counted(self, articles, results):
        add(self, articles, results)
        done[0] += 1
        if done[0] % 5 == 0:
            _stage(f"{done[0]} chunks scored")

    score_tables.TableParts.add = counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="corpus to score")
    parser.add_argument("--lexicon", default=str(DEFAULT_LEXICON), help="lexicon file")
    args = parser.parse_args(argv)
    _stage("start (imports)")
    _wrap(stories.StoryClusterer, "story_ids")
    _wrap(score_tables.TableParts, "table")
    _wrap(bootstrap.ArticleTotals, "scores")
    _wrap(commands, "write_tables")
    _count_chunks()
    with tempfile.TemporaryDirectory() as tmp:
        commands.score(args.corpus, lexicon_path=args.lexicon, out_dir=f"{tmp}/out",
                       n_jobs=1, method="lexicon")
    _stage("end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
