"""Edit operations: each applies and returns its exact inverse; serialised for
the audit log and back. Property-tested over random sequences on the seed page."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pagedesk.core.editing import edits as E
from pagedesk.core.editing.history import History
from pagedesk.core.editing.state import PageState
from pagedesk.core.lines import roles as R


@pytest.fixture(scope="module")
def base(seed_analysis) -> PageState:
    return PageState.from_analysis(seed_analysis)


def _op(s: PageState, choice: int, a: int, b: int, line: int) -> E.Batch | None:
    arts = [x for x in s.ordered_articles() if s.lines_of(x)]
    lines = sorted(s.role_of)
    ln = lines[line % len(lines)]
    art = arts[a % len(arts)] if arts else None
    other = arts[b % len(arts)] if arts else None
    figs = sorted(s.figures)
    fid = figs[a % len(figs)] if figs else None
    try:
        return [
            lambda: E.split_article(s, art, ln),
            lambda: E.merge_articles(s, art, other),
            lambda: E.move_lines(s, [ln, lines[(line + 2) % len(lines)]], other),
            lambda: E.move_lines(s, [ln], None),
            lambda: E.move_lines(s, [ln], "new"),
            lambda: E.set_role(s, [ln], [R.HEADLINE, R.BYLINE, R.FURNITURE, R.BODY][b % 4], art),
            lambda: E.set_field(s, art, ["title", "kicker", "subtitle", "byline"][b % 4], f"标题{a}"),
            lambda: E.confirm_figure(s, fid),
            lambda: E.reject_figure(s, fid),
            lambda: E.edit_figure(s, fid, value=float(a), label="改"),
            lambda: E.add_figure(s, s.table.start(ln), s.table.start(ln) + 2, 1.0, "个", "count"),
            lambda: E.approve_article(s, art),
            lambda: E.approve_page(s),
            lambda: E.join_items(s, [art, other]),
            lambda: E.split_items(s, art),
        ][choice % 15]()
    except E.EditError:
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(0, 14), st.integers(0, 50), st.integers(0, 50), st.integers(0, 400)),
        min_size=1,
        max_size=8,
    )
)
def test_undoing_every_edit_restores_the_page_exactly(base, steps):
    s = base.copy()
    undo = []
    snapshots = []
    for choice, a, b, line in steps:
        op = _op(s, choice, a, b, line)
        if op is None:
            continue
        snapshots.append(s.copy())
        undo.append(op.apply(s))
        # the log form of the edit is the same edit
        assert E.Edit.from_json(op.to_json()) == op
    for inv, before in zip(reversed(undo), reversed(snapshots), strict=True):
        inv.apply(s)
        assert s == before
    assert s == base


def test_redo_after_undo_gives_the_same_state(base):
    s = base.copy()
    op = E.split_article(s, 0, 84)
    inv = op.apply(s)
    after = s.copy()
    inv.apply(s)
    op.apply(s)
    assert s == after


def test_split_merge_and_move_do_what_an_editor_expects(base):
    s = base.copy()
    E.split_article(s, 0, 84).apply(s)
    assert len([a for a in s.articles if s.lines_of(a)]) == 4
    new = max(s.articles)
    assert s.lines_of(new)[0] == 84 and 356 in s.lines_of(new)
    E.move_lines(s, [356, 358, 359], 0).apply(s)  # the displaced headline back to the first part
    assert s.field_text(0, "title") == "威海火炬高新区推动“织造”迈向“智造”"
    E.merge_articles(s, 0, new).apply(s)
    assert new not in s.articles and 205 in s.lines_of(0)


def test_a_compilation_splits_into_its_items_and_joins_back():
    from pagedesk.core import analyze_page
    from pagedesk.core.text.page import decode

    from .conftest import ROOT

    page = decode((ROOT / "sample_pages" / "004_city_culture.txt").read_bytes())  # a kicker among its heads
    s = PageState.from_analysis(analyze_page(page))
    items = [a for a in s.ordered_articles() if s.lines_of(a)][:2]  # the third's headline stands below its body
    lines = [s.lines_of(a) for a in items]
    roles = dict(s.role_of)
    heads = sorted(ln for a in items for ln in s.lines_of(a) if s.role_of[ln] == R.HEADLINE)
    assert len(items) == 2 and heads and R.KICKER in [roles[ln] for ln in lines[1]]

    E.join_items(s, items).apply(s)  # one compilation: the second item's headline is a section title
    assert not s.lines_of(items[1]) and set(lines[1]) <= set(s.lines_of(items[0]))
    second_title = [ln for ln in heads if ln in lines[1]]
    assert second_title and all(s.role_of[ln] == R.SUBHEAD for ln in second_title)

    E.split_items(s, items[0]).apply(s)  # and back into its items, each headed by its title
    now = [a for a in s.ordered_articles() if s.lines_of(a)][:2]
    assert [s.lines_of(a) for a in now] == lines
    assert sorted(ln for a in now for ln in s.lines_of(a) if s.role_of[ln] == R.HEADLINE) == heads
    assert s.role_of == roles  # kickers and subtitles too
    with pytest.raises(E.EditError, match="no item"):
        E.split_items(s, now[1])


def test_a_feature_s_section_heads_open_no_item(base):
    s = base.copy()
    first = s.ordered_articles()[0]
    assert any(s.role_of[ln] == R.SUBHEAD for ln in s.lines_of(first))  # 强化产业政策支撑 and the like
    with pytest.raises(E.EditError, match="no item"):
        E.split_items(s, first)


def test_a_failing_part_leaves_the_state_untouched(base):
    s = base.copy()
    bad = E.Batch("bad", [E.SetRoles({3: R.HEADLINE}), E.AssignLines({3: 999})])
    with pytest.raises(E.EditError):
        bad.apply(s)
    assert s == base


def test_figures_follow_their_lines_and_rejected_ones_leave_the_result(base):
    s = base.copy()
    fig = next(f for f in s.figures.values() if f.text == "105.3 亿元")
    E.reject_figure(s, fig.id).apply(s)
    assert all(f.text != "105.3 亿元" for f in s.to_analysis().figures)
    E.move_lines(s, [197], 2).apply(s)
    assert s.figures[fig.id] in s.figures_of(2)


def test_unsaved_counts_the_net_change_and_undo_back_to_the_saved_state_leaves_nothing(base):
    h = History(base.copy())
    first = h.state.ordered_articles()[0]
    for title in ("一", "二", "三"):
        assert h.apply(E.set_field(h.state, first, "title", title))
    assert h.unsaved == 3
    h.undo()
    h.undo()
    assert h.unsaved == 1
    h.redo()
    assert h.unsaved == 2
    h.undo()
    h.undo()
    h.undo()
    assert not h.modified and h.unsaved == 0 and h.state == base
    h.redo()
    assert h.unsaved == 1  # redo goes back along the same steps


def test_a_new_edit_after_undoing_past_the_save_counts_both_ways(base):
    h = History(base.copy())
    first = h.state.ordered_articles()[0]
    h.apply(E.set_field(h.state, first, "title", "一"))
    h.apply(E.set_field(h.state, first, "title", "二"))
    h.saved(h.checkpoint())
    h.undo()
    h.apply(E.set_field(h.state, first, "title", "三"))  # a branch beside the saved step
    assert h.unsaved == 2


def test_an_edit_that_changes_nothing_is_neither_applied_nor_logged(base):
    h = History(base.copy())
    fid = sorted(h.state.figures)[0]
    assert h.apply(E.confirm_figure(h.state, fid))
    assert not h.apply(E.confirm_figure(h.state, fid))
    first = h.state.ordered_articles()[0]
    assert not h.apply(
        E.set_role(h.state, [h.state.lines_of(first)[0]], h.state.role_of[h.state.lines_of(first)[0]], first)
    )
    assert h.unsaved == 1 and len(h.log) == 1


def test_edits_made_while_a_save_runs_stay_unsaved_after_it(base):
    h = History(base.copy())
    first = h.state.ordered_articles()[0]
    h.apply(E.split_article(h.state, first, h.state.lines_of(first)[4]))
    saving = h.checkpoint()
    assert [e.label for e, _ in saving.edits] == ["split"]
    h.apply(E.approve_article(h.state, first))
    h.saved(saving)
    assert h.modified and h.unsaved == 1
    assert [e.label for e, _ in h.log] == ["approve article"]


def test_approving_confirms_the_undecided_figures_and_keeps_the_editor_s(base):
    s = base.copy()
    first = s.ordered_articles()[0]
    figs = s.figures_of(first)
    E.reject_figure(s, figs[0].id).apply(s)
    E.edit_figure(s, figs[1].id, label="改").apply(s)
    E.approve_article(s, first).apply(s)
    assert [f.status for f in s.figures_of(first)[:2]] == ["rejected", "edited"]
    assert {f.status for f in s.figures_of(first)[2:]} == {"confirmed"}
    E.approve_page(s).apply(s)
    assert "auto" not in {f.status for f in s.figures.values()} and s.status == "approved"


def test_every_date_of_an_article_rejected_at_once(base):
    s = base.copy()
    first = s.ordered_articles()[0]
    dates = [f.id for f in s.figures_of(first) if f.kind == "date"]
    others = {f.id: f.status for f in s.figures_of(first) if f.kind != "date"}
    E.decide_figures(s, first, "rejected", "date").apply(s)
    assert dates and all(s.figures[f].status == "rejected" for f in dates)
    assert {f.id: f.status for f in s.figures_of(first) if f.kind != "date"} == others
    with pytest.raises(E.EditError):
        E.decide_figures(s, first, "rejected", "date")  # nothing left to decide


def test_a_block_moves_within_its_article_s_reading_order(base):
    s = base.copy()
    first = s.ordered_articles()[0]
    lines = s.lines_of(first)
    body = [ln for ln in lines if s.role_of[ln] == "body"]
    block = body[-3:]
    inverse = E.move_block(s, block, -1).apply(s)
    order = s.reading_order(first)
    assert order.index(block[0]) < order.index(body[-4]) and sorted(order) == lines
    inverse.apply(s)
    assert s.reading_order(first) == lines
    with pytest.raises(E.EditError):
        E.move_block(s, [lines[0]], -1)  # already first


def test_notes_and_the_second_look_are_edits_like_any_other(base):
    s = base.copy()
    first = s.ordered_articles()[0]
    undo = [E.set_note(s, None, "版面待核").apply(s), E.set_note(s, first, "标题有误").apply(s),
            E.second_look(s).apply(s)]  # fmt: skip
    assert (s.note, s.articles[first].note, s.status) == ("版面待核", "标题有误", "second_look")
    for u in reversed(undo):
        u.apply(s)
    assert s == base
