// Every alternative resolution of every category, tried on generated quarters: each is either recorded, and
// then the identities hold and no card's balance goes below zero at any instant where it did not before, or
// refused with a reason (and, where one exists, a resolution that can be recorded instead).
import { describe, expect, it } from 'vitest';
import { unsealedReportJson } from '../../shared/report/report-json';
import type { EngineCase } from '../../shared/api';
import { CATEGORIES, type CardBalance, type Decision, type Report } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { expectIdentities, runQuarter } from './engine-helpers';

const by = { user: 'reviewer', at: '2026-10-20T10:00:00.000Z' };

/** The lowest each card's balance went, from its roll-forward (opening, then each movement in time order). */
function lowestOf(c: EngineCase, cards: readonly string[]): Map<string, number> {
  return new Map(cards.map((card) => [card, c.cardRollforward({ card }).lowest?.cents ?? 0]));
}

async function tryEveryAlternative(c: EngineCase): Promise<{ tried: Set<string>; refused: number; recorded: number }> {
  const tried = new Set<string>();
  let refused = 0;
  let recorded = 0;
  for (const category of CATEGORIES) {
    for (const x of c.report.exceptions.filter((e) => e.category === category).slice(0, 4)) {
      for (const o of c.resolutionOptions(x.key)) {
        if (o.is_default || o.needs_records) continue;
        tried.add(category);
        const d: Decision = { key: x.key, action: 'resolve', resolution: o.code, ...by };
        const check = c.checkDecisions([d]);
        expect(check.ok, `${x.id} ${o.code}`).toBe(o.allowed);
        if (!check.ok) {
          refused++;
          expect(check.reason).toMatch(/below zero|no finding explains|identity/);
          if (check.alternative) expect(c.checkDecisions([{ ...d, resolution: check.alternative.resolution }]).ok).toBe(true);
          continue;
        }
        recorded++;
        const before = unsealedReportJson(c.reportJson());
        const moved = check.effect.cards.flatMap((k) => (k.card ? [k.card] : []));
        const lowBefore = lowestOf(c, moved);
        const closings = new Map(c.report.cards.map((k) => [lineOf(k), k.reconstructed_cents]));
        const r = c.decide([d], `${o.code} ${x.id}`);
        expectIdentities(r);
        for (const [card, low] of lowestOf(c, moved)) if (low < 0) expect(low, `${x.id} ${o.code} on ${card}`).toBeGreaterThanOrEqual(lowBefore.get(card)!);
        for (const k of r.cards) if (k.reconstructed_cents < 0) expect(k.reconstructed_cents).toBeGreaterThanOrEqual(closings.get(lineOf(k)) ?? 0);
        expect(sameIds(r, JSON.parse(before) as Report)).toBe(true);
        c.undo('reviewer');
        // The same report but for the audit log's seal, which now counts the decision and its undo.
        expect(unsealedReportJson(c.reportJson())).toBe(unsealedReportJson(before));
      }
    }
  }
  return { tried, refused, recorded };
}

function lineOf(k: CardBalance): string {
  return k.card ?? `~${k.instrument}|${k.last_four ?? ''}|${k.order ?? ''}`;
}

/** Every exception found both before and after keeps its id. */
function sameIds(after: Report, before: Report): boolean {
  const ids = new Map(before.exceptions.map((x) => [x.key, x.id]));
  return after.exceptions.every((x) => !ids.has(x.key) || ids.get(x.key) === x.id);
}

describe('every alternative resolution keeps the identities and every card’s history possible', () => {
  for (const [seed, timezone] of [[41, 'America/New_York'], [42, 'Europe/Berlin']] as const) {
    it(`on a generated quarter (seed ${seed}, ${timezone})`, async () => {
      const q = generateQuarter({ seed, cards: 400, timezone, anomalies: Object.fromEntries(CATEGORIES.map((k) => [k, 3])) });
      const c = await runQuarter(q);
      const { tried, recorded } = await tryEveryAlternative(c);
      expect([...tried].sort()).toEqual([...CATEGORIES].sort());
      expect(recorded).toBeGreaterThan(10);
      c.close();
    });
  }
});
