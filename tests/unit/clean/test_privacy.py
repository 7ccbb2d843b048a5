"""The personal-data scan finds every planted case and nothing in ordinary welfare sentences."""

import pandas as pd
import pytest

from jusolib.clean.privacy import find_personal_data, redact_frame, redact_text, scan_frame

#: Planted cases: (text, [(kind, span)]) — each span written out by hand.
PLANTED = [
    ("山田太郎様の世帯に訪問した", [("name", "山田太郎")]),
    ("相談者は佐藤 花子さん（仮名ではない）", [("name", "佐藤 花子")]),
    ("田中一郎氏が地域ケア会議に出席", [("name", "田中一郎")]),
    ("福祉課山田様から連絡があった", [("name", "山田")]),
    ("本多さんの家を訪ねた", [("name", "本多")]),
    ("井上さん宅で個別支援会議", [("name", "井上")]),
    ("世田谷区長 保坂展人氏", [("name", "保坂展人")]),
    ("連絡先は03-1234-5678まで", [("phone", "03-1234-5678")]),
    ("電話 ０３－１２３４－５６７８（代表）", [("phone", "０３－１２３４－５６７８")]),
    ("携帯09012345678に折り返し", [("phone", "09012345678")]),
    ("(042)123-4567 へ", [("phone", "(042)123-4567")]),
    ("TEL 03(1234)5678", [("phone", "03(1234)5678")]),
    ("フリーダイヤル0120-123-456", [("phone", "0120-123-456")]),
    ("+81-3-1234-5678 (海外から)", [("phone", "+81-3-1234-5678")]),
    ("メール yamada.taro@example.jp まで", [("email", "yamada.taro@example.jp")]),
    ("soudan＠city.example.lg.jp", [("email", "soudan＠city.example.lg.jp")]),
    ("〒160-0023 新宿区西新宿", [("postal_code", "〒160-0023")]),
    ("住所は163-8001 東京都", [("postal_code", "163-8001")]),
    ("〒１６３ー８００１", [("postal_code", "〒１６３ー８００１")]),
    ("昭和50年1月1日生の男性", [("birth_date", "昭和50年1月1日生")]),
    ("1975/1/1生まれ", [("birth_date", "1975/1/1生まれ")]),
    ("Ｓ５０．１．１生", [("birth_date", "Ｓ５０．１．１生")]),
    ("生年月日：平成元年4月1日", [("birth_date", "平成元年4月1日")]),
    (
        "鈴木様（090-1111-2222、suzuki@example.com）",
        [("name", "鈴木"), ("phone", "090-1111-2222"), ("email", "suzuki@example.com")],
    ),
]

#: Ordinary sentences of welfare free text: none of them holds personal data.
ORDINARY = [
    "地域福祉コーディネーターの配置",
    "令和6年4月から重層的支援体制整備事業を実施",
    "8050問題への対応",
    "区内3か所に拠点を設置した",
    "地域の皆様のご協力により、居場所づくりが進んだ",
    "利用者様の声を聴く機会を設けた",
    "住民さん同士の見守りが生まれた",
    "民生委員さんや自治会長さんとの連携",
    "社協さん、包括さん、区役所さんと情報共有",
    "ご本人様やご家族様の同意を得て支援会議で共有",
    "前回同様、多種多様な相談が寄せられた",
    "様々な機関が参加し、様式を統一した",
    "同氏の発言を受けて",
    "氏名は記載しない",
    "Aさん（80代）とＢ氏の世帯",
    "○○様への支援",
    "令和5年度は12区市、令和6年度は23区市が実施",
    "2024年4月1日生活困窮者自立支援制度と一体的に実施",
    "相談件数は1,234件（前年度比10.5%増）",
    "団体コード131121の世田谷区",
    "R6.4.1から開始",
    "支援会議を年12回開催（4月〜3月）",
    "ケアマネさん、ヘルパーさんとの連携",
    "息子さん、お孫さん、お子さんを含む世帯全体",
    "当事者さんの参加",
    "相談支援包括化推進員を2名配置",
    "第3期地域福祉計画（2024〜2029年度）",
    "参加支援事業の対象者は15名",
    "先方さんの都合で延期",
    "昨年度同様の取組みを継続し、様子を見守る",
    "厚生労働省様、東京都様、区長様への報告",
    "地域住民の皆さん方と話し合った",
    "相談支援専門員様、障害福祉課様、NPO法人様",
    "2024年12月10日〜2025年1月14日に調査",
]


@pytest.mark.parametrize(("text", "expected"), PLANTED)
def test_every_planted_case_is_found_with_its_span(text, expected):
    hits = find_personal_data(text)
    assert [(h.kind, h.text) for h in hits] == expected
    assert all(text[h.start : h.end] == h.text for h in hits)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_welfare_sentences_have_no_hit(text):
    assert find_personal_data(text) == []


def test_redaction_masks_the_spans_and_keeps_the_rest():
    assert redact_text("山田太郎様の世帯（電話 03-1234-5678）") == "［氏名］様の世帯（電話 ［電話番号］）"
    assert redact_text("8050問題") == "8050問題"


def test_scan_and_redact_frames_leave_the_input_unchanged():
    frame = pd.DataFrame({"item_id": ["a", "b"], "text": ["〒160-0023", "8050問題"]})
    before = frame.copy()
    hits = scan_frame(frame, "text", keep=["item_id"])
    assert hits[["item_id", "kind", "start", "end", "span"]].values.tolist() == [
        ["a", "postal_code", 0, 9, "〒160-0023"]
    ]
    assert redact_frame(frame, ["text"])["text"].tolist() == ["［郵便番号］", "8050問題"]
    pd.testing.assert_frame_equal(frame, before)
