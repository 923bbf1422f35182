"""Segmentation rules on small pages written for the case (not corpus text):
each page shows one way an extractor scrambles headline lines."""

from __future__ import annotations

from pagedesk.core import analyze_page
from pagedesk.core.segmentation.breaks import Break, series


def _wrap(paragraph: str, width: int = 18) -> list[str]:
    return [paragraph[i : i + width] for i in range(0, len(paragraph), width)]


def _page(*blocks: list[str] | str) -> str:
    lines: list[str] = []
    for b in blocks:
        lines += [b] if isinstance(b, str) else b
    return "\n".join(lines) + "\n"


def _first_sentence(wrapped: list[str]) -> int:
    """How many of the wrapped lines it takes to end the first sentence."""
    return next(k for k, ln in enumerate(wrapped) if ln.endswith("。")) + 1


def _breaks(text: str):
    """The page's units and the breaks between its paragraphs, with their cues."""
    from pagedesk.core.segmentation.breaks import PageCohesion, describe_breaks
    from pagedesk.core.segmentation.units import PARA, build_units, read_lines
    from pagedesk.core.text.page import LineTable

    units = build_units(read_lines(LineTable.of(text)))
    paras = [i for i, u in enumerate(units) if u.kind == PARA]
    return units, describe_breaks(units, paras, PageCohesion(units, paras), False)


COMMENTARY = _wrap(
    "智能港口建设正在提速。码头引入无人集卡和智能理货系统以后，船舶在港时间明显缩短，"
    "港口作业效率大幅提升。建设智能港口，要把数据用起来，让调度系统看得清每一只集装箱。"
) + _wrap(
    "奔向智能港口新高地，不会一蹴而就。港口企业要培养懂码头也懂算法的人才，把智能调度、"
    "智能理货和无人集卡连成一张网，才能让港口真正跑出加速度。"
)
REPORT = _wrap(
    "本报讯 记者从海上风电项目部获悉，渤海首座海上风电场近日完成全部风机吊装并网发电。"
    "这座海上风电场共安装风机三十台，并网发电后每年可向电网输送清洁电力约十亿千瓦时。"
) + _wrap(
    "项目负责人介绍，渤海海域冬季冰情复杂，海上风电场的基础采用了抗冰设计，"
    "风机塔筒和海缆都经过冰载荷试验，确保并网发电以后长期稳定运行。"
)


def _article_of(analysis, line_no: int):
    return next((a for a in analysis.articles if line_no in a.lines), None)


def test_a_byline_mark_on_its_own_line_joins_the_name_beside_it():
    # pdfminer prints a commentary's "□ 田昀澍" as the name, then the mark alone
    text = _page(["让智能港口跑出加速度", "田昀澍", "□"], COMMENTARY)
    article = _article_of(analyze_page(text), 4)
    assert article is not None
    assert article.roles.get(2) == "byline" and article.roles.get(3) == "byline"
    assert article.roles.get(1) == "headline"


def test_a_title_stacked_on_another_storys_title_goes_to_its_own_body():
    # a commentary's title, the title of the report beside it and the
    # commentary's byline, one under the other above the commentary
    text = _page(["奔向智能港口新高地", "渤海首座海上风电场并网发电", "田昀澍", "□"], COMMENTARY, REPORT)
    analysis = analyze_page(text)
    commentary = _article_of(analysis, 5)
    report = _article_of(analysis, 5 + len(COMMENTARY))
    assert commentary is not None and report is not None and commentary is not report
    assert 1 in commentary.lines, "the commentary's title went elsewhere"
    assert 2 in report.lines, "the report's title stayed over the commentary"


