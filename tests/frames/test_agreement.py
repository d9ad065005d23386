"""Coder agreement: the figures of data/dev/coding/AGREEMENT.md come from the coders' files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.config import DEFAULT_DEV
from analysis.errors import InputError
from analysis.frames.agreement import (
    article_agreement,
    article_disagreements,
    evidence_agreement,
)
from analysis.frames.agreement_report import agreement_markdown
from analysis.frames.agreement_report import main as agreement_report_main
from analysis.frames.coding import batch_folders, load_coding


@pytest.fixture(scope="module")
def coders():
    return (load_coding(DEFAULT_DEV, coding="coding/coder_a.jsonl", batches=False),
            load_coding(DEFAULT_DEV, coding="coding/coder_b.jsonl", batches=False))


def test_article_alpha_matches_the_published_agreement_report(coders):
    a, b = coders
    table = article_agreement(a.labels, b.labels).set_index("field")
    assert table["alpha"].to_dict() == {"no_limits": 0.990, "asymmetric": 0.937,
                                        "stabilizing_force": 0.976,
                                        "contested_no_limits": 0.914}
    assert table["disagreements"].to_dict() == {"no_limits": 1, "asymmetric": 7,
                                                "stabilizing_force": 2,
                                                "contested_no_limits": 2}
    report = (DEFAULT_DEV / "coding" / "AGREEMENT.md").read_text(encoding="utf-8")
    for field, row in table.iterrows():
        assert f"| {field} | {row['alpha']:.3f} | {int(row['disagreements'])} |" in report


#: The held-out batch, when one is being kept (it becomes a training batch when the
#: next lexicon is written from it, and a new one takes its place).
HELD_OUT = ([path for _, path in batch_folders(DEFAULT_DEV / "holdout")]
            if (DEFAULT_DEV / "holdout").is_dir() else [])


@pytest.mark.parametrize("batch", [*(path for _, path in batch_folders(DEFAULT_DEV)), *HELD_OUT],
                         ids=lambda path: "/".join(path.parts[-2:]))
def test_every_batch_publishes_the_alpha_its_coders_files_give(batch):
    """Each batch's AGREEMENT.md table is what the two coders' files give, and where
    gold departs from a value both coders agreed on, the log records that decision."""
    a = load_coding(batch, coding="coding/coder_a.jsonl", batches=False)
    b = load_coding(batch, coding="coding/coder_b.jsonl", batches=False)
    gold = load_coding(batch, batches=False).labels.set_index("article_id")
    table = article_agreement(a.labels, b.labels).set_index("field")
    report = (batch / "coding" / "AGREEMENT.md").read_text(encoding="utf-8")
    for field, row in table.iterrows():
        alpha = "n/a" if pd.isna(row["alpha"]) else f"{row['alpha']:.3f}"  # no 1s: undefined
        assert (f"| {field} | {alpha} | {int(row['disagreements'])} | "
                f"{int(row['coder_a_1'])} | {int(row['coder_b_1'])} |") in report
    la, lb = (c.labels.set_index("article_id").loc[gold.index] for c in (a, b))
    logged = {(d["id"], d["field"]) for d in map(json.loads, (batch / "coding" /
              "adjudication.jsonl").read_text(encoding="utf-8").splitlines())
              if d["level"] == "article"}
    for field in table.index:
        overridden = (la[field] == lb[field]) & (gold[field] != la[field])
        assert {(i, field) for i in gold.index[overridden]} <= logged


def test_every_disagreement_is_listed_for_adjudication(coders):
    a, b = coders
    rows = article_disagreements(a.labels, b.labels)
    assert len(rows) == 12
    assert (rows["coder_a"] != rows["coder_b"]).all()


def test_phrases_cut_differently_are_one_occurrence(coders):
    a, b = coders
    agreement = evidence_agreement(a.evidence, b.evidence)
    assert agreement.both == 302  # as AGREEMENT.md reports
    assert agreement.voice_agreed == 293
    assert agreement.speaking_group_agreed == 134 and agreement.speaking_both == 135


def test_coders_of_different_excerpts_are_refused():
    a = pd.DataFrame({"article_id": ["x"], "no_limits": [1]})
    b = pd.DataFrame({"article_id": ["y"], "no_limits": [1]})
    with pytest.raises(ValueError, match="different excerpts"):
        article_agreement(a, b, fields=("no_limits",))


def _section(text: str, start: str, end: str) -> str:
    a = text.index(start)
    b = text.index(end, a)
    return text[a:text.index("\n", b)]


@pytest.mark.parametrize("batch", [path for n, path in batch_folders(DEFAULT_DEV) if n > 1]
                         + HELD_OUT, ids=lambda path: "/".join(path.parts[-2:]))
def test_every_later_batch_publishes_the_figures_its_report_generator_gives(batch):
    """The article and phrase sections of each later batch's AGREEMENT.md are what
    `python -m analysis.frames.agreement_report` computes from the coders' files now."""
    published = (batch / "coding" / "AGREEMENT.md").read_text(encoding="utf-8")
    generated = agreement_markdown(batch, title="t")
    for start, end in (("## Article level", "## Evidence level"),
                       ("## Evidence level", "- Gold:")):
        assert _section(published, start, end) == _section(generated, start, end)


def test_the_report_generator_writes_the_file_and_names_a_missing_log(tmp_path):
    folder = tmp_path / "batch"
    (folder / "coding").mkdir(parents=True)
    item = {"frame": "no_limits", "phrase": "no limits", "sentence": "Ties have no limits.",
            "voice": "narrator", "speaker": None, "speaker_group": None}
    excerpts = [{"id": "a", "text": "Ties have no limits."}, {"id": "b", "text": "Trade."}]
    (folder / "excerpts.jsonl").write_text("".join(json.dumps(e) + "\n" for e in excerpts))
    for name in ("coder_a", "coder_b", "gold"):  # B alone codes "b" as no_limits
        rows = [{"id": "a", "no_limits": 1, "evidence": [item]},
                {"id": "b", "no_limits": int(name == "coder_b"), "evidence": []}]
        (folder / "coding" / f"{name}.jsonl").write_text(
            "\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(InputError, match="adjudication.jsonl does not exist"):
        agreement_markdown(folder, title="t")
    (folder / "coding" / "adjudication.jsonl").write_text(json.dumps(
        {"id": "b", "level": "article", "field": "no_limits", "decision": 0}) + "\n")
    notes = tmp_path / "NOTES.md"
    notes.write_text("- An unsettled case.\n")
    assert agreement_report_main([str(folder), "--title", "a test batch",
                                  "--notes", str(notes)]) == 0
    text = (folder / "coding" / "AGREEMENT.md").read_text(encoding="utf-8")
    assert text.startswith("# Inter-coder agreement and adjudication: a test batch (2 excerpts)")
    # one disagreement; A coded 1 once, B twice; gold once
    assert "| no_limits |" in text and "| 1 | 1 | 2 | 1 |" in text
    assert "| contested_no_limits | n/a | 0 | 0 | 0 | 0 |" in text  # nobody coded a 1
    assert "- article, no_limits: 1" in text and "- An unsettled case." in text
