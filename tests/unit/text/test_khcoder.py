"""KH Coder coding-rule files: reading, errors with their line, the rules they become, writing them back."""

import pytest

from jusolib.core.errors import CodebookError
from jusolib.text import khcoder
from jusolib.text.khcoder import And, Not, Or, Proximity, Word, condition_of, parse, rule_of, write


def test_operators_and_precedence():
    # not binds before and, and before or (KH Coder hands the condition to SQL)
    code = parse("*a\n連携 or 研修 and not 未実施\n")[0]
    assert code.condition == Or((Word("連携"), And((Word("研修"), Not(Word("未実施"))))))
    assert rule_of(code.condition) == [{"any": ["連携"]}, {"any": ["研修"], "none": ["未実施"]}]
    symbols = parse("*a\n連携 &! 研修 | 会議\n")[0]  # &! is and not, | is or
    assert symbols.condition == Or((And((Word("連携"), Not(Word("研修")))), Word("会議")))


def test_near_seq_and_strings():
    code = parse("*a\nnear(支援-連携)[3] and 'その人らしさ'\n")[0]
    assert code.condition == And(
        (Proximity("near", (Word("支援"), Word("連携")), 3), Word("その人らしさ", quoted=True))
    )
    # KH Coder's distance counts positions (b at most N words after a); jusolib's window counts the words between
    assert rule_of(code.condition) == [
        {"any": ["その人らしさ"], "phrase": [["支援", "連携"], ["連携", "支援"]], "window": 2}
    ]
    default = parse("*a\nseq(情報-共有)\n")[0]
    assert rule_of(default.condition) == [
        {"phrase": [["情報", "共有"]], "window": khcoder.DEFAULT_DISTANCE - 1}
    ]
    assert condition_of(rule_of(default.condition)) == "seq(情報-共有)"  # the default distance is not written


def test_and_distributes_over_an_or_of_mixed_parts():
    code = parse("*a\n支援 and ( 研修 or seq(情報-共有)[4] )\n")[0]
    assert rule_of(code.condition) == [
        {"all": [["支援"], ["研修"]]},
        {"any": ["支援"], "phrase": [["情報", "共有"]], "window": 3},
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("連携\n*a\n研修\n", "line 1: a condition before the first code"),
        ("*a\n連携 研修\n", "line 2: expected and / or / not between two conditions, got '研修'"),
        ("*a\n( 連携 or 研修\n", "line 2: expected ')' to close the '('"),
        ("*a\n連携 or\n", "line 2: the condition ends where a word or '(' was expected"),
        ("*a\n(連携 or 研修 )\n", "write ( and ) apart from the words"),
        ("*a\n<>b\n", "a reference to another code"),
        ("*a\n連携->名詞\n", "a part-of-speech condition"),
        ("*a\nnear(支援-連携)[b]\n", "a distance in sentences or paragraphs"),
        ("*a\nnear(支援-連携-研修)\n", "near() and seq() of two words"),
        ("*a\n*b\n連携\n", "line 1: code *a has no condition"),
        ("*a\n連携\n*a\n研修\n", "line 3: code *a is defined twice"),
        ("# only a comment\n", "no code found"),
        ("# jusolib colour=red\n*a\n連携\n", "line 1: expected id=… and/or negation=…"),
    ],
)
def test_errors_name_the_line_and_what_was_expected(text, message):
    with pytest.raises(CodebookError, match=r"rules\.txt") as caught:
        parse(text, source="rules.txt")
    assert message in str(caught.value)


def test_conditions_jusolib_rules_cannot_hold():
    with pytest.raises(CodebookError, match="only not"):
        rule_of(parse("*a\nnot 連携\n")[0].condition)
    with pytest.raises(CodebookError, match="not applies to words only"):
        rule_of(parse("*a\n連携 and not near(支援-連携)\n")[0].condition)
    with pytest.raises(CodebookError, match="no condition for a negated word"):
        condition_of([{"negated": ["理解"]}])


def test_written_back_identically():
    text = (
        "*守秘義務\n'守秘義務' or 情報共有 or seq(情報-共有)[4]\n"
        "# jusolib id=roles negation=skip\n*役割分担\n役割 and ( 分担 or 分ける ) and not 未実施\n"
        "*拠点\n( 拠点 or 居場所 ) and ( 整備 or 開設 )\n"
        "*近い\n( 研修 and near(支援-連携)[3] ) or 協働\n"
    )
    codes = parse(text)
    assert [c.meta for c in codes] == [(), (("id", "roles"), ("negation", "skip")), (), ()]
    split = {"守秘義務"}.__contains__  # the words the analyser splits into several tokens
    written = write(
        [(c.name, condition_of(rule_of(c.condition), several_tokens=split), dict(c.meta)) for c in codes]
    )
    assert written == text
