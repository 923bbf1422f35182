"""Two editors' edits on one page put together: nothing of either is lost."""

from __future__ import annotations

import pytest

from pagedesk.core.editing import edits as E
from pagedesk.core.editing.merge import merge, touched
from pagedesk.core.editing.state import PageState
from pagedesk.core.lines import roles as R


@pytest.fixture(scope="module")
def base(seed_analysis) -> PageState:
    return PageState.from_analysis(seed_analysis)


def _made(state: PageState, *builders) -> tuple[PageState, list[tuple[E.Edit, E.Edit]]]:
    s, done = state.copy(), []
    for build in builders:
        edit = build(s)
        done.append((edit, edit.apply(s)))
    return s, done


def test_edits_of_different_lines_both_stay(base):
    first, second = base.ordered_articles()[:2]
    at = base.lines_of(first)[6]
    theirs, their_done = _made(base, lambda s: E.set_role(s, [base.lines_of(second)[0]], R.SUBHEAD))
    mine_state, mine = _made(base, lambda s: E.split_article(s, first, at))
    m = merge(theirs, [("bob", e) for e, _ in their_done], mine)
    assert not m.clashes and not m.lost and len(m.applied) == 1
    assert m.state.role_of[base.lines_of(second)[0]] == R.SUBHEAD  # theirs
    assert m.state.article_of[at] != first and m.state.article_of[at] == mine_state.article_of[at]  # mine


def test_edits_of_one_line_clash_and_the_editor_chooses(base):
    line = base.lines_of(base.ordered_articles()[0])[2]
    theirs, their_done = _made(base, lambda s: E.set_role(s, [line], R.SUBHEAD))
    _, mine = _made(base, lambda s: E.set_role(s, [line], R.CAPTION))
    m = merge(theirs, [("bob", e) for e, _ in their_done], mine)
    assert [c.items for c in m.clashes] == [{("line", line)}] and m.clashes[0].theirs == ["bob: role subhead"]
    assert m.state.role_of[line] == R.SUBHEAD  # theirs, until the editor says otherwise
    m = merge(theirs, [("bob", e) for e, _ in their_done], mine, keep_mine={0})
    assert not m.clashes and m.state.role_of[line] == R.CAPTION


def test_two_new_articles_with_the_same_id_both_stay(base):
    first, _, third = base.ordered_articles()[:3]
    a, b = base.lines_of(first)[6], base.lines_of(third)[6]
    theirs, their_done = _made(base, lambda s: E.split_article(s, third, b))
    _, mine = _made(
        base, lambda s: E.split_article(s, first, a), lambda s: E.set_field(s, s.article_of[a], "title", "我的")
    )
    m = merge(theirs, [("bob", e) for e, _ in their_done], mine)
    assert not m.clashes and not m.lost
    mine_new, their_new = m.state.article_of[a], m.state.article_of[b]
    assert mine_new != their_new and m.state.articles[mine_new].title == "我的"
    assert m.state.lines_of(their_new) == theirs.lines_of(theirs.article_of[b])


def test_what_an_edit_touches():
    assert touched(E.Batch("x", [E.AssignLines({3: 1}), E.SetRoles({5: R.BODY}), E.PutFigure(7, None)])) == {
        ("line", 3),
        ("line", 5),
        ("figure", 7),
    }
