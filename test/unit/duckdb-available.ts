// Whether DuckDB's native binary loads on this machine. @duckdb/node-api ships a build per platform; where none
// fits (or it fails to load), the DuckDB tests are skipped, saying so, and the sql.js tests still run.
export const duckdbLoads: boolean = await import('@duckdb/node-api').then(
  () => true,
  () => false,
);

export const NO_DUCKDB = "DuckDB's native binary does not load here: the tests of the second engine are skipped";
