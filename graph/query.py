"""SPARQL for analysts: read-only checks, predeclared prefixes, saved queries, result formats.

Engines (rdflib, pyoxigraph) live in ``graph.store``; this module is engine-neutral text
and term handling, so both engines accept, refuse and print queries the same way.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ontology import GEO, ID, KG, SCHEMA, EntityType, Status, TransferCategory

from .errors import GraphError, did_you_mean

#: Prefixes every query may use without declaring them (a query's own PREFIX wins).
PREFIXES: dict[str, str] = {
    "ckg": str(KG),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "schema": str(SCHEMA),
    "geo": str(GEO),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
}

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE",
                     "COPY", "WITH")
#: Keywords refused anywhere in a query: they make an engine fetch from the network.
_REMOTE_KEYWORDS = ("SERVICE", "FROM")

_XSD_STRING = str(XSD.string)


class SparqlSyntaxError(GraphError):
    """Raised when a query does not parse; ``line`` and ``column`` locate the error (1-based)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {message}")
        self.line = line
        self.column = column


class ReadOnlyError(GraphError):
    """Raised for SPARQL Update requests (INSERT, DELETE, LOAD, CLEAR, DROP…): read-only."""


class QueryParameterError(GraphError):
    """Raised when a saved query is given an unknown parameter or an invalid value."""


