"""Runs of displaced headlines: where one article's lines stop, and which article each group goes to.

Some extractors put a page's headlines after its bodies, one article after
another: a kicker, its title, a subtitle, a byline, then the next article's.
With a blank line after every line nothing on the page marks where one
article's lines stop and the next one's begin, and the pairs are not all
alike (a kicker over its title, two titles of two short items, a title and
its column's name, a title over a photo's caption).

A small model, the link model (`models.headline_runs`, boosted trees fitted by
bench/train_headline_runs.py on
pages rebuilt from even days of the corpus) weighs the cues of two
neighbouring lines of such a run: their kinds, their lengths and
punctuation, a kicker's dash or colon, a subtitle's dash, a column's name
in brackets, the words the two lines share, and where in the run they
stand. Segmentation adds its log-odds to the words each line shares with the
bodies when it cuts the run into groups and gives each group to an article
(`attach_run`).
The cut count (`cut_count`) reads from the same model how many articles the run
holds (`expected_articles`), a second count of the page's articles.

Hand-set scores did this before (a byline closes a group, a dash continues
one). On 2000 pages rebuilt from odd days the model raised headline
attachment from 0.915 to 0.921 and the articles recovered exactly from 3969
to 4235 of 6758; a smaller weight (0.12) gives more attachment (0.925) and
fewer exact articles (4090).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from pagedesk.core.lines import markers as M
from pagedesk.core.lines.roles import BYLINE, CAPTION
from pagedesk.core.segmentation.headlines import Matcher, has_head
from pagedesk.core.segmentation.kinds import HEAD
from pagedesk.core.segmentation.units import PARA, Unit
from pagedesk.core.text.words import content_words

if TYPE_CHECKING:
    from pagedesk.core.segmentation.cuts import PageBreaks

_KIND = {"head": 0.0, BYLINE: 1.0, CAPTION: 2.0}
_DIGIT = re.compile(r"\d")

_LINE = (
    "len",
    "commas",
    "colon",
    "kicker_end",
    "subtitle",
    "column",
    "bracket",
    "exclaims",
    "quote_end",
    "digits",
    "spaced",
)
FEATURES = (
    ("kind_above", "kind_below")
    + tuple(f"above_{n}" for n in _LINE)
    + tuple(f"below_{n}" for n in _LINE)
    + ("shared", "position", "left", "run")
)


def _line_cues(text: str) -> list[float]:
    """The cues of one headline line, in _LINE order."""
    inner = text.strip()
    return [
        float(len(text)),
        float(text.count("，") + text.count(",")),
        float("：" in text or ":" in text),
        float(bool(M.KICKER_END.search(text))),
        float(bool(M.SUBTITLE_START.match(text))),
        float(M.has_column_tag(text)),
        float(text.startswith(("（", "("))),
        float(text.endswith(("！", "？", "!", "?"))),
        float(text.endswith(("”", "’"))),
        float(bool(_DIGIT.search(text))),
        float(" " in inner or "\u3000" in inner),
    ]


def link_cues(texts: list[str], kinds: list[str | None], k: int) -> list[float]:
    """The cues (in FEATURES order) of the break between lines k-1 and k of a
    run of displaced headline lines. `kinds` are the lines' kinds: "head",
    "byline" or "caption"."""
    above, below = texts[k - 1], texts[k]
    a, b = set(content_words(above)), set(content_words(below))
    shared = len(a & b) / max(1, min(len(a), len(b)))
    return (
        [_KIND.get(kinds[k - 1], 3.0), _KIND.get(kinds[k], 3.0)]
        + _line_cues(above)
        + _line_cues(below)
        + [shared, float(k), float(len(texts) - k), float(len(texts))]
    )


def new_article_log_odds(texts: list[str], kinds: list[str | None], k: int) -> float:
    """Log-odds that line k of the run starts another article's headlines than line k-1's."""
    from pagedesk.core.models import load

    return load("headline_runs", FEATURES)(link_cues(texts, kinds, k))


def expected_articles(link_odds: list[float]) -> float:
    """How many articles' headlines a run holds, given the link model's
    log-odds at each line after the first: one, plus the chance that another
    article's lines begin at each of them."""
    return 1.0 + sum(1.0 / (1.0 + math.exp(-z)) for z in link_odds)


RUN_BACKWARDS = 1.0  # the price of a displaced headline group out of its articles' page order

RUN_LINK = 0.2  # the weight of the link model's log-odds (clipped to ±3) against a line's word share (0–1)
LINK_CLIP = 3.0
HEADED = -0.5  # the price of a second headline group for an article that has one right above it


