"""Is a paragraph break also an article boundary?

Every break between two body paragraphs is described by a few cues, and a
small ensemble of boosted decision trees weighs them (`models.breaks`, fitted by
`bench/train_breaks.py` on pages rebuilt from even days of the corpus and
checked on odd days; the trees take the cues' interactions as they come).
The cues:

- what stands between the two paragraphs: nothing, short lines (a subhead or
  a headline), a byline, a caption, a closing note such as （本报曼谷电）,
  furniture; whether the paragraph below opens with a dateline or a news lead
  (5月9日，… 近日，…); whether the one above stops mid-sentence or ends on a
  quotation;
- how much vocabulary the text on either side shares, over three window
  sizes, with bigrams weighed by their rarity on the page and again by their
  rarity in jieba's dictionary (a page of thirty paragraphs calls a word
  rare that it happens to use twice; the dictionary does not); how deep a
  valley of likeness the break sits in, and how alike the text is at the
  breaks before and after it;
- how alike the two stretches are that run from the break to the nearest
  breaks the page marks beyond doubt (a dateline, a headline with its
  byline): a section of a feature is like the rest of its feature;
- the shape of the paragraphs: whether the one below opens indented on a
  page that indents, or starts short of the column; whether the one above
  closes short; whether the one below finishes a sentence another paragraph
  left open;
- layout: extra blank lines at the break, a change of column width;
- whether the headlines of the page, displaced elsewhere, claim the two sides
  for different articles.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, pairwise
from statistics import median

from pagedesk.core.lines import markers as M
from pagedesk.core.lines import roles as R
from pagedesk.core.reading_order.interleave import word_across
from pagedesk.core.segmentation.units import MARK, PARA, SHORT, Unit
from pagedesk.core.text.chars import IDEOGRAPHS, text_width
from pagedesk.core.text.similarity import Cohesion, Run
from pagedesk.core.text.words import RARITY

WINDOWS = (120, 300, 700)
SEGMENT = 3000  # characters: the most of a stretch up to a marked break compared with the other side
# punctuation a typesetter lets hang past the column's edge: a line's width
# is read without it, or a full line ending on a comma looks a cell too wide
_HANGING = "，。、；：！？）》”’」』,.;:!?)…"


class PageCohesion(Cohesion):
    """Cohesion of one page's body paragraphs (`paras`, unit indexes in page
    order), with windows by length. Runs are positions in `paras`."""

    def __init__(self, units: list[Unit], paras: list[int], weight=None, counts=None, shared=None):
        super().__init__({i: units[i].text for i in paras}, weight, counts, shared)
        self.units = units
        self.paras = paras
        self._ends = list(accumulate(len(units[i].text) for i in paras))  # characters up to each paragraph's end
        self._entities: dict[int, set[str]] = {}

    def reweighed(self, weight) -> PageCohesion:
        """The same paragraphs with their bigrams weighed by `weight`."""
        return PageCohesion(self.units, self.paras, weight, self.counts, self.shared)

    def run(self, at: int, forward: bool, chars: int) -> Run:
        """The paragraphs from paras[at] onwards (or backwards) until they hold `chars` characters."""
        ends = self._ends
        if forward:
            start = ends[at - 1] if at > 0 else 0
            return at, min(len(ends), bisect_left(ends, start + chars) + 1)
        lo = bisect_right(ends, ends[at] - chars)
        return max(0, min(lo, at)), at + 1

    def window(self, at: int, forward: bool, chars: int) -> list[int]:
        """The unit indexes of `run`, nearest the break first."""
        lo, hi = self.run(at, forward, chars)
        return self.paras[lo:hi] if forward else self.paras[lo:hi][::-1]

    def chars(self, run: Run) -> int:
        """The characters of a run of paragraphs."""
        lo, hi = run
        return (self._ends[hi - 1] - (self._ends[lo - 1] if lo > 0 else 0)) if hi > lo else 0

    def entities(self, i: int) -> set[str]:
        """The named places and bodies of paragraph i (see `_entity_overlap`)."""
        got = self._entities.get(i)
        if got is None:
            got = self._entities[i] = set(_ENTITY.findall(self.units[i].text))
        return got

    def sides(self, k: int, chars: int) -> tuple[Run, Run]:
        """The runs within `chars` before and after the break before paras[k]."""
        return self.run(k - 1, False, chars), self.run(k, True, chars)


@dataclass
class Break:
    k: int  # the break before paras[k]
    left: int  # unit index of the paragraph above
    right: int  # unit index of the paragraph below
    between: list[int]  # unit indexes standing between them
    features: dict[str, float]
    logit: float = 0.0  # the break model's log-odds of an article ending here
    continues: bool = False  # nothing stands between and the paragraph below goes on from the one above
    decided: float | None = None  # the log-odds the decision rests on, where the cut count weighed it (`cut_count`)

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.logit))))


def _column(units: list[Unit], idx: list[int]) -> float:
    widths = [ln.width for i in idx for ln in units[i].lines[:-1]]
    return median(widths) if widths else 0.0


def _typical_blank(units: list[Unit]) -> float:
    blanks = [b.no - a.no - 1 for u in units for a, b in pairwise(u.lines)]
    return median(blanks) if blanks else 0.0


def describe_breaks(
    units: list[Unit],
    paras: list[int],
    coh: PageCohesion,
    displaced_heads: bool,
    claims: dict[int, int] | None = None,
    share=None,
) -> list[Break]:
    """The cues of every break between consecutive body paragraphs.

    `claims` maps a paragraph to the displaced headline group it clearly shares
    words with (see segment.Matcher); two sides claimed by different headlines
    point to a boundary.
    """
    typical = _typical_blank(units)
    claims = claims or {}
    opens = [i for i in paras if open_end(units, i)]
    # the same likeness with bigrams weighed by the dictionary's counts
    # rather than the page's: on plain breaks of dev pages it ranks a page's
    # boundaries below its other breaks more often (AUC within pages 0.942
    # against 0.926 at 300 characters)
    dict_coh = coh.reweighed(RARITY)
    indented = sum(1 for i in paras if units[i].lines[0].indented) / len(paras) if paras else 0.0
    breaks = []
    for k in range(1, len(paras)):
        a, b = paras[k - 1], paras[k]
        mid = list(range(a + 1, b))
        shorts = [units[i] for i in mid if units[i].kind == SHORT]
        marks = [units[i] for i in mid if units[i].kind == MARK]
        lines_between = sum(len(units[i].lines) for i in mid)
        blank = units[b].first - units[a].last - 1 - lines_between * (1 + typical)
        sides = {w: coh.sides(k, w) for w in WINDOWS}
        cos = {w: coh.between_runs(*sides[w]) for w in WINDOWS}
        dcos = {w: dict_coh.between_runs(*sides[w]) for w in WINDOWS}
        (l0, l1), (r0, r1) = sides[700]
        above, below = paras[l0:l1][::-1], paras[r0:r1]
        contrast, same = _headline_contrast(units, above, below, share)
        ents = _entity_overlap(coh, above, below)
        left_claim = _claim_near(claims, paras, k - 1, -1)
        right_claim = _claim_near(claims, paras, k, +1)
        f = {
            "c120": cos[120],
            "c300": cos[300],
            "c700": cos[700],
            "lc120": math.log(cos[120] + 0.003),
            "lc300": math.log(cos[300] + 0.003),
            "lc700": math.log(cos[700] + 0.003),
            "nothing": float(not mid),
            "n_short": float(len(shorts)),
            "single_short": float(len(shorts) == 1 and not marks),
            "short_len": sum(len(u.text) for u in shorts) / 10.0,
            "kicker": float(any(M.KICKER_END.search(u.text) for u in shorts)),
            "subtitle": float(any(M.SUBTITLE_START.match(u.text) for u in shorts)),
            # a dash line under a title; a dash line alone is a speaker's
            # attribution (——李宝荣委员…) or an editor's note (——编者)
            "titled_subtitle": float(
                any(
                    M.SUBTITLE_START.match(u.text) and k > 0 and not M.SUBTITLE_START.match(shorts[k - 1].text)
                    for k, u in enumerate(shorts)
                )
            ),
            "byline": float(any(u.role == R.BYLINE for u in marks)),
            "caption": float(any(u.role == R.CAPTION for u in marks)),
            "furniture": float(any(u.role in R.UNASSIGNED_ROLES for u in marks)),
            "closing": float(any(M.is_closing_note(units[i].text) for i in mid)),
            "tagged": float(any(M.has_column_tag(u.text) for u in shorts)),
            "r_photo": float(b + 1 < len(units) and units[b + 1].kind == MARK and units[b + 1].role == R.CAPTION),
            "r_dateline": float(units[b].dateline),
            "r_lead": float(M.is_lead(units[b].text)),
            "l_dangling": float(not units[a].terminated),
            "l_quote": float(units[a].text.endswith(("”", "说。"))),
            "blank": float(blank > typical),
            "double": float(typical >= 1),
            "width_change": abs(_column(units, paras[max(0, k - 3) : k]) - _column(units, paras[k : k + 3])),
            "displaced": float(displaced_heads),
            "claims_differ": float(left_claim is not None and right_claim is not None and left_claim != right_claim),
            "claims_same": float(left_claim is not None and left_claim == right_claim),
            "entities": ents,
            "head_contrast": contrast,
            "head_same": same,
            "r_open": _opening(units[b]),
            "r_indented": float(units[b].lines[0].indented),
            "page_indented": indented,
            "l_close": _closing(units[a]),
            "r_finishes_open": float(
                any(p not in (a, b) and word_across(units[p].lines[-1].norm, units[b].lines[0].norm) for p in opens)
            ),
            "open_ends": float(min(3, sum(1 for p in opens if p != a))),
            "d120": dcos[120],
            "d300": dcos[300],
            "d700": dcos[700],
        }
        breaks.append(Break(k, a, b, mid, f, continues=not mid and M.continues(units[b].text)))
    _relative(breaks)
    _neighbours(breaks)
    _segments(breaks, len(paras), coh, dict_coh)
    _in_feature(breaks, paras, units)
    _interactions(breaks)
    series(breaks)
    _parallel(breaks, units)
    return breaks


def _neighbours(breaks: list[Break]) -> None:
    """The likeness across the breaks one and two paragraphs away. Where an
    article ends, the windows of the breaks beside it reach across the end
    too, so they dip with it; a dip of one break alone is a turn inside a
    text. (On dev pages this lifted the break ranking more than any cue of
    the break itself.)"""
    d = [g.features["d300"] for g in breaks]
    n = len(d)

    def at(j: int) -> float:
        return d[j] if 0 <= j < n else 1.0

    for j, g in enumerate(breaks):
        f = g.features
        f["prev_d300"], f["next_d300"] = at(j - 1), at(j + 1)
        f["prev2_d300"], f["next2_d300"] = at(j - 2), at(j + 2)
        f["valley_d300"] = min(at(j - 1), at(j + 1)) - d[j]


def _segments(breaks: list[Break], n_paras: int, coh: PageCohesion, dict_coh: PageCohesion) -> None:
    """The likeness of the whole stretches on either side, up to the nearest
    breaks that something stands in (a headline, a byline, a dateline below)
    and at most SEGMENT characters each: two sections of one text share more
    over their whole length than two articles do, whatever their first and
    last lines say."""
    anchors = [g.k for g in breaks if not g.features["nothing"] or g.features["r_dateline"]]
    for g in breaks:
        lo = max((a for a in anchors if a < g.k), default=0)
        hi = min((a for a in anchors if a > g.k), default=n_paras)
        left = (max(lo, coh.run(g.k - 1, False, SEGMENT)[0]), g.k)
        right = (g.k, min(hi, coh.run(g.k, True, SEGMENT)[1]))
        f = g.features
        f["seg_d"] = dict_coh.between_runs(left, right)
        f["seg_c"] = coh.between_runs(left, right)
        f["seg_len_l"] = coh.chars(left) / 1000
        f["seg_len_r"] = coh.chars(right) / 1000


def _in_feature(breaks: list[Break], paras: list[int], units: list[Unit]) -> None:
    """Whether the break stands inside a long feature, and how far into it:
    a feature opens on its summary box (核心阅读) and runs on for thousands
    of characters through sections under heads of their own, which read like
    the headlines of separate reports. The feature is taken to run until a
    paragraph opens at a dateline."""
    opened: list[float | None] = []  # per paragraph: characters into the feature it is in, or None
    start, done, prev = None, 0, -1
    for i in paras:
        if any(M.FEATURE_BOX.match(units[u].text) for u in range(prev + 1, i)):
            start = done
        elif units[i].dateline:
            start = None
        opened.append(None if start is None else done - start)
        done += len(units[i].text)
        prev = i
    for g in breaks:
        # the break into the feature itself, or out of it at a dateline, is not inside
        inside = opened[g.k] is not None and opened[g.k] > 0
        g.features["in_feature"] = float(inside)
        g.features["feature_chars"] = opened[g.k] / 1000 if inside else 0.0


def _core_width(ln) -> float:
    """A line's width without the punctuation hanging at its end."""
    stripped = ln.norm.rstrip(_HANGING)
    return ln.width - text_width(ln.norm[len(stripped) :])


