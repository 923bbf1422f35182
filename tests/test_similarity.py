"""Likeness between stretches of text, which the break cues are built on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pagedesk.core.text.similarity import Cohesion

ROOT = Path(__file__).resolve().parents[1]

PARAGRAPHS = {
    0: "渤海首座海上风电场近日完成全部风机吊装并网发电，每年可向电网输送清洁电力约十亿千瓦时。",
    1: "这座海上风电场共安装风机三十台，风机基础采用导管架结构，适应渤海的冰情和浅水海况。",
    2: "智能港口建设正在提速，码头引入无人集卡和智能理货系统以后，船舶在港时间明显缩短。",
    3: "建设智能港口，要把数据用起来，让调度系统看得清每一只集装箱，也要培养懂码头的人才。",
}

# Six long stretches drawn from the same 58 characters: they share hundreds
# of bigrams, enough for the order of a sum over them to show in its last
# bits. Every likeness the break cues read is printed: single pairs, runs,
# and stretches not in a run.
_PRINT = """
import random
from pagedesk.core.text.similarity import Cohesion
rng = random.Random(3)
pool = [chr(0x4e00 + k) for k in range(0, 400, 7)]
c = Cohesion({i: "".join(rng.choice(pool) for _ in range(300)) for i in range(6)})
print(repr([c.between([0], [1]), c.between([0, 1], [2, 3]), c.between([0, 2], [1, 3]),
            c.between_runs((0, 3), (3, 6)), c.dot(1, 4)]))
"""


def test_alike_paragraphs_are_more_alike_than_unrelated_ones():
    c = Cohesion(PARAGRAPHS)
    assert c.between([0], [1]) > 2 * c.between([0], [2])
    assert c.between([2], [3]) > 2 * c.between([1], [3])
    assert c.between([0, 1], [0, 1]) > 0.999


def test_likeness_is_the_same_in_every_process():
    # Python seeds its string hashes afresh in each process, so a set of
    # bigrams comes out in another order each time. The sums over them must
    # not depend on it, or the cues (and every model fitted on them) differ
    # in their last bits from one run of the fitting scripts to the next.
    def run(seed: str) -> str:
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", _PRINT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    outputs = {run(seed) for seed in ("1", "2", "3", "4", "5")}
    assert len(outputs) == 1, outputs
