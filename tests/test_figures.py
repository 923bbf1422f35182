"""Figures: values normalised, units and kinds, spans back into the page, and
the numbers that are not figures."""

from __future__ import annotations

import pytest

from pagedesk.core import analyze_page


def figures(body: str):
    page = "测试新闻标题\n\n本报讯 " + body + "\n"
    a = analyze_page(page)
    for f in a.figures:
        assert page[f.start : f.end] == f.text  # every span points into the page
    return a.figures


def one(body: str):
    got = figures(body)
    assert len(got) == 1, [f.text for f in got]
    return got[0]


@pytest.mark.parametrize(
    "body, text, value, unit, kind",
    [
        ("全年实现营业收入105.3亿元。", "105.3亿元", 10530000000, "元", "money"),
        ("项目总投资3780万元。", "3780万元", 37800000, "元", "money"),
        ("出口额达到12亿美元。", "12亿美元", 1200000000, "美元", "money"),
        ("利润同比增长28.6%。", "28.6%", 28.6, "%", "percent"),
        ("占比提高2.3个百分点。", "2.3个百分点", 2.3, "个百分点", "percent"),
        ("全市新增就业5.2万人。", "5.2万人", 52000, "人", "count"),
        ("累计培育企业133家。", "133家", 133, "家", "count"),
        ("每天处理天然气470万立方米。", "470万立方米", 4700000, "立方米", "measure"),
        ("平台均重约16000吨。", "16000吨", 16000, "吨", "measure"),
        ("装机容量达1080万千瓦。", "1080万千瓦", 10800000, "千瓦", "measure"),
        ("创新港政策二十条已发布。", "二十条", 20, "条", "count"),
        ("全县共有一百零五个村。", "一百零五个", 105, "个", "count"),
    ],
)
def test_values_are_normalised_to_base_units(body, text, value, unit, kind):
    f = one(body)
    assert (f.text, f.value, f.unit, f.kind) == (text, value, unit, kind)


@pytest.mark.parametrize(
    "body, qualifier",
    [
        ("共接待游客近200人次。", "approx"),
        ("为50余家企业提供服务。", "over"),
        ("总产值超过285亿元。", "over"),
        ("累计开展活动300多场。", "over"),
        ("投入资金约3亿元。", "approx"),
        ("缺口不足5000吨。", "under"),
    ],
)
def test_approximations(body, qualifier):
    assert one(body).qualifier == qualifier


def test_ranges_and_periods():
    got = figures("今年1-8月，工业增加值增长9.9%；1至9月产量稳步提升，前三季度总产值增长5%。")
    by = {f.text: f for f in got}
    first = by["今年1-8月"]
    assert first.kind == "period" and first.qualifier == "range" and (first.low, first.high) == (1, 8)
    assert by["1至9月"].kind == "period" and by["1至9月"].value == 9
    assert by["前三季度"].kind == "period" and by["前三季度"].value == 3
    assert by["9.9%"].period == "今年1-8月" and by["9.9%"].label == "增长"  # a rate of change: its verb
    assert by["5%"].period == "前三季度"


def test_a_range_of_quantities_keeps_the_upper_bound():
    f = one("每亩增收3000-5000元。")
    assert f.value == 5000 and f.qualifier == "range" and f.kind == "money"


def test_dates():
    by = {f.text: f for f in figures("2024年10月16日，会议召开；10月 18日挂牌。")}
    assert by["2024年10月16日"].kind == "date" and by["2024年10月16日"].value == 16
    assert by["10月 18日"].kind == "date"


def test_numbers_cut_by_the_wrap_or_spaced_are_whole():
    page = "测试新闻标题\n\n本报讯 山东省级制造业单项冠军企业2\n家。总产值 105.3 亿元，同比增\n\n长28.6%。\n"
    a = analyze_page(page)
    by = {f.text: f for f in a.figures}
    assert by["2\n家"].value == 2 and by["105.3 亿元"].value == 10530000000
    assert by["28.6%"].label.endswith("增长")


@pytest.mark.parametrize(
    "body",
    [
        "建成5G基站一座。",  # technology name
        "锦州23-2油田开发项目完工。",  # field name
        "国内统一连续出版物号CN 11-0138。",
        "本报总第3807期今日出版。",
        "“十四五”以来成效显著。",
        "咨询电话（010）84528274。",
        "第20期《求是》杂志。",
        "陵水36-1气田投产。",
    ],
)
def test_names_codes_and_phone_numbers_are_not_figures(body):
    assert figures(body) == []


