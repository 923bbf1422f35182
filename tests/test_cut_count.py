"""The cut count: which of the breaks the page does not mark to cut."""

from __future__ import annotations

from pagedesk.core.segmentation.cut_count import MAX_DOUBTFUL, CutCountPage, cut_count


def _cues(alike: float, nothing: bool = True) -> dict[str, float]:
    """A break's own cues: how alike the text is on either side (a share of
    words: 0.02 for two articles, 0.3 for two paragraphs of one text) and
    whether anything stands between."""
    return {
        "d300": alike,
        "c300": alike,
        "seg_d": alike,
        "prev_d300": 2 * alike,
        "next_d300": 2 * alike,
        "valley_d300": alike,
        "nothing": float(nothing),
        "n_short": 0.0 if nothing else 1.0,
    }


APART, ALIKE = _cues(0.02), _cues(0.3)


def test_breaks_nearly_as_likely_as_not_are_cut_when_the_headlines_announce_more_articles():
    # three headlines at the end, no sure break: the two breaks just short of
    # even odds are the missing boundaries, the rest are paragraph breaks
    page = CutCountPage(
        announced=3,
        sure=0,
        logits=[-0.3, -0.5, -6.0, -7.0],
        displaced=True,
        breaks=20,
        run_articles=3.0,
        run_lines=3,
        cues=[APART, APART, ALIKE, ALIKE],
    )
    assert cut_count(page) == 2


def test_a_break_far_below_even_odds_is_not_cut_to_make_up_a_headline_count():
    page = CutCountPage(announced=3, sure=2, logits=[-8.0, -9.0], displaced=False, breaks=20, cues=[ALIKE, ALIKE])
    assert cut_count(page) == 0
    assert cut_count(CutCountPage(announced=2, sure=0, logits=[], displaced=True, breaks=0)) == 0


def test_likely_breaks_between_texts_that_share_no_words_are_cut():
    page = CutCountPage(
        announced=3, sure=0, logits=[4.0, 3.0, -7.0], displaced=True, breaks=20, cues=[APART, APART, ALIKE]
    )
    assert cut_count(page) == 2


def test_the_fill_never_cuts_more_below_even_odds_than_it_was_fitted_on():
    page = CutCountPage(announced=20, sure=0, logits=[-0.01] * 15, displaced=True, breaks=30, cues=[APART] * 15)
    assert cut_count(page) <= MAX_DOUBTFUL


def test_more_headline_groups_at_the_end_of_the_page_cut_more_breaks():
    # the same page, its headlines all displaced to the end: five headline
    # groups announced, but how many stand at the end tells how far to trust that
    def page(run: int) -> CutCountPage:
        return CutCountPage(
            announced=5,
            sure=0,
            logits=[-0.8, -1.2, -1.6, -2.0, -3.0, -4.0],
            displaced=True,
            breaks=40,
            run_articles=run,
            run_lines=run,
            cues=[APART] * 6,
        )

    counts = [cut_count(page(run)) for run in (2, 3, 4, 5, 6)]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]


def test_the_fill_cuts_the_run_whose_log_odds_add_up_to_the_most():
    page = CutCountPage(announced=3, sure=0, logits=[1.0, 0.5, 0.2, -1.0], displaced=False, breaks=10)
    odds = iter([2.0, -1.0, 3.0, -5.0])
    # +2, then -1 and +3 (a run of three adds up to 4 > 2), then -5
    assert cut_count(page, lambda _cues: next(odds)) == 3
    assert cut_count(page, lambda _cues: -1.0) == 0
