"""Headlines displaced to the end of the page: which lines go together."""

from __future__ import annotations

from pagedesk.core import analyze_page
from pagedesk.core.segmentation.headline_runs import new_article_log_odds

H = "head"


def odds(texts: list[str], kinds: list[str] | None = None) -> list[float]:
    kinds = kinds or [H] * len(texts)
    return [new_article_log_odds(texts, kinds, k) for k in range(1, len(texts))]


def test_a_kicker_dash_a_subtitle_and_a_byline_stay_with_their_title():
    assert odds(["城乡居民收入稳步增长——", "春耕时节田间忙"])[0] < -1
    assert odds(["港口吞吐量创新高", "——一季度外贸运行观察"])[0] < -1
    assert odds(["港口吞吐量创新高", "▶李明"], [H, "byline"])[0] < -1


def test_a_column_name_or_a_byline_closes_an_article_s_headlines():
    assert odds(["春耕时节田间忙（乡村振兴·一线见闻）", "港口吞吐量创新高"])[0] > 1
    assert odds(["港口吞吐量创新高", "▶李明", "新能源汽车走进乡村"], [H, "byline", H])[1] > 1


def _page(tail: list[str]) -> tuple[str, list[int]]:
    """A page of two reports with `tail` after them, a blank line after every
    line; and the line numbers of the tail's lines."""
    harbour = (
        "本报天津4月2日电（记者王海）一季度，天津港集装箱吞吐量达到四百二十万标准箱，"
        "同比增长百分之六。港口新开通三条外贸航线，码头作业效率持续提升。",
        "港口负责人介绍，自动化码头投入运行后，集装箱船舶平均在港时间缩短两成，外贸企业的物流成本随之下降。",
    )
    farm = (
        "本报石家庄4月2日电（记者赵田）春耕时节，河北各地农民忙着整地播种，农机合作社的拖拉机在麦田里来回穿梭。",
        "今年全省春播面积预计稳定在六千万亩以上，农业部门组织技术人员下田指导，帮助种粮农户解决化肥和种子供应问题。",
    )
    lines: list[str] = []
    for para in harbour + farm:
        lines += [para[i : i + 20] for i in range(0, len(para), 20)]
    numbers = [2 * (len(lines) + k) + 1 for k in range(len(tail))]
    return "\n\n".join(lines + tail) + "\n", numbers


def test_displaced_kicker_and_title_go_to_one_article_and_the_next_title_to_the_other():
    # the kicker and the second title share no word with either body: only
    # their make (a dash, a column name, a subtitle below) places them
    tail = ["开放步伐不停歇——", "港口吞吐量创新高（经济观察）", "希望的田野上", "——河北春播见闻"]
    text, numbers = _page(tail)
    analysis = analyze_page(text)
    assert len(analysis.articles) == 2
    article_of = analysis.article_of_line()
    homes = [article_of.get(no) for no in numbers]
    harbour_home = article_of[1]
    assert homes[:2] == [harbour_home, harbour_home]
    assert homes[2] == homes[3] != harbour_home
