// Accuracy over many unseen quarters: generates quarters across time zones, periods, ERP formats, messy and
// clean profiles, runs the engine on each and scores it against the generator's known answer.
// usage: npx tsx scripts/sweep.ts [QUARTERS=16] [FAULTS_PER_CATEGORY (default: the standard profile)]
import { generateQuarter, quarterFiles } from '../test/fixtures/generate';
import { runCase } from '../shared/engine';
import { loadSqlJs } from '../shared/node/files';
import { CATEGORIES, DEFAULT_SETTINGS, type FileRole } from '../shared/types';
import { score } from './score';
async function main(): Promise<void> {
  const SQL = await loadSqlJs();
  const zones = [
    'America/New_York',
    'Europe/Berlin',
    'Australia/Sydney',
    'Asia/Kolkata',
    'Pacific/Auckland',
    'America/Los_Angeles',
    'UTC',
    'Asia/Tokyo',
  ];
  const periods = [
    ['2026-01-01', '2026-03-31'],
    ['2026-04-01', '2026-06-30'],
    ['2026-07-01', '2026-09-30'],
    ['2026-10-01', '2026-12-31'],
    ['2025-11-01', '2026-01-31'],
  ];
  let bad = 0;
  for (let seed = 1; seed <= Number(process.argv[2] ?? 16); seed++) {
    const tz = zones[seed % zones.length];
    const [ps, pe] = periods[seed % periods.length];
    const profile = seed % 5 === 0 ? 'clean' : 'standard';
    const q = generateQuarter({
      seed,
      cards: 1500 + seed * 37,
      periodStart: ps,
      periodEnd: pe,
      timezone: tz,
      erpFormat: seed % 2 ? 'csv' : 'xlsx',
      messy: seed % 3 === 0,
      anomalies: process.argv[3]
        ? (Object.fromEntries(CATEGORIES.map((c) => [c, Number(process.argv[3])])) as never)
        : (profile as 'clean'),
    });
    const files = Object.entries(quarterFiles(q))
      .filter(([n]) => !n.endsWith('.json') && !n.endsWith('.txt'))
      .map(([name, data]) => ({
        role: (name.startsWith('opening') ? 'opening' : name.split('.')[0]) as FileRole,
        name,
        bytes: typeof data === 'string' ? new TextEncoder().encode(data) : data,
      }));
    try {
      const c = await runCase(SQL, {
        files,
        settings: { ...DEFAULT_SETTINGS, periodStart: ps, periodEnd: pe, timezone: tz },
      });
      const s = score(q.expected as never, c.report);
      const weak = Object.entries(s.perCategory).filter(([, v]) => v.recall < 1 || v.precision < 1);
      const qExp = (q.expected as { quarantine?: unknown[] }).quarantine?.length ?? 0;
      const qGot = c.report.inputs.reduce((a, i) => a + i.quarantined, 0);
      const ok = s.closing.exact && s.cards.share >= 0.995 && weak.length === 0 && qExp === qGot;
      if (!ok) bad++;
      console.log(
        `${ok ? 'ok ' : 'BAD'} seed=${seed} ${tz} ${ps} ${profile} messy=${seed % 3 === 0} closing=${s.closing.exact} cards=${s.cards.exact}/${s.cards.total} q=${qGot}/${qExp} ${weak.map(([k, v]) => `${k}:${v.tp}/${v.expected}/${v.found}`).join(' ')} ${s.cards.wrong.slice(0, 2).join(';')}`,
      );
    } catch (e) {
      bad++;
      console.log(`ERR seed=${seed} ${tz} ${ps}: ${(e as Error).message}`);
    }
  }
  console.log('bad', bad);
}

void main();
