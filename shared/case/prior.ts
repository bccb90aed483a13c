// The quarter before (docs/formats.md §12.3): what a new case takes from the case it follows, and the check that the
// continuity still holds — the prior case file is the one recorded (SHA-256), its audit chain still passes through
// the recorded head, it re-performs to the recorded report, and its closing is this case's opening.
import type { ChainHead, CloseStatus, PriorCarry, PriorItem } from '../close';
import { sha256Hex, sha256Text } from '../hash';
import type { AuditEntry, Category, Decision, Report } from '../types';

/** Items whose other half may arrive in the next quarter: they come across whatever their status. */
const TIMING: ReadonlySet<Category> = new Set(['ACTIVATION_LAG', 'UNACTIVATED_SALE', 'CUTOFF', 'MISSING_IN_ERP']);

export interface CarrySource {
  report: Report;
  reportJson: string;
  currency: string;
  decisions: readonly Decision[];
  log: readonly AuditEntry[];
  close: Pick<CloseStatus, 'status' | 'materiality_cents'>;
  caseFile: { name: string; sha256: string };
  /** The instant an exception's movement counts at by default, and whether it counted in the period. */
  movementOf(key: string): { atMs: number; counted: boolean } | null;
}

export function chainHead(log: readonly AuditEntry[]): ChainHead {
  const last = log.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: '0'.repeat(64) };
}

/** What the next quarter's case takes from this one. */
export function buildPriorCarry(src: CarrySource): PriorCarry {
  const { report } = src;
  const latest = new Map<string, Decision>();
  for (const d of src.decisions) latest.set(d.key, d);
  const items: PriorItem[] = [];
  for (const x of report.exceptions) {
    const status = x.status ?? 'open';
    const carried = status === 'open' ? 'open' : status === 'deferred' ? 'deferred' : TIMING.has(x.category) ? 'timing' : null;
    if (!carried) continue;
    const d = latest.get(x.key);
    const m = src.movementOf(x.key);
    const item: PriorItem = {
      id: x.id, key: x.key, category: x.category, card: x.card, amount_cents: x.amount_cents, erp_effect_cents: x.erp_effect_cents ?? 0,
      records: x.records.map((r) => ({ ...r })), explanation: x.explanation, resolution: x.resolution ?? null, status,
      decision: d ? pick(d) : null, at: m ? new Date(m.atMs).toISOString() : null, counted: m?.counted ?? false, carried,
    };
    if (x.last_four) item.last_four = x.last_four;
    if (x.order) item.order = x.order;
    items.push(item);
  }
  return {
    format: 'balance-forensics-prior/1',
    case_file: { ...src.caseFile },
    chain_head: chainHead(src.log),
    report_sha256: sha256Text(src.reportJson),
    period: { ...report.period },
    currency: src.currency,
    totals: {
      reconstructed_closing_cents: report.liability.reconstructed_closing_cents,
      platform_reported_closing_cents: report.liability.platform_reported_closing_cents,
      erp_closing_cents: report.liability.erp_closing_cents,
    },
    close: { status: src.close.status, materiality_cents: src.close.materiality_cents },
    cards: report.cards.map((c) => {
      const line: PriorCard = { card: c.card, instrument: c.instrument, closing_cents: c.reconstructed_cents, platform_cents: c.platform_reported_cents };
      if (c.last_four) line.last_four = c.last_four;
      if (c.order) line.order = c.order;
      return line;
    }),
    items,
  };
}

type PriorCard = PriorCarry['cards'][number];

function pick(d: Decision): NonNullable<PriorItem['decision']> {
  const out: NonNullable<PriorItem['decision']> = { action: d.action, user: d.user, at: d.at };
  if (d.resolution) out.resolution = d.resolution;
  if (d.note) out.note = d.note;
  if (d.reason) out.reason = d.reason;
  return out;
}

/** A carry as read from a case file: refused in one line when it is not one. */
export function readPriorCarry(value: unknown): PriorCarry | null {
  if (value === null || value === undefined) return null;
  const c = value as PriorCarry;
  if (c.format !== 'balance-forensics-prior/1' || !Array.isArray(c.cards) || !Array.isArray(c.items) || !c.chain_head || !c.case_file) return null;
  return c;
}

/** What re-performing the continuity needs of the prior case, reopened from the file given. */
export interface PriorCheckSource {
  bytes: Uint8Array;
  log: readonly AuditEntry[];
  chainProblem: string | null;
  reportJson: string;
  /** The carry the reopened prior case makes now, from the same file. */
  carry(caseFile: { name: string; sha256: string }): PriorCarry;
}

/**
 * Re-performs the continuity of a case carried from `recorded`: the file given is the one recorded, its chain
 * is whole and passes through the recorded head, it re-performs to the recorded report, and its closing and
 * items are what this case took. The problems in plain words; empty when it holds.
 */
export function checkContinuity(recorded: PriorCarry, prior: PriorCheckSource): string[] {
  const out: string[] = [];
  const sha = sha256Hex(prior.bytes);
  if (sha !== recorded.case_file.sha256) {
    out.push(`the prior case file is not the one this case was carried from (SHA-256 ${recorded.case_file.sha256.slice(0, 12)}… recorded, ${sha.slice(0, 12)}… given)`);
    return out;
  }
  if (prior.chainProblem) out.push(`the prior case's audit log is broken: ${prior.chainProblem}`);
  const at = prior.log.find((e) => e.seq === recorded.chain_head.seq);
  if (!at || at.hash !== recorded.chain_head.hash)
    out.push(`the prior case's audit chain does not pass through the recorded head (entry ${recorded.chain_head.seq}, ${recorded.chain_head.hash.slice(0, 12)}…)`);
  if (sha256Text(prior.reportJson) !== recorded.report_sha256) out.push("the prior case does not re-perform to the report recorded when this case was carried from it");
  const again = prior.carry(recorded.case_file);
  const lineKey = (c: PriorCard) => c.card ?? `~${c.instrument}|${c.last_four ?? ''}|${c.order ?? ''}`;
  const now = new Map(again.cards.map((c) => [lineKey(c), c]));
  let differ = 0;
  const named: string[] = [];
  for (const c of recorded.cards) {
    const n = now.get(lineKey(c));
    if (n && n.closing_cents === c.closing_cents && n.platform_cents === c.platform_cents) continue;
    differ++;
    if (named.length < 3) named.push(`${c.card ?? `last four ${c.last_four} order ${c.order}`} opened at ${c.closing_cents} cents, the prior closing is ${n ? n.closing_cents : 'absent'}`);
  }
  if (again.cards.length !== recorded.cards.length || differ)
    out.push(`${differ || Math.abs(again.cards.length - recorded.cards.length)} opening line(s) are not the prior closing: ${named.join('; ') || `${recorded.cards.length} lines taken, ${again.cards.length} in the prior closing`}`);
  const items = (c: PriorCarry) => JSON.stringify(c.items.map((i) => [i.key, i.status, i.resolution, i.counted]));
  if (items(again) !== items(recorded)) out.push('the prior-period items taken are not the prior case’s open, deferred and timing items');
  return out;
}