def _full_width(lines) -> float | None:
    """The width of the full lines among these (the widest, as a paragraph's
    last line may be short), or None."""
    return max((_core_width(ln) for ln in lines), default=None)


def _opening(u: Unit) -> float:
    """How much narrower a paragraph's first line is than the full lines
    below it: about two cells where a paragraph starts (its indent dropped),
    none where the text goes on from a line set elsewhere (the second half
    of a body a column-order error moved). 0 for a paragraph of one or two
    lines, whose second may be its short last."""
    if len(u.lines) < 3:
        return 0.0
    ref = _full_width(u.lines[1:3])
    return max(-4.0, min(2.0, _core_width(u.lines[0]) - ref))


def _closing(u: Unit) -> float:
    """How much narrower a paragraph's last line is than the full lines above
    it: a paragraph ends on a short line, a text cut off by the column's end
    on a full one. In columns of about 20 cells, clipped."""
    if len(u.lines) < 2:
        return -5.0
    ref = _full_width(u.lines[-3:-1])
    return max(-5.0, min(2.0, (_core_width(u.lines[-1]) - ref) / 4.0))


def open_end(units: list[Unit], p: int) -> bool:
    """Does paragraph p stop mid-sentence where something other than its text
    follows (a headline, a mark, the end of the page)?"""
    u = units[p]
    return (
        not u.terminated
        and (u.lines[-1].full or u.text.endswith(("，", "、", "；")))
        and (p + 1 >= len(units) or units[p + 1].kind != PARA)
    )