def split_runs(
    units: list[Unit], groups: list[list[int]], kinds: dict[int, str]
) -> tuple[list[list[int]], list[list[int]]]:
    """Runs of two or more headline groups with no body below them (the
    headlines an extractor put at the end of the page), flattened; and the
    other groups."""
    runs: list[list[list[int]]] = []
    for g in groups:
        if runs and runs[-1][-1][-1] + 1 == g[0]:
            runs[-1].append(g)
        else:
            runs.append([g])
    found, rest = [], []
    for run in runs:
        after = run[-1][-1] + 1
        below_is_body = after < len(units) and units[after].kind == PARA
        heads = sum(1 for g in run if has_head(g, kinds))
        if heads >= 2 and not below_is_body:
            found.append([i for g in run for i in g])
        else:
            rest += run
    return found, rest


def consecutive_runs(idx: list[int]) -> list[list[int]]:
    """Unit indexes (ascending) cut into runs of neighbours: [3, 4, 7] -> [[3, 4], [7]]."""
    runs: list[list[int]] = []
    for i in idx:
        if runs and runs[-1][-1] + 1 == i:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def run_links(ctx: PageBreaks, run: list[int], paras: list[int]) -> list[float]:
    """For every line of a run of displaced headline lines, the score of
    starting a new group there (the score of continuing the group is its
    negative): the link model's log-odds, clipped and weighted against the
    word shares of `attach_run`. The model knows the runs after the last
    paragraph, where extractors put displaced headlines; a run elsewhere (a
    box of titles at the top of a real page) is grouped by the words alone."""
    if run[0] <= paras[-1]:
        return [0.0] * len(run)
    return [0.0] + [RUN_LINK * max(-LINK_CLIP, min(LINK_CLIP, z)) for z in ctx.link_odds(run)]


def attach_run(
    bodies: list[str],
    units: list[Unit],
    run: list[int],
    matcher: Matcher,
    kinds: dict[int, str],
    headed: set[int],
    links: list[float],
) -> list[tuple[list[int], int]]:
    """Cut a run of displaced headline lines into groups and give each to an
    article, all at once: the best path through (line, article) where every
    headline line scores the share of its words the article's body holds, the
    groups follow the articles' page order (or pay RUN_BACKWARDS: a stray
    body line at the head of the run must not push every group down the
    page), and the link model (`headline_runs`) says where one article's lines stop
    and the next one's begin.

    Grouping line by line first (and attaching afterwards) went wrong where
    one story's title line sat next to another's kicker; here the words of
    every line have their say in where the groups break."""
    n, m = len(bodies), len(run)
    if n == 0 or m == 0:
        return []
    fit = [[matcher.share([u], b) if kinds.get(u) == HEAD else 0.0 for b in bodies] for u in run]
    NEG = float("-inf")
    start_cost = [HEADED if j in headed else 0.0 for j in range(n)]

    best = [[NEG] * n for _ in range(m)]
    back: list[list[int]] = [[-1] * n for _ in range(m)]
    for j in range(n):
        best[0][j] = fit[0][j] + start_cost[j]
    for k in range(1, m):
        cont, new = -links[k], links[k]
        prev = best[k - 1]
        # a new group goes to a later article, or (at a price) to an earlier
        # one: the best article to come from, before j and after j, for every j
        # at once (ties go to the later article)
        before: list[tuple[float, int] | None] = [None] * n
        after: list[tuple[float, int] | None] = [None] * n
        for j in range(1, n):
            here = (prev[j - 1], j - 1)
            before[j] = here if before[j - 1] is None else max(before[j - 1], here)
        for j in range(n - 2, -1, -1):
            here = (prev[j + 1] - RUN_BACKWARDS, j + 1)
            after[j] = here if after[j + 1] is None else max(after[j + 1], here)
        for j in range(n):
            stay = prev[j] + cont
            options = [x for x in (before[j], after[j]) if x is not None]
            move, arg = max(options) if options else (NEG, -1)
            move += new + start_cost[j]
            if stay >= move:
                best[k][j], back[k][j] = stay + fit[k][j], j
            else:
                best[k][j], back[k][j] = move + fit[k][j], arg
    j = max(range(n), key=lambda jj: best[m - 1][jj])
    path = [0] * m
    for k in range(m - 1, -1, -1):
        path[k] = j
        j = back[k][j]
    out: list[tuple[list[int], int]] = []
    for u, j in zip(run, path, strict=True):
        if out and out[-1][1] == j:
            out[-1][0].append(u)
        else:
            out.append(([u], j))
    return out
