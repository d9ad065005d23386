"""Cross-validation on a coded corpus: folds keep outlets and stories together, every method
is scored, and the model never sees the fold it is tested on."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.config import DEFAULT_LEXICON
from analysis.frames.coding import coded_corpus, load_coding
from analysis.frames.crossval import (
    CONFIRM_THRESHOLD,
    cross_validate,
    crossval_checksums,
    fit_model,
    fold_groups,
    fold_splits,
)
from analysis.frames.holdout import evaluate_holdout, f1_interval
from analysis.frames.lexicon import load_lexicon

POSITIVE = {
    "no_limits": "Putin and Xi hailed their friendship without limits in talks on {t}.",
    "asymmetric": "Analysts say Russia has become China's junior partner on {t}.",
    "stabilizing_force": "Xi said the partnership is a stabilizing force for the world on {t}.",
}
NEGATIVE = "Trade between Russia and China in {t} rose by {n} percent, customs data showed."
WORDS = ("port harbour rail bridge border customs tariff yuan rouble freight tanker pipeline "
         "tourists visa festival panda drill patrol airline wheat soy timber").split()


def _filler(i: int) -> str:
    """Words of its own for every excerpt, so no two are copies of one story."""
    rng = np.random.default_rng(i)
    return " ".join(rng.choice(WORDS, 30)).capitalize() + "."
TOPICS = ["grain", "oil", "gas", "cars", "coal", "timber", "fish", "steel", "wheat", "ships"]


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """A small coded corpus in data/dev's layout: 40 excerpts, 10 outlets."""
    folder = tmp_path_factory.mktemp("dev")
    (folder / "coding").mkdir()
    excerpts, gold = [], []
    for i in range(40):
        frame = list(POSITIVE)[i % 4] if i % 4 < 3 else None
        topic = TOPICS[i % len(TOPICS)]
        text = _filler(i) + " " + NEGATIVE.format(t=topic, n=i) + "\n\n"
        row = {"id": f"dev-{i:04d}", "no_limits": 0, "asymmetric": 0, "stabilizing_force": 0,
               "contested_no_limits": 0, "evidence": []}
        if frame:
            sentence = POSITIVE[frame].format(t=topic)
            text += sentence
            row[frame] = 1
            row["evidence"] = [{"frame": frame, "phrase": sentence.split(" on ")[0][-20:],
                                "sentence": sentence, "voice": "narrator", "speaker": None,
                                "speaker_group": None}]
        excerpts.append({"id": row["id"], "url": f"https://o{i % 10}.example/{i}",
                         "outlet": f"o{i % 10}.example", "text": text})
        gold.append(row)
    (folder / "excerpts.jsonl").write_text("\n".join(json.dumps(r) for r in excerpts) + "\n")
    (folder / "coding" / "gold.jsonl").write_text("\n".join(json.dumps(r) for r in gold) + "\n")
    coding = load_coding(folder)
    return coding, coded_corpus(coding)


def _in_two_batches(corpus):
    """The corpus with outlets o0-o4 as batch 1 and o5-o9 as batch 2."""
    arts = corpus.articles.assign(
        batch=[1 if o < "o5" else 2 for o in corpus.articles["outlet"]])
    return type("Batched", (), {"articles": arts, "checksum": corpus.checksum})()


def test_folds_keep_an_outlet_and_a_story_together():
    arts = pd.DataFrame({"outlet": ["a", "a", "b", "c", "d"],
                         "story_id": ["s1", "s2", "s3", "s3", "s4"]})
    groups = fold_groups(arts)
    assert groups[0] == groups[1] and groups[2] == groups[3]
    assert len(set(groups)) == 3


def test_every_method_is_scored_on_every_frame(coded):
    coding, corpus = coded
    cv = cross_validate(coding, corpus, load_lexicon(DEFAULT_LEXICON), k=4, fractions=(1.0,))
    assert set(cv.articles["method"]) == {"lexicon", "model", "ensemble"}
    assert set(cv.articles["frame"]) == {"no_limits", "asymmetric", "stabilizing_force"}
    lexicon = cv.articles[cv.articles["method"] == "lexicon"].set_index("frame")
    assert (lexicon["recall"] == 1.0).all()  # these phrasings are all cues
    assert (lexicon["support"] == 10).all()
    assert {"crossval_articles", "learning_curve", "dev_cues"} <= set(cv.tables())
    assert "Article level" in cv.to_text()


def test_the_model_never_sees_the_fold_it_is_tested_on(coded):
    coding, corpus = coded
    train = corpus.articles[corpus.articles["article_id"] < "dev-0020"]
    model = fit_model(coding, train, load_lexicon(DEFAULT_LEXICON))
    assert model.training_["sentences"] == 3 * 20 - 5  # 20 excerpts, 15 with a frame sentence
    assert set(model.ensemble_threshold_) == {"no_limits", "asymmetric", "stabilizing_force"}
    assert model.confirmation() == CONFIRM_THRESHOLD  # the ensemble confirms cue hits
    proba = model.predict_proba(["Xi said the partnership is a stabilizing force for peace."])
    assert np.argmax(proba.to_numpy()) == model.frames_.index("stabilizing_force")


