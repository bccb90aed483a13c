// What the SQL console lets through: one statement that only reads. The database refuses writes anyway
// (PRAGMA query_only, case-store.ts); this says why in words before it gets there, and leaves a typo to
// SQLite, whose message names the word it stumbled on.
import { InputError } from '../types';

/** SQLite statements that change the database or the connection. */
const CHANGES = new Set([
  'alter', 'analyze', 'attach', 'begin', 'commit', 'create', 'delete', 'detach', 'drop', 'end', 'insert', 'pragma',
  'reindex', 'release', 'replace', 'rollback', 'savepoint', 'update', 'vacuum',
]);

/** The text with its string literals, quoted names and comments blanked, so a ';' in them is not a second statement. */
function code(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|--[^\n]*|\/\*[^]*?(?:\*\/|$)/g, (m) => ' '.repeat(m.length));
}

/**
 * The statement to run, without a trailing ';', or an InputError in plain words: nothing typed, a statement that
 * would change the case, or more than one statement. Anything else goes to SQLite (a typo gets its message).
 */
export function readOnlyStatement(sql: string): string {
  const text = sql.trim().replace(/;[\s;]*$/, '');
  const bare = code(text).trim();
  if (!bare) throw new InputError('Type a query first: a SELECT, WITH or EXPLAIN statement');
  const first = /^[A-Za-z]+/.exec(bare)?.[0].toLowerCase();
  if (first && CHANGES.has(first)) {
    throw new InputError(`The SQL console only reads the case: ${first.toUpperCase()} would change it. Use SELECT, WITH or EXPLAIN`);
  }
  if (bare.includes(';')) throw new InputError('One statement at a time: the text holds more than one (a ; inside it)');
  return text;
}

/** SQLite's message about a query, as one line the console shows. */
export function sqlError(err: unknown): InputError {
  const m = String((err as Error)?.message ?? err).split('\n')[0];
  const table = /^no such table: (.+)$/.exec(m);
  if (table) return new InputError(`SQL: there is no table ${table[1]} (Show tables lists them with their columns)`);
  return new InputError(`SQL: ${m}`);
}
