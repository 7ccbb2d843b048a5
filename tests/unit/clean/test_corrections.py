import datetime as dt

import pytest

from jusolib.clean.cleaner import clean_tables
from jusolib.clean.corrections import FIELDS, apply_corrections, parse_corrections
from jusolib.core.errors import InputFileError
from jusolib.io.read import read_return
from jusolib.survey.codebook import load_codebook
from tests.bad_inputs.make_corpus import delete
from tests.helpers import row, write_csv, write_form

BOOK = load_codebook(2024)
KEYS = {"区市町村名"}
SIGNED = {"reason": "電話で回答を確認した", "confirmed_by": "中央区 福祉総務課（電話）", "date": "2025-01-16"}


def entries(*items):
    return parse_corrections({"corrections": [{**SIGNED, **i} for i in items]}, "corrections.yaml")


def problems(error):
    return [(p.column, p.value, p.expected) for p in error.value.problems]


class TestTheFileItself:
    def test_unknown_fields_and_two_targets_are_named_per_entry(self):
        with pytest.raises(InputFileError) as err:
            entries({"file": "a.xlsx", "item": "問1-1", "cell": "D19", "value": "あてはまる", "who": "x"})
        found = problems(err)
        assert (
            "corrections[1]",
            "who",
            f"only the fields {', '.join(FIELDS)}",
        ) in found
        assert any(
            c == "corrections[1]" and "exactly one of item:, cell: or blank_form" in e for c, _, e in found
        )

    def test_a_blank_form_is_counted_only_by_saying_so(self):
        with pytest.raises(InputFileError) as err:
            entries({"file": "a.xlsx", "blank_form": "yes"})
        assert problems(err) == [("corrections[1]", "yes", "blank_form: counted")]

    def test_a_date_is_a_date(self):
        with pytest.raises(InputFileError) as err:
            parse_corrections(
                {
                    "corrections": [
                        {**SIGNED, "file": "a.xlsx", "item": "問1-1", "value": "あてはまる", "date": "16日"}
                    ]
                },
                "c.yaml",
            )
        assert problems(err) == [("corrections[1]", "16日", "date: when it was confirmed (YYYY-MM-DD)")]
        (entry,) = entries(
            {"file": "a.xlsx", "item": "問1-1", "value": "あてはまる", "date": dt.date(2025, 1, 16)}
        )
        assert entry.date == "2025-01-16"


@pytest.fixture
def refused(tmp_path):
    """A form refused for a typed answer (問1-2 ややあてはまる) and a deleted row (問1-3)."""
    path = tmp_path / "中央区_自治体.xlsx"
    write_form(path, answers={"out_hubs": "ややあてはまる"})
    from jusolib.io.form_writer import fill_form, form_bytes, form_rows, render_form

    rows = delete("out_leaders")(
        form_rows(BOOK, muni_code="131024", muni_name="中央区", respondent_type="municipality")
    )
    book = render_form(rows, BOOK, who="中央区（自治体）")
    fill_form(
        book,
        {i: "あてはまる" for i in BOOK.item_ids() if i != "out_leaders"} | {"out_hubs": "ややあてはまる"},
    )
    path.write_bytes(form_bytes(book))
    return read_return(path, KEYS, file="FY2024/中央区_自治体.xlsx")


def apply(tables, *items, files=("中央区_自治体.xlsx",), replaced=None):
    return apply_corrections(
        tables, entries(*items), BOOK, where="corrections.yaml", folder_files=list(files), replaced=replaced
    )


def test_a_refused_form_becomes_usable_once_its_problems_are_corrected(refused):
    with pytest.raises(InputFileError) as err:
        clean_tables(refused, BOOK, fiscal_year=2024)
    assert sorted(p.kind for p in err.value.problems) == ["answer_outside_scale", "form_missing_item"]
    corrected = apply(
        refused,
        {"file": "中央区_自治体.xlsx", "item": "問1-2", "value": "あてはまる"},
        {
            "file": "中央区_自治体.xlsx",
            "item": "out_leaders",
            "value": "どちらともいえない",
            "text": "研修を開始",
        },
    )
    result = clean_tables(corrected, BOOK, fiscal_year=2024)
    answers = result.responses.set_index("item_id")["answer"].astype(str)
    assert (answers["out_hubs"], answers["out_leaders"]) == ("あてはまる", "どちらともいえない")
    assert result.free_text.set_index("item_id").at["out_leaders", "text"] == "研修を開始"
    log = result.cleaning_log[result.cleaning_log["rule"].str.startswith("correction")]
    assert log[["column", "raw_value", "clean_value", "rule"]].values.tolist() == [
        [
            "問1-2 (cell D20)",
            "ややあてはまる",
            "あてはまる",
            "correction (corrections.yaml #1): 電話で回答を確認した",
        ],
        [
            "問1-3 (cell corrections.yaml)",
            "",
            "どちらともいえない",
            "correction (corrections.yaml #2): 電話で回答を確認した",
        ],
        [
            "問1-3 具体的な内容 (cell corrections.yaml)",
            "",
            "研修を開始",
            "correction (corrections.yaml #2): 電話で回答を確認した",
        ],
    ]
    # the table as read is not changed
    assert refused[0].form.corrected == frozenset() and "out_leaders" not in refused[0].form.positions