def test_leaving_one_batch_out_tests_every_batch_once_and_reports_each(coded):
    coding, corpus = coded
    batched = _in_two_batches(corpus)
    cv = cross_validate(coding, batched, load_lexicon(DEFAULT_LEXICON), k="batch",
                        fractions=(1.0,))
    assert cv.folds == "batch"
    folds = cv.per_fold
    assert set(folds["fold"]) == {"batch 1", "batch 2"}
    # every excerpt is tested once: the batches' counts add up to the pooled figures
    counts = ["tp", "fp", "fn", "support"]
    summed = folds.groupby(["method", "frame"])[counts].sum()
    pooled = cv.articles.set_index(["method", "frame"])[counts]
    pd.testing.assert_frame_equal(summed.loc[pooled.index], pooled, check_dtype=False)
    spread = cv.spread().set_index(["method", "frame"])
    assert (spread["f1_min"] <= spread["f1_max"]).all() and len(spread) == 9
    assert "one gathering batch left out at a time" in cv.to_text()
    assert "crossval_folds" in cv.tables()


def test_a_batch_fold_trains_on_the_other_batches_only(coded):
    _, corpus = coded
    arts = _in_two_batches(corpus).articles
    splits = fold_splits(arts, arts, "batch", frames=())
    for name, train, test in splits:
        batch = int(name.split()[-1])
        assert set(arts.set_index("article_id").loc[test, "batch"]) == {batch}
        assert batch not in set(arts.set_index("article_id").loc[train, "batch"])
    with pytest.raises(ValueError, match="at least two batches"):
        fold_splits(corpus.articles.assign(batch=1), arts, "batch")


def test_framing_validate_leaves_one_batch_out(coded, tmp_path, capsys):
    """`framing validate --folds batch` writes per-batch figures of every method."""
    from analysis.cli import main

    coding, _ = coded
    dev = tmp_path / "dev"
    later = dev / "batch2"
    for folder in (dev, later):
        (folder / "coding").mkdir(parents=True)
    excerpts = coding.articles[["article_id", "url", "outlet", "text"]].rename(
        columns={"article_id": "id"})
    gold = _gold_rows(coding)
    first = (excerpts["outlet"] < "o5").to_numpy()
    for folder, keep in ((dev, first), (later, ~first)):
        excerpts[keep].to_json(folder / "excerpts.jsonl", orient="records", lines=True)
        (folder / "coding" / "gold.jsonl").write_text(
            "\n".join(json.dumps(g) for g, k in zip(gold, keep, strict=True) if k) + "\n")
    assert main(["validate", "--dev", str(dev), "--folds", "batch", "--out",
                 str(tmp_path / "out")]) == 0
    assert "one gathering batch left out at a time" in capsys.readouterr().out
    folds = pd.read_csv(tmp_path / "out" / "crossval_folds.csv")
    assert set(folds["fold"]) == {"batch 1", "batch 2"}
    assert set(folds["method"]) == {"lexicon", "model", "ensemble"}
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["folds"] == "batch"


@pytest.mark.parametrize("value", ["1", "two"])
def test_framing_validate_refuses_folds_that_are_neither_a_number_nor_batch(value, capsys):
    from analysis.cli import main

    code = None
    try:
        code = main(["validate", "--folds", value])
    except SystemExit as exc:
        code = exc.code
    assert code == 2


# The held-out test: the shipped scorer on a later batch, nothing refitted.

def test_a_held_out_batch_is_scored_by_the_fixed_model_with_intervals(coded):
    coding, corpus = coded
    lexicon = load_lexicon(DEFAULT_LEXICON)
    arts = corpus.articles
    model = fit_model(coding, arts[arts["article_id"] < "dev-0020"], lexicon)
    before = model.to_json()
    result = evaluate_holdout(coding, corpus, lexicon, model)
    assert model.to_json() == before  # scored as shipped, not refitted
    assert result.n_articles == 40
    table = result.articles.set_index(["method", "frame"])
    assert set(table.index.get_level_values("method")) == {"lexicon", "model", "ensemble"}
    lex = table.loc["lexicon"]
    assert (lex["recall"] == 1.0).all() and (lex["support"] == 10).all()
    assert (table["f1_low"] <= table["f1"]).all() and (table["f1"] <= table["f1_high"]).all()
    assert {"holdout_articles", "holdout_sentences", "holdout_errors"} == set(result.tables())
    assert "95% bootstrap interval" in result.to_text()


