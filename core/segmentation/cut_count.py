"""Which of the breaks the page does not mark to cut.

The break model (`breaks`) gives every break between two paragraphs its
log-odds of ending an article, each break on its own. The breaks the page
marks beyond doubt (a dateline below, a headline with its byline between)
are cut whatever it says. The others are weighed again here, the most likely
first, in the light of the whole page: how many articles its headlines
announce (on a page whose headlines all stand at the end that count runs
high, since a kicker and its title are easily read as two headlines; how
many articles the headlines at the end hold, read by the link model of
`headline_runs`, and how many lines they are tell how far to trust it), how many
breaks are cut already, where this one stands among the rest, how steeply
the log-odds fall from one break to the next, and a few of the break's own
cues (how alike the text is on either side, whether anything stands between).

A second small model (`models.cut_count`, boosted trees fitted by
bench/train_cut_count.py on pages rebuilt from even days of the corpus) gives
each of these breaks its log-odds of ending an article in that light; the
cut count cuts the run of the most likely breaks whose log-odds add up to the
most. A break model that reads one break at a time is sure of too many
breaks on a page of many sections and of too few on a page of many short
items; the headlines and the rank of the break say which page this is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MAX_DOUBTFUL = 6  # breaks below even odds the cut count may cut on one page (the model saw no more)
CUT_AT = 0.0  # the break model's even odds
NO_NEXT = -30.0  # the log-odds that stand for "no further break"

# the break's own cues (breaks.FEATURES) the cut count reads beside its log-odds
BREAK_CUES = (
    "d300",
    "seg_d",
    "nothing",
    "n_short",
    "c300",
    "valley_d300",
    "r_lead",
    "l_dangling",
    "prev_d300",
    "next_d300",
)
FEATURES = (
    "logit",
    "rank",
    "left",
    "want",
    "displaced",
    "sure",
    "announced",
    "breaks",
    "drop",
    "run_articles",
    "run_lines",
    "run_left",
    "likely",
    "rise",
) + BREAK_CUES


@dataclass
class CutCountPage:
    """What the cut count is decided on."""

    announced: int  # articles the page's headlines announce
    sure: int  # breaks the page marks beyond doubt, cut whatever the cut count says
    logits: list[float]  # log-odds of the other breaks, the most likely first
    displaced: bool  # the page's headlines stand away from their bodies
    breaks: int  # breaks between paragraphs on the page
    # Headlines after the last body paragraph (set there by the extractor): how
    # many articles they hold (the link model's expected count, `headline_runs`), and
    # how many headline lines. Where all headlines stand at the end, that is a
    # second count of the articles, read without the other headlines on the page.
    run_articles: float = 0.0
    run_lines: int = 0
    cues: list[dict[str, float]] = field(default_factory=list)  # the break cues of each of `logits`
    at: list[tuple[int, int]] = field(default_factory=list)  # the lines each of them stands between

    @property
    def likely(self) -> int:
        """How many of the breaks are above the break model's even odds."""
        return sum(1 for x in self.logits if x > CUT_AT)

    @property
    def considered(self) -> int:
        """How many of the breaks, the most likely first, the cut count weighs."""
        return min(len(self.logits), self.likely + MAX_DOUBTFUL)

    def features(self, i: int) -> list[float]:
        """The cues of the (i+1)-th most likely break with the i before it
        cut, in FEATURES order."""
        likely = self.likely
        want = self.announced - (self.sure + likely + 1)  # articles announced beyond the likely pieces
        here = self.logits[i]
        after = self.logits[i + 1] if i + 1 < len(self.logits) else NO_NEXT
        before = self.logits[i - 1] if i > 0 else -NO_NEXT
        pieces = self.sure + 1 + i  # articles before this cut
        cues = self.cues[i] if i < len(self.cues) else {}
        return [
            here,
            float(i - likely),
            float(self.announced - pieces),
            float(want),
            float(self.displaced),
            float(self.sure),
            float(self.announced),
            float(self.breaks),
            here - after,
            float(self.run_articles),
            float(self.run_lines),
            float(self.run_articles - pieces),
            float(likely),
            before - here,
        ] + [cues.get(name, 0.0) for name in BREAK_CUES]


def weigh(page: CutCountPage, log_odds: Callable[[list[float]], float] | None = None) -> list[float]:
    """The log-odds, in the light of the page, that each of the breaks the
    cut count weighs (the most likely first) ends an article (`log_odds`: the
    fitted model unless given)."""
    if log_odds is None:
        from pagedesk.core.models import load

        log_odds = load("cut_count", FEATURES)
    return [log_odds(page.features(i)) for i in range(page.considered)]


def best_run(odds: list[float]) -> int:
    """How many of the breaks, the most likely first, to cut: the run whose
    log-odds add up to the most (none if no run adds up to more than nothing)."""
    best, count, total = 0.0, 0, 0.0
    for i, x in enumerate(odds):
        total += x
        if total > best:
            best, count = total, i + 1
    return count


def cut_count(page: CutCountPage, log_odds: Callable[[list[float]], float] | None = None) -> int:
    """How many of the breaks, the most likely first, to cut."""
    return best_run(weigh(page, log_odds))
