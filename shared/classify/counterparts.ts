// Near misses: for a row nothing matched, the rows that nearly match it, named for the auditor to judge. The
// numbers do not move unless the auditor decides.
import type { Movement } from '../match/movement';
import { PLATFORM_TYPES_FOR } from '../match/rules';
import type { RecordRef } from '../types';
import type { Finding, Narrator } from './finding';

/** Platform types that may stand for a storefront event or an ERP credit/debit to the liability. */
const COMPATIBLE: Record<string, readonly string[]> = {
  ...PLATFORM_TYPES_FOR,
  credit: ['activation', 'reload', 'refund', 'adjustment'],
  debit: ['redemption', 'expiry', 'adjustment'],
};
const SUGGEST_WINDOW_MS = 3 * 86_400_000;

/**
 * The findings, each about a row nothing matched (a storefront tender or sale, an ERP-only line) with the rows
 * that nearly match it — same last four, a compatible type, within three days, amount within 10% (at least
 * 1.00), themselves unexplained on that side — named in its suggestions and explanation.
 */
export function withCounterparts(n: Narrator, movements: readonly Movement[], findings: readonly Finding[]): Finding[] {
  // Gathered for the first finding that looks for counterparts: most runs have few, or none.
  let open: Map<string, number[]> | null = null;
  return findings.map((f) => {
    const src = sourceRow(f);
    if (src === null) return f;
    open ??= unexplainedByLast4(n, movements);
    const near = nearMisses(n, src, open.get(n.ev[src].last4 ?? '') ?? []);
    if (!near.length) return f;
    const suggestions: RecordRef[] = near.map((p) => ({ system: 'platform', ref: n.ev[p].key }));
    const named = near.map((p) => `platform ${n.ev[p].key} (${n.ev[p].type} ${n.money(n.ev[p].amount)} at ${n.local(n.ev[p].at)}, card ${n.ev[p].card})`);
    return { ...f, suggestions, explanation: `${f.explanation} Possible counterpart${near.length > 1 ? 's' : ''}, not matched automatically: ${named.join('; ')}.` };
  });
}

/** Platform rows lacking a storefront row or an ERP line, by last four. */
function unexplainedByLast4(n: Narrator, movements: readonly Movement[]): Map<string, number[]> {
  const open = new Map<string, number[]>();
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i];
    if (m.kind !== 'platform') continue;
    const lacksStorefront = m.sale === null && m.storefrontVoid === null;
    const lacksErp = m.erpLines.length === 0 && m.batchLine === null;
    if (!lacksStorefront && !lacksErp) continue;
    const k = n.ev[m.anchor].last4 ?? '';
    let list = open.get(k);
    if (!list) open.set(k, (list = []));
    list.push(m.anchor);
  }
  return open;
}

/** The unmatched row a finding is about, for the kinds that look for counterparts. */
function sourceRow(f: Finding): number | null {
  const m = f.movement;
  if (m?.kind === 'missing_in_platform' || m?.kind === 'unactivated') return f.category === 'MISSING_IN_PLATFORM' || f.category === 'UNACTIVATED_SALE' ? m.sale : null;
  if (m?.kind === 'erp_only' && f.category === 'ERP_ONLY_ENTRY') return m.erpLines[0] ?? null;
  return null;
}

/** Up to three candidates, nearest in amount, then in time. */
function nearMisses(n: Narrator, src: number, candidates: number[]): number[] {
  const s = n.ev[src];
  const amount = Math.abs(s.amount);
  return candidates
    .filter((p) => {
      const e = n.ev[p];
      return (COMPATIBLE[s.type] ?? []).includes(e.type) && Math.abs(e.at - s.at) <= SUGGEST_WINDOW_MS && Math.abs(e.amount - amount) <= Math.max(100, amount / 10);
    })
    .sort((a, b) => Math.abs(n.ev[a].amount - amount) - Math.abs(n.ev[b].amount - amount) || Math.abs(n.ev[a].at - s.at) - Math.abs(n.ev[b].at - s.at))
    .slice(0, 3);
}
