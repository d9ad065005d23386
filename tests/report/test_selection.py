"""Which frames the report shows: the main frames, the exploratory ones on request."""

from __future__ import annotations

from analysis import config
from analysis.frames.lexicon import load_lexicon
from analysis.report.selection import shown_frames


def test_bundled_lexicon_shows_its_three_frames_and_its_extras_on_request():
    lexicon = load_lexicon(config.DEFAULT_LEXICON)
    assert shown_frames(lexicon) == ["no_limits", "asymmetric", "stabilizing_force"]
    assert shown_frames(lexicon, include_extra=True) == [
        "no_limits", "asymmetric", "stabilizing_force", "counterweight", "isolation"]


def test_tiny_lexicon_leaves_out_its_extra_frame(tiny_lexicon_path):
    assert shown_frames(load_lexicon(tiny_lexicon_path)) == ["alpha"]