def test_a_value_not_on_the_scale_an_unknown_item_and_an_unknown_file_are_named(refused):
    with pytest.raises(InputFileError) as err:
        apply(
            refused,
            {"file": "中央区_自治体.xlsx", "item": "問1-2", "value": "ややあてはまる"},
            {"file": "中央区_自治体.xlsx", "item": "問9-9", "value": "あてはまる"},
            {"file": "港区_自治体.xlsx", "item": "問1-2", "value": "あてはまる"},
            {"file": "中央区_自治体.xlsx", "item": "問1-2", "value": "1"},  # the form shows no numbers
        )
    found = problems(err)
    assert found[0] == (
        "corrections[3]",
        "港区_自治体.xlsx",
        "the name of a return file of the folder (中央区_自治体.xlsx)",
    )
    assert found[1] == (
        "corrections[1]",
        "ややあてはまる",
        "an option of 問1-2's scale (あてはまる / どちらともいえない / あてはまらない) or 無回答",
    )
    assert found[2][:2] == ("corrections[2]", "問9-9") and "or a field (調査年度, 回答主体" in found[2][2]
    assert found[3][:2] == ("corrections[4]", "1")


def test_a_replaced_file_is_not_corrected(refused):
    with pytest.raises(InputFileError, match=r"replaced by new\.xlsx"):
        apply(
            refused,
            {"file": "中央区_自治体.xlsx", "item": "問1-2", "value": "あてはまる"},
            files=("中央区_自治体.xlsx", "new.xlsx"),
            replaced={"中央区_自治体.xlsx": "new.xlsx"},
        )


def test_confirming_who_answered_settles_the_question(tmp_path):
    path = write_form(
        tmp_path / "中央区_自治体.xlsx", fields={"department": "中央区社会福祉協議会 地域福祉推進課"}
    )
    tables = read_return(path, KEYS)
    with pytest.raises(InputFileError, match=r"cell D9 \(担当部署\).*names the 社協"):
        clean_tables(tables, BOOK, fiscal_year=2024)
    confirmed = apply(tables, {"file": "中央区_自治体.xlsx", "item": "回答主体", "value": "自治体"})
    result = clean_tables(confirmed, BOOK, fiscal_year=2024)
    assert result.respondents["respondent_type"].tolist() == ["municipality"]
    assert [p.kind for p in result.settled] == ["form_department_other_type"]


def test_a_compiled_sheet_is_corrected_by_cell(tmp_path):
    path = write_csv(tmp_path / "r.csv", [row("中央区", q1_2="5"), row("墨田区")])
    tables = read_return(path, KEYS)
    with pytest.raises(InputFileError, match="row 2, column 問1-2"):
        clean_tables(tables, BOOK, fiscal_year=2024)
    corrected = apply(tables, {"file": "r.csv", "cell": "D2", "value": "あてはまらない"}, files=("r.csv",))
    result = clean_tables(corrected, BOOK, fiscal_year=2024)
    chosen = result.responses.query("muni_code == '131024' and item_id == 'out_hubs'")["answer"].astype(str)
    assert chosen.tolist() == ["あてはまらない"]
    with pytest.raises(InputFileError, match=r"the cell of an answer or 具体的な内容 of r\.csv"):
        apply(tables, {"file": "r.csv", "cell": "A2", "value": "あてはまる"}, files=("r.csv",))
    with pytest.raises(InputFileError, match="cell: for a compiled sheet"):
        apply(tables, {"file": "r.csv", "item": "問1-2", "value": "あてはまる"}, files=("r.csv",))
