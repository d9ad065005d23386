"""Stage 2, text: sentences and normalised tokens of cleaned articles.

Public entry points::

    from analysis.text.sentences import split_sentences
    from analysis.text.tokens import token_spans, tokenize, stem, sentence_table
"""
