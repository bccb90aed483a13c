import { describe, expect, it } from 'vitest';
import { unbalancedJournals } from '../../shared/classify/data-quality';
import type { CanonicalEvent } from '../../shared/events';
import { loadSqlJs } from '../../shared/node/files';
import { byCodePoints } from '../../shared/order';

// Text whose order differs between UTF-16 code units and code points: a character above U+FFFF (a surrogate
// pair) against ones from U+E000 on, plus ASCII, accents and empty.
const TRICKY = ['JE-2', 'JE-10', 'je-1', '', 'JÉ-1', 'JE-\u{1F381}', 'JE-\uFF21', 'JE-\uE000', 'JE-\uD7FF', 'JE-\u{10000}a', 'JE-'];

function erpLine(journal: string, amount: number): CanonicalEvent {
  return { system: 'erp', journal, amount } as CanonicalEvent;
}

describe('byCodePoints', () => {
  it('orders text as SQLite orders it (BINARY collation: UTF-8 bytes)', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE t (s TEXT)');
    for (const s of TRICKY) db.run('INSERT INTO t VALUES (?)', [s]);
    const bySqlite = db.exec('SELECT s FROM t ORDER BY s')[0].values.map((r) => r[0]);
    db.close();
    expect([...TRICKY].sort(byCodePoints)).toEqual(bySqlite);
    // Code-unit order differs on this set, so the test can tell the two apart.
    expect([...TRICKY].sort()).not.toEqual(bySqlite);
  });
});

describe('unbalancedJournals', () => {
  it('gives the notes the SQL GROUP BY over the events table gave, in the same order', async () => {
    const ev: CanonicalEvent[] = [];
    TRICKY.forEach((j, i) => {
      ev.push(erpLine(j, 10_000 + i), erpLine(j, -10_000)); // unbalanced by i cents (balanced for i = 0)
      ev.push(erpLine(`${j}-ok`, 2_500), erpLine(`${j}-ok`, -2_500));
    });
    ev.push({ system: 'platform', journal: null, amount: 999 } as CanonicalEvent);
    // Journals whose lines are not together: each part is unbalanced, each journal as a whole is not.
    ev.push(erpLine('JE-split', 100), erpLine('JE-other', 1), erpLine('JE-split', -60), erpLine('JE-other', -1), erpLine('JE-split', -40));
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE events (system TEXT, journal TEXT, amount INTEGER)');
    for (const e of ev) db.run('INSERT INTO events VALUES (?, ?, ?)', [e.system, e.journal, e.amount]);
    const bySql = db
      .exec(`SELECT journal, SUM(amount) AS net FROM events WHERE system = 'erp' GROUP BY journal HAVING SUM(amount) <> 0 ORDER BY journal`)[0]
      .values.map(([journal, net]) => `Data quality: journal ${journal} does not balance (credits exceed debits by ${net} cents).`);
    db.close();
    expect(unbalancedJournals(ev)).toEqual(bySql);
    expect(bySql).toHaveLength(TRICKY.length - 1); // the first journal balances
  });
});
