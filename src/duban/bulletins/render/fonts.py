"""The faces of a government document (after GB/T 9704) and the installed fonts that stand in.

Each role has a classic face (方正小标宋简体 for the title, 黑体 for headings, 楷体 for
second-level headings, 仿宋 for the body) and a Noto CJK face from Debian's fonts-noto-cjk
that stands in where the classic one is not installed. ``DUBAN_FONT_<ROLE>`` names a face
explicitly; a named face that is not installed is an error naming it, never a silent swap.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

# role → (classic faces, in order of preference; the Noto stand-in)
FACES = {
    "title": (("方正小标宋简体", "方正小标宋_GBK", "华文中宋"), "Noto Serif CJK SC"),
    "heading": (("黑体", "SimHei"), "Noto Sans CJK SC"),
    "subheading": (("楷体_GB2312", "楷体", "KaiTi"), "Noto Serif CJK SC"),
    "body": (("仿宋_GB2312", "仿宋", "FangSong"), "Noto Serif CJK SC"),
}


class FontMissing(RuntimeError):
    """A face a document needs is not installed; the message names it and the setting."""


class PdfEngineMissing(RuntimeError):
    """The PDF printer (Chromium) is not installed or failed; the message names it."""


@dataclass(frozen=True)
class Fonts:
    title: str
    heading: str
    subheading: str
    body: str

    def css_stack(self, role: str) -> str:
        return f'"{getattr(self, role)}", "Noto Serif CJK SC", serif'


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Every family name fontconfig knows (each of a face's names, e.g. 仿宋 and FangSong)."""
    if shutil.which("fc-list") is None:
        raise FontMissing("找不到 fc-list（fontconfig）：无法确认已安装的字体，请安装 fontconfig 与 fonts-noto-cjk")
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip())


def _choose(role: str) -> str:
    configured = settings.DOCUMENT_FONTS.get(role, "")
    families = installed_families()
    if configured:
        if configured not in families:
            raise FontMissing(f"字体“{configured}”未安装（DUBAN_FONT_{role.upper()}）：请安装该字体或改用已安装的字体")
        return configured
    classic, stand_in = FACES[role]
    for face in classic:
        if face in families:
            return face
    if stand_in not in families:
        raise FontMissing(f"字体“{classic[0]}”与备选“{stand_in}”均未安装（DUBAN_FONT_{role.upper()}）："
                          "请安装 fonts-noto-cjk 或指定已安装的字体")
    return stand_in


def document_fonts() -> Fonts:
    return Fonts(**{role: _choose(role) for role in FACES})