def test_two_stacked_titles_sharing_their_words_with_both_leads_go_where_a_lead_repeats_one():
    # every word of 海港集团党组召开 is in both bodies (党组书记, 在集团总部召开);
    # only one lead repeats it word for word
    meeting = _wrap(
        "本报讯 10月14日，海港集团党组召开安全生产专题会议，部署四季度安全生产工作。"
        "会议要求，各单位要压实安全责任，深入排查码头作业风险，确保全年安全生产形势稳定。"
    )
    launch = _wrap(
        "本报讯 10月14日，海港集团“智港”调度系统发布会在集团总部召开。海港集团党组书记出席并致辞。"
        "“智港”调度系统汇聚码头作业数据，可以为船舶靠泊、堆场调度和集卡运输提供智能决策支持。"
    )
    text = _page(["海港集团“智港”调度系统发布", "海港集团党组召开"], meeting, launch)
    analysis = analyze_page(text)
    first, second = _article_of(analysis, 3), _article_of(analysis, 3 + len(meeting))
    assert first is not None and second is not None and first is not second
    assert 2 in first.lines, "the meeting's title went elsewhere"
    assert 1 in second.lines, "the launch's title stayed over the meeting"


def _gap(**cues: float) -> Break:
    f = {"n_short": 0.0, "kicker": 0.0, "subtitle": 0.0, "byline": 0.0, "caption": 0.0}
    f.update(cues)
    return Break(0, 0, 1, [], f)


def test_breaks_under_heads_of_one_pattern_are_counted_as_a_series():
    # a feature's sections under 保居民就业—— / title, three times, and one
    # ordinary headline: only the sections form a series
    sections = [_gap(n_short=2.0, kicker=1.0) for _ in range(3)]
    headline = _gap(n_short=1.0)
    plain = _gap()
    breaks = sections + [headline, plain]
    series(breaks)
    assert [g.features["series"] for g in sections] == [2.0, 2.0, 2.0]
    assert headline.features["series"] == 0.0
    assert plain.features["series"] == 0.0


def test_section_heads_set_in_parallel_are_told_from_headlines_of_other_lengths():
    # three sections under twelve-character heads, one report under a title
    # of another length: the break model hears how many heads match each
    heads = ["坚守每一天，服务千家万户", "站好每班岗，维护社会运转", "奋斗每一秒，守护万家灯火"]
    c, r = _first_sentence(COMMENTARY), _first_sentence(REPORT)
    text = _page(
        COMMENTARY[:c],
        heads[0],
        COMMENTARY[c:],
        heads[1],
        REPORT[:r],
        heads[2],
        REPORT[r:],
        "海上风电全部并网",
        COMMENTARY,
    )
    units, breaks = _breaks(text)
    breaks = [g for g in breaks if g.between]
    alike = {units[g.between[0]].text: g.features["parallel"] for g in breaks}
    assert [alike[h] for h in heads] == [2.0, 2.0, 2.0]
    assert alike["海上风电全部并网"] == 0.0


def test_a_closing_note_wrapped_over_two_lines_signs_the_article_above():
    # a long list of reporters in brackets wraps; its short last line must not
    # read as a headline that opens the next article
    note = 2 + len(REPORT)
    text = _page(
        ["渤海首座海上风电场并网发电"],
        REPORT,
        ["（本报记者张洋、靳博、程焕、巨云鹏、", "刘新吾、闫旭、李龙伊）"],
        ["智能港口跑出加速度"],
        COMMENTARY,
    )
    analysis = analyze_page(text)
    first = _article_of(analysis, 2)
    assert first is not None
    assert first.roles.get(note) == "signature" and first.roles.get(note + 1) == "signature"
    second = _article_of(analysis, note + 3)
    assert second is not None and second is not first
    assert second.roles.get(note + 2) == "headline"


