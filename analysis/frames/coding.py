"""Hand coding of the development corpus: excerpts, article labels and frame phrases.

``data/dev/`` holds real excerpts (``excerpts.jsonl``) and their adjudicated
coding (``coding/gold.jsonl``, one line per excerpt in the codebook's format:
0/1 per frame and, for every frame phrase, its sentence, voice, speaker and
speaker group). :func:`load_coding` reads both and locates every phrase in its
excerpt; :func:`sentence_labels` turns that into one row per sentence with a
0/1 column per frame — the training and test units of the learned scorer.

>>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Ties have no limits. Trade rose."]})
>>> ev = pd.DataFrame({"article_id": ["a"], "frame": ["no_limits"], "start": [10], "end": [19]})
>>> sentence_labels(arts, ev, ["no_limits"])[["text", "no_limits"]].values.tolist()
[['Ties have no limits.', 1], ['Trade rose.', 0]]
"""

from __future__ import annotations

import json
import re
import tempfile
import warnings
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.ingest.corpus import Corpus, load_corpus
from analysis.text.sentences import split_sentences

__all__ = ["FRAMES", "Coding", "batch_folders", "coding_files", "load_coding", "coded_corpus",
           "locate",
           "sentence_labels"]

#: The frames the codebook defines.
FRAMES = ("no_limits", "asymmetric", "stabilizing_force")

_EVIDENCE = ["article_id", "frame", "phrase", "sentence", "voice", "speaker", "speaker_group",
             "start", "end", "agreed"]


@dataclass
class Coding:
    """A coded corpus: articles (with metadata), article labels and located frame phrases."""

    articles: pd.DataFrame  # article_id, text, outlet, outlet_group, published, ...
    labels: pd.DataFrame  # article_id, one 0/1 column per frame, contested_no_limits
    evidence: pd.DataFrame  # one row per frame phrase: see _EVIDENCE

    def assign_batch(self, batch: int) -> Coding:
        """The same coding with ``batch`` recorded on every article."""
        return Coding(self.articles.assign(batch=batch), self.labels, self.evidence)


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise InputError(f"{path}, line {line_no}: not JSON ({exc})") from exc
    return rows


def _locate(text: str, item: dict, occurrence: int = 0) -> tuple[int, int]:
    """Character span of the item's phrase, searched inside its sentence first.

    ``occurrence`` counts earlier items of the same article with the same phrase
    and sentence: the second such item is the sentence's second copy in the text
    (a headline repeated by the page layout), or its last copy when there are fewer.

    >>> text = "No limits. Body. No limits."
    >>> [_locate(text, {"phrase": "limits", "sentence": "No limits."}, n) for n in (0, 1, 2)]
    [(3, 9), (20, 26), (20, 26)]
    """
    sentence, phrase = item.get("sentence") or "", item.get("phrase") or ""
    at = text.find(sentence) if sentence else -1
    for _ in range(occurrence):
        later = text.find(sentence, at + 1) if at >= 0 else -1
        if later < 0:
            break
        at = later
    if at >= 0 and phrase and (inner := sentence.find(phrase)) >= 0:
        return at + inner, at + inner + len(phrase)
    if at >= 0:
        return at, at + len(sentence)
    at = text.find(phrase) if phrase else -1
    return (at, at + len(phrase)) if at >= 0 else (-1, -1)


def _occurrences(keys: list[tuple]) -> list[int]:
    """For each key, how many times it came before (0 for the first)."""
    seen: dict[tuple, int] = {}
    out = []
    for key in keys:
        out.append(seen.get(key, 0))
        seen[key] = out[-1] + 1
    return out


def batch_folders(folder: str | Path) -> list[tuple[int, Path]]:
    """The batches of a coded corpus: the folder itself (batch 1) and its ``batchN/``.

    A later batch has the same layout (``excerpts.jsonl``, ``coding/``) in a
    sub-folder named ``batch2``, ``batch3``…; it was gathered and coded after the
    ones before it, which is what makes it a fair test of a scorer fixed earlier.
    A folder that holds only later batches (no ``excerpts.jsonl`` of its own, as
    ``data/dev/holdout/`` once its first batch joined the training data) is those
    batches alone.
    """
    folder = Path(folder)
    later = sorted((int(m.group(1)), p) for p in folder.glob("batch*")
                   if p.is_dir() and (m := re.fullmatch(r"batch(\d+)", p.name)))
    if later and not (folder / "excerpts.jsonl").exists():
        return later
    return [(1, folder), *later]


def coding_files(folder: str | Path) -> list[Path]:
    """The files a coded corpus's figures depend on: each batch's excerpts and
    adjudicated coding (not the gathering passes, nor each coder's own file)."""
    return sorted(path / name for _, path in batch_folders(folder)
                  for name in ("excerpts.jsonl", "coding/gold.jsonl"))


