"""The contact block of the returned forms (担当者名, 電話番号, メールアドレス) is for reminders only: it is in
``jusolib status`` and its CSV, and in no page, workbook, deck, notebook, processed file or build.json.

FY2025's 60 synthetic forms each carry a made-up contact block (:func:`jusolib.synth.forms.synthetic_contact`).
The year is rendered into a temporary folder and every file written is searched for every contact detail —
inside the zipped outputs too (tables.xlsx, slides.pptx).
"""

import zipfile

from jusolib.clean.collection import collection_status
from jusolib.core.paths import data_paths
from jusolib.synth.forms import synthetic_contact
from jusolib.synth.returns import draw_answers


def contacts():
    who = draw_answers(2025)[["respondent_type", "muni_code"]].drop_duplicates()
    return [synthetic_contact(kind, code) for kind, code in who.itertuples(index=False)]


def secrets():
    found = set()
    for contact in contacts():
        found |= {contact["contact_phone"], contact["contact_email"], contact["contact_name"]}
        found.add(contact["contact_name"].replace(" ", ""))
    return found


def texts_of(path):
    """Every text a file holds: itself, or each part of a zipped Office file."""
    if path.suffix in (".xlsx", ".pptx"):
        with zipfile.ZipFile(path) as archive:
            return {
                f"{path.name}:{n}": archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
            }
    return {path.name: path.read_bytes().decode("utf-8", "replace")}


def test_sixty_forms_carry_a_contact_block_that_status_shows():
    status = collection_status(2025)
    named = status[status["contact_name"] != ""]
    assert len(named) == 60
    row = named.set_index(["respondent_type", "muni_code"]).loc[("council", "131121")]
    # 世田谷区社協: 131121 → 鈴木 (131121 mod 10 = 1), 健一 ((13112 + 1) mod 10 = 3), 03-0000-1121
    assert row[["contact_name", "contact_phone", "contact_email"]].tolist() == [
        "鈴木 健一",
        "03-0000-1121",
        "council-131121@example.jp",
    ]


def test_no_contact_detail_reaches_any_output(rendered_fy2025):
    words = secrets()
    assert len(words) >= 90  # 30 phones (one per municipality) and 60 addresses at least
    outputs = [p for p in rendered_fy2025.rglob("*") if p.is_file()]
    outputs += [p for p in data_paths().processed_dir(2025).iterdir() if p.is_file()]
    assert any(p.name == "tables.xlsx" for p in outputs) and any(p.name == "build.json" for p in outputs)
    leaks = [
        (name, word)
        for path in outputs
        for name, text in texts_of(path).items()
        for word in words
        if word in text
    ]
    assert leaks == []


def test_the_search_finds_a_contact_where_it_belongs(tmp_path):
    """A check of the check: the status CSV (for reminder e-mails) does hold the contact details."""
    from jusolib.clean.collection import write_status_csv

    path = write_status_csv(collection_status(2025), tmp_path / "status.csv")
    (text,) = texts_of(path).values()
    written = {v for contact in contacts() for v in contact.values()}
    assert len(written) >= 90 and all(word in text for word in written)  # 30 phones, 60 addresses, the names
