"""Which breaks between body paragraphs end an article.

The breaks the page marks beyond doubt are cut; of the others, the run of
the most likely that the cut count (`cut_count`) judges to end articles in
the light of the whole page; on a page whose headlines stand in one run
after the last paragraph, the alignment (`alignment`) chooses the cuts again;
and where the headlines still announce more articles, the orphans (a body's
second half set after another article) are cut from what stands above them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pagedesk.core.reading_order.interleave import word_across
from pagedesk.core.segmentation.alignment import align_cuts
from pagedesk.core.segmentation.breaks import (
    Break,
    PageCohesion,
    describe_breaks,
    open_end,
)
from pagedesk.core.segmentation.cut_count import CutCountPage, best_run, weigh
from pagedesk.core.segmentation.headline_runs import (
    consecutive_runs,
    expected_articles,
    new_article_log_odds,
)
from pagedesk.core.segmentation.headlines import (
    Matcher,
    directly_above_body,
    has_head,
    head_groups,
    maybe_subhead,
    surely_headline,
)
from pagedesk.core.segmentation.kinds import (
    BYLINE,
    CAPTION,
    HEAD,
    body_paragraphs,
    unit_kinds,
)
from pagedesk.core.segmentation.units import PARA, Unit

ORPHAN_FLOOR = -5.0  # a break this likely is cut where the paragraph below goes on from an open end elsewhere

ORPHAN_WINDOW = 300  # characters of text either side compared to tell where such a paragraph goes on from


@dataclass
class PageBreaks:
    """A page's breaks between body paragraphs, with what deciding them reads."""

    breaks: list[Break]
    n_heads: int  # articles the page's headlines announce
    coh: PageCohesion
    matcher: Matcher
    displaced: bool = False  # two or more headline groups stand away from any body
    run_articles: float = 0.0  # articles the trailing headlines hold (headline_runs.expected_articles)
    run_lines: int = 0  # headline lines among them
    units: list[Unit] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)
    trailing: list[int] = field(default_factory=list)  # the headline units after the last paragraph
    _links: dict[tuple[int, ...], list[float]] = field(default_factory=dict)

    def link_odds(self, run: list[int]) -> list[float]:
        """The link model's log-odds (`headline_runs`) that each line of a run
        of displaced headline units after the first starts another article's
        lines. Kept per run: the cut count and the attachment ask for the same runs."""
        key = tuple(run)
        got = self._links.get(key)
        if got is None:
            texts, kinds = [self.units[i].text for i in run], [self.kinds.get(i) for i in run]
            got = self._links[key] = [new_article_log_odds(texts, kinds, k) for k in range(1, len(run))]
        return got


def describe_page(units: list[Unit], kinds: dict[int, str] | None = None, paras: list[int] | None = None) -> PageBreaks:
    """The breaks between body paragraphs with their cues, and how many
    articles the page's headlines announce. bench/train_breaks.py fits the
    break model on exactly this."""
    kinds = kinds if kinds is not None else unit_kinds(units)
    if paras is None:
        paras = body_paragraphs(units, kinds)
    coh = PageCohesion(units, paras)
    matcher = Matcher(units, kinds, paras)
    non_para = [i for i, u in enumerate(units) if u.kind != PARA and kinds.get(i) in (HEAD, BYLINE, CAPTION)]
    all_groups = head_groups(units, non_para, kinds)
    # a single short line between two paragraphs may be a subhead: it claims nothing
    claimers = [g for g in all_groups if has_head(g, kinds) and not maybe_subhead(units, kinds, g)]
    claims = matcher.claims(claimers, paras)
    displaced = sum(1 for g in claimers if not directly_above_body(units, kinds, g)) >= 2
    heads = [g for g in claimers if not directly_above_body(units, kinds, g)] or claimers

    def share(window: list[int]) -> list[float]:
        return matcher.shares_over(heads, window)

    breaks = describe_breaks(units, paras, coh, displaced, claims, share)
    announced = sum(1 for k, g in enumerate(claimers) if k == 0 or surely_headline(units, kinds, g))
    trailing = [i for g in all_groups if paras and g[0] > paras[-1] and has_head(g, kinds) for i in g]
    run_lines = sum(1 for i in trailing if kinds.get(i) == HEAD)
    ctx = PageBreaks(breaks, announced, coh, matcher, displaced, 0.0, run_lines, units, kinds, trailing=trailing)
    # how many articles the headlines after the last paragraph hold, run by run
    ctx.run_articles = sum(expected_articles(ctx.link_odds(run)) for run in consecutive_runs(trailing))
    return ctx


