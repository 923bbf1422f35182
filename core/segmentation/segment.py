"""Article segmentation: which lines make up which article, in which role.

The page is a sequence of units (see `units`): body paragraphs, and between
them short lines (headlines, kickers, subheads, signatures) and marked lines
(bylines, captions, furniture). Segmentation

1. describes every break between two body paragraphs and gives it its
   log-odds of ending an article (`breaks`: what stands in the break, how much
   vocabulary the two sides and the breaks beside it share, layout, which
   headline claims each side);
2. cuts the breaks the page marks beyond doubt, and of the others the run
   of the most likely that `cut_count` judges to end articles in the light of the
   whole page (it weighs how many articles the headlines announce);
3. gives the short lines inside an article the role of subheads, and attaches
   every other headline, byline and caption to the article whose body shares
   their words, preferring the body right below;
4. reunites a body cut in two by a column-order error: a fragment with no
   start of its own joins the article it continues.
"""

from __future__ import annotations

from pagedesk.core.lines import roles as R
from pagedesk.core.segmentation.attachment import attach
from pagedesk.core.segmentation.breaks import score_breaks
from pagedesk.core.segmentation.confidence import article_cues, confidence_of
from pagedesk.core.segmentation.cuts import cut_at_orphans, decide_cuts, describe_page
from pagedesk.core.segmentation.headline_runs import attach_run, run_links, split_runs
from pagedesk.core.segmentation.headlines import (
    group_roles,
    has_head,
    head_groups,
    joined_text,
    split_stacked,
)
from pagedesk.core.segmentation.kinds import body_paragraphs, unit_kinds
from pagedesk.core.segmentation.pieces import Segmentation, cut_pieces
from pagedesk.core.segmentation.reunion import reunite, shift_fragments
from pagedesk.core.segmentation.units import Unit


def segment(units: list[Unit]) -> Segmentation:
    """Which units make up which article, in which role; the lines of none."""
    kinds = unit_kinds(units)
    unassigned = {ln.no: kinds[i] for i, u in enumerate(units) if kinds.get(i) in R.UNASSIGNED_ROLES for ln in u.lines}
    paras = body_paragraphs(units, kinds)
    if not paras:
        # a page of headlines and furniture only: nothing is an article
        for u in units:
            for ln in u.lines:
                unassigned.setdefault(ln.no, R.FURNITURE)
        return Segmentation([], unassigned, units)

    ctx = describe_page(units, kinds, paras)
    score_breaks(ctx.breaks)
    cut = decide_cuts(ctx)
    cut_at_orphans(ctx.breaks, cut, ctx.n_heads, units, paras, ctx.coh)
    breaks, coh, matcher = ctx.breaks, ctx.coh, ctx.matcher
    pieces, loose = cut_pieces(units, paras, breaks, cut, kinds)

    bodies = [joined_text(units, p.paras) for p in pieces]
    groups = split_stacked(units, head_groups(units, sorted(loose), kinds), bodies, kinds, matcher)
    runs, rest = split_runs(units, groups, kinds)
    placed = attach(pieces, bodies, units, rest, matcher, kinds)
    headed = {pi for g, pi in placed if has_head(g, kinds)}
    for run in runs:
        placed += attach_run(bodies, units, run, matcher, kinds, headed, run_links(ctx, run, paras))
    for group, pi in placed:
        pieces[pi].roles.update(group_roles(units, group, kinds))
        if has_head(group, kinds):
            pieces[pi].headed = True
            pieces[pi].heads.append(group)
    shift_fragments(pieces, breaks, coh, units)
    pieces = reunite(pieces, units, coh, matcher)
    for p, cues in zip(pieces, article_cues(pieces, breaks, units, paras, ctx.n_heads, coh), strict=True):
        p.cues = cues
        p.confidence = confidence_of(cues)
    return Segmentation(pieces, unassigned, units)
