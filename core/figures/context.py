"""What a figure measures (its label) and when (its period), read from its sentence.

Label: the shortest phrase of the sentence that names what is counted or
measured. A count names it after its measure word (`1.7万名工人`, `两座国际
机场`), else before (`施工单位加起来不下60家`); money and rates name it before
(`造价超过9亿元`, `森林覆盖率不足17%`), a rate of change by its verb
(`同比增长28.6%` → 增长); a length names it before when a noun stands right
there (`直径3.35米`), else after (`22平方公里的工地`). Place and person names
are never labels (`全国近60个产业新城` → 产业新城), nor the noun of the figure
before (the text searched starts after it).

Period: a time expression of the figure's own clause, before the figure;
else of the clause right before it; else a clause of the sentence that is
nothing but a time (`从警9年来，`, `截至目前，`, `2019年以来，`). `截至`
and `以来` are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pagedesk.core.text.chars import is_ideograph
from pagedesk.core.text.words import tagged

# the characters that end a clause or a sentence (sets: looked up a character at a time)
CLAUSE_BREAK = frozenset("，。；：！？、\n（）《》")
_PERIOD_CLAUSE_BREAK = frozenset("，。；：！？\n（）《》")
SENTENCE_BREAK = frozenset("。！？\n")
_QUOTES = "“”‘’「」『』\"'"

# words passed over between a figure and its label
SKIP = set(
    "同比 环比 了 约 近 将近 接近 大约 超过 超 逾 达 达到 为 是 共 共有 共计 累计 合计 总计 已 已经 将 突破 仅 只有 "
    "高达 多达 至少 不到 不足 不少于 不超过 不下 分别 再 又 也 均 都 就 才 大幅 进一步 迅速 明显 较 比 还 即 "
    "加 起来 加起来 有 占 已达 达到了 年均 日均 每年 每人 每个 给予 实现 完成 增至 降至 升至 提高到 提升至 "
    "下降到 恢复 恢复至 加快至 反弹至 大于 小于 高于 低于 以上 以下 左右 加快 反弹 回升 扩大 收窄 至 到 由 从 "
    "同期 去年同期 上年同期 上年 上月 上季度".split()
)
GROWTH = {
    "增长",
    "下降",
    "增加",
    "减少",
    "提高",
    "提升",
    "上涨",
    "回落",
    "上升",
    "下滑",
    "微降",
    "大增",
    "降低",
    "增",
    "高出",
}
# verbs that name the amount they take (捐款3000万元, 累计投放近600亿元)
METRIC_VERBS = {
    "捐款", "投放", "投入", "融资", "减负", "增收", "缴毒", "治沙", "减贫", "投资", "捐赠", "收入",
    "确诊", "死亡", "治愈", "出院", "感染", "受灾", "申请",
}  # fmt: skip
# nouns too general to name what is counted (发挥386名驻厂员作用)
ABSTRACT = {"作用", "方面", "问题", "工作", "活动", "情况", "过程", "能力", "水平", "时间"}
_NOUN_TAGS = ("n", "nz", "ng", "vn", "l", "eng", "nt", "an", "j")
_NAME_TAGS = ("ns", "nr", "nrt", "nrfg", "nt")

_RELATIVE = re.compile(
    r"今年以来|近年来|多年来|(?:[一两二三四五六七八九十几]|\d+)年前|截至目前|截止目前|目前|现在|如今|当前|眼下|当日|当天|上周|本周|本月|近期|至今|全年|(?:今年|去年|明年)(?!同期)"
)
_SOURCE = re.compile(r"^(?:数据显示|统计显示|据统计|据介绍|据了解|据悉|数据表明|相关数据显示|记者了解到)$")
# an article's opening before its first words: 本报讯（通讯员陈立 郭帆）
_DATELINE = re.compile(r"本报讯$|^(?:本报)?(?:记者|通讯员)")
_BASELINE = re.compile(r"(?:较|比|同比|与|相比)$")
# a length of time that is itself the measure (缩短了6.5小时, 压缩至18小时)
_MEASURED = re.compile(r"(?:至|到|了|为|达|缩短|压缩|延长|用时|耗时)$")
_PREFIX = re.compile(r"(?:截至|截止|自|从|到|至|于|在)$")
_LASTING = re.compile(r"(?:连续|为期|长达|历时|有)$")  # before a length of time that says how long, not when
_SUFFIX = re.compile(r"以来|来|起|以后|后|期间|中|内|里|底|末|初|前|上午|下午|晚上|凌晨|\d{1,2}时")
_CONNECTIVES = re.compile(r"^(?:本报讯|特别是|尤其是|其中|同时|而|但|此外|另外|据统计|据介绍|据了解|预计|在)")


@dataclass
class Span:
    """A date's, period's or length of time's place in the normalised text."""

    i: int
    j: int
    duration: bool = False  # 四天, 近3年: how long, not when