def decide_cuts(ctx: PageBreaks) -> set[int]:
    """The breaks (Break.k) where an article ends."""
    breaks = ctx.breaks
    # a paragraph that goes on from the one above is never cut from it (a
    # break marked beyond doubt has something between, or a dateline below)
    candidates = [g for g in breaks if not g.continues]
    chosen = {g.k for g in candidates if marked(g)}
    rest = sorted((g for g in candidates if g.k not in chosen), key=lambda g: -g.logit)
    page = CutCountPage(
        announced=ctx.n_heads,
        sure=len(chosen),
        logits=[g.logit for g in rest],
        displaced=ctx.displaced,
        breaks=len(breaks),
        run_articles=ctx.run_articles,
        run_lines=ctx.run_lines,
        cues=[g.features for g in rest],
        at=[(ctx.units[g.left].last, ctx.units[g.right].first) for g in rest],
    )
    odds = weigh(page)
    for g, x in zip(rest, odds, strict=False):
        g.decided = x
    sure = sorted(chosen)
    for g in rest[: best_run(odds)]:
        chosen.add(g.k)
    aligned = _aligned(ctx, sure, rest)
    return chosen if aligned is None else aligned


def _aligned(ctx: PageBreaks, sure: list[int], doubtful: list[Break]) -> set[int] | None:
    """On a page whose headlines stand in one run after the last paragraph,
    the cuts that let each article take the next of them (`alignment`)."""
    runs = consecutive_runs(ctx.trailing)
    if len(runs) != 1 or len(runs[0]) < 2:
        return None
    run = runs[0]
    texts = ctx.matcher.texts  # the body paragraphs in page order: break k stands before the k-th
    affinity = [[ctx.matcher.share([u], t) for t in texts] if ctx.kinds.get(u) == HEAD else None for u in run]
    values = {g.k: g.logit if g.decided is None else g.decided for g in doubtful}
    return align_cuts(len(texts), sure, values, affinity, [0.0] + ctx.link_odds(run))


def cut_at_orphans(
    breaks: list[Break], cut: set[int], n_heads: int, units: list[Unit], paras: list[int], coh: PageCohesion
) -> None:
    """When the headlines still announce more articles, cut where a body's
    second half starts: a paragraph whose first line finishes a word another
    paragraph left open mid-sentence (…建设作 | 为文化强军工程…), where the
    text above ends a sentence of its own and shares fewer words with it than
    the open paragraph's text does.

    A column-order error puts the second half of a body right after another
    article's last paragraph, with nothing between them; the words change,
    but not by more than they do between a feature's sections, so the break
    model alone doubts it. The open end elsewhere on the page says this text
    goes on from there and not from the paragraph above it."""
    want = n_heads - (len(cut) + 1)
    if want <= 0 or n_heads > 2 * (len(cut) + 1):
        return  # nothing missing, or a count no longer to be trusted
    opens = [p for p in paras if open_end(units, p)]
    if not opens:
        return
    at = {p: k for k, p in enumerate(paras)}
    found = []
    for g in breaks:
        if g.k in cut or g.logit <= ORPHAN_FLOOR or not units[g.left].terminated or units[g.right].dateline:
            continue
        first = units[g.right].lines[0].norm
        sources = [p for p in opens if p not in (g.left, g.right) and word_across(units[p].lines[-1].norm, first)]
        if not sources:
            continue
        fragment = coh.window(g.k, True, ORPHAN_WINDOW)
        above = coh.between(fragment, coh.window(g.k - 1, False, ORPHAN_WINDOW))
        if any(coh.between(fragment, coh.window(at[p], False, ORPHAN_WINDOW)) > above for p in sources):
            found.append(g)
    for g in sorted(found, key=lambda g: -g.logit)[:want]:
        cut.add(g.k)


def marked(g: Break) -> bool:
    """Breaks the page marks as article boundaries beyond doubt: a dateline
    below, headlines with a byline or a subtitle between, or a byline between
    (a report's closing 本报记者…整理: a round-up of several reports closes each
    with one, and the reports open alike, so their words do not part them).

    The break model saw too few bylines standing alone to learn them (a few
    in 600 pages, from a handful of round-ups): it gave −2.7 to −3.0 where
    each of three reports ended on its own byline."""
    f = g.features
    return f["r_dateline"] > 0 or f["byline"] > 0 or (f["n_short"] > 0 and f["titled_subtitle"] > 0)
