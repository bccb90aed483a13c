// The stages of a run, each a function of what the stages before it made: read the files, load them into the
// case database, take the opening balances, match. (Classify and reconstruct are stages of their own folders.)
import { classify, type Finding } from '../classify/classify';
import type { CanonicalEvent, OpeningBalance } from '../events';
import { importFiles, type ImportResult } from '../import/import-files';
import { PlausibilityError } from '../import/plausibility';
import { buildMovements, type MatchResult, type Pairs } from '../match/movements';
import { rowsBySystem } from '../match/one-to-one';
import { RULES, ruleApplies, ruleParams, systemBounds } from '../match/rules';
import { RULE } from '../match/rule-ids';
import { STOREFRONT_RULES, type FallbackRule } from '../match/storefront-links';
import { inferOpening } from '../reconstruct/opening';
import type { BusinessCalendar } from '../time';
import { InputError, fileSize, type CaseSettings, type FileRole, type InputFile, type Instrument, type Mapping } from '../types';
import type { RunRequest } from './api';
import type { CaseStore, EventLoad } from './case-store';
import { priorChainStart, recognisePriorItems, type PriorRun, type PriorStart } from './prior-run';
import { fallbackWithout, linkedNow, MANUAL_LINK_RULE, withLinks, type LinkChoices } from './links';
import type { StageRunner } from './stage-runner';

const ROLE_ORDER: FileRole[] = ['platform', 'storefront', 'payments', 'erp', 'opening'];

/** The files in the order of their roles, each of the four systems present. */
export function inRoleOrder(files: InputFile[]): InputFile[] {
  for (const role of ['platform', 'storefront', 'payments', 'erp'] as const)
    if (!files.some((f) => f.role === role)) throw new InputError(`No ${role} file was given`);
  return [...files].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
}

/**
 * Reads every file into events, reporting progress in bytes (with rows per second) and letting a cancel in.
 * With `load`, the events go into the case database as they are read (loadInputs adds any left).
 */
export async function readInputs(
  runner: StageRunner,
  files: InputFile[],
  mapping: Mapping | undefined,
  settings: CaseSettings,
  calendar: BusinessCalendar,
  profiles?: RunRequest['profiles'],
  load?: EventLoad,
): Promise<ImportResult> {
  const total = files.reduce((a, f) => a + fileSize(f), 0);
  const bytesBefore = (i: number) => files.slice(0, i).reduce((a, f) => a + fileSize(f), 0);
  let rowsBefore = 0;
  const due = runner.pacer();
  return importFiles(files, mapping, calendar, {
    currency: settings.currency,
    periodStart: settings.periodStart,
    liabilityAccounts: settings.liabilityAccounts,
    profiles,
    onEvents: load && ((events, start, end) => load.add(events, start, end)),
    onFile: async (file, i) => {
      runner.progress({ stage: 'read', done: bytesBefore(i), total, file });
      await runner.breathe();
    },
    // Between chunks of a file, now and then: progress in bytes with rows per second, and a chance to cancel.
    onChunk: async (i, done, rows) => {
      const at = { stage: 'read', done: bytesBefore(i) + done, total, file: files[i].name, rate: runner.rate(rowsBefore + rows) } as const;
      if (done === fileSize(files[i])) rowsBefore += rows;
      if (!due()) return;
      runner.progress(at);
      await runner.breathe();
    },
  });
}

/**
 * The import's plausibility problems: the run stops on them (one line, naming the first) unless they are
 * accepted, and then each file's are written into its report.json entry.
 */
export function checkPlausibility(imported: ImportResult, accept: boolean): void {
  if (imported.problems.length === 0) return;
  if (!accept) throw new PlausibilityError(imported.problems);
  for (const f of imported.files) if (f.problems.length) f.summary.warnings = f.problems.map((p) => p.message);
}

/** Events added to a load between two breaths of the import stage. */
const LOAD_STEP = 65_536;

/**
 * The case's events (those readInputs did not put in already), settings, files, quarantined rows and opening
 * balances into its database, and its load committed.
 */
export async function loadInputs(
  store: CaseStore,
  runner: StageRunner,
  imported: ImportResult,
  files: InputFile[],
  settings: CaseSettings,
  mapping: Mapping | undefined,
  load: EventLoad = store.beginInputs(settings),
): Promise<void> {
  const ev = imported.events;
  for (let from = load.count; from < ev.length; from += LOAD_STEP) {
    load.add(ev, from, Math.min(from + LOAD_STEP, ev.length));
    await runner.breathe();
    runner.progress({ stage: 'import', done: load.count, total: ev.length });
  }
  load.finish();
  store.writeInputs(settings, mapping, imported.files, imported.problems.length > 0);
  store.writeOpening(imported.opening, files.findIndex((f) => f.role === 'opening'));
  store.endInputs();
}