def series(breaks: list[Break]) -> None:
    """How many other breaks of the page hold short lines of the same make.

    A feature sets its sections under heads of one pattern (保居民就业—— over
    a title, a speaker's name and post over a title, a place over a title),
    three to six times over; articles of a page rarely share the exact make
    of their headline groups. The trees weigh it with the kind of lines."""

    def make(f: dict[str, float]) -> tuple:
        return (f["n_short"], f["kicker"], f["subtitle"], f["byline"], f["caption"])

    makes = [make(g.features) for g in breaks]
    for g, m in zip(breaks, makes, strict=True):
        g.features["series"] = float(min(5, makes.count(m) - 1)) if g.features["n_short"] > 0 else 0.0


def _parallel(breaks: list[Break], units: list[Unit]) -> None:
    """How many other breaks hold short lines of the same number and lengths
    (within a character each).

    A feature's section heads are set in parallel (坚守每一天，服务千家万户 /
    站好每班岗，维护社会运转 / 奋斗每一秒，投身祖国建设); the headlines of
    different articles on a page seldom match line for line."""
    shapes = [[len(units[i].text) for i in g.between if units[i].kind == SHORT] for g in breaks]
    for k, (g, mine) in enumerate(zip(breaks, shapes, strict=True)):
        alike = 0
        if mine:
            for j, other in enumerate(shapes):
                if (
                    j != k
                    and len(other) == len(mine)
                    and all(abs(a - b) <= 1 for a, b in zip(mine, other, strict=True))
                ):
                    alike += 1
        g.features["parallel"] = float(min(3, alike))


