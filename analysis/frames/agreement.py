"""Agreement between two independent coders of one corpus, at both levels the codebook codes.

- **Article level**: Krippendorff's alpha (nominal) per frame and for
  ``contested_no_limits``, with the number of disagreements and how often each
  coder coded 1 (:func:`article_agreement`); :func:`article_disagreements` lists
  them for adjudication.
- **Evidence level**: two coders' phrases are one occurrence when they are the
  same frame in the same excerpt with overlapping spans (coders cut phrases
  differently); occurrences are paired greedily by overlap. Of the paired ones,
  how often voice and speaker group agree, with alpha; the unpaired ones are
  each coder's own finds (:func:`evidence_agreement`).

Both codings are read with :func:`analysis.frames.coding.load_coding`, so spans
are located in the same excerpt texts.

>>> a = pd.DataFrame({"article_id": ["x", "y", "z"], "f": [1, 0, 1]})
>>> b = pd.DataFrame({"article_id": ["x", "y", "z"], "f": [1, 0, 0]})
>>> article_agreement(a, b, fields=("f",))[["field", "disagreements", "coder_a_1"]].values.tolist()
[['f', 1, 2]]
"""

from __future__ import annotations

from dataclasses import dataclass

import krippendorff
import numpy as np
import pandas as pd

from analysis.frames.coding import FRAMES

__all__ = ["ARTICLE_FIELDS", "EvidenceAgreement", "article_agreement", "article_disagreements",
           "evidence_agreement", "pair_occurrences"]

#: The article-level fields two coders are compared on.
ARTICLE_FIELDS = (*FRAMES, "contested_no_limits")

_SPEAKING = ("quote", "reported")


def _alpha(x: np.ndarray, y: np.ndarray) -> float:
    """Nominal alpha of two coders' codes (NaN when every code is the same value)."""
    values = pd.Series(np.concatenate([x, y])).astype(str)
    codes = pd.factorize(values)[0].reshape(2, -1).astype(float)
    if len(set(codes.ravel())) < 2:
        return float("nan")
    return round(float(krippendorff.alpha(reliability_data=codes,
                                          level_of_measurement="nominal")), 3)


