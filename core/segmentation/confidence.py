"""How sure detection is of an article: the chance that its lines are exactly
one article of the page, no more and no less.

An article goes wrong at its edges (a break that should not have been cut,
or one left whole inside it), at its headline (none found, or one borrowed
from a neighbour) and where two pieces were put back together. The cues
below read those places; the confidence model (bench/train_confidence.py,
boosted trees like the break model) turns them into the probability that
the article is right, fitted on pages of both test beds whose gold says
which articles came out exactly. The review queue's low-confidence marks
and its risk order rest on it.
"""

from __future__ import annotations

import math

from pagedesk.core.lines import roles as R
from pagedesk.core.models import load
from pagedesk.core.segmentation.breaks import Break
from pagedesk.core.segmentation.pieces import Piece
from pagedesk.core.segmentation.units import PARA, Unit
from pagedesk.core.text.similarity import Cohesion

FEATURES = (
    "open_odds",  # the weakest break cut before the article (the page's top: EDGE)
    "close_odds",  # the weakest break cut after it
    "inner_odds",  # the strongest break left whole inside it (none: -EDGE)
    "inner_near",  # how many breaks inside it have even odds or better
    "paras",
    "lines",
    "headed",  # a headline was attached
    "heads",  # how many headline groups were attached
    "head_above",  # one of them stands right above the first paragraph
    "rejoined",  # its paragraphs are not one run of the page's (a fragment joined it)
    "dateline",  # it opens at a dateline
    "terminated",  # its last paragraph ends a sentence
    "subheads",
    "bylines",
    "head_lines",  # lines in headline roles (a lede or a caption taken for a headline makes many)
    "like_before",  # how much its body's words are those of the article before it
    "like_after",  # ... of the article after it
    "like_most",  # ... of the article most like it
    "shaped_before",  # the article before has the same head (kicker, title, byline…), as items of a compilation
    "shaped_after",
    "page_articles",
    "page_heads_over",  # headlines the page announces beyond its articles
)
EDGE = 12.0  # log-odds standing for "no break there": the page's top or bottom


def article_cues(
    pieces: list[Piece], breaks: list[Break], units: list[Unit], paras: list[int], n_heads: int, coh: Cohesion
) -> list[dict[str, float]]:
    """The cues of FEATURES for each piece, in page order."""
    before = {g.right: g for g in breaks}
    after = {g.left: g for g in breaks}
    order = {u: k for k, u in enumerate(paras)}
    shapes = [_head_shape(p, units) for p in pieces]
    cues = []
    for k, p in enumerate(pieces):
        like = [coh.between(p.paras, q.paras) if j != k else 0.0 for j, q in enumerate(pieces)]
        mine = set(p.paras)
        opening = [_odds(before[u]) for u in p.paras if u in before and before[u].left not in mine]
        closing = [_odds(after[u]) for u in p.paras if u in after and after[u].right not in mine]
        inner = [_odds(after[u]) for u in p.paras if u in after and after[u].right in mine]
        places = sorted(order[u] for u in p.paras)
        first = min(p.paras)
        roles = list(p.roles.values())
        cues.append(
            {
                "open_odds": min(opening, default=EDGE),
                "close_odds": min(closing, default=EDGE),
                "inner_odds": max(inner, default=-EDGE),
                "inner_near": sum(1 for x in inner if x >= 0.0),
                "paras": len(p.paras),
                "lines": sum(len(units[u].lines) for u in p.paras),
                "headed": float(p.headed),
                "heads": len(p.heads),
                "head_above": float(
                    any(g and g[-1] < first and _only_marks_between(units, g[-1], first) for g in p.heads)
                ),  # fmt: skip
                "rejoined": float(places[-1] - places[0] + 1 != len(places)),
                "dateline": float(p.start == "dateline"),
                "terminated": float(units[max(p.paras)].terminated),
                "subheads": sum(1 for r in roles if r == R.SUBHEAD),
                "bylines": sum(1 for r in roles if r == R.BYLINE),
                "head_lines": sum(1 for r in roles if r in R.HEAD_ROLES),
                "like_before": like[k - 1] if k else 0.0,
                "like_after": like[k + 1] if k + 1 < len(pieces) else 0.0,
                "like_most": max(like),
                "shaped_before": float(k > 0 and bool(shapes[k]) and shapes[k - 1] == shapes[k]),
                "shaped_after": float(k + 1 < len(pieces) and bool(shapes[k]) and shapes[k + 1] == shapes[k]),
                "page_articles": len(pieces),
                "page_heads_over": n_heads - len(pieces),
            }
        )
    return cues


def _head_shape(p: Piece, units: list[Unit]) -> tuple[str, ...]:
    """The roles of the lines before its body, in order, each once: (kicker, headline, byline)."""
    first = units[min(p.paras)].lines[0].no
    shape: list[str] = []
    for ln, role in sorted(p.roles.items()):
        if ln >= first:
            break
        if not shape or shape[-1] != role:
            shape.append(role)
    return tuple(shape)


def _odds(g: Break) -> float:
    x = g.logit if g.decided is None else g.decided
    return max(-EDGE, min(EDGE, x))


def _only_marks_between(units: list[Unit], head_end: int, first: int) -> bool:
    """Nothing but bylines, kickers and the like (no body paragraph) between a headline and a body."""
    return all(units[i].kind != PARA for i in range(head_end + 1, first))


def confidence_of(cues: dict[str, float]) -> float:
    """The probability that an article with these cues is exactly right."""
    x = load("article_confidence", FEATURES)([float(cues[name]) for name in FEATURES])
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))
