"""Frame scores: hits, per-article and per-outlet rates with bootstrap intervals, evidence.

The engine (:func:`iter_hits`) streams articles one at a time: sentences
(:func:`analysis.text.tokens.split_sentences`), tokens
(:class:`analysis.text.tokens.SentenceTokens`),
lexicon matches (:meth:`analysis.frames.lexicon.Lexicon.match_tokens`, never across
sentences) and, for each match, its voice (:meth:`analysis.voice.voices.VoiceMap.lookup`). With
``n_jobs > 1`` chunks of articles go to a process pool; results keep input order.

Tables (columns in :mod:`analysis.schema`):

- ``hits``: one row per match, negated matches included (``negated=True``);
- ``frame_scores``: one row per article x frame, zeros included; ``hits`` counts
  supporting (not negated) hits only;
- ``outlet_scores``: one row per group x frame with bootstrap intervals
  (:func:`analysis.frames.bootstrap.group_scores`, re-exported here);
- ``evidence``: keyword in context for every hit.

Articles whose ``language`` differs from the lexicon's are left out of every
table, with a warning, and listed in :attr:`Scores.excluded` and ``run.json``.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import accumulate, islice
from typing import Any, NamedTuple

import pandas as pd

from analysis.errors import InputError
from analysis.frames.bootstrap import ALL_STORIES, SentenceCounts, group_scores
from analysis.frames.lexicon import Lexicon
from analysis.frames.model import FrameModel
from analysis.frames.model_hits import METHODS, ModelHits
from analysis.frames.score_tables import (
    ScoringWarning,
    TableParts,
    split_by_language,
    warn_excluded,
)
from analysis.ingest.groups import check_group_by
from analysis.outputs import SpilledTable
from analysis.schema import VOICES
from analysis.text.tokens import SentenceTokens, Tokens, fast_token_spans, split_sentences
from analysis.workers import map_chunks

__all__ = [
    "ALL_STORIES",
    "VOICES",
    "ArticleResult",
    "Scores",
    "ScoringWarning",
    "confirmed_cue_hits",
    "iter_hits",
    "score_text",
    "score_corpus",
    "score_stream",
    "group_scores",
]


class ArticleResult(NamedTuple):
    """What the engine finds in one article.

    ``sentences``: (start, end, n_tokens) per sentence. ``hits``: (sentence_id,
    frame, cue, start, end, voice, speaker, speaker_group, negated, probability,
    explanation) per hit; probability and explanation are empty for cue matches.
    """

    article_id: str
    n_tokens: int
    sentences: list[tuple[int, int, int]]
    hits: list[tuple]


@dataclass
class Scores:
    """All tables of one scoring run, with the parameters and timings that made them.

    From :func:`score_stream` with ``spill=True``, ``hits``, ``frame_scores`` and
    ``evidence`` are :class:`~analysis.outputs.SpilledTable` (on disk until
    written; :meth:`close` deletes them). ``counts``: articles scored, hits and
    negated hits.
    """

    hits: pd.DataFrame | SpilledTable
    frame_scores: pd.DataFrame | SpilledTable
    outlet_scores: pd.DataFrame
    evidence: pd.DataFrame | SpilledTable
    parameters: dict[str, Any]
    timings: dict[str, float]
    sentences: pd.DataFrame = field(default_factory=pd.DataFrame)
    excluded: list[dict[str, str]] = field(default_factory=list)
    checksums: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def close(self) -> None:
        """Delete the spilled tables' files (nothing to do for DataFrames)."""
        for table in (self.hits, self.frame_scores, self.evidence):
            if isinstance(table, SpilledTable):
                table.close()


# --------------------------------------------------------------------------- engine


def _narrator(text: str, spans: list[tuple[int, int]], speakers: Any) -> Callable:
    return lambda hits: [("narrator", "", "")] * len(hits)


def _voice_function() -> Callable:
    """``attribute_voices`` of analysis.voice.voices; every hit is narrator when it is absent."""
    try:
        from analysis.voice.voices import attribute_voices
    except ImportError:  # pragma: no cover - only while analysis.voice.voices is being written
        return _narrator

    def lookup(text: str, spans: list[tuple[int, int]], speakers: Any) -> Callable:
        vmap = attribute_voices(text, spans, speakers)

        def voices_of(hits: list[tuple[int, int]]) -> list[tuple[str, str, str]]:
            return [(v.voice, v.speaker or "", v.speaker_group or "")
                    for v in vmap.lookup_all(hits)]

        return voices_of

    return lookup