def test_the_second_half_of_a_body_glued_to_the_article_above_goes_back_to_its_start():
    # a column-order error: the report's second half is printed under the
    # harbour article, above the report's headline; its first half then
    # stops mid-sentence where the second half goes on (装机容|量)
    harbour = _wrap(
        "本报讯 记者从海港集团获悉，智能码头二期工程近日投入运行。新码头引入无人集卡和智能理货系统，"
        "船舶在港时间明显缩短。"
    ) + _wrap("海港集团有关负责人介绍，今年以来集团集装箱吞吐量保持增长，港口作业效率进一步提升。")
    second_half = _wrap(
        "量达到五十万千瓦，每年可向电网输送清洁电力约十亿千瓦时，风电场的基础采用了抗冰设计，"
        "风机塔筒和海缆都经过冰载荷试验，确保风电场并网发电以后长期稳定运行。"
    )
    first_half = _wrap(
        "本报讯 记者从海上风电项目部获悉，渤海首座海上风电场近日完成全部风机吊装并网发电。"
        "这座海上风电场共安装风机三十台，风电场总装机容"
    )
    text = _page(
        ["智能码头二期工程投入运行"],
        harbour,
        second_half,
        ["渤海首座海上风电场并网发电"],
        first_half,
        ["城市书房开到家门口"],
        _wrap("本报讯 全市首批二十家城市书房昨日开放，市民可以凭借书证免费借阅图书，书房每天开放十二个小时。"),
    )
    analysis = analyze_page(text)
    report = _article_of(analysis, 2 + len(harbour) + len(second_half) + 1)
    assert report is not None
    glued = range(2 + len(harbour), 2 + len(harbour) + len(second_half))
    assert all(ln in report.lines for ln in glued), "the second half stayed with the harbour article"


def test_a_paragraph_going_on_from_the_one_above_with_nothing_between_never_opens_an_article():
    # the words change (a list's next item, the photo's caption) but 此外,
    # 二是 and 图为 point back: no article starts there
    for opener in ("此外，", "二是", "图为"):
        follow = _wrap(opener + "夜间施工的工人们正在吊装最后一台设备，海面上灯火通明，照亮了整片作业区域。")
        text = _page(["渤海首座海上风电场并网发电"], REPORT, follow)
        analysis = analyze_page(text)
        last = len(REPORT) + len(follow)
        assert _article_of(analysis, last + 1) is _article_of(analysis, 2), opener


def test_a_paragraph_going_on_from_the_one_above_never_opens_an_article():
    # new words and a blank line more, which alone would start an article,
    # but 此外, 二是 and 图为 point back to the text above
    for opener in ("此外，", "二是", "图为"):
        follow = _wrap(
            opener + "市图书馆暑期推出少儿阅读季活动，孩子们可以在馆内借阅绘本、参加故事会，家长也能报名亲子课堂。"
        )
        follow += _wrap("阅读季期间，图书馆延长开放时间，每天晚上九点闭馆，周末还安排志愿者讲解古籍修复。")
        analysis = analyze_page(_page(["渤海首座海上风电场并网发电"], REPORT, "", follow))
        last = 1 + len(REPORT) + 1 + len(follow)
        assert _article_of(analysis, last) is _article_of(analysis, 2), opener


def test_a_second_half_set_after_another_article_is_cut_where_an_open_end_goes_on():
    # a column-order error: the clinic report's second half follows the wind
    # farm report, its first half stops mid-word (…智 | 能血压计) at the
    # end of the text, and the two headlines announce two articles
    from pagedesk.core.segmentation.breaks import score_breaks
    from pagedesk.core.segmentation.cuts import cut_at_orphans, describe_page
    from pagedesk.core.segmentation.kinds import unit_kinds
    from pagedesk.core.segmentation.units import PARA, build_units, read_lines
    from pagedesk.core.text.page import LineTable

    clinic = _wrap(
        "本报讯 城东社区卫生服务中心近日开设家庭医生签约门诊，为辖区老人建立健康档案，定期上门随访。"
        "签约以后，老人在家门口就能复诊开药。"
    ) + _wrap(
        "慢性病用药可以一次开足两个月，省去了往返大医院排队的辛苦，家属不用请假，老人不用起早，"
        "医生也能更好地了解病情变化。社区还为行动不便的老人配备了智能血压计，测量数据实时传到家庭医生的手机上。"
    )
    cut_at = next(k for k, ln in enumerate(clinic) if ln.endswith("配备了智")) + 1
    text = _page(REPORT, clinic[cut_at:], clinic[:cut_at], ["渤海首座海上风电场并网发电", "家庭医生走进社区"])
    units = build_units(read_lines(LineTable.of(text)))
    kinds = unit_kinds(units)
    paras = [i for i, u in enumerate(units) if u.kind == PARA]
    page = describe_page(units, kinds, paras)
    score_breaks(page.breaks)
    fragment = next(g.k for g in page.breaks if units[g.right].text.startswith("能血压计"))
    cut: set[int] = set()
    cut_at_orphans(page.breaks, cut, 2, units, paras, page.coh)
    assert cut == {fragment}
    cut_at_orphans(page.breaks, cut := set(), 1, units, paras, page.coh)
    assert cut == set(), "one article announced: no article missing"


