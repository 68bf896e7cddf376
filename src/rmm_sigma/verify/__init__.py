"""``rmm-sigma verify``: is each generated KQL query equivalent to its reference query?

``run`` pairs rules with references and turns comparisons into verdicts, text, JSON and JUnit;
``reference`` reads the reference corpus and seed files; ``repairs`` names the fixes for known
reference defects; ``kql_text`` tokenizes KQL; ``kql_analyzer`` runs Microsoft's KQL analyzer in node
(``js/``; ``rmm-sigma check`` uses it for generated queries too); ``equivalence`` decides whether two
KQL queries are equivalent (duckdb-kql's parser, z3, execution on DuckDB).

Nothing is imported here, so ``kql_text`` or ``kql_analyzer`` load without z3 and DuckDB.
"""
