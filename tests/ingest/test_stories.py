"""Story clusters: copies of one wire story are found, distinct reports are not merged."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from analysis.ingest import signatures, stories
from analysis.ingest.stories import (
    STORY_THRESHOLD,
    one_copy_per_story,
    story_clusters,
    story_similarity_matrix,
)

WIRE = (
    "Russian President Vladimir Putin and Chinese leader Xi Jinping met by video link on "
    "Friday, as Moscow seeks to deepen economic ties with Beijing after Western sanctions. "
    "Putin said military cooperation contributes to stability in key regions."
)

REWRITE = (
    "Oil exports from Russia to India rose sharply in May, traders said, while freight "
    "rates for tankers sailing from the Baltic fell for the third month in a row."
)


def test_copy_with_added_footer_is_one_story_and_other_text_is_not():
    copy = "Republished with permission. " + WIRE + " Subscribe to our newsletter."
    assert story_clusters(["wire", "copy", "other"], [WIRE, copy, REWRITE]) == [
        "wire",
        "wire",
        "other",
    ]


def test_story_id_is_first_member_in_given_order():
    assert story_clusters(["b", "a"], [WIRE, WIRE]) == ["b", "b"]


def test_clusters_are_transitive():
    # a ~ b and b ~ c but a and c share little: all three are one story.
    words = [f"w{i}" for i in range(300)]
    a, b, c = (" ".join(words[s : s + 150]) for s in (0, 60, 120))
    m = story_similarity_matrix([a, b, c])
    assert m[0, 1] >= STORY_THRESHOLD > m[0, 2]
    assert story_clusters(["a", "b", "c"], [a, b, c]) == ["a", "a", "a"]


def test_threshold_keyword_changes_clusters():
    half = WIRE[: len(WIRE) // 2]
    assert story_clusters(["x", "y"], [WIRE, half], threshold=0.99) == ["x", "y"]
    assert story_clusters(["x", "y"], [WIRE, half], threshold=0.3) == ["x", "x"]


def test_empty_and_blank_inputs():
    assert story_clusters([], []) == []
    assert story_clusters(["a", "b"], ["", "   "]) == ["a", "b"]
    with pytest.raises(ValueError, match="2 ids but 1 texts"):
        story_clusters(["a", "b"], ["x"])


def test_thousands_of_copies_stay_in_bounded_memory():
    # 3,000 copies of one story: the full pair list would hold 9 million entries.
    texts = [f"{WIRE} Copy number {i}." for i in range(3000)]
    ids = [f"a{i}" for i in range(3000)]
    assert set(story_clusters(ids, texts)) == {"a0"}


def test_bundled_copies_are_the_only_story_pair(bundled_corpus):
    arts = bundled_corpus.articles
    m = story_similarity_matrix(arts["text"].tolist())
    ids = arts["article_id"].tolist()
    pair = {"unionleader-2022-12-30", "washingtonpost-2022-12-30"}
    print(
        "\n"
        + "\n".join(
            f"{i[:14]:>14} " + " ".join(f"{v:.3f}" for v in row)
            for i, row in zip(ids, m, strict=True)
        )
    )
    others = [
        m[i, j] for i, j in itertools.combinations(range(len(ids)), 2) if {ids[i], ids[j]} != pair
    ]
    same = m[ids.index("unionleader-2022-12-30"), ids.index("washingtonpost-2022-12-30")]
    # The documented margin: the copies sit well above, all other pairs well below.
    assert same >= 1.5 * STORY_THRESHOLD
    assert max(others) <= STORY_THRESHOLD / 2


def test_one_copy_per_story_keeps_the_longest_copy_once_per_group():
    stories = ["wire", "wire", "wire", "own"]
    size = [100, 300, 200, 50]
    assert one_copy_per_story(stories, size).tolist() == [False, True, False, True]
    groups = ["a.com", "b.com", "a.com", "a.com"]
    assert one_copy_per_story(stories, size, within=groups).tolist() == [False, True, True, True]


# MinHash + LSH candidates, verified by cosine: the linear-time path.

PARAGRAPHS = [
    " ".join(f"p{p}s{s}w{w} word{(p * 7 + s * 3 + w) % 50}" for s in range(3) for w in range(12))
    for p in range(8)
]
"""Eight distinct paragraphs of one wire story (invented words, so nothing repeats)."""


def _edited_copies() -> list[str]:
    wire = "\n\n".join(PARAGRAPHS)
    trimmed = "\n\n".join(PARAGRAPHS[:4])
    reordered = "\n\n".join([PARAGRAPHS[0], PARAGRAPHS[3], PARAGRAPHS[1], PARAGRAPHS[2]])
    dropped = "\n\n".join(PARAGRAPHS[:2] + PARAGRAPHS[3:6])
    reheaded = "New headline here for our readers\n\n" + wire + "\n\nFollow us for more news."
    return [wire, trimmed, reordered, dropped, reheaded]


def test_edited_copies_are_found_among_unrelated_articles():
    # Trimmed, reordered, a paragraph dropped, headline and boilerplate changed:
    # all one story, among a hundred unrelated articles.
    others = [" ".join(f"o{i}w{w}" for w in range(150)) for i in range(100)]
    texts = [*others[:50], *_edited_copies(), *others[50:]]
    ids = [f"a{i}" for i in range(len(texts))]
    stories = story_clusters(ids, texts)
    assert stories[50:55] == ["a50"] * 5
    assert stories[:50] + stories[55:] == ids[:50] + ids[55:]


def test_distinct_stories_of_one_event_sharing_quotes_and_names_stay_apart():
    quote = '"Military cooperation contributes to stability in key regions," Vladimir Putin said.'
    reports = [
        " ".join(f"agency{a}w{w}" for w in range(200)) + f" {quote} Xi Jinping Beijing Moscow"
        for a in range(3)
    ]
    assert story_clusters(["r0", "r1", "r2"], reports) == ["r0", "r1", "r2"]


def test_candidates_are_verified_by_their_cosine():
    # Sharing a band is not enough: a pair below the threshold is not linked.
    words = [f"w{i}" for i in range(400)]
    a, b = " ".join(words[:200]), " ".join(words[100:300])  # 98 of 198 trigrams shared
    cosine = story_similarity_matrix([a, b])[0, 1]
    assert 0.2 < cosine < 0.6
    assert story_clusters(["a", "b"], [a, b], threshold=cosine + 0.01) == ["a", "b"]
    assert story_clusters(["a", "b"], [a, b], threshold=cosine - 0.01) == ["a", "a"]


def test_clusters_do_not_depend_on_how_texts_are_chunked(monkeypatch):
    texts = [*_edited_copies(), *(" ".join(f"o{i}w{w}" for w in range(80)) for i in range(20))]
    texts += [f"{WIRE} Copy {i}." for i in range(10)]
    ids = [f"a{i}" for i in range(len(texts))]
    whole = story_clusters(ids, texts)
    monkeypatch.setattr(stories, "CHUNK", 3)
    monkeypatch.setattr(signatures, "CHUNK", 2)
    monkeypatch.setattr(stories, "_PAIR_CHUNK", 2)
    assert story_clusters(ids, texts) == whole
    assert len(set(whole)) == 1 + 20 + 1


def test_clusters_are_deterministic_and_follow_the_given_order():
    texts = _edited_copies()
    ids = ["e", "d", "c", "b", "a"]
    assert story_clusters(ids, texts) == ["e"] * 5
    assert story_clusters(ids[::-1], texts[::-1]) == ["a"] * 5
    assert story_clusters(ids, texts) == story_clusters(ids, texts)


def test_signatures_are_datasketchs_minhash_of_the_heavy_ngrams():
    # The vectorised signatures equal datasketch's per-article MinHash, so the
    # candidate pairs (and clusters) do not depend on how they are computed.
    from datasketch import MinHash
    from scipy import sparse

    texts = [*_edited_copies(), "", "one two", "x y z " * 40 + "x y z w v u", WIRE]
    counts, sigs = signatures.counts_and_signatures(texts, stories.STORY_NGRAMS)
    heavy = signatures.heavy_ngrams(sparse.csr_matrix(counts))
    assert heavy[-2].nnz < counts[-2].nnz  # the repeated trigrams carry the weight
    for row, signature in enumerate(sigs):
        m = MinHash(num_perm=len(signature), seed=signatures.SEED, hashfunc=int)
        m.update_batch(heavy[row].indices.tolist())
        assert signature.tolist() == m.hashvalues.tolist()


def test_copies_already_joined_are_not_compared_again(monkeypatch):
    # A wire story republished 300 times gives thousands of candidate pairs; once
    # copies are in one story, the pairs between them are not verified again, and
    # the stories are still the components of the full similarity graph.
    from scipy.sparse.csgraph import connected_components

    texts = [f"{WIRE} Republished by outlet {i} on day {i % 7}." for i in range(300)]
    texts += [" ".join(f"o{i}w{w}" for w in range(60)) for i in range(40)]
    ids = [f"a{i}" for i in range(len(texts))]
    compared = []
    real = stories._pair_cosines
    monkeypatch.setattr(stories, "_PAIR_CHUNK", 500)
    monkeypatch.setattr(stories, "_pair_cosines",
                        lambda x, left, right: compared.append(len(left)) or real(x, left, right))
    found = story_clusters(ids, texts)
    _, labels = connected_components(story_similarity_matrix(texts) >= STORY_THRESHOLD)
    first = {label: ids[min(i for i in range(len(ids)) if labels[i] == label)] for label in labels}
    assert found == [first[label] for label in labels]
    assert found[:300] == ["a0"] * 300
    assert sum(compared) < 1000  # of about 6,600 candidate pairs


def test_clusterer_fed_in_chunks_gives_story_clusters_of_all_texts_in_that_order():
    # framing score feeds the clusterer chunk by chunk in input order and gives the
    # date order at the end; the stories are story_clusters' on the texts in date order.
    from analysis.ingest.stories import StoryClusterer

    texts = [*_edited_copies(), "", "one two", WIRE, f"{WIRE} Copied.", "x y z " * 40]
    texts += [f"{WIRE} Republished by outlet {i}." for i in range(30)]
    ids = [f"t{i}" for i in range(len(texts))]
    order = np.random.default_rng(3).permutation(len(texts))
    with StoryClusterer() as clusterer:
        for start in range(0, len(texts), 4):
            clusterer.add(texts[start:start + 4])
        found = clusterer.story_ids(ids, order=order)
    expected = story_clusters([ids[i] for i in order], [texts[i] for i in order])
    assert [found[i] for i in order] == expected
    assert len(set(found)) < len(found) - 30


def test_clusterer_keeps_no_text():
    # Memory holds signatures and a file of n-gram counts, never the texts.
    import gc

    from analysis.ingest.stories import StoryClusterer

    marker = "unmistakable marker sentence of this one test"
    with StoryClusterer() as clusterer:
        clusterer.add([f"{marker} {i}." for i in range(3)])
        held = [gc.get_referents(v) for v in vars(clusterer).values()]
        assert not any(isinstance(x, str) and marker in x
                       for group in held for x in group)
