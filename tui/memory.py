"""Keeping Python's garbage collector out of the way of keystrokes.

A loaded page and the widgets that show it are some hundred thousand
long-lived objects. Python's cyclic collector walks all of them on each full
collection, which on a wide terminal made an editing key take 20-30 ms more
(measured with bench/speed_review). Once a screen is up, its objects are moved
out of the collector's sight (gc.freeze); the previous screen's are handed back
first, so the cycles a closed page leaves behind are still freed.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Free what the last screen left, then stop scanning what this one holds."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