def clause_start(s: str, i: int, breaks: frozenset[str] = CLAUSE_BREAK) -> int:
    j = i
    while j > 0 and s[j - 1] not in breaks:
        j -= 1
    return j


def clause_end(s: str, j: int, breaks: frozenset[str] = CLAUSE_BREAK) -> int:
    n = len(s)
    while j < n and s[j] not in breaks:
        j += 1
    return j


# jieba's tags are loose on single characters and on nouns made of verbs
# (造价 v, 进度 d, 县 zg): a word that ends like a metric is one whatever its tag
_METRIC_END = tuple("价额率量度值长宽高深径积力费金款模速重数")
# one-character nouns jieba cuts off a place or thing (充电|桩, 电商服务|点, 加氢|站)
NOUN_ENDS = set("站点桩厂馆院所场库港房线台网区户带")
_BLOCK_TAGS = ("v", "p", "c", "u", "r", "m", "q", "f", "t", "d", "x", "y", "e", "o", "w", "z")
_MODIFIER_TAGS = ("a", "b")
_STOP_TAGS = ("i",)  # idioms never name what is counted
GLUE = set("的之等和与及或在从对把被让向以于")
_MODIFIERS = {"一次性", "新一代", "新型", "大型", "小型", "重点", "主要"}
_NOT_NOUNS = {"全部", "全体", "所有", "各类", "各项", "其他", "其余", "一连串", "以上", "本报讯", "记者"}


def _nounish(word: str, tag: str, after: bool) -> bool:
    if word in SKIP or word in GLUE or word in _NOT_NOUNS or not any(is_ideograph(c) or c.isalpha() for c in word):
        return False
    if is_metric(word):
        return True
    if not after and tag.startswith(("ns", "nr")):
        return False  # 全国近60个产业新城: not 全国
    if tag == "vn" and not after:
        return True  # a verb used as a noun names what it measures: 带动就业1500人, 设备采购已经完成9亿元
    if tag.startswith(_BLOCK_TAGS):
        return after and len(word) == 1  # 39个县, 3亩地
    return not tag.startswith(_MODIFIER_TAGS)


def _words(text: str) -> list[tuple[str, str]]:
    return [(w, t) for w, t in tagged(text) if w.strip() and w not in _QUOTES] if text else []


def _chain_after(words: list[tuple[str, str]]) -> list[str]:
    chain: list[tuple[str, str]] = []
    for k, (w, t) in enumerate(words):
        if t in _STOP_TAGS or (len(w) == 1 and t.startswith(("v", "p")) and k > 0):
            break  # an idiom (枝繁叶茂); a one-character verb past the first word (…带头人|赴)
        if _nounish(w, t, True) or (t.startswith(_MODIFIER_TAGS) and w not in SKIP) or w in _MODIFIERS:
            chain.append((w, t))
        elif (
            t.startswith("v")
            and all(c[1].startswith(_MODIFIER_TAGS) for c in chain)
            and k + 1 < len(words)
            and _nounish(*words[k + 1], True)
            and len(words[k + 1][0]) > 1
        ):
            chain.append((w, "b"))  # 分享村庄带头人, 重大飞行任务: a verb inside the noun
        else:
            break
    while chain and (chain[0][1].startswith(_MODIFIER_TAGS) or chain[0][0] in _MODIFIERS):
        chain.pop(0)  # 一次性口罩 → 口罩, 重大飞行任务 → 飞行任务
    while chain and (chain[-1][1].startswith(_MODIFIER_TAGS) or chain[-1][0] in ABSTRACT or chain[-1][0] in _MODIFIERS):
        chain.pop()  # 项目|一次性 成交
    return [w for w, _ in chain]


