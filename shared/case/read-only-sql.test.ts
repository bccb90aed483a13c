import { describe, expect, it } from 'vitest';
import { InputError } from '../types';
import { readOnlyStatement, sqlError } from './read-only-sql';

const refusal = (sql: string) => {
  try {
    readOnlyStatement(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  return null;
};

describe('the SQL console’s statement check', () => {
  it('lets one reading statement through, without its trailing semicolons', () => {
    expect(readOnlyStatement('  SELECT 1;; ')).toBe('SELECT 1');
    expect(readOnlyStatement('with x as (select 1) select * from x')).toBe('with x as (select 1) select * from x');
    expect(readOnlyStatement("SELECT ';' AS semi -- a ; in a comment")).toBe("SELECT ';' AS semi -- a ; in a comment");
  });

  it('says what a writing statement would do, not that the text is no SELECT', () => {
    expect(refusal('DELETE FROM decisions')).toBe('The SQL console only reads the case: DELETE would change it. Use SELECT, WITH or EXPLAIN');
    expect(refusal('pragma query_only = off')).toMatch(/^The SQL console only reads the case: PRAGMA/);
    expect(refusal('/* sneaky */ DROP TABLE events')).toMatch(/DROP would change it/);
  });

  it('refuses a second statement, and an empty text, in words', () => {
    expect(refusal('SELECT 1; DELETE FROM events')).toBe('One statement at a time: the text holds more than one (a ; inside it)');
    expect(refusal('  -- nothing\n ')).toMatch(/^Type a query first/);
  });

  it('leaves a typo to SQLite, whose message names the word', () => {
    expect(refusal('SELEC * FROM events')).toBeNull();
    expect(sqlError(new Error('near "SELEC": syntax error')).message).toBe('SQL: near "SELEC": syntax error');
    expect(sqlError(new Error('no such table: exeptions')).message).toBe('SQL: there is no table exeptions (Show tables lists them with their columns)');
  });
});