def test_a_short_line_that_finishes_a_word_cut_at_the_line_end_carries_on_the_paragraph():
    # 有 | 限责任公司: the short last line of a paragraph, not a headline
    from pagedesk.core.segmentation.units import PARA, build_units, read_lines
    from pagedesk.core.text.page import LineTable

    body = _wrap(
        "项目由国家农业信贷担保联盟牵头实施，首批贷款已经发放到位，惠及农户三千余户，带动就业逾一万人，重点支持粮食生产，牵头单位是国家农业信贷担保联盟有"
    )
    assert len(body[-1]) == 18 and body[-1].endswith("有")
    text = _page(REPORT, body, ["限责任公司等单位"], COMMENTARY)
    units = build_units(read_lines(LineTable.of(text)))
    holder = next(u for u in units if any(ln.norm.startswith("限责任公司") for ln in u.lines))
    assert holder.kind == PARA and holder.lines[0].norm.startswith("项目由")


def test_a_fragment_too_short_to_place_by_its_words_goes_where_the_word_it_finishes_was_cut():
    # a column-order error: three lines of the clinic report's second half
    # stand between two articles; they share almost no words with anything,
    # but they finish the word its first half stopped on (智 | 能血压计)
    from pagedesk.core.segmentation.breaks import PageCohesion
    from pagedesk.core.segmentation.headlines import Matcher
    from pagedesk.core.segmentation.kinds import unit_kinds
    from pagedesk.core.segmentation.pieces import Piece
    from pagedesk.core.segmentation.reunion import reunite
    from pagedesk.core.segmentation.units import PARA, build_units, read_lines
    from pagedesk.core.text.page import LineTable

    clinic = _wrap(
        "本报讯 城东社区卫生服务中心近日开设家庭医生签约门诊，为辖区老人建立健康档案，定期上门随访。"
        "家属不用请假陪同就诊。社区还为行动不便的老人配备了智"
    )
    assert len(clinic[-1]) == 18
    fragment = _wrap("能血压计，数据实时传到手机上。")
    text = _page(REPORT, fragment, clinic, ["奔向智能港口新高地"], COMMENTARY)
    units = build_units(read_lines(LineTable.of(text)))
    paras = [i for i, u in enumerate(units) if u.kind == PARA]
    starts = {units[i].lines[0].norm[:4]: i for i in paras}
    frag, opened = starts["能血压计"], starts["本报讯城"]
    report = [i for i in paras if i < frag]
    comment = [i for i in paras if i > opened]
    assert not units[opened].terminated and units[frag].terminated
    pieces = [
        Piece(paras=report, start="dateline", headed=True),
        Piece(paras=[frag], start="break"),
        Piece(paras=[opened], start="dateline", headed=True),
        Piece(paras=comment, start="break", headed=True),
    ]
    kinds = unit_kinds(units)
    out = reunite(pieces, units, PageCohesion(units, paras), Matcher(units, kinds, paras))
    assert [p.paras for p in out] == [report, [opened, frag], comment]


CLINIC_START = _wrap(
    "本报讯 城东社区卫生服务中心近日开设家庭医生签约门诊，为辖区老人建立健康档案，定期上门随访。"
    "签约以后，家庭医生每月上门为老人测量血压、血糖，并把数据记入健康档案。"
)
CLINIC_END = _wrap("中心负责人说，下一步将把家庭医生签约门诊推广到辖区所有社区，让更多老人在家门口看上病。")


