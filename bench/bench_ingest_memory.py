"""Where the memory of ``framing ingest`` goes: RSS after each stage, in one process.

    python bench/bench_ingest_memory.py /tmp/synth-20k.jsonl

Runs what ``framing ingest`` runs (``load_corpus``, ``sentence_table``,
``write_tables`` into a temporary folder) and prints, after each stage, the
process's current and peak RSS. ``load_corpus`` is split in two: reading and
cleaning every item, then story clusters (timed by wrapping
``analysis.ingest.corpus.CorpusStream.story_ids``).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import warnings

from analysis.ingest import corpus as corpus_module
from analysis.outputs import write_tables
from analysis.schema import conform
from analysis.text.tokens import sentence_table

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss() -> str:
    with open("/proc/self/statm") as fh:
        current = int(fh.read().split()[1]) * _PAGE / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"RSS {current:7.0f} MB, peak {peak:7.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="corpus to ingest")
    args = parser.parse_args(argv)
    start = time.perf_counter()

    def stage(name: str) -> None:
        print(f"{time.perf_counter() - start:7.1f} s  {name:<34} {_rss()}", flush=True)

    stage("start (imports)")
    story_ids = corpus_module.CorpusStream.story_ids

    def timed_story_ids(self):
        stage("items read and cleaned (rows)")
        out = story_ids(self)
        stage("story clusters")
        return out

    corpus_module.CorpusStream.story_ids = timed_story_ids
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = corpus_module.load_corpus(args.corpus, progress=False)
    stage("load_corpus returned")
    sentences = sentence_table(corpus.articles)
    stage(f"sentence table ({len(sentences)} rows)")
    tables = {"articles": corpus.articles, "ingest_report": conform(corpus.report, "ingest_report"),
              "removals": conform(corpus.removals, "removals"), "sentences": sentences}
    with tempfile.TemporaryDirectory() as tmp:
        write_tables(f"{tmp}/out", tables, command="ingest", parameters={},
                     checksums={"corpus": corpus.checksum}, parquet=["articles"])
        stage("tables written")
    text_mb = corpus.articles["text"].str.len().sum() / 1e6
    print(f"articles: {len(corpus.articles)}, cleaned text {text_mb:.0f} M characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
