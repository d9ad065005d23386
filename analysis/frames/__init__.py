"""Stage 4a, frames: lexicon and learned scorer -> hits -> frame scores, and their validation.

Public entry points::

    from analysis.frames.lexicon import load_lexicon
    from analysis.frames.scoring import score_corpus          # method lexicon|model|ensemble
    from analysis.frames.model_hits import load_model
    from analysis.frames.bootstrap import group_scores
    from analysis.frames.periods import period_scores
    from analysis.frames.validate import load_gold, validate_lexicon
    from analysis.frames.coding import load_coding, coded_corpus
    from analysis.frames.crossval import cross_validate, fit_model
"""
