"""Invariants over arbitrary input: verbatim bodies, stable ids, only SourceError escapes."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sources import LOADERS, SourceError, content_id, dates, decoding, read_path
from sources import feed, jsonlines, loading, plaintext, webpage
from sources.decoding import clean_text, decode_bytes
from sources.plaintext import parse_plaintext

PROFILE = settings(deadline=None, max_examples=300,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])

# Lines that look like the headers the plain-text reader looks for, to reach its branches.
HEADER_LINES = st.sampled_from([
    "Troops reach the front", "By Jane Roe", "By NBCX (U.S.) | Created at 2024-10-23 13:35:02",
    "Published: October 23, 2024", "2024-10-23", "• Home", "World", "3 Mins Read",
    "# Heading", "By October, it was over.", "", "   ", "Updated Oct. 23, 2024",
])
ARTICLE_TEXT = st.lists(st.one_of(HEADER_LINES, st.text()), max_size=12).map("\n".join)


@PROFILE
@given(ARTICLE_TEXT)
@example("Title\r\nBy Ann\r\nBody")
@example("\ufeffHeadline\n\nBody.\x00")
def test_plaintext_body_is_a_substring_of_the_decoded_input(raw):
    decoded = clean_text(raw)
    try:
        article = parse_plaintext(decoded, path=Path("a.txt"))
    except SourceError:
        return
    assert article.text in decoded
    assert decoded.endswith(article.text)
    assert article.id == content_id(article.text) == content_id(article.text + " \n")


@PROFILE
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_plaintext_body_is_a_substring_of_clean_raw_text(raw):
    try:
        article = parse_plaintext(raw, path=Path("a.txt"))
    except SourceError:
        return
    assert article.text in raw


@PROFILE
@given(st.text())
def test_content_id_is_stable_under_reencoding(text):
    assert content_id(text) == content_id(text)
    assert content_id(text) == content_id("  " + text.replace(" ", "  ") + "\n")


@PROFILE
@given(raw=st.binary(max_size=2000), suffix=st.sampled_from(sorted(LOADERS)))
@example(raw=b"<rss><channel><item><description>&#0;</description></item></channel></rss>",
         suffix=".xml")
@example(raw=b'{"text": "\\ud800"}', suffix=".jsonl")
@example(raw=b"<![", suffix=".html")
@example(raw=b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", suffix=".rss")
def test_loaders_raise_nothing_but_source_error_for_arbitrary_bytes(raw, suffix):
    path = Path(f"input{suffix}")
    try:
        text = clean_text(decode_bytes(raw, str(path)))
        items = list(LOADERS[suffix](path, text))
    except SourceError:
        return
    for item in items:
        assert isinstance(item, (SourceError, loading.Article))
        if isinstance(item, loading.Article):
            assert item.id == content_id(item.text)
            assert decoding.has_letters(item.text)


MARKUP = st.lists(st.one_of(
    st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<nav>",
                     "</nav>", "<article>", "</article>", "<!--", "-->", "<br>", "<pre>",
                     "</pre>", "&amp;", "&#0;", "&#xD800;", "<title>", "</title>",
                     "<![CDATA[", "]]>", "<h1>", "<meta property='og:title' content='x'>",
                     '<script type="application/ld+json">', "<time datetime='2024-01-01'>",
                     "<", ">", "&", "\n"]),
    st.text(max_size=20),
), max_size=30).map("".join)


@PROFILE
@given(MARKUP)
def test_webpage_and_feed_raise_nothing_but_source_error_for_markup(markup):
    for loader, path in ((webpage.load, Path("a.html")), (feed.load, Path("a.xml"))):
        try:
            items = list(loader(path, clean_text(markup)))
        except SourceError:
            continue
        assert all(isinstance(i, (SourceError, loading.Article)) for i in items)


@PROFILE
@given(st.text(max_size=200))
def test_script_text_is_never_article_text(secret):
    marker = "QXZSECRETQXZ"
    markup = f"<p>Story text.</p><script>{secret}{marker}</script><p>More.</p>"
    assert marker not in webpage.html_to_text(markup)


@PROFILE
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
                min_size=1, max_size=8))
def test_jsonlines_text_survives_verbatim(texts):
    import json

    lines = "\n".join(json.dumps({"text": t}) for t in texts)
    items = list(jsonlines.load_lines(Path("a.jsonl"), lines))
    assert len(items) == len(texts)
    for text, item in zip(texts, items):
        if isinstance(item, SourceError):
            assert not decoding.has_letters(clean_text(text))
        else:
            assert item.text == clean_text(text)


def test_read_path_on_random_files_never_raises(tmp_path):
    import random

    rng = random.Random(7)
    for n in range(50):
        for suffix in sorted(LOADERS):
            path = tmp_path / f"f{n}{suffix}"
            path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(300))))
            result = read_path(path)
            assert len(result.articles) + len(result.errors) >= 1


@pytest.mark.parametrize("module", [dates, decoding, plaintext, webpage, jsonlines, feed,
                                    loading], ids=lambda m: m.__name__)
def test_sources_doctests(module):
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
    if module in (dates, decoding, plaintext, webpage, loading):
        assert tried > 0
