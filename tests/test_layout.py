"""Side-by-side columns (`pdftotext -layout`) rewritten one column after
another, on small pages written for each case (not corpus text)."""

from __future__ import annotations

from pagedesk.core.reading_order.columns import decolumnize, is_side_by_side, split_glued_headlines


def _row(*pieces: tuple[int, str]) -> str:
    """One printed row: each piece of text starting at its column."""
    line = ""
    for x, text in pieces:
        line = line.ljust(x) + text
    return line


LEFT = [
    "海港集团三季度生产经营形势",
    "分析会近日召开，部署安排四",
    "季度和今后一个时期的重点工",
    "作，为完成全年目标任务发起",
    "冲刺。集团所属各单位落实会",
    "议要求，加快推进重点工程建",
    "设，锚定年度目标任务不动摇",
    "，努力跑好年终冲刺最后一棒",
]
RIGHT = [
    "码头公司全力推进智能化改造",
    "，新建自动化泊位两个，完成",
    "堆场调度系统升级和岸桥远程",
    "操控改造，作业效率进一步提",
    "升。四季度，码头公司将持续",
    "加大设备投入，稳步推进二期",
    "工程建设，确保年底前投产。",
]


def _columns(text: str) -> list[list[str]]:
    return [block.split("\n") for block in text.strip("\n").split("\n\n")]


def test_a_column_that_skips_rows_while_its_neighbour_goes_on_is_read_whole():
    # pdftotext puts each line on the row nearest its baseline: the left
    # column's baselines drift, and it skips rows the right one fills
    rows = [_row((0, LEFT[i]), (20, RIGHT[i])) for i in range(4)]
    rows += [_row((20, RIGHT[4 + i])) for i in range(3)]
    rows += [_row((0, LEFT[4 + i])) for i in range(4)]
    assert _columns(decolumnize("\n".join(rows))) == [LEFT, RIGHT]


def test_a_column_that_ends_its_sentence_does_not_take_text_below_a_gap():
    box = ["本期《港口》杂志发表文章：", "《智能港口建设的思考》"]
    rows = [_row((0, box[0])), _row((0, box[1]))] + [""] * 5 + [_row((0, line)) for line in LEFT]
    assert _columns(decolumnize("\n".join(rows))) == [box, LEFT]


def test_two_columns_a_single_space_apart_are_cut_where_the_right_one_starts():
    # a commentary set small: where the left line runs full, one space is all
    # that parts its columns; the rows above, with a short byline, show where
    # the right column starts
    head = ["□ 田昀澍", "港口观察"]
    rows = [_row((0, head[i]), (14, RIGHT[i])) for i in range(2)]
    rows += [LEFT[i] + " " + RIGHT[2 + i] for i in range(5)]
    assert _columns(decolumnize("\n".join(rows))) == [head + LEFT[:5], RIGHT]


def test_a_letter_spaced_headline_on_the_row_of_another_is_a_line_of_its_own():
    rows = ["海港集团“智港”调度系统发布 海 港 集 团 党 组 召 开"] + [
        _row((0, LEFT[i]), (20, RIGHT[i])) for i in range(6)
    ]
    out = decolumnize("\n".join(rows)).split("\n")
    assert out[:3] == ["海港集团“智港”调度系统发布", "", "海 港 集 团 党 组 召 开"]


def test_a_justified_line_spaced_out_in_part_stays_whole():
    spaced = "动 摇 ， 稳 步 推 进 乐 东 10- 1 气"
    rows = [_row((0, LEFT[i]), (40, RIGHT[i])) for i in range(3)] + [_row((0, spaced), (40, RIGHT[3]))]
    assert spaced in decolumnize("\n".join(rows)).split("\n")


def test_two_headlines_printed_on_one_line_are_put_on_two():
    # pdftotext without -layout: the row of a small headline and a large
    # letter-spaced one becomes one line
    text = "海港集团“智港”调度系统发布 海 港 集 团 党 组 召 开\n本报讯 10 月 14 日 ， 海 港 集 团 党 组 召 开\n"
    assert split_glued_headlines(text).split("\n") == [
        "海港集团“智港”调度系统发布",
        "海 港 集 团 党 组 召 开",
        "本报讯 10 月 14 日 ， 海 港 集 团 党 组 召 开",
        "",
    ]


MIDDLE = [
    "港务局召开安全生产专题会议",
    "，要求各单位压实主体责任，",
    "深入排查风险隐患，确保节日",
    "期间港区生产安全平稳有序。",
    "会议强调，要加强值班值守，",
    "严格执行领导带班制度，遇有",
]


def test_columns_on_rows_of_their_own_are_seen_side_by_side_and_read_down():
    # baselines that never meet: each column's lines get rows of their own,
    # set in from the left by the columns before them
    rows = []
    for i in range(6):
        rows += [_row((0, LEFT[i])), _row((24, MIDDLE[i])), _row((48, RIGHT[i]))]
    text = "\n".join(rows)
    assert is_side_by_side(text)
    assert _columns(decolumnize(text)) == [LEFT[:6], MIDDLE, RIGHT[:6]]


def test_columns_a_space_apart_are_cut_a_column_line_from_the_left_where_the_grid_drifts():
    # where the left column's line holds a number it runs a place longer, and
    # the right column starts a place further on those rows: no gutter and
    # no edge in line, only the width of a column line tells where to cut
    ends = ["作出部署。", "抓好落实。", "取得实效。", "再创佳绩。"]
    drifting = [
        "全年完成吞吐量12亿吨的目标",
        "今年前三季度增长10%以上",
        "集装箱吞吐量达到35万标箱",
        "新开国际航线16条，连通港口",
    ]
    rows = [_row((0, ends[i]), (14, RIGHT[i])) for i in range(4)]
    rows += [drifting[i] + " " + MIDDLE[i] for i in range(4)]
    rows += [LEFT[i] + " " + RIGHT[4 + i if i < 3 else 0] for i in range(4)]
    got = [piece for block in _columns(decolumnize("\n".join(rows))) for piece in block]
    assert all(line in got for line in drifting + MIDDLE[:4]), got
