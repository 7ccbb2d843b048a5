"""SudachiPy + sudachidict-core against fugashi + unidic-lite, on the synthetic and the hand-written free text.

The comparison behind the choice of analyser (see ``jusolib.text.morphology``). fugashi and unidic-lite are not
dependencies of jusolib: install them into a scratch environment to run this (``pip install fugashi unidic-lite``);
without them the script says so and stops. Not part of ``make bench``.

It prints, for each analyser: the time to load it and to tokenise every text; how many groups of spelling
variants (表記揺れ) get one form; how often a word of the FY2024 coding rules, written in a text, is found as the
same token sequence the rule's word gives (what rule matching relies on); domain compounds kept whole; and lemmas
that are missing or carry an English gloss.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

from jusolib.analysis.coding import load_themes
from jusolib.synth.returns import draw_answers
from jusolib.text.themes import terms_of

#: Hand-written texts (as in tests/unit/test_themes.py), with the variants the synthetic text does not use.
HAND_WRITTEN = [
    "連携はまだできていない",
    "ＣＳＷを２名増員した",
    "連携の調整を担う担当を位置づけた",
    "重層以前の取組から出来ていた",
    "取り組みは重層事業を開始する前から行っている",
    "繋ぎ先が増えた",
    "つなぎ先が広がった",
    "はざまの課題に気づけた",
    "信頼関係づくりに時間がかかる。数値化は困難",
    "総合相談窓口の設置を検討中",
    "これまで連携したことのない機関と関係を築けた",
    "支援会議で顔の見える関係ができ、抱え込みによる負担も減った",
    "子供食堂を住民主体で立ち上げた",
    "庁内の取組みが進んだ。取り組みを続けたい",
]
VARIANTS = [
    ["取り組み", "取組み", "取組"],
    ["子ども", "子供", "こども"],
    ["立ち上げ", "立上げ"],
    ["気付く", "気づく"],
    ["分かった", "わかった"],
    ["進んだ", "すすんだ"],
    ["位置付けられた", "位置づけられた"],
    ["つなぎ先", "繋ぎ先"],
    ["狭間", "はざま"],
    ["コーディネーター", "コーディネータ"],
    ["受け皿", "受皿"],
    ["話し合い", "話合い"],
    ["付ける", "つける"],
]
COMPOUNDS = ["居場所", "関係性", "守秘義務", "世帯員", "場づくり", "未実施", "役割分担", "情報共有"]


def sudachi() -> Callable[[str], list[str]]:
    from jusolib.text.morphology import load_analyser, tokenize

    load_analyser()
    return lambda text: [t.form for t in tokenize(text)]


def fugashi() -> Callable[[str], list[str]]:
    import fugashi as fg

    tagger = fg.Tagger()

    def forms(text: str) -> list[str]:
        out = []
        for word in tagger(unicodedata.normalize("NFKC", text)):
            lemma = word.feature.lemma
            out.append(word.surface if lemma in (None, "*") else lemma)
        return out

    return forms


def fugashi_lemma_problems(texts: list[str]) -> tuple[int, int, int]:
    import fugashi as fg

    tagger = fg.Tagger()
    missing = glossed = total = 0
    for text in texts:
        for word in tagger(text):
            total += 1
            lemma = word.feature.lemma
            missing += lemma in (None, "*")
            glossed += lemma is not None and "-" in lemma
    return missing, glossed, total


def contains(sequence: list[str], part: list[str]) -> bool:
    k = len(part)
    return any(sequence[i : i + k] == part for i in range(len(sequence) - k + 1))


def main() -> None:
    try:
        import fugashi as _  # noqa: F401
    except ImportError:
        print(
            "fugashi is not installed: pip install fugashi unidic-lite (into a scratch environment) to compare"
        )
        return
    synthetic = []
    for year in (2024, 2025):
        answers = draw_answers(year)
        synthetic += list(answers["text"].dropna())
    texts = synthetic + HAND_WRITTEN
    words = sorted(terms_of(load_themes(2024).themes))
    print(
        f"{len(synthetic)} synthetic texts (FY2024 + FY2025), {len(HAND_WRITTEN)} hand-written; {len(words)} rule words"
    )
    for name, make in (("SudachiPy + sudachidict-core", sudachi), ("fugashi + unidic-lite", fugashi)):
        start = time.perf_counter()
        forms = make()
        forms("準備")
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        tokenised = [forms(t) for t in texts]
        elapsed = time.perf_counter() - start
        unified = sum(len({tuple(forms(v)) for v in group}) == 1 for group in VARIANTS)
        written = found = 0
        for text, tokens in zip(texts, tokenised, strict=True):
            for word in words:
                if word in unicodedata.normalize("NFKC", text):
                    written += 1
                    found += contains(tokens, forms(word))
        whole = [c for c in COMPOUNDS if len(forms(c)) == 1]
        print(f"\n{name}")
        print(
            f"  load {loaded * 1000:.0f} ms; tokenise all texts {elapsed * 1000:.0f} ms ({sum(map(len, tokenised))} tokens)"
        )
        print(f"  spelling-variant groups with one form: {unified} of {len(VARIANTS)}")
        print(f"  rule words written in a text and found as its tokens: {found} of {written}")
        print(f"  compounds kept whole: {len(whole)} of {len(COMPOUNDS)} ({'、'.join(whole)})")
    missing, glossed, total = fugashi_lemma_problems(texts)
    print(
        f"\nunidic-lite lemmas: {missing} missing (unknown words), {glossed} with an English gloss, of {total} tokens"
    )


if __name__ == "__main__":
    main()
