"""spaCy components of ckg's pipeline; they only annotate the Doc.

No ``from __future__ import annotations`` here: spaCy validates a factory's arguments
against its annotations, and older confection releases cannot resolve string ones.
"""

from typing import Any

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


@Language.factory("ckg_sentences")
def make_sentences(nlp: Language, name: str) -> Any:
    """Build the rule-based sentence splitter that runs before any parse."""
    from spacy.pipeline import Sentencizer

    splitter = Sentencizer()

    def split(doc: Doc) -> Doc:
        """Punctuation and line breaks end sentences; a space token never starts one.

        A fragment of fewer than three words ("Lt." before "Gen. ...") is an
        abbreviation, not a sentence: it runs on into the rest of its line.
        """
        doc = paragraph_boundaries(splitter(doc))
        for token in doc[1:]:
            if token.is_space and token.is_sent_start:
                token.is_sent_start = False
                if token.i + 1 < len(doc):
                    doc[token.i + 1].is_sent_start = True
        _opening_quotes(doc)
        for sent in list(doc.sents)[:-1]:
            words = sum(1 for t in sent if not (t.is_punct or t.is_space))
            if words < 3 and "\n" not in sent.text_with_ws:
                doc[sent.end].is_sent_start = False
        return doc

    return split


def _opening_quotes(doc: Doc) -> None:
    """Move a sentence start back over the quotation mark that opens the sentence.

    The rule splitter hangs every quotation mark after a full stop on the sentence before
    (as a closing one); a mark with a space before it and none after opens the next.
    """
    for token in doc[2:]:
        if not token.is_sent_start:
            continue
        mark = doc[token.i - 1]
        if mark.is_quote and not mark.whitespace_ and doc[token.i - 2].whitespace_ \
                and not mark.is_sent_start:
            token.is_sent_start = False
            mark.is_sent_start = True


class OrgNames:
    """"Sudan Conflict Observatory": a state name at the start of an organisation's name.

    The gazetteer ruler runs before the statistical NER and claims "Sudan", which stops
    the NER from seeing the whole name; this puts the organisation back when title-case
    words ending in an organisation word follow the state's name.
    """

    def __init__(self, head_words: list[str]) -> None:
        self.head_words = {w.casefold() for w in head_words}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans = list(doc.ents)
        changed = False
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "NORP") or not ent.ent_id_:
                continue
            end = ent.end
            while end < len(doc) and end < ent.end + 5 and doc[end].is_title \
                    and doc[end].ent_type_ in ("", "ORG"):
                end += 1
            if end > ent.end and doc[end - 1].lower_ in self.head_words:
                spans.append(Span(doc, ent.start, end, label="ORG"))
                changed = True
        if changed:
            doc.ents = filter_spans(sorted(spans, key=lambda s: (s.start, -len(s))))
        return doc


@Language.factory("ckg_org_names", default_config={"head_words": []})
def make_org_names(nlp: Language, name: str, head_words: list[str]) -> OrgNames:
    """Build the component that restores organisation names containing a state's name."""
    return OrgNames(head_words)


#: The model's components that the cued parser runs on selected sentences, in order.
PARSING_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@Language.factory("ckg_cued_parse", default_config={"pipes": list(PARSING_PIPES)})
def make_cued_parse(nlp: Language, name: str, pipes: list[str]) -> Any:
    """Build the component that tags and parses only the sentences holding a cue.

    The named components must be in ``nlp`` (disabled, so that only this one runs them).
    """
    from ontology import load_lexicon

    from .cued_parse import CuedParser
    from .prefilter import CueFinder, Cues, SurfaceLemmas

    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.component_names \
        else None
    tables = [lookups.get_table(t) if lookups is not None and lookups.has_table(t) else {}
              for t in ("lemma_rules", "lemma_exc")]
    finder = CueFinder(SurfaceLemmas(*tables), Cues.from_lexicon(load_lexicon()))
    steps = [paragraph_boundaries, *(_fast(nlp.get_pipe(p)) for p in pipes
                                     if p in nlp.component_names)]
    return CuedParser(finder, steps)


def _fast(pipe: Any) -> Any:
    """The lookup stand-in for the model's lemmatizer (same lemmas), or ``pipe`` itself."""
    from .model_rules import LookupLemmatizer

    return LookupLemmatizer(pipe) if pipe.name == "lemmatizer" and LookupLemmatizer.fits(pipe) \
        else pipe
