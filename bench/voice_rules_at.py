"""The voice rules' voice and speaker for given spans, with any version of the package.

Used by ``bench/bench_voice_model.py``: in-process for the working tree's rules, and,
for ``--old-rules COMMIT``, in a subprocess whose ``PYTHONPATH`` puts that commit's
``analysis/`` (with its ``data/lexicons/``) first:

    PYTHONPATH=/tmp/old python bench/voice_rules_at.py < spans.json > voices.json

Input: ``{"article_id": {"text": …, "spans": [[start, end], …]}, …}``; output, one row
per span in input order: ``[article_id, start, end, voice, speaker, group,
fallback_speaker, fallback_group]``. It imports only what every version since the
second pass has: ``attribute_voices``, ``split_sentences`` and the ``VoiceMap``
internals :func:`fallback_speaker` reads.
"""

from __future__ import annotations

import json
import re
import sys
from bisect import bisect_right

from analysis.text.sentences import split_sentences
from analysis.voice.voices import attribute_voices

_ANALYST_RE = re.compile(r"\b(?:analysts?|experts?|scholars?|researchers?|professor|"
                         r"think tank|academic|observers?)\b", re.I)


def fallback_speaker(vm, start: int) -> tuple[str, str]:
    """Who speaks the phrase at ``start`` if it is a quote or reported speech the rules
    did not attribute: the rules' attribution nearest it in its sentence, else the
    source or headline tag its sentence names, else the speaker of a quote or reported
    passage in the sentence; then the same in the sentence before; else ``unnamed``
    (group ``analyst`` when the sentence names analysts or experts, else ``other``)."""
    if not vm.spans:
        return "unnamed", "other"
    k = max(bisect_right(vm._sentence_starts, start) - 1, 0)
    for j in (k, k - 1):
        if j < 0:
            continue
        s, e = vm.spans[j]
        atts = vm._attributions.within(s, e)
        if atts:
            best = min(atts, key=lambda a: abs(a.start - start))
            return best.speaker.name, best.speaker.group
        tag, source = vm._source_of(j)
        if tag is not None:
            return tag[0], tag[1]
        if source is not None:
            return source.speaker, source.group
        said = [p for p in vm.passages if p.speaker and p.start < e and p.end > s]
        if said:
            best = min(said, key=lambda p: abs(p.start - start))
            return best.speaker, best.speaker_group
    s, e = vm.spans[k]
    return "unnamed", "analyst" if _ANALYST_RE.search(vm.text, s, e) else "other"


def rules_rows(items: dict[str, dict], speakers=None) -> list[list]:
    """The rows described in the module docstring."""
    rows = []
    for aid, item in items.items():
        text = item["text"]
        vm = attribute_voices(text, split_sentences(text), speakers)
        for s, e in item["spans"]:
            v = vm.lookup(int(s), int(e))
            rows.append([aid, s, e, v.voice, v.speaker, v.speaker_group,
                         *fallback_speaker(vm, int(s))])
    return rows


if __name__ == "__main__":
    json.dump(rules_rows(json.load(sys.stdin)), sys.stdout)
