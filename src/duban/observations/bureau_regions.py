"""The regions of a bureau's sheets: by code, name or alias, and by the short names bureaus print."""

from __future__ import annotations

import re

from duban.catalogue.lookups import NameIndex

SHORT_NAME_SUFFIX = re.compile(r"^(?:.{0,4}自治)?[区县市旗]$")  # 婺城 → 婺城区, 景宁 → 景宁畲族自治县


class Regions:
    """Regions by code, name or alias (``NameIndex``), and by the short names bureaus print."""

    def __init__(self, index: NameIndex):
        self.index = index
        self.by_id = {row.id: row for row in index.by_key.values()}
        self.found: dict[str, object] = {}  # each text judged once: a workbook repeats its regions on every sheet

    def get(self, text: str):
        """The region, or UnknownName (with the nearest names: built only for a text that is an error)."""
        if text not in self.found:
            self.found[text] = self._find(text)
        found = self.found[text]
        if found is None:
            self.index.get(text)  # raises, naming the nearest regions
        return found

    def _find(self, text: str):
        if text in self.index and text not in self.index.ambiguous:
            return self.index.by_key[text.strip()]
        if text in self.index.ambiguous:
            return None
        short = {r.id: r for key, r in self.index.by_key.items()
                 if key.startswith(text) and key == r.name and SHORT_NAME_SUFFIX.match(key[len(text):])}
        return next(iter(short.values())) if len(short) == 1 else None

    def known(self, text: str) -> bool:
        if text not in self.found:
            self.found[text] = self._find(text)
        return self.found[text] is not None
