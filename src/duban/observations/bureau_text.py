"""How a bureau's sheets write their titles, headers and periods, folded for comparison."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HEADER_ROWS = 12  # the data starts within the first rows of a sheet, or the sheet is no table of regions
CONTENTS = re.compile(r"^目录$")
YEAR = re.compile(r"((?:19|20)[0-9]{2})年")
# A period written without its year: 1-3月 (year to date), 3月末 (a balance), 3月.
YEARLESS = re.compile(r"(?<![0-9年])(?:(?P<first>[0-9]{1,2})月?[-~至](?P<last>[0-9]{1,2})月|(?P<month>[0-9]{1,2})月(?:末|底|份)?)")
TITLE_NOISE = re.compile(r"^表\s*[0-9A-Za-z一二三四五六七八九十-]+\s*[:：、.]?|[（(][0-9]+[）)]$|分县[（(]?市、?区[）)]?|各县[（(]?市、?区[）)]?|主要指标|情况$")


@lru_cache(maxsize=4096)  # a workbook repeats its headers and region names on every sheet
def fold(text: str | None) -> str:
    """Full-width to ASCII, dashes to "-", no spaces: how headers and names are compared."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", text).replace("—", "-").replace("～", "-").replace("–", "-")


@lru_cache(maxsize=4096)
def clean_title(text: str) -> str:
    """A title without its period, table number, bracketed unit and words like 分县（市、区）."""
    ref_free = re.sub(r"(?:19|20)[0-9]{2}年(?:[0-9]{1,2}(?:月?-[0-9]{1,2})?月(?:末|底|份)?)?", "", fold(text))
    ref_free = YEARLESS.sub("", ref_free)
    ref_free = re.sub(r"[（(][^）)]*[）)]$", "", TITLE_NOISE.sub("", ref_free))
    return TITLE_NOISE.sub("", ref_free).strip(" :：、,.")


def is_period_text(text: str) -> bool:
    folded = fold(text)
    return bool(YEAR.search(folded) or YEARLESS.search(folded)) and len(clean_title(text)) == 0
