"""Text safe to show: on a terminal, in a JSON or CSV export.

Page text is cleaned on reading (`page.sanitize`). Names (of files, of
pages in a database another program wrote) are data and are kept as they
are, but wherever one is shown or exported its control, escape and
invisible characters are written out as `\\xNN` or `\\uNNNN`: an OSC 52
sequence in a file name must not reach the clipboard, nor an OSC 2 the
window title, nor a bidi override the order of what an editor reads.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Beyond C0 and C1: characters that reorder, hide or break text on a
# terminal or in a spreadsheet: soft hyphen, combining grapheme joiner,
# Arabic letter mark, Mongolian vowel separator, zero-width characters and
# directional marks, line and paragraph separators, bidi embeddings,
# overrides and isolates, invisible operators, the byte order mark.
INVISIBLE = "\u00ad\u034f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{INVISIBLE}]")  # json.dumps escapes C0 itself
# a spreadsheet evaluates a cell that starts with one of these as a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(m: re.Match) -> str:
    o = ord(m.group())
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def printable(text: str) -> str:
    """`text` with every control, escape and invisible character written out visibly."""
    return _UNSAFE.sub(_escaped, text)


def printable_lines(text: str) -> str:
    """`printable` for text of several lines: the line breaks stay."""
    return "\n".join(printable(line) for line in text.split("\n"))


def json_text(value: Any, **kwargs: Any) -> str:
    """JSON of `value` (UTF-8 text as itself), with C1 controls and invisible
    characters as \\u escapes: the same data, nothing raw for a terminal."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False, **kwargs))


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as written: text that would start a formula
    gets a leading apostrophe, controls are written out; numbers stay numbers."""
    if not isinstance(value, str):
        return value
    value = printable(value)
    return "'" + value if value.startswith(_FORMULA_START) else value
