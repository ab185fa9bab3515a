"""The engine's warning reasons over a whole period: each distinct set of printed facts is
formatted once (by the rule itself, ``WarningRule.reasons``) and cells index the results.
"""

from __future__ import annotations

import json
import string
from collections.abc import Sequence

import numpy as np

from duban.core.warnings import LEVEL_CODE, TEMPLATE_FIELDS, WarningFacts, WarningRule

_INTEGER_FACTS = {"rank", "rank_target", "rank_change", "previous_rank_change"}


def _fact(name: str, v: float, group_names: Sequence[str]):
    if np.isnan(v):
        return None
    if name == "group":
        return group_names[int(v)] if int(v) < len(group_names) else None
    return int(v) if name in _INTEGER_FACTS else float(v)


def _texts(rule: WarningRule, f: dict[str, np.ndarray], where, group_names: Sequence[str]):
    """The rule's Chinese reasons for the selected cells, formatted once per distinct printed
    facts: (the distinct JSON strings, each cell's index into them)."""
    printed = sorted(
        {fact for _, name, _, _ in string.Formatter().parse(rule.reason_template_zh) if name
         for fact in TEMPLATE_FIELDS[name]}
    )
    count = len(where[0])
    if not printed:
        return [json.dumps(rule.reasons(WarningFacts(reported=True))[0], ensure_ascii=False)], np.zeros(count, np.int64)
    table = np.stack([np.broadcast_to(f[name], f["reported"].shape)[where] for name in printed], axis=1)
    # distinct by bit pattern (so -0.0 and 0.0, printed differently, stay apart)
    width = len(printed)
    rows = np.ascontiguousarray(table).view(np.int64 if width == 1 else np.dtype((np.void, 8 * width)))[:, 0]
    distinct, inverse = np.unique(rows, return_inverse=True)
    texts = []
    for raw in distinct:
        values = np.frombuffer(raw.tobytes(), dtype=np.float64)
        kwargs = {name: _fact(name, v, group_names) for name, v in zip(printed, values)}
        texts.append(json.dumps(rule.reasons(WarningFacts(reported=True, **kwargs))[0], ensure_ascii=False))
    return texts, inverse.ravel()


def reasons(rules, masks, level, f, group_names: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Each cell's reasons (every matching rule at the deciding level, in rule order) as a code
    into the distinct JSON lists (code 0: no reasons)."""
    shape, n = level.shape, level.size
    picks, texts = [], []  # per contributing rule: each cell's text index (-1: none), its texts
    for rule, mask in zip(rules, masks):
        where = np.nonzero(mask & (level == LEVEL_CODE[str(rule.level)]))
        if not len(where[0]):
            continue
        rule_texts, inverse = _texts(rule, f, where, group_names)
        pick = np.full(shape, -1, dtype=np.int64)
        pick[where] = inverse
        picks.append(pick.ravel())
        texts.append(rule_texts)
    codes = np.zeros(n, dtype=np.int32)
    lists = ["[]"]
    if picks:
        # one integer per combination of picks (mixed radix), then its distinct values
        key, strides = np.zeros(n, dtype=np.int64), []
        for pick in picks:
            strides.append(int(np.prod([len(t) + 1 for t in texts[: len(strides)]], dtype=np.int64)))
            key += (pick + 1) * strides[-1]
        cells = np.nonzero(key)[0]
        combos, inverse = np.unique(key[cells], return_inverse=True)
        for combo in combos.tolist():
            chosen = [(combo // stride) % (len(t) + 1) - 1 for stride, t in zip(strides, texts)]
            lists.append("[" + ", ".join(t[k] for k, t in zip(chosen, texts) if k >= 0) + "]")
        codes[cells] = inverse.ravel() + 1
    return codes.reshape(shape), lists
