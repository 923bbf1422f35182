"""Normalised text with a map back to the original.

Detection reads normalised text: wrapped lines joined, justification spaces
removed, full-width digits and letters made ASCII. Every character of the
normalised text remembers the offset of the original character it came from,
so a match in normalised text becomes a span `[start, end)` of the page text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pagedesk.core.text.chars import is_cjk
from pagedesk.core.text.page import LineTable

# Characters after which a line break ends a sentence: the next line does not
# continue a word or a number.
SENTENCE_END = "。！？!?；;…"
CLOSERS = "”’」』）)》】"

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # digits
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # A-Z
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # a-z
_FULLWIDTH.update({"％": "%", "．": ".", "－": "-", "～": "~", "＋": "+", "﹪": "%", "—": "—"})
_FULLWIDTH_RE = re.compile("[" + "".join(k for k in _FULLWIDTH if k != "—") + "]")

_SPACE = " \u3000\xa0\u2002\u2003\u2009"
_SPACE_RUN = re.compile(f"[{_SPACE}]+")
_NEEDS_WORK = re.compile(f"[{_SPACE}\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％．－～＋﹪]")


def ends_sentence(line: str) -> bool:
    """Does this line end a sentence (so the next line starts a new one)?"""
    s = line.rstrip(_SPACE)
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in SENTENCE_END


def is_spaced_out(line: str) -> bool:
    """A justified line printed character by character: `本 报 讯 10 月`."""
    s = line.strip(_SPACE)
    if len(s) < 6:
        return False
    gaps = sum(1 for m in _SPACE_RUN.finditer(s) if len(m.group()) == 1)
    return gaps >= 0.3 * len(s.replace(" ", ""))


@dataclass
class Normalized:
    text: str
    offsets: list[int]  # original offset of each normalised character

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original `[start, end)` of normalised `[i, j)`."""
        return self.offsets[i], self.offsets[j - 1] + 1


def _squeeze_line(line: str, base: int, out: list[str], offs: list[int]) -> None:
    """Append one line without its justification spaces, mapping each character."""
    if not _NEEDS_WORK.search(line):  # most lines: nothing to squeeze or convert
        out.extend(line)
        offs.extend(range(base, base + len(line)))
        return
    spaced = is_spaced_out(line)
    n = len(line)
    i = 0
    while i < n and line[i] in _SPACE:
        i += 1
    end = n
    while end > i and line[end - 1] in _SPACE:
        end -= 1
    while i < end:
        ch = line[i]
        if ch in _SPACE:
            j = i
            while j < end and line[j] in _SPACE:
                j += 1
            prev, nxt = line[i - 1], line[j]
            keep = not (is_cjk(prev) or is_cjk(nxt)) and not (spaced and j - i == 1)
            if keep and (prev.isalpha() or nxt.isalpha()):
                out.append(" ")
                offs.append(base + i)
            i = j
            continue
        out.append(_FULLWIDTH.get(ch, ch))
        offs.append(base + i)
        i += 1


def normalize_lines(
    table: LineTable,
    numbers: Iterable[int],
    joinable: Callable[[int, int], bool] | None = None,
) -> Normalized:
    """Normalise the given lines, in the given order, into one text.

    Two consecutive lines are joined with nothing in between when the first
    does not end a sentence and `joinable(prev, next)` allows it (wrapped text);
    otherwise a newline separates them. The separator maps to the original
    newline after the earlier line.
    """
    out: list[str] = []
    offs: list[int] = []
    prev_no: int | None = None
    for no in numbers:
        line = table.line(no)
        if not line.strip(_SPACE):
            continue
        if prev_no is not None:
            prev_line = table.line(prev_no)
            soft = not ends_sentence(prev_line) and (joinable is None or joinable(prev_no, no))
            brk = table.end(prev_no)
            if not soft:
                out.append("\n")
                offs.append(brk)
            elif (
                out
                and out[-1].isascii()
                and out[-1].isalpha()
                and line.lstrip(_SPACE)[:1].isascii()
                and line.lstrip(_SPACE)[:1].isalpha()
            ):
                out.append(" ")  # "Olympus" / "Global" wrapped: keep the words apart
                offs.append(brk)
        _squeeze_line(line, table.start(no), out, offs)
        prev_no = no
    return Normalized("".join(out), offs)


def normalize_text(text: str) -> str:
    """Normalise a short free text (a headline, a query) without an offset map."""
    text = _FULLWIDTH_RE.sub(lambda m: _FULLWIDTH[m.group()], text)
    out: list[str] = []
    offs: list[int] = []
    for line in text.split("\n"):
        if line.strip(_SPACE):
            _squeeze_line(line, 0, out, offs)
    return "".join(out)


def display_text(text: str) -> str:
    """A headline, byline or label as a person should read it: justification
    and wrap removed, but a space the writer put between words kept (视频连线 畅所欲言).
    Lines are joined as the text runs on: with nothing between Chinese script
    (中国海油党组召开 + 2024年… is one title), with a space between words of
    Latin script."""
    text = _FULLWIDTH_RE.sub(lambda m: _FULLWIDTH[m.group()], text)
    out = ""
    for line in text.split("\n"):
        line = line.strip(_SPACE)
        if not line:
            continue
        line = normalize_text(line) if is_spaced_out(line) else _SPACE_RUN.sub(" ", line)
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])):
            out += " "
        out += line
    return out


def find_span(text: str, wanted: str, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    """Where `wanted` stands in text[lo:hi], letting the spaces and line breaks
    an extractor inserts fall between its characters (105.3亿元 finds 105.3 亿元)."""
    chars = [c for c in wanted if not c.isspace()]
    if not chars:
        return None
    pattern = re.compile(f"[{_SPACE}\n]*".join(re.escape(c) for c in chars))
    m = pattern.search(text, lo, len(text) if hi is None else hi)
    return (m.start(), m.end()) if m else None
