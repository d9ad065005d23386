"""Write a synthetic JSONL corpus (optionally gzipped or as Parquet) for ingest benchmarks.

    python bench/make_corpus.py --articles 20000 --out /tmp/synth-20k.jsonl
    python bench/make_corpus.py --articles 20000 --out /tmp/synth-20k.parquet

Texts are :func:`bench_scoring.synthetic_texts` (resampled bundled sentences with
scraped boilerplate, fixed seed); each line also has an ``article_id``, one of 40
outlets, a ``published`` date in 2022-2024 and a ``title``. Lines are written one
at a time (Parquet in row groups of 10,000), so making the corpus holds no more
than a row group in memory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).parent))  # bench/ is no package: its sibling script
from bench_scoring import _material, synthetic_texts  # noqa: E402

_ROW_GROUP = 10_000


def records(n: int, *, seed: int = 0) -> Iterator[dict[str, str]]:
    """``n`` article records with metadata, in a fixed order for a given seed."""
    sentences, boiler = _material()
    rng = np.random.default_rng(seed + 1)
    for i, text in enumerate(synthetic_texts(n, sentences, boiler, seed=seed)):
        day = int(rng.integers(0, 3 * 365))
        yield {"article_id": f"synth-{i:07d}", "outlet": f"outlet{int(rng.integers(40)):02d}.com",
               "published": str(np.datetime64("2022-01-01") + day),
               "title": text.split(".")[0][:90], "text": text}


def write(path: Path, n: int, *, seed: int = 0) -> None:
    """Write ``n`` records to ``path`` (``.jsonl``, ``.jsonl.gz`` or ``.parquet``)."""
    if path.suffix == ".parquet":
        writer, batch = None, []
        for rec in records(n, seed=seed):
            batch.append(rec)
            if len(batch) == _ROW_GROUP:
                writer = _write_batch(path, writer, batch)
                batch = []
        writer = _write_batch(path, writer, batch) if batch or writer is None else writer
        writer.close()
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for rec in records(n, seed=seed):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _write_batch(path: Path, writer: pq.ParquetWriter | None, batch: list[dict]):
    table = pa.Table.from_pylist(batch)
    writer = writer or pq.ParquetWriter(path, table.schema)
    writer.write_table(table)
    return writer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="synthetic articles")
    parser.add_argument("--out", type=Path, required=True,
                        help="file to write: .jsonl, .jsonl.gz or .parquet")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    args = parser.parse_args(argv)
    write(args.out, args.articles, seed=args.seed)
    print(f"{args.articles} articles -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