def test_the_interval_is_wider_on_fewer_excerpts():
    rng = np.random.default_rng(1)
    y = rng.random(400) < 0.3
    p = np.where(rng.random(400) < 0.8, y, ~y)
    wide = f1_interval(y[:40], p[:40], np.arange(40))
    narrow = f1_interval(y, p, np.arange(400))
    assert wide[1] - wide[0] > 1.5 * (narrow[1] - narrow[0])
    # whole excerpts are resampled: ten sentences of one excerpt count as one draw
    clustered = f1_interval(y, p, np.arange(400) // 10)
    assert clustered[1] - clustered[0] > narrow[1] - narrow[0]


def test_the_shipped_figures_go_stale_when_the_coding_changes_not_when_a_candidate_does(
        tmp_path):
    """A shipped model and its figures stay valid while only gathering files change."""
    import shutil

    dev = tmp_path / "dev"
    (dev / "coding").mkdir(parents=True)
    (dev / "candidates").mkdir()
    (dev / "excerpts.jsonl").write_text('{"id": "dev-0001", "text": "Trade rose."}\n')
    (dev / "coding" / "gold.jsonl").write_text('{"id": "dev-0001", "no_limits": 0}\n')
    (dev / "coding" / "coder_a.jsonl").write_text('{"id": "dev-0001", "no_limits": 0}\n')
    (dev / "candidates" / "pass1.jsonl").write_text('{"id": "c-1", "text": "x"}\n')
    shutil.copytree(dev, tmp_path / "dev" / "batch2")
    lexicon = load_lexicon(DEFAULT_LEXICON)
    before = crossval_checksums(lexicon, dev)
    (dev / "candidates" / "pass1.jsonl").write_text("")
    (dev / "coding" / "coder_a.jsonl").write_text('{"id": "dev-0001", "no_limits": 1}\n')
    assert crossval_checksums(lexicon, dev) == before
    (dev / "batch2" / "coding" / "gold.jsonl").write_text('{"id": "dev-0001", "no_limits": 1}\n')
    assert crossval_checksums(lexicon, dev)["coding"] != before["coding"]


def test_framing_validate_scores_a_held_out_folder_with_the_shipped_scorer(coded, tmp_path,
                                                                            capsys):
    """`framing validate --holdout FOLDER` prints and writes the fixed scorer's figures."""
    from analysis.cli import main

    coding, _ = coded
    folder = tmp_path / "held"
    (folder / "coding").mkdir(parents=True)
    excerpts = coding.articles[["article_id", "url", "outlet", "text"]].rename(
        columns={"article_id": "id"})
    excerpts.to_json(folder / "excerpts.jsonl", orient="records", lines=True)
    gold = _gold_rows(coding)
    (folder / "coding" / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n")
    assert main(["validate", "--no-dev", "--holdout", str(folder), "--out",
                 str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "Held-out batch (40 coded excerpts" in printed
    table = pd.read_csv(tmp_path / "out" / "holdout_articles.csv")
    assert set(table["method"]) == {"lexicon", "model", "ensemble"}
    lexicon_nl = table[(table["method"] == "lexicon") & (table["frame"] == "no_limits")]
    assert lexicon_nl["recall"].item() == 1.0  # "friendship without limits" is a cue
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["holdout"] == str(folder)
    assert {"holdout_coding", "model"} <= set(run["checksums"])

    # A later batch in a batchN/ sub-folder, as in data/dev, is scored with the folder,
    # and its coding enters the checksum.
    later = folder / "batch7"
    (later / "coding").mkdir(parents=True)
    for name in ("excerpts.jsonl", "coding/gold.jsonl"):
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        (folder / name).write_text("\n".join(lines[:30]) + "\n", encoding="utf-8")
        (later / name).write_text("\n".join(lines[30:]) + "\n", encoding="utf-8")
    assert main(["validate", "--no-dev", "--holdout", str(folder), "--out",
                 str(tmp_path / "out2")]) == 0
    assert "Held-out batch (40 coded excerpts" in capsys.readouterr().out
    again = json.loads((tmp_path / "out2" / "run.json").read_text(encoding="utf-8"))
    assert again["checksums"]["holdout_coding"] != run["checksums"]["holdout_coding"]
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "out2" / "holdout_articles.csv"),
                                  table)


def _gold_rows(coding) -> list[dict]:
    """The coding as `coding/gold.jsonl` rows (one per excerpt, its phrases as evidence)."""
    gold = []
    for row in coding.labels.to_dict("records"):
        items = coding.evidence[coding.evidence["article_id"] == row["article_id"]]
        gold.append({"id": row.pop("article_id"), **row, "evidence": items[
            ["frame", "phrase", "sentence", "voice", "speaker", "speaker_group"]].to_dict(
                "records")})
    return gold
