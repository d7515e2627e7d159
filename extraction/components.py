"""spaCy components of ckg's pipeline; they only annotate the Doc."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("ckg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: news copy never runs a sentence across lines.

    Captions, bylines and headlines sit on lines of their own; without this the parser
    glues them to the next paragraph's first sentence.
    """
    for token in doc[:-1]:
        if "\n" in token.text_with_ws and (token.is_space or token.whitespace_ or "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc
