"""The ``framing`` command: ingest, score, validate, terms and run.

Every sub-command reads anything ``framing ingest`` reads (a folder of .txt/.html
files with an optional corpus.csv, a CSV or a JSONL file), writes tidy CSV tables
plus ``run.json`` into ``--out``, and exits with code 2 and a plain message when
the input cannot be used (nothing is written then).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis import __version__
from analysis.config import DEFAULT_DEV, DEFAULT_GOLD, DEFAULT_LEXICON, DEFAULT_MODEL
from analysis.distributed import CONNECT_TIMEOUT, LOCAL, check_address
from analysis.errors import EXIT_INPUT_ERROR, InputError
from analysis.ingest.sources import as_location
from analysis.workers import cores

__all__ = ["main", "build_parser"]


def _cmd_ingest(args: argparse.Namespace) -> int:
    from analysis import commands

    return commands.ingest(args.corpus, out_dir=args.out, manifest=args.manifest,
                           n_jobs=cores() if args.jobs is None else args.jobs,
                           **_corpus_options(args))


def _cmd_score(args: argparse.Namespace) -> int:
    from analysis import commands

    return commands.score(
        args.corpus, lexicon_path=args.lexicon, by=args.by, out_dir=args.out,
        n_boot=args.n_boot, seed=args.seed, method=args.method,
        model_path=args.model, **_corpus_options(args), **_worker_options(args),
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    from analysis import commands

    return commands.validate(gold_path=args.gold, lexicon_path=args.lexicon, out_dir=args.out,
                             dev=args.dev, folds=args.folds, holdout=args.holdout,
                             model_path=args.model)


def _cmd_terms(args: argparse.Namespace) -> int:
    from analysis import commands

    return commands.terms(args.corpus, lexicon_path=args.lexicon, by=args.by, out_dir=args.out,
                          **_corpus_options(args), **_worker_options(args))


def _cmd_train(args: argparse.Namespace) -> int:
    from analysis import commands

    return commands.train(dev=args.dev, lexicon_path=args.lexicon, out=args.out,
                          folds=args.folds)


def _folds(value: str) -> int | str:
    """``--folds``: a number of folds or ``batch``."""
    if value == "batch":
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number or 'batch', not {value!r}") from None


def _add_method_options(p: argparse.ArgumentParser) -> None:
    """How frames are detected: cues, the learned scorer, or both."""
    p.add_argument("--method", choices=["lexicon", "model", "ensemble"], default="ensemble",
                   help="lexicon cues, the learned scorer, or both (a sentence counts when "
                   "a cue matches or the model's probability passes its threshold)")
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL,
                   help="learned scorer (JSON from `framing train`)")


def _cmd_run(args: argparse.Namespace) -> int:
    from analysis.report.batch import run_batch

    return run_batch(
        config=args.config, corpus=args.corpus, lexicon=args.lexicon,
        jobs=args.jobs, out=args.out,
    )


def _cmd_lexicon_import(args: argparse.Namespace) -> int:
    from analysis import lexicon_commands

    return lexicon_commands.import_dictionary(args.path, fmt=args.format, out=args.out,
                                              language=args.language)


def _cmd_lexicon_export(args: argparse.Namespace) -> int:
    from analysis import lexicon_commands

    return lexicon_commands.export_lexicon(args.lexicon, fmt=args.format, out=args.out)


def _cmd_lexicon_check(args: argparse.Namespace) -> int:
    from analysis import lexicon_commands

    return lexicon_commands.check_lexicon(args.lexicon)


def _add_lexicon_command(sub: argparse._SubParsersAction) -> None:
    """``framing lexicon import|export|check`` (analysis.lexicon_commands)."""
    p = sub.add_parser("lexicon", help="import LIWC, Lexicoder, quanteda or WordStat "
                       "dictionaries as a lexicon, export one, or check one")
    actions = p.add_subparsers(dest="lexicon_command", required=True, metavar="ACTION")
    q = actions.add_parser("import", help="write a foreign dictionary as a lexicon YAML; "
                           "print what cannot be carried")
    q.add_argument("path", type=Path, help="dictionary file (.dic, .lc3/.lcd, .yml/.yaml, .cat)")
    q.add_argument("--format", choices=["liwc", "lexicoder", "quanteda", "wordstat"],
                   default=None, help="dictionary format (default: from the extension)")
    q.add_argument("--out", type=Path, required=True, help="lexicon YAML to write")
    q.add_argument("--language", default="en", help="ISO 639-1 code of the lexicon")
    q.set_defaults(func=_cmd_lexicon_import)
    q = actions.add_parser("export", help="write a lexicon as a quanteda YAML or LIWC "
                           "dictionary; print what cannot be carried")
    q.add_argument("lexicon", type=Path, help="lexicon YAML")
    q.add_argument("--format", choices=["quanteda", "liwc"], required=True,
                   help="dictionary format to write")
    q.add_argument("--out", type=Path, required=True, help="dictionary file to write")
    q.set_defaults(func=_cmd_lexicon_export)
    q = actions.add_parser("check", help="print every problem of a lexicon with its path; "
                           "exit 2 if any")
    q.add_argument("lexicon", type=Path, help="lexicon YAML")
    q.set_defaults(func=_cmd_lexicon_check)


def _worker_options(args: argparse.Namespace) -> dict:
    """Where the per-article work runs: ``--jobs`` processes, or ``--dask``.

    ``--jobs`` with ``--dask ADDRESS`` is refused: a running cluster has its own
    workers, and silently ignoring the number would mislead.
    """
    if args.dask not in (None, LOCAL) and args.jobs is not None:
        raise InputError(f"--jobs sets the processes here or the workers of the LocalCluster "
                         f"that --dask starts; the cluster at {args.dask} has its own workers "
                         f"(drop --jobs, or size the cluster)")
    return {"n_jobs": cores() if args.jobs is None else args.jobs, "dask": args.dask,
            "dask_timeout": args.dask_timeout}


def _dask_address(value: str) -> str:
    try:
        return check_address(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_worker_options(p: argparse.ArgumentParser, what: str) -> None:
    """``--jobs`` and ``--dask`` (see analysis.workers.map_chunks)."""
    p.add_argument("--jobs", type=int, default=None,
                   help=f"processes to {what} with, or workers of the LocalCluster --dask "
                   "starts (default: the machine's cores; results are the same for any number)")
    p.add_argument("--dask", nargs="?", const=LOCAL, default=None, type=_dask_address,
                   metavar="SCHEDULER", help=f"{what} on Dask workers: a LocalCluster on this "
                   "machine, or the scheduler at SCHEDULER (tcp://host:8786 or a scheduler "
                   "file .json); needs the extra: pip install \"framing-analysis[dask]\"")
    p.add_argument("--dask-timeout", type=float, default=CONNECT_TIMEOUT, metavar="SECONDS",
                   help="how long to wait for the Dask scheduler (default: %(default)s)")


def _corpus_options(args: argparse.Namespace) -> dict[str, bool]:
    """How a corpus is read: the options :func:`_add_corpus_options` declares."""
    return {"allow_outside": args.allow_outside, "day_first": args.day_first}


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    """Options of every command that reads a corpus (see analysis.ingest.corpus.load_corpus)."""
    p.add_argument("--allow-outside", action="store_true",
                   help="read files the manifest lists (or links in the folder point to) "
                   "outside the corpus folder; default: a listed one is an error, a link "
                   "is skipped")
    p.add_argument("--day-first", action="store_true",
                   help="read numeric dates such as 01/02/2023 day first (1 February); "
                   "default month first; a date impossible in that order is flagged, "
                   "not swapped")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``framing`` command."""
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Compare how news outlets frame a story: clean a corpus, score frames "
        "with a lexicon, find distinctive language, and run the notebook report.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="load, repair and clean a corpus; write articles.csv "
                       "and the ingest report")
    p.add_argument("corpus", type=as_location, help="folder of .txt/.html files, a CSV/JSONL/"
                   "Parquet file, or the URL of one (s3://, gs://, https://)")
    p.add_argument("--manifest", type=as_location, default=None,
                   help="corpus.csv with one row per file (default: corpus.csv in the folder)")
    p.add_argument("--out", type=Path, default=Path("reports/ingest"), help="output folder")
    p.add_argument("--jobs", type=int, default=None,
                   help="processes that read and clean the items (default: the machine's "
                   "cores; the tables are the same for any number)")
    _add_corpus_options(p)
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("score", help="score frames; write hits, frame and outlet scores, "
                       "evidence and run.json")
    p.add_argument("corpus", type=as_location,
                   help="anything `framing ingest` reads, a local path or a URL")
    p.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON, help="frame lexicon YAML")
    p.add_argument("--by", default="outlet", metavar="COLUMN",
                   help="group articles by the site (outlet), by who wrote them (origin) or "
                   "by any other column of the manifest, CSV or JSONL (e.g. country)")
    p.add_argument("--out", type=Path, default=Path("reports/score"), help="output folder")
    _add_worker_options(p, "score")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples")
    p.add_argument("--seed", type=int, default=0, help="bootstrap random seed")
    _add_method_options(p)
    _add_corpus_options(p)
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser("validate", help="precision, recall and F1 of the lexicon against "
                       "hand-coded sentences")
    p.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold folder or CSV")
    p.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON, help="frame lexicon YAML")
    p.add_argument("--out", type=Path, default=None, help="also write the tables here")
    p.add_argument("--dev", type=Path, default=DEFAULT_DEV,
                   help="coded development corpus to cross-validate lexicon, model and "
                   "ensemble on (default: data/dev)")
    p.add_argument("--no-dev", dest="dev", action="store_const", const=None,
                   help="validate against the gold sentences only (fast)")
    p.add_argument("--folds", type=_folds, default=5, metavar="K|batch",
                   help="cross-validation folds grouped by outlet and story, or 'batch' to "
                   "leave one gathering batch out at a time (train on the others, test on it)")
    p.add_argument("--holdout", type=Path, default=None, metavar="FOLDER",
                   help="a coded folder in data/dev's layout (excerpts.jsonl, "
                   "coding/gold.jsonl) to score with the shipped lexicon and model, nothing "
                   "refitted, e.g. data/dev/batch3 or a sample of your own corpus")
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL,
                   help="frame model scored on --holdout (default: the shipped one)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("train", help="fit the learned frame scorer on the coded development "
                       "corpus; write it as JSON")
    p.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="coded development corpus")
    p.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON,
                   help="lexicon the ensemble threshold is chosen with")
    p.add_argument("--out", type=Path, default=DEFAULT_MODEL, help="model file (JSON)")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("terms", help="distinctive terms, keyness, similarity, collocations "
                       "and lexicon suggestions")
    p.add_argument("corpus", type=as_location,
                   help="anything `framing ingest` reads, a local path or a URL")
    p.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON,
                   help="frame lexicon YAML (for collocations and suggestions)")
    p.add_argument("--by", default="outlet", metavar="COLUMN",
                   help="group articles by outlet, origin or any other column of the "
                   "manifest, CSV or JSONL (e.g. country)")
    p.add_argument("--out", type=Path, default=Path("reports/terms"), help="output folder")
    _add_worker_options(p, "count terms")
    _add_corpus_options(p)
    p.set_defaults(func=_cmd_terms)

    p = sub.add_parser("run", help="execute the notebooks with papermill and build the "
                       "HTML report")
    p.add_argument("--config", type=Path, default=None,
                   help="batch YAML (default: notebooks/batch.yaml)")
    p.add_argument("--corpus", type=as_location, default=None,
                   help="corpus (default: bundled data/); a local path")
    p.add_argument("--lexicon", type=Path, default=None, help="lexicon (default: bundled)")
    p.add_argument("--jobs", type=int, default=2, help="notebooks run side by side")
    p.add_argument("--out", type=Path, default=Path("reports"),
                   help="parent folder of the timestamped run folders")
    p.set_defaults(func=_cmd_run)

    _add_lexicon_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