/** The opening balances: from the opening file, or, without one, each card's from the platform's own ledger. */
export function openingBalances(imported: ImportResult, files: InputFile[], settings: CaseSettings): { balances: OpeningBalance[]; notes: string[] } {
  if (files.some((f) => f.role === 'opening')) return { balances: imported.opening, notes: [] };
  const balances = [...imported.opening, ...inferOpening(imported.events, settings)];
  return {
    balances,
    notes: [
      `No opening balances file: each card's opening was taken from the platform's own Balance After (${balances.length} cards); the ERP opening journal is compared with their total.`,
    ],
  };
}

export function centsByCard(opening: OpeningBalance[]): Map<string, number> {
  const cents = new Map<string, number>();
  for (let i = 0; i < opening.length; i++) {
    const o = opening[i];
    if (o.card) cents.set(o.card, (cents.get(o.card) ?? 0) + o.cents);
  }
  return cents;
}

/**
 * The matching rules' candidate pairs from the database, with the auditor's links and unlinks, then the
 * movements made of them. A link by hand is counted in by_rule under its own name, not its rule's.
 */
export function matchEvents(store: CaseStore, ev: CanonicalEvent[], opening: OpeningBalance[], links: LinkChoices = NO_LINKS): MatchResult {
  // The rules' joins take the engine's whole memory: a case matched again after its run may be resting.
  store.wake();
  const pairs = {} as Pairs;
  // Each system's rows, found once: the rules' bounds are theirs, and matching steps through them.
  const systemRows = rowsBySystem(ev);
  const bounds = systemBounds(systemRows);
  for (const [name, rule] of Object.entries(RULES)) {
    if ('leftovers' in rule) continue;
    pairs[name as keyof Pairs] = ruleApplies(rule, ev, bounds) ? store.pairs(rule.sql, ruleParams(rule.sql, bounds)) : [];
  }
  const fallback = (rule: FallbackRule, storefront: number[], platform: number[]) => store.leftoverPairs(RULES[rule].sql, ev, storefront, platform);
  const instruments = new Map<string, Instrument>();
  for (const o of opening) if (o.card) instruments.set(o.card, o.instrument);
  const match = buildMovements(ev, withLinks(pairs, links), fallbackWithout(fallback, links), { instruments, cents: centsByCard(opening) }, links.omitted, systemRows);
  store.dropLeftovers();
  countManualLinks(match, links);
  return match;
}

const NO_LINKS: LinkChoices = { link: [], unlink: [], omitted: new Map(), said: [] };

/** Moves each link made by hand from its rule's count in by_rule to the count of links made by hand. */
function countManualLinks(match: MatchResult, links: LinkChoices): void {
  for (const { pair } of links.link) {
    const [a, b] = pair;
    if (!linkedNow(match.movements, match.events, a, b)) continue;
    const rule = match.movements.flatMap((m) => m.members).find((x) => x.event === a)!.rule;
    const name = RULE[rule];
    match.byRule[name] -= 1;
    if (match.byRule[name] === 0 && !STOREFRONT_RULES.includes(rule as (typeof STOREFRONT_RULES)[number])) delete match.byRule[name];
    match.byRule[MANUAL_LINK_RULE] = (match.byRule[MANUAL_LINK_RULE] ?? 0) + 1;
  }
}

/**
 * Matched movements classified: the findings, and the movements as classified (a lagging activation counts from
 * its sale). In a case made from a prior one (`prior`), each card's platform chain starts where the platform
 * stood, and the prior period's items are recognised when their counterpart arrives (prior-run.ts): the
 * movements, findings and opening are then those recognition leaves.
 */
export function classifyMatch(
  match: MatchResult,
  settings: CaseSettings,
  calendar: BusinessCalendar,
  opening: OpeningBalance[],
  prior?: PriorStart,
): {
  match: MatchResult;
  findings: Finding[];
  matching: { matched_groups: number; by_rule: Record<string, number> };
  opening: OpeningBalance[];
  prior: PriorRun | null;
} {
  const chainStart = prior ? priorChainStart(prior.carry) : centsByCard(opening);
  const classified = classify(match.events, match.movements, match.platformRowsByCard, settings, calendar, chainStart);
  const carried = prior
    ? recognisePriorItems({ ev: match.events, settings, calendar, prior: prior.carry }, classified.movements, classified.findings, opening, prior.platformFileOpening)
    : null;
  return {
    match: { ...match, movements: carried?.movements ?? classified.movements }, findings: carried?.findings ?? classified.findings,
    matching: { matched_groups: match.movements.filter((m) => m.members.length > 1).length, by_rule: match.byRule },
    opening: carried?.opening ?? opening, prior: carried,
  };
}

/** report.json's notes: the run's own, what the auditor linked by hand, then matching's and the journals'. */
export function runNotes(base: { head: string[]; tail: string[] }, links: LinkChoices, match: MatchResult): string[] {
  const said = links.said.length ? [`Matching as decided by the auditor: ${links.said.join('; ')}.`] : [];
  return [...base.head, ...said, ...match.notes, ...base.tail];
}
