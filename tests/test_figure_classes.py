"""Every class of figure an editor checks, and every kind of number that is
not one, on sentences written for these tests."""

from __future__ import annotations

import pytest

from pagedesk.core import analyze_page
from pagedesk.core.evaluation import close_text


def figures(body: str, name: str = "rmrb_2024-10-16_p1.txt"):
    page = "测试新闻标题\n\n本报讯 " + body + "\n"
    a = analyze_page(page, name)
    for f in a.figures:
        assert page[f.start : f.end] == f.text
    return a.figures


def by_text(body: str, name: str = "rmrb_2024-10-16_p1.txt"):
    return {f.text: f for f in figures(body, name)}


@pytest.mark.parametrize(
    "body, text, value, kind",
    [
        # 万/亿 before a counted noun, no measure word
        ("全国14亿中国人共同努力。", "14亿", 1.4e9, "count"),
        ("服务32万业主。", "32万", 320000, "count"),
        ("平台拥有1.09亿用户。", "1.09亿", 109000000, "count"),
        ("帮助300万贫困人口脱贫。", "300万", 3000000, "count"),
        # measure words and units
        ("出台14部法规。", "14部", 14, "count"),
        ("四省联动治理。", "四省", 4, "count"),
        ("覆盖42城。", "42城", 42, "count"),
        ("与65国签约。", "65国", 65, "count"),
        ("颗粒直径0.3微米。", "0.3微米", 0.3, "measure"),
        ("吞吐量达120万标箱。", "120万标箱", 1200000, "measure"),
        ("日产原油50万桶。", "50万桶", 500000, "measure"),
        ("每亩多收300斤。", "300斤", 300, "measure"),
        ("吃了两粒药。", "两粒", 2, "count"),
        ("人均耕地不足一亩。", "一亩", 1, "measure"),  # 一 with its qualifier is an amount, not "a"
        ("篇幅压缩近一半。", "一半", 50, "percent"),
        ("60周岁以上老人全部参保。", "60周岁", 60, "measure"),  # an age, not 60 weeks
        ("平均设备连接数69万台。", "69万台", 690000, "count"),  # 数 ends a noun here: not 数十, 数百
        # shares and ratios
        ("六成企业已复工。", "六成", 60, "percent"),
        ("约占三分之一。", "三分之一", 33.33, "percent"),
        ("达到百分之九十五。", "百分之九十五", 95, "percent"),
        ("占1/10左右。", "1/10", 10, "percent"),
        ("产量是过去的两倍。", "两倍", 2, "measure"),
        # signs
        ("利润增速为-3.5%。", "-3.5%", -3.5, "percent"),
        ("利润增速为−3.5%。", "−3.5%", -3.5, "percent"),
        ("气温降至零下5摄氏度。", "零下5摄氏度", -5, "measure"),
    ],
)
def test_each_class_is_read_with_its_value(body, text, value, kind):
    f = by_text(body)[text]
    assert f.value == pytest.approx(value) and f.kind == kind


@pytest.mark.parametrize(
    "body, text, value, low, high",
    [
        ("近千户村民受益。", "千户", 1000, None, None),
        ("上千名志愿者参与。", "千名", 1000, None, None),
        ("吸引上万人参观。", "万人", 10000, None, None),
        ("万余人次到场。", "万余人次", 10000, None, None),
        ("投入数十亿元。", "数十亿元", 9e9, 2e9, 9e9),
        ("产量是过去的3—5倍。", "3—5倍", 5, 3, 5),
        ("两三个人一组。", "两三个", 3, 2, 3),
        ("吞吐量两三百万吨。", "两三百万吨", 3e6, 2e6, 3e6),  # not 300万 (两 read as a digit of 三百)
        ("来了七八千人。", "七八千人", 8000, 7000, 8000),
        ("每天能接三五单。", "三五单", 5, 3, 5),  # three to five, not 35
        ("其中护林员100多万。", "100多万", 1000000, None, None),
        ("报价三四毛钱。", "三四毛钱", 0.4, 0.3, 0.4),  # tenths of a yuan
    ],
)
def test_amounts_without_digits_and_ranges(body, text, value, low, high):
    f = by_text(body)[text]
    assert f.value == value and (f.low, f.high) == (low, high)


def test_one_unit_for_two_numbers():
    got = by_text("两项指标分别提高4.4和3.6个百分点。")
    assert got["4.4"].unit == "个百分点" and got["3.6个百分点"].value == 3.6
    years = by_text("连续3年（2017、2018、2019年）获评先进。")
    assert [years[t].iso for t in ("2017", "2018", "2019年")] == ["2017", "2018", "2019"]


def test_the_start_or_end_of_a_year_named_by_today_is_a_date_and_a_period():
    got = by_text("去年底还剩15万人，今年初开工。多年来累计发放贷款55.9亿元。三年前，他每月工资1500元。")
    assert got["去年底"].iso == "2023" and got["今年初"].iso == "2024"
    assert got["15万人"].period == "去年底"
    assert got["55.9亿元"].period == "多年来" and got["1500元"].period == "三年前"
    assert "今年初" not in by_text("儿子今年初三，正是中考复习关键时期。")  # a school year


