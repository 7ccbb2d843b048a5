"""The difference beside each 自治体×社協 bar, in the report's notation (signs, ポイント, interval)."""

from jusolib.outputs.slides.paired import difference_text


def test_a_difference_reads_with_its_sign_interval_and_significance():
    # 社協 13/22 = 59.1% − 自治体 18/22 = 81.8%: -5/22 = -22.7 points; the interval bounds as the table rounds them
    assert difference_text(-22.7, -43.7, 1.3) == "-22.7ポイント（-43.7〜1.3）"
    assert difference_text(0.0, -24.8, 24.8) == "±0.0ポイント（-24.8〜24.8）"
    assert difference_text(26.05, 2.0, 47.2, significant=True) == "+26.1ポイント（2.0〜47.2）＊"
