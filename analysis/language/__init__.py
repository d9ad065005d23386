"""Stage 4b, language: which words set outlets apart, and which articles are alike.

Public entry points::

    from analysis.language.terms import terms_tables      # every table of `framing terms`
    from analysis.language.keyness import keyness, keyness_all
    from analysis.language.counts import term_counts
"""
