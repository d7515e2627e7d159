"""RSS and Atom feeds: one article per item, item line numbers, hostile XML refused."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest

from sources import read_path

DATA = Path(__file__).parent / "data" / "sources"


@pytest.fixture(scope="module")
def rss():
    return read_path(DATA / "feed.rss")


@pytest.fixture(scope="module")
def atom():
    return read_path(DATA / "feed.atom")


def test_feed_rss_items_with_metadata(rss):
    first, second = rss.articles
    assert first.title == "Shells stockpiled at the depot"
    assert first.text == ("Satellite images show about 500 pallets of shells at the depot."
                          "\n\nLocal officials declined to comment.")
    assert first.url == "https://border-monitor.example/shells"
    assert first.published == date(2023, 1, 12)
    assert first.author == "Pavel Novak"
    assert first.outlet == "Border Monitor"
    assert first.source == f"{DATA / 'feed.rss'}:6"
    assert first.source_file == "feed.rss"
    assert second.title == "Helicopters seen overhead"  # &nbsp; is not an XML entity
    assert second.text == "Residents reported six helicopters flying east."
    assert second.author == "Night Desk"
    assert second.url is None  # javascript: links are not addresses


def test_feed_rss_item_without_text_is_an_error_with_its_line(rss):
    assert [str(e) for e in rss.errors] == [
        f"{DATA / 'feed.rss'}:14: feed item has no description or content"]


def test_feed_atom_entries(atom):
    first, second = atom.articles
    assert first.title == "Tanks repaired at the plant"
    assert first.text == "Workers repaired 12 tanks & 3 trucks.\n\nMore are waiting."
    assert first.url == "https://frontline.example/tanks"
    assert first.published == date(2022, 9, 30)  # published, not updated
    assert first.author == "Rosa Imre"
    assert first.outlet == "Frontline Notes"
    assert first.source == f"{DATA / 'feed.atom'}:4"
    assert second.text == "Engineers laid a pontoon bridge overnight.\nA second one is planned."
    assert second.published == date(2022, 10, 5)
    assert atom.errors == ()


def test_feed_rss_1_0(tmp_path):
    path = tmp_path / "old.rdf.xml"
    path.write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel><title>Old Feed</title></channel>'
        "<item><title>T</title><description>Mortars were delivered.</description></item>"
        "</rdf:RDF>", encoding="utf-8")
    (article,) = read_path(path).articles
    assert (article.text, article.outlet) == ("Mortars were delivered.", "Old Feed")


def test_feed_never_fetches_anything(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    path = tmp_path / "remote.xml"
    path.write_text(
        '<!DOCTYPE rss SYSTEM "http://feeds.example/rss.dtd">'
        '<rss><channel><item><description>Text.</description>'
        '<link>https://feeds.example/a</link></item></channel></rss>', encoding="utf-8")
    (article,) = read_path(path).articles
    assert article.url == "https://feeds.example/a"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<rss><channel><item>", "not well-formed XML (line 1: no element found)"),
        ("<html><body>x</body></html>", "not an RSS 2.0 or Atom document (root element <html>)"),
        ("<rss><channel><title>x</title></channel></rss>", "RSS feed has no items"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "Atom feed has no items"),
        ('<!DOCTYPE r [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
         "<rss><channel><item><description>&b;</description></item></channel></rss>",
         "XML entity declarations are not accepted in feeds"),
        ('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
         "XML entity declarations are not accepted in feeds"),
        ("just words, not XML", "not well-formed XML (line 1: syntax error)"),
    ],
    ids=["truncated", "not-a-feed", "no-items", "atom-no-items", "billion-laughs", "xxe",
         "not-xml"],
)
def test_feed_whole_file_errors(tmp_path, content, reason):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    result = read_path(path)
    assert result.articles == ()
    assert [str(e) for e in result.errors] == [f"{path}: {reason}"]


def test_feed_declared_encoding_is_respected(tmp_path):
    path = tmp_path / "latin.rss"
    path.write_bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item>'
        "<title>Caf\u00e9 raid</title><description>Soldiers searched the caf\u00e9."
        "</description></item></channel></rss>".encode("latin-1"))
    (article,) = read_path(path).articles
    assert article.title == "Caf\u00e9 raid"


def test_feed_script_in_description_is_not_text(tmp_path):
    path = tmp_path / "x.rss"
    path.write_text(
        "<rss><channel><item><description>&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;img src=x onerror=alert(2)&gt;Shells arrived.</description></item>"
        "</channel></rss>", encoding="utf-8")
    (article,) = read_path(path).articles
    assert article.text == "Shells arrived."
