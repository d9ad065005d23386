"""Media framing analysis: how do different outlets frame one story?

The data flow, one module per stage::

    corpus (ingest) -> clean -> tokens (sentences) -> lexicon -> voice -> scoring
                                                   \\-> terms (keyness, similarity)
    validate (lexicon vs hand coding), plots, batch (papermill reports), cli

Every table is documented in :mod:`analysis.schema`.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("framing-analysis")
except _metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
