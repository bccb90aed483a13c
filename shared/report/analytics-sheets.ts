// The close analytics' workpaper sheets (docs/formats.md §9): one per section of report.json → analytics, each
// ending in totals that foot its rows (added in bigint) and a line tying them to the report's own figures, so
// another auditor can re-perform the aging, the breakage, the escheat exposure and the disclosure note.
import { reportAnalytics, type ReportAnalytics } from '../analytics/case-analytics';
import type { Instrument, Report } from '../types';
import type { XCell as Cell, XSheet } from './xlsx-writer';

const INSTRUMENTS: Instrument[] = ['gift_card', 'store_credit'];
const cents = (c: number) => ({ cents: c });
/** Σ of integer cents, exact at any size; the sheet shows it as a number only within 2^53. */
const sum = (xs: number[]): number => {
  const t = xs.reduce((a, x) => a + BigInt(x), 0n);
  if (t > BigInt(Number.MAX_SAFE_INTEGER) || t < -BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`A workpaper total (${t} cents) passes 2^53`);
  return Number(t);
};
const label = (i: Instrument) => (i === 'gift_card' ? 'Gift cards' : 'Store credit');

/** An instrument's breakage estimate: none when the method cannot be applied (by_instrument is then empty, `unavailable` says why). */
const estimateOf = (a: ReportAnalytics, i: Instrument) => a.breakage.by_instrument[i];

export function analyticsSheets(report: Report): XSheet[] {
  const a = reportAnalytics(report);
  if (!a) return [];
  return [overviewSheet(a), agingSheet(a, report), breakageSheet(a), breakageEntrySheet(a), escheatSheet(a), disclosureSheet(a)];
}

/** What the analyses rest on: the notice, what could not be done, the history, every setting. */
function overviewSheet(a: ReportAnalytics): XSheet {
  const s = a.settings;
  const rows: Cell[][] = [
    ['Notice', a.notice],
    ['Period', `${a.period.start} .. ${a.period.end} (prior quarter end ${a.period.prior_end})`],
    ['History covers', a.history.covers ? `${a.history.covers.start} .. ${a.history.covers.end}` : 'nothing'],
    ...a.history.gaps.map((g): Cell[] => ['History gap (no source)', `${g.start} .. ${g.end}`]),
    ...a.history.sources.map((x): Cell[] => ['History source', `${x.label}: ${x.start} .. ${x.end}, ${x.movements} movements, ${x.carried} carried balances, ${x.trueUps} true-ups (${x.trueUpCents} cents)`]),
    ...a.history.prior_files.map((f): Cell[] => ['Prior quarter file', `${f.file} (SHA-256 ${f.sha256}): ${f.period.start} .. ${f.period.end} from its ${f.period_from === 'name' ? 'name' : 'first row'}; ${f.imported} of ${f.rows} rows imported`]),
    ['Card register', a.history.register ? `${a.history.register.file} (SHA-256 ${a.history.register.sha256}): ${a.history.register.owners} owner states, ${a.history.register.unknown} unknown` : 'none: every card is claimed by the holder\'s state'],
    ['Cards in the history', a.history.cards],
    ['Movements in the history', a.history.movements],
    ['Card-less liability lines', a.history.cardless_lines],
    ...a.availability.map((x): Cell[] => [`Analysis: ${x.analysis}`, `${x.possible ? 'done' : 'not possible'}${x.reason ? `: ${x.reason}` : ''}`]),
    ['Setting: breakage.method', s.breakage.method],
    ['Setting: breakage.prudenceMargin', s.breakage.prudenceMargin],
    ['Setting: breakage.tailFactor', s.breakage.tailFactor],
    ['Setting: breakage.remoteMonths', s.breakage.remoteMonths],
    ['Setting: breakage.minVintageMonths', s.breakage.minVintageMonths],
    ['Setting: breakage.accounts', `gift cards ${s.breakage.accounts.gift_card}, store credit ${s.breakage.accounts.store_credit}, revenue ${s.breakage.accounts.revenue}`],
    ['Setting: escheat.holderState', s.escheat.holderState],
    ['Setting: escheat.ownerAddressFirst', String(s.escheat.ownerAddressFirst)],
    ['Setting: escheat.programHasExpiry', String(s.escheat.programHasExpiry)],
    ['Setting: escheat.programHasFees', String(s.escheat.programHasFees)],
    ['Setting: escheat.noRule', s.escheat.noRule],
    ['Setting: escheat.horizonDays', s.escheat.horizonDays],
    ['Rule: attribution', a.breakage.rules.attribution],
    ['Rule: rounding', a.breakage.rules.rounding],
    ['Rule: expiries', a.breakage.rules.expiries],
    ...[...a.history.notes, ...a.aging.notes, ...INSTRUMENTS.flatMap((i) => estimateOf(a, i)?.notes ?? []), ...a.escheat.notes, ...a.disclosure.notes].map((n): Cell[] => ['Note', n]),
  ];
  return { name: 'Analytics', headers: ['Item', 'Value'], rows, widths: [36, 100] };
}

