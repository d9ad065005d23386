"""A learned voice classifier over surface cues, beside the voice rules, by leaving one batch out.

    .venv/bin/python bench/bench_voice_model.py [--dev data/dev] [--out reports/voice_model]

For every gold frame phrase of the coded batches (``load_coding(--dev)``: batches 1-7),
:func:`phrase_features` describes the phrase in its text by surface cues alone, not by
the rules' output: quotation marks around or inside it, reporting verbs of
``data/lexicons/reporting_verbs.yaml`` in its sentence (before or after it, outside
quotes), *according to*, a sentence-final attribution (*…, Gabuev added.*), the
previous and next sentences (a quote, a verb), pronouns, headline shape.

For each batch in turn, a class-weighted multinomial logistic regression is fitted on
the other six and predicts the batch's voices. Three predictions are compared:

- ``rules``: :func:`analysis.voice.voices.attribute_voices` (the shipped voice stage;
  its rules were written from these batches' errors, so its figures here are in-sample
  and flatter it);
- ``classifier``: the regression's most probable voice alone;
- ``combined``: the rules' voice, replaced by the classifier's where the classifier
  gives a different voice a probability of at least ``t``. ``t`` is chosen on the six
  training batches only (their own leave-one-batch-out predictions, the grid
  :data:`THRESHOLDS`, ties to the higher ``t``). A phrase the combination turns into a
  quote or reported speech takes the rules' speaker when they gave one, else the
  nearest source the rules find in its sentence or the sentence before (attribution,
  source or passage with a speaker), else ``unnamed`` (group ``analyst`` when the
  sentence names analysts or experts, else ``other``).

Printed (and, with ``--out``, written as CSV): voice accuracy overall and per gold
voice, speaker group and speaker accuracy over the phrases gold codes quote or
reported (as :func:`analysis.frames.voice_eval.evaluate_voice` compares them), per
batch and pooled; the confusion matrices; the thresholds chosen; and the time the
features take on the bundled corpus.

The rules are in-sample on batches 1-7. ``--old-rules COMMIT --old-batch N`` takes
the rules of an earlier commit instead (its ``analysis/`` and ``data/lexicons/``, run
in a subprocess by ``bench/voice_rules_at.py``) and scores only batch ``N``, which they
never read (554f690: rules of batches 1-6, so batch 7; 77d406c: batches 1-5, so 6):

    .venv/bin/python bench/bench_voice_model.py --old-rules 554f690 --old-batch 7

Adoption rule (fixed before the run): adopt the combination only if it beats the
rules' voice accuracy by at least 0.01 pooled and on at least 4 of the 7 batches,
without lowering pooled speaker accuracy.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from bisect import bisect_right
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from analysis.config import DEFAULT_CORPUS, DEFAULT_DEV
from analysis.frames.coding import load_coding
from analysis.frames.voice_eval import (
    GROUP_EQUIVALENTS,
    _both_unnamed,
    _same_listed,
    same_speaker,
)
from analysis.text.sentences import split_sentences
from analysis.voice.quotes import find_quotes, mask_quotes
from analysis.voice.speakers import Speakers, bundled_speakers
from analysis.voice.verbs import bundled_reporting_verbs
from analysis.voice.voices import VOICES, attribute_voices, split_at_markup

sys.path.insert(0, str(Path(__file__).parent))  # bench/ is no package: its sibling script
from voice_rules_at import rules_rows  # noqa: E402

#: Thresholds tried for replacing the rules' voice by the classifier's (1.01: never).
THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 1.01)
CLASSES = tuple(sorted(VOICES))
SPEAKING = ("quote", "reported")
C = 1.0


def _words(forms) -> str:
    return "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))


_VERBS = bundled_reporting_verbs()
_REPORTING_RE = re.compile(r"\b(?:" + _words(_VERBS.reporting - {"according to"}) + r")\b", re.I)
_DECLARING_RE = re.compile(r"\b(?:" + _words(_VERBS.declaring) + r")\b", re.I)
_DESCRIBING_RE = re.compile(r"\b(?:" + _words(_VERBS.describing) + r")\b", re.I)
_VIEWING_RE = re.compile(r"\b(?:" + _words(_VERBS.viewing) + r")\b", re.I)
_ACCORDING_RE = re.compile(r"\baccording to\b|\bin accordance to\b", re.I)
_THAT_AFTER_VERB_RE = re.compile(
    r"\b(?:" + _words(_VERBS.reporting | _VERBS.declaring | _VERBS.viewing) + r")\s+that\b", re.I)
# "…, Gabuev added." / "…, said Xi." / "…, think tank says": an attribution that ends it
_FINAL_RE = re.compile(
    r"(?:,|—|–| -)\s+(?:[\w.’'-]+\s+){0,6}?(?:" + _words(_VERBS.reporting) + r")"
    r"(?:\s+[\w.’'-]+){0,6}\W*$", re.I)
_SPEECH_NOUN_RE = re.compile(
    r"\b(?:statement|declaration|communiqu[eé]|remarks?|interview|speech|told|editorial|"
    r"readout|op-ed|article|report|view|argument|message)\b", re.I)
_UNNAMED_RE = re.compile(
    r"\b(?:analysts?|experts?|observers?|scholars?|critics?|commentators?|researchers?|"
    r"officials?|sources?|diplomats?|professor|think tank|academic)\b", re.I)
_FIRST_PERSON_RE = re.compile(r"\b(?:we|our|us|I|my)\b")
_THIRD_START_RE = re.compile(r"\s*[\"“‘']?(?:he|she|they)\b", re.I)
_SO_CALLED_RE = re.compile(r"so-called|so called|what (?:\w+ ){0,3}(?:called|calls|call)", re.I)
_CAP_VERB_RE = re.compile(r"\b[A-Z][\w’'-]+\s+(?:" + _words(_VERBS.reporting) + r")\b")


class TextCues:
    """What the features of one text's phrases read: sentences, quotes, the text with
    quotes blanked, paragraph starts. Built once per text."""

    def __init__(self, text: str, spans: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.spans = split_at_markup(text, sorted(spans or split_sentences(text)))
        self.starts = [s for s, _ in self.spans]
        self.quotes = find_quotes(text, [e for _, e in self.spans])
        self.quote_starts = [s for s, _ in self.quotes]
        self.masked = mask_quotes(text, self.quotes)

    def sentence(self, pos: int) -> int:
        return max(bisect_right(self.starts, pos) - 1, 0)

    def quote_at(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect_right(self.quote_starts, start) - 1
        if i >= 0 and self.quotes[i][1] > start:
            return self.quotes[i]
        j = bisect_right(self.quote_starts, max(start, end - 1)) - 1
        if j >= 0 and self.quotes[j][0] >= start and self.quotes[j][0] < end:
            return self.quotes[j]
        return None

    def quote_chars(self, start: int, end: int) -> int:
        i = max(bisect_right(self.quote_starts, start) - 1, 0)
        n = 0
        for qs, qe in self.quotes[i:]:
            if qs >= end:
                break
            n += max(0, min(qe, end) - max(qs, start))
        return n


def _has(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> bool:
    return lo < hi and pattern.search(text, lo, hi) is not None


def phrase_features(cues: TextCues, start: int, end: int) -> dict[str, float]:
    """Surface cues of the phrase ``start:end`` (see the module docstring), 0/1 but for
    a few shares and lengths."""
    text, masked = cues.text, cues.masked
    k = cues.sentence(start)
    s, e = cues.spans[k] if cues.spans else (0, len(text))
    f: dict[str, float] = {}
    q = cues.quote_at(start, end)
    length = max(end - start, 1)
    share = cues.quote_chars(start, end) / length
    f["in_quote"] = float(q is not None and q[0] <= start and q[1] >= end - 1)
    f["quote_inside_phrase"] = float(q is not None and q[0] >= start and q[1] <= end + 1
                                     and share < 0.8)
    f["quote_share"] = share
    if q is not None:
        qs, qe = q
        words = len(text[qs:qe].split())
        para = text.rfind("\n", 0, start) + 1
        f["quote_short"] = float(words <= 4)
        f["quote_long"] = float(words > 12)
        f["quote_opens_sentence"] = float(not text[s:qs].strip())
        f["quote_from_prev_paragraph"] = float(qs < para)
        f["colon_before_quote"] = float(text[max(s, qs - 3):qs].strip().endswith(":"))
        f["verb_after_quote"] = float(_has(_REPORTING_RE, masked, qe, min(e, qe + 50)))
        f["verb_before_quote"] = float(_has(_REPORTING_RE, masked, s, qs)
                                       or _has(_DECLARING_RE, masked, s, qs)
                                       or _has(_DESCRIBING_RE, masked, s, qs))
        f["so_called_before_quote"] = float(_has(_SO_CALLED_RE, text, max(s, qs - 40), qs))
    f["quote_in_sentence"] = float(_has(re.compile(r"[“”\"«»‘’]"), text, s, e))
    f["verb_before"] = float(_has(_REPORTING_RE, masked, s, start))
    f["verb_after"] = float(_has(_REPORTING_RE, masked, end, e))
    f["verb_that_before"] = float(_has(_THAT_AFTER_VERB_RE, masked, s, start))
    f["declaring_before"] = float(_has(_DECLARING_RE, masked, s, start))
    f["describing_before"] = float(_has(_DESCRIBING_RE, masked, s, start))
    f["viewing_before"] = float(_has(_VIEWING_RE, masked, s, start))
    f["name_verb_in_sentence"] = float(_has(_CAP_VERB_RE, masked, s, e))
    f["final_attribution"] = float(_has(_FINAL_RE, masked, s, e))
    f["according_before"] = float(_has(_ACCORDING_RE, masked, s, start))
    f["according_after"] = float(_has(_ACCORDING_RE, masked, end, e))
    f["speech_noun"] = float(_has(_SPEECH_NOUN_RE, masked, s, e))
    f["unnamed_source"] = float(_has(_UNNAMED_RE, masked, s, e))
    f["first_person_outside"] = float(_has(_FIRST_PERSON_RE, masked, s, e))
    f["first_person_phrase"] = float(_has(_FIRST_PERSON_RE, text, start, end))
    f["starts_he_she_they"] = float(_THIRD_START_RE.match(text, s) is not None)
    if k > 0:
        ps, pe = cues.spans[k - 1]
        f["prev_quote"] = float(_has(re.compile(r"[“”\"«»]"), text, ps, pe))
        f["prev_verb"] = float(_has(_REPORTING_RE, masked, ps, pe)
                               or _has(_ACCORDING_RE, masked, ps, pe))
        f["prev_same_paragraph"] = float("\n" not in text[pe:s])
    if k + 1 < len(cues.spans):
        ns, ne = cues.spans[k + 1]
        f["next_verb"] = float(_has(_REPORTING_RE, masked, ns, ne))
    tail = text[e:e + 2]
    f["headline"] = float(k == 0 or (not text[s:e].rstrip().endswith((".", "!", "?", "”", '"'))
                                     and ("\n" in tail or e >= len(text))))
    f["question"] = float(text[s:e].rstrip().endswith("?"))
    f["phrase_words"] = math.log1p(len(text[start:end].split()))
    f["phrase_is_sentence"] = float((end - start) >= 0.8 * max(e - s, 1))
    f["relative_position"] = (start - s) / max(e - s, 1)
    return f


def feature_frame(rows: list[dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows).fillna(0.0).astype(float)


# -- the experiment -----------------------------------------------------------------

def span_items(coding) -> dict[str, dict]:
    """The located gold phrases of every excerpt, as ``voice_rules_at`` reads them."""
    texts = dict(zip(coding.articles["article_id"], coding.articles["text"], strict=True))
    ev = coding.evidence[coding.evidence["start"] >= 0]
    return {aid: {"text": texts[aid],
                  "spans": [[int(s), int(e)] for s, e in zip(g["start"], g["end"], strict=True)]}
            for aid, g in ev.groupby("article_id", sort=False)}


def rules_at(commit: str | None, items: dict[str, dict]) -> list[list]:
    """The rules' voices of ``items``: the working tree's, or (``commit``) those of the
    package at that commit, run in a subprocess on its ``analysis/`` and
    ``data/lexicons/`` (nothing else of the commit is unpacked)."""
    if commit is None:
        return rules_rows(items)
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", commit, "analysis", "data/lexicons"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        env = {**os.environ, "PYTHONPATH": tmp}
        check = subprocess.run([sys.executable, "-c", "import analysis; print(analysis.__file__)"],
                               env=env, cwd=tmp, check=True, capture_output=True,
                               text=True).stdout
        if not check.startswith(tmp):
            raise RuntimeError(f"the old rules did not load from {tmp}: {check}")
        out = subprocess.run([sys.executable, str(Path(__file__).with_name("voice_rules_at.py"))],
                             input=json.dumps(items), env=env, cwd=tmp, check=True,
                             capture_output=True, text=True).stdout
    return json.loads(out)


def phrases(coding, commit: str | None = None) -> pd.DataFrame:
    """One row per located gold phrase: gold, the rules' voice and speaker, the
    fallback speaker (``voice_rules_at``), and the features (columns ``f:<name>``)."""
    items = span_items(coding)
    rules = iter(rules_at(commit, items))
    batch = dict(zip(coding.articles["article_id"], coding.articles["batch"], strict=True))
    ev = coding.evidence[coding.evidence["start"] >= 0]
    rows, feats = [], []
    for aid, group in ev.groupby("article_id", sort=False):
        cues = TextCues(items[aid]["text"])
        for idx, s, e in zip(group.index, group["start"], group["end"], strict=True):
            r_aid, r_s, r_e, voice, speaker, group_, fb_speaker, fb_group = next(rules)
            assert (r_aid, r_s, r_e) == (aid, s, e)
            rows.append({"idx": idx, "batch": batch[aid], "rules_voice": voice,
                         "rules_speaker": speaker, "rules_group": group_,
                         "fallback_speaker": fb_speaker, "fallback_group": fb_group})
            feats.append(phrase_features(cues, int(s), int(e)))
    X = feature_frame(feats).add_prefix("f:")
    out = pd.DataFrame(rows).join(X)
    return ev.join(out.set_index("idx"))


def fit(X: np.ndarray, y: np.ndarray) -> LogisticRegression:
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    return model.fit(X, y)


def probabilities(model: LogisticRegression, X: np.ndarray) -> np.ndarray:
    """Probabilities in :data:`CLASSES` order (a class absent in training gets 0)."""
    p = np.zeros((len(X), len(CLASSES)))
    got = model.predict_proba(X)
    for j, c in enumerate(model.classes_):
        p[:, CLASSES.index(c)] = got[:, j]
    return p


def combine(rules: np.ndarray, proba: np.ndarray, t: float) -> np.ndarray:
    """The rules' voice, else the classifier's where its probability reaches ``t``."""
    best = np.array(CLASSES)[proba.argmax(1)]
    flip = (best != rules) & (proba.max(1) >= t)
    return np.where(flip, best, rules)


def oof_probabilities(df: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """Each batch's probabilities from a model fitted on the other batches of ``df``."""
    proba = np.zeros((len(df), len(CLASSES)))
    for b in sorted(df["batch"].unique()):
        test = (df["batch"] == b).to_numpy()
        model = fit(df.loc[~test, cols].to_numpy(), df.loc[~test, "voice"].to_numpy())
        proba[test] = probabilities(model, df.loc[test, cols].to_numpy())
    return proba