def test_a_quarter_written_with_its_ordinal_is_a_period():
    got = by_text("去年第四季度收费14亿元，2019年第四季度审计。")
    assert got["去年第四季度"].iso == "2023-10/2023-12" and got["2019年第四季度"].iso == "2019-10/2019-12"


def test_dates_and_periods_carry_their_iso_form_with_the_page_s_year():
    got = by_text("10月14日，项目开工；1—5月产值增长，前三季度利润上升。2019年至2021年累计投资。两三个月后完工。")
    assert got["10月14日"].iso == "2024-10-14"
    assert got["1—5月"].iso == "2024-01/2024-05" and (got["1—5月"].low, got["1—5月"].high) == (1, 5)
    assert got["前三季度"].iso == "2024-01/2024-09" and got["前三季度"].qualifier == "前"
    assert got["2019年至2021年"].iso == "2019/2021"
    assert got["两三个月"].iso == "P2M/P3M"  # not 23 months


def test_a_year_s_end_written_either_way_is_one_date_and_the_period_of_its_sentence():
    got = by_text("截至2019年年底，园区入驻企业达1189家，年收入4154亿元。")
    assert got["2019年年底"].iso == by_text("2019年底，园区建成。")["2019年底"].iso
    assert got["4154亿元"].period == "截至2019年年底"  # a clause away: the sentence opens with it


def test_a_past_story_keeps_its_year_and_a_present_one_the_page_s():
    past = by_text("2012年2月23日，他执行任务归来。\n2月24日，案件告破。")
    assert past["2月24日"].iso == "2012-02-24"
    present = by_text("4月21日，学院收到来信。\n1974年12月，两校结缘。\n1月22日，学院再次收到慰问信。")
    assert present["1月22日"].iso == "2024-01-22"


def test_a_page_of_no_date_gives_month_and_day_without_a_year():
    assert by_text("10月14日，项目开工。", name="")["10月14日"].iso == "--10-14"


TRAPS = [
    "十三届全国人大三次会议",
    "十九届四中全会",
    "五棵松",
    "四元桥",
    "唯一一个",
    "零件",
    "一是",
    "二是",
    "第三十五条",
    "5G",
    "锦州23-2",
    "CN 11-0138",
    "总第3807期",
    "十四五",
    "010-84528274",
    "两个维护",
    "四个意识",
    "一带一路",
    "八月笋",
    "90后",
    "KN95",
    "周休3日制",
    "长征五号",
    "第十五中学",
    "创新发展16条",
    "一位老人",
    "八项规定",
    "第十三届全国委员会第三次会议",
    "第一位",
    "两个大局",
    "晚上一起",
    "今年初三",
    "7×24小时",
]

# every trap above among figures that must all still be found
TRAP_PAGE = (
    "十三届全国人大三次会议期间，代表们在五棵松和四元桥调研，唯一一个零件厂投资3亿元。"
    "一是加强监管，二是落实第三十五条，5G基站新建120座。锦州23-2油田日产原油2000吨，"
    "CN 11-0138刊号，总第3807期。“十四五”期间增长6.5%。咨询电话010-84528274。"
    "坚决做到“两个维护”、增强“四个意识”，共建“一带一路”，已与65个国家签约。"
    "八月笋亩产800斤，90后青年占比超七成，采购KN95口罩1万只，推行周休3日制。"
    "长征五号成功发射，第十五中学1200名学生参加，出台“创新发展16条”，一位老人捐款5000元。"
    "十九届四中全会精神传达到28个省。贯彻中央八项规定精神，查处问题15起。"
    "政协第十三届全国委员会第三次会议在京举行，把安全放在第一位，统筹两个大局，新建学校3所。"
    "白天一起干活，晚上一起烤火，儿子今年初三，养鸡200只。热线7×24小时在线。"
)
TRAP_FIGURES = {
    "3亿元", "120座", "2000吨", "6.5%", "65个", "800斤", "七成", "1万只", "1200名", "5000元", "28个", "15起",
    "3所", "200只",
}  # fmt: skip


def test_no_figure_overlaps_a_trap_and_every_figure_is_found():
    got = figures(TRAP_PAGE)
    texts = {f.text for f in got}
    assert TRAP_FIGURES <= texts, TRAP_FIGURES - texts
    page = "测试新闻标题\n\n本报讯 " + TRAP_PAGE + "\n"
    for trap in TRAPS:
        at = page.index(trap)
        overlapping = [f.text for f in got if f.start < at + len(trap) and at < f.end]
        assert not overlapping, (trap, overlapping)


def test_a_day_alone_takes_the_month_of_its_paragraph_or_the_page():
    body = "截至5月3日，病例降至500例以下，为1月23日以来最低。\n4日，召开新闻发布会。"
    got = by_text(body, "rmrb_2020-05-05_p1.txt")
    assert got["4日"].iso == "2020-05-04"  # not January: 1月23日 was history, in the paragraph before
    story = by_text("2010年7月28日，他赶赴灾区。\n30日，大桥合龙。", "rmrb_2020-05-05_p1.txt")
    assert story["30日"].iso == "2010-07-30"  # a story of another year keeps its month


