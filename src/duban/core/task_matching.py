"""Which existing goal or task a new item may belong to, by the words they share.

Words are weighed by how rare they are in general Chinese text (jieba's IDF table):
sharing 五金 or 技改 says much more than sharing 工作 or 推进. The best match is
only a suggestion, shown with the words that made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import jieba
import jieba.analyse

__all__ = ["ParentMatch", "suggest_parent"]

# Below this, the shared words are too common to mean anything (about two plain words).
_MIN_WEIGHT = 14.0
# And they must be a fair part of what the item says: two words shared with a long task
# (五金 from a slogan) are chance.
_MIN_COVER = 0.25
_SHOWN_WORDS = 4


@dataclass(frozen=True)
class ParentMatch:
    key: object  # whatever identifies the item for the caller (a task id)
    words: tuple[str, ...]  # the shared words, most telling first
    weight: float


def suggest_parent(text: str, items: Iterable[tuple[object, str]]) -> ParentMatch | None:
    """The item (key, text) sharing the most telling words with ``text``, if any shares enough."""
    words = _words(text)
    best: ParentMatch | None = None
    for key, item_text in items:
        item_words = _words(item_text)
        shared = words & item_words
        weight = sum(_idf(w) for w in shared)
        cover = weight / (sum(_idf(w) for w in item_words) or 1)
        if weight >= _MIN_WEIGHT and cover >= _MIN_COVER and (best is None or weight > best.weight):
            shown = tuple(sorted(shared, key=lambda w: (-_idf(w), w))[:_SHOWN_WORDS])
            best = ParentMatch(key, shown, round(weight, 1))
    return best


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in jieba.lcut(text) if len(w) >= 2 and not w.isdigit())


def _idf(word: str) -> float:
    table = jieba.analyse.default_tfidf
    return table.idf_freq.get(word, table.median_idf)
