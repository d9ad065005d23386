"""Tests of analysis/validate.py: metrics by hand, agreement, bad gold files, the CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import DEFAULT_GOLD, DEFAULT_LEXICON
from analysis.errors import InputError
from analysis.frames.validate import krippendorff_alpha, load_gold, validate_lexicon

HEADER = "article_id,sentence_id,sentence,no_limits,asymmetric,note\n"


class FakeLexicon:
    """Regex cues per frame; a cue preceded by 'not ' is a negated match."""

    CUES = {"no_limits": ["no limits", "best friend"], "asymmetric": ["lifeline"]}

    def find(self, text: str) -> list[SimpleNamespace]:
        matches = []
        for frame, cues in self.CUES.items():
            for cue in cues:
                for m in re.finditer(cue, text, flags=re.I):
                    negated = text[max(0, m.start() - 4) : m.start()].lower() == "not "
                    matches.append(
                        SimpleNamespace(
                            frame=frame, cue=cue, start=m.start(), end=m.end(), negated=negated
                        )
                    )
        return matches


def write_coder(folder: Path, name: str, rows: list[tuple[str, int, int]]) -> Path:
    """Write a coder file with (sentence, no_limits, asymmetric) rows of article 'a'."""
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f'a,{i},"{s}",{nl},{asy},\n' for i, (s, nl, asy) in enumerate(rows))
    path = folder / f"{name}.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


# no_limits: truth 1,1,1,0,0,0 ; lexicon 1,0(negated),0,1,0,0
TINY = [
    ("Ties have no limits.", 1, 0),  # TP  (cue: no limits)
    ("Ties do not no limits really.", 1, 0),  # FN  (the only match is negated)
    ("A boundless partnership.", 1, 0),  # FN  (no cue)
    ("My best friend, he said of a rival.", 0, 0),  # FP (cue: best friend)
    ("China is a lifeline for Russia.", 0, 1),  # TN for no_limits; TP for asymmetric
    ("Trade grew.", 0, 0),  # TN
]


@pytest.fixture
def tiny_gold(tmp_path: Path) -> pd.DataFrame:
    write_coder(tmp_path / "gold", "coder_a", TINY)
    return load_gold(tmp_path / "gold")


def test_precision_recall_f1_by_hand(tiny_gold):
    result = validate_lexicon(FakeLexicon(), tiny_gold)
    row = result.per_frame.set_index("frame").loc["no_limits"]
    # tp = 1, fp = 1, fn = 2
    # precision = 1 / (1 + 1) = 0.5 ; recall = 1 / (1 + 2) = 1/3
    # f1 = 2 * 0.5 * (1/3) / (0.5 + 1/3) = (1/3) / (5/6) = 0.4
    assert (row.tp, row.fp, row.fn, row.support) == (1, 1, 2, 3)
    assert row.precision == pytest.approx(0.5)
    assert row.recall == pytest.approx(1 / 3)
    assert row.f1 == pytest.approx(0.4)
    asym = result.per_frame.set_index("frame").loc["asymmetric"]
    assert (asym.tp, asym.fp, asym.fn, asym.f1) == (1, 0, 0, 1.0)


def test_errors_list_each_misclassified_sentence_with_its_cues(tiny_gold):
    errors = validate_lexicon(FakeLexicon(), tiny_gold).errors
    got = {(r.kind, r.sentence, r.cues) for r in errors.itertuples()}
    assert got == {
        ("false_negative", "Ties do not no limits really.", ""),
        ("false_negative", "A boundless partnership.", ""),
        ("false_positive", "My best friend, he said of a rival.", "best friend"),
    }


def test_per_cue_precision_shows_the_misfiring_cue(tiny_gold):
    cues = validate_lexicon(FakeLexicon(), tiny_gold).per_cue.set_index("cue")
    # "no limits" fires in 1 sentence (the negated one does not count) and it is coded 1;
    # "best friend" fires once, on a sentence coded 0.
    assert cues.loc["no limits", ["hits", "true_positives", "precision"]].tolist() == [1, 1, 1.0]
    assert cues.loc["best friend", ["hits", "true_positives", "precision"]].tolist() == [1, 0, 0.0]


def test_report_text_names_frames_errors_and_missing_second_coder(tiny_gold):
    text = validate_lexicon(FakeLexicon(), tiny_gold).to_text()
    assert "no_limits" in text and "false positive" in text
    assert "My best friend, he said of a rival." in text
    assert "needs two coder files" in text


def test_krippendorff_alpha_matches_hand_computation(tmp_path):
    # Coder a: 1 0 0 1 ; coder b: 1 0 1 1 (no_limits).  Coincidence matrix (nominal):
    # o11 = 2 + 2 = 4, o00 = 2, o01 = o10 = 1 -> n1 = 5, n0 = 3, n = 8.
    # D_o = (o01 + o10) / n = 2/8 ; D_e = 2 * n0 * n1 / (n (n - 1)) = 30/56.
    # alpha = 1 - D_o / D_e = 1 - (2/8) * (56/30) = 16/30 = 0.5333...
    a = [("s1", 1, 0), ("s2", 0, 0), ("s3", 0, 0), ("s4", 1, 1)]
    b = [("s1", 1, 0), ("s2", 0, 0), ("s3", 1, 0), ("s4", 1, 1)]
    write_coder(tmp_path, "coder_a", a)
    write_coder(tmp_path, "coder_b", b)
    alpha = krippendorff_alpha(load_gold(tmp_path)).set_index("frame")
    assert alpha.loc["no_limits", "alpha"] == pytest.approx(16 / 30)
    assert alpha.loc["no_limits", "n_sentences"] == 4
    # asymmetric: both coders agree on every sentence -> alpha = 1
    assert alpha.loc["asymmetric", "alpha"] == pytest.approx(1.0)


def test_alpha_matches_sentences_by_text_not_by_order(tmp_path):
    write_coder(tmp_path, "coder_a", [("s1", 1, 0), ("s2", 0, 1), ("s3", 0, 0)])
    write_coder(tmp_path, "coder_b", [("s3", 0, 0), ("s1", 1, 0), ("s2", 0, 1)])
    alpha = krippendorff_alpha(load_gold(tmp_path)).set_index("frame")
    assert alpha.loc["no_limits", "alpha"] == pytest.approx(1.0)


def test_reference_is_adjudicated_gold_when_present(tmp_path):
    write_coder(tmp_path, "coder_a", [("Ties have no limits.", 0, 0), ("Trade.", 0, 0)])
    write_coder(tmp_path, "coder_b", [("Ties have no limits.", 1, 0), ("Trade.", 0, 0)])
    write_coder(tmp_path, "gold", [("Ties have no limits.", 1, 0), ("Trade.", 0, 0)])
    result = validate_lexicon(FakeLexicon(), load_gold(tmp_path))
    assert result.reference == "gold"
    assert result.coders == ("coder_a", "coder_b")
    assert result.per_frame.set_index("frame").loc["no_limits", "tp"] == 1
    assert result.alpha is not None and len(result.alpha) == 2


def test_first_coder_is_reference_without_gold(tmp_path):
    write_coder(tmp_path, "coder_b", [("Ties have no limits.", 1, 0), ("Trade.", 0, 0)])
    write_coder(tmp_path, "coder_a", [("Ties have no limits.", 0, 0), ("Trade.", 0, 0)])
    result = validate_lexicon(FakeLexicon(), load_gold(tmp_path))
    assert result.reference == "coder_a"
    assert result.per_frame.set_index("frame").loc["no_limits", "fp"] == 1


@pytest.mark.parametrize(
    "body, expected",
    [
        ('a,0,"Ties.",2,0,\n', r"line 2: frame 'no_limits' must be 0 or 1, got '2'"),
        ('a,0,"Ties.",0,0,\na,1,"More.",0,yes,\n', r"line 3: frame 'asymmetric'.*'yes'"),
        ('a,0,"Ties.",,0,\n', r"line 2: frame 'no_limits'.*''"),
        ('a,0,"",0,0,\n', r"line 2: empty sentence"),
        ('a,0,"Ties.",0,0,\na,1,"Ties.",1,0,\n', r"line 3: sentence coded twice"),
    ],
)
def test_bad_values_name_file_and_line(tmp_path, body, expected):
    path = tmp_path / "coder_a.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(InputError, match=expected) as info:
        load_gold(path)
    assert "coder_a.csv" in str(info.value)


def test_missing_columns_are_named(tmp_path):
    path = tmp_path / "coder_a.csv"
    path.write_text("article_id,text,no_limits\na,Ties.,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"coder_a.csv: missing column\(s\) sentence"):
        load_gold(path)


def test_missing_or_empty_gold_folder(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_gold(tmp_path / "nowhere")
    with pytest.raises(InputError, match="no coder_"):
        load_gold(tmp_path)


def test_coders_with_different_frames_are_refused(tmp_path):
    write_coder(tmp_path, "coder_a", [("s1", 1, 0)])
    (tmp_path / "coder_b.csv").write_text("article_id,sentence,no_limits\na,s1,1\n")
    with pytest.raises(InputError, match="different frames"):
        load_gold(tmp_path)


def test_cli_bad_gold_exits_2_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "coder_a.csv"
    path.write_text(HEADER + 'a,0,"Ties.",yes,0,\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["validate", "--gold", str(path), "--out", str(out)]) == 2
    assert "coder_a.csv, line 2" in capsys.readouterr().err
    assert not out.exists()


# ------------------------------------------------------------- the bundled gold

REQUIRED_FRAMES = ["no_limits", "asymmetric", "stabilizing_force"]
ARTICLES = {
    "unionleader-2022-12-30",
    "washingtonpost-2022-12-30",
    "silkroad2021-2022-12-31",
    "usanews-2022-12-30",
    "newslite-2024-05-16",
}


def test_bundled_gold_codes_every_article_and_the_codebook_examples():
    gold = load_gold(DEFAULT_GOLD)
    for coder, coding in gold.groupby("coder"):
        assert set(coding["article_id"]) == ARTICLES, coder
        for frame in REQUIRED_FRAMES:
            assert coding[frame].sum() >= 5, (coder, frame)
    coded = gold[gold["coder"] == "coder_a"].set_index("sentence")
    assert (
        coded.loc[
            "On the other hand, China has become an economic lifeline for Russia.", "asymmetric"
        ]
        == 1
    )
    putin = coded.index[coded.index.str.contains("as a stabilizing force is growing")]
    assert coded.loc[putin, "stabilizing_force"].tolist() == [1]


needs_lexicon = pytest.mark.skipif(not DEFAULT_LEXICON.exists(), reason="no shipped lexicon yet")


@needs_lexicon
def test_cli_on_bundled_gold_prints_and_writes_the_tables(tmp_path, capsys):
    out = tmp_path / "validation"
    assert main(["validate", "--no-dev", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    for frame in REQUIRED_FRAMES:
        assert frame in text
    assert "Per-cue precision" in text and "127 hand-coded sentences" in text
    frames = pd.read_csv(out / "validation_frames.csv")
    assert set(REQUIRED_FRAMES) <= set(frames["frame"])
    errors = pd.read_csv(out / "validation_errors.csv", keep_default_na=False)
    assert len(errors) == (frames["fp"] + frames["fn"]).sum()
    assert (out / "validation_cues.csv").exists()
    run = json.loads((out / "run.json").read_text())
    assert run["checksums"]["gold"] and run["checksums"]["lexicon"]


# F1 of the shipped lexicon (russia_china.yaml 1.0.0) on coder_a.csv, measured:
# no_limits 1.00 (8/8, no false positive), asymmetric 0.82 (7 of 10 found, none wrong),
# stabilizing_force 0.96 (12 of 13, none wrong). The floor leaves a margin of about one
# extra error per frame for lexicon edits, and fails if a frame loses a quarter of its recall.
F1_FLOOR = {"no_limits": 0.85, "asymmetric": 0.7, "stabilizing_force": 0.85}


@needs_lexicon
@pytest.mark.parametrize("frame", REQUIRED_FRAMES)
def test_shipped_lexicon_meets_the_floor(frame):
    from analysis.frames.lexicon import load_lexicon

    result = validate_lexicon(load_lexicon(DEFAULT_LEXICON), load_gold(DEFAULT_GOLD))
    f1 = result.per_frame.set_index("frame").loc[frame, "f1"]
    assert not math.isnan(f1) and f1 >= F1_FLOOR[frame]