def _clinic_pieces(opening: str, headline: bool = False):
    """The report, the clinic report's last paragraph, the clinic report's
    start (cut after a whole paragraph; under its headline if `headline`),
    the commentary: as pieces, the clinic report's start opened by `opening`."""
    from pagedesk.core.segmentation.breaks import PageCohesion
    from pagedesk.core.segmentation.headlines import Matcher
    from pagedesk.core.segmentation.kinds import unit_kinds
    from pagedesk.core.segmentation.pieces import Piece
    from pagedesk.core.segmentation.units import PARA, build_units, read_lines
    from pagedesk.core.text.page import LineTable

    title = ["家庭医生走进社区"] if headline else []
    text = _page(REPORT, CLINIC_END, title, CLINIC_START, ["奔向智能港口新高地"], COMMENTARY)
    units = build_units(read_lines(LineTable.of(text)))
    paras = [i for i, u in enumerate(units) if u.kind == PARA]
    starts = {units[i].lines[0].norm[:4]: i for i in paras}
    end, start = starts["中心负责"], starts["本报讯城"]
    report = [i for i in paras if i < end]
    comment = [i for i in paras if i >= starts["智能港口"]]
    clinic = [i for i in paras if start <= i < comment[0]]
    pieces = [
        Piece(paras=report, start="dateline", headed=True),
        Piece(paras=[end], start="break"),
        Piece(paras=clinic, start=opening),
        Piece(paras=comment, start="break", headed=True),
    ]
    if headline:
        pieces[2].heads, pieces[2].headed = [[start - 1]], True
    return pieces, units, PageCohesion(units, paras), Matcher(units, unit_kinds(units), paras)


def test_a_body_end_set_just_before_its_start_joins_it_when_only_the_dateline_parts_them():
    # the column-order error cut the clinic report after a whole paragraph
    # and set its last paragraph right above its dateline: nothing ends
    # mid-sentence, and the two halves share some words, not many
    from pagedesk.core.segmentation.reunion import REUNITE, REUNITE_SURE, reunite

    pieces, units, coh, matcher = _clinic_pieces("dateline")
    report, end, clinic, comment = [p.paras for p in pieces]
    assert all(units[p].terminated for p in end + clinic)
    likeness = coh.between(end, clinic)
    assert REUNITE <= likeness < REUNITE_SURE
    out = reunite(pieces, units, coh, matcher)
    assert [p.paras for p in out] == [report, clinic + end, comment]


def test_a_body_end_set_just_before_its_headline_joins_the_text_under_it():
    from pagedesk.core.segmentation.reunion import reunite

    pieces, units, coh, matcher = _clinic_pieces("break", headline=True)
    report, end, clinic, comment = [p.paras for p in pieces]
    assert units[clinic[0] - 1].text == "家庭医生走进社区"
    out = reunite(pieces, units, coh, matcher)
    assert [p.paras for p in out] == [report, clinic + end, comment]


def test_a_body_end_stays_apart_from_the_text_below_when_the_break_model_cut_them_by_their_words():
    from pagedesk.core.segmentation.reunion import reunite

    pieces, units, coh, matcher = _clinic_pieces("break")
    report, end, clinic, comment = [p.paras for p in pieces]
    out = reunite(pieces, units, coh, matcher)
    assert [p.paras for p in out] == [report, end, clinic, comment]


