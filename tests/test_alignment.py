"""Headlines at the end of a page read in order against the bodies
(core/alignment.py), on small made-up matrices of word shares."""

from __future__ import annotations

from pagedesk.core.segmentation.alignment import align_cuts

# four paragraphs: two of a report on Germany, two on the United States
# (rows: headline lines; columns: paragraphs; the share of the line's words each holds)
GERMANY = [0.8, 0.6, 0.0, 0.1]
STATES = [0.0, 0.1, 0.7, 0.5]


def test_the_cut_goes_where_the_headlines_change_sides_even_against_the_break_odds():
    # the break model prefers the break inside the US report (before paragraph 3)
    cuts = align_cuts(4, sure=[], doubtful={2: -2.0, 3: -1.0}, affinity=[GERMANY, STATES], links=[0.0, 1.0])
    assert cuts == {2}


def test_two_lines_of_one_headline_make_one_article():
    # a kicker over its title: both side with the same paragraphs, and the
    # link model says the second line goes on from the first
    kicker = [0.5, 0.5, 0.4, 0.5]
    title = [0.7, 0.6, 0.6, 0.7]
    cuts = align_cuts(4, sure=[], doubtful={2: -2.0, 3: -1.5}, affinity=[kicker, title], links=[0.0, -2.5])
    assert cuts == set()


def test_a_sure_break_is_always_cut_and_never_run_past():
    cuts = align_cuts(4, sure=[3], doubtful={2: -1.0}, affinity=[GERMANY, STATES], links=[0.0, 1.0])
    assert 3 in cuts


def test_a_byline_in_the_run_goes_with_the_group_above():
    cuts = align_cuts(4, sure=[], doubtful={2: -2.0, 3: -1.0}, affinity=[GERMANY, None, STATES], links=[0.0, -2.0, 2.0])
    assert cuts == {2}


def test_pages_not_to_read_this_way_are_left_alone():
    assert align_cuts(4, sure=[], doubtful={2: 0.5}, affinity=[GERMANY], links=[0.0]) is None
    assert align_cuts(1, sure=[], doubtful={}, affinity=[GERMANY[:1], STATES[:1]], links=[0.0, 1.0]) is None
