"""Distinctive language: TF-IDF terms, similarity, collocations and lexicon suggestions.

Terms, stop words and groups are those of :mod:`analysis.language.keyness` (unigrams and
bigrams of normalised tokens; groups = outlet or origin, each story once per
group). Every function takes a :class:`~analysis.ingest.corpus.Corpus`, its articles
DataFrame (columns article_id, outlet, origin, story_id, text) or, where it
counts terms, a :class:`~analysis.language.keyness.TermCounts`, and returns a tidy
DataFrame documented in :mod:`analysis.schema`. :func:`run_terms` is the
``framing terms`` command.

>>> arts = pd.DataFrame({"article_id": ["a1", "b1"], "outlet": ["a.com", "b.com"],
...     "text": ["Russia depends on China for trade.", "A stabilizing force for peace."]})
>>> distinctive_terms(arts, n=1).query("group_by == 'outlet'")[["group", "term"]].values.tolist()
[['a.com', 'china'], ['b.com', 'force']]
"""

from __future__ import annotations

import fnmatch
import itertools
import re
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.errors import InputError
from analysis.language import similarity as sim
from analysis.language.keyness import (
    STOP_WORDS,
    articles_frame,
    dirichlet_prior,
    fit_term_counts,
    group_labels,
    keyness,
    keyness_all,
    keyness_stats,
    one_per_story,
    sum_by_group,
    term_counts,
    term_tokens,
)
from analysis.provenance import write_run_json
from analysis.schema import conform, empty_frame
from analysis.text.tokens import sentence_table

__all__ = [
    "distinctive_terms",
    "keyness",
    "keyness_all",
    "similarity",
    "head_words",
    "common_nouns",
    "collocations",
    "suggest_cues",
    "terms_tables",
    "run_terms",
]

#: Above this many articles the article similarity table lists only each
#: article's SIMILAR_TOP_K most similar others: the full table has n^2 rows.
DENSE_SIMILARITY_LIMIT = 500
SIMILAR_TOP_K = 10

#: Rows per group written to keyness.csv by ``framing terms``.
CLI_TOP_N = 100


def _top_terms(matrix: sparse.spmatrix, counts: sparse.spmatrix, names: Sequence[str],
               terms: np.ndarray, n: int) -> pd.DataFrame:
    """The ``n`` highest-weighted terms of each row, one row per term (one sort, no loop).

    Ties go to the term earlier in ``terms`` (alphabetical: scikit-learn sorts its vocabulary).
    """
    m = sparse.csr_matrix(matrix)
    m.sort_indices()
    m = m.tocoo()  # row-major, columns ascending within a row
    # Two stable sorts (by weight, then by row) order each row by weight, ties by column.
    order = np.argsort(-m.data, kind="stable")
    order = order[np.argsort(m.row[order], kind="stable")]
    row, col, val = m.row[order], m.col[order], m.data[order]
    rank = np.arange(len(row)) - np.searchsorted(row, row, side="left") + 1
    keep = rank <= n
    row, col, val, rank = row[keep], col[keep], val[keep], rank[keep]
    count = np.asarray(sparse.csr_matrix(counts)[row, col]).ravel()
    return pd.DataFrame({"group": np.asarray(names, dtype=object)[row], "rank": rank,
                         "term": terms[col], "tfidf": val, "count": count})


def distinctive_terms(corpus: Any, *, by: str = "outlet", n: int = 20) -> pd.DataFrame:
    """Top ``n`` TF-IDF terms of each article and of each group (table *distinctive_terms*).

    TF-IDF is scikit-learn's (``TfidfTransformer`` with its defaults: smoothed
    idf, L2-normalised rows) over articles for the article rows, and over
    groups (each group one document) for the group rows.
    """
    counts = term_counts(corpus, by=by)
    tfidf = TfidfTransformer()
    per_article = _top_terms(tfidf.fit_transform(counts.article_counts), counts.article_counts,
                             counts.articles["article_id"].astype(str).tolist(), counts.terms, n)
    per_group = _top_terms(tfidf.fit_transform(counts.group_counts), counts.group_counts,
                           counts.groups, counts.terms, n)
    df = pd.concat([per_article.assign(group_by="article"), per_group.assign(group_by=by)],
                   ignore_index=True)
    return conform(df, "distinctive_terms")


