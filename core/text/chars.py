"""Which characters are which: ideographs, and script that needs no spaces.

Two questions, two answers, on purpose:

- `is_ideograph` (and `IDEOGRAPHS` for a regular expression's character
  class): the CJK Unified Ideographs block, U+4E00–U+9FFF. Words, names,
  bigrams and signatures are made of these. The rarer extension blocks are
  left out: in extracted page text they are almost always decoding damage
  (`page.looks_like_text` counts them as such), not words.
- `is_cjk`: every character of East Asian script or punctuation, around
  which a space is the extractor's (justification, a line join) and never
  the writer's.
"""

from __future__ import annotations

IDEOGRAPHS = "\u4e00-\u9fff"  # for a character class: f"[{IDEOGRAPHS}]"


def is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def all_ideographs(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def is_cjk(ch: str) -> bool:
    """Ideographs, CJK punctuation and full-width forms: script that needs no spaces."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x3400 <= o <= 0x4DBF
        or 0x2010 <= o <= 0x206F  # general punctuation: “”‘’—…
        or 0x25A0 <= o <= 0x25FF  # □ ▶ ■ ●
        or 0xF900 <= o <= 0xFAFF
    )


def text_width(s: str) -> float:
    """Display width in full-width cells: an ideograph 1, a digit or letter 1/2."""
    return sum(1.0 if is_cjk(c) else 0.5 for c in s)