def _interactions(breaks: list[Break]) -> None:
    """Markers and cohesion do not add up: a dateline starts an article however
    alike two reports of one event are, and cohesion decides mostly where
    nothing else stands in the break."""
    for g in breaks:
        f = g.features
        plain = f["nothing"]
        marked = 1.0 - plain
        f["plain_c300"] = plain * f["c300"]
        f["plain_lc300"] = plain * f["lc300"]
        f["plain_depth300"] = plain * f["depth300"]
        f["marked_c300"] = marked * f["c300"]
        f["marked_lc300"] = marked * f["lc300"]
        f["dateline_c300"] = f["r_dateline"] * f["c300"]


def _relative(breaks: list[Break]) -> None:
    """Cohesion against the rest of the page: the depth of the valley a break
    sits in (TextTiling), and its ratio to the page's typical cohesion. A page
    of one theme has high cohesion everywhere, and its boundaries are where it
    dips."""
    for key, name in [(f"c{w}", str(w)) for w in WINDOWS] + [("d300", "d300")]:
        values = [g.features[key] for g in breaks]
        mid = median(values) if values else 0.0
        for i, g in enumerate(breaks):
            c = values[i]
            left = max(values[max(0, i - 4) : i + 1])
            right = max(values[i : i + 5])
            g.features[f"depth{name}"] = (left - c) + (right - c)
            g.features[f"ratio{name}"] = min(3.0, c / mid) if mid > 0 else 1.0