def test_a_headline_figure_missing_from_the_body_is_flagged():
    page = "全市投资增长12.5%\n\n本报讯 今年以来，全市固定资产投资增长8.1%，其中工业投资增长15%。\n"
    a = analyze_page(page)
    head = [f for f in a.figures if f.line == 1]
    assert head and head[0].flag and head[0].confidence < 0.5
    body = [f for f in a.figures if f.line == 3]
    assert body and all(f.flag == "" for f in body)


@pytest.mark.parametrize(
    "headline, body",
    [
        ("前三季度营收超470亿元", "前三季度，公司实现营业收入475.6亿元。"),  # 超: the body a little above
        ("营收突破470亿元", "公司实现营业收入475.6亿元。"),
        ("快递业务量逾2亿件", "全国快递业务量完成2.17亿件。"),
        ("复工率近五成", "目前企业复工率为49.7%。"),
        ("快递业务量2亿件", "全国快递业务量完成2.17亿件。"),  # rounded to its last digit
        ("全国注册护士数达445万", "全国注册护士数量达445万人。"),  # a bare 万 in the headline
        ("去年四季度第二届博览会开幕", "博览会于去年12月举行。"),  # dates and ranks are not checked
    ],
)
def test_a_headline_figure_the_body_bears_out_as_worded_is_not_flagged(headline, body):
    a = analyze_page(f"{headline}\n\n本报讯 {body}\n")
    head = [f for f in a.figures if f.line == 1]
    assert head and not any(f.flag for f in head), [(f.text, f.flag) for f in head]


def test_a_headline_figure_rounded_the_wrong_way_is_flagged():
    a = analyze_page("营收超480亿元\n\n本报讯 公司实现营业收入475.6亿元。\n")
    assert [f.flag for f in a.figures if f.line == 1] == ["headline figure not in body"]


def test_labels_name_the_metric():
    by = {
        f.text: f for f in figures("该企业已经完成合同额3亿元，发挥386名驻厂员作用，引进快鱼、诚迈等50个数字技术项目。")
    }
    assert by["3亿元"].label == "合同额"
    assert by["386名"].label == "驻厂员"
    assert by["50个"].label.endswith("技术项目")  # after the measure word, not 快鱼、诚迈


def test_a_label_the_rules_cannot_read_is_picked_beside_the_figure_and_marked_for_checking():
    from pagedesk.core.editing.state import LOW_FIGURE

    done, capacity, firms = (
        one(b) for b in ("目前新厂房土建已完成65%。", "全省储能电池产能达到40吉瓦时。", "园区引进企业28家。")
    )
    assert done.label == "土建"  # the rules read nothing here: 已完成 stands between
    assert capacity.label == "产能"  # the words passed over (达到) are no part of a label
    assert done.confidence < LOW_FIGURE and capacity.confidence < LOW_FIGURE  # the review stops on them
    assert firms.label == "企业" and firms.confidence >= LOW_FIGURE


def test_a_noun_right_after_an_amount_of_money_names_it():
    assert one("平台首批投放500万元惠民消费券。").label.endswith("消费券")  # not 投放, the verb before
    assert one("项目总投资3780万元建设厂房。").label == "投资"  # a verb after: the noun before stays


def test_two_measures_side_by_side_share_their_noun():
    by = {f.text: f for f in figures("累计拆除危房320户2.1万平方米，复垦土地150亩。")}
    assert by["320户"].label == by["2.1万平方米"].label == "危房"


def test_a_date_or_baseline_before_a_figure_is_not_its_label():
    by = {
        f.text: f
        for f in figures(
            "3月份，全国营业性货运量达32.6亿吨，比2月份提高16.9个百分点；"
            "2月份食品价格同比上涨14.8%，销量为去年同期的95%。"
        )
    }
    assert by["32.6亿吨"].label == "货运量"
    assert "月" not in by["16.9个百分点"].label  # not 月份提高
    assert by["14.8%"].label == "上涨"  # a rate of change: its verb, not 月食品价格…
    assert by["95%"].label == "销量"  # not 去年同期, what it is compared with
