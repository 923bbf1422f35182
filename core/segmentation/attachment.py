"""Attaching headline groups, bylines and captions to the articles they belong to."""

from __future__ import annotations

from pagedesk.core.segmentation.headlines import Matcher, has_head, right_above
from pagedesk.core.segmentation.pieces import Piece
from pagedesk.core.segmentation.units import Unit

# What a group's place adds to the share of its words an article's body holds
ABOVE_HEADLINE = 0.4  # a headline right above the body (bylines may stand between)
ABOVE_MARK = 0.2  # a byline or caption right above it
AFTER_HEADLINE = 0.2  # a headline up to NEAR units after the body's end (PyMuPDF's order)
AFTER_MARK = 0.4  # a byline or caption just after it (a photo credit)
BEFORE_NEAR = 0.1  # anything up to NEAR units above the body, with something between
NEAR = 3  # units
# Which of the places a headline group takes
SECOND_HEADLINE = 0.3  # an article with a headline takes a second only when it fits this much better
MIN_EVIDENCE = 0.2  # below this a group has no evidence for an article ...
OFF_BEST = 0.4  # ... nor when it scores this much less there than at its best


def attach(
    pieces: list[Piece],
    bodies: list[str],
    units: list[Unit],
    groups: list[list[int]],
    matcher: Matcher,
    kinds: dict[int, str],
) -> list[tuple[list[int], int]]:
    """Headline groups and the piece each belongs to (index into pieces).

    A group goes to the article whose body shares its words, preferring the
    body right below it, then the one right above. Each article takes one
    headline group, unless a second one fits it far better than anywhere
    else. Captions and bylines with no words to go by stay with the body they
    stand next to.
    """
    first_unit = [p.paras[0] for p in pieces]
    last_unit = [p.paras[-1] for p in pieces]
    is_head = [has_head(g, kinds) for g in groups]
    share = [matcher.echo_shares(g, bodies) if is_head[gi] else [0.0] * len(bodies) for gi, g in enumerate(groups)]
    # a title that one lead (and only one) repeats word for word belongs
    # there even beside another title
    echoed: dict[int, int] = {}
    for gi, g in enumerate(groups):
        if not is_head[gi]:
            continue
        echoing = [pi for pi, b in enumerate(bodies) if matcher.echoes(g, b)]
        if len(echoing) == 1:
            echoed[gi] = echoing[0]

    scored: list[tuple[float, int, int]] = []
    best_of: dict[int, tuple[float, int]] = {}
    for gi, g in enumerate(groups):
        for pi in range(len(pieces)):
            s = share[gi][pi]
            if right_above(units, kinds, g, first_unit[pi]):
                s += ABOVE_HEADLINE if is_head[gi] else ABOVE_MARK
            elif 0 < g[0] - last_unit[pi] <= NEAR:
                s += AFTER_HEADLINE if is_head[gi] else AFTER_MARK
            elif 0 < first_unit[pi] - g[-1] <= NEAR:
                s += BEFORE_NEAR
            scored.append((s, gi, pi))
            if s > best_of.get(gi, (-1.0, 0))[0]:
                best_of[gi] = (s, pi)
    scored.sort(reverse=True)
    placed: dict[int, int] = {}
    taken: dict[int, float] = {}
    for s, gi, pi in scored:
        if gi in placed:
            continue
        if not is_head[gi]:
            placed[gi] = pi
            continue
        if pi in taken and s < taken[pi] + SECOND_HEADLINE and echoed.get(gi) != pi:
            continue
        if s < MIN_EVIDENCE or s < best_of[gi][0] - OFF_BEST:
            continue  # no evidence for this article: better keep it with its best
        placed[gi] = pi
        taken[pi] = max(taken.get(pi, 0.0), s)
    for gi in range(len(groups)):
        if gi not in placed and gi in best_of:
            placed[gi] = best_of[gi][1]
    return [(groups[gi], pi) for gi, pi in placed.items()]
