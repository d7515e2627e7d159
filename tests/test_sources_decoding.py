"""Decoding input bytes: encodings, binary, empty and oversized files, control characters."""

from __future__ import annotations

import logging
import os
import tracemalloc
from pathlib import Path

import pytest

from sources import SourceError, read_path
from sources.decoding import clean_text, decode_bytes, read_text

DATA = Path(__file__).parent / "data" / "sources"
QUOTED = "\u201cWe are ready,\u201d the envoy said \u2013 and the talks began.\n"


@pytest.mark.parametrize("name", ["cp1252.txt", "utf8_bom.txt", "utf16.txt"],
                         ids=["cp1252", "utf8-bom", "utf16-bom"])
def test_decoding_encodings_give_the_same_article(name):
    (article,) = read_path(DATA / name).articles
    assert article.text == QUOTED
    assert article.title == "Ceasefire talks resume"
    assert article.author == "Ana Ferreira"
    assert str(article.published) == "2023-03-03"
    assert not article.text.startswith("\ufeff")


def test_decoding_cp1252_fallback_logs_a_warning_naming_the_file(caplog):
    with caplog.at_level(logging.WARNING, logger="sources.decoding"):
        read_path(DATA / "cp1252.txt")
    assert any("cp1252.txt" in r.getMessage() and "cp1252" in r.getMessage()
               for r in caplog.records)


def test_decoding_utf8_logs_nothing(caplog):
    with caplog.at_level(logging.WARNING):
        read_path(DATA / "utf8_bom.txt")
    assert not caplog.records


def test_decoding_latin1_when_cp1252_cannot(caplog):
    # 0x81 is undefined in cp1252, so only latin-1 decodes these bytes.
    with caplog.at_level(logging.WARNING):
        text = decode_bytes(b"Caf\xe9 \x81", "x.txt")
    assert text == "Caf\xe9 \x81"
    assert "latin-1" in caplog.text


def test_decoding_utf16_big_endian_and_without_bom():
    text = "Troops moved north.\n"
    assert decode_bytes(text.encode("utf-16-be"), "x") == text
    assert decode_bytes(text.encode("utf-16-le"), "x") == text
    assert decode_bytes(b"\xfe\xff" + text.encode("utf-16-be"), "x") == text


def test_decoding_declared_html_charset_is_used_when_not_utf8():
    page = '<meta charset="koi8-r"><p>Москва</p>'.encode("koi8-r")
    assert "Москва" in decode_bytes(page, "x.html")


def test_decoding_crlf_and_cr_become_newlines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Headline of the day\r\n\r\nFirst line.\r\nSecond line.\rThird.")
    (article,) = read_path(path).articles
    assert article.text == "First line.\nSecond line.\nThird."
    assert article.title == "Headline of the day"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"Some text\x00\x00\x01binary", "NUL"),
        (bytes(range(1, 32)) * 20 + b"abc", "control"),
        (b"%PDF-1.7\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"PK\x03\x04rest", "ZIP"),
    ],
    ids=["nul", "control-bytes", "pdf", "png", "zip"],
)
def test_decoding_binary_file_is_an_error(tmp_path, data, kind):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    result = read_path(path)
    assert result.articles == ()
    (error,) = result.errors
    assert str(error).startswith(f"{path}: binary file, not text")
    assert kind in str(error)


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  ", b"\xef\xbb\xbf", b"\x00"[:0] + b"\r\n"],
                         ids=["empty", "whitespace", "bom-only", "crlf-only"])
def test_decoding_empty_file_is_an_error(tmp_path, data):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (error,) = read_path(path).errors
    assert str(error) == f"{path}: empty file"


def test_decoding_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Troops moved north. " * 100)
    opened = []
    original_open = Path.open

    def spy_open(self, *args, **kwargs):
        opened.append(self)
        return original_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    result = read_path(path, max_bytes=1000)
    assert result.articles == ()
    (error,) = result.errors
    message = str(error)
    assert message.startswith(f"{path}: file is 2,000 bytes, over the 1,000-byte limit")
    assert "--max-bytes" in message
    assert "\n" not in message
    assert path not in opened


def test_decoding_50_megabyte_file_costs_no_memory(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no disk or memory spent making it
    tracemalloc.start()
    try:
        result = read_path(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (error,) = result.errors
    assert "52,428,800 bytes" in str(error) and "--max-bytes" in str(error)
    assert peak < 1024 * 1024


def test_decoding_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Troops moved.")
    assert read_path(path, max_bytes=13).articles


def test_decoding_file_that_grows_past_the_limit_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 10)
    real = path.stat()
    shrunk = os.stat_result((real.st_mode, real.st_ino, real.st_dev, real.st_nlink,
                             real.st_uid, real.st_gid, 3, 0, 0, 0))
    monkeypatch.setattr(Path, "stat", lambda self, **kwargs: shrunk)  # stat() saw 3 bytes
    with pytest.raises(SourceError, match="over the 5-byte limit"):
        read_text(path, max_bytes=5)


@pytest.mark.parametrize("seen", [3, 0], ids=["grew", "no-size"])
def test_decoding_file_larger_than_stat_said_is_read_whole(tmp_path, monkeypatch, seen):
    """A file that grew after stat(), or one whose size stat() cannot tell (/proc)."""
    path = tmp_path / "a.txt"
    path.write_text("Troops moved north on Monday.\n" * 40, encoding="utf-8")
    real = path.stat()
    small = os.stat_result((real.st_mode, real.st_ino, real.st_dev, real.st_nlink,
                            real.st_uid, real.st_gid, seen, 0, 0, 0))
    monkeypatch.setattr(Path, "stat", lambda self, **kwargs: small)
    assert read_text(path, max_bytes=10_000) == "Troops moved north on Monday.\n" * 40


def test_decoding_small_file_does_not_allocate_the_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Troops moved north on Monday.\n", encoding="utf-8")
    tracemalloc.start()
    try:
        read_text(path, max_bytes=64 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x00b\x07c\x1bd", "abcd"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("form\x0cfeed\x0bvt", "formfeedvt"),
        ("c1\x85\x9fend", "c1end"),
        ("lone \ud800 high", "lone \ufffd high"),
        ("lone \udc00 low", "lone \ufffd low"),
        ("pair \ud83d\ude00 ok", "pair \U0001f600 ok"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("\ufeffstart", "start"),
    ],
    ids=["c0", "keeps-tab-newline", "ff-vt", "c1", "high-surrogate", "low-surrogate",
         "surrogate-pair", "newlines", "bom"],
)
def test_decoding_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_decoding_control_characters_are_removed_from_files(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Troops\x07 moved\x1b north.\x7f")
    (article,) = read_path(path).articles
    assert article.text == "Troops moved north."


def test_decoding_missing_file_is_an_error(tmp_path):
    (error,) = read_path(tmp_path / "gone.txt").errors
    assert str(error).startswith(f"{tmp_path / 'gone.txt'}: cannot read")
