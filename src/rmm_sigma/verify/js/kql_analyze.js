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
//
// Startup snapshot: node --snapshot-blob <blob> --build-snapshot kql_analyze.js <node_modules dir>
// loads the bridge and runs one analysis (Kusto builds its global symbol tables on first use, which
// is most of a start), and writes node's heap to <blob>; `node --snapshot-blob <blob>` then starts
// from that heap and answers the same request on stdin, in a fifth of the CPU.
'use strict';

const fs = require('fs');
const path = require('path');
const v8 = require('v8');

const PACKAGE = '@kusto/language-service-next';

/** Keep stray console output of the bridge (transpiled C#) off stdout, which is ours; returns the
 * writer of stdout. Called where it is used: a snapshot's process has a stdout of its own. */
function claimStdout() {
  const writeStdout = process.stdout.write.bind(process.stdout);
  console.log = console.info = console.debug = (...args) => console.error(...args);
  return writeStdout;
}

const BRIDGE_FILES = ['bridge.js', 'Kusto.Language.Bridge.js'];

/** Load the Bridge.NET runtime, then Kusto.Language; both install globals (Bridge, System, Kusto). */
function loadKusto(nodeModules) {
  for (const file of BRIDGE_FILES) require(path.join(nodeModules, PACKAGE, file));
  return globalThis.Kusto.Language;
}

/** The same, as global scripts: a snapshot builder can require node's own modules only. */
function evaluateKusto(nodeModules) {
  for (const file of BRIDGE_FILES) {
    const where = path.join(nodeModules, PACKAGE, file);
    (0, eval)(`${fs.readFileSync(where, 'utf8')}\n//# sourceURL=${where}`); // indirect: global scope
  }
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

/** Answer the request on stdin with Kusto.Language ``K``. */
function answer(K) {
  const writeStdout = claimStdout();
  const request = JSON.parse(fs.readFileSync(0, 'utf8'));
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

function main() {
  const nodeModules = process.argv[2] && path.resolve(process.argv[2]);
  if (!nodeModules) throw new Error('usage: node kql_analyze.js <node_modules dir>');
  if (!(v8.startupSnapshot && v8.startupSnapshot.isBuildingSnapshot())) { // no API before node 18.6
    answer(loadKusto(nodeModules));
    return;
  }
  claimStdout();
  const K = evaluateKusto(nodeModules);
  K.KustoCode.ParseAndAnalyze("T | where A has 'x' | summarize count() by B", K.GlobalState.Default);
  v8.startupSnapshot.setDeserializeMainFunction(() => answer(globalThis.Kusto.Language));
}

main();