def score_text(text: str, lexicon: Lexicon, *, speakers: Any = None,
               voices: Callable | None = None, article_id: str = "",
               model_hits: ModelHits | None = None, spans: list[tuple[int, int]] | None = None,
               proba: Any = None) -> ArticleResult:
    """Sentences, tokens, matches and voices of one cleaned text.

    With ``model_hits`` (:class:`analysis.frames.model_hits.ModelHits`) the learned
    scorer adds its hits (``proba``: the sentences' probabilities, computed
    here when not given); its method decides whether cue matches are kept.

    >>> from analysis.frames.lexicon import parse_lexicon
    >>> lex = parse_lexicon({"version": 1, "language": "en",
    ...                      "frames": {"f": {"cues": ["boundless"]}}})
    >>> r = score_text("A boundless tie. Fine.", lex, voices=_narrator)
    >>> r.n_tokens, r.sentences, r.hits[0][:9]
    (4, [(0, 16, 3), (17, 22, 1)], (0, 'f', 'boundless', 2, 11, 'narrator', '', '', False))
    """
    text = text or ""
    spans = split_sentences(text) if spans is None else spans
    tokens, breaks, counts, n_tokens = _sentence_tokens(text, spans, lexicon)
    sentences = [(s, e, n) for (s, e), n in zip(spans, counts, strict=True)]
    sent_starts = [s for s, _ in spans]
    found = [(bisect_right(sent_starts, m.start) - 1, m.frame, m.cue, m.start, m.end,
              m.negated, None, "") for m in lexicon.match_tokens(tokens, breaks=breaks)]
    if model_hits is not None:
        if proba is None:
            proba = model_hits.probabilities([text[s:e] for s, e in spans])
        if model_hits.method == "ensemble":
            found = confirmed_cue_hits(found, proba, model_hits)
        extra = model_hits.hits(text, spans, proba, {(h[0], h[1]) for h in found})
        found = ([] if model_hits.method == "model" else found) + extra
        found.sort(key=lambda h: (h[3], h[4]))
    hits: list[tuple] = []
    if found:
        voices_of = (voices or _voice_function())(text, spans, speakers)
        attributed = voices_of([(h[3], h[4]) for h in found])
        hits = [(*h[:5], *voice, *h[5:]) for h, voice in zip(found, attributed, strict=True)]
    return ArticleResult(article_id, n_tokens, sentences, hits)


# ------------------------------------------------------------ the ensemble's confirmation


def confirmed_cue_hits(found: list[tuple], proba: Any, model_hits: ModelHits) -> list[tuple]:
    """The cue hits the ensemble keeps: those whose sentence the model confirms.

    A cue hit of a frame counts only where the model's probability for its
    sentence reaches the frame's confirmation threshold
    (:meth:`analysis.frames.model.FrameModel.confirmation`; 0 keeps every hit).
    Out of sample, general cues misfire in other contexts where the model rarely
    agrees; the thresholds and how they were chosen are in
    :mod:`analysis.frames.crossval`. ``found`` rows start with (sentence_id, frame).
    """
    confirm = model_hits.model.confirmation()
    columns = {f: k for k, f in enumerate(model_hits.frames)}
    return [h for h in found
            if h[1] not in columns or proba[h[0], columns[h[1]]] >= confirm.get(h[1], 0.0)]


def _sentence_tokens(text: str, spans: list[tuple[int, int]], lexicon: Lexicon
                     ) -> tuple[Tokens, list[int], list[int], int]:
    """Tokens of the sentences a cue can match in (:class:`analysis.frames.prefilter.CueFilter`),
    the index where each of these sentences starts, tokens per sentence, and tokens
    in all. When some tokens lie outside the sentences: all tokens of the text."""
    st = SentenceTokens(text, spans)
    if st.complete:
        keep = (range(len(spans)) if st.lower is None
                else lexicon.cue_filter.sentences(st.raw, st.lower, spans))
        tokens, breaks = st.select(list(keep))
        return tokens, breaks, st.counts, st.n_tokens
    tokens = fast_token_spans(text)
    breaks = [bisect_left(tokens.starts, s) for s, _ in spans]
    counts = [bisect_left(tokens.starts, e) - b for (_, e), b in zip(spans, breaks, strict=True)]
    return tokens, breaks, counts, len(tokens.starts)


#: Articles per chunk sent to a pool process or a Dask worker.
CHUNK_SIZE = 200