def test_a_fragment_glued_to_an_article_end_moves_to_the_next_article_it_is_more_like():
    # A, then a paragraph of the clinic report's second half, then the clinic
    # report's start at its dateline: the paragraph is somewhat more like the
    # clinic report (it names the wind farm too); how sure the move must be
    # depends on how likely the break model found the break above it
    from pagedesk.core.segmentation.breaks import Break, PageCohesion
    from pagedesk.core.segmentation.pieces import Piece
    from pagedesk.core.segmentation.reunion import SHIFT_FLOOR, SHIFT_LIKELY, shift_fragments
    from pagedesk.core.segmentation.units import PARA, build_units, read_lines
    from pagedesk.core.text.page import LineTable

    fragment = _wrap("项目部职工说，家庭医生每月上门测量血压，海上风电场的职工也签了约。")
    units = build_units(read_lines(LineTable.of(_page(REPORT, fragment, CLINIC_START))))
    paras = [i for i, u in enumerate(units) if u.kind == PARA]
    starts = {units[i].lines[0].norm[:4]: i for i in paras}
    frag, opened = starts["项目部职"], starts["本报讯城"]
    report = [i for i in paras if i < frag]
    clinic = [i for i in paras if i >= opened]

    def moved(logit: float) -> bool:
        pieces = [
            Piece(paras=report + [frag], start="dateline", headed=True),
            Piece(paras=clinic, start="dateline", headed=True),
        ]
        breaks = [Break(len(report), report[-1], frag, [], {}, logit=logit)]
        shift_fragments(pieces, breaks, PageCohesion(units, paras), units)
        assert pieces[0].paras + pieces[1].paras == report + [frag] + clinic
        return pieces[1].paras[0] == frag

    assert moved(SHIFT_LIKELY + 0.5)
    assert not moved(SHIFT_LIKELY - 0.5)
    assert not moved(SHIFT_FLOOR - 0.5)


def test_breaks_inside_a_feature_opened_by_its_summary_box_are_told_how_far_in_they_stand():
    # a feature opens on 核心阅读 and runs on through sections under heads of
    # their own; the break model hears that a break stands inside it, and how
    # far in, until a paragraph opens at a dateline
    c = _first_sentence(COMMENTARY)
    text = _page(
        ["港口走向智能化", "核心阅读"],
        COMMENTARY[:c],
        ["码头工人——", "学会了看数据"],
        COMMENTARY[c:],
        ["渤海首座海上风电场并网发电"],
        REPORT,
    )
    units, breaks = _breaks(text)
    by_start = {units[g.right].text[:6]: g.features for g in breaks}
    section = by_start[COMMENTARY[c].replace(" ", "")[:6]]
    assert section["in_feature"] == 1.0 and section["feature_chars"] > 0
    # the report below opens at its dateline: the feature has ended there
    report = by_start[REPORT[0].replace(" ", "")[:6]]
    assert report["in_feature"] == 0.0 and report["feature_chars"] == 0.0


def test_a_page_without_a_summary_box_has_no_feature():
    c = _first_sentence(COMMENTARY)
    text = _page(["港口走向智能化"], COMMENTARY[:c], ["码头工人——", "学会了看数据"], COMMENTARY[c:])
    _, breaks = _breaks(text)
    assert breaks and all(g.features["in_feature"] == 0.0 for g in breaks)


def _roundup_report(province: str, detail: str) -> list[str]:
    """One report of a round-up: it opens as the others do and ends on its own byline."""
    return _wrap(
        f"疫情发生以来，{province}坚决贯彻党中央决策部署，统筹推进疫情防控和经济社会发展工作，"
        f"全力以赴推动复工复产。{detail}"
    ) + _wrap(
        f"下一步，{province}将继续统筹推进疫情防控和经济社会发展工作，抓紧抓实抓细各项工作，"
        "努力把疫情造成的损失降到最低，确保完成全年目标任务。"
    )


def test_each_report_of_a_round_up_ends_at_its_own_byline():
    # three governors' reports under one banner, each closed by 本报记者…整理;
    # their words are alike throughout, so only the bylines part them
    reports = [
        ("甘肃", "全省规模以上工业企业已全部复工，重点项目开工率超过九成。", "本报记者李明远整理"),
        ("青海", "全省农牧业生产有序开展，春耕备耕面积比去年同期有所增加。", "本报记者 王海涛  赵一鸣整理"),
        ("宁夏", "全区文化旅游市场逐步恢复，主要景区已经按照预约限流开放。", "本报记者陈思远整理"),
    ]
    blocks: list[list[str] | str] = []
    for province, detail, byline in reports:
        blocks += [_roundup_report(province, detail), byline]
    blocks += ["甘肃工业企业全部复工", "青海春耕备耕有序开展", "宁夏文化旅游逐步恢复"]
    text = _page(*blocks)
    analysis = analyze_page(text)
    lines = text.splitlines()
    bylines = [lines.index(b) + 1 for _, _, b in reports]
    assert len(analysis.articles) == 3
    homes = [_article_of(analysis, n) for n in bylines]
    # every byline closes its own report: it shares an article with the line above it
    for n, home in zip(bylines, homes, strict=True):
        assert home is not None and n - 1 in home.lines
    assert len({id(h) for h in homes}) == 3


