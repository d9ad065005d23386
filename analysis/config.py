"""Default locations of the bundled corpus, lexicons, gold coding and outputs.

Paths resolve against the current directory first (a researcher's own project
laid out like this one) and fall back to the copies bundled with the package
checkout, so ``framing score data/`` works from the repository root and the
defaults work from anywhere.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "PROJECT_ROOT",
    "DATA_DIR",
    "DEFAULT_CORPUS",
    "DEFAULT_LEXICON",
    "DEFAULT_SPEAKERS",
    "DEFAULT_GOLD",
    "DEFAULT_DEV",
    "DEFAULT_HOLDOUT",
    "DEFAULT_MODEL",
    "REPORTS_DIR",
    "NOTEBOOKS_DIR",
    "bundled",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_CORPUS = DATA_DIR
DEFAULT_LEXICON = DATA_DIR / "lexicons" / "russia_china.yaml"
DEFAULT_SPEAKERS = DATA_DIR / "lexicons" / "speakers.yaml"
DEFAULT_GOLD = DATA_DIR / "gold"
DEFAULT_DEV = DATA_DIR / "dev"
DEFAULT_HOLDOUT = DEFAULT_DEV / "holdout"  # coded batches nothing is trained or written from
DEFAULT_MODEL = DATA_DIR / "models" / "frames.json"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def bundled(relative: str | Path) -> Path:
    """``relative`` under the current directory if it exists there, else in the checkout.

    >>> bundled("data/lexicons/russia_china.yaml").name
    'russia_china.yaml'
    """
    here = Path(relative)
    return here if here.exists() else PROJECT_ROOT / relative
