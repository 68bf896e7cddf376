#!/usr/bin/env node
// Validate KQL queries with Microsoft's own parser and semantic analyzer (Kusto.Language, the
// engine behind the Kusto editors), headless in node, against a Defender schema.
//
// Usage: node kql_analyze.js <node_modules dir>
//   stdin:  {"schema": {"<Table>": {"<Column>": "<kusto type>", ...}, ...}, "queries": ["...", ...]}
//   stdout: one list per query of error diagnostics:
//           [{"code", "message", "line", "column", "length", "source_line"}, ...]
// line and column are 1-based and counted in Unicode code points, so they index a Python str directly.
// One process analyzes the whole batch: loading the 16 MB bridge costs far more than a query does.
'use strict';

const fs = require('fs');
const path = require('path');

const PACKAGE = '@kusto/language-service-next';

// The bridge is transpiled C#; keep stray console output of the library off stdout, which is ours.
const writeStdout = process.stdout.write.bind(process.stdout);
console.log = console.info = console.debug = (...args) => console.error(...args);

/** Load the Bridge.NET runtime, then Kusto.Language; both install globals (Bridge, System, Kusto). */
function loadKusto(nodeModules) {
  require(path.join(nodeModules, PACKAGE, 'bridge.js'));
  require(path.join(nodeModules, PACKAGE, 'Kusto.Language.Bridge.js'));
  return globalThis.Kusto.Language;
}

/** Map the schema's type names (already normalized by the Python side) to Kusto scalar types. */
function scalarType(K, typeName, where) {
  const T = K.Symbols.ScalarTypes;
  const types = {
    string: T.String, datetime: T.DateTime, long: T.Long, int: T.Int, bool: T.Bool, real: T.Real,
    decimal: T.Decimal, dynamic: T.Dynamic, guid: T.Guid, timespan: T.TimeSpan,
  };
  const type = types[typeName];
  if (!type) throw new Error(`unknown column type '${typeName}' for ${where}`);
  return type;
}

/** Build analyzer globals whose default database holds the given tables with typed columns. */
function buildGlobals(K, schema) {
  const S = K.Symbols;
  const tables = Object.entries(schema).map(([table, columns]) => {
    const cols = Object.entries(columns).map(([name, typeName]) =>
      new S.ColumnSymbol(name, scalarType(K, typeName, `${table}.${name}`), null, null, null, null));
    return new S.TableSymbol.$ctor4(table, cols);
  });
  const database = new S.DatabaseSymbol.ctor('Defender', tables);
  return K.GlobalState.Default.WithDatabase(database);
}

/** Convert a UTF-16 offset (what Kusto reports) to 1-based line/column in code points. */
function locate(text, start, length) {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(0, lineStart).split('\n').length;
  return {
    line,
    column: Array.from(text.slice(lineStart, start)).length + 1,
    length: Array.from(text.slice(start, start + length)).length,
    source_line: text.slice(lineStart, lineEnd).replace(/\r$/, ''),
  };
}

/** Parse and analyze one query; return its errors (warnings and suggestions are dropped) in order. */
function analyze(K, globals, text) {
  const diagnostics = K.KustoCode.ParseAndAnalyze(text, globals).GetDiagnostics();
  const errors = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (d.Severity !== K.DiagnosticSeverity.Error) continue;
    errors.push({ start: d.Start, code: d.Code, message: d.Message, ...locate(text, d.Start, d.Length) });
  }
  errors.sort((a, b) => a.start - b.start);
  return errors.map(({ start, ...rest }) => rest);
}

function main() {
  const nodeModules = process.argv[2] && path.resolve(process.argv[2]);
  if (!nodeModules) throw new Error('usage: node kql_analyze.js <node_modules dir>');
  const request = JSON.parse(fs.readFileSync(0, 'utf8'));
  const K = loadKusto(nodeModules);
  const globals = buildGlobals(K, request.schema);
  const results = request.queries.map((text, i) => {
    try {
      return analyze(K, globals, text);
    } catch (err) {
      throw new Error(`analyzer crashed on query #${i}: ${err && err.stack ? err.stack : err}`);
    }
  });
  writeStdout(JSON.stringify(results));
}

main();
