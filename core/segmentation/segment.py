"""Article segmentation: which lines make up which article, in which role.

The page is a sequence of units (see `units`): body paragraphs, and between
them short lines (headlines, kickers, subheads, signatures) and marked lines
(bylines, captions, furniture). Segmentation

1. describes every break between two body paragraphs and gives it its
   log-odds of ending an article (`gaps`: what stands in the break, how much
   vocabulary the two sides and the breaks beside it share, layout, which
   headline claims each side);
2. cuts the breaks the page marks beyond doubt, and of the others the run
   of the most likely that `fill` judges to end articles in the light of the
   whole page (it weighs how many articles the headlines announce);
3. gives the short lines inside an article the role of subheads, and attaches
   every other headline, byline and caption to the article whose body shares
   their words, preferring the body right below;
4. reunites a body cut in two by a column-order error: a fragment with no
   start of its own joins the article it continues.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pagedesk.core.lines import markers as M
from pagedesk.core.lines import roles as R
from pagedesk.core.segmentation.alignment import align_cuts
from pagedesk.core.segmentation.cut_count import FillPage, best_run, weigh
from pagedesk.core.segmentation.breaks import Gap, PageCohesion, describe_gaps, open_end, score
from pagedesk.core.reading_order.interleave import word_across
from pagedesk.core.segmentation.headline_runs import expected_articles, new_article_log_odds
from pagedesk.core.text.words import content_words
from pagedesk.core.segmentation.units import MARK, PARA, Unit

ORPHAN_FLOOR = -5.0  # a break this likely is cut where the paragraph below goes on from an open end elsewhere
ORPHAN_WINDOW = 300  # characters of text either side compared to tell where such a paragraph goes on from
ANCHOR_SHARE = 0.5  # share of a headline's word weight a paragraph must contain to be claimed
ANCHOR_MARGIN = 0.25  # ... ahead of any other headline
ECHO_MIN = 7  # characters of a headline line a lead must repeat word for word ...
ECHO_SHARE = 0.75  # ... and at least this share of the line
ECHO_BONUS = 0.3  # added to the word share of a body that echoes the headline
REUNITE = 0.06  # an orphan fragment this similar to an article that stops mid-sentence (or only a mark parts from it) joins it
REUNITE_SURE = 0.25  # ... or this similar to any article
JOIN_SHARE = 0.6  # a body holding this share of another article's headline words is its other half
SHIFT_MARGIN = 0.1  # a fragment glued to the wrong article's end moves on when this much more like the next one
SHIFT_FLOOR = -4.0  # ... and the break before them has at least these log-odds
SHIFT_LIKELY = -3.0  # a break before them this likely asks for a smaller margin ...
SHIFT_MARGIN_LIKELY = 0.07  # ... this one (set on even-day pages, held on odd ones)
SHIFT_OPEN = 0.03  # the margin when the next article stops mid-sentence (its text goes on elsewhere)
SHIFT_WORD = -0.05  # ... and a word runs from its last line into the fragment's first
TAIL_BACKWARDS = 1.0  # the price of a displaced headline group out of its articles' page order
TAIL_LINK = 0.2  # the weight of the link model's log-odds (clipped to ±3) against a line's word share (0–1)

_SIGNATURE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
_NUM_IN = re.compile(r"\d+(?:\.\d+)?")

HEAD, BYLINE, CAPTION, SIGNATURE = "head", R.BYLINE, R.CAPTION, R.SIGNATURE


@dataclass
class Piece:
    """An article under construction."""

    paras: list[int] = field(default_factory=list)  # unit indexes of body paragraphs
    roles: dict[int, str] = field(default_factory=dict)  # line -> role, for lines not in paras
    start: str = "page"  # what opened it: page | dateline | break
    headed: bool = False  # a headline group was attached to it
    heads: list[list[int]] = field(default_factory=list)  # the headline groups attached
    confidence: float = 0.9


@dataclass
class Segmentation:
    pieces: list[Piece]
    unassigned: dict[int, str]
    units: list[Unit]


def _kinds(units: list[Unit]) -> dict[int, str]:
    """What each non-paragraph unit is: head, byline, caption, signature, or an unassigned role."""
    kinds: dict[int, str] = {}
    n = len(units)
    for i, u in enumerate(units):
        prev = units[i - 1] if i > 0 else None
        after_body = prev is not None and prev.kind == PARA and prev.terminated
        if u.kind == MARK:
            kinds[i] = u.role or HEAD
        elif u.kind == PARA:
            if after_body and len(u.text) <= 90 and M.is_closing_note(u.text):
                kinds[i] = SIGNATURE  # （作者为…） （本报布鲁塞尔电）: the article ends here
        else:
            nxt = units[i + 1] if i + 1 < n else None
            if after_body and (
                M.is_closing_note(u.text)
                or (_SIGNATURE_NAME.match(u.text) and (nxt is None or nxt.kind != PARA or nxt.dateline))
            ):
                kinds[i] = SIGNATURE
            else:
                kinds[i] = HEAD
    return kinds


# --- headline groups and the words they share with paragraphs -------------------


def _head_groups(units: list[Unit], idx: list[int], kinds: dict[int, str]) -> list[list[int]]:
    """Consecutive headline units that belong together: kicker, title, subtitle, byline."""
    groups: list[list[int]] = []
    for i in idx:
        kind = kinds.get(i)
        if groups and groups[-1][-1] + 1 == i and kind != CAPTION and kinds.get(groups[-1][-1]) != CAPTION:
            prev = groups[-1][-1]
            text = units[i].text
            heads_so_far = [k for k in groups[-1] if kinds.get(k) == HEAD]
            joins = (
                kind == BYLINE
                or M.SUBTITLE_START.match(text) is not None
                or (kinds.get(prev) == HEAD and M.KICKER_END.search(units[prev].text) is not None)
                or (kinds.get(prev) == HEAD and kind == HEAD and len(heads_so_far) < 2
                    and (_same_story(units[prev].text, text) or _over_body(units, kinds, i)))
            )
            if joins and (kinds.get(prev) != BYLINE or kind == BYLINE):
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups


def _split_stacked(units: list[Unit], groups: list[list[int]], bodies: list[str], kinds: dict[int, str],
                   matcher: _Matcher) -> list[list[int]]:
    """Cut a group where its headline lines clearly name different articles.

    Read as one group, a title stacked on another story's title becomes its
    kicker (pdfminer sets a commentary's title, the title of the report beside
    it and the commentary's byline one under the other). A line whose words
    clearly claim one body and the next line's another start two groups; a
    subtitle (——…) stays under its title whatever its words say."""
    out = []
    for g in groups:
        if len(g) < 2:
            out.append(g)
            continue
        owner = {i: _clear_best(matcher.echo_shares([i], bodies)) for i in g if kinds.get(i) == HEAD}
        part = [g[0]]
        for prev, i in zip(g, g[1:]):
            a, b = owner.get(prev), owner.get(i)
            if a is not None and b is not None and a != b and not M.SUBTITLE_START.match(units[i].text):
                out.append(part)
                part = []
            part.append(i)
        out.append(part)
    return out


def _has_head(group: list[int], kinds: dict[int, str]) -> bool:
    """Does the group hold a headline line (not only a byline or caption)?"""
    return any(kinds.get(i) == HEAD for i in group)


def _text(units: list[Unit], idx: list[int]) -> str:
    return "".join(units[i].text for i in idx)


def _same_story(prev: str, text: str) -> bool:
    """Two adjacent headline lines: kicker + title of one story, or two stories?"""
    if text.startswith(("（", "(")):
        return True  # a title continued by its column name
    a, b = set(content_words(prev)), set(content_words(text))
    return bool(a & b)


def _over_body(units: list[Unit], kinds: dict[int, str], i: int) -> bool:
    """Is unit i the last headline line right above a body or a byline? Then
    the line above it is its kicker, not another story's title."""
    j = i + 1
    while j < len(units) and kinds.get(j) == BYLINE:
        j += 1
    # a byline closes a headline group too (the seed's kicker, title, ▶ byline)
    return j > i + 1 or (j < len(units) and units[j].kind == PARA)


class _Matcher:
    """How much of a headline group's vocabulary a stretch of text contains.

    A word weighs more the fewer paragraphs of the page contain it, so a
    headline's rare words (names, places) decide where it belongs.
    """

    def __init__(self, units: list[Unit], kinds: dict[int, str], paras: list[int]):
        self.units = units
        self.kinds = kinds
        self.texts = [units[i].text for i in paras]
        self.weight: dict[str, float] = {}
        # per headline group: its words with their weights, its numbers, and their total weight
        self._vocab: dict[tuple[int, ...], tuple[list[tuple[str, float]], list[str], float]] = {}
        self._echo: dict[tuple[tuple[int, ...], str], bool] = {}

    def _of(self, group: list[int]) -> tuple[list[tuple[str, float]], list[str], float]:
        # a group is matched against hundreds of texts per page: weigh its words once
        key = tuple(group)
        got = self._vocab.get(key)
        if got is None:
            text = "".join(self.units[i].text for i in group if self.kinds.get(i) == HEAD)
            toks = content_words(text) if text else []
            n = max(1, len(self.texts))
            for t in toks:
                if t not in self.weight:
                    df = sum(1 for s in self.texts if t in s)
                    self.weight[t] = max(0.0, math.log((n + 1) / (df + 0.5))) * (1.0 if len(t) > 1 else 0.4)
            nums = [x for x in _NUM_IN.findall(text) if len(x) >= 2 or "." in x]
            got = self._vocab[key] = ([(t, self.weight[t]) for t in toks], nums,
                                      sum(self.weight[t] for t in toks) + len(nums))
        return got

    def share(self, group: list[int], text: str) -> float:
        weighed, nums, total = self._of(group)
        if total <= 0:
            return 0.0
        return (sum(w for t, w in weighed if t in text) + sum(1.0 for x in nums if x in text)) / total

    def echoes(self, group: list[int], text: str) -> bool:
        """Does the text repeat most of one of the group's headline lines word
        for word? A lead often restates its title (中国海油党组召开 over
        "本报讯 10月14日，中国海油党组召开2024年下半年…"), which tells two
        titles apart that share all their words with several bodies."""
        key = (tuple(group), text)
        got = self._echo.get(key)
        if got is None:
            got = self._echo[key] = any(self._echoed(self.units[i].text, text) for i in group
                                        if self.kinds.get(i) == HEAD)
        return got

    @staticmethod
    def _echoed(line: str, text: str) -> bool:
        need = max(ECHO_MIN, math.ceil(ECHO_SHARE * len(line)))
        return any(line[k : k + need] in text for k in range(len(line) - need + 1))

    def echo_shares(self, group: list[int], bodies: list[str]) -> list[float]:
        """Word shares with a bonus for the bodies that echo the headline."""
        return [self.share(group, b) + (ECHO_BONUS if self.echoes(group, b) else 0.0) for b in bodies]

    def claims(self, groups: list[list[int]], paras: list[int]) -> dict[int, int]:
        """Paragraphs that clearly share the words of one headline group."""
        out: dict[int, int] = {}
        if len(groups) < 2:
            return out
        for p in paras:
            text = self.units[p].text
            k = _clear_best([self.share(g, text) for g in groups])
            if k is not None:
                out[p] = k
        return out


def _clear_best(shares: list[float]) -> int | None:
    """The index of the share that wins clearly (high enough and well ahead of
    the next), or None: how a headline and a text are said to belong together."""
    if len(shares) < 2:
        return None
    ranked = sorted(((s, k) for k, s in enumerate(shares)), reverse=True)
    (best, k), (second, _) = ranked[0], ranked[1]
    return k if best >= ANCHOR_SHARE and best - second >= ANCHOR_MARGIN else None


# --- deciding the breaks ---------------------------------------------------------


def _decide(ctx: PageBreaks) -> set[int]:
    """The breaks (gap.k) where an article ends."""
    gaps = ctx.gaps
    # a paragraph that goes on from the one above is never cut from it (a
    # break marked beyond doubt has something between, or a dateline below)
    candidates = [g for g in gaps if not g.continues]
    chosen = {g.k for g in candidates if _marked(g)}
    rest = sorted((g for g in candidates if g.k not in chosen), key=lambda g: -g.logit)
    page = FillPage(announced=ctx.n_heads, sure=len(chosen), logits=[g.logit for g in rest],
                    displaced=ctx.displaced, breaks=len(gaps),
                    tail_groups=ctx.tail_groups, tail_lines=ctx.tail_lines,
                    cues=[g.features for g in rest],
                    at=[(ctx.units[g.left].last, ctx.units[g.right].first) for g in rest])
    odds = weigh(page)
    for g, x in zip(rest, odds):
        g.decided = x
    sure = sorted(chosen)
    for g in rest[: best_run(odds)]:
        chosen.add(g.k)
    aligned = _aligned(ctx, sure, rest)
    return chosen if aligned is None else aligned


def _aligned(ctx: PageBreaks, sure: list[int], doubtful: list[Gap]) -> set[int] | None:
    """On a page whose headlines stand in one run after the last paragraph,
    the cuts that let each article take the next of them (`alignment`)."""
    runs = consecutive_runs(ctx.tail)
    if len(runs) != 1 or len(runs[0]) < 2:
        return None
    run = runs[0]
    texts = ctx.matcher.texts  # the body paragraphs in page order: break k stands before the k-th
    affinity = [[ctx.matcher.share([u], t) for t in texts] if ctx.kinds.get(u) == HEAD else None for u in run]
    values = {g.k: g.logit if g.decided is None else g.decided for g in doubtful}
    return align_cuts(len(texts), sure, values, affinity, [0.0] + _link_odds(ctx, run))


def _fill_orphans(gaps: list[Gap], cut: set[int], n_heads: int, units: list[Unit], paras: list[int],
                  coh: PageCohesion) -> None:
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
    for g in gaps:
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


def _marked(g: Gap) -> bool:
    """Breaks the page marks as article boundaries beyond doubt: a dateline
    below, headlines with a byline or a subtitle between, or a byline between
    (a report's closing 本报记者…整理: a round-up of several reports closes each
    with one, and the reports open alike, so their words do not part them).

    The break model saw too few bylines standing alone to learn them (a few
    in 600 pages, from a handful of round-ups): it gave −2.7 to −3.0 where
    each of three reports ended on its own byline."""
    f = g.features
    return f["r_dateline"] > 0 or f["byline"] > 0 or (f["n_short"] > 0 and f["titled_subtitle"] > 0)


def _pieces(units: list[Unit], paras: list[int], gaps: list[Gap], cut: set[int], kinds: dict[int, str]) -> tuple[list[Piece], list[int]]:
    """Cut the paragraphs into pieces; return them and the units left to attach."""
    loose: list[int] = [i for i in range(0, paras[0]) if kinds.get(i) not in R.UNASSIGNED_ROLES]
    pieces = [Piece(paras=[paras[0]], start="dateline" if units[paras[0]].dateline else "page")]
    for g in gaps:
        cur = pieces[-1]
        if g.k in cut:
            for i in g.between:
                kind = kinds.get(i)
                if kind == SIGNATURE:
                    _give(cur, units[i], SIGNATURE)
                elif kind not in R.UNASSIGNED_ROLES:
                    loose.append(i)
            pieces.append(Piece(paras=[g.right], start="dateline" if units[g.right].dateline else "break"))
        else:
            for i in g.between:
                kind = kinds.get(i)
                role = {HEAD: R.SUBHEAD, BYLINE: R.BYLINE, CAPTION: R.CAPTION, SIGNATURE: R.SIGNATURE}.get(kind)
                if role:
                    _give(cur, units[i], role)
            cur.paras.append(g.right)
    loose += [i for i in range(paras[-1] + 1, len(units)) if kinds.get(i) not in R.UNASSIGNED_ROLES]
    return pieces, loose


def _give(p: Piece, u: Unit, role: str) -> None:
    for ln in u.lines:
        p.roles[ln.no] = role


# --- attaching headlines, bylines and captions -----------------------------------------


def _attach(pieces: list[Piece], bodies: list[str], units: list[Unit], groups: list[list[int]], matcher: _Matcher,
            kinds: dict[int, str]) -> list[tuple[list[int], int]]:
    """Headline groups and the piece each belongs to (index into pieces).

    A group goes to the article whose body shares its words, preferring the
    body right below it, then the one right above. Each article takes one headline group, unless a second one fits it
    far better than anywhere else. Captions and bylines with no words to go by
    stay with the body they stand next to.
    """
    first_unit = [p.paras[0] for p in pieces]
    last_unit = [p.paras[-1] for p in pieces]
    is_head = [_has_head(g, kinds) for g in groups]
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
            if _right_above(units, kinds, g, first_unit[pi]):
                s += 0.4 if is_head[gi] else 0.2
            elif 0 < g[0] - last_unit[pi] <= 3:
                s += 0.2 if is_head[gi] else 0.4  # right after a body (PyMuPDF order; a photo credit)
            elif 0 < first_unit[pi] - g[-1] <= 3:
                s += 0.1
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
        if pi in taken and s < taken[pi] + 0.3 and echoed.get(gi) != pi:
            continue
        if s < 0.2 or s < best_of[gi][0] - 0.4:
            continue  # no evidence for this article: better keep it with its best
        placed[gi] = pi
        taken[pi] = max(taken.get(pi, 0.0), s)
    for gi in range(len(groups)):
        if gi not in placed and gi in best_of:
            placed[gi] = best_of[gi][1]
    return [(groups[gi], pi) for gi, pi in placed.items()]


def _right_above(units: list[Unit], kinds: dict[int, str], group: list[int], first_para: int) -> bool:
    """Does the group stand right above this paragraph (bylines may come between)?"""
    j = group[-1] + 1
    while j < first_para and kinds.get(j) in (BYLINE,):
        j += 1
    return j == first_para


def _group_roles(units: list[Unit], g: list[int], kinds: dict[int, str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    heads = [i for i in g if kinds.get(i) == HEAD]
    titles = [i for i in heads if not M.SUBTITLE_START.match(units[i].text)]
    title = titles[-1] if titles else None
    if len(titles) >= 2 and units[titles[-1]].text.startswith(("（", "(")):
        title = titles[-2]  # the title goes on over a column name in brackets
    for i in g:
        kind = kinds.get(i)
        for ln in units[i].lines:
            if kind in (BYLINE, CAPTION, SIGNATURE):
                roles[ln.no] = kind
            elif M.SUBTITLE_START.match(units[i].text):
                roles[ln.no] = R.SUBTITLE
            elif title is not None and i < title:
                roles[ln.no] = R.KICKER
            else:
                roles[ln.no] = R.HEADLINE
    return roles


# --- headlines displaced together to the end of the page ------------------------------


def _split_tail(units: list[Unit], groups: list[list[int]], kinds: dict[int, str]) -> tuple[list[list[int]], list[list[int]]]:
    """Runs of two or more headline groups with no body below them (the
    headlines an extractor put at the end of the page), flattened; and the
    other groups."""
    runs: list[list[list[int]]] = []
    for g in groups:
        if runs and runs[-1][-1][-1] + 1 == g[0]:
            runs[-1].append(g)
        else:
            runs.append([g])
    tails, rest = [], []
    for run in runs:
        after = run[-1][-1] + 1
        below_is_body = after < len(units) and units[after].kind == PARA
        heads = sum(1 for g in run if _has_head(g, kinds))
        if heads >= 2 and not below_is_body:
            tails.append([i for g in run for i in g])
        else:
            rest += run
    return tails, rest


def consecutive_runs(idx: list[int]) -> list[list[int]]:
    """Unit indexes (ascending) cut into runs of neighbours: [3, 4, 7] -> [[3, 4], [7]]."""
    runs: list[list[int]] = []
    for i in idx:
        if runs and runs[-1][-1] + 1 == i:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _link_odds(ctx: PageBreaks, run: list[int]) -> list[float]:
    """The link model's log-odds (`tails`) that each line of a run of
    displaced headline units after the first starts another article's lines.
    Kept on the page's breaks: the fill's count and the attachment ask for
    the same runs."""
    key = tuple(run)
    got = ctx.link_odds.get(key)
    if got is None:
        texts, kinds = [ctx.units[i].text for i in run], [ctx.kinds.get(i) for i in run]
        got = ctx.link_odds[key] = [new_article_log_odds(texts, kinds, k) for k in range(1, len(run))]
    return got


def _tail_links(ctx: PageBreaks, run: list[int], paras: list[int]) -> list[float]:
    """For every line of a run of displaced headline lines, the score of
    starting a new group there (the score of continuing the group is its
    negative): the link model's log-odds, clipped and weighted against the
    word shares of `_attach_tail`. The model knows the runs after the last
    paragraph, where extractors put displaced headlines; a run elsewhere (a
    box of titles at the top of a real page) is grouped by the words alone."""
    if run[0] <= paras[-1]:
        return [0.0] * len(run)
    return [0.0] + [TAIL_LINK * max(-3.0, min(3.0, z)) for z in _link_odds(ctx, run)]


def _attach_tail(bodies: list[str], units: list[Unit], run: list[int], matcher: _Matcher,
                 kinds: dict[int, str], headed: set[int], links: list[float]) -> list[tuple[list[int], int]]:
    """Cut a run of displaced headline lines into groups and give each to an
    article, all at once: the best path through (line, article) where every
    headline line scores the share of its words the article's body holds, the
    groups follow the articles' page order (or pay TAIL_BACKWARDS: a stray
    body line at the head of the run must not push every group down the
    page), and the link model (`tails`) says where one article's lines stop
    and the next one's begin.

    Grouping line by line first (and attaching afterwards) went wrong where
    one story's title line sat next to another's kicker; here the words of
    every line have their say in where the groups break."""
    n, m = len(bodies), len(run)
    if n == 0 or m == 0:
        return []
    fit = [[matcher.share([u], b) if kinds.get(u) == HEAD else 0.0 for b in bodies] for u in run]
    NEG = float("-inf")
    start_cost = [-0.5 if j in headed else 0.0 for j in range(n)]  # an article with its headline above wants no second one

    best = [[NEG] * n for _ in range(m)]
    back: list[list[int]] = [[-1] * n for _ in range(m)]
    for j in range(n):
        best[0][j] = fit[0][j] + start_cost[j]
    for k in range(1, m):
        cont, new = -links[k], links[k]
        for j in range(n):
            stay = best[k - 1][j] + cont
            # a new group goes to a later article, or (at a price) to an earlier one
            move, arg = max((best[k - 1][jj] - (0.0 if jj < j else TAIL_BACKWARDS), jj) for jj in range(n) if jj != j) \
                if n > 1 else (NEG, -1)
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
    for u, j in zip(run, path):
        if out and out[-1][1] == j:
            out[-1][0].append(u)
        else:
            out.append(([u], j))
    return out


# --- a body split by a column-order error ----------------------------------------------


def _reunite(pieces: list[Piece], units: list[Unit], coh: PageCohesion, matcher: _Matcher) -> list[Piece]:
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
        evidence = (not units[pieces[j].paras[-1]].terminated or best >= REUNITE_SURE
                    or (j == k + 1 and _opens_marked(pieces[j], p)))
        if best >= REUNITE and evidence and (best > neighbour + 0.03 or j in (k - 1, k + 1)):
            _join(pieces[j], p)
            keep[k] = False
    # what likeness left alone, the word cut by the column-order error places
    for k, p in enumerate(pieces):
        if keep[k] and not p.headed and p.start != "dateline":
            j = _word_continues(pieces, k, keep, units)
            if j is not None:
                _join(pieces[j], p)
                keep[k] = False
    return [p for p, kept in zip(pieces, keep) if kept]


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
    found = [j for j, q in enumerate(pieces) if j != k and keep[j] and open_end(units, q.paras[-1])
             and word_across(units[q.paras[-1]].lines[-1].norm, first)]
    return found[0] if len(found) == 1 else None


def _join(q: Piece, p: Piece) -> None:
    """Append fragment p to article q."""
    q.paras = q.paras + p.paras
    q.roles.update(p.roles)
    q.confidence = min(q.confidence, 0.6)


def _shift_tails(pieces: list[Piece], gaps: list[Gap], coh: PageCohesion, units: list[Unit]) -> None:
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
    gap_before = {g.right: g for g in gaps}
    for p, q in zip(pieces, pieces[1:]):
        if q.start != "dateline" and not q.headed:
            continue
        if _closed_by_byline(p, q, units):
            continue  # its own 本报记者…整理 ends it: nothing above that line is the next one's
        stops_open = not units[q.paras[-1]].terminated
        best, at = 0.0, None
        for s in range(max(1, (len(p.paras) * 3) // 10), len(p.paras)):
            g = gap_before.get(p.paras[s])
            if g is None or g.logit < SHIFT_FLOOR:
                continue
            margin = SHIFT_MARGIN_LIKELY if g.logit >= SHIFT_LIKELY else SHIFT_MARGIN
            if stops_open and units[p.paras[s - 1]].terminated:
                across = word_across(units[q.paras[-1]].lines[-1].norm, units[p.paras[s]].lines[0].norm)
                margin = SHIFT_WORD if across else SHIFT_OPEN
            tail, head = p.paras[s:], p.paras[:s]
            gain = coh.between(tail, q.paras) - coh.between(tail, head) - margin
            if gain > best:
                best, at = gain, s
        if at is not None:
            q.paras = p.paras[at:] + q.paras
            p.paras = p.paras[:at]
            q.confidence = min(q.confidence, 0.6)


def _closed_by_byline(p: Piece, q: Piece, units: list[Unit]) -> bool:
    """Does a byline of p's stand after its last paragraph, before q's first?"""
    lo, hi = units[p.paras[-1]].last, units[q.paras[0]].first
    return any(lo < ln < hi and role == R.BYLINE for ln, role in p.roles.items())


def _join_by_headline(pieces: list[Piece], k: int, keep: list[bool], units: list[Unit], coh: PageCohesion,
                      matcher: _Matcher) -> bool:
    """A body with no headline whose words clearly belong to another piece's
    headline is the other half of that article (pdfminer puts the second half
    of a body under the headline and the first half, dateline and all,
    elsewhere)."""
    p = pieces[k]
    text = _text(units, p.paras)
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
    if best >= JOIN_SHARE and best - second >= 0.3 and coh.between(p.paras, pieces[j].paras) >= REUNITE:
        _join(pieces[j], p)
        keep[k] = False
        return True
    return False


# --- the whole --------------------------------------------------------------------------


def segment(units: list[Unit]) -> Segmentation:
    kinds = _kinds(units)
    unassigned = {ln.no: kinds[i] for i, u in enumerate(units) if kinds.get(i) in R.UNASSIGNED_ROLES for ln in u.lines}
    paras = [i for i, u in enumerate(units) if u.kind == PARA and kinds.get(i) != SIGNATURE]
    if not paras:
        # a page of headlines and furniture only: nothing is an article
        for i, u in enumerate(units):
            for ln in u.lines:
                unassigned.setdefault(ln.no, R.FURNITURE)
        return Segmentation([], unassigned, units)

    ctx = describe_page(units, kinds, paras)
    score(ctx.gaps)
    cut = _decide(ctx)
    _fill_orphans(ctx.gaps, cut, ctx.n_heads, units, paras, ctx.coh)
    gaps, coh, matcher = ctx.gaps, ctx.coh, ctx.matcher
    pieces, loose = _pieces(units, paras, gaps, cut, kinds)

    bodies = [_text(units, p.paras) for p in pieces]
    groups = _split_stacked(units, _head_groups(units, sorted(loose), kinds), bodies, kinds, matcher)
    tails, rest = _split_tail(units, groups, kinds)
    placed = _attach(pieces, bodies, units, rest, matcher, kinds)
    headed = {pi for g, pi in placed if _has_head(g, kinds)}
    for run in tails:
        placed += _attach_tail(bodies, units, run, matcher, kinds, headed, _tail_links(ctx, run, paras))
    for group, pi in placed:
        pieces[pi].roles.update(_group_roles(units, group, kinds))
        if _has_head(group, kinds):
            pieces[pi].headed = True
            pieces[pi].heads.append(group)
    for p, g in zip(pieces[1:], [g for g in gaps if g.k in cut]):
        odds = g.logit if g.decided is None else g.decided
        p.confidence = 0.95 if odds > 3 else 0.8 if odds > 1 else 0.6
    _shift_tails(pieces, gaps, coh, units)
    pieces = _reunite(pieces, units, coh, matcher)
    return Segmentation(pieces, unassigned, units)


@dataclass
class PageBreaks:
    gaps: list[Gap]
    n_heads: int
    coh: PageCohesion
    matcher: _Matcher
    displaced: bool = False  # two or more headline groups stand away from any body
    tail_groups: float = 0.0  # articles the headlines after the last body paragraph hold (tails.expected_articles)
    tail_lines: int = 0  # headline lines among them
    units: list[Unit] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)
    link_odds: dict[tuple[int, ...], list[float]] = field(default_factory=dict)  # see _link_odds
    tail: list[int] = field(default_factory=list)  # the headline units after the last paragraph


def describe_page(units: list[Unit], kinds: dict[int, str] | None = None, paras: list[int] | None = None) -> PageBreaks:
    """The breaks between body paragraphs with their cues, and how many
    articles the page's headlines announce. bench/train_gaps.py fits the
    break model on exactly this."""
    kinds = kinds if kinds is not None else _kinds(units)
    if paras is None:
        paras = [i for i, u in enumerate(units) if u.kind == PARA and kinds.get(i) != SIGNATURE]
    coh = PageCohesion(units, paras)
    matcher = _Matcher(units, kinds, paras)
    non_para = [i for i, u in enumerate(units) if u.kind != PARA and kinds.get(i) in (HEAD, BYLINE, CAPTION)]
    all_groups = _head_groups(units, non_para, kinds)
    # a single short line between two paragraphs may be a subhead: it claims nothing
    claimers = [g for g in all_groups if _has_head(g, kinds) and not _maybe_subhead(units, kinds, g)]
    claims = matcher.claims(claimers, paras)
    displaced = sum(1 for g in claimers if not _directly_above_para(units, kinds, g)) >= 2
    heads = [g for g in claimers if not _directly_above_para(units, kinds, g)] or claimers

    def share(text: str) -> list[float]:
        return [matcher.share(g, text) for g in heads]

    gaps = describe_gaps(units, paras, coh, displaced, claims, share)
    announced = sum(1 for k, g in enumerate(claimers) if k == 0 or _surely_headline(units, kinds, g))
    tail = [i for g in all_groups if paras and g[0] > paras[-1] and _has_head(g, kinds) for i in g]
    tail_lines = sum(1 for i in tail if kinds.get(i) == HEAD)
    ctx = PageBreaks(gaps, announced, coh, matcher, displaced, 0.0, tail_lines, units, kinds, tail=tail)
    # how many articles the headlines after the last paragraph hold, run by run
    ctx.tail_groups = sum(expected_articles(_link_odds(ctx, run)) for run in consecutive_runs(tail))
    return ctx


def _surely_headline(units: list[Unit], kinds: dict[int, str], g: list[int]) -> bool:
    """A group no subhead would look like: displaced, with a byline, subtitle or
    column name, or over a dateline or a news lead."""
    if not _directly_above_para(units, kinds, g):
        return True
    texts = [units[i].text for i in g if kinds.get(i) == HEAD]
    j = g[-1] + 1
    while kinds.get(j) == BYLINE:
        j += 1
    below = units[j]
    return (
        any(kinds.get(i) == BYLINE for i in g)
        or any(M.SUBTITLE_START.match(t) or M.COLUMN_TAG.search(t) for t in texts)
        or below.dateline
        or M.is_lead(below.text)
    )


def _maybe_subhead(units: list[Unit], kinds: dict[int, str], g: list[int]) -> bool:
    if len(g) != 1 or kinds.get(g[0]) != HEAD:
        return False
    i = g[0]
    prev = units[i - 1] if i > 0 else None
    nxt = units[i + 1] if i + 1 < len(units) else None
    return prev is not None and nxt is not None and prev.kind == PARA and nxt.kind == PARA and not nxt.dateline


def _directly_above_para(units: list[Unit], kinds: dict[int, str], g: list[int]) -> bool:
    j = g[-1] + 1
    while j < len(units) and kinds.get(j) == BYLINE:
        j += 1
    return j < len(units) and units[j].kind == PARA