def similarity(corpus: Any, *, by: str = "outlet", level: str = "article") -> pd.DataFrame:
    """Cosine similarity of every pair of articles (``level="article"``) or of groups.

    TF-IDF cosine from :mod:`analysis.language.similarity` (the module that also finds
    syndicated copies) over the terms of :mod:`analysis.language.keyness` (words without
    stop words or numbers), so shared function words do not make every pair
    look alike. ``syndicated`` marks pairs in one story cluster. Above
    :data:`DENSE_SIMILARITY_LIMIT` articles each article lists only its
    :data:`SIMILAR_TOP_K` most similar others.
    """
    arts = articles_frame(corpus)
    if level == "article":
        return _article_similarity(arts)
    if level != "group":
        raise InputError(f"similarity level must be 'article' or 'group', not {level!r}")
    return _group_similarity(arts, by)


_TERM_SIMILARITY = {"tokenizer": term_tokens, "stop_words": sorted(STOP_WORDS)}


def _all_pairs(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cos = sim.cosine_similarity_matrix(texts, **_TERM_SIMILARITY)
    i, j = np.divmod(np.arange(len(texts) ** 2), len(texts))
    return i, j, cos[i, j]


def _article_similarity(arts: pd.DataFrame) -> pd.DataFrame:
    texts = arts["text"].astype(str).tolist()
    dense = len(texts) <= DENSE_SIMILARITY_LIMIT
    i, j, cos = (_all_pairs(texts) if dense else
                 sim.nearest_neighbours(sim.tfidf_matrix(texts, **_TERM_SIMILARITY), SIMILAR_TOP_K))
    ids, story = arts["article_id"].astype(str).to_numpy(), arts["story_id"].astype(str).to_numpy()
    outlet = arts["outlet"].astype(str).to_numpy()
    df = pd.DataFrame({"i": i, "j": j, "cosine": cos.round(12), "article_id": ids[i],
                       "other_article_id": ids[j], "outlet": outlet[i], "other_outlet": outlet[j],
                       "syndicated": (i != j) & (story[i] == story[j])})
    others = df[df["i"] != df["j"]].sort_values(["i", "cosine", "other_article_id"],
                                                ascending=[True, False, True])
    df["rank"] = 0
    df.loc[others.index, "rank"] = others.groupby("i").cumcount().to_numpy() + 1
    df = df.sort_values(["i", "rank"]).reset_index(drop=True)
    return conform(df, "similarity_articles")


def _group_similarity(arts: pd.DataFrame, by: str) -> pd.DataFrame:
    labels = group_labels(arts, by=by)
    keep = one_per_story(arts, labels)
    texts = arts.loc[keep, "text"].astype(str).groupby(labels[keep]).agg("\n\n".join)
    groups = texts.index.tolist()
    cos = sim.cosine_similarity_matrix(texts.tolist(), **_TERM_SIMILARITY)
    _, g_ind = sum_by_group(sparse.identity(len(arts), format="csr"), labels.tolist())
    _, s_ind = sum_by_group(sparse.identity(len(arts), format="csr"),
                            arts["story_id"].astype(str).tolist())
    carries = ((g_ind @ s_ind.T) > 0).astype(np.int64)  # groups x stories
    shared = (carries @ carries.T).toarray()
    i, j = np.divmod(np.arange(len(groups) ** 2), len(groups))
    df = pd.DataFrame({"group_by": by, "group": np.array(groups, dtype=object)[i],
                       "other_group": np.array(groups, dtype=object)[j],
                       "cosine": cos[i, j].round(12), "shared_stories": shared[i, j]})
    return conform(df, "similarity_groups")


def head_words(lexicon: Any, *, frames: Iterable[str] | None = None) -> list[str]:
    """Head words of the lexicon's multi-word cues: the last token that is not a wildcard.

    >>> from analysis.frames.lexicon import parse_lexicon
    >>> lex = parse_lexicon({"version": 1, "language": "en", "frames": {"x": {
    ...     "cues": ["strategic partnership", "best in * history", "lifeline", "boundless*"]}}})
    >>> head_words(lex)
    ['history', 'partnership']
    """
    from analysis.frames.lexicon import cue_tokens

    keys = list(frames) if frames is not None else list(lexicon.frames)
    heads = set()
    for key in keys:
        for cue in lexicon.frames[key].cues:
            toks = [t for t in cue_tokens(cue) if not any(ch in t for ch in "*?")]
            if len(cue_tokens(cue)) > 1 and toks and toks[-1] not in STOP_WORDS:
                heads.add(toks[-1])
    return sorted(heads)


def common_nouns(words: Iterable[str], texts: Iterable[str], *,
                 max_capitalized: float = 0.5) -> list[str]:
    """``words`` that the texts do not write capitalized mid-sentence most of the time.

    The cues' head words include the actors every sentence names ("china",
    "moscow", "kremlin"); collocations around them say little about framing.
    A word the corpus writes with a capital after a lower-case word more than
    ``max_capitalized`` of the time is a proper name and is dropped; words the
    corpus never uses are dropped too.

    >>> common_nouns(["order", "china"], ["Xi and China want an order that suits China."])
    ['order']
    """
    blob = "\n".join(texts)
    kept = []
    for word in words:
        found = re.findall(rf"(?<=[a-z,;] )({re.escape(word)})\b", blob, flags=re.IGNORECASE)
        if found and sum(f[:1].isupper() for f in found) <= max_capitalized * len(found):
            kept.append(word)
    return kept


def _sentences(corpus: Any, arts: pd.DataFrame) -> pd.DataFrame:
    """Sentences of the articles ``arts``: a Corpus's cached table when there is one."""
    table = getattr(corpus, "sentences", None)
    if not isinstance(table, pd.DataFrame):
        table = sentence_table(arts)
    ids = set(arts["article_id"].astype(str))
    return table[table["article_id"].astype(str).isin(ids)].reset_index(drop=True)


def _padded_words(sentences: Iterable[str], window_size: int) -> Iterable[str | None]:
    """Tokens of all sentences, with ``window_size - 1`` Nones between sentences.

    NLTK's finder skips windows that start with None and pairs that end in None,
    so the padding keeps pairs from spanning two sentences.
    """
    pad = (None,) * (window_size - 1)
    return itertools.chain.from_iterable(
        itertools.chain(term_tokens(s), pad) for s in sentences)


def _group_collocations(sentences: Sequence[str], heads: set[str], *, window_size: int,
                        min_freq: int, n: int) -> pd.DataFrame:
    finder = BigramCollocationFinder.from_words(_padded_words(sentences, window_size),
                                                window_size=window_size)
    finder.apply_freq_filter(min_freq)
    finder.apply_word_filter(lambda w: w in STOP_WORDS)
    finder.apply_ngram_filter(lambda w1, w2: w1 not in heads and w2 not in heads)
    measures = BigramAssocMeasures()
    pmi = dict(finder.score_ngrams(measures.pmi))
    rows = [
        (head, w2 if head == w1 else w1, f"{w1} {w2}", finder.ngram_fd[(w1, w2)], pmi[(w1, w2)],
         lr)
        for (w1, w2), lr in finder.score_ngrams(measures.likelihood_ratio)
        for head in sorted({w1, w2} & heads)
    ]
    df = pd.DataFrame(rows, columns=["head", "collocate", "bigram", "freq", "pmi",
                                     "likelihood_ratio"])
    df = df.sort_values(["head", "likelihood_ratio", "bigram"], ascending=[True, False, True])
    df["rank"] = df.groupby("head").cumcount() + 1
    return df[df["rank"] <= n]


def collocations(corpus: Any, lexicon: Any = None, *, heads: Iterable[str] | None = None,
                 by: str = "outlet", window_size: int = 3, min_freq: int = 2,
                 n: int = 10) -> pd.DataFrame:
    """Words that occur near the frame cues' head words, per group (table *collocations*).

    NLTK's ``BigramCollocationFinder`` counts, within each sentence, a word
    followed by another at most ``window_size - 1`` tokens later; pairs seen
    fewer than ``min_freq`` times, pairs with a stop word and pairs without a
    head word are dropped; the rest are scored by PMI and by Dunning's
    likelihood ratio and ranked by the latter (top ``n`` per group and head).

    Args:
        corpus: a Corpus or articles DataFrame.
        lexicon: a Lexicon; its :func:`head_words` are used unless ``heads`` is given.
        heads: head words (normalised tokens), e.g. ``["partnership", "order"]``.
        by: outlet or origin.
    """
    if heads is None and lexicon is None:
        raise InputError("collocations need head words: pass a lexicon or heads=[...]")
    arts = articles_frame(corpus)
    if heads is None:
        heads = common_nouns(head_words(lexicon), arts["text"])
    head_set = {t for h in heads for t in term_tokens(h)}
    labels = group_labels(arts, by=by)
    keep = one_per_story(arts, labels)
    sents = _sentences(corpus, arts[keep])
    group_of = dict(zip(arts["article_id"].astype(str), labels, strict=True))
    tables = []
    for group, texts in sents["text"].groupby(sents["article_id"].astype(str).map(group_of)):
        df = _group_collocations(texts.tolist(), head_set, window_size=window_size,
                                 min_freq=min_freq, n=n)
        tables.append(df.assign(group_by=by, group=group))
    if not tables:
        return empty_frame("collocations")
    return conform(pd.concat(tables, ignore_index=True), "collocations")


def _frame_hits(sentences: Sequence[str], lexicon: Any) -> pd.DataFrame:
    """Sentences x frames: True where the sentence has a supporting (not negated) match."""
    hits = pd.DataFrame(False, index=range(len(sentences)), columns=list(lexicon.frames))
    for i, text in enumerate(sentences):
        for m in lexicon.find(text):
            if not m.negated:
                hits.iat[i, hits.columns.get_loc(m.frame)] = True
    return hits


def _cue_filter(lexicon: Any, frame: str):
    """A predicate: does a term repeat a cue of ``frame`` (or one of its words)?"""
    from analysis.frames.lexicon import cue_tokens

    words = {t for cue in lexicon.frames[frame].cues for t in cue_tokens(cue)
             if t.strip("*?") and t not in STOP_WORDS}

    def repeats_cue(term: str) -> bool:
        if any(fnmatch.fnmatchcase(tok, w) for tok in term.split() for w in words):
            return True
        return any(m.frame == frame for m in lexicon.find(term))

    return repeats_cue


def _frame_suggestions(frame: str, hit: np.ndarray, x: sparse.csr_matrix, terms: np.ndarray,
                       lexicon: Any, *, n: int, min_count: int, prior_strength: float,
                       correction: str) -> pd.DataFrame:
    total = np.asarray(x.sum(axis=0)).ravel()
    target = np.asarray(x[hit].sum(axis=0)).ravel()
    df = keyness_stats(target, total - target, terms=terms, correction=correction,
                       prior=dirichlet_prior(total, strength=prior_strength))
    df = df[(df["n_target"] >= min_count) & (df["z"] > 0)]
    repeats_cue = _cue_filter(lexicon, frame)
    kept = []
    for row in df.itertuples(index=False):  # sorted by z: stop after n candidates
        if not repeats_cue(row.term):
            kept.append(row)
        if len(kept) == n:
            break
    out = pd.DataFrame(kept, columns=df.columns).rename(
        columns={"n_target": "n_hit", "n_reference": "n_other"})
    return out.assign(frame=frame, rank=np.arange(1, len(out) + 1))


def _add_examples(df: pd.DataFrame, hits: pd.DataFrame, x: sparse.csr_matrix,
                  terms: np.ndarray, sents: pd.DataFrame) -> pd.DataFrame:
    """The first sentence that hits the row's frame and contains its term."""
    col = {t: i for i, t in enumerate(terms)}
    xc = x.tocsc()
    first = []
    for frame, term in zip(df["frame"], df["term"], strict=True):
        rows = xc[:, col[term]].indices
        first.append(next(r for r in sorted(rows) if hits.at[r, frame]))
    ex = sents.iloc[first]
    return df.assign(article_id=ex["article_id"].to_numpy(),
                     sentence_id=ex["sentence_id"].to_numpy(), example=ex["text"].to_numpy())


def suggest_cues(corpus: Any, lexicon: Any, *, n: int = 20, min_count: int = 2,
                 prior_strength: float = 1.0, correction: str = "default",
                 frames: Iterable[str] | None = None) -> pd.DataFrame:
    """Candidate cues per frame: terms typical of the sentences that hit it (table *suggestions*).

    Sentences (each story once) are split into those with a supporting match of
    the frame (``Lexicon.find``, negated matches excluded) and the rest; terms
    are ranked by the log-odds z-score of hit sentences against the rest
    (:func:`analysis.language.keyness.keyness_stats`). Terms seen fewer than ``min_count``
    times in hit sentences, stop words, and terms that repeat a cue of the frame
    or contain one of its words are left out. Each row names an example
    sentence for the researcher to judge before adding the term to the YAML.
    Frames that no sentence hits get no rows.
    """
    arts = articles_frame(corpus)
    arts = arts[~arts["story_id"].astype(str).duplicated()]
    sents = _sentences(corpus, arts)
    terms, x = fit_term_counts(sents["text"].tolist(), f"the sentences of {len(arts)} article(s)")
    hits = _frame_hits(sents["text"].tolist(), lexicon)
    tables = [
        _frame_suggestions(f, hits[f].to_numpy(), x, terms, lexicon, n=n, min_count=min_count,
                           prior_strength=prior_strength, correction=correction)
        for f in (frames if frames is not None else lexicon.frames) if hits[f].any()
    ]
    if not tables or all(t.empty for t in tables):
        return empty_frame("suggestions")
    df = pd.concat([t for t in tables if not t.empty], ignore_index=True)
    return conform(_add_examples(df, hits, x, terms, sents), "suggestions")


def terms_tables(corpus: Any, lexicon: Any, *, by: str = "outlet", n: int = CLI_TOP_N,
                 timings: dict[str, float] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of this module, by schema name, as ``framing terms`` writes them.

    Keyness keeps the ``n`` highest-z terms per group. When ``timings`` is
    given, the seconds each table took are added to it.
    """
    steps = {
        "keyness": lambda c: keyness_all(c, by=by, n=n),
        "distinctive_terms": lambda c: distinctive_terms(c, by=by),
        "similarity_articles": lambda c: similarity(corpus, level="article"),
        "similarity_groups": lambda c: similarity(corpus, by=by, level="group"),
        "collocations": lambda c: collocations(corpus, lexicon, by=by),
        "suggestions": lambda c: suggest_cues(corpus, lexicon),
    }
    timings = {} if timings is None else timings
    start = time.perf_counter()
    counts = term_counts(corpus, by=by)
    timings["term_counts"] = time.perf_counter() - start
    tables = {}
    for name, step in steps.items():
        start = time.perf_counter()
        tables[name] = step(counts)
        timings[name] = time.perf_counter() - start
    return tables


def run_terms(corpus_path: str | Path, *, lexicon_path: str | Path, by: str = "outlet",
              out_dir: str | Path) -> int:
    """``framing terms``: write every table of :func:`terms_tables` and run.json to ``out_dir``.

    Everything is computed before anything is written, so unusable input
    (one article, one group, no terms) writes nothing.
    """
    from analysis.frames.lexicon import load_lexicon
    from analysis.ingest.corpus import load_corpus

    start = time.perf_counter()
    corpus = load_corpus(corpus_path)
    lexicon = load_lexicon(lexicon_path)
    timings = {"load": time.perf_counter() - start}
    tables = terms_tables(corpus, lexicon, by=by, timings=timings)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_csv(out / f"{name}.csv", index=False)
    write_run_json(out, command="terms", timings=timings,
                   parameters={"corpus": str(corpus_path), "lexicon": str(lexicon_path),
                               "by": by, "top_n": CLI_TOP_N, "prior_strength": 1.0,
                               "correction": "default"},
                   checksums={"corpus": corpus.checksum, "lexicon": lexicon.checksum})
    groups = tables["keyness"]["group"].nunique()
    print(f"{corpus.summary()}; {groups} {by}s compared -> {out}")
    return 0