def choose_threshold(df: pd.DataFrame, cols: list[str]) -> float:
    """The threshold that makes the combination most accurate on ``df`` (training
    batches), from their own leave-one-batch-out probabilities; ties: the higher."""
    proba = oof_probabilities(df, cols)
    gold, rules = df["voice"].to_numpy(), df["rules_voice"].to_numpy()
    scores = [(np.mean(combine(rules, proba, t) == gold), t) for t in THRESHOLDS]
    return max(scores)[1]


def leave_one_batch_out(df: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, float]]:
    cols = [c for c in df.columns if c.startswith("f:")]
    df = df.copy()
    df["classifier_voice"] = ""
    df["combined_voice"] = ""
    chosen = {}
    df[[f"p:{c}" for c in CLASSES]] = 0.0
    for b in sorted(df["batch"].unique()):
        test = (df["batch"] == b).to_numpy()
        train = df[~test]
        t = choose_threshold(train, cols)
        model = fit(train[cols].to_numpy(), train["voice"].to_numpy())
        proba = probabilities(model, df.loc[test, cols].to_numpy())
        df.loc[test, "classifier_voice"] = np.array(CLASSES)[proba.argmax(1)]
        df.loc[test, [f"p:{c}" for c in CLASSES]] = proba
        df.loc[test, "combined_voice"] = combine(df.loc[test, "rules_voice"].to_numpy(), proba, t)
        chosen[int(b)] = t
    return df, chosen