def _aligned(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = a["article_id"]
    if set(ids) != set(b["article_id"]):
        only = sorted(set(ids) ^ set(b["article_id"]))[:5]
        raise ValueError(f"the coders coded different excerpts (e.g. {only})")
    return a.set_index("article_id"), b.set_index("article_id").loc[ids]


def article_agreement(a: pd.DataFrame, b: pd.DataFrame, *,
                      fields: tuple[str, ...] = ARTICLE_FIELDS) -> pd.DataFrame:
    """Alpha, disagreements and each coder's count of 1s per field (``Coding.labels``)."""
    a, b = _aligned(a, b)
    rows = []
    for f in fields:
        x, y = a[f].to_numpy(dtype=int), b[f].to_numpy(dtype=int)
        rows.append({"field": f, "alpha": _alpha(x, y), "disagreements": int((x != y).sum()),
                     "coder_a_1": int(x.sum()), "coder_b_1": int(y.sum()), "units": len(x)})
    return pd.DataFrame(rows)


def article_disagreements(a: pd.DataFrame, b: pd.DataFrame, *,
                          fields: tuple[str, ...] = ARTICLE_FIELDS) -> pd.DataFrame:
    """One row per excerpt and field the coders coded differently."""
    a, b = _aligned(a, b)
    rows = [{"article_id": aid, "field": f, "coder_a": int(a.at[aid, f]),
             "coder_b": int(b.at[aid, f])}
            for f in fields for aid in a.index if int(a.at[aid, f]) != int(b.at[aid, f])]
    return pd.DataFrame(rows, columns=["article_id", "field", "coder_a", "coder_b"])


def pair_occurrences(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Pairs of evidence rows (index in ``a``, index in ``b``; -1 when unpaired).

    Same excerpt, same frame, overlapping spans; the largest overlaps are paired first.

    >>> a = pd.DataFrame({"article_id": ["x", "x"], "frame": ["f", "f"], "start": [0, 50],
    ...                   "end": [10, 60]})
    >>> b = pd.DataFrame({"article_id": ["x"], "frame": ["f"], "start": [5], "end": [20]})
    >>> pair_occurrences(a, b).values.tolist()
    [[0, 0], [1, -1]]
    """
    candidates = []
    for (aid, frame), ga in a.groupby(["article_id", "frame"]):
        gb = b[(b["article_id"] == aid) & (b["frame"] == frame)]
        for i, ra in ga.iterrows():
            for j, rb in gb.iterrows():
                overlap = min(ra["end"], rb["end"]) - max(ra["start"], rb["start"])
                if overlap > 0:
                    candidates.append((-overlap, i, j))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    pairs += [(i, -1) for i in a.index if i not in used_a]
    pairs += [(-1, j) for j in b.index if j not in used_b]
    return pd.DataFrame(sorted(pairs, key=lambda p: (p[0] < 0, p[0], p[1])),
                        columns=["a", "b"])


@dataclass
class EvidenceAgreement:
    """Phrase-level agreement: paired occurrences and each coder's own finds."""

    both: int
    a_only: int
    b_only: int
    voice_agreed: int
    voice_alpha: float
    group_agreed: int  # narrator and scare quotes count as group "none"
    speaking_both: int  # pairs both coders coded quote or reported
    speaking_group_agreed: int
    pairs: pd.DataFrame  # one row per occurrence: both coders' voice, speaker, group

    def to_text(self) -> str:
        """Plain-text summary."""
        return "\n".join([
            f"Occurrences found by both coders: {self.both}; A alone {self.a_only}, "
            f"B alone {self.b_only}.",
            f"Voice agreed on {_share(self.voice_agreed, self.both)}, alpha {self.voice_alpha}.",
            f"Speaker group agreed on {_share(self.group_agreed, self.both)} "
            "(none for narrator and scare quotes); where both coded quote or reported: "
            f"{_share(self.speaking_group_agreed, self.speaking_both)}.",
        ])


def _share(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.1%})" if d else "0/0"


def evidence_agreement(a: pd.DataFrame, b: pd.DataFrame) -> EvidenceAgreement:
    """Agreement on the coded phrases (``Coding.evidence`` of each coder)."""
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    pairs = pair_occurrences(a, b)
    cols = ["article_id", "frame", "phrase", "voice", "speaker", "speaker_group"]
    left = a.reindex(pairs["a"].to_numpy())[cols].reset_index(drop=True).add_prefix("a_")
    right = b.reindex(pairs["b"].to_numpy())[cols].reset_index(drop=True).add_prefix("b_")
    table = pd.concat([left, right], axis=1)
    both = table[(pairs["a"] >= 0).to_numpy() & (pairs["b"] >= 0).to_numpy()]
    group_a = both["a_speaker_group"].where(both["a_voice"].isin(_SPEAKING), "none").fillna("none")
    group_b = both["b_speaker_group"].where(both["b_voice"].isin(_SPEAKING), "none").fillna("none")
    speaking = both["a_voice"].isin(_SPEAKING) & both["b_voice"].isin(_SPEAKING)
    return EvidenceAgreement(
        both=len(both), a_only=int((pairs["b"] < 0).sum()), b_only=int((pairs["a"] < 0).sum()),
        voice_agreed=int((both["a_voice"] == both["b_voice"]).sum()),
        voice_alpha=_alpha(both["a_voice"].to_numpy(), both["b_voice"].to_numpy()),
        group_agreed=int((group_a == group_b).sum()),
        speaking_both=int(speaking.sum()),
        speaking_group_agreed=int((group_a == group_b)[speaking].sum()),
        pairs=table)
