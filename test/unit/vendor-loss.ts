// What the vendors' exports lose, simulated on a generated quarter in the reference layouts at the event level:
// the quarter is imported as always, its events then lose what Square, Shopify, Stripe and QuickBooks Online do
// not carry, and the case runs on from there as the pipeline runs it. For the matching rules that stand in for
// the lost fields, scored against the generator's known answer.
import type { EngineCase } from '../../shared/api';
import { Case, changedByMatching } from '../../shared/case/case';
import { CaseStore } from '../../shared/case/case-store';
import { StageRunner } from '../../shared/case/stage-runner';
import type { LinkChoices } from '../../shared/case/links';
import { classifyMatch, inRoleOrder, loadInputs, matchEvents, openingBalances, readInputs, runNotes } from '../../shared/case/stages';
import { unbalancedJournals } from '../../shared/classify/data-quality';
import { eventsInPeriod } from '../../shared/import/period';
import type { CanonicalEvent } from '../../shared/events';
import { loadSqlJs } from '../../shared/node/files';
import { validateSettings } from '../../shared/settings';
import type { CaseEngine } from '../../shared/store/case-db';
import { BusinessCalendar } from '../../shared/time';
import type { CaseSettings, InputFile } from '../../shared/types';
import type { RefmapLike } from '../../scripts/score';
import type { GeneratedQuarter } from '../fixtures/generate';
import { quarterInputs, quarterSettings } from './engine-helpers';

/** What each vendor layout loses, one switch each. */
export interface Loss {
  /** Shopify: no card digits, no transaction id (a row key R<row>), no location, no gift_card_sold rows. */
  storefront?: boolean;
  /** Shopify writes 0.00 on a void: every other voided order's amount (the export's lookup may not find one). */
  voidAmounts?: boolean;
  /** Square: a TRANSACTION_VOIDED adjustment names no activity and no order; no operator but `csr:support`, no note. */
  platform?: boolean;
  /** A ledger without Reference and no id in the memo, on lines whose memo names an order (`keep` spared). */
  erpReferences?: (e: CanonicalEvent) => boolean;
}

export interface LostQuarter {
  c: EngineCase;
  /** Where each storefront record of the known answer sits now (its row key), for score(). */
  refmap: RefmapLike;
}

export async function runWithLoss(
  q: GeneratedQuarter,
  loss: Loss,
  unattributable: RefmapLike['unattributable'] = [],
  engine?: CaseEngine,
): Promise<LostQuarter> {
  const files = quarterInputs(q);
  const storefrontFile = files.find((f) => f.role === 'storefront')!.name;
  let refmap: RefmapLike | null = null;
  const c = await runTransformed(files, quarterSettings(q), (ev) => {
    refmap = {
      lost_ref_systems: loss.storefront ? ['storefront'] : [],
      header_lines: { [storefrontFile]: 1 },
      unattributable_cards: (unattributable ?? []).map((u) => u.card),
      unattributable,
      records: ev.filter((e) => e.system === 'storefront').map((e) => ({ system: 'storefront', ref: e.key, file: storefrontFile, row: e.row })),
    };
    return lose(ev, loss);
  }, engine);
  return { c, refmap: refmap! };
}

/**
 * A case run as the pipeline runs it, its imported events changed by `transform` before they are loaded; on
 * `engine`, or sql.js.
 */
export async function runTransformed(
  input: InputFile[],
  caseSettings: CaseSettings,
  transform: (ev: CanonicalEvent[]) => CanonicalEvent[],
  engine?: CaseEngine,
): Promise<EngineCase> {
  const SQL = engine ?? (await loadSqlJs());
  const settings = validateSettings(caseSettings);
  const calendar = new BusinessCalendar(settings.timezone);
  const files = inRoleOrder(input);
  const runner = new StageRunner();
  const imported = await readInputs(runner, files, undefined, settings, calendar);
  settings.currency = imported.currency ?? 'USD';
  imported.events = transform(imported.events);
  const store = CaseStore.create(SQL, 0);
  await loadInputs(store, runner, imported, files, settings, undefined);
  const opening = openingBalances(imported, files, settings);
  const match = matchEvents(store, imported.events, opening.balances);
  store.updateEvents(match.settled);
  const classified = classifyMatch(match, settings, calendar, opening.balances);
  const links: LinkChoices = { link: [], unlink: [], omitted: new Map(), said: [] };
  const baseNotes = { head: [`Amounts are in ${settings.currency}.`, ...opening.notes], tail: unbalancedJournals(match.events) };
  return new Case(
    store,
    {
      settings, calendar, coverage: eventsInPeriod(match.events, settings, match.erpOpening), asRead: changedByMatching(imported.events, match.settled), links, baseNotes,
      events: match.events, match: classified.match, findings: classified.findings,
      opening: opening.balances, inputs: imported.files.map((f) => f.summary), matching: classified.matching,
      notes: runNotes(baseNotes, links, match), sources: files,
    },
    { kind: 'new', decisions: [] },
  );
}

function lose(ev: CanonicalEvent[], loss: Loss): CanonicalEvent[] {
  let voids = 0;
  const out: CanonicalEvent[] = [];
  for (const e of ev) {
    if (e.system === 'storefront' && loss.storefront) {
      if (e.type === 'gift_card_sold') continue;
      const zero = loss.voidAmounts && e.type === 'order_voided' && voids++ % 2 === 0;
      out.push({ ...e, key: `R${e.row}`, last4: null, channel: null, ...(zero ? { amount: 0, effect: 0 } : {}) });
    } else if (e.system === 'platform' && loss.platform) {
      const csr = e.type === 'adjustment' && !!e.operator?.startsWith('csr:');
      out.push({ ...e, operator: csr ? 'csr:support' : 'system', memo: null, ...(e.type === 'void' ? { ref: null, order: null } : {}) });
    } else if (e.system === 'erp' && loss.erpReferences?.(e)) {
      out.push({ ...e, ref: null });
    } else out.push(e);
  }
  return out;
}