def speakers_of(df: pd.DataFrame, voice_col: str) -> tuple[list[str], list[str]]:
    """Speaker and group for a predicted voice: the rules' where the voice is the
    rules' voice; none for narrator and scare quotes; for a phrase turned into a quote
    or reported speech, the rules' speaker when they gave one, else the fallback."""
    names, groups = [], []
    for v, rv, rs, rg, fs, fg in zip(df[voice_col], df["rules_voice"], df["rules_speaker"],
                                     df["rules_group"], df["fallback_speaker"],
                                     df["fallback_group"], strict=True):
        if v == rv:
            names.append(rs)
            groups.append(rg)
        elif v not in SPEAKING:
            names.append("")
            groups.append("")
        elif rs:
            names.append(rs)
            groups.append(rg)
        else:
            names.append(fs)
            groups.append(fg)
    return names, groups


def scored(df: pd.DataFrame, method: str, speakers: Speakers) -> pd.DataFrame:
    """Per phrase: voice_ok, speaker_group_ok, speaker_ok of ``method``'s prediction,
    compared as :func:`analysis.frames.voice_eval.evaluate_voice` compares them."""
    voice = df[f"{method}_voice"]
    if method == "rules":
        names, groups = df["rules_speaker"].tolist(), df["rules_group"].tolist()
    else:
        names, groups = speakers_of(df, f"{method}_voice")
    groups = [GROUP_EQUIVALENTS.get(g, g) for g in groups]
    gold_group = [g if isinstance(g, str) else "" for g in df["speaker_group"]]
    group_ok = np.array([g == p for g, p in zip(gold_group, groups, strict=True)])
    joint = (df["speaker_group"] == "joint").to_numpy() & (np.array(groups) == "joint")
    speaker_ok = joint | np.array([
        same_speaker(g, p) or _same_listed(g, p, speakers) or _both_unnamed(g, p, speakers)
        for g, p in zip(df["speaker"], names, strict=True)])
    return pd.DataFrame({"batch": df["batch"].to_numpy(), "voice": df["voice"].to_numpy(),
                         "predicted": voice.to_numpy(),
                         "voice_ok": (voice == df["voice"]).to_numpy(),
                         "speaker_group_ok": group_ok, "speaker_ok": speaker_ok})


