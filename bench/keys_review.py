"""How many keys a real front page takes to correct in the review app.

The CNOOC front page (../shared/real_pages) as two extractors read it is
ingested, opened in the review app (headless, Textual's Pilot) and corrected
by the keys below, each one pressed as an editor would, then approved. The
page saved is then checked against the correction defined here: every
article with its lines, its headline, kicker, subtitle and byline lines, its
captions and dateline, the reading order of the article whose halves the
extractor swapped, and (for pdfminer) the figures, every one confirmed or
fixed. The keys counted are every key pressed, moving the cursor included.

    python -m bench.keys_review

The page's text stays in ../shared: the correction names lines by number.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.rebuild import SHARED
from pagedesk.core.editing.state import PageState
from pagedesk.core.lines import roles as R
from pagedesk.db.ingest import ingest
from pagedesk.db.store import Store

PAGE = SHARED / "real_pages" / "cnooc_2024-10-16_p1"


@dataclass
class Article:
    """An article of the corrected page: its lines by role (the rest of its
    lines are body, between `first` and `last` on the page), and where its
    reading order starts when that is not the page's."""

    roles: dict[str, list[int]]
    body: list[tuple[int, int]] = field(default_factory=list)  # ranges of lines (first, last)
    reads_from: int | None = None  # the body line the article's text begins with


@dataclass
class Correction:
    file: str
    budget: int
    keys: str  # space-separated keys; ":N" stands for going to line N (colon, its digits, enter)
    articles: list[Article]
    unassigned: dict[int, str]
    rejected: list[int] = field(default_factory=list)  # lines of figures that are not figures
    # (line, value, unit) of figures the page must have: found, or added by the editor
    present: list[tuple[int, float, str]] = field(default_factory=list)
    figures: bool = True  # whether figures are part of the correction


PDFMINER = Correction(
    "pdfminer.txt",
    80,
    # line 11 is the title's subtitle; the 求是 item (13, 15, 16) is an article
    # of its own, 13 its kicker; the party meeting's title is both its lines;
    # the launch photo's caption goes to the launch; its lead (151 on) goes
    # before its second half; the commentary's byline and the platform
    # photo's caption go home. The figures need no key: the meeting's ordinal
    # (二十届) is not read as one, and 8 大类 is found across the wrap
    "j r t  j space j j m n  k k r k  j j j r h  :101 m 1  :151 K  h h j space j m 4  :323 m 5  A",
    [
        Article({R.HEADLINE: [9], R.SUBTITLE: [11], R.CAPTION: [101], R.DATELINE: [151]}, [(103, 189)], reads_from=151),
        Article({R.KICKER: [13, 15], R.HEADLINE: [16]}),
        Article({R.HEADLINE: [18, 19], R.DATELINE: [21], R.SIGNATURE: [99]}, [(22, 97)]),
        Article({R.HEADLINE: [191], R.BYLINE: [195, 197]}, [(199, 246)]),
        Article({R.HEADLINE: [193], R.CAPTION: [323], R.DATELINE: [325]}, [(326, 335)]),
        Article({R.HEADLINE: [248], R.SUBTITLE: [249]}, [(251, 319)]),
        Article({R.HEADLINE: [337], R.DATELINE: [339]}, [(340, 359)]),
    ],  # fmt: skip
    {1: R.FURNITURE, 3: R.FURNITURE, 5: R.FURNITURE, 7: R.FURNITURE, 321: R.CONTINUATION, 361: R.FURNITURE},
    rejected=[26, 84],  # 二十届, 八项规定: no figures
    present=[(187, 8.0, "大类")],
)

