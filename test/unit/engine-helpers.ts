// Shared helpers for the engine's unit tests: turn a generated quarter into the engine's inputs, run it, and
// check the report's own identities (docs/formats.md §5).
import { expect } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { runCase } from '../../shared/engine';
import type { EngineCase } from '../../shared/api';
import { loadSqlJs } from '../../shared/node/files';
import { DEFAULT_SETTINGS, type CaseSettings, type Decision, type FileRole, type InputFile, type Mapping, type Report } from '../../shared/types';
import { quarterFiles, type GeneratedQuarter } from '../fixtures/generate';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

export function roleOf(name: string): FileRole {
  if (name.startsWith('platform')) return 'platform';
  if (name.startsWith('storefront')) return 'storefront';
  if (name.startsWith('payments')) return 'payments';
  if (name.startsWith('erp')) return 'erp';
  if (name.startsWith('opening')) return 'opening';
  throw new Error(`no role for ${name}`);
}

/** The generated quarter's files as the engine takes them (bytes, never paths). */
export function quarterInputs(q: GeneratedQuarter): InputFile[] {
  return Object.entries(quarterFiles(q)).map(([name, data]) => ({ role: roleOf(name), name, bytes: typeof data === 'string' ? enc(data) : data }));
}

export function quarterSettings(q: GeneratedQuarter, over: Partial<CaseSettings> = {}): CaseSettings {
  return { ...DEFAULT_SETTINGS, periodStart: q.options.periodStart, periodEnd: q.options.periodEnd, timezone: q.options.timezone, ...over };
}

export function sql(): Promise<SqlJsStatic> {
  return loadSqlJs();
}

export async function runQuarter(q: GeneratedQuarter, opts: { mapping?: Mapping; decisions?: Decision[]; files?: InputFile[] } = {}): Promise<EngineCase> {
  return runCase(await sql(), { files: opts.files ?? quarterInputs(q), settings: quarterSettings(q), mapping: opts.mapping, decisions: opts.decisions });
}

/** The identities every report must satisfy to the cent, whatever the inputs. */
export function expectIdentities(r: Report): void {
  const L = r.liability;
  const f = L.rollforward;
  expect(f.opening_cents + f.issued_cents + f.reloaded_cents - f.redeemed_cents + f.refunded_cents + f.voided_cents + f.adjusted_cents - f.expired_cents, 'roll-forward foots').toBe(f.closing_cents);
  expect(f.closing_cents, 'roll-forward closing = reconstructed').toBe(L.reconstructed_closing_cents);
  expect(r.cards.reduce((s, c) => s + c.reconstructed_cents, 0), 'Σ cards = reconstructed').toBe(L.reconstructed_closing_cents);
  expect(L.by_instrument.gift_card + L.by_instrument.store_credit, 'by instrument sums').toBe(L.reconstructed_closing_cents);
  expect(L.erp_closing_cents + L.bridge.reduce((s, b) => s + b.amount_cents, 0), 'ERP + Σ bridge = reconstructed').toBe(L.reconstructed_closing_cents);
}

/** Bridge lines as category → cents, zero lines dropped. */
export function bridgeMap(lines: { category: string; amount_cents: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of lines) if (b.amount_cents !== 0) out[b.category] = (out[b.category] ?? 0) + b.amount_cents;
  return out;
}