function agingSheet(a: ReportAnalytics, report: Report): XSheet {
  const rows: Cell[][] = a.aging.rows.map((r) => [label(r.instrument), r.vintage, r.bucket, r.cards, cents(r.balance_cents), r.reaching_dormancy_cards, cents(r.reaching_dormancy_cents)]);
  for (const i of INSTRUMENTS) {
    const own = a.aging.rows.filter((r) => r.instrument === i);
    rows.push([`Total ${label(i).toLowerCase()}`, null, null, sum(own.map((r) => r.cards)), cents(sum(own.map((r) => r.balance_cents))), sum(own.map((r) => r.reaching_dormancy_cards)), cents(sum(own.map((r) => r.reaching_dormancy_cents)))]);
  }
  rows.push(['Total', null, null, sum(a.aging.rows.map((r) => r.cards)), cents(sum(a.aging.rows.map((r) => r.balance_cents))), sum(a.aging.rows.map((r) => r.reaching_dormancy_cards)), cents(sum(a.aging.rows.map((r) => r.reaching_dormancy_cents)))]);
  rows.push(['Reconstructed closing liability (Roll-forward)', null, null, null, cents(report.liability.reconstructed_closing_cents), null, null]);
  rows.push(['Difference', null, null, null, cents(sum(a.aging.rows.map((r) => r.balance_cents)) - report.liability.reconstructed_closing_cents), null, null]);
  return {
    name: 'Aging', headers: ['Instrument', 'Activation month', 'Months since owner activity', 'Cards', 'Balance', `Reaching dormancy within ${a.settings.escheat.horizonDays} days: cards`, 'Reaching dormancy: balance'],
    rows, widths: [40, 16, 14, 8, 16, 20, 18],
  };
}

function breakageSheet(a: ReportAnalytics): XSheet {
  const rows: Cell[][] = [];
  for (const i of INSTRUMENTS) {
    const b = estimateOf(a, i);
    if (!b) continue;
    for (const v of b.vintages) {
      rows.push([label(i), v.vintage, v.age_months, cents(v.loaded_cents), cents(v.redeemed_cents), v.redeemed_share, v.development, v.ultimate_redemption, v.escheat_share, v.raw_breakage, v.constrained_breakage,
        cents(v.breakage_to_date_cents), cents(v.expired_cents), cents(v.recognised_to_date_cents)]);
    }
    const vintages = b.vintages;
    const total = (f: (v: (typeof vintages)[number]) => number) => cents(sum(vintages.map(f)));
    rows.push([`Total ${label(i).toLowerCase()}`, null, null, total((v) => v.loaded_cents), total((v) => v.redeemed_cents), null, null, b.ultimate_breakage_rate === null ? null : `breakage ${b.ultimate_breakage_rate}`, null, null,
      b.constrained_breakage_rate, total((v) => v.breakage_to_date_cents), total((v) => v.expired_cents), total((v) => v.recognised_to_date_cents)]);
    const line = (text: string, c: number | null): Cell[] => [`${label(i)}: ${text}`, null, null, null, null, null, null, null, null, null, null, null, null, c === null ? null : cents(c)];
    rows.push(line('recognised to date now', b.recognised_now_cents), line(`recognised at ${a.period.prior_end}`, b.recognised_prior_cents), line("this quarter's breakage", b.this_period_cents),
      line('of which change in estimate', b.change_in_estimate_cents), line('of which activity', b.activity_cents), line('of which on value loaded before the period (50-8)', b.from_opening_cents));
  }
  rows.push(["This quarter's breakage, all instruments", null, null, null, null, null, null, null, null, null, null, null, null, cents(a.breakage.this_period_cents)]);
  if (a.breakage.unavailable) rows.push(['Not estimated', a.breakage.unavailable]);
  return {
    name: 'Breakage',
    headers: ['Instrument', 'Vintage', 'Age (months)', 'Loaded L', 'Redeemed R', 'R/L', 'Development', 'Ultimate redemption u', 'Escheat share e', 'Raw breakage b', 'Constrained b*', 'Breakage to date B', 'Expired', 'Recognised to date'],
    rows, widths: [44, 10, 8, 14, 14, 10, 12, 14, 12, 12, 12, 14, 12, 14],
  };
}

/** The journal entry and the development factors each instrument's estimate used. */
function breakageEntrySheet(a: ReportAnalytics): XSheet {
  const rows: Cell[][] = a.breakage.journal.map((l) => [l.account, l.description, cents(l.debit_cents), cents(l.credit_cents), null, null]);
  rows.push(['Total', null, cents(sum(a.breakage.journal.map((l) => l.debit_cents))), cents(sum(a.breakage.journal.map((l) => l.credit_cents))), null, null]);
  for (const i of INSTRUMENTS) {
    const t = estimateOf(a, i)?.triangle;
    if (!t) continue;
    for (const f of t.factors) rows.push([`${label(i)} factor f(${f.age})`, f.note ?? `${f.vintages} vintage(s)`, null, null, f.factor, `${f.numerator_cents} / ${f.denominator_cents}`]);
    rows.push([`${label(i)} tail factor`, null, null, null, t.tail, null]);
  }
  return { name: 'Breakage entry', headers: ['Account', 'Description', 'Debit', 'Credit', 'Factor', 'Σ R(a+1) / Σ R(a), cents'], rows, widths: [28, 60, 14, 14, 12, 30] };
}