def summary(s: pd.DataFrame) -> dict[str, float]:
    said = s[s["voice"].isin(SPEAKING)]
    out = {"n": len(s), "voice": s["voice_ok"].mean()}
    for v in CLASSES:
        out[f"voice|{v}"] = s.loc[s["voice"] == v, "voice_ok"].mean()
    out["speaker_group"] = said["speaker_group_ok"].mean()
    out["speaker"] = said["speaker_ok"].mean()
    return out


def feature_speed(name: str, items: list[tuple[str, list[tuple[int, int]]]],
                  speakers: Speakers) -> str:
    """CPU seconds of the features and of the voice stage (``attribute_voices`` and a
    lookup of every span) over ``items``: (text, spans to look up)."""
    mb = sum(len(t.encode("utf-8")) for t, _ in items) / 1e6
    sentences = [split_sentences(t) for t, _ in items]
    n = sum(len(spans) for _, spans in items)
    started = time.process_time()
    for (text, spans), sents in zip(items, sentences, strict=True):
        cues = TextCues(text, sents)
        for s, e in spans:
            phrase_features(cues, s, e)
    feat = time.process_time() - started
    started = time.process_time()
    for (text, spans), sents in zip(items, sentences, strict=True):
        attribute_voices(text, sents, speakers).lookup_all(spans)
    stage = time.process_time() - started
    return (f"{name}: {len(items)} texts, {mb:.2f} MB, {n} spans; features {feat:.2f} s CPU "
            f"({mb / feat:.2f} MB/s), voice stage {stage:.2f} s CPU ({mb / stage:.2f} MB/s)")


