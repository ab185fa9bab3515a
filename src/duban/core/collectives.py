"""Unit lists in 牵头单位 / 配合单位 cells, and the collective units among them.

A cell often names several units (``发改局、财政局``) and sometimes a collective
that names no single department (``各镇（街道、区）``, ``各相关部门``). Collectives
are accepted as they are, never matched against the department list.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_collective_unit", "split_units"]

_COLLECTIVE_PREFIXES = ("各", "相关", "有关")
# What a collective may end in (乡镇, 社区, 成员单位 … are covered by their tails).
_UNIT_WORDS = (
    "部门", "单位", "镇", "街道", "街", "乡", "区", "县", "市", "村",
    "局", "委", "办", "室", "机关", "专班",
)
_SEPARATORS = frozenset("、,，;；/／|")
_OPENING = "（(【[〔「『"
_CLOSING = "）)】]〕」』"
_BRACKETED = re.compile(r"[（(【\[〔][^）)】\]〕]*[）)】\]〕]")


def is_collective_unit(name: str) -> bool:
    """True for 各镇（街道、区）, 各镇街, 各相关部门, 各有关单位, 相关单位 and the like."""
    core = unicodedata.normalize("NFKC", name).strip()
    # 各镇（街道、区）: the bracket only lists kinds of the same collective.
    core = _BRACKETED.sub("", core).strip()
    return core.startswith(_COLLECTIVE_PREFIXES) and core.endswith(_UNIT_WORDS)


def split_units(text: str) -> list[str]:
    """Split a cell into unit names at 、 , ， ; ； / and spaces, never inside brackets."""
    units: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0 and (char in _SEPARATORS or char.isspace()):
            units.append("".join(current))
            current = []
            continue
        current.append(char)
    units.append("".join(current))
    return [unit for unit in units if unit]