def test_an_ordinal_is_read_whole_and_a_rank_is_a_rank():
    assert by_text("编写了第一本专业教材，建成第一套观测系统。")["第一本"].kind == "rank"
    got = by_text("第四十三届运动会上，他获得第一名，公司位列全省第三。")
    assert got["第四十三届"].value == 43 and got["第四十三届"].kind == "rank"
    assert got["第一名"].value == 1 and got["第一名"].kind == "rank"


@pytest.mark.parametrize("cut", range(1, 8))
def test_a_figure_cut_by_the_wrap_at_any_place_is_whole(cut):
    text = "总产值105.3亿元"
    line = "本报讯 今年全区实现" + text[:cut] + "\n" + text[cut:] + "，同比增长6.7%。"
    a = analyze_page("测试新闻标题\n\n" + line + "\n", "rmrb_2024-10-16_p1.txt")
    money = [f for f in a.figures if f.kind == "money"]
    assert len(money) == 1 and money[0].value == 10530000000


@pytest.mark.parametrize(
    "body, text, label",
    [
        ("冷链园投用后，可带动就业1500人以上。", "1500人", "就业"),  # a verb used as a noun
        ("设备采购已经完成9亿元。", "9亿元", "设备采购"),
        ("全省累计建成公共充电桩9.7万个。", "9.7万个", "充电桩"),  # a one-character noun cut off
        ("县里建成村级电商服务点186个。", "186个", "电商服务点"),
        ("服务站累计发出包裹12.4万件。", "12.4万件", "包裹"),  # the object, tagged a verb
        ("工业增加值增速位列全盟第二位。", "第二位", "增速"),  # what is ranked, before the rank
        ("单机效率比传统码头高出约30%。", "30%", "高出"),
        ("5.6万亩的国家级生态公益林枝繁叶茂。", "5.6万亩", "生态公益林"),  # an idiom ends the noun
        ("25个项目一次性成交。", "25个", "项目"),
        ("全镇常住庭院户12191户。", "12191户", "庭院户"),
        ("其中境外输入2例。", "2例", "境外输入"),
        ("高新技术产业占比超七成。", "七成", "占比"),
        ("地基岩石硬度是普通混凝土的两倍。", "两倍", "硬度"),  # what a ratio measures stands before 是
        ("相比首届的1.04亿元成交额，增幅明显。", "1.04亿元", "成交额"),  # money named after it
        ("贫困发生率从10.2%降至0.6%。", "0.6%", "发生率"),  # from … to …: one label
        ("工业企业开工率和职工复岗率分别达到99.1%和95.4%。", "95.4%", "复岗率"),  # 分别: each its own
        ("营收分别增长35.2%和67.7%。", "67.7%", "增长"),
        ("红安等12所“国防特色教育学校”引领学子。", "12所", "国防特色教育学校"),  # a quoted name, whole
        ("组织10位“分享村庄”带头人赴韩国交流。", "10位", "带头人"),  # a quoted modifier is not the noun
    ],
)
def test_the_label_is_the_noun_of_the_sentence_whatever_its_tag(body, text, label):
    got = by_text(body)[text].label
    assert close_text(label, got), got  # as pagedesk eval scores it: 占比 for 产业占比


@pytest.mark.parametrize(
    "body, text, period",
    [
        ("全县玉米平均亩产685公斤，比去年增加42公斤。", "42公斤", ""),  # 去年 is the baseline
        ("通关时间压缩至18小时以内，已服务进出口企业3200余家。", "3200余家", ""),  # a measured length of time
        ("最近两个月，平台新增用户5万人。", "5万人", "两个月"),  # a length of time as the time
        ("本报讯（通讯员陈立）11月5日上午，海事局联合7家单位开展演练，出动船艇9艘。", "9艘", "11月5日上午"),
        ("眼下正值秋收，全县38万亩玉米已收获。", "38万亩", "眼下"),
        ("预计全年粮食总产量将达到52万吨。", "52万吨", "全年"),
        ("如今，5个新村建成。", "5个", "如今"),
        ("武汉因疫情“封城”期间，网点累计开门1213次。", "1213次", "武汉因疫情“封城”期间"),
        # a length of time that says how long something lasted is a figure of its own
        ("作为一名有12年工龄的老司机，他每天运送乘客300余人次。", "300余人次", ""),
        ("志愿者开展了为期三个月的服务，筹集物资200余件。", "200余件", ""),
        ("老李20多年植树8万株。", "8万株", "20多年"),  # a length of time in which it was done
    ],
)
def test_the_period_is_the_time_the_sentence_gives_the_figure(body, text, period):
    assert by_text(body)[text].period == period


def test_books_are_counted_and_one_book_is_a_word():
    got = by_text("去年人均阅读量为6.8本，比上年增加0.4本。一本好书值得细读。")
    assert got["6.8本"].value == 6.8 and got["0.4本"].value == 0.4
    assert not any("一本" in t for t in got)