function escheatSheet(a: ReportAnalytics): XSheet {
  const e = a.escheat;
  const rows: Cell[][] = e.rows.map((r) => [r.state, label(r.instrument), r.vintage, r.presumed_abandoned_cards, cents(r.presumed_abandoned_balance_cents), cents(r.presumed_abandoned_cents), r.within_horizon_cards, cents(r.within_horizon_balance_cents), cents(r.within_horizon_cents), null]);
  const t = (f: (r: (typeof e.rows)[number]) => number) => sum(e.rows.map(f));
  rows.push(['Total', null, null, t((r) => r.presumed_abandoned_cards), cents(t((r) => r.presumed_abandoned_balance_cents)), cents(t((r) => r.presumed_abandoned_cents)), t((r) => r.within_horizon_cards),
    cents(t((r) => r.within_horizon_balance_cents)), cents(t((r) => r.within_horizon_cents)), null]);
  for (const o of e.other) rows.push([o.state, label(o.instrument), `(${o.status.replace('_', ' ')})`, o.cards, cents(o.balance_cents), null, null, null, null, null]);
  for (const r of e.rules_applied) {
    rows.push([r.state, label(r.instrument), `rule: ${r.applies}`, null, null, null, null, null, null,
      [r.dormancy_years === null ? null : `${r.dormancy_years} years from ${r.measured_from}`, r.share === null ? null : `share ${r.share}`, r.source].filter(Boolean).join('; ')]);
  }
  rows.push(['Notice', e.notice]);
  return {
    name: 'Escheat',
    headers: ['State', 'Instrument', 'Activation month', 'Presumed abandoned: cards', 'Presumed abandoned: balance', 'Presumed abandoned: owed', `Within ${a.settings.escheat.horizonDays} days: cards`, 'Within horizon: balance', 'Within horizon: owed', 'Rule and source'],
    rows, widths: [8, 13, 16, 12, 16, 16, 12, 16, 16, 80],
  };
}

function disclosureSheet(a: ReportAnalytics): XSheet {
  const d = a.disclosure;
  const amounts = (x: Record<Instrument | 'total', number>): Cell[] => [cents(x.gift_card), cents(x.store_credit), cents(x.total)];
  const rows: Cell[][] = d.lines.map((l) => [l.label, l.section, ...amounts(l.amounts)]);
  const movements = d.lines.filter((l) => l.section !== 'opening' && l.section !== 'closing');
  const opening = d.lines.find((l) => l.section === 'opening')!;
  const foot = (i: Instrument | 'total') => sum([opening.amounts[i], ...movements.map((l) => l.amounts[i])]);
  rows.push(['Opening + movements (foots to the closing)', 'check', cents(foot('gift_card')), cents(foot('store_credit')), cents(foot('total'))]);
  rows.push(['Breakage recognised on balances still held, closing', 'tie', ...amounts(d.breakage_on_balances.closing)]);
  rows.push(["Customers' balances, closing (= reconstructed)", 'tie', cents(d.customer_balances.gift_card.closing_cents), cents(d.customer_balances.store_credit.closing_cents), cents(d.customer_balances.total.closing_cents)]);
  for (const l of d.ties?.lines ?? []) rows.push([`Tie to report.json ${l.line}: history ${l.history_cents}, reconstructed ${l.reconstructed_cents}`, 'tie', null, null, cents(l.difference_cents)]);
  rows.push(['Revenue from the opening balance (ASC 606-10-50-8): redemptions', '50-8', ...amounts(d.revenue_from_opening.redemptions)]);
  rows.push(['Revenue from the opening balance: breakage', '50-8', ...amounts(d.revenue_from_opening.breakage)]);
  rows.push(['Revenue from the opening balance: total', '50-8', ...amounts(d.revenue_from_opening.total)]);
  rows.push([`Current portion${d.current_portion.estimated ? '' : ' (not estimated: all current)'}`, 'current', ...amounts(d.current_portion.current)]);
  rows.push(['Non-current portion', 'current', ...amounts(d.current_portion.noncurrent)]);
  rows.push(['Basis', d.basis], ['Rule, 50-8', d.revenue_from_opening.rule], ['Rule, current portion', d.current_portion.rule]);
  return { name: 'Disclosure', headers: ['Line', 'Section', 'Gift cards', 'Store credit', 'Total'], rows, widths: [70, 12, 16, 16, 16] };
}
