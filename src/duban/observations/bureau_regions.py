"""The regions of a bureau's sheets: by code, name or alias, and by the short names bureaus print."""

from __future__ import annotations

import re
from functools import cached_property

from duban.catalogue.lookups import NameIndex

SHORT_NAME_SUFFIX = re.compile(r"^(?:.{0,4}自治)?[区县市旗]$")  # 婺城 → 婺城区, 景宁 → 景宁畲族自治县
# A footnote mark after a region's name (义乌*, 永康①, 东阳(1), 东阳（1）, 婺城▲), as printed: before
# folding, which turns ① into a plain 1. Digits only in brackets or circled: a code is all digits.
FOOTNOTE_MARK = re.compile(r"(?:\s*(?:[*＊※▲△#＃\u2460-\u2473\u2474-\u2487\u2776-\u277f\u2780-\u2793]|[（(]\s*[0-9０-９]{1,2}\s*[)）]))+$")
# Functional zones a county table carries beside its counties, often not regions of the catalogue.
FUNCTIONAL_ZONE = re.compile(r"(?:开发区|新区|高新区|园区|度假区|产业集聚区)$")


def without_footnote_mark(text: str) -> str:
    """A region's name as printed, without a footnote mark after it."""
    return FOOTNOTE_MARK.sub("", text) or text


def is_functional_zone(name: str) -> bool:
    return bool(FUNCTIONAL_ZONE.search(name))


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
        short = self.by_short_name.get(text, {})
        return next(iter(short.values())) if len(short) == 1 else None

    @cached_property
    def by_short_name(self) -> dict[str, dict[int, object]]:
        """Each name without a suffix 区/县/市/旗 or …自治县 (婺城, 景宁), and the regions it may be:
        made once, not a scan of every name for each text a workbook's first column holds."""
        short: dict[str, dict[int, object]] = {}
        for key, region in self.index.by_key.items():
            if key == region.name:
                for cut in range(1, len(key)):
                    if SHORT_NAME_SUFFIX.match(key[cut:]):
                        short.setdefault(key[:cut], {})[region.id] = region
        return short

    def known(self, text: str) -> bool:
        if text not in self.found:
            self.found[text] = self._find(text)
        return self.found[text] is not None
