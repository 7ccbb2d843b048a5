"""FY2024 cross-tabs by population band: cell n sum to 23 and shares match a hand count on the tidy data."""

import pytest

from jusolib.clean.pipeline import load_responses
from jusolib.core.formatting import percent
from jusolib.stats.crosstab import crosstab
from jusolib.survey.codebook import load_codebook
from jusolib.survey.schemes import add_size_class

OUTCOME_ITEMS = load_codebook(2024).item_ids("I")


@pytest.fixture(scope="module")
def data():
    return add_size_class(load_responses(2024, respondent_type="自治体"))


@pytest.mark.parametrize("item", OUTCOME_ITEMS)
def test_class_bases_sum_to_23(data, item):
    table = crosstab(data, item=item, by="population_band")
    bases = table[table["class"] != "全体"].groupby("class", observed=True)["n_all"].first()
    assert bases.sum() == 23
    assert bases.to_dict() == {"10万未満": 3, "10万〜20万": 7, "20万〜50万": 8, "50万以上": 5}


@pytest.mark.parametrize("item", OUTCOME_ITEMS)
def test_shares_match_a_hand_count(data, item):
    table = crosstab(data, item=item, by="population_band").set_index(["class", "answer"])
    rows = data[data["item_id"] == item]
    for band, group in rows.groupby("population_band", observed=True):
        applies = sum(1 for answer in group["answer"] if answer == "あてはまる")
        assert table.loc[(band, "あてはまる"), "count"] == applies
        assert table.loc[(band, "あてはまる"), "pct_all"] == float(percent(applies, len(group)))


def test_tests_are_reproducible_run_to_run(data):
    from jusolib.stats.crosstab import compare_classes

    first = compare_classes(data, by="population_band", item=OUTCOME_ITEMS)
    second = compare_classes(data, by="population_band", item=OUTCOME_ITEMS)
    assert first.equals(second)
