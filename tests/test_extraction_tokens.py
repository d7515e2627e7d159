"""Token helpers the rules share: first_char, and the doc text they slice instead of Span.text."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from extraction.tokens import OPEN_QUOTES, first_char, opens_quote

PIECES = st.sampled_from([
    " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u3000", "\u2028", "\r\n", '"', "\u201c",
    "\u201d", "'", "Kenya", " sent ", "400", " officers", ".", "!", "\u2014", "\x0b"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=20).map("".join)

_BLANK = spacy.blank("en")


@given(TEXT)
def test_first_char_is_the_first_character_of_the_stripped_span_text(text):
    doc = _BLANK(text)
    for start in range(len(doc) + 1):
        for end in range(start, min(len(doc), start + 6) + 1):
            span = doc[start:end]
            assert first_char(span) == span.text.lstrip()[:1]


@given(TEXT)
def test_opens_quote_is_the_old_test_of_the_stripped_text(text):
    doc = _BLANK(text)
    for start in range(len(doc) + 1):
        span = doc[start:start + 4]
        assert opens_quote(span) == (span.text.lstrip()[:1] in "\"\u201c")


def test_first_char_skips_space_tokens_to_the_quote():
    doc = _BLANK("He spoke.\n\n\u201cWe will send more,\u201d he said.")
    quote = next(i for i, t in enumerate(doc) if t.text == "\u201c")
    assert doc[quote - 1].is_space
    assert first_char(doc[quote - 1:]) in OPEN_QUOTES
    assert first_char(doc[quote - 1:quote]) == ""
    assert first_char(doc[0:3]) == "H"


@pytest.mark.model
@given(TEXT)
def test_the_pipeline_keeps_every_character_of_the_text(nlp, text):
    """The extractor slices evidence out of the article text at the doc's character
    offsets, which holds only while the doc's text is the article's."""
    doc = nlp(text)
    assert doc.text == text
    for sent in doc.sents:
        assert text[sent.start_char:sent.end_char] == sent.text[:sent.end_char - sent.start_char]
        assert text[sent.start_char:sent.end_char].strip() == sent.text.strip()