def _noun_after(text: str, rank: bool = False) -> str:
    words = _words(text)
    while words and (words[0][0] in ("的", "之") or words[0][0] in SKIP):
        words.pop(0)
    if rank and words and words[0][1].startswith("v"):
        return words[0][0]  # 第331次飞行
    chain = _chain_after(words)
    if not chain:
        k = text.find("的")
        if 0 < k <= 8:  # 2000多个拥挤不堪的定居点
            chain = _chain_after(_words(text[k + 1 :]))
    return "".join(chain[-2:])


_FUNCTION_TAGS = ("p", "c", "u", "d", "r", "m", "q", "f", "t", "x", "w", "y", "e", "o", "z")


def is_metric(word: str) -> bool:
    return len(word) >= 2 and word.endswith(_METRIC_END)


def _tagged_as_verb(words: list[tuple[str, str]]) -> bool:
    """The last word a noun jieba tags as a verb: the object of the verb before
    it or the head of a compound (发出|包裹, 设备|采购, 境外|输入, 发明专利|申请)."""
    if len(words) >= 2 and words[-1][1] == "nr" and words[-2][1] == "v":
        return len(words[-1][0]) >= 2  # the object of a verb jieba takes for a person: 推平|沙丘
    if len(words) < 2 or words[-1][1] != "v" or not words[-2][1].startswith(("v", "s", "l")):
        return False
    w = words[-1][0]
    return len(w) >= 2 and w not in SKIP and w not in GROWTH and w not in METRIC_VERBS


def _noun_before(text: str, kind: str) -> str:
    m = re.search(r"([^，。；、的]{1,8})是[^，。；]*的$", text)
    if m:  # 硬度是普通混凝土的两倍: what the ratio measures stands before 是
        return _noun_before(m.group(1), kind)
    words = _words(text)
    # 复工|率, 用户|量: a metric's last character cut off as a word of its own
    merged: list[tuple[str, str]] = []
    for w, t in words:
        tail = ""
        if len(w) == 2 and (w[0] in _METRIC_END or w[0] == "比") and w[1] in "为达约超近逾":
            w, tail = w[0], w[1]  # 复工|率为, 占|比超
        if w == "比" and merged and merged[-1][0] == "占":
            merged[-1] = ("占比", "n")
        elif len(w) == 1 and (w in _METRIC_END or w in NOUN_ENDS) and merged and merged[-1][0] not in SKIP:
            merged[-1] = (merged[-1][0] + w, "n")  # 复工|率, 充电|桩, 服务|点
        else:
            merged.append((w, t))
        if tail:
            merged.append((tail, "v"))
    words = merged
    # a rate's change is named by its verb (同比增长28.6% → 增长); a count's
    # and a difference's by their noun (重症病例增加2例, 比重提高1.8个百分点),
    # and so is a level a rate comes to (发生率下降至1.1%)
    names_change = kind in ("percent", "times") and not text.endswith(("至", "到"))
    while words:
        w, t = words[-1]
        if w in GROWTH and names_change:
            return w
        if w in GROWTH or w in ("至", "到"):
            words.pop()
            continue
        break
    while words:
        w, t = words[-1]
        if w in GROWTH or w in METRIC_VERBS or _nounish(w, t, False):
            break
        if w not in SKIP and not t.startswith(_FUNCTION_TAGS):
            if _tagged_as_verb(words):
                words[-1] = (w, "n")
                break
            return ""  # a verb stands between: 投入1000万元 names no noun here
        words.pop()
    if not words:
        return ""
    w = words[-1][0]
    if w in GROWTH:
        return w
    if is_metric(w) and words[-1][1] != "nr":
        return w[:-1] if len(w) > 2 and w.endswith(("约", "近")) else w  # 开工率, 增速, 全长
    chain: list[str] = []
    while words and _nounish(*words[-1], False):
        chain.insert(0, words.pop()[0])
        if len(chain) == 2:
            break
    if not chain and words and words[-1][0] in METRIC_VERBS:
        return words[-1][0]
    label = "".join(chain)
    return label[:-1] if len(label) > 2 and label.endswith(("约", "近")) else label


def _noun_follows(text: str) -> bool:
    first = _words(text)[:1]
    return bool(first) and _nounish(*first[0], True)


