"""The ``coding/AGREEMENT.md`` of a coded batch, computed from its files.

A batch folder in ``data/dev``'s layout (``excerpts.jsonl``, ``coding/coder_a.jsonl``,
``coding/coder_b.jsonl``, ``coding/gold.jsonl``, ``coding/adjudication.jsonl``) gets
its agreement report: Krippendorff's alpha per frame (:func:`article_agreement`), the
phrase-level agreement (:func:`evidence_agreement`), the adjudicator's decisions
counted by level and field, and the cases the conventions did not settle (the
adjudicator's notes, as written). The prose that says how the batch was gathered and
coded is the caller's (``--intro``): only the figures are computed here, so they
cannot drift from the files (``tests/frames/test_agreement.py`` recomputes them).

    python -m analysis.frames.agreement_report data/dev/batch10 \\
        --title "batch 10, held out" --intro INTRO.md --notes NOTES.md
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from analysis.errors import InputError
from analysis.frames.agreement import _share, article_agreement, evidence_agreement
from analysis.frames.coding import _read_jsonl as read_jsonl
from analysis.frames.coding import load_coding

__all__ = ["agreement_markdown", "main"]


def agreement_markdown(folder: str | Path, *, title: str, intro: str = "",
                       notes: str = "") -> str:
    """The agreement report of the batch in ``folder`` as Markdown."""
    folder = Path(folder)
    a = load_coding(folder, coding="coding/coder_a.jsonl", batches=False)
    b = load_coding(folder, coding="coding/coder_b.jsonl", batches=False)
    gold = load_coding(folder, batches=False)
    decisions = _read_jsonl(folder / "coding" / "adjudication.jsonl")
    gold_rows = _read_jsonl(folder / "coding" / "gold.jsonl")
    n = len(gold.articles)
    table = article_agreement(a.labels, b.labels)
    gold_ones = gold.labels.set_index("article_id")
    rows = [f"| {r.field} | {_alpha(r.alpha)} | {int(r.disagreements)} | {int(r.coder_a_1)} | "
            f"{int(r.coder_b_1)} | {int(gold_ones[r.field].sum())} |"
            for r in table.itertuples()]
    ev = evidence_agreement(a.evidence, b.evidence)
    items = [item for row in gold_rows for item in row.get("evidence") or []]
    agreed = sum(1 for item in items if item.get("agreed"))
    counts = Counter((d.get("level", "?"), d.get("field", "?")) for d in decisions)
    parts = [
        f"# Inter-coder agreement and adjudication: {title} ({n} excerpts)", "",
        *([intro.strip(), ""] if intro.strip() else []),
        f"## Article level: Krippendorff's alpha (nominal, 2 coders, {n} units)", "",
        "| frame | alpha | disagreements | A coded 1 | B coded 1 | gold 1 |",
        "|---|---|---|---|---|---|", *rows, "",
        "## Evidence level (phrase occurrences)", "",
        "Two coders' phrases are one occurrence when they are the same frame in the same "
        "excerpt with", "overlapping spans (paired greedily by overlap).", "",
        f"- Both coders found {ev.both} occurrences; A alone found {ev.a_only}, "
        f"B alone {ev.b_only}.",
        f"- Voice agreed on {_share(ev.voice_agreed, ev.both)}, alpha {_alpha(ev.voice_alpha)}.",
        f"- Speaker group agreed on {ev.group_agreed}/{ev.both}; where both coded quote or "
        f"reported, {ev.speaking_group_agreed}/{ev.speaking_both}.",
        f"- Gold: {len(items)} evidence items, {agreed} `agreed: true`.", "",
        "The two coders are of one kind (independent helpers given the same codebook and",
        "conventions), so these alphas describe the consistency of the coding procedure "
        "rather than", "the spread between human coders.", "",
        "## Decisions (`adjudication.jsonl`)", "",
        *(f"- {level}, {field}: {k}" for (level, field), k in sorted(counts.items())), "",
    ]
    if notes.strip():
        parts += ["## Cases the conventions did not settle (proposed amendments)", "",
                  notes.strip(), ""]
    return "\n".join(parts)


def _alpha(value: float) -> str:
    """Alpha to three places; "n/a" where it is undefined (neither coder coded a 1)."""
    return "n/a" if value != value else f"{value:.3f}"


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputError(f"{path} does not exist")
    return read_jsonl(path)


def main(argv: list[str] | None = None) -> int:
    """Write ``FOLDER/coding/AGREEMENT.md`` (or print it with ``--print``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--title", required=True, help='e.g. "batch 10, held out"')
    parser.add_argument("--intro", help="Markdown file: how the batch was gathered and coded")
    parser.add_argument("--notes", help="Markdown file: the adjudicator's proposed amendments")
    parser.add_argument("--print", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    text = agreement_markdown(
        args.folder, title=args.title,
        intro=Path(args.intro).read_text(encoding="utf-8") if args.intro else "",
        notes=Path(args.notes).read_text(encoding="utf-8") if args.notes else "")
    if args.print:
        print(text)
    else:
        out = Path(args.folder) / "coding" / "AGREEMENT.md"
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
