"""A body cut in two by a column-order error, put back together.

A fragment (a piece with no headline and no dateline of its own) joins the
article it continues; a fragment glued to the end of the article before
its own moves on to the one it belongs to.
"""

from __future__ import annotations

from itertools import pairwise

from pagedesk.core.lines import roles as R
from pagedesk.core.reading_order.interleave import word_across
from pagedesk.core.segmentation.breaks import Break, PageCohesion, open_end
from pagedesk.core.segmentation.headlines import Matcher, joined_text
from pagedesk.core.segmentation.pieces import Piece
from pagedesk.core.segmentation.units import Unit

# A fragment with no start of its own joins an article
REUNITE = 0.06  # this similar that stops mid-sentence (or that only a mark parts from it) ...
REUNITE_SURE = 0.25  # ... or this similar to any article ...
NEIGHBOUR_MARGIN = 0.03  # ... and more like it than like the articles beside it by this much
JOIN_SHARE = 0.6  # a body holding this share of another article's headline words is its other half ...
JOIN_MARGIN = 0.3  # ... when this much more than of any other article's headline
SHIFT_MARGIN = 0.1  # a fragment glued to the wrong article's end moves on when this much more like the next one
SHIFT_FLOOR = -4.0  # ... and the break before them has at least these log-odds
SHIFT_LIKELY = -3.0  # a break before them this likely asks for a smaller margin ...
SHIFT_MARGIN_LIKELY = 0.07  # ... this one (set on even-day pages, held on odd ones)
SHIFT_OPEN = 0.03  # the margin when the next article stops mid-sentence (its text goes on elsewhere)
SHIFT_WORD = -0.05  # ... and a word runs from its last line into the fragment's first


def reunite(pieces: list[Piece], units: list[Unit], coh: PageCohesion, matcher: Matcher) -> list[Piece]:
    """Merge a fragment with no start of its own into the article it continues.

    A fragment has no headline and does not start at a dateline. It joins the
    article it is most similar to if that article stops mid-sentence (where
    the fragment's text continues), or the likeness is beyond doubt, or
    nothing but the article's dateline or headline parts the two (the break
    model never weighed their words there); and it is clearly more like that
    article than like its neighbours (which would have kept it), unless that
    article is one of them.
    """
    keep = [True] * len(pieces)
    for k, p in enumerate(pieces):
        if not p.headed and _join_by_headline(pieces, k, keep, units, coh, matcher):
            continue
        if p.headed or p.start == "dateline" or len(pieces) < 2:
            continue
        sims = [(coh.between(p.paras, q.paras), j) for j, q in enumerate(pieces) if j != k and keep[j]]
        if not sims:
            continue
        best, j = max(sims)
        neighbour = max((s for s, jj in sims if jj in (k - 1, k + 1)), default=0.0)
        # a fragment most like the article right after it, when only a mark
        # (its dateline, its headline) parts them: the column-order error set
        # the second half of a body just before its start
        evidence = (
            not units[pieces[j].paras[-1]].terminated
            or best >= REUNITE_SURE
            or (j == k + 1 and _opens_marked(pieces[j], p))
        )
        if best >= REUNITE and evidence and (best > neighbour + NEIGHBOUR_MARGIN or j in (k - 1, k + 1)):
            _join(pieces[j], p)
            keep[k] = False
    # what likeness left alone, the word cut by the column-order error places
    for k, p in enumerate(pieces):
        if keep[k] and not p.headed and p.start != "dateline":
            j = _word_continues(pieces, k, keep, units)
            if j is not None:
                _join(pieces[j], p)
                keep[k] = False
    return [p for p, kept in zip(pieces, keep, strict=True) if kept]


def _opens_marked(q: Piece, before: Piece) -> bool:
    """Was q cut from the piece right before it by a mark rather than by its
    words: does q open at a dateline, or under its own headline set between?"""
    return q.start == "dateline" or any(before.paras[-1] < g[0] and g[-1] < q.paras[0] for g in q.heads)


