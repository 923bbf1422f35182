"""The word segmentation backend, behind one function.

jieba costs about a second to load its dictionary, so it is imported on first
use only: analysing loads it, opening an already analysed database does not.
Swapping the backend (jieba_fast, rjieba) means changing this module alone,
and must show the same scores on the same pages (`pagedesk eval`).
"""

from __future__ import annotations

import logging
import math
import threading
import warnings
from functools import lru_cache

from pagedesk.core.text.chars import is_ideograph

_lock = threading.Lock()
_jieba = None


def _backend():
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                with warnings.catch_warnings():
                    # jieba imports pkg_resources, which warns about every
                    # namespace package on sys.path (pagedesk is one): not the user's business
                    warnings.simplefilter("ignore")
                    import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


def is_loaded() -> bool:
    """Whether the dictionary has been loaded in this process (tests check it was not)."""
    return _jieba is not None


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The words of a short text (a headline, a clause), in order."""
    return tuple(_backend().lcut(text))


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """The words of a short text with their part of speech (jieba's tags:
    n noun, v verb, m numeral…), in order.

    The words are `words(text)`'s, each tagged from the dictionary; a word
    the dictionary lacks (one the segmenter found itself) is a noun if it is
    written in ideographs. jieba's own tagger (posseg) reads unknown words
    with a second, slower model: it cost a third of the figures' time."""
    tags = _tags()
    out = []
    for w in words(text):
        tag = tags.get(w)
        if tag is None:
            tag = "n" if all(is_ideograph(c) for c in w) else ("m" if w[:1].isdigit() else "x")
        out.append((w, tag))
    return tuple(out)


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    from jieba import posseg  # the same dictionary, loaded by _backend

    _backend()
    return posseg.dt.word_tag_tab  # read from the dictionary file when posseg is imported


def frequencies() -> dict[str, int]:
    """The dictionary: how often each word was seen (prefixes of words map to 0)."""
    return _backend().dt.FREQ


class _Rarity(dict):
    """How much a word says about what a text is about: its surprisal in the
    dictionary's counts, −log p, looked up once per word (`RARITY[word]`).
    Words the dictionary does not know (names, and pairs of characters that
    cross a word boundary) count as the rarest. Unlike rarity on the page
    itself, this does not call a word rare because a page of thirty
    paragraphs happens to use it twice."""

    def __missing__(self, word: str) -> float:
        dt = _backend().dt
        f = dt.FREQ.get(word, 0)
        got = self[word] = math.log(dt.total / f) if f else math.log(dt.total)
        return got


RARITY = _Rarity()


# words too common to tell two texts apart
_STOP = set(
    (
        "的 了 在 和 与 及 是 为 对 等 将 把 被 让 从 向 以 于 也 都 而 并 之 其 这 那 中 上 下 个 年 月 日 新 大 要 有"
    ).split()
)


def content_words(text: str) -> list[str]:
    """The words of a text that can tell it apart from another: no common
    function words, no punctuation, no lone letters or digits."""
    out = []
    for w in words(text):
        w = w.strip()
        if not w or w in _STOP:
            continue
        if not any(is_ideograph(c) or c.isalnum() for c in w):
            continue
        if len(w) == 1 and not is_ideograph(w):
            continue
        out.append(w)
    return out
