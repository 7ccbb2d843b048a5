"""Characteristic words and co-occurrence networks of a year's report: counts, bases, 参考値, layout across years."""

import pytest

from jusolib.core.formatting import percent
from jusolib.report import YearReport
from tests.helpers import fy2024_report


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


def test_characteristic_words_carry_counts_bases_and_the_test(report):
    table = report.characteristic_words("II")
    frame = table.frame.reset_index()
    # every row: a word the group uses more than the rest (positive residual), share = count / base, half up
    assert (frame["調整済み残差"] > 0).all()
    for row in frame.to_dict("records"):
        assert row["割合"] == float(percent(row["使用"], row["記述者"]))
        assert row["それ以外の割合"] == float(percent(row["それ以外の使用"], row["それ以外の記述者"]))
        assert row["p値"] <= row["p値（補正後）"] <= 1
    # the writers of II: each in one class, the class bases add up to all writers of the section
    writers = report.free_text[report.free_text["item_id"].isin(report.codebook.item_ids("II"))][
        "muni_code"
    ].nunique()
    bases = frame.drop_duplicates("区分").set_index("区分")["記述者"]
    assert all(
        b + r == writers
        for b, r in zip(bases, frame.drop_duplicates("区分")["それ以外の記述者"], strict=True)
    )
    # every class of FY2024's population bands has fewer than 10 writers: all 参考値
    assert all("※参考値" in c for c in bases.index) and all(table.reference_mask())
    assert any("Benjamini–Hochberg" in n for n in table.method_notes)
    assert "「違いがない」ことを示すものではない" in " ".join(table.notes)


def test_by_answer_each_answer_counts_once(report):
    g = report.grouping("I", by="answer")
    texts = report.free_text[report.free_text["item_id"].isin(report.codebook.item_ids("I"))]
    assert len(g.units) == len(texts)  # one text per (municipality, item)
    assert set(g.units["group"]) == {"肯定的回答", "それ以外"}
    counts = report.keyness_counts("I", by="answer")
    positive = counts[counts["group"] == "肯定的回答"]
    assert (positive["group_n"] + positive["rest_n"] == len(texts)).all()
    holm = report.characteristic_words("I", by="answer", adjustment="Holm")
    assert any("Holm の方法" in n for n in holm.method_notes)


def test_by_respondent_type_and_by_fiscal_year():
    year = YearReport.load(2025)
    types = year.grouping("III", by="respondent_type")
    assert list(types.units["group"].cat.categories) == ["自治体", "社協"]
    years = year.grouping("III", by="fiscal_year")
    assert list(years.units["group"].cat.categories) == ["令和6年度 (2024)", "令和7年度 (2025)"]
    table = year.characteristic_words("III", by="fiscal_year")
    assert table.key == "III_特徴語_年度別" and not table.frame.empty


def test_network_edges_are_jaccard_of_answers(report):
    net = report.cooccurrence("III")
    words = report.free_text_words()
    words = words[words["item_id"].isin(report.codebook.item_ids("III"))]
    docs = {w: set(zip(p["muni_code"], p["item_id"], strict=True)) for w, p in words.groupby("word")}
    for edge in net.edges.to_dict("records"):
        a, b = docs[edge["source"]], docs[edge["target"]]
        assert edge["both"] == len(a & b) and edge["jaccard"] == len(a & b) / len(a | b) >= net.threshold
    table = report.cooccurrence_table("III")
    assert table.frame["Jaccard係数"].tolist() == net.edges["jaccard"].tolist()


def test_the_layout_of_the_next_year_keeps_the_words_where_they_were(report):
    earlier = report.network_layout("II")
    later = YearReport.load(2025).network_layout("II")
    shared = set(earlier) & set(later)
    assert shared, "FY2024 and FY2025 share words in II"
    assert {w: later[w] for w in shared} == {w: earlier[w] for w in shared}
    assert report.network_layout("II") == earlier  # seeded: the same every time


def test_node_colours_name_the_group_that_uses_a_word_most_or_none_on_a_tie(report):
    groups = report.node_groups("II")
    counts = report.keyness_counts("II").set_index(["word", "group"])
    for word, group in groups.items():
        shares = {
            g: a / n
            for (w, g), a, n in zip(counts.index, counts["a"], counts["group_n"], strict=True)
            if w == word
        }
        best = max(shares.values())
        leaders = [g for g, s in shares.items() if s == best]
        assert group == (leaders[0] if len(leaders) == 1 else None)


def test_the_network_chart_draws_every_word_without_missing_glyphs(report):
    figure = report.plot_cooccurrence("I")  # a missing glyph is an error (pyproject filterwarnings)
    labels = {t.get_text() for t in figure.axes[0].texts}
    assert set(report.cooccurrence("I").nodes["node"]) <= labels
    import matplotlib.pyplot as plt

    plt.close(figure)


def test_a_stricter_threshold_leaves_no_edge(report):
    net = report.cooccurrence("I", threshold=1.0, min_documents=50)  # no word is in 50 answers
    assert net.empty and net.nodes.empty