def _word_continues(pieces: list[Piece], k: int, keep: list[bool], units: list[Unit]) -> int | None:
    """The one other article that stops mid-sentence on a word that the
    fragment's first line finishes (…申请人办理个体工商 | 户营业执照…), or None.
    A fragment of three lines shares too few words with anything to be
    placed by likeness; the word cut by the column-order error places it."""
    first = units[pieces[k].paras[0]].lines[0].norm
    found = [
        j
        for j, q in enumerate(pieces)
        if j != k and keep[j] and open_end(units, q.paras[-1]) and word_across(units[q.paras[-1]].lines[-1].norm, first)
    ]
    return found[0] if len(found) == 1 else None


def _join(q: Piece, p: Piece) -> None:
    """Append fragment p to article q."""
    q.paras = q.paras + p.paras
    q.roles.update(p.roles)


def shift_fragments(pieces: list[Piece], breaks: list[Break], coh: PageCohesion, units: list[Unit]) -> None:
    """Give the start of the next article back the fragment glued to the end
    of this one.

    A column-order error can put the second half of a body right after
    another article's last paragraph and before its own headline or dateline
    (the page reads A, B's second half, B's start). When nothing marks the
    break between A and that fragment it stays with A. It is moved when its
    text is clearly more like the next article's than like the rest of A and
    the break before it is not unlikely; a little less alike will do where
    the break model found the break less unlikely still (SHIFT_LIKELY), less
    again when the next article stops mid-sentence and the fragment starts a
    fresh paragraph (the cut left both halves open), and less still when a
    word runs across from the one into the other (装机容|量)."""
    break_before = {g.right: g for g in breaks}
    for p, q in pairwise(pieces):
        if q.start != "dateline" and not q.headed:
            continue
        if _closed_by_byline(p, q, units):
            continue  # its own 本报记者…整理 ends it: nothing above that line is the next one's
        stops_open = not units[q.paras[-1]].terminated
        best, at = 0.0, None
        for s in range(max(1, (len(p.paras) * 3) // 10), len(p.paras)):
            g = break_before.get(p.paras[s])
            if g is None or g.logit < SHIFT_FLOOR:
                continue
            margin = SHIFT_MARGIN_LIKELY if g.logit >= SHIFT_LIKELY else SHIFT_MARGIN
            if stops_open and units[p.paras[s - 1]].terminated:
                across = word_across(units[q.paras[-1]].lines[-1].norm, units[p.paras[s]].lines[0].norm)
                margin = SHIFT_WORD if across else SHIFT_OPEN
            fragment, head = p.paras[s:], p.paras[:s]
            gain = coh.between(fragment, q.paras) - coh.between(fragment, head) - margin
            if gain > best:
                best, at = gain, s
        if at is not None:
            q.paras = p.paras[at:] + q.paras
            p.paras = p.paras[:at]


def _closed_by_byline(p: Piece, q: Piece, units: list[Unit]) -> bool:
    """Does a byline of p's stand after its last paragraph, before q's first?"""
    lo, hi = units[p.paras[-1]].last, units[q.paras[0]].first
    return any(lo < ln < hi and role == R.BYLINE for ln, role in p.roles.items())


def _join_by_headline(
    pieces: list[Piece], k: int, keep: list[bool], units: list[Unit], coh: PageCohesion, matcher: Matcher
) -> bool:
    """A body with no headline whose words clearly belong to another piece's
    headline is the other half of that article (pdfminer puts the second half
    of a body under the headline and the first half, dateline and all,
    elsewhere)."""
    p = pieces[k]
    text = joined_text(units, p.paras)
    options = []
    for j, q in enumerate(pieces):
        if j != k and keep[j] and q.heads:
            share = max(matcher.share(g, text) for g in q.heads)
            options.append((share, j))
    if len(options) < 1:
        return False
    options.sort(reverse=True)
    best, j = options[0]
    second = options[1][0] if len(options) > 1 else 0.0
    if best >= JOIN_SHARE and best - second >= JOIN_MARGIN and coh.between(p.paras, pieces[j].paras) >= REUNITE:
        _join(pieces[j], p)
        keep[k] = False
        return True
    return False
