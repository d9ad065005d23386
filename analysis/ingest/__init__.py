"""Stage 1, ingest: from raw files to clean articles, with every repair and cut recorded.

Public entry points::

    from analysis.ingest.corpus import load_corpus, Corpus, corpus_files
    from analysis.ingest.clean import clean_text, part_at, PARTS
    from analysis.ingest.stories import story_clusters, one_copy_per_story
    from analysis.ingest.groups import group_labels, check_group_by

Imports nothing from the later stages (text, voice, frames, language, report).
"""
