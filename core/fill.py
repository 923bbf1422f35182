"""How many of the doubtful breaks to cut as well.

The break model (`gaps`) gives every break between two paragraphs its
log-odds of ending an article; the sure ones are cut. Whether to cut the
next most likely ones depends on the page more than on the break: how many
articles its headlines announce (on a page whose headlines all stand at the
end that count runs high, since a kicker and its title are easily read as two
headlines; how many articles the headlines at the end hold, read by the link
model of `tails`, and how many lines they are tell the fill how far to
trust it), how many breaks are cut already, and how steeply
the log-odds fall from one doubtful break to the next.

A small regression (`fill_model`, boosted trees fitted by
bench/train_fill.py on pages rebuilt from even days of the corpus) predicts
what cutting the next break in that order does to the page's line-pair F1;
breaks are taken while it predicts a gain.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_FILL = 6  # the most doubtful breaks ever cut on one page (the model saw no more)
NO_NEXT = -30.0  # the log-odds that stand for "no further break"

FEATURES = ("logit", "rank", "left", "want", "displaced", "sure", "announced", "breaks", "drop",
            "tail_groups", "tail_lines", "tail_left")


@dataclass
class FillPage:
    """What the fill is decided on."""

    announced: int  # articles the page's headlines announce
    sure: int  # breaks cut already
    logits: list[float]  # log-odds of the other breaks, the most likely first
    displaced: bool  # the page's headlines stand away from their bodies
    breaks: int  # breaks between paragraphs on the page
    # Headlines after the last body paragraph (set there by the extractor): how
    # many articles they hold (the link model's expected count, `tails`), and
    # how many headline lines. Where all headlines stand at the end, that is a
    # second count of the articles, read without the other headlines on the page.
    tail_groups: float = 0.0
    tail_lines: int = 0

    def features(self, i: int) -> list[float]:
        """The cues of cutting the (i+1)-th most likely doubtful break, in FEATURES order."""
        want = self.announced - (self.sure + 1)
        here = self.logits[i]
        after = self.logits[i + 1] if i + 1 < len(self.logits) else NO_NEXT
        pieces = self.sure + 1 + i  # articles before this cut
        return [here, float(i), float(want - i), float(want), float(self.displaced), float(self.sure),
                float(self.announced), float(self.breaks), here - after,
                float(self.tail_groups), float(self.tail_lines), float(self.tail_groups - pieces)]


def fill_count(page: FillPage) -> int:
    """How many of the doubtful breaks, the most likely first, to cut."""
    from .fill_model import gain

    k = 0
    while k < min(MAX_FILL, len(page.logits)) and gain(page.features(k)) > 0:
        k += 1
    return k
