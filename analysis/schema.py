"""Column names and meanings of every table the package produces.

This module is the one place where table columns are documented. Each table is
tidy (one row per observation) and every row can be traced back to an article
(``article_id``) and, below the article level, to a sentence (``sentence_id``)
and a character span (``start``/``end`` in the *cleaned* article text).

>>> TABLES["hits"].columns[:3]
('article_id', 'outlet', 'origin')
>>> empty_frame("sentences").columns.tolist()
['article_id', 'sentence_id', 'start', 'end', 'text', 'n_tokens', 'part']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["VOICES", "Table", "TABLES", "empty_frame", "conform", "describe"]


#: The voices of a frame hit, in the order tables and charts show them
#: (``analysis.voice`` decides them; defined here because every layer names them).
VOICES: tuple[str, ...] = ("narrator", "quote", "scare_quote", "reported")


@dataclass(frozen=True)
class Table:
    """A table's name, its columns in order, and one line per column."""

    name: str
    doc: str
    fields: tuple[tuple[str, str], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.fields)


def _table(name: str, doc: str, *fields: tuple[str, str]) -> Table:
    return Table(name, doc, tuple(fields))


_GROUP = ("group", "the outlet (site) or origin (who wrote it) the row summarises")
_FRAME = ("frame", "frame key from the lexicon, e.g. no_limits")

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _table(
            "articles",
            "One row per article after ingest and cleaning (articles.csv). Any other "
            "column of the input (manifest, CSV or JSONL, e.g. media_system, country) "
            "follows these, as given (empty where an article has none); articles can "
            "be grouped by it (analysis.ingest.groups).",
            ("article_id", "unique id; from the input, else derived from the file name"),
            ("outlet", "site the copy was taken from; 'unknown' when not given"),
            ("origin", "outlet that wrote the text when the copy is syndicated; else empty"),
            ("story_id", "story cluster: near-duplicate copies share one id"),
            ("url", "address of the page, when known"),
            ("published", "ISO date (YYYY-MM-DD), when known"),
            ("title", "headline"),
            ("language", "ISO 639-1 code, from the input or detected"),
            ("text", "cleaned article text; all character spans refer to it"),
            ("n_chars", "length of the cleaned text"),
            ("headline_end", "end of the headline in text (0: none); the title when the text "
             "has no headline of its own"),
            ("body_start", "where the body starts in text, after headline and standfirst"),
            ("source", "input file the article came from"),
            ("source_line", "line (CSV/JSONL) or 0 for whole files"),
            ("source_file", "original file name of the input (manifest), else file name"),
            ("notes", "how fields were established (manifest notes and ingest notes)"),
        ),
        _table(
            "ingest_report",
            "One row per input item, whatever happened to it (ingest_report.csv).",
            ("item", "file, or file:line for CSV/JSONL rows"),
            ("article_id", "id given to the article, empty when skipped"),
            ("status", "loaded | repaired | skipped"),
            ("detail", "what was repaired, or why the item was skipped"),
        ),
        _table(
            "removals",
            "Cleaning audit: one row per piece of text a cleaning rule removed (removals.csv).",
            ("article_id", "article the text was removed from"),
            ("rule", "name of the cleaning rule"),
            ("removed_text", "the exact text removed"),
        ),
        _table(
            "sentences",
            "One row per sentence of the cleaned text (sentences.csv).",
            ("article_id", "article"),
            ("sentence_id", "0-based position of the sentence in its article"),
            ("start", "first character of the sentence in the cleaned text"),
            ("end", "one past the last character"),
            ("text", "the sentence"),
            ("n_tokens", "number of word and number tokens"),
            ("part", "headline, standfirst or body: where in the article the sentence is"),
        ),
        _table(
            "hits",
            "One row per lexicon match (hits.csv).",
            ("article_id", "article"),
            ("outlet", "site"),
            ("origin", "who wrote the text (falls back to outlet)"),
            ("story_id", "story cluster"),
            ("part", "headline, standfirst or body (a headline hit counts like any sentence's)"),
            ("sentence_id", "sentence the match lies in"),
            _FRAME,
            ("cue", "the lexicon cue (pattern) that matched"),
            ("matched_text", "the text as it appears in the article"),
            ("start", "first character of the match in the cleaned text"),
            ("end", "one past the last character"),
            ("voice", "narrator | quote | scare_quote | reported"),
            ("speaker", "who is quoted or reported; empty for the narrator"),
            ("speaker_group", "russian_official | chinese_official | joint_official"
             " | western_official | analyst | other (data/lexicons/speakers.yaml);"
             " empty for the narrator"),
            ("negated", "True when a negator precedes the cue; negated hits are not support"),
            ("probability", "the learned scorer's probability (model hits; empty for cue matches)"),
            ("explanation", "model hits: the sentence's terms that raised the probability most"),
        ),
        _table(
            "frame_scores",
            "One row per article x frame, zeros included (frame_scores.csv).",
            ("article_id", "article"),
            ("outlet", "site"),
            ("origin", "who wrote the text (falls back to outlet)"),
            ("story_id", "story cluster"),
            _FRAME,
            ("hits", "supporting (not negated) hits"),
            ("negated_hits", "hits preceded by a negator"),
            ("tokens", "tokens in the article"),
            ("hits_per_1k_tokens", "hits / tokens * 1000"),
            ("sentences", "sentences in the article"),
            ("sentences_with_frame", "sentences with at least one supporting hit"),
            ("share_of_sentences", "sentences_with_frame / sentences"),
            ("hits_narrator", "supporting hits in the outlet's own words"),
            ("hits_quote", "supporting hits inside direct quotes"),
            ("hits_scare_quote", "supporting hits inside unattributed short quotes"),
            ("hits_reported", "supporting hits in attributed indirect speech"),
        ),
        _table(
            "outlet_scores",
            "One row per group x frame with bootstrap 95% intervals (outlet_scores.csv).",
            ("group_by", "outlet or origin"),
            _GROUP,
            _FRAME,
            ("articles", "articles in the group"),
            ("stories", "distinct story clusters in the group"),
            ("hits", "supporting hits"),
            ("tokens", "tokens"),
            ("hits_per_1k_tokens", "rate of supporting hits"),
            ("hits_per_1k_low", "lower bound of the 95% bootstrap interval"),
            ("hits_per_1k_high", "upper bound of the 95% bootstrap interval"),
            ("sentences", "sentences"),
            ("sentences_with_frame", "sentences with a supporting hit"),
            ("share_of_sentences", "sentences_with_frame / sentences"),
            ("share_low", "lower bound of the 95% bootstrap interval"),
            ("share_high", "upper bound of the 95% bootstrap interval"),
            ("bootstrap_unit", "article or sentence: what was resampled"),
            ("hits_narrator", "supporting hits in the outlet's own words"),
            ("hits_quote", "supporting hits in direct quotes"),
            ("hits_scare_quote", "supporting hits in scare quotes"),
            ("hits_reported", "supporting hits in indirect speech"),
        ),
        _table(
            "evidence",
            "Keyword in context for every hit (evidence.csv).",
            ("article_id", "article"),
            ("outlet", "site"),
            ("origin", "who wrote the text"),
            ("sentence_id", "sentence"),
            ("part", "headline, standfirst or body"),
            _FRAME,
            ("cue", "lexicon cue, or 'model' for the learned scorer"),
            ("left", "text before the match within the sentence"),
            ("match", "the matched text"),
            ("right", "text after the match within the sentence"),
            ("sentence", "the whole sentence"),
            ("voice", "whose words"),
            ("speaker", "speaker, when attributed"),
            ("negated", "True when negated"),
        ),
        _table(
            "validation_frames",
            "Lexicon against hand-coded sentences, one row per frame (validation_frames.csv).",
            _FRAME,
            ("tp", "sentences coded 1 that the lexicon finds (true positives)"),
            ("fp", "sentences coded 0 that the lexicon finds (false positives)"),
            ("fn", "sentences coded 1 that the lexicon misses (false negatives)"),
            ("precision", "tp / (tp + fp); empty when the lexicon finds nothing"),
            ("recall", "tp / (tp + fn); empty when no sentence is coded 1"),
            ("f1", "harmonic mean of precision and recall"),
            ("support", "sentences coded 1 (tp + fn)"),
        ),
        _table(
            "validation_errors",
            "One row per misclassified gold sentence x frame (validation_errors.csv).",
            _FRAME,
            ("kind", "false_positive | false_negative"),
            ("article_id", "article of the gold sentence"),
            ("sentence", "the gold sentence"),
            ("cues", "cues that fired, separated by '; ' (empty for false negatives)"),
        ),
        _table(
            "validation_cues",
            "Precision of each cue that fired on a gold sentence (validation_cues.csv).",
            _FRAME,
            ("cue", "lexicon cue"),
            ("hits", "gold sentences the cue fires in (not negated)"),
            ("true_positives", "of those, sentences coded 1 for the frame"),
            ("precision", "true_positives / hits"),
        ),
        _table(
            "validation_alpha",
            "Agreement between coders, one row per frame (alpha.csv).",
            _FRAME,
            ("alpha", "Krippendorff's alpha, nominal; empty when only one value occurs"),
            ("n_sentences", "sentences coded by at least two coders"),
        ),
        _table(
            "distinctive_terms",
            "Top TF-IDF terms per article and per group (distinctive_terms.csv).",
            ("group_by", "article, outlet or origin: what one row's unit is"),
            ("group", "the article_id, outlet or origin"),
            ("rank", "1 = the unit's most distinctive term"),
            ("term", "unigram or bigram of normalised tokens, stop words removed"),
            ("tfidf", "TF-IDF weight (L2-normalised over the unit's terms)"),
            ("count", "occurrences of the term in the unit"),
        ),
        _table(
            "keyness",
            "Terms one group uses more than another, one row per group x term (keyness.csv).",
            ("group_by", "outlet or origin"),
            _GROUP,
            ("reference", "the group compared against, or 'rest' for all other groups"),
            ("rank", "1 = the term most typical of the group (highest z)"),
            ("term", "unigram or bigram"),
            ("n_target", "occurrences in the group (each story once)"),
            ("n_reference", "occurrences in the reference"),
            ("log_odds", "log-odds ratio with informative Dirichlet prior (Monroe et al. 2008)"),
            ("z", "log_odds / its standard error; > 1.96 is typical of the group"),
            ("chi2", "chi-square as quanteda's textstat_keyness, signed + when over-used"),
            ("p", "p-value of chi2 (1 degree of freedom)"),
        ),
        _table(
            "similarity_articles",
            "TF-IDF cosine similarity of every pair of articles (similarity_articles.csv).",
            ("article_id", "article"),
            ("other_article_id", "the article compared with"),
            ("outlet", "site of article_id"),
            ("other_outlet", "site of other_article_id"),
            ("cosine", "cosine similarity, 0 (no shared terms) to 1 (same text)"),
            ("rank", "1 = other_article_id is the article's most similar one; 0 = itself"),
            ("syndicated", "True when both are copies of one story (same story_id)"),
        ),
        _table(
            "similarity_groups",
            "TF-IDF cosine similarity of every pair of groups (similarity_groups.csv).",
            ("group_by", "outlet or origin"),
            _GROUP,
            ("other_group", "the group compared with"),
            ("cosine", "cosine similarity of the groups' texts (each story once per group)"),
            ("shared_stories", "story clusters that both groups carry (syndicated copies)"),
        ),
        _table(
            "collocations",
            "Words that keep company with the frame cues' head words (collocations.csv).",
            ("group_by", "outlet or origin"),
            _GROUP,
            ("head", "head word of a frame cue, e.g. partnership"),
            ("collocate", "word within the window of the head word"),
            ("bigram", "the pair in text order"),
            ("freq", "times the pair occurs within the window"),
            ("pmi", "pointwise mutual information (NLTK)"),
            ("likelihood_ratio", "Dunning's log-likelihood ratio (NLTK)"),
            ("rank", "1 = strongest collocate of the head in the group (likelihood ratio)"),
        ),
        _table(
            "suggestions",
            "Candidate new cues: terms typical of sentences that hit a frame (suggestions.csv).",
            _FRAME,
            ("rank", "1 = strongest candidate"),
            ("term", "unigram or bigram, not already among the frame's cues"),
            ("n_hit", "occurrences in sentences that hit the frame"),
            ("n_other", "occurrences in all other sentences"),
            ("log_odds", "log-odds ratio, hit sentences vs the rest (Dirichlet prior)"),
            ("z", "z-score of log_odds"),
            ("chi2", "signed chi-square (quanteda)"),
            ("p", "p-value of chi2"),
            ("article_id", "article of the example sentence"),
            ("sentence_id", "example sentence that hits the frame and contains the term"),
            ("example", "the example sentence"),
        ),
        _table(
            "quotes",
            "One row per quotation or attributed indirect-speech passage (quotes.csv).",
            ("article_id", "article"),
            ("sentence_id", "sentence the passage starts in"),
            ("start", "first character (the opening quote mark for quotes)"),
            ("end", "one past the last character (after the closing mark, if any)"),
            ("voice", "quote | scare_quote | reported"),
            ("speaker", "who is quoted or reported; empty when not attributed"),
            ("speaker_group", "group of the speaker (data/lexicons/speakers.yaml); else empty"),
            ("text", "the passage as it appears in the cleaned text"),
        ),
    ]
}


def empty_frame(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns of table ``name``."""
    return pd.DataFrame(columns=list(TABLES[name].columns))


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``df`` with exactly the documented columns of ``name``, in order.

    Raises ``KeyError`` naming the missing columns, so a change in one module
    that forgets the schema fails loudly in the tests.
    """
    cols = list(TABLES[name].columns)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError(f"table {name!r} is missing columns {missing}")
    return df.loc[:, cols]


def describe(name: str) -> str:
    """Markdown list of the columns of table ``name`` (used in docs and notebooks)."""
    table = TABLES[name]
    lines = [f"**{table.name}** — {table.doc}", ""]
    lines += [f"- `{col}`: {doc}" for col, doc in table.fields]
    return "\n".join(lines)