def speed_items(coding) -> tuple[list, list]:
    """The bundled corpus with one span per sentence (its first 40 characters), and the
    coded excerpts with their gold phrases: texts and spans to time."""
    from analysis.ingest.corpus import load_corpus
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(DEFAULT_CORPUS, progress=False)
    bundled = [(t, [(s, min(e, s + 40)) for s, e in split_sentences(t)])
               for t in corpus.articles["text"] if isinstance(t, str)]
    ev = coding.evidence[coding.evidence["start"] >= 0]
    spans = {aid: list(zip(g["start"], g["end"], strict=True))
             for aid, g in ev.groupby("article_id")}
    coded = [(t, spans.get(aid, [])) for aid, t in
             zip(coding.articles["article_id"], coding.articles["text"], strict=True)]
    return bundled, coded


def report(df: pd.DataFrame, speakers: Speakers, out: Path | None) -> None:
    """Print (and write to ``out``) the tables of the three methods and the adoption
    test, over the batches of ``df``."""
    tables = {}
    for method in ("rules", "classifier", "combined"):
        s = scored(df, method, speakers)
        per = {f"batch {b}": summary(g) for b, g in s.groupby("batch")}
        table = pd.DataFrame({"pooled": summary(s), **per}).T
        tables[method] = table
        print(f"\n== {method}\n{table.round(3).to_string()}")
        confusion = pd.crosstab(s["voice"], s["predicted"]).rename_axis(
            index="gold", columns="predicted")
        print(confusion.to_string())
        if out:
            out.mkdir(parents=True, exist_ok=True)
            table.to_csv(out / f"{method}_accuracy.csv")
            confusion.to_csv(out / f"{method}_confusion.csv")
    r, c = tables["rules"], tables["combined"]
    per_batch = [k for k in r.index if k != "pooled"]
    wins = sum(c.loc[k, "voice"] > r.loc[k, "voice"] for k in per_batch)
    gain = c.loc["pooled", "voice"] - r.loc["pooled", "voice"]
    speaker_drop = c.loc["pooled", "speaker"] < r.loc["pooled", "speaker"]
    adopt = gain >= 0.01 and wins >= min(4, len(per_batch)) and not speaker_drop
    print(f"\ncombined - rules, voice: pooled {gain:+.3f}; better on {wins} of "
          f"{len(per_batch)} batches; pooled speaker {c.loc['pooled', 'speaker']:.3f} vs "
          f"{r.loc['pooled', 'speaker']:.3f} -> rule met: {adopt}")
    rules_ok = (df["voice"] == df["rules_voice"]).to_numpy()
    clf_ok = (df["voice"] == df["classifier_voice"]).to_numpy()
    print(f"\nclassifier right where the rules are wrong: {(clf_ok & ~rules_ok).sum()} of "
          f"{(~rules_ok).sum()}; wrong where the rules are right: {(~clf_ok & rules_ok).sum()} "
          f"of {rules_ok.sum()}")
    print("\nfor information only (chosen on the batches scored, so not a result): the "
          "combination at one fixed threshold for all batches")
    proba = df[[f"p:{c}" for c in CLASSES]].to_numpy()
    gold, rules = df["voice"].to_numpy(), df["rules_voice"].to_numpy()
    for t in THRESHOLDS:
        voices = combine(rules, proba, t)
        ok = voices == gold
        better = sum(ok[(df["batch"] == b).to_numpy()].mean()
                     > (rules == gold)[(df["batch"] == b).to_numpy()].mean()
                     for b in sorted(df["batch"].unique()))
        fixed = summary(scored(df.assign(fixed_voice=voices), "fixed", speakers))
        print(f"  t={t:.2f}: voice {ok.mean():.3f}, speaker {fixed['speaker']:.3f}, flips "
              f"{int((voices != rules).sum())}, better on {better} batches")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--old-rules", metavar="COMMIT", default=None,
                        help="the rules of the package at COMMIT instead of the working tree's")
    parser.add_argument("--old-batch", type=int, action="append", default=[],
                        help="with --old-rules: the batches those rules never read (the "
                             "tables cover these only; the classifier and threshold are "
                             "still fitted on the other batches)")
    args = parser.parse_args()
    speakers = bundled_speakers()
    coding = load_coding(args.dev)
    started = time.perf_counter()
    df = phrases(coding, args.old_rules)
    df, chosen = leave_one_batch_out(df)
    print(f"{len(df)} phrases, batches {sorted(chosen)}, rules of "
          f"{args.old_rules or 'the working tree'}; {time.perf_counter() - started:.0f} s\n"
          f"threshold per left-out batch: {chosen}")
    if args.old_rules:
        df = df[df["batch"].isin(args.old_batch or sorted(chosen))]
        print(f"scored: batches {sorted(int(b) for b in df['batch'].unique())}")
    report(df, speakers, args.out)
    if args.old_rules:
        return
    cols = [col for col in df.columns if col.startswith("f:")]
    model = fit(df[cols].to_numpy(), df["voice"].to_numpy())
    coef = pd.DataFrame(model.coef_.T, index=[col[2:] for col in cols], columns=model.classes_)
    print("\ncoefficients of the model fitted on all batches:\n" + coef.round(2).to_string())
    bundled, coded = speed_items(coding)
    print("\n" + feature_speed("bundled corpus, a span per sentence", bundled, speakers))
    print(feature_speed("coded excerpts, their gold phrases", coded, speakers))
    if args.out:
        df.drop(columns=cols).to_csv(args.out / "phrases.csv", index=False)


if __name__ == "__main__":
    main()