def respective_label(s: str, i: int, kind: str) -> str:
    """For a figure of a 分别 list (开工率和复岗率分别达到99.1%和95.4%), the
    label of its own subject: the k-th figure after 分别 takes the k-th of the
    subjects before it. "" when there is none."""
    k = s.rfind("分别", clause_start(s, i, _PERIOD_CLAUSE_BREAK), i)
    if k < 0 or any(w in GROWTH for w, _ in _words(s[k + 2 : i])):
        return ""  # 分别增长35.2%和67.7%: a change is named by its verb
    subjects = re.split(r"[和、及与]", s[clause_start(s, k, _PERIOD_CLAUSE_BREAK) : k])
    index = len(re.findall(r"[和、及与]", s[k:i]))
    if len(subjects) < 2 or index >= len(subjects):
        return ""
    return _noun_before(subjects[index], kind)


def label_of(s: str, i: int, j: int, kind: str, after_prev: int, next_start: int, unit: str = "") -> str:
    """The label of the figure at normalised [i, j): text from the previous
    figure (or the clause's start) to the next figure (or the clause's end)."""
    start = max(clause_start(s, i), after_prev)
    end = min(clause_end(s, j), next_start)
    before, after = s[start:i], s[j:end]
    if respectively := respective_label(s, i, kind):
        return respectively[-12:]
    quoted = re.match(r"[“「]([^“”「」，。；]{2,12})[”」]", after)
    if kind == "count" and quoted and not _noun_follows(after[quoted.end() :]):
        return quoted.group(1)  # 25个“爱国主义教育基地”成为…: a name, whole (not “分享村庄”带头人)
    if kind == "rank":
        # 第331次飞行; else what is ranked stands before: 增速位列全盟第二位
        ranked = re.sub(r"(?:位列|位居|居|排名|排在|列)[^，。；]*?第?$", "", before)
        label = _noun_after(after, rank=True) or (_noun_before(ranked, kind) if ranked != before else "")
    elif kind == "count":
        listed = re.match(
            r"[^，。；]{0,30}?、[^，。；]{0,30}?等([^，。；、]{1,10})", s[j : clause_end(s, j, SENTENCE_BREAK)]
        )
        label = _noun_after(after) or _noun_before(before, kind)
        if listed and s[j : j + 12].find("、") >= 0:
            label = _noun_after(listed.group(1)) or label  # 两批肥皂、毯子等援助物资
    elif kind == "measure":
        compared = before.endswith("的") and re.search(r"是[^，。；]*的$", before)  # 硬度是普通混凝土的两倍
        near = (
            _noun_before(before, "times" if unit == "倍" else kind)
            if before and (compared or not before.endswith("的"))
            else ""
        )
        label = near or _noun_after(after)
    else:
        label = _noun_before(before, {"个百分点": "difference", "倍": "times"}.get(unit, kind))
        if kind == "money" and (not label or _noun_follows(after)):
            # what the money is, after it: 首届的1.04亿元成交额, 1.75万亿元的资金; and a noun
            # right after the amount names it before a verb or a person before it (投放2000万元消费券)
            label = _noun_after(after) or label
    return label[-12:]


# --- periods -------------------------------------------------------------------------------


def _with_edges(s: str, i: int, j: int, lo: int, hi: int) -> str:
    """A time expression at [i, j) with 截至 before it and 以来 after it, inside [lo, hi)."""
    m = _PREFIX.search(s, lo, i)
    if m and m.end() == i:
        i = m.start()
    if i - 2 >= lo and s[i - 2 : i] == "今年":
        i -= 2
    m = _SUFFIX.match(s, j, hi)
    if m:
        j = m.end()
    return s[i:j]


def _times_in(s: str, lo: int, hi: int, times: list[Span]) -> list[Span]:
    # 较2019年下降45BP: a baseline, not the figure's time
    found = [t for t in times if lo <= t.i and t.j <= hi and not _BASELINE.search(s, max(lo, t.i - 2), t.i)]
    found += [
        Span(m.start(), m.end())
        for m in _RELATIVE.finditer(s, lo, hi)
        if not any(t.i < m.end() and m.start() < t.j for t in times)  # 今年 of 今年1至4月
        and not _BASELINE.search(s, max(lo, m.start() - 2), m.start())  # 比去年增加42公斤
    ]
    found.sort(key=lambda t: t.i)
    return found