def test_a_report_closed_by_its_byline_keeps_its_last_paragraph():
    # the Gansu report's last paragraph speaks of spring sowing, as the Qinghai
    # report does; its byline below still says where the report ends
    gansu = _wrap(
        "疫情发生以来，甘肃坚决贯彻党中央决策部署，统筹推进疫情防控和经济社会发展工作，"
        "全力以赴推动复工复产。全省规模以上工业企业已全部复工，重点项目开工率超过九成。"
    ) + _wrap("甘肃各地积极组织农民工返岗务工，开通点对点专车专列，帮助企业解决用工难题。")
    sowing = _wrap(
        "目前，全省春耕备耕有序开展，农牧业生产、种子化肥供应和农机检修都已到位，春播面积比去年同期有所增加。"
    )
    qinghai = _wrap(
        "疫情发生以来，青海坚决贯彻党中央决策部署，统筹推进疫情防控和经济社会发展工作。"
        "全省农牧业生产有序开展，春耕备耕面积比去年同期有所增加，种子化肥供应充足。"
    ) + _wrap("青海将继续抓好春耕备耕和农牧业生产，保障种子化肥和农机供应，确保春播顺利完成。")
    text = _page(
        gansu,
        sowing,
        "本报记者李明远整理",
        qinghai,
        "本报记者 王海涛  赵一鸣整理",
        "甘肃工业企业全部复工",
        "青海春耕备耕有序开展",
    )
    analysis = analyze_page(text)
    first_sowing = len(gansu) + 1
    byline = first_sowing + len(sowing)
    report = _article_of(analysis, 1)
    assert len(analysis.articles) == 2
    assert set(range(1, byline + 1)) <= set(report.lines)
    assert report.title == "甘肃工业企业全部复工"


def test_a_title_wrapped_inside_its_column_name_stays_one_headline():
    # 播种希望（为了民族复 / 兴·英雄烈士谱）: the bracket opened on one line closes
    # on the next, whose words the next story of the series shares
    hero = _wrap(
        "为了民族复兴，英雄烈士谱写了壮丽篇章。码头工人张兴说，英雄烈士的精神激励着港口一代代建设者，"
        "英雄烈士谱上的名字，是民族复兴路上的灯塔。"
    ) + _wrap("港口英雄谱系列报道今天推出第二篇，讲述英雄烈士在码头建设中的故事。")
    first = ["文朝荣：", "林海愚公播种希望（为了民族复", "兴·英雄烈士谱）"]
    page = _page(*first, REPORT, "", "港口先锋：", "码头智能先锋（英雄谱）", hero)
    a = analyze_page(page)
    assert [x.title for x in a.articles] == ["林海愚公播种希望（为了民族复兴·英雄烈士谱）", "码头智能先锋（英雄谱）"]
    assert a.articles[0].roles[2] == a.articles[0].roles[3] == "headline"


def test_a_paper_s_name_beside_the_masthead_date_is_furniture_not_a_headline():
    page = _page("滨海日报", "2020年5月8日", "海上风电场并网发电", REPORT, "", "奔向智能港口新高地", COMMENTARY)
    a = analyze_page(page)
    assert a.unassigned.get(1) == "furniture" and a.unassigned.get(2) == "furniture"
    assert [x.title for x in a.articles] == ["海上风电场并网发电", "奔向智能港口新高地"]
    # alone, without a masthead date beside it, a short line ending in 报 may be a headline
    assert analyze_page(_page("喜报", REPORT)).articles[0].title == "喜报"
