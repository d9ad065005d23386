"""Stage 3, voice: whose words a passage is (narrator, quote, scare quote, reported speech).

Public entry points::

    from analysis.voice.voices import attribute_voices, quotes_table
    from analysis.voice.speakers import load_speakers
"""
