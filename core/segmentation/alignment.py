"""Headlines displaced to the end of the page, read in order against the bodies.

An extractor that sets a page's headlines after its bodies keeps them in the
bodies' order: the first article's kicker and title, then the second's, and
so on. The break model and the cut count weigh each break on its own words and
the page's counts; they do not ask whether the headlines, taken in that
order, each find their own stretch of text. Between two reports of one
theme (two countries' virus figures, two companies' brand stories) the words
on either side of the true boundary are alike, but the headlines are not:
one names 德国孔院, the next 美国失业率.

Here the cuts are chosen again, all at once, on such pages: the run of
headline lines is cut into groups in page order, each group going to the
next article, and the score of a choice adds

- the log-odds of every break cut (the cut count's where it weighed the break,
  else the break model's; a break the page marks beyond doubt is always cut);
- for every article, how much its paragraphs side with its own group's
  headline lines rather than with the page's best-matching line (the mean
  over its paragraphs, so a long article does not outweigh a short one), times
  AFFINITY;
- the link model's log-odds (`headline_runs`) where a group starts, and their
  negative where a line stays in the group above, times LINK;
- NO_HEADLINE for an article that takes no line of the run (its headline
  stands in place, or it has none).

The best choice is found by dynamic programming over (cut, lines placed).
The weights were chosen on pages rebuilt from even days of the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence

AFFINITY = 5.0  # weight of how far an article's paragraphs side with its own headlines
LINK = 0.5  # weight of the link model's log-odds, clipped to ±3
NO_HEADLINE = 0.5  # the price of an article that takes none of the run's lines
FLOOR = -6.0  # breaks less likely than this are never cut ...
CANDIDATES = 14  # ... nor more than this many of the likeliest besides the sure ones
MAX_GROUP = 5  # headline lines one article takes at most (kicker, two title lines, subtitle, byline)
MAX_LINES = 30  # a longer run is not a run of displaced headlines: left to the cut count


def align_cuts(
    n_paras: int,
    sure: Sequence[int],
    doubtful: dict[int, float],
    affinity: Sequence[Sequence[float] | None],
    links: Sequence[float],
) -> set[int] | None:
    """The breaks to cut (break k stands before paragraph k, 1 <= k < n_paras).

    `sure`: breaks always cut. `doubtful`: the other breaks that may be cut,
    with their log-odds. `affinity[l][p]`: the share of headline line l's
    words that paragraph p holds (None for a line with no words of its own,
    such as a byline). `links[l]`: the link model's log-odds that line l
    starts another article's lines than line l-1's (links[0] is unused).
    None where the page is not one to read this way.
    """
    r = len(affinity)
    if r < 2 or r > MAX_LINES or n_paras < 2:
        return None
    m = n_paras
    heads = [h for h in range(r) if affinity[h] is not None]
    if len(heads) < 2:
        return None
    # how far each paragraph sides with each line, against its best line (<= 0)
    best = [max(affinity[h][p] for h in heads) for p in range(m)]
    rel = {h: [affinity[h][p] - best[p] for p in range(m)] for h in heads}
    z = [0.0] + [max(-3.0, min(3.0, x)) for x in links[1:r]]
    stay = [0.0] * (r + 1)  # running sum of the price of lines staying in the group above
    for h in range(1, r):
        stay[h + 1] = stay[h] - LINK * z[h]

    sides: dict[tuple[int, int], list[float]] = {}

    def side_sums(t0: int, t1: int) -> list[float]:
        """Running sums over paragraphs of how much each sides with lines t0..t1-1."""
        got = sides.get((t0, t1))
        if got is None:
            own = [h for h in range(t0, t1) if affinity[h] is not None]
            got = [0.0] * (m + 1)
            for p in range(m):
                v = sum(rel[h][p] for h in own) / len(own) if own else 0.0
                got[p + 1] = got[p] + AFFINITY * v
            sides[(t0, t1)] = got
        return got

    def article(a: int, b: int, t0: int, t1: int) -> float:
        """The score of paragraphs a..b-1 as one article taking lines t0..t1-1."""
        if t1 == t0:
            return -NO_HEADLINE
        s = side_sums(t0, t1)
        score = (s[b] - s[a]) / (b - a)
        score += stay[t1] - stay[t0 + 1]
        if t0 > 0:
            score += LINK * z[t0]
        return score

    sure_set = set(sure)
    doubt = sorted((k for k, x in doubtful.items() if x > FLOOR), key=lambda k: -doubtful[k])[:CANDIDATES]
    cuts = sorted(set(doubt) | sure_set)
    ends = cuts + [m]
    NEG = float("-inf")
    score: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    total, last = NEG, None
    for a in [0] + cuts:
        for t in range(r + 1):
            here = score.get((a, t))
            if here is None:
                continue
            for b in ends:
                if b <= a:
                    continue
                gain = 0.0 if b == m else doubtful.get(b, 0.0)
                for t1 in range(t, min(r, t + MAX_GROUP) + 1):
                    s = here + article(a, b, t, t1) + gain
                    if b == m:
                        if t1 == r and s > total:
                            total, last = s, (a, t)
                    elif s > score.get((b, t1), NEG):
                        score[(b, t1)] = s
                        back[(b, t1)] = (a, t)
                if b in sure_set:
                    break  # an article never runs past a sure break
    if last is None:
        return None
    chosen: set[int] = set()
    state = last
    while state != (0, 0):
        chosen.add(state[0])
        state = back[state]
    return chosen
