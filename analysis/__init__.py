"""Media framing analysis: how do different outlets frame one story?

The package is laid out as the pipeline it is; each stage imports only from the
stages before it (import-linter checks this in ``make lint`` and the tests)::

    ingest/    raw files -> clean articles, story clusters, groups
    text/      sentences and tokens
    voice/     whose words: narrator, quote, scare quote, reported
    frames/    lexicon + learned scorer -> hits -> scores; validation
    language/  keyness, distinctive terms, similarity, collocations
    report/    charts, HTML, cache, framing run
    commands   one function per ``framing`` command (reads inputs, writes tables)
    cli        the ``framing`` command line

Shared by all: ``schema`` (every table's columns), ``outputs`` (the one writer),
``provenance`` (checksums, run.json), ``config``/``config_models``, ``errors``, ``workers``.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("framing-analysis")
except _metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