def load_coding(folder: str | Path, *, coding: str = "coding/gold.jsonl",
                batches: bool = True) -> Coding:
    """Read ``excerpts.jsonl`` and a coder's (or the adjudicated) file from ``folder``.

    With ``batches`` (the default) the folder's later batches (:func:`batch_folders`)
    are read too and the articles get a ``batch`` column; ``batches=False`` reads
    the folder alone.

    Raises:
        InputError: a file is missing or unreadable, a coded id has no excerpt or
            is in two batches, or a phrase cannot be found in its excerpt (the
            message names id and phrase).
    """
    folders = batch_folders(folder) if batches else [(1, Path(folder))]
    parts = [_load_one(path, coding).assign_batch(n) for n, path in folders]
    articles = pd.concat([p.articles for p in parts], ignore_index=True)
    twice = articles["article_id"][articles["article_id"].duplicated()]
    if len(twice):
        raise InputError(f"{folder}: excerpt id {twice.iloc[0]!r} is in two batches")
    return Coding(articles=articles,
                  labels=pd.concat([p.labels for p in parts], ignore_index=True),
                  evidence=pd.concat([p.evidence for p in parts], ignore_index=True))


def _load_one(folder: Path, coding: str) -> Coding:
    """One batch: its excerpts and one coding file, every phrase located."""
    for name in ("excerpts.jsonl", coding):
        if not (folder / name).is_file():
            raise InputError(f"{folder / name} does not exist")
    excerpts = pd.DataFrame(_read_jsonl(folder / "excerpts.jsonl")).rename(
        columns={"id": "article_id"})
    texts = dict(zip(excerpts["article_id"], excerpts["text"], strict=True))
    labels, evidence = [], []
    for row in _read_jsonl(folder / coding):
        aid = row.get("id")
        if aid not in texts:
            raise InputError(f"{folder / coding}: id {aid!r} has no excerpt")
        labels.append({"article_id": aid, **{f: int(row.get(f, 0)) for f in FRAMES},
                       "contested_no_limits": int(row.get("contested_no_limits", 0))})
        items = row.get("evidence") or []
        nth = _occurrences([(item.get("phrase"), item.get("sentence")) for item in items])
        for item, n in zip(items, nth, strict=True):
            start, end = _locate(texts[aid], item, n)
            if start < 0:
                raise InputError(f"{folder / coding}: {aid}: phrase {item.get('phrase')!r} "
                                 "is not in the excerpt")
            evidence.append({**{k: item.get(k) for k in _EVIDENCE}, "article_id": aid,
                             "start": start, "end": end})
    return Coding(articles=excerpts, labels=pd.DataFrame(labels),
                  evidence=pd.DataFrame(evidence, columns=_EVIDENCE))


def coded_corpus(coding: Coding) -> Corpus:
    """The coded excerpts as the pipeline reads them: ingested, cleaned, clustered.

    The excerpts go through :func:`analysis.ingest.corpus.load_corpus` exactly as
    a researcher's JSONL would (via a temporary file), so evaluation measures what
    ``framing score`` would find.
    """
    fields = ["article_id", "outlet", "url", "published", "title", "text"]
    arts = coding.articles.reindex(columns=fields).astype(object).fillna("")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "excerpts.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for row in arts.to_dict("records"):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = load_corpus(path, progress=False)
    extra = coding.articles.set_index("article_id")
    for col in ("outlet_group", "country", "batch"):
        if col in extra:
            corpus.articles[col] = corpus.articles["article_id"].map(extra[col])
    return corpus


def locate(evidence: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``evidence`` with ``start``/``end`` found again in the texts of ``articles``.

    Use it after cleaning: a phrase whose sentence cleaning removed gets -1 (the
    pipeline cannot find what it no longer reads); phrases of other articles are
    dropped.

    >>> ev = pd.DataFrame({"article_id": ["a"], "frame": ["f"], "phrase": ["no limits"],
    ...                    "sentence": ["Ties have no limits."], "start": [99], "end": [108]})
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Ties have no limits."]})
    >>> locate(ev, arts)[["start", "end"]].values.tolist()
    [[10, 19]]
    """
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    ev = evidence[evidence["article_id"].isin(texts)].copy()
    keys = list(zip(ev["article_id"], ev["phrase"], ev["sentence"], strict=True))
    spans = [_locate(texts[a], {"phrase": p, "sentence": s}, n)
             for (a, p, s), n in zip(keys, _occurrences(keys), strict=True)]
    ev["start"] = [s for s, _ in spans]
    ev["end"] = [e for _, e in spans]
    return ev.reset_index(drop=True)


def sentence_labels(articles: pd.DataFrame, evidence: pd.DataFrame,
                    frames: list[str] | tuple[str, ...] = FRAMES) -> pd.DataFrame:
    """One row per sentence of every article, 1 for a frame when a coded phrase starts in it.

    Columns: article_id, sentence_id, start, end, text, and one per frame.
    """
    starts = {aid: g["start"].tolist() for aid, g in evidence.groupby("article_id")}
    frames_at = {aid: g["frame"].tolist() for aid, g in evidence.groupby("article_id")}
    rows = []
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        spans = split_sentences(text)
        first = [s for s, _ in spans]
        flags = [dict.fromkeys(frames, 0) for _ in spans]
        for pos, frame in zip(starts.get(aid, []), frames_at.get(aid, []), strict=True):
            k = bisect_right(first, pos) - 1
            if 0 <= k < len(spans) and frame in flags[k]:
                flags[k][frame] = 1
        rows += [{"article_id": aid, "sentence_id": i, "start": s, "end": e,
                  "text": text[s:e], **flags[i]} for i, (s, e) in enumerate(spans)]
    columns = ["article_id", "sentence_id", "start", "end", "text", *frames]
    return pd.DataFrame(rows, columns=columns)
