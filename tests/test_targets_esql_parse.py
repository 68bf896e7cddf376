"""Every ES|QL query in output/ parses with Elasticsearch's own ES|QL grammar.

The parser is the PyPI package esql-parser 9.1.3: Python code that ANTLR generates from the lexer and
parser grammars in the Elasticsearch 9.1.3 sources (EsqlBaseLexer.g4, EsqlBaseParser.g4). It pins the
ANTLR runtime 4.13.1 while duckdb-kql pins 4.13.2, so scripts/setup-tests.sh installs it with
--no-deps; the generated code runs on the 4.13.2 runtime (same serialized ATN format), and the
negative tests below show that it still rejects what the grammar does not allow.
"""

from __future__ import annotations

import json
import warnings

import pytest
from antlr4 import CommonTokenStream, InputStream
from antlr4.error.ErrorListener import ErrorListener

from rmm_sigma import PROJECT_ROOT

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from esql_parser.EsqlBaseLexer import EsqlBaseLexer
    from esql_parser.EsqlBaseParser import EsqlBaseParser

ELASTIC = PROJECT_ROOT / "output" / "elastic"


class _Collect(ErrorListener):  # type: ignore[misc]
    def __init__(self) -> None:
        self.errors: list[str] = []

    def syntaxError(self, recognizer, symbol, line, column, message, exc) -> None:  # noqa: N802, ANN001
        self.errors.append(f"{line}:{column} {message}")


def esql_errors(query: str) -> list[str]:
    """The lexer's and parser's syntax errors for one ES|QL statement (empty: it parses)."""
    errors = _Collect()
    lexer = EsqlBaseLexer(InputStream(query))
    lexer.removeErrorListeners()
    lexer.addErrorListener(errors)
    parser = EsqlBaseParser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    parser.singleStatement()
    return errors.errors


def _queries() -> dict[str, str]:
    found = {str(p.relative_to(ELASTIC)): p.read_text(encoding="utf-8") for p in ELASTIC.glob("esql/*/*")}
    for path in (ELASTIC / "esql_rule_ndjson").glob("*/*.ndjson"):
        found[str(path.relative_to(ELASTIC))] = json.loads(path.read_text(encoding="utf-8"))["query"]
    return found


def test_every_esql_query_parses() -> None:
    queries = _queries()
    per_rule = [p for p in (ELASTIC / "esql").rglob("*") if p.is_file() and not p.name.startswith("all")]
    assert len(queries) == 2 * len(per_rule) > 300  # the esql and esql_rule_ndjson file of every rule
    failures = {name: errs for name, q in queries.items() if (errs := esql_errors(q))}
    assert failures == {}


@pytest.mark.parametrize(
    "query",
    [
        'from logs-* | where process.name == "unterminated',
        'from logs-* | where process.name like "a\\*"',  # \* is no ES|QL string escape
        "from logs-* | where process.name == | keep _id",
        "from logs-* | keep",
    ],
)
def test_the_parser_rejects_broken_esql(query: str) -> None:
    assert esql_errors(query)