def _headline_contrast(units: list[Unit], above: list[int], below: list[int], share) -> tuple[float, float]:
    """How strongly the text above belongs to one headline and the text below
    to another (contrast), or both to the same one (same). `share(paragraphs)`
    gives the Shares of the page's headlines in the text of those paragraphs."""
    if share is None:
        return 0.0, 0.0
    sl, sr = share(above), share(below)
    if sl.n < 2:
        return 0.0, 0.0
    either = sl.held.keys() | sr.held.keys()
    # evidence for a headline above rather than below; a headline of no word on either side gains 0
    gain = [sl.held.get(k, 0.0) - sr.held.get(k, 0.0) for k in sorted(either)]
    if len(either) < sl.n:
        gain.append(0.0)
    both = sl.held.keys() & sr.held.keys()
    same = max((min(sl.held[k], sr.held[k]) for k in both), default=0.0)  # shares are never below 0
    return _best_apart(gain), same


def _best_apart(gain: list[float]) -> float:
    """max(0, min(gain[i], -gain[j])) over i != j (two or more gains): one
    headline's evidence for the text above, another's for the text below.
    The largest gain and the smallest stand at two headlines, or all gains
    are equal, so no pair beats the two of them."""
    return max(0.0, min(max(gain), -min(gain)))


_ENTITY = re.compile(
    f"[{IDEOGRAPHS}]{{2,6}}?(?:省|市|县|区|镇|乡|村|州|局|部|委|院|所|校|公司|集团|中心|医院|大学|银行|协会|基地|港|站)"
)


def _entity_overlap(coh: PageCohesion, above: list[int], below: list[int]) -> float:
    """Share of named places and bodies (…省, …市, …公司, …医院) the two sides
    have in common: sections of one story keep naming the same ones."""
    a = set().union(*(coh.entities(i) for i in above))
    b = set().union(*(coh.entities(i) for i in below))
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _claim_near(claims: dict[int, int], paras: list[int], k: int, step: int, reach: int = 2) -> int | None:
    """The headline claiming the paragraph at k, or the nearest within reach on its side."""
    for d in range(reach + 1):
        j = k + d * step
        if 0 <= j < len(paras) and paras[j] in claims:
            return claims[paras[j]]
    return None


def score_breaks(breaks: list[Break]) -> None:
    from pagedesk.core.models import load

    log_odds = load("breaks", FEATURES)
    for g in breaks:
        g.logit = log_odds([g.features[name] for name in FEATURES])


FEATURES = (
    "c120",
    "c300",
    "c700",
    "lc120",
    "lc300",
    "lc700",
    "nothing",
    "n_short",
    "single_short",
    "short_len",
    "kicker",
    "subtitle",
    "byline",
    "caption",
    "furniture",
    "closing",
    "r_dateline",
    "r_lead",
    "l_dangling",
    "l_quote",
    "blank",
    "double",
    "width_change",
    "displaced",
    "claims_differ",
    "claims_same",
    "tagged",
    "r_photo",
    "head_contrast",
    "head_same",
    "depth120",
    "depth300",
    "depth700",
    "ratio120",
    "ratio300",
    "ratio700",
    "plain_c300",
    "plain_lc300",
    "plain_depth300",
    "marked_c300",
    "marked_lc300",
    "dateline_c300",
    "entities",
    "series",
    "parallel",
    "r_open",
    "r_indented",
    "page_indented",
    "l_close",
    "r_finishes_open",
    "open_ends",
    "d120",
    "d300",
    "d700",
    "depthd300",
    "ratiod300",
    "prev_d300",
    "next_d300",
    "prev2_d300",
    "next2_d300",
    "valley_d300",
    "seg_d",
    "seg_c",
    "seg_len_l",
    "seg_len_r",
    "in_feature",
    "feature_chars",
)