class _Context(NamedTuple):
    """What every chunk of :func:`iter_hits` needs, sent to each worker once."""

    lexicon: Lexicon
    speakers: Any
    clean: bool
    model_hits: ModelHits | None


def _score_chunk(context: _Context, chunk: list[tuple[str, str]]) -> list[ArticleResult]:
    lexicon, speakers, clean, mh = context
    voices = _voice_function()
    clean_text = _cleaner() if clean else None
    texts = [(aid, clean_text(text).text if clean_text else text or "") for aid, text in chunk]
    spans = [split_sentences(text) for _, text in texts]
    probas: list[Any] = [None] * len(texts)
    if mh is not None:  # one call for the whole chunk: vectorising is cheaper in bulk
        flat = mh.probabilities([t[s:e] for (_, t), sp in zip(texts, spans, strict=True)
                                 for s, e in sp],
                                [k for k, sp in enumerate(spans) for _ in sp])
        cuts = list(accumulate(len(sp) for sp in spans))
        probas = [flat[a:b] for a, b in zip([0, *cuts[:-1]], cuts, strict=True)]
    return [score_text(text, lexicon, speakers=speakers, voices=voices,
                       article_id=aid, model_hits=mh, spans=sp, proba=p)
            for (aid, text), sp, p in zip(texts, spans, probas, strict=True)]


def _cleaner() -> Callable:
    from analysis.ingest.clean import clean_text

    return clean_text


