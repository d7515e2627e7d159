"""JSON Lines and JSON inputs: fields, per-line errors with line numbers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sources import SourceError, read_path
from sources.jsonlines import parse_record

DATA = Path(__file__).parent / "data" / "sources"


@pytest.fixture(scope="module")
def result():
    return read_path(DATA / "articles.jsonl")


def test_jsonlines_reads_every_good_line_in_order(result):
    sources = [a.source for a in result.articles]
    path = DATA / "articles.jsonl"
    assert sources == [f"{path}:1", f"{path}:3", f"{path}:8", f"{path}:9"]


def test_jsonlines_reads_all_fields(result):
    first = result.articles[0]
    assert first.text == "Two cargo planes landed with ammunition, the airport said."
    assert (first.title, first.author, first.url, first.outlet) == (
        "Cargo planes land", "Nadia Roth", "https://wire.example/1", "Wire")
    assert first.published == date(2023, 2, 1)
    assert first.source_file == "articles.jsonl"


def test_jsonlines_accepts_alias_keys_and_normalises_newlines(result):
    second = result.articles[1]
    assert second.text == "Rockets were moved by rail overnight.\nWitnesses filmed the train."
    assert second.published == date(2023, 2, 3)


def test_jsonlines_replaces_lone_surrogates_and_keeps_unreadable_dates_empty(result, caplog):
    last = result.articles[3]
    assert last.text == "Officials denied the \ufffd report."
    assert last.published is None


def test_jsonlines_unreadable_date_is_logged(caplog):
    read_path(DATA / "articles.jsonl")
    assert "sometime soon" in caplog.text


def test_jsonlines_one_error_per_bad_line_naming_the_line(result):
    path = DATA / "articles.jsonl"
    messages = [str(e) for e in result.errors]
    assert messages[0].startswith(f"{path}:4: invalid JSON (Expecting value")
    assert messages[1:] == [
        f"{path}:5: not a JSON object (a list)",
        f"{path}:6: no 'text' field (also accepted: 'body', 'content')",
        f"{path}:7: field 'title' must be a string, not a number",
    ]
    assert all(isinstance(e, SourceError) for e in result.errors)


def test_jsonlines_duplicate_lines_are_both_read(result):
    # read_path keeps file content as it is; load() drops the duplicate (see loading tests).
    assert result.articles[0].id == result.articles[2].id


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("not a JSON object", None),
        ('"just a string"', "not a JSON object (a string)"),
        ("null", "not a JSON object (null)"),
        ("1" * 5000, "invalid JSON (ValueError)"),
        ("[" * 100000, "invalid JSON (RecursionError)"),
        ('{"text": ""}', "no text (the article body has no letters)"),
        ('{"text": "123 456"}', "no text (the article body has no letters)"),
        ('{"text": ["a"]}', "field 'text' must be a string, not a list"),
        ('{"text": "Ok text.", "url": {"x": 1}}', "field 'url' must be a string, not an object"),
    ],
    ids=["prose", "string", "null", "huge-int", "deep", "empty-text", "digits", "list-text",
         "object-url"],
)
def test_jsonlines_bad_line_reasons(tmp_path, line, reason):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Good line."}\n' + line + "\n", encoding="utf-8")
    result = read_path(path)
    assert [a.text for a in result.articles] == ["Good line."]
    (error,) = result.errors
    assert str(error).startswith(f"{path}:2: ")
    if reason is not None:
        assert error.reason == reason


def test_jsonlines_id_field_never_overrides_the_content_hash():
    article = parse_record({"id": "mine", "text": "Troops moved."}, path=Path("a.jsonl"),
                           where="a.jsonl:1")
    assert article.id != "mine" and len(article.id) == 64


def test_jsonlines_null_fields_are_absent():
    article = parse_record({"text": "Troops moved.", "title": None, "body": "ignored"},
                           path=Path("a.jsonl"), where="a.jsonl:1")
    assert article.title is None and article.text == "Troops moved."


def test_json_document_list_items_are_named_by_index():
    result = read_path(DATA / "articles.json")
    path = DATA / "articles.json"
    assert [a.source for a in result.articles] == [f"{path}[0]", f"{path}[2]"]
    assert result.articles[1].url == "https://wire.example/fuel"
    assert [str(e) for e in result.errors] == [
        f"{path}[1]: no 'text' field (also accepted: 'body', 'content')"]


def test_json_document_single_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"text": "A single story.", "title": "One"}', encoding="utf-8")
    (article,) = read_path(path).articles
    assert (article.text, article.title, article.source) == ("A single story.", "One",
                                                            str(path))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{broken", "invalid JSON"),
        ("[]", "empty JSON list: no articles"),
        ("42", "expected a JSON object or a list of objects, not a number"),
    ],
    ids=["broken", "empty-list", "number"],
)
def test_json_document_whole_file_errors(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = read_path(path)
    assert result.articles == ()
    (error,) = result.errors
    assert str(error).startswith(f"{path}: {reason}")


@pytest.mark.parametrize(
    ("author", "expected"),
    [(["Ann Poe", "Omar Said"], "Ann Poe, Omar Said"), ({"name": "Ann Poe"}, "Ann Poe"),
     ("Ann Poe", "Ann Poe")],
    ids=["list", "object", "string"],
)
def test_jsonlines_author_as_list_or_object(author, expected):
    article = parse_record({"text": "Troops moved.", "author": author,
                            "publisher": {"name": "Wire"}},
                           path=Path("a.jsonl"), where="a.jsonl:1")
    assert (article.author, article.outlet) == (expected, "Wire")


@pytest.mark.parametrize("author", [[1, 2], {"id": 3}, [], 7], ids=["numbers", "no-name",
                                                                   "empty", "number"])
def test_jsonlines_author_of_another_shape_is_an_error(author):
    with pytest.raises(SourceError, match="field 'author' must be a string"):
        parse_record({"text": "Troops moved.", "author": author}, path=Path("a.jsonl"),
                     where="a.jsonl:1")
