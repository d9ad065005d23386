"""Time and memory of story clustering alone, on the texts of a JSONL corpus.

    python bench/make_corpus.py --articles 20000 --out /tmp/synth-20k.jsonl
    python bench/bench_stories.py /tmp/synth-20k.jsonl
    python bench/bench_stories.py /tmp/synth-20k.jsonl --module /tmp/stories_old.py

Reads every line's ``article_id`` and ``text``, then times one call of
``story_clusters`` and prints its CPU and wall seconds, the number of stories, the
process's peak RSS before and after, and a digest of the story ids (equal digests:
equal clusters). ``--module`` loads ``story_clusters`` from another copy of
``analysis/ingest/stories.py`` (e.g. ``git show REV:analysis/ingest/stories.py``), so
two versions can be compared run by run on the same machine.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import resource
import time


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="JSONL file with article_id and text")
    parser.add_argument("--module", help="another stories.py to take story_clusters from")
    args = parser.parse_args(argv)
    if args.module:
        spec = importlib.util.spec_from_file_location("stories_under_test", args.module)
        stories = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(stories)
    else:
        from analysis.ingest import stories
    with open(args.corpus, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    ids, texts = [r["article_id"] for r in rows], [r["text"] for r in rows]
    before = _peak_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    found = stories.story_clusters(ids, texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    digest = hashlib.sha256("\n".join(found).encode()).hexdigest()[:12]
    print(f"{len(ids)} articles: {cpu:.2f} s CPU, {wall:.2f} s wall, {len(set(found))} stories, "
          f"peak RSS {before:.0f} MB before, {_peak_mb():.0f} MB after; story ids {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