def _chunks(items: Iterable[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def iter_hits(items: Iterable[tuple[str, str]], lexicon: Lexicon, *, speakers: Any = None,
              n_jobs: int = 1, chunk_size: int | None = None, clean: bool = False,
              model_hits: ModelHits | None = None, client: Any = None
              ) -> Iterator[ArticleResult]:
    """Stream :class:`ArticleResult` for ``(article_id, text)`` pairs, in input order.

    Texts are consumed lazily in chunks of ``chunk_size`` (default :data:`CHUNK_SIZE`),
    so memory stays flat however many articles there are. ``clean=True`` runs
    :func:`analysis.ingest.clean.clean_text` first (offsets then refer to the cleaned text).
    Chunks run in this process, in ``n_jobs`` processes, or on the workers of a
    ``dask.distributed.Client`` (:func:`analysis.workers.map_chunks`); the results
    are the same.
    """
    context = _Context(lexicon, speakers, clean, model_hits)
    chunks = _chunks(items, chunk_size or CHUNK_SIZE)
    for results in map_chunks(_score_chunk, context, chunks,
                              n_jobs=n_jobs, client=client):
        yield from results


# --------------------------------------------------------------------------- tables


def _default_speakers() -> Any:
    try:
        from analysis.voice.voices import load_speakers
    except ImportError:  # pragma: no cover - only while analysis.voice.voices is being written
        return None
    return load_speakers()


# --------------------------------------------------------------------------- entry points


def score_corpus(corpus: Any, lexicon: Lexicon, *, by: str = "outlet", n_jobs: int = 1,
                 n_boot: int = 1000, seed: int = 0, speakers: Any = None,
                 method: str = "lexicon", model: FrameModel | None = None,
                 client: Any = None) -> Scores:
    """Score every article of ``corpus`` (a :class:`analysis.ingest.corpus.Corpus`).

    ``method`` is ``lexicon``, ``model`` or ``ensemble``
    (:mod:`analysis.frames.model_hits`); the last two need a fitted ``model``.
    With ``client`` (a ``dask.distributed.Client``) the per-article engine runs on
    its workers instead of ``n_jobs`` processes; the tables are the same.
    Story ids, group counts and the bootstrap stay here, on the whole corpus.
    """
    return score_stream([corpus.articles], lexicon, by=by, n_jobs=n_jobs, n_boot=n_boot,
                        seed=seed, speakers=speakers, method=method, model=model,
                        client=client, checksum=getattr(corpus, "checksum", ""))


def score_stream(chunks: Iterable[pd.DataFrame], lexicon: Lexicon, *,
                 stories: Callable[[], Mapping[str, str]] | None = None,
                 keep_sentences: bool = True, spill: bool = False, checksum: str = "",
                 by: str = "outlet",
                 n_jobs: int = 1, n_boot: int = 1000, seed: int = 0, speakers: Any = None,
                 method: str = "lexicon", model: FrameModel | None = None,
                 client: Any = None) -> Scores:
    """:func:`score_corpus` of a corpus given as chunks of its articles table.

    Each chunk is scored and reduced to its rows of the output tables before the
    next is read, so memory holds those rows, not the texts
    (:class:`~analysis.ingest.corpus.CorpusStream` gives such chunks). ``stories``,
    called once every chunk is read, gives each article's story id (a stream
    learns them last); without it, the chunks' ``story_id`` column is used.
    ``keep_sentences=False`` leaves :attr:`Scores.sentences` empty (the sentence
    texts are the size of the corpus); the other tables are the same either way.
    ``spill=True`` writes the rows of ``hits``, ``frame_scores`` and ``evidence`` to
    disk as each chunk is scored and returns them as
    :class:`~analysis.outputs.SpilledTable` (same rows); the group scores come from
    one compact row per article (:class:`~analysis.frames.bootstrap.ArticleTotals`).
    """
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if method != "lexicon" and model is None:
        raise InputError(f"method {method!r} needs a frame model")
    model_hits = ModelHits(model, lexicon, method) if method != "lexicon" else None
    speakers = _default_speakers() if speakers is None else speakers
    parts = TableParts(list(lexicon.frames), by=by, keep_sentences=keep_sentences,
                       spill=spill)
    pending: deque[pd.DataFrame] = deque()
    excluded: list[dict[str, str]] = []
    timings = {"match": 0.0, "tables": 0.0}

    def texts() -> Iterator[tuple[str, str]]:
        for chunk in chunks:
            articles, left_out = split_by_language(chunk, lexicon.language)
            excluded.extend(left_out)
            pending.append(articles)
            yield from zip(articles["article_id"], articles["text"].fillna(""), strict=True)

    t0 = time.perf_counter()
    results = iter_hits(texts(), lexicon, speakers=speakers, n_jobs=n_jobs,
                        model_hits=model_hits, client=client)
    for articles, done in _by_chunk(results, pending):
        t1 = time.perf_counter()
        parts.add(articles, done)
        timings["tables"] += time.perf_counter() - t1
    timings["match"] = time.perf_counter() - t0 - timings["tables"]
    warn_excluded(excluded)
    check_group_by(by, parts.columns)
    t0 = time.perf_counter()
    story_ids = stories() if stories is not None else None
    hits, frame_scores = (parts.table(name, story_ids) for name in ("hits", "frame_scores"))
    evidence, sentences = parts.table("evidence"), parts.table("sentences")
    if story_ids is not None:
        parts.totals.set_story_ids(story_ids)
    timings["tables"] += time.perf_counter() - t0
    t0 = time.perf_counter()
    sentence_counts: pd.DataFrame | SentenceCounts = (
        sentences if keep_sentences else parts.sentence_counts)
    outlet_scores = parts.totals.scores(hits, sentence_counts, n_boot=n_boot, seed=seed)
    timings["bootstrap"] = time.perf_counter() - t0
    parameters = {"by": by, "n_jobs": n_jobs, "n_boot": n_boot, "seed": seed,
                  "ci_method": "percentile", "ci_level": 0.95,
                  "bootstrap_unit": "articles; sentences when a group has one article",
                  "all_stories": "longest article of each story_id",
                  "lexicon": str(lexicon.path or ""), "language": lexicon.language,
                  "method": method}
    checksums = {"corpus": checksum, "lexicon": lexicon.checksum,
                 "lexicon_version": lexicon.version}
    if model is not None and method != "lexicon":
        checksums["model_training_data"] = model.training_.get("sha256", "")
    counts = {"articles": len(parts.totals), "hits": parts.n_hits,
              "negated": parts.n_negated}
    return Scores(hits, frame_scores, outlet_scores, evidence, parameters, timings,
                  sentences=sentences, excluded=excluded, checksums=checksums, counts=counts)


def _by_chunk(results: Iterator[ArticleResult], pending: deque[pd.DataFrame]
              ) -> Iterator[tuple[pd.DataFrame, list[ArticleResult]]]:
    """Each chunk of articles (taken from ``pending`` as the engine reaches it) with
    its results; a chunk whose articles were all left out still comes, empty, so the
    tables of a corpus with nothing to score have their columns."""
    done: list[ArticleResult] = []
    for result in results:
        while len(done) == len(pending[0]):  # chunks with nothing (left) to score
            yield pending.popleft(), done
        done.append(result)
        if len(done) == len(pending[0]):
            yield pending.popleft(), done
            done = []
    while pending:
        yield pending.popleft(), done
        done = []
