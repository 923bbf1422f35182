"""The sample pages in sample_pages/: the seed page, and four pages written for
pagedesk (the articles below are ours, invented for testing; no corpus text).

Each page is laid out the way extractors emit pages (bench/rebuild.py does the
wrapping, spacing and displacing), with furniture, captions, signatures and
continuation notes added where real pages have them. The gold, figures
included, comes from the layout itself, so it is exact:

    python -m bench.samples   # rewrites sample_pages/
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

from bench.rebuild import SHARED, Style, rebuild_page
from pagedesk.core.text.normalize import find_span

OUT = Path(__file__).resolve().parents[1] / "sample_pages"
_DATES = re.compile(
    r"(?:\d{4}\s*年\s*)?\d{1,2}\s*(?:[-至]\s*\d{1,2}\s*)?月(?:\s*\d{1,2}\s*日)?|\d{4}\s*年|前?\d{1,2}\s*个月|\d{1,2}\s*日"
)
SEED = SHARED / "seed" / "000_8627e98ea5b30c4b"

# (value, unit, kind) by figure text, per article: what an editor would check.
PAGES = [
    {
        "name": "001_harbour_logistics",
        "style": dict(width=18, spacing="double", placement="end", spaced_lines=0.0, space_numbers=True),
        "date": "20241108",
        "page": 3,
        "top": [" 广告", "滨海港口报  2024年11月8日 星期五", "国内统一连续出版物号CN 37-0099 总第2211期"],
        "bottom": ["责任编辑：林晓 电话：（0532）86601234"],
        "articles": [
            {
                "kicker": "前10个月集装箱吞吐量创新高",
                "title": "滨海港“智慧码头”跑出加速度",
                "body": [
                    "本报讯（记者 周宁）今年1-10月，滨海港完成集装箱吞吐量1256.8万标准箱，同比增长9.4%，增速居全省沿海港口首位。",
                    "走进港区三期自动化码头，12台双小车岸桥同时作业，场内近80台无人集卡有序穿梭。码头运营负责人介绍，依托5G专网和北斗定位，单机作业效率提升到每小时42自然箱，比传统码头高出约30%。",
                    "智慧升级带来的不只是速度。今年以来，港口新开通外贸航线7条，航线总数达到136条，覆盖全球180多个国家和地区的港口。",
                    "数字赋能",
                    "在港口调度中心，一块大屏实时显示着每一艘船舶的靠离泊计划。通过引入智能配载系统，船舶平均在港时间缩短了6.5小时，全年可为航运企业节省成本超过2亿元。",
                    "港口集团还与海关、海事等部门共建“一站式”通关平台，进口货物整体通关时间压缩至18小时以内，已服务进出口企业3200余家。",
                    "下一步，滨海港将投资45亿元建设四期集装箱码头，建成后新增年通过能力400万标准箱。",
                ],
                "figures": [
                    ("1256.8万标准箱", 12568000, "标准箱", "measure"),
                    ("9.4%", 9.4, "%", "percent"),
                    ("12台", 12, "台", "count"),
                    ("80台", 80, "台", "count"),
                    ("42自然箱", None, None, None),
                    ("30%", 30, "%", "percent"),
                    ("7条", 7, "条", "count"),
                    ("136条", 136, "条", "count"),
                    ("180多个", 180, "个", "count"),
                    ("6.5小时", 6.5, "小时", "period"),
                    ("2亿元", 200000000, "元", "money"),
                    ("18小时", 18, "小时", "period"),
                    ("3200余家", 3200, "家", "count"),
                    ("45亿元", 4500000000, "元", "money"),
                    ("400万标准箱", 4000000, "标准箱", "measure"),
                ],
                "traps": ["5G", "北斗"],
                "byline": "▶ 周宁 本报记者 许文静",
                "caption": "11月7日，滨海港三期自动化码头，岸桥正在为集装箱船装卸货物。本报记者 许文静摄",
            },
            {
                "title": "冷链物流园一期投用",
                "body": [
                    "本报讯 11月6日，滨海港冷链物流园一期工程正式投入使用。园区占地面积约260亩，建有冷库库容8.5万吨，可同时停放冷藏车120辆。",
                    "物流园负责人表示，冷链园投用后，每年可新增冷链货物吞吐量50万吨，带动就业1500人以上。目前，已有23家企业签约入驻。 王海",
                ],
                "figures": [
                    ("260亩", 260, "亩", "measure"),
                    ("8.5万吨", 85000, "吨", "measure"),
                    ("120辆", 120, "辆", "count"),
                    ("50万吨", 500000, "吨", "measure"),
                    ("1500人", 1500, "人", "count"),
                    ("23家", 23, "家", "count"),
                ],
                "headline_on_page": False,
            },
            {
                "title": "港区开展海上联合搜救演练",
                "body": [
                    "本报讯（通讯员 陈立 郭帆）11月5日上午，滨海海事局联合港口集团、消防救援等7家单位在港区东侧水域开展海上联合搜救演练，出动船艇9艘、无人机4架，参演人员160余名。",
                    "演练模拟一艘散货船因机舱起火失去动力，船上15名船员遇险。接到报警后，搜救中心迅速启动应急预案，现场指挥船在20分钟内抵达，最终遇险人员全部获救。",
                ],
                "figures": [
                    ("7家", 7, "家", "count"),
                    ("9艘", 9, "艘", "count"),
                    ("4架", 4, "架", "count"),
                    ("160余名", 160, "名", "count"),
                    ("15名", 15, "名", "count"),
                    ("20分钟", 20, "分钟", "period"),
                ],
            },
        ],
    },
    {
        "name": "002_county_harvest",
        "style": dict(width=16, spacing="single", placement="inplace", spaced_lines=0.15, space_numbers=False),
        "date": "20241015",
        "page": 2,
        "top": ["2024年10月15日 星期二", "农村版  第2版"],
        "bottom": ["（下转第四版）", "本版编辑：赵雨晴"],
        "articles": [
            {
                "kicker": "秋粮收获超七成",
                "title": "青川县玉米亩产再创新高",
                "subtitle": "——高标准农田带动全县粮食增产",
                "body": [
                    "本报青川10月14日电（记者 黄敏）眼下正值秋收时节，青川县38万亩玉米已收获超过七成。县农业农村局测产数据显示，全县玉米平均亩产达到685公斤，比去年增加42公斤。",
                    "近年来，青川县累计建成高标准农田21.6万亩，配套修建机耕路460公里、灌溉渠道310公里。种粮大户李长青告诉记者，土地平整以后，收割机一天能收300亩，比以前快了一倍多。",
                    "全县今年发放种粮补贴1.27亿元，惠及农户6.8万户。预计全年粮食总产量将达到52万吨，连续5年保持稳定增长。",
                ],
                "figures": [
                    ("38万亩", 380000, "亩", "measure"),
                    ("685公斤", 685, "公斤", "measure"),
                    ("42公斤", 42, "公斤", "measure"),
                    ("21.6万亩", 216000, "亩", "measure"),
                    ("460公里", 460, "公里", "measure"),
                    ("310公里", 310, "公里", "measure"),
                    ("300亩", 300, "亩", "measure"),
                    ("1.27亿元", 127000000, "元", "money"),
                    ("6.8万户", 68000, "户", "count"),
                    ("52万吨", 520000, "吨", "measure"),
                    ("5年", None, None, None),
                ],
            },
            {
                "title": "乡村小站开出“电商快车”",
                "body": [
                    "走进青川县石门镇电商服务站，工作人员正忙着把刚采摘的猕猴桃装箱发货。站长吴霞介绍，今年1至9月，服务站累计发出包裹12.4万件，销售额突破860万元，同比增长35%。",
                    "为了打通农产品上行的“最后一公里”，县里在全县建成村级电商服务点186个，培训农村电商带头人1200多人次，并与3家快递企业合作，把寄件费用降低了约四成。",
                    "“以前果子愁卖，现在订单追着来。”果农何大山说，今年他家的10亩猕猴桃全部通过网上卖出，收入比去年多了近2万元。",
                ],
                "figures": [
                    ("12.4万件", 124000, "件", "count"),
                    ("860万元", 8600000, "元", "money"),
                    ("35%", 35, "%", "percent"),
                    ("186个", 186, "个", "count"),
                    ("1200多人次", 1200, "人次", "count"),
                    ("3家", 3, "家", "count"),
                    ("10亩", 10, "亩", "measure"),
                    ("2万元", 20000, "元", "money"),
                ],
                "byline": "本报记者 黄敏",
            },
        ],
    },
    {
        "name": "003_new_energy",
        "style": dict(width=22, spacing="para", placement="after", spaced_lines=0.0, space_numbers=True),
        "date": "20240903",
        "page": 5,
        "top": ["新能源观察  第5版"],
        "bottom": ["责任编辑：孙磊  版式设计：马骏"],
        "articles": [
            {
                "title": "全省新能源汽车产量同比增长四成",
                "body": [
                    "本报讯 记者从省工业和信息化厅获悉，今年上半年，全省新能源汽车产量达到31.5万辆，同比增长41.2%，占汽车总产量的比重提高到38.6%。",
                    "动力电池产业同步壮大。上半年全省动力电池产能达到85吉瓦时，产值突破620亿元，产业链上下游企业超过450家。其中，年营业收入超百亿元的企业有6家。",
                    "充电设施建设加快推进。截至6月底，全省累计建成公共充电桩9.7万个，高速公路服务区充电站实现全覆盖，平均每百公里有充电桩24个。",
                    "省工信厅有关负责人表示，“十四五”以来全省围绕整车、电池、电机、电控布局重点项目132个，总投资约2300亿元。下一步将推动G60科创走廊沿线城市协同发展。",
                ],
                "figures": [
                    ("31.5万辆", 315000, "辆", "count"),
                    ("41.2%", 41.2, "%", "percent"),
                    ("38.6%", 38.6, "%", "percent"),
                    ("85吉瓦时", 85, "吉瓦时", "measure"),
                    ("620亿元", 62000000000, "元", "money"),
                    ("450家", 450, "家", "count"),
                    ("6家", 6, "家", "count"),
                    ("9.7万个", 97000, "个", "count"),
                    ("24个", 24, "个", "count"),
                    ("132个", 132, "个", "count"),
                    ("2300亿元", 230000000000, "元", "money"),
                ],
                "traps": ["十四五", "G60"],
            },
            {
                "kicker": "装机容量突破千万千瓦",
                "title": "海上风电驶入发展快车道",
                "body": [
                    "9月2日，位于东部海域的明珠二号海上风电场最后一台机组完成吊装。该项目安装单机容量16兆瓦的风电机组25台，全部投产后每年可提供清洁电能约15亿千瓦时。",
                    "据介绍，全省海上风电累计装机容量已达1080万千瓦，比2020年底增加了3倍多。今年前8个月，海上风电发电量同比增长27%，相当于节约标准煤约320万吨。",
                    "业内人士认为，随着机组大型化和施工能力提升，海上风电度电成本较5年前下降了约一半，项目开发正在从近海走向深远海。",
                ],
                "figures": [
                    ("16兆瓦", 16, "兆瓦", "measure"),
                    ("25台", 25, "台", "count"),
                    ("15亿千瓦时", 1500000000, "千瓦时", "measure"),
                    ("1080万千瓦", 10800000, "千瓦", "measure"),
                    ("3倍", None, None, None),
                    ("27%", 27, "%", "percent"),
                    ("320万吨", 3200000, "吨", "measure"),
                ],
                "byline": "本报记者 钱程",
            },
            {
                "title": "氢能重卡示范线路开通",
                "body": [
                    "本报讯（记者 钱程）9月1日，省内首条氢能重卡示范线路开通运营。首批投入的50辆氢能重卡单次加氢可行驶约400公里，加氢时间不超过15分钟。",
                    "按计划，到明年底示范线路沿线将建成加氢站8座，氢能重卡规模扩大到300辆，每年可减少二氧化碳排放约2.6万吨。",
                ],
                "figures": [
                    ("50辆", 50, "辆", "count"),
                    ("400公里", 400, "公里", "measure"),
                    ("15分钟", 15, "分钟", "period"),
                    ("8座", 8, "座", "count"),
                    ("300辆", 300, "辆", "count"),
                    ("2.6万吨", 26000, "吨", "measure"),
                ],
            },
        ],
    },
    {
        "name": "004_city_culture",
        "style": dict(width=20, spacing="double", placement="mixed", spaced_lines=0.1, space_numbers=False),
        "date": "20240520",
        "page": 7,
        "top": ["城市文化周刊  2024年5月20日"],
        "bottom": ["责任编辑：蒋悦 电话：010-65360000"],
        "articles": [
            {
                "title": "老城街区焕新颜",
                "body": [
                    "本报记者 刘一鸣",
                    "青石板路、灰瓦白墙，修缮一新的南门老街重新开街迎客。这条全长1.2公里的老街，保留了明清时期的历史建筑47处，引入非遗工坊、特色书店等业态86家。",
                    "开街首月，老街接待游客超过65万人次，带动周边商户营业额增长约三成。街区管理方介绍，改造中坚持“修旧如旧”，拆除违章搭建1.8万平方米，新增口袋公园5处。",
                    "“小时候就在这条街上长大，现在回来感觉既熟悉又新鲜。”市民张阿姨说。",
                ],
                "figures": [
                    ("1.2公里", 1.2, "公里", "measure"),
                    ("47处", 47, "处", "count"),
                    ("86家", 86, "家", "count"),
                    ("65万人次", 650000, "人次", "count"),
                    ("1.8万平方米", 18000, "平方米", "measure"),
                    ("5处", 5, "处", "count"),
                ],
            },
            {
                "kicker": "市博物馆推出夜间开放",
                "title": "“夜游博物馆”成消费新热点",
                "body": [
                    "本报讯（记者 苏晴）自4月起，市博物馆每周五、周六开放至晚上9点。截至5月18日，夜场累计接待观众4.3万人次，其中18至35岁的年轻观众占比达62%。",
                    "博物馆同步推出文创市集和沉浸式演出，夜场文创产品销售额达到210万元。馆方表示，下一步将把夜间开放延长至全年。",
                ],
                "figures": [
                    ("4.3万人次", 43000, "人次", "count"),
                    ("18至35岁", 35, "岁", "measure"),
                    ("62%", 62, "%", "percent"),
                    ("210万元", 2100000, "元", "money"),
                ],
            },
            {
                "title": "全民阅读季启动",
                "body": [
                    "5月18日，2024年全民阅读季在市图书馆启动。本届阅读季将持续到10月，全市计划举办各类阅读活动1200余场，新建城市书房30家。",
                    "去年，全市居民人均纸质图书阅读量为6.8本，比上年增加0.4本。 吴兰",
                ],
                "figures": [
                    ("1200余场", 1200, "场", "count"),
                    ("30家", 30, "家", "count"),
                    ("6.8本", None, None, None),
                ],
            },
        ],
    },
]


def render(spec: dict) -> tuple[str, dict]:
    rng = random.Random(spec["name"])
    st = spec["style"]
    style = Style(
        width=st["width"],
        spacing=st["spacing"],
        placement=st["placement"],
        spaced_lines=st["spaced_lines"],
        space_numbers=st["space_numbers"],
        fullwidth=False,
        indent=False,
        split=False,
        masthead=False,
        editor_line=False,
        ad=False,
    )
    rows = []
    for k, a in enumerate(spec["articles"]):
        rows.append(
            {
                "id": f"{spec['name']}-{k}",
                "date": spec["date"],
                "page": spec["page"],
                "seq": k,
                "kicker": a.get("kicker", ""),
                "title": a["title"],
                "subtitle": a.get("subtitle", ""),
                "body": "\n".join(a["body"]),
                "byline": a.get("byline", ""),
                "caption": a.get("caption", ""),
            }
        )
        if a.get("headline_on_page") is False:
            rows[-1].update(kicker="", title="", subtitle="")
    text, gold = rebuild_page(rows, rng, style)
    lines = text.split("\n")
    # furniture, a caption and bylines the way pages have them
    top = spec.get("top", [])
    bottom = spec.get("bottom", [])
    lines = top + [""] + lines + bottom
    shift = len(top) + 1
    for a in gold["articles"]:
        for key, value in a.items():
            if key.endswith("_lines"):
                a[key] = [n + shift for n in value]
        a["body_ranges"] = [[lo + shift, hi + shift] for lo, hi in a["body_ranges"]]
    gold["non_article_lines"] = (
        list(range(1, len(top) + 1))
        + [n + shift for n in gold["non_article_lines"]]
        + [len(lines) - len(bottom) + 1 + i for i in range(len(bottom))]
    )
    page = "\n".join(lines) + "\n"
    # figures: located inside their article's lines
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    figures = []
    for k, (a_spec, a_gold) in enumerate(zip(spec["articles"], gold["articles"], strict=True)):
        nums = sorted(n for lo, hi in a_gold["body_ranges"] for n in range(lo, hi + 1))
        lo, hi = starts[nums[0] - 1], starts[nums[-1]]
        for fig, value, unit, kind in a_spec["figures"]:
            span = find_span(page, fig, lo, hi)
            if span is None:
                raise SystemExit(f"{spec['name']}: figure {fig} not found in article {k}")
            entry = {"a": a_gold["id"], "start": span[0], "end": span[1], "text": page[span[0] : span[1]]}
            if value is None:
                entry.update(value=0, optional=True)
            else:
                entry.update(value=value, unit=unit, kind=kind)
            figures.append(entry)
            lo = span[1]
        # dates and periods are optional in the gold format (as in the seed's gold)
        own = set(nums) | {n for key, v in a_gold.items() if key.endswith("_lines") for n in v}
        for n in sorted(own):
            for m in _DATES.finditer(lines[n - 1]):
                a, b = starts[n - 1] + m.start(), starts[n - 1] + m.end()
                if not any(f["start"] < b and a < f["end"] for f in figures):
                    figures.append(
                        {"a": a_gold["id"], "start": a, "end": b, "text": page[a:b], "value": 0, "optional": True}
                    )
    gold["figures"] = sorted(figures, key=lambda f: f["start"])
    gold["traps"] = [t for a in spec["articles"] for t in a.get("traps", [])]
    gold["note"] = "written for pagedesk (bench/samples.py); lines 1-based; figures by explicit start/end"
    gold.pop("style", None)
    gold["page"] = spec["name"] + ".txt"
    return page, gold


def main() -> int:
    OUT.mkdir(exist_ok=True)
    shutil.copy(SEED.with_suffix(".txt"), OUT / (SEED.name + ".txt"))
    shutil.copy(SEED.with_name(SEED.name + ".gold.json"), OUT / (SEED.name + ".gold.json"))
    for spec in PAGES:
        page, gold = render(spec)
        (OUT / f"{spec['name']}.txt").write_text(page, encoding="utf-8")
        (OUT / f"{spec['name']}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(PAGES) + 1} pages to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