PYMUPDF = Correction(
    "pymupdf.txt",
    25,
    # headlines after their bodies: each title's first line is a title line,
    # not a kicker; the launch's second line is its subtitle and its photo's
    # caption goes to it; the commentary's title is the line before the 求是
    # item, which is an article of its own
    "h r h  h h r h  j r t  :260 m 2  h r h  j s  A",
    [
        Article({R.DATELINE: [8], R.SIGNATURE: [79], R.HEADLINE: [80, 81]}, [(9, 78)]),
        Article({R.DATELINE: [82], R.HEADLINE: [161], R.SUBTITLE: [162], R.CAPTION: [260]}, [(83, 160)]),
        Article({R.HEADLINE: [227], R.SUBTITLE: [228]}, [(163, 225)]),
        Article({R.DATELINE: [229], R.HEADLINE: [247]}, [(230, 246)]),
        Article({R.DATELINE: [248], R.HEADLINE: [258], R.CAPTION: [259]}, [(249, 257)]),
        Article({R.BYLINE: [261], R.HEADLINE: [305]}, [(262, 304)]),
        Article({R.KICKER: [306, 307], R.HEADLINE: [308]}),
    ],
    {**{n: R.FURNITURE for n in range(1, 8)}, 226: R.CONTINUATION},
    figures=False,
)


def keys_of(script: str) -> list[str]:
    out: list[str] = []
    for token in script.split():
        if token.startswith(":") and token[1:].isdigit():
            out += ["colon", *token[1:], "enter"]
        else:
            out.append(token)
    return out


async def correct(db: Path, keys: list[str]) -> None:
    from pagedesk.tui.app import PagedeskApp

    app = PagedeskApp(db, "bench")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # open the page: not a correction, not counted
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()


def mismatches(c: Correction, s: PageState) -> list[str]:
    """How the saved page differs from the correction."""
    out = []
    table = s.table
    for k, want in enumerate(c.articles, 1):
        anchor = next(iter(want.roles.values()))[0]
        a = s.article_of.get(anchor)
        if a is None:
            out.append(f"article {k}: line {anchor} is in no article")
            continue
        lines = {ln for ls in want.roles.values() for ln in ls}
        for lo, hi in want.body:
            lines |= {n for n in range(lo, hi + 1) if table.line(n).strip()} - lines
        if set(s.lines_of(a)) != lines:
            extra, missing = sorted(set(s.lines_of(a)) - lines), sorted(lines - set(s.lines_of(a)))
            out.append(f"article {k}: lines {extra[:5]} too many, {missing[:5]} missing")
        for role, ls in want.roles.items():
            wrong = [ln for ln in ls if s.role_of.get(ln) != role]
            if wrong:
                out.append(f"article {k}: lines {wrong} not {role}")
        if want.reads_from is not None:
            body = [ln for ln in s.reading_order(a) if s.role_of.get(ln) in (R.BODY, R.DATELINE)]
            if body and body[0] != want.reads_from:
                out.append(f"article {k}: reads from line {body[0]}, not {want.reads_from}")
    for ln, role in c.unassigned.items():
        if ln in s.article_of or s.role_of.get(ln) != role:
            out.append(f"line {ln}: not {role} outside the articles")
    if c.figures:
        for ln in c.rejected:
            if any(f.line == ln and f.status != "rejected" for f in s.figures.values()):
                out.append(f"figure on line {ln}: not rejected")
        for ln, value, unit in c.present:
            if not any(f.line == ln and f.value == value and f.unit == unit and f.status != "rejected"
                       for f in s.figures.values()):  # fmt: skip
                out.append(f"figure {value} {unit} on line {ln}: missing")
        undecided = [f.line for f in s.figures.values() if f.status == "auto"]
        if undecided:
            out.append(f"figures undecided on lines {undecided}")
    if s.status != "approved":
        out.append(f"page {s.status}, not approved")
    return out


def run(c: Correction) -> tuple[int, list[str]]:
    keys = keys_of(c.keys)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "keys.db"
        with Store(db) as store:
            ingest(store, [str(PAGE / c.file)])
        asyncio.run(correct(db, keys))
        with Store(db) as store:
            state = store.load(store.all_page_ids()[0]).state
    return len(keys), mismatches(c, state)


def main() -> int:
    if not PAGE.is_dir():
        print(f"the CNOOC page is not at {PAGE}; set PAGEDESK_SHARED", file=sys.stderr)
        return 2
    ok = True
    for c in (PDFMINER, PYMUPDF):
        n, wrong = run(c)
        what = "structure and figures" if c.figures else "structure"
        print(f"{c.file}: {n} keys ({what}; budget {c.budget})" + ("" if not wrong else ", NOT corrected:"))
        for w in wrong:
            print(f"  {w}")
        ok &= not wrong and n <= c.budget
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
