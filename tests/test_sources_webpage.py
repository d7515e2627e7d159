"""Saved web pages: main text, metadata, broken markup and hostile content."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from sources import SourceError, read_path
from sources.webpage import html_to_text, parse_webpage

DATA = Path(__file__).parent / "data" / "sources"


def _page(markup: str):
    return parse_webpage(markup, path=Path("a.html"))


@pytest.fixture(scope="module")
def page():
    (article,) = read_path(DATA / "page.html").articles
    return article


def test_webpage_reads_metadata(page):
    assert page.title == "Convoy crosses the river"
    assert page.author == "Ilse Brandt"
    assert page.outlet == "Harbour Times"
    assert page.url == "https://harbour-times.example/convoy"
    assert page.published == date(2023, 6, 1)
    assert page.source_file == "page.html"


def test_webpage_main_text_in_blocks_with_entities_decoded(page):
    assert page.text == (
        "A convoy of armoured vehicles crossed the river at dawn, the mayor & two "
        "witnesses said.\n\n"
        "\u201cWe counted forty trucks,\u201d one witness said.\nNobody stopped them.\n\n"
        "an older story\n\n"
        "The column moved on towards the capital"
    )


@pytest.mark.parametrize(
    "fragment",
    ["Tracking text", "Injected text", "Commented-out", "alert", "pwned", "Subscribe",
     "Home", "Related", "Copyright", "Enable JavaScript", "display", "<", ">"],
)
def test_webpage_drops_code_comments_and_page_furniture(page, fragment):
    assert fragment not in page.text


def test_webpage_title_falls_back_to_title_tag_then_h1():
    assert _page("<title>From title</title><h1>From h1</h1><p>Body text.</p>").title == \
        "From title"
    assert _page("<h1>From h1</h1><p>Body text.</p>").title == "From h1"


def test_webpage_title_drops_the_site_name_suffix():
    markup = ('<meta property="og:site_name" content="Daily Wire Example">'
              "<title>Drones shot down | Daily Wire Example</title><p>Text.</p>")
    assert _page(markup).title == "Drones shot down"


@pytest.mark.parametrize(
    "markup",
    [
        '<meta itemprop="datePublished" content="2022-05-06"><p>Text.</p>',
        '<p>Text.</p><span itemprop="datePublished">May 6, 2022</span>',
        '<p>Text.</p><time datetime="2022-05-06T10:00">Friday</time>',
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2022-05-06T10:00:00Z"}</script><p>Text.</p>',
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, '
        '{"@type": "NewsArticle", "datePublished": "2022-05-06"}]}</script><p>Text.</p>',
    ],
    ids=["meta-itemprop", "itemprop-text", "time", "json-ld", "json-ld-graph"],
)
def test_webpage_published_sources(markup):
    assert _page(markup).published == date(2022, 5, 6)


def test_webpage_json_ld_gives_author_and_publisher():
    markup = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
              '"LD headline", "author": [{"name": "A. One"}, {"name": "B. Two"}], '
              '"publisher": {"name": "LD Outlet"}}</script><p>Text.</p>')
    article = _page(markup)
    assert (article.title, article.author, article.outlet) == (
        "LD headline", "A. One, B. Two", "LD Outlet")


def test_webpage_ignores_bad_json_ld_and_urls_that_are_not_http():
    markup = ('<script type="application/ld+json">{not json</script>'
              '<meta property="og:url" content="javascript:alert(1)">'
              '<meta name="author" content="https://example.com/people/x"><p>Text.</p>')
    article = _page(markup)
    assert article.url is None
    assert article.author is None


def test_webpage_prefers_article_over_the_rest_of_the_body():
    markup = "<div>Sidebar teaser</div><article><p>Real story.</p></article><div>More</div>"
    assert html_to_text(markup) == "Real story."


def test_webpage_line_break_opening_a_block_keeps_it_in_the_article():
    markup = ("<nav>Menu<br>Items</nav><article><br>Real story.</article>"
              "<div><br>Teaser below.</div>")
    assert html_to_text(markup) == "Real story."


def test_webpage_falls_back_when_furniture_swallows_everything():
    # An unclosed <header> would hide the whole page; the text must still come back.
    markup = "<header><p>Troops crossed the bridge at night.</p>"
    assert html_to_text(markup) == "Troops crossed the bridge at night."


def test_webpage_unclosed_nav_ends_with_its_parent():
    markup = "<div><nav>Menu</div><p>Troops crossed the bridge.</p>"
    assert html_to_text(markup) == "Troops crossed the bridge."


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>One<p>Two", "One\n\nTwo"),
        ("<div>a<span>b</div>c", "ab\n\nc"),
        ("<p>x</b></i></p>y", "x\n\ny"),
        ("<p>1 &lt; 2 &amp;&amp; 3 &gt; 2 &#x41; &#65; &nbsp;</p>", "1 < 2 && 3 > 2 A A"),
        ("<pre>keep   these\n  spaces</pre>", "keep   these\nspaces"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"),
        ("<p>visible</p><p hidden>secret</p><p style='display: none'>gone</p>", "visible"),
        ("<p>a<svg><text>vector</text></svg>b</p>", "ab"),
        ("text <b>with <i>inline</i></b> tags", "text with inline tags"),
        ('<a href="javascript:alert(1)">link text</a>', "link text"),
        ("<p>x</p><script>var s = '</p>never</p>';</script>", "x"),
        ("<p>x</p><script><!-- document.write('<p>no</p>') --></script>", "x"),
        ("<p>unterminated <!-- comment", "unterminated"),
        ("<<<>>><p>odd</p>", "<<<>>>\n\nodd"),
        ("<p>a</p><style>p { content: 'no' }", "a"),
        ("<p x='1' y=\"2\" z>attrs</p>", "attrs"),
        ("<![CDATA[raw]]><p>after</p>", "after"),
    ],
    ids=["unclosed-p", "unclosed-span", "stray-end-tags", "entities", "pre", "table",
         "hidden", "svg", "inline", "javascript-link", "script-with-tags",
         "script-comment", "unterminated-comment", "angle-junk", "unclosed-style",
         "attributes", "cdata"],
)
def test_webpage_survives_broken_markup(markup, text):
    assert html_to_text(markup) == text


def test_webpage_without_text_is_an_error():
    with pytest.raises(SourceError, match=r"^a.html: no text"):
        _page("<html><head><title>Only a title</title></head><body><script>x()</script>")


def test_webpage_loader_reports_errors_without_raising(tmp_path):
    path = tmp_path / "empty.htm"
    path.write_text("<html><body><script>alert('x')</script><p>1 2 3</p></body></html>\n",
                    encoding="utf-8")
    result = read_path(path)
    assert result.articles == ()
    assert [str(e) for e in result.errors] == [
        f"{path}: no text (the article body has no letters)"]


@pytest.mark.parametrize(
    "markup",
    ["<!--" * 30000, "<a" * 30000, "</" * 30000, "<?" * 30000, "<![CDATA[" * 30000,
     "<div>" * 20000 + "</span>" * 20000, "<p>x <!-- y" * 20000],
    ids=["open-comments", "open-tags", "open-end-tags", "open-pi", "open-cdata",
         "unmatched-end-tags", "open-comment-after-text"],
)
def test_webpage_hostile_markup_is_read_in_linear_time(markup):
    # html.parser rescans the rest of the page for each construct left open; without
    # the guards each of these takes from half a minute to several minutes.
    started = time.perf_counter()
    try:
        html_to_text(markup)
    except SourceError:
        pass
    assert time.perf_counter() - started < 5
