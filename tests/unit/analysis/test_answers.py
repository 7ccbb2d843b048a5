"""The labelled tidy frame: every key beside its label, one class column whatever the scheme."""

import pandas as pd
import pytest

from jusolib.analysis.answers import ANSWER_COLUMNS, answers, items
from jusolib.report import YearReport
from tests.helpers import fy2024_report


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


def test_one_row_per_respondent_and_item_with_keys_and_labels(report):
    frame = answers(report)
    assert tuple(frame.columns) == ANSWER_COLUMNS
    assert len(frame) == 23 * 27  # published: 23 respondents; the codebook: 27 items
    hubs = frame[frame["item_id"] == "out_hubs"]
    # published FY2024 I-2: あてはまる 13 of 23
    assert int((hubs["answer"] == "あてはまる").sum()) == 13 == int(hubs["positive"].sum())
    assert set(hubs["item_number"]) == {"問1-2"} and set(hubs["item_short"]) == {"I-2"}
    assert set(zip(hubs["answer_code"].dropna().astype(int), hubs["answer"].astype(str), strict=True)) <= {
        (1, "あてはまる"),
        (2, "どちらともいえない"),
        (3, "あてはまらない"),
    }


def test_scores_and_text_beside_the_answer(report):
    frame = answers(report)
    # agree3 scores 2 / 1 / 0 of 2 → 100 / 50 / 0
    scores = frame[frame["section"] == "I"].groupby("answer", observed=True)["score"].first().to_dict()
    assert scores == {"あてはまる": 100.0, "どちらともいえない": 50.0, "あてはまらない": 0.0}
    texts = report.free_text
    written = frame[frame["text"] != ""]
    assert len(written) == len(texts)


def test_the_class_column_has_one_name_and_the_schemes_order():
    frame = YearReport.load(2024, size_scheme="団体種別").answers()
    assert (
        frame.attrs["size_scheme"] == "municipality_type" and frame.attrs["size_scheme_label"] == "団体種別"
    )
    # no 町村 implements in 2024: the empty class is not a category
    assert frame["size_class"].cat.categories.tolist() == ["特別区", "市"]
    assert frame.drop_duplicates("muni_code")["size_class"].value_counts().to_dict() == {
        "市": 12,
        "特別区": 11,
    }


def test_both_respondent_types(report):
    both = answers(report, "all")
    assert both["respondent_type"].cat.categories.tolist() == ["自治体", "社協"]
    assert both.groupby("respondent_key").size().to_dict() == {"council": 621, "municipality": 621}
    assert pd.notna(both["size_class"]).all()


def test_items_list_every_name_of_an_item(report):
    listed = items(report)
    assert len(listed) == 27
    assert listed.loc["chl_grant_admin_burden", ["item_number", "item_short"]].tolist() == ["問3-1", "III-1"]
    assert listed.loc["chl_community_building", "footnote"] == "※1"
    assert listed.loc["chl_grant_admin_burden", "positive"] == "とても＋あてはまる"