# -- results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueryResult:
    """One query's answer, whichever engine ran it.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE. SELECT fills ``variables`` and
    ``rows`` (rdflib terms, ``None`` for unbound); ASK fills ``boolean``; CONSTRUCT and
    DESCRIBE fill ``graph``.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    @property
    def is_graph(self) -> bool:
        return self.graph is not None


# -- lexical scanning ----------------------------------------------------------------------

_SCAN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<word>[^\W\d][\w\-.]*:?[\w\-.%:\\]*|:[\w\-.%:\\]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def _tokens(text: str) -> Iterable[tuple[str, str]]:
    """(kind, text) tokens, skipping space and comments; strings and IRIs are opaque."""
    for match in _SCAN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield kind, match.group()


def undeclared_prefix(text: str) -> tuple[str, int, int] | None:
    r"""The first prefix used but neither predeclared nor declared in ``text``, with its
    1-based line and column; None when every prefix is known.

    Example:
        >>> undeclared_prefix('PREFIX ex: <http://x/> SELECT * {\n  ?s ex:a "foo:x" ; foo:b ?o }')
        ('foo', 2, 21)
    """
    matches = [m for m in _SCAN.finditer(text) if m.lastgroup == "word"]
    declared = set(PREFIXES)
    for previous, match in zip(matches, matches[1:]):
        if previous.group().upper() == "PREFIX" and match.group().endswith(":"):
            declared.add(match.group()[:-1])
    for match in matches:
        word = match.group()
        if ":" in word and word.split(":", 1)[0] not in declared | {"_"}:  # _: blank nodes
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            return word.split(":", 1)[0], line, column
    return None


def undeclared_prefix_error(text: str) -> SparqlSyntaxError | None:
    """The syntax error both engines report for an undeclared prefix, when there is one."""
    found = undeclared_prefix(text)
    if found is None:
        return None
    prefix, line, column = found
    return SparqlSyntaxError(f"undeclared prefix '{prefix}:' (declare it with PREFIX; "
                             f"predeclared: {', '.join(PREFIXES)})", line, column)


def query_form(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE) after the prologue.

    Raises:
        ReadOnlyError: the text is a SPARQL Update request.
        GraphError: the query would fetch from the network (SERVICE, FROM).
        SparqlSyntaxError: the text starts with neither a query nor an update keyword.

    Example:
        >>> query_form("PREFIX x: <http://x/> # comment\\nselect * { ?s ?p ?o }")
        'SELECT'
    """
    tokens = list(_tokens(text))
    position = 0
    while position < len(tokens) and tokens[position][1].upper() in ("PREFIX", "BASE"):
        position += 3 if tokens[position][1].upper() == "PREFIX" else 2
    first = tokens[position][1].upper() if position < len(tokens) else ""
    if first in UPDATE_OPERATIONS:
        raise ReadOnlyError(f"read-only: SPARQL Update ({first}) is refused; "
                            f"run SELECT, ASK, CONSTRUCT or DESCRIBE")
    if first not in QUERY_FORMS:
        shown = tokens[position][1] if position < len(tokens) else "end of query"
        raise SparqlSyntaxError(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {shown!r}")
    for kind, token in tokens[position:]:
        if kind == "word" and token.upper() in _REMOTE_KEYWORDS:
            raise GraphError(f"{token.upper()} is not supported: queries run over the local "
                             f"graph only (use GRAPH <iri> {{ … }} to pick a named graph)")
    return first


def sparql_string(value: str) -> str:
    """``value`` as a quoted SPARQL string literal, every special character escaped.

    Example:
        >>> sparql_string('a "b"\\\\ }')
        '"a \\\\"b\\\\"\\\\\\\\ }"'
    """
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\r":
            escaped.append("\\r")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or char in "\u2028\u2029\ufeff":
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


_SAFE_IRI = re.compile(r'^[^<>"{}|^`\\\x00-\x20]+$')


def sparql_iri(iri: str) -> str:
    """``<iri>``, refusing characters that could end the IRI token early."""
    if not _SAFE_IRI.match(iri):
        raise QueryParameterError(f"not a usable IRI: {iri!r}")
    return f"<{iri}>"


# -- saved queries -------------------------------------------------------------------------

#: Parameter kinds: entity names are looked up in the graph; the others are vocabulary terms.
PARAMETER_KINDS: dict[str, tuple[str, ...]] = {
    "entity": (),
    "category": tuple(member.value for member in TransferCategory),
    "status": tuple(member.value.capitalize() for member in Status),
    "class": tuple(member.value for member in EntityType),
}

_PARAMS_MARKER = re.compile(r"^[ \t]*#PARAMS[ \t]*$", re.MULTILINE)
_HEADER_PARAM = re.compile(r"^#\s*param\s+(\w+)\s+(\w+)\s*:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a saved query: bound to ``?param_<name>`` in its VALUES row."""

    name: str
    kind: str
    description: str

    @property
    def choices(self) -> tuple[str, ...]:
        return PARAMETER_KINDS[self.kind]


@dataclass(frozen=True)
class SavedQuery:
    """A query shipped in ``graph/queries/NAME.rq``; its header comments describe it."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name`` (hyphens and underscores alike).

        Raises:
            QueryParameterError: no such parameter; the message lists the valid ones.
        """
        wanted = name.replace("-", "_")
        for parameter in self.parameters:
            if parameter.name == wanted:
                return parameter
        names = [p.name for p in self.parameters]
        hint = did_you_mean(wanted, names, prefix="--")
        valid = ", ".join(f"--{n}" for n in names) or "none"
        raise QueryParameterError(f"unknown parameter '--{name}' for saved query "
                                  f"{self.name!r}.{hint} Valid: {valid}")

    def render(self, bindings: Mapping[str, Sequence[str]]) -> str:
        """The query text with a VALUES row binding ``?param_<name>`` to each value.

        ``bindings`` maps parameter names to IRIs (already resolved and checked by
        ``bind_parameters``); parameters left out stay UNDEF, which the queries read as
        "no filter". Values are written as IRI tokens, never pasted raw.
        """
        for name in bindings:
            self.parameter(name)
        if not self.parameters:
            return self.text
        names = [p.name for p in self.parameters]
        choices: list[list[str]] = [[sparql_iri(iri) for iri in bindings.get(n, ())] or ["UNDEF"]
                                    for n in names]
        rows = [[]]
        for options in choices:
            rows = [row + [option] for row in rows for option in options]
        values = ("VALUES (" + " ".join(f"?param_{n}" for n in names) + ") { "
                  + " ".join("(" + " ".join(row) + ")" for row in rows) + " }")
        return _PARAMS_MARKER.sub(lambda _: "  " + values, self.text, count=1)


def _parse_saved_query(name: str, text: str) -> SavedQuery:
    description = ""
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_PARAM.match(line)
        if match:
            param_name, kind, about = match.groups()
            if kind not in PARAMETER_KINDS:
                raise GraphError(f"saved query {name!r}: unknown parameter kind {kind!r}")
            parameters.append(Parameter(param_name, kind, about))
        elif not description:
            description = line.lstrip("#").strip()
    if parameters and not _PARAMS_MARKER.search(text):
        raise GraphError(f"saved query {name!r} has parameters but no #PARAMS line")
    return SavedQuery(name, description, tuple(parameters), text)


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query shipped in ``graph/queries``, by name, sorted."""
    folder = resources.files("graph") / "queries"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = _parse_saved_query(name, entry.read_text(encoding="utf-8"))
    return found


def get_saved_query(name: str) -> SavedQuery:
    """The saved query called ``name``.

    Raises:
        GraphError: no such query; the message suggests the closest names.
    """
    queries = saved_queries()
    try:
        return queries[name]
    except KeyError:
        raise GraphError(f"unknown saved query {name!r}.{did_you_mean(name, queries)} "
                         f"Available: {', '.join(queries)}") from None


def _normalised(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.lower())


def vocabulary_iri(parameter: Parameter, value: str) -> str:
    """The ontology IRI for a category, status or class value ("artillery shells" works).

    Raises:
        QueryParameterError: the value is not one of the parameter's choices.
    """
    for choice in parameter.choices:
        if _normalised(choice) == _normalised(value):
            return str(KG) + choice
    hint = did_you_mean(value, parameter.choices, cutoff=0.5)
    raise QueryParameterError(f"unknown {parameter.kind} {value!r} for '--{parameter.name}'."
                              f"{hint} Choose from: {', '.join(parameter.choices)}")


def entity_lookup_query(value: str) -> str:
    """A SELECT of the entities whose label, alternative label or key is ``value``
    (case-insensitively). The value is bound as an escaped literal in VALUES."""
    key_iri = sparql_iri(str(ID) + _iri_segment(value.strip()))
    return (
        "SELECT DISTINCT ?entity WHERE {\n"
        f"  {{ VALUES ?name {{ {sparql_string(value.strip())} }}\n"
        "    { ?entity rdfs:label ?label } UNION { ?entity skos:altLabel ?label }\n"
        "    UNION { ?entity ckg:key ?label }\n"
        "    FILTER(isIRI(?entity) && LCASE(STR(?label)) = LCASE(?name)) }\n"
        f"  UNION {{ VALUES ?entity {{ {key_iri} }} ?entity a ?class }}\n"
        "}"
    )


ENTITY_NAMES_QUERY = """SELECT DISTINCT ?label WHERE {
  ?entity a ?class ; rdfs:label|skos:altLabel ?label .
  FILTER(?class IN (ckg:State, ckg:Official, ckg:Person, ckg:Organization,
                    ckg:MilitaryUnit, ckg:Location, ckg:Entity))
}"""


def _iri_segment(text: str) -> str:
    """Percent-encode as graph/iri.py does for keys, so a key finds its entity IRI."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="-._~")


def bind_parameters(saved: SavedQuery, values: Mapping[str, str],
                    run: Callable[[str], QueryResult]) -> dict[str, list[str]]:
    """Turn ``--name value`` pairs into IRIs: entity names looked up with ``run``
    (a function that executes a SELECT), vocabulary values checked against the ontology.

    Raises:
        QueryParameterError: unknown parameter, value not in the vocabulary, or no entity
            with that name (the message suggests the closest names in the graph).
    """
    bound: dict[str, list[str]] = {}
    for name, value in values.items():
        parameter = saved.parameter(name)
        if parameter.kind != "entity":
            bound[parameter.name] = [vocabulary_iri(parameter, value)]
            continue
        found = sorted(str(row[0]) for row in run(entity_lookup_query(value)).rows)
        if not found:
            labels = [str(row[0]) for row in run(ENTITY_NAMES_QUERY).rows if row[0] is not None]
            hint = difflib.get_close_matches(value, labels, n=1, cutoff=0.6)
            if not hint:
                folded = {label.lower(): label for label in labels}
                hint = [folded[h] for h in difflib.get_close_matches(value.lower(), folded,
                                                                      n=1, cutoff=0.6)]
            did_you_mean = f" Did you mean {hint[0]!r}?" if hint else ""
            raise QueryParameterError(f"no entity called {value!r} in the graph "
                                      f"(for '--{parameter.name}').{did_you_mean}")
        bound[parameter.name] = found
    return bound


# -- result formats ------------------------------------------------------------------------

def _ntriples_string(value: str) -> str:
    return ('"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t") + '"')


def term_ntriples(term: Node) -> str:
    """A term in N-Triples syntax (the TSV results format's cells)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = _ntriples_string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    return str(term)


def term_json(term: Node) -> dict[str, str]:
    """A term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    cell = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
            cell["datatype"] = str(term.datatype)
    return cell


def term_short(term: Node | None, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A term as an analyst reads it: ``id:north_korea``, ``3000``, ``North Korea``."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in prefixes.items():
            if term.startswith(namespace) and re.fullmatch(r"[\w\-./%]+", term[len(namespace):]):
                return f"{prefix}:{term[len(namespace):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


_NUMERIC = {str(XSD[name]) for name in ("integer", "decimal", "double", "float", "int", "long",
                                        "nonNegativeInteger", "positiveInteger")}


def format_table(result: QueryResult, max_width: int = 60) -> str:
    """An aligned text table (numbers right-aligned, long cells cut with '…')."""
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    header = list(result.variables)
    cells = []
    for row in result.rows:
        line = []
        for term in row:
            text = " ".join(term_short(term).split())
            line.append(text if len(text) <= max_width else text[:max_width - 1] + "…")
        cells.append(line)
    numeric = [all(row[i] is None or (isinstance(row[i], Literal)
                                       and str(row[i].datatype) in _NUMERIC)
                   for row in result.rows) for i in range(len(header))]
    widths = [max([len(name)] + [len(line[i]) for line in cells]) for i, name in enumerate(header)]

    def render(line: Sequence[str]) -> str:
        parts = [text.rjust(width) if is_number else text.ljust(width)
                 for text, width, is_number in zip(line, widths, numeric)]
        return "  ".join(parts).rstrip()

    lines = [render(header), "  ".join("-" * width for width in widths)]
    lines.extend(render(line) for line in cells)
    return "\n".join(lines) + "\n"


def format_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results: plain values, CRLF line ends."""
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\r\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else (f"_:{term}" if isinstance(term, BNode)
                                                  else str(term)) for term in row])
    return out.getvalue()


def format_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV results: ``?var`` header, cells in N-Triples syntax."""
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines.extend("\t".join("" if term is None else term_ntriples(term) for term in row)
                 for row in result.rows)
    return "\n".join(lines) + "\n"


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.form == "ASK":
        document: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [{name: term_json(term) for name, term in zip(result.variables, row)
                     if term is not None} for row in result.rows]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def format_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    if result.form == "ASK":
        out += ["</head>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>",
                "</sparql>"]
        return "\n".join(out) + "\n"
    out += [f"  <variable name={quoteattr(name)}/>" for name in result.variables]
    out += ["</head>", "<results>"]
    for row in result.rows:
        out.append("  <result>")
        for name, term in zip(result.variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{xml_escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{xml_escape(str(term))}</bnode>"
            else:
                attrs = ""
                if isinstance(term, Literal) and term.language:
                    attrs = f" xml:lang={quoteattr(term.language)}"
                elif (isinstance(term, Literal) and term.datatype is not None
                      and str(term.datatype) != _XSD_STRING):
                    attrs = f" datatype={quoteattr(str(term.datatype))}"
                value = f"<literal{attrs}>{xml_escape(str(term))}</literal>"
            out.append(f"    <binding name={quoteattr(name)}>{value}</binding>")
        out.append("  </result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def format_turtle(result: QueryResult) -> str:
    """A CONSTRUCT or DESCRIBE result as Turtle, with the project's prefixes."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)
    for triple in result.graph or ():
        graph.add(triple)
    return graph.serialize(format="turtle")


def format_ntriples(result: QueryResult) -> str:
    """A CONSTRUCT or DESCRIBE result as N-Triples."""
    return "".join(f"{term_ntriples(s)} {term_ntriples(p)} {term_ntriples(o)} .\n"
                   for s, p, o in sorted(result.graph or ()))


#: --format name -> (formatter, media type) for SELECT and ASK results.
RESULT_FORMATS: dict[str, tuple[Callable[[QueryResult], str], str]] = {
    "table": (format_table, "text/plain"),
    "csv": (format_csv, "text/csv"),
    "tsv": (format_tsv, "text/tab-separated-values"),
    "json": (format_json, "application/sparql-results+json"),
    "xml": (format_xml, "application/sparql-results+xml"),
}

#: name -> (formatter, media type) for CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS: dict[str, tuple[Callable[[QueryResult], str], str]] = {
    "turtle": (format_turtle, "text/turtle"),
    "ntriples": (format_ntriples, "application/n-triples"),
}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """``result`` as text: SELECT/ASK in ``fmt``; CONSTRUCT/DESCRIBE always as Turtle
    (or N-Triples when ``fmt`` is ``ntriples``).

    Raises:
        GraphError: unknown format name.
    """
    if result.is_graph:
        return GRAPH_FORMATS.get(fmt, GRAPH_FORMATS["turtle"])[0](result)
    try:
        return RESULT_FORMATS[fmt][0](result)
    except KeyError:
        raise GraphError(f"unknown result format {fmt!r}. "
                         f"Available: {', '.join(RESULT_FORMATS)}") from None


# -- command-line helpers ------------------------------------------------------------------

def resolve_query(argument: str) -> tuple[str, SavedQuery | None]:
    """The query text an analyst means: a saved query name, a query file, or SPARQL itself.

    Raises:
        GraphError: a bare word that is no saved query (with a suggestion), or a path
            that looks like a query file but does not exist.
    """
    queries = saved_queries()
    if argument in queries:
        return argument, queries[argument]
    looks_like_word = re.fullmatch(r"[\w.\-/\\~:]+", argument) is not None
    if looks_like_word or ("\n" not in argument and len(argument) < 4096):
        path = Path(argument).expanduser()
        try:
            is_file = path.is_file()
        except OSError:  # a name too long for the file system is a query, not a path
            is_file = False
        if is_file:
            try:
                return path.read_text(encoding="utf-8"), None
            except (OSError, UnicodeDecodeError) as exc:
                raise GraphError(f"cannot read query file {argument!r}: {exc}") from exc
    if looks_like_word:
        if re.search(r"[/\\]|\.(rq|sparql|txt)$", argument):
            raise GraphError(f"{argument}: no such query file")
        get_saved_query(argument)  # raises, naming the saved queries
    return argument, None


def parameter_values(pairs: Sequence[str], extra_args: Sequence[str]) -> dict[str, str]:
    """``--param NAME=VALUE`` options and free ``--NAME VALUE`` / ``--NAME=VALUE`` words.

    Raises:
        QueryParameterError: a malformed pair, a name without a value, a stray word, or
            a name given twice.
    """
    values: dict[str, str] = {}

    def put(name: str, value: str) -> None:
        name = name.strip().replace("-", "_")
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryParameterError(f"bad parameter name {name!r}")
        if name in values:
            raise QueryParameterError(f"parameter '--{name}' given twice")
        values[name] = value

    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals:
            raise QueryParameterError(f"--param wants NAME=VALUE, got {pair!r}")
        put(name, value)
    position = 0
    while position < len(extra_args):
        word = extra_args[position]
        if not word.startswith("--") or word == "--":
            raise QueryParameterError(f"unexpected argument {word!r}; saved query parameters "
                                      f"are given as --NAME VALUE")
        name, equals, value = word[2:].partition("=")
        if not equals:
            if position + 1 >= len(extra_args):
                raise QueryParameterError(f"parameter '--{name}' needs a value")
            position += 1
            value = extra_args[position]
        put(name, value)
        position += 1
    return values


def describe_saved_queries() -> str:
    """The ``--list`` text: each saved query's name, description and parameters."""
    queries = saved_queries()
    width = max(len(name) for name in queries) + 2
    lines = []
    for name, saved in queries.items():
        lines.append(f"{name.ljust(width)}{saved.description}")
        for parameter in saved.parameters:
            metavar = parameter.kind.upper()
            lines.append(f"{'':{width}}  --{parameter.name} {metavar}: {parameter.description}")
    return "\n".join(lines) + "\n"
