"""How well the voice stage attributes hand-coded frame phrases (voice, speaker, group).

:func:`evaluate_voice` runs :func:`analysis.voice.voices.attribute_voices` on the raw
text of every coded excerpt and looks up each gold phrase span, as ``framing score``
would for a hit. It compares

- the voice (narrator, quote, scare_quote, reported);
- the speaker group (gold ``joint`` is the speakers file's ``joint_official``);
- the speaker, after :func:`normalise_speaker`: case, titles and roles removed, and a
  surname or all of one name's words in the other is a match (*Xi* = *President Xi
  Jinping*); unnamed sources match unnamed sources (*Many observers* = ``unnamed``), and
  two joint speakers match (gold writes the joint referent in many forms, all one
  referent: AGREEMENT.md R11 harmonised them as cosmetic variants); so do two aliases of
  one speaker of the speakers file (*Zelenskyy* = *Volodymyr Zelensky*), and a noun of
  its ``unnamed`` list in gold (*skeptics*) with ``unnamed``.
  Narrator and scare quotes have no speaker in gold: both sides empty is a match.

Speaker and group accuracy are reported over the phrases gold codes ``quote`` or
``reported`` (the ones that have a speaker), voice accuracy over all phrases.

Rules written while reading misattributed phrases are fitted to those phrases. To keep
a part of the corpus unread, :func:`story_halves` splits the excerpts deterministically
into a development half and a check half, copies of a story and an outlet's excerpts
always together (the folds of :func:`analysis.frames.crossval.cross_validate`: folds
0-2 develop, 3-4 check); :meth:`VoiceEvaluation.summary_by` reports each half.

>>> normalise_speaker("President Xi Jinping"), normalise_speaker("Russian President Putin")
('xi jinping', 'putin')
>>> same_speaker("Xi", "Xi Jinping"), same_speaker("Putin", "Xi Jinping"), same_speaker("", None)
(True, False, True)
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold

from analysis.frames.coding import FRAMES, Coding
from analysis.frames.crossval import fold_groups
from analysis.text.sentences import split_sentences
from analysis.voice.speakers import Speakers
from analysis.voice.voices import VOICES, attribute_voices

__all__ = ["GROUP_EQUIVALENTS", "VoiceEvaluation", "evaluate_voice", "normalise_speaker",
           "same_speaker", "story_halves"]

#: Speakers-file group names that mean a codebook group.
GROUP_EQUIVALENTS = {"joint_official": "joint"}

_TITLES = re.compile(
    r"\b(?:president|presidents|prime minister|premier|minister|foreign minister|"
    r"secretary of state|secretary|general|gen\.|spokesman|spokeswoman|spokesperson|"
    r"chairman|leader|mr\.?|mrs\.?|ms\.?|dr\.?|russian|chinese|russia's|china's|u\.s\.|"
    r"the)\b"
)
_SPEAKERS = ("quote", "reported")
#: Nouns of unnamed sources: gold writes "Many observers", "unnamed Chinese diplomat";
#: the voice stage writes "unnamed" (or the collective "analysts").
_UNNAMED = frozenset("""unnamed analyst analysts expert experts observer observers scholar
    scholars researchers commentators critics officials diplomat diplomats sources source
    participants accusers claims""".split())


def normalise_speaker(name: str | None) -> str:
    """Lower case, titles and nationality adjectives removed, spaces collapsed.

    >>> normalise_speaker("Chinese Foreign Minister Wang Yi")
    'wang yi'
    """
    text = (name if isinstance(name, str) else "").lower().replace("’", "'")
    text = _TITLES.sub(" ", text)
    return " ".join(re.sub(r"[^\w' -]", " ", text).split())


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """Whether two speaker strings name the same referent: equal once normalised, or
    the same last word (surname), or one's words all in the other's.

    >>> same_speaker("joint statement", "Putin and Xi")
    False
    >>> same_speaker("Sergei Lavrov", "Lavrov")
    True
    """
    g, p = normalise_speaker(gold), normalise_speaker(predicted)
    if g == p:
        return True
    if not g or not p:
        return False
    gw, pw = g.split(), p.split()
    if _unnamed(gw) and _unnamed(pw):
        return True
    return gw[-1] == pw[-1] or set(gw) <= set(pw) or set(pw) <= set(gw)


def _same_listed(gold: str | None, predicted: str | None, speakers: Speakers) -> bool:
    """Whether both name one speaker of the speakers file, by any of its aliases
    (gold *Volodymyr Zelenskyy*, the stage's canonical *Volodymyr Zelensky*)."""
    if not isinstance(gold, str) or not isinstance(predicted, str):
        return False
    listed = speakers.resolve(gold)
    return listed is not None and listed is speakers.resolve(predicted)


def _both_unnamed(gold: str | None, predicted: str | None, speakers: Speakers) -> bool:
    """Whether gold names an unnamed source by a noun of the speakers file's
    ``unnamed`` list (*skeptics*) and the stage says ``unnamed``."""
    words = normalise_speaker(gold).split()
    return normalise_speaker(predicted) == "unnamed" and bool(words) and (
        words[-1] in speakers.unnamed or words[-1].rstrip("s") in speakers.unnamed)


def _unnamed(words: list[str]) -> bool:
    return words[0] == "unnamed" or words[-1] in _UNNAMED


@dataclass
class VoiceEvaluation:
    """The phrases with gold and predicted voice, and the summaries made from them."""

    phrases: pd.DataFrame  # one row per gold phrase, gold and predicted columns

    def summary(self) -> pd.DataFrame:
        """Accuracy overall and per gold voice: one row per (scope, measure)."""
        rows = []
        df = self.phrases
        for scope, part in [("all", df), *((v, df[df["voice"] == v]) for v in VOICES)]:
            if part.empty:
                continue
            attributed = part[part["voice"].isin(_SPEAKERS)]
            rows.append({"scope": scope, "measure": "voice", "n": len(part),
                         "accuracy": part["voice_ok"].mean()})
            for measure in ("speaker_group", "speaker"):
                if len(attributed):
                    rows.append({"scope": scope, "measure": measure, "n": len(attributed),
                                 "accuracy": attributed[f"{measure}_ok"].mean()})
        return pd.DataFrame(rows, columns=["scope", "measure", "n", "accuracy"])

    def summary_by(self, parts: pd.Series) -> pd.DataFrame:
        """:meth:`summary` of each part of the corpus (``parts``: article_id -> part, as
        :func:`story_halves` gives), one row per (part, scope, measure)."""
        part_of = self.phrases["article_id"].map(parts)
        return pd.concat([VoiceEvaluation(g.reset_index(drop=True)).summary().assign(part=name)
                          for name, g in self.phrases.groupby(part_of, sort=True)],
                         ignore_index=True)[["part", "scope", "measure", "n", "accuracy"]]

    def confusion(self) -> pd.DataFrame:
        """Voice confusion matrix, tidy: gold_voice, predicted_voice, n."""
        return (self.phrases.groupby(["voice", "predicted_voice"]).size()
                .rename("n").reset_index()
                .rename(columns={"voice": "gold_voice"}))

    def errors(self) -> pd.DataFrame:
        """The misattributed phrases: wrong voice, or wrong speaker/group on a quote or
        reported phrase."""
        df = self.phrases
        wrong = ~df["voice_ok"] | (df["voice"].isin(_SPEAKERS)
                                   & ~(df["speaker_ok"] & df["speaker_group_ok"]))
        cols = ["article_id", "frame", "phrase", "sentence", "voice", "speaker", "speaker_group",
                "predicted_voice", "predicted_speaker", "predicted_group"]
        return df.loc[wrong, cols].reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables to write: ``voice_accuracy``, ``voice_confusion``, ``voice_errors``."""
        return {"voice_accuracy": self.summary(), "voice_confusion": self.confusion(),
                "voice_errors": self.errors()}

    def to_text(self) -> str:
        """A short plain-text report for the command line."""
        s = self.summary()
        lines = ["Voice attribution against the gold coding", ""]
        lines.append(f"{'scope':<12}{'measure':<15}{'n':>5}{'accuracy':>10}")
        for r in s.itertuples():
            lines.append(f"{r.scope:<12}{r.measure:<15}{r.n:>5}{r.accuracy:>10.3f}")
        lines += ["", "confusion (rows gold, columns predicted):"]
        matrix = self.confusion().pivot(index="gold_voice", columns="predicted_voice",
                                        values="n").fillna(0).astype(int)
        lines.append(matrix.to_string())
        lines.append(f"\n{len(self.errors())} misattributed phrases")
        return "\n".join(lines)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def evaluate_voice(coding: Coding, speakers: Speakers, *, sources: bool = True) -> VoiceEvaluation:
    """Attribute voices in each coded excerpt's raw text and compare with the gold phrases.

    ``sources``: use the voice stage's second pass (sources beyond the speakers file);
    ``False`` measures the speakers-file rules alone.
    """
    texts = dict(zip(coding.articles["article_id"], coding.articles["text"], strict=True))
    ev = coding.evidence[coding.evidence["start"] >= 0]
    predicted = []
    for aid, group in ev.groupby("article_id", sort=False):
        text = texts[aid]
        vm = attribute_voices(text, split_sentences(text), speakers, sources=sources)
        for idx, s, e in zip(group.index, group["start"], group["end"], strict=True):
            v = vm.lookup(int(s), int(e))
            predicted.append((idx, v.voice, v.speaker,
                              GROUP_EQUIVALENTS.get(v.speaker_group, v.speaker_group)))
    pred = pd.DataFrame(predicted, columns=["idx", "predicted_voice", "predicted_speaker",
                                            "predicted_group"]).set_index("idx")
    df = ev.join(pred)
    df["voice_ok"] = df["voice"] == df["predicted_voice"]
    df["speaker_group_ok"] = [_text(g) == _text(p) for g, p in
                              zip(df["speaker_group"], df["predicted_group"], strict=True)]
    # the two leaders, "China and Russia", "the joint statement": one joint referent
    joint = (df["speaker_group"] == "joint") & (df["predicted_group"] == "joint")
    df["speaker_ok"] = joint.to_numpy() | [
        same_speaker(g, p) or _same_listed(g, p, speakers) or _both_unnamed(g, p, speakers)
        for g, p in zip(df["speaker"], df["predicted_speaker"], strict=True)]
    return VoiceEvaluation(df.reset_index(drop=True))


def story_halves(articles: pd.DataFrame, labels: pd.DataFrame, *, k: int = 5,
                 development: int = 3) -> pd.Series:
    """article_id -> ``development`` or ``check``: the excerpts of the first
    ``development`` of the ``k`` folds that cross-validation uses (stratified by the
    frames coded, grouped by outlet and story, fixed seed), and the rest.

    ``articles`` need ``article_id``, ``outlet`` and ``story_id`` (the coded corpus as
    :func:`analysis.frames.coding.coded_corpus` loads it), ``labels`` the 0/1 frames.

    >>> arts = pd.DataFrame({"article_id": list("abcdef"), "outlet": list("abcdef"),
    ...                      "story_id": list("aabcde")})
    >>> labels = pd.DataFrame({"article_id": list("abcdef"), "no_limits": [1, 1, 0, 0, 1, 0],
    ...                        "asymmetric": 0, "stabilizing_force": 0})
    >>> h = story_halves(arts, labels, k=3, development=2)
    >>> h["a"] == h["b"], sorted(h.value_counts().index)
    (True, ['check', 'development'])
    """
    truth = labels.set_index("article_id").loc[articles["article_id"]]
    strata = truth[list(FRAMES)].to_numpy().dot(1 << np.arange(len(FRAMES)))
    ids = articles["article_id"].to_numpy()
    half = {}
    cv = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # strata smaller than k
        for fold, (_, test) in enumerate(cv.split(ids, strata, fold_groups(articles))):
            half.update(dict.fromkeys(ids[test], "development" if fold < development
                                      else "check"))
    return pd.Series(half, name="half").reindex(ids)
