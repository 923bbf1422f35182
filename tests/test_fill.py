"""The fill: how many doubtful breaks to cut besides the sure ones."""

from __future__ import annotations

from core.fill import MAX_FILL, FillPage, fill_count


def test_breaks_nearly_as_likely_as_not_are_cut_when_the_headlines_announce_more_articles():
    # three headlines at the end, no sure break: the two breaks just short of
    # even odds are the missing boundaries, the rest are paragraph breaks
    page = FillPage(announced=3, sure=0, logits=[-0.3, -0.5, -6.0, -7.0], displaced=True, breaks=20)
    assert fill_count(page) == 2


def test_a_break_far_below_even_odds_is_not_cut_to_make_up_a_headline_count():
    page = FillPage(announced=3, sure=2, logits=[-8.0, -9.0], displaced=False, breaks=20)
    assert fill_count(page) == 0
    assert fill_count(FillPage(announced=2, sure=0, logits=[], displaced=True, breaks=0)) == 0


def test_the_fill_never_cuts_more_than_it_was_fitted_on():
    page = FillPage(announced=20, sure=0, logits=[-0.01] * 15, displaced=True, breaks=30)
    assert fill_count(page) <= MAX_FILL


def test_more_headline_groups_at_the_end_of_the_page_cut_more_breaks():
    # the same page, its headlines all displaced to the end: five headline
    # groups announced, but how many stand at the end tells how far to trust that
    def page(tail: int) -> FillPage:
        return FillPage(announced=5, sure=0, logits=[-0.8, -1.2, -1.6, -2.0, -3.0, -4.0], displaced=True,
                        breaks=40, tail_groups=tail, tail_lines=tail)

    counts = [fill_count(page(tail)) for tail in (2, 3, 4, 5, 6)]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]
