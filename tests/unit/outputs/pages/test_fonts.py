import base64
import io
import re

from fontTools.ttLib import TTFont

from jusolib.outputs.pages.fonts import FAMILY, font_face_css, page_characters, subset_woff


def test_the_subset_holds_exactly_the_page_characters():
    font = TTFont(io.BytesIO(subset_woff(page_characters("令和6年度 課題"))))
    mapped = set(font.getBestCmap())
    assert {ord(c) for c in "令和6年度 課題"} == mapped


def test_bytes_are_the_same_every_time():
    assert subset_woff("重層的支援") == subset_woff.__wrapped__("重層的支援")


def test_css_embeds_the_font_as_data():
    css = font_face_css("<p>合成データ</p>")
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", css).group(1)
    assert f"font-family:'{FAMILY}'" in css and base64.b64decode(data)[:4] == b"wOFF"
