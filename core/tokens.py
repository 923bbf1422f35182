"""The word segmentation backend, behind one function.

jieba costs about a second to load its dictionary, so it is imported on first
use only: analysing loads it, opening an already analysed database does not.
Swapping the backend (jieba_fast, rjieba) means changing this module alone,
and must show the same scores on the same pages (`pagedesk eval`).
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

_lock = threading.Lock()
_jieba = None


def _backend():
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
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


def frequencies() -> dict[str, int]:
    """The dictionary: how often each word was seen (prefixes of words map to 0)."""
    return _backend().dt.FREQ
