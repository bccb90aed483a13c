// The case database in sql.js (SQLite compiled to WebAssembly): the app's engine and the command line's default.
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import type { QueryResult } from '../types';
import type { CaseDb, CaseEngine, SqlValue } from './case-db';
import { newCaseDatabase, SQLJS_MAX_INPUT_BYTES } from './memory-database';
import { BulkInsert, numberPairs, rows } from './sql';

export class SqlJsDb implements CaseDb {
  readonly dialect = 'sqlite' as const;

  constructor(
    private readonly db: Database,
    private readonly SQL: SqlJsStatic,
  ) {}

  exec(sql: string): void {
    this.db.exec(sql);
  }

  run(sql: string, params: SqlValue[] = []): void {
    this.db.run(sql, params);
  }

  rows(sql: string, params: SqlValue[] = []): SqlValue[][] {
    return rows(this.db, sql, params as (string | number | null)[]) as SqlValue[][];
  }

  pairs(sql: string, params?: Record<string, number>): [number, number][] {
    return numberPairs(this.db, sql, this.SQL, params);
  }

  bulk(table: string, columns: readonly string[], repeated: readonly string[] = []): BulkInsert {
    return new BulkInsert(this.db, table, columns, { SQL: this.SQL, repeated });
  }

  /** One prepared UPDATE per row: each finds its row by rowid or index, and the rows are few (the Voids). */
  update(table: string, key: string, columns: readonly string[], all: Iterable<SqlValue[]>): void {
    const stmt = this.db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`);
    try {
      for (const [k, ...values] of all) stmt.run([...values, k]);
    } finally {
      stmt.free();
    }
  }

  /**
   * As UTF-8 bytes that SQLite takes for text: sql.js would measure and encode the string itself in loops of
   * JavaScript, where TextEncoder does it natively.
   */
  text(value: string): { placeholder: string; value: SqlValue } {
    return { placeholder: 'CAST(? AS TEXT)', value: new TextEncoder().encode(value) };
  }

  /** SQLite itself refuses any write while query_only is on. */
  readOnly(text: string, limit: number): QueryResult {
    this.db.exec('PRAGMA query_only = ON');
    let stmt: Statement | null = null;
    try {
      stmt = this.db.prepare(text);
      const columns = stmt.getColumnNames();
      const out: (string | number | null)[][] = [];
      let truncated = false;
      while (stmt.step()) {
        if (out.length >= limit) {
          truncated = true;
          break;
        }
        out.push(stmt.get().map((v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : (v as string | number | null))));
      }
      return { columns, rows: out, truncated };
    } finally {
      stmt?.free();
      this.db.exec('PRAGMA query_only = OFF');
    }
  }

  export(): Uint8Array {
    return this.db.export();
  }

  close(): void {
    this.db.close();
  }
}

const engines = new WeakMap<SqlJsStatic, CaseEngine>();

/** sql.js as a case engine: new cases in SQLite's memory (newCaseDatabase), saved ones read from their bytes. */
export function sqlJsEngine(SQL: SqlJsStatic): CaseEngine {
  let engine = engines.get(SQL);
  if (!engine) {
    engine = {
      name: 'sqljs',
      maxInputBytes: SQLJS_MAX_INPUT_BYTES,
      loadsApart: false,
      create: (inputBytes) => new SqlJsDb(newCaseDatabase(SQL, inputBytes), SQL),
      openSaved: (bytes) => new SqlJsDb(new SQL.Database(bytes), SQL),
    };
    engines.set(SQL, engine);
  }
  return engine;
}

/** The case engine given: sql.js's module stands for sql.js. */
export function asCaseEngine(engine: SqlJsStatic | CaseEngine): CaseEngine {
  return 'openSaved' in engine ? engine : sqlJsEngine(engine);
}