def _pure(s: str, lo: int, hi: int, times: list[Span]) -> str:
    """The clause [lo, hi) if it says only when (从警9年来, 2019年以来, 截至目前), else ""."""
    text = s[lo:hi].strip(_QUOTES + " ")
    text = _CONNECTIVES.sub("", text)
    if not text:
        return ""
    inner = _times_in(s, lo, hi, times)
    if text.endswith("期间") and inner:
        return s[inner[0].i : inner[-1].j]  # 4月28日至5月10日举办的…期间
    if text.endswith(("以来", "年来")) and len(text) <= 14 or text.endswith("期间") and len(text) <= 12:
        return text
    if text.endswith("中") and inner and len(text) <= 14:
        return text
    if not inner:
        return ""
    first, last = inner[0], inner[-1]
    rest = s[lo : first.i] + s[last.j : hi]
    rest = _CONNECTIVES.sub("", rest.strip(_QUOTES + " "))
    if re.fullmatch(r"(?:截至|截止|自|从|到|至|于|在)?(?:以来|来|起|以后|后|期间|中|内|底|末|初|\d{1,2}时)?", rest):
        return _CONNECTIVES.sub("", s[lo:hi].strip(_QUOTES + " "))
    return ""


def _opening(s: str, sentence: int, i: int, times: list[Span]) -> str:
    """A time the sentence opens with (目前…, 当日…, past 数据显示，): it holds for all of it."""
    lo = sentence
    while lo < i:
        hi = clause_end(s, lo, _PERIOD_CLAUSE_BREAK)
        text = s[lo:hi].strip(_QUOTES + " ")
        if _SOURCE.match(text) or _DATELINE.search(text):
            lo = hi + 1
            continue
        inner = _times_in(s, lo, min(hi, i), times)
        if inner and s[lo:].lstrip(_QUOTES + " ").startswith(s[inner[0].i : inner[0].j]):
            return _with_edges(s, inner[0].i, inner[0].j, lo, hi)
        return ""
    return ""


def period_of(s: str, i: int, times: list[Span]) -> str:
    """The period of the figure at normalised position i."""
    sentence = clause_start(s, i, SENTENCE_BREAK)
    lo = clause_start(s, i, _PERIOD_CLAUSE_BREAK)
    own = [t for t in _times_in(s, lo, i, times) if _says_when(s, t)]
    if own:
        t = own[-1]
        k = s.rfind("分别", lo, i)
        if k >= 0 and len(own) > 1:
            # 3月和4月增速分别反弹至8.9%和10.5%: each figure its own time, in order
            t = own[min(len(own) - 1, len(re.findall(r"[和、及与]", s[k:i])))]
        if not t.duration:
            return _with_edges(s, t.i, t.j, lo, i)
        # 5日至8日，…连续四天检查…5所学校: a length of time in the clause, a date above it
        earlier = _earlier_pure(s, sentence, lo, times)
        return earlier or _with_edges(s, t.i, t.j, lo, i)
    opening = _opening(s, sentence, i, times)
    # the clause right before
    if lo > sentence:
        plo, hi = _clause_before(s, lo)
        pure = _pure(s, plo, hi, times)
        if pure:
            return pure
        # a length of time there is a figure of its own (通关时间压缩至18小时以内), not this one's time
        before = [
            t
            for t in _times_in(s, plo, hi, times)
            if _says_when(s, t) and not (t.duration and _MEASURED.search(s, plo, t.i))
        ]
        if before and s[hi] in "，；":
            t = before[-1]
            if not re.search(r"[将于].{0,3}$", s[plo : t.i]):
                return _with_edges(s, t.i, t.j, plo, hi)
        return _earlier_pure(s, sentence, plo, times) or opening
    return opening


def _says_when(s: str, t: Span) -> bool:
    """A date or period says when, and so does a length of time in which
    something was done (30多年治沙11万亩, 近3年来); one that says how long
    something lasted is a figure of its own (连续7年每年减贫, 有15年工龄, 为期两个月的)."""
    return not t.duration or not _LASTING.search(s, max(0, t.i - 2), t.i)


def _clause_before(s: str, lo: int) -> tuple[int, int]:
    """The clause ending at the break just before `lo`: (its start, the break)."""
    hi = lo - 1
    return clause_start(s, hi, _PERIOD_CLAUSE_BREAK), hi


def _earlier_pure(s: str, sentence: int, plo: int, times: list[Span]) -> str:
    """The nearest clause before `plo` in the sentence that is a time and nothing else."""
    while plo > sentence:
        plo, hi = _clause_before(s, plo)
        if pure := _pure(s, plo, hi, times):
            return pure
    return ""
