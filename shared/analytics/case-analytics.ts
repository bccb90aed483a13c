// The close analytics of a reconciled case: the reconstruction of the period as the last history source (each
// movement's counted effect at its effective instant after resolutions, the reconstructed opening balances as
// carried), after the prior quarters given with --history; analyzeClose on it; and the section of report.json
// made from the result (docs/formats.md §5, docs/analytics.md). Per-card lists stay out of report.json: the
// rows, totals, rates and rules are what an auditor re-performs.
import type { Movement } from '../match/movement';
import type { Reconstruction } from '../reconstruct/replay';
import type { BusinessCalendar } from '../time';
import type { OpeningBalance } from '../events';
import { InputError, type CaseSettings, type Report } from '../types';
import type { AgingResult } from './aging';
import type { BreakageResult } from './breakage';
import { analyzeClose, type AnalyticsSettings, type Availability, type CloseAnalytics } from './close';
import type { DisclosureResult } from './disclosure';
import type { EscheatResult } from './escheat';
import { HistoryError, KIND_OF_FLOW, isOwnerInitiated, type CarriedBalance, type HistorySource, type ValueMovement } from './history';
import type { PriorHistory } from './prior-quarters';

export const ANALYTICS_NOTICE =
  'Not legal or accounting advice: the methods are standard (ASC 606-10-55-46 to 55-49, IFRS 15 B44-B47, ASU 2016-04, Texas v. New Jersey), but the rates, the escheat rule table and every setting are judgements the preparer owns; have them reviewed.';

/** report.json → analytics (docs/formats.md §5). */
export interface ReportAnalytics {
  notice: string;
  period: CloseAnalytics['period'];
  history: CloseAnalytics['history'] & { prior_files: PriorHistory['files']; register: PriorHistory['registerFile'] | null; cardless_lines: number };
  availability: Availability[];
  settings: AnalyticsSettings;
  aging: AgingResult;
  breakage: BreakageResult;
  escheat: Omit<EscheatResult, 'cards'> & { cards_concerned: number };
  disclosure: DisclosureResult;
}

/** The analytics section of a report, typed. */
export function reportAnalytics(report: Report): ReportAnalytics | null {
  return (report.analytics as ReportAnalytics | undefined) ?? null;
}

/**
 * A movement without a card number (a sale the platform never activated) is held on the same line as the
 * reconstruction's balances hold it: by instrument, last four and order.
 */
export function cardlessKey(m: Pick<Movement, 'instrument' | 'last4' | 'order'>): string {
  return `~${m.instrument}|${m.last4 ?? ''}|${m.order ?? ''}`;
}

/** The period under review as the reconstruction counted it, as a history source. */
export function reconstructionSource(
  settings: CaseSettings,
  calendar: BusinessCalendar,
  matched: readonly Movement[],
  recon: Pick<Reconstruction, 'countedCents' | 'atMs' | 'adjustments' | 'lines'>,
  /** The opening balances the reconstruction was made from (its `lines` number them). */
  opening: readonly OpeningBalance[],
): { source: HistorySource; cardless: number } {
  const period = { start: settings.periodStart, end: settings.periodEnd };
  // The reconstruction's lines: each card is a number, and the history looks it up once (HistorySource.lines).
  const index = recon.lines;
  // Each line (a card, or a card-less sale's key) keeps the instrument it was first seen with, as the
  // reconstruction's balances do ('first seen': the history settles it), and the opening balance a prior case's
  // closing gives it, one per line.
  // By line: the place of its carried balance plus one (a typed array: an array of that many holes would be a dictionary).
  const carriedOnLine = new Int32Array(index.count);
  const carried: CarriedBalance[] = [];
  const carriedLines: number[] = [];
  for (let j = 0; j < opening.length; j++) {
    const o = opening[j];
    const line = index.ofOpening[j];
    const place = carriedOnLine[line];
    if (place > 0) carried[place - 1].cents += o.cents;
    else {
      // A prior case's closing can open a line no card is known for (a sale never activated): keyed as a card-less movement is.
      const card = o.card ?? cardlessKey({ instrument: o.instrument, last4: o.last4 ?? null, order: o.order ?? null });
      carriedOnLine[line] = carried.push({ card, instrument: o.instrument, cents: o.cents });
      carriedLines.push(line);
    }
  }
  // The movements name no source row: the history is read per card, and a text per movement would only be kept.
  const movements: ValueMovement[] = [];
  const movementLines = new Int32Array(matched.length + recon.adjustments.length);
  const cardless = new Set<string>();
  for (let i = 0; i < matched.length; i++) {
    const m = matched[i];
    const effect = recon.countedCents[m.id];
    if (effect === 0) continue;
    const card = m.card ?? cardlessKey(m);
    if (m.card === null) cardless.add(card);
    const at = recon.atMs[m.id];
    const kind = KIND_OF_FLOW[m.flow];
    movementLines[movements.length] = index.ofMovement[m.id];
    movements.push({ card, instrument: m.instrument, at, bdate: calendar.businessDate(at), kind, effect, ownerInitiated: isOwnerInitiated(kind) });
  }
  // A balance-chain break resolved to the platform's balance: a correction at the end of the period.
  const endAt = calendar.startOf(addOneDay(period.end)) - 1;
  for (const { card, cents } of [...recon.adjustments].sort((a, b) => (a.card < b.card ? -1 : a.card > b.card ? 1 : 0))) {
    if (cents === 0) continue;
    movementLines[movements.length] = -1;
    movements.push({
      card, instrument: card.startsWith('SC') ? 'store_credit' : 'gift_card', at: endAt, bdate: period.end, kind: 'adjustment', effect: cents,
      ownerInitiated: false, ref: 'balance-chain correction',
    });
  }
  const label = `reconstructed ${period.start}..${period.end}`;
  const lines = { count: index.count, ofCarried: Int32Array.from(carriedLines), ofMovement: movementLines.subarray(0, movements.length) };
  return { source: { label, period, startsAt: calendar.startOf(period.start), movements, carried, instruments: 'first seen', lines }, cardless: cardless.size };
}

function addOneDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The analytics section of a case's report. */
export function caseAnalytics(
  settings: CaseSettings,
  calendar: BusinessCalendar,
  movements: readonly Movement[],
  recon: Reconstruction,
  opening: readonly OpeningBalance[],
  prior?: PriorHistory,
): ReportAnalytics {
  const { source, cardless } = reconstructionSource(settings, calendar, movements, recon, opening);
  let a: CloseAnalytics;
  try {
    a = analyzeClose({
      period: { start: settings.periodStart, end: settings.periodEnd },
      sources: [...(prior?.sources ?? []), source],
      reconstructed: { rollforward: recon.rollforward, byInstrument: recon.byInstrument },
      register: prior?.register,
      settings: prior?.settings,
    });
  } catch (err) {
    if (err instanceof HistoryError) throw new InputError(`The close analytics: ${err.message}`);
    throw err;
  }
  const { cards, ...escheat } = a.escheat;
  const section: ReportAnalytics = {
    notice: ANALYTICS_NOTICE,
    period: a.period,
    history: {
      ...a.history, notes: [...(prior?.notes ?? []), ...a.history.notes, ...openingNote(a)], prior_files: prior?.files ?? [],
      register: prior?.registerFile ?? null, cardless_lines: cardless,
    },
    availability: a.availability,
    settings: a.settings,
    aging: a.aging,
    breakage: a.breakage,
    escheat: { ...escheat, cards_concerned: cards.length },
    disclosure: a.disclosure,
  };
  assertWholeCents(section, 'analytics');
  return section;
}

/** Why the history's opening may not tie: cards the prior quarters know that the case has no opening for. */
function openingNote(a: CloseAnalytics): string[] {
  const line = a.disclosure.ties?.lines.find((l) => l.line === 'opening_cents');
  if (!line || line.difference_cents === 0) return [];
  return [
    `The prior quarters' history gives an opening of ${line.history_cents} cents, the reconstruction ${line.reconstructed_cents}: cards idle in the period that the history holds balances on are in the case only through an opening balances file (--opening).`,
  ];
}

/**
 * Every money figure of the section is integer cents within 2^53: the analytics add cents as numbers, and a
 * total beyond that bound is refused in one line rather than written rounded.
 */
function assertWholeCents(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new InputError(`The close analytics' ${path} (${value}) is not a whole number within 2^53: it cannot be reported exactly`);
  } else if (Array.isArray(value)) value.forEach((v, i) => assertWholeCents(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertWholeCents(v, `${path}.${k}`);
}

/**
 * The analytics of a case's last reconstruction, made again only when what they are made of changed: each
 * movement's counted effect and instant and the chain corrections. A decision that leaves them as they were
 * (an accepted default, a deferral, a note) does not pay for the whole history's replay again; other prior
 * quarters, register or settings (a new PriorHistory) do.
 */
export class CaseAnalyticsCache {
  private last: { counted: Float64Array; at: Float64Array; adjust: string; prior: PriorHistory | undefined; section: ReportAnalytics } | null = null;

  get(settings: CaseSettings, calendar: BusinessCalendar, movements: readonly Movement[], recon: Reconstruction, opening: readonly OpeningBalance[], prior?: PriorHistory): ReportAnalytics {
    const adjust = JSON.stringify(recon.adjustments);
    const l = this.last;
    if (l && l.prior === prior && l.adjust === adjust && sameNumbers(l.counted, recon.countedCents) && sameNumbers(l.at, recon.atMs)) return l.section;
    const section = caseAnalytics(settings, calendar, movements, recon, opening, prior);
    // A reconstruction's arrays are not written once it is made: they are kept, not copied.
    this.last = { counted: recon.countedCents, at: recon.atMs, adjust, prior, section };
    return section;
  }
}

function sameNumbers(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
