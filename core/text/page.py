"""Page text as it arrives: decoding, sanitising, and the line/offset table.

Everything pagedesk detects points back into the *page text* defined here: the
decoded file with line ends unified and control characters and terminal escape
sequences removed. Those removals happen before any offset is taken, so an
offset is always an offset into the text the user is shown.
"""

from __future__ import annotations

import hashlib
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from pagedesk.core.text.safe import INVISIBLE, printable

# A newspaper page is 5–60 KB of text. Anything far above that is not one
# page; a page of 1 MB is analysed in under 30 s (bench/speed_scale.py).
MAX_PAGE_BYTES = 1024 * 1024


class PageInputError(ValueError):
    """Input that cannot be a page. The message is one line, meant for the user."""


# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte ESC sequences,
# and the 8-bit CSI. Removed whole so that no fragment like "[31m" survives.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 and C1 controls except tab and newline, plus DEL, and the characters
# that can reorder or hide text on a terminal (safe.INVISIBLE).
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{INVISIBLE}]")


def sanitize(text: str) -> str:
    """Unify line ends, drop escape sequences and control characters, tabs to spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI.sub("", text)
    text = _CONTROL.sub("", text)
    return text.replace("\t", "    ")


def _too_large(name: str, size: float) -> PageInputError:
    return PageInputError(
        f"{name}: {size / 1e6:.1f} MB is larger than the {MAX_PAGE_BYTES // (1024 * 1024)} MB page limit; "
        "split it into one file per newspaper page"
    )


def read_page_file(path: Path) -> str:
    """The page text of a file, or PageInputError with one line. Only a
    regular file is read, and never more than the page limit: a pipe or a
    device (/dev/zero) would never end."""
    name = printable(str(path))
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise PageInputError(f"{name}: is a directory; give a .txt file or the directory itself")
        if not stat.S_ISREG(st.st_mode):
            raise PageInputError(f"{name}: not a regular file (a pipe or a device?); give a page's .txt file")
        if st.st_size > MAX_PAGE_BYTES:
            raise _too_large(name, st.st_size)
        with open(path, "rb") as f:
            data = f.read(MAX_PAGE_BYTES + 1)
    except PermissionError:
        raise PageInputError(f"{name}: permission denied") from None
    except OSError as e:
        raise PageInputError(f"{name}: cannot read ({e.strerror})") from None
    return decode(data, name)


def decode(data: bytes, name: str = "input") -> str:
    """Decode the bytes of a page file into sanitised page text.

    Accepts UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030 (a
    superset of GBK and GB2312). Raises PageInputError with a one-line message
    for anything that is not a page of text.
    """
    if len(data) > MAX_PAGE_BYTES:
        raise _too_large(name, len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise PageInputError(f"{name}: broken UTF-16 text; re-save it as UTF-8") from None
    else:
        if b"\x00" in data:
            raise PageInputError(f"{name}: binary data, not page text; give pagedesk the .txt an extractor wrote")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise PageInputError(
                    f"{name}: neither UTF-8 nor GB18030 text; convert it first, e.g. iconv -f BIG5 -t UTF-8"
                ) from None
            if not _looks_like_text(text):
                raise PageInputError(
                    f"{name}: not UTF-8 text and not readable as GB18030; convert it to UTF-8"
                ) from None
    text = sanitize(text)
    if not text.strip():
        raise PageInputError(f"{name}: the file has no text (empty or only whitespace)")
    if not _looks_like_text(text):
        raise PageInputError(f"{name}: binary data, not page text; give pagedesk the .txt an extractor wrote")
    return text


def _looks_like_text(text: str) -> bool:
    """True when the text is mostly letters, CJK, digits and punctuation.

    Random bytes decoded as GB18030 produce rare CJK Extension and private-use
    characters; real pages almost never do.
    """
    sample = text[:20000]
    if not sample:
        return True
    odd = sum(
        1
        for ch in sample
        if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or "\u3400" <= ch <= "\u4dbf" or ord(ch) > 0xFFFF
    )
    return odd / len(sample) < 0.05


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LineTable:
    """The page's lines, 1-based, with the offset where each starts.

    A final newline does not start an extra empty line (the seed page's 361
    lines are its 360 newlines plus the unterminated last line).
    """

    text: str
    starts: tuple[int, ...] = field(repr=False)
    lines: tuple[str, ...] = field(repr=False)

    @classmethod
    def of(cls, text: str) -> LineTable:
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        return cls(text, tuple(starts), tuple(lines))

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def start(self, number: int) -> int:
        return self.starts[number - 1]

    def end(self, number: int) -> int:
        return self.starts[number - 1] + len(self.lines[number - 1])

    def line_of(self, offset: int) -> int:
        """The 1-based line holding the character at `offset`."""
        return max(1, bisect_right(self.starts, offset))

    def nonblank(self) -> list[int]:
        return [i + 1 for i, line in enumerate(self.lines) if line.strip()]
