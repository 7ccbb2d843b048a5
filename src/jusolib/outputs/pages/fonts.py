"""The embedded font of the pages: a subset of IPAexGothic holding only the characters of one page.

Pages list the Japanese fonts a reader's machine usually has (Yu Gothic, Meiryo, Hiragino, Noto Sans CJK) first;
the embedded subset is the last fallback, so that a machine without any Japanese font still shows every heading
and cell instead of boxes. The font is the IPAexGothic that matplotlib-fontja ships for the charts (IPA Font
License); fontTools cuts it down to the page's characters and writes WOFF. The bytes depend only on the
characters (no timestamp is written), so pages stay byte-identical.

Examples
--------
>>> css = font_face_css("令和6年度")
>>> css.startswith("@font-face{font-family:'jusolib IPAexGothic';") and "format('woff')" in css
True
>>> font_face_css("令和6年度") == css
True
"""

from __future__ import annotations

import base64
import functools
import io
from pathlib import Path

#: The family name pages use for the embedded subset (last in the font stack).
FAMILY = "jusolib IPAexGothic"


@functools.lru_cache(maxsize=1)
def font_path() -> Path:
    """The IPAexGothic TTF inside matplotlib-fontja (the font the charts use), found once per process.

    Returns
    -------
    Path
        The ``fonts/ipaexg.ttf`` file of the installed matplotlib-fontja package.

    Examples
    --------
    >>> font_path().name
    'ipaexg.ttf'
    """
    import matplotlib_fontja

    return Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf"


def page_characters(text: str) -> str:
    """The distinct characters a page needs from the font: everything beyond ASCII control characters.

    Parameters
    ----------
    text
        The page's text (HTML as written: markup, styles and text alike).

    Returns
    -------
    str
        Each character of ``text`` once, in code-point order, without the C0 control characters (tab,
        newline …) and DEL.

    Examples
    --------
    >>> page_characters("ああ a\\n")
    ' aあ'
    """
    return "".join(sorted({c for c in text if c >= " " and c != "\x7f"}))


@functools.lru_cache(maxsize=32)
def subset_woff(characters: str) -> bytes:
    """IPAexGothic cut down to ``characters``, as WOFF bytes (deterministic).

    No hinting, no layout features, the font's copyright and licence names kept; the same characters always give
    the same bytes (no timestamp is written), and the last 32 subsets are kept in memory.

    Parameters
    ----------
    characters
        The characters to keep, as :func:`page_characters` gives them (a character the font lacks is left out).

    Returns
    -------
    bytes
        A WOFF font holding the glyphs of ``characters``.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.layout_features = []  # horizontal text only: no vertical forms or ligatures to keep
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright and licence stay with the font
    # The glyphs' bounding boxes are kept as the font has them (they do not change when the font is cut
    # down): recomputing them for every glyph was half the time of a page's subset.
    font = TTFont(font_path(), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule embedding the subset for ``text`` as a data URL (nothing is fetched).

    Parameters
    ----------
    text
        The page the rule is for: the subset holds each of its characters (:func:`page_characters`).

    Returns
    -------
    str
        One CSS rule declaring the family :data:`FAMILY` with the WOFF subset as a base64 ``data:`` URL (see
        the module's example).
    """
    data = base64.b64encode(subset_woff(page_characters(text))).decode("ascii")
    return f"@font-face{{font-family:'{FAMILY}';src:url(data:font/woff;base64,{data}) format('woff');}}"
