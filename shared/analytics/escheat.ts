// Escheat exposure: which state may claim a card's balance, when it is presumed abandoned there, and how much
// of it the state takes. The rules are data (escheat-rules.json, which the user may replace); this module only
// validates and applies them. Priority follows Texas v. New Jersey, 379 U.S. 674 (1965): the state of the
// owner's last known address, else the holder's state of incorporation. Not legal advice.
import type { Instrument } from '../types';
import DEFAULT_RULES from './escheat-rules.json';
import type { CardHistory, History } from './history';
import type { CardState } from './layers';
import { addDays, addYears, monthLabel, monthIndex } from './months';
import { Ratio, centsTimes } from './ratio';

export const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut', DE: 'Delaware',
  DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
  KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota',
  MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey',
  NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon',
  PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};

export type Exemption = boolean | 'unless_expiry' | 'unless_expiry_or_fees';

export interface EscheatRule {
  /** Null only where the rule is a plain exemption. */
  dormancyYears: number | null;
  measuredFrom: 'last_activity' | 'issuance';
  share: Ratio;
  /** The share as the table writes it, for showing. */
  shareText: string;
  exempt: Exemption;
  source: string;
  note: string;
}

export interface StateRules {
  code: string;
  name: string;
  gift_card?: EscheatRule;
  store_credit?: EscheatRule;
}

export interface RuleTable {
  notice: string;
  compiled: string;
  states: ReadonlyMap<string, StateRules>;
}

export type RuleTableResult = { ok: true; table: RuleTable } | { ok: false; errors: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const EXEMPTIONS: readonly unknown[] = [true, false, 'unless_expiry', 'unless_expiry_or_fees'];

function readRule(key: string, raw: unknown, errors: string[]): EscheatRule | undefined {
  if (!isObject(raw)) {
    errors.push(`${key}: must be an object with exempt, source and (unless exempt is true) dormancy_years and share`);
    return undefined;
  }
  const before = errors.length;
  const exempt = raw.exempt;
  if (!EXEMPTIONS.includes(exempt)) errors.push(`${key}.exempt: must be true, false, "unless_expiry" or "unless_expiry_or_fees", got ${JSON.stringify(exempt)}`);
  const source = raw.source;
  if (typeof source !== 'string' || source.trim() === '') errors.push(`${key}.source: must name the statute or guidance the rule rests on`);
  const note = raw.note ?? '';
  if (typeof note !== 'string') errors.push(`${key}.note: must be text`);
  const always = exempt === true;
  let dormancyYears: number | null = null;
  if (raw.dormancy_years !== undefined || !always) {
    const y = raw.dormancy_years;
    if (typeof y !== 'number' || !Number.isInteger(y) || y < 1 || y > 99) errors.push(`${key}.dormancy_years: must be a whole number of years from 1 to 99, got ${JSON.stringify(y)}`);
    else dormancyYears = y;
  }
  const from = raw.measured_from ?? 'last_activity';
  if (from !== 'last_activity' && from !== 'issuance') errors.push(`${key}.measured_from: must be "last_activity" or "issuance", got ${JSON.stringify(from)}`);
  let share = Ratio.ONE;
  let shareText = '1';
  if (raw.share !== undefined || !always) {
    const s = raw.share;
    const r = typeof s === 'string' ? Ratio.parse(s) : null;
    if (!r || r.sign() < 0 || r.cmp(Ratio.ONE) > 0) errors.push(`${key}.share: must be a decimal from 0 to 1 written as text, such as "1" or "0.6", got ${JSON.stringify(s)}`);
    else [share, shareText] = [r, (s as string).trim()];
  }
  for (const k of Object.keys(raw)) {
    if (!['dormancy_years', 'measured_from', 'share', 'exempt', 'source', 'note'].includes(k)) errors.push(`${key}.${k}: is not a field of a rule`);
  }
  if (errors.length > before) return undefined;
  return { dormancyYears, measuredFrom: from as EscheatRule['measuredFrom'], share, shareText, exempt: exempt as Exemption, source: (source as string).trim(), note: note as string };
}

/** Validates a rule table: every bad entry gives one error naming its key (`states.NJ.gift_card.share: …`). */
export function parseRuleTable(json: unknown): RuleTableResult {
  const errors: string[] = [];
  if (!isObject(json)) return { ok: false, errors: ['the rule table must be a JSON object with notice and states'] };
  const notice = json.notice;
  if (typeof notice !== 'string' || !/not legal advice/i.test(notice)) errors.push('notice: must say plainly that the table is not legal advice');
  const compiled = typeof json.compiled === 'string' ? json.compiled : '';
  const states = new Map<string, StateRules>();
  if (!isObject(json.states)) errors.push('states: must be an object keyed by two-letter state code');
  else {
    for (const [code, raw] of Object.entries(json.states)) {
      const key = `states.${code}`;
      if (!Object.prototype.hasOwnProperty.call(US_STATES, code)) {
        errors.push(`${key}: is not a US state or DC code (two capital letters, such as NJ)`);
        continue;
      }
      if (!isObject(raw)) {
        errors.push(`${key}: must be an object with name and a gift_card and/or store_credit rule`);
        continue;
      }
      const st: StateRules = { code, name: typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : US_STATES[code] };
      if (raw.name !== undefined && typeof raw.name !== 'string') errors.push(`${key}.name: must be text`);
      for (const k of Object.keys(raw)) {
        if (k !== 'name' && k !== 'gift_card' && k !== 'store_credit') errors.push(`${key}.${k}: is not gift_card, store_credit or name`);
      }
      if (raw.gift_card === undefined && raw.store_credit === undefined) errors.push(`${key}: has neither a gift_card nor a store_credit rule`);
      for (const instrument of ['gift_card', 'store_credit'] as const) {
        if (raw[instrument] === undefined) continue;
        const rule = readRule(`${key}.${instrument}`, raw[instrument], errors);
        if (rule) st[instrument] = rule;
      }
      states.set(code, st);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, table: { notice: notice as string, compiled, states } };
}

/** The table shipped with the app. */
export function defaultRuleTable(): RuleTable {
  const r = parseRuleTable(DEFAULT_RULES);
  if (!r.ok) throw new Error(`The shipped escheat rule table is invalid: ${r.errors[0]}`);
  return r.table;
}

export interface EscheatSettings {
  /** The holder's state of incorporation: it may claim what no owner address assigns (Texas v. New Jersey). */
  holderState: string;
  /** Use the owner's last known address from the card register first (the first priority rule). */
  ownerAddressFirst: boolean;
  /** Whether the program's cards carry an expiration date, or dormancy or service fees (conditions of exemptions). */
  programHasExpiry: boolean;
  programHasFees: boolean;
  /** How the breakage estimate treats balances claimed by a state the table has no rule for. */
  noRule: 'owed_to_state' | 'not_owed';
  /** The look-ahead for balances about to be presumed abandoned, in days. */
  horizonDays: number;
}

export const DEFAULT_ESCHEAT_SETTINGS: EscheatSettings = {
  holderState: 'DE', ownerAddressFirst: true, programHasExpiry: false, programHasFees: false, noRule: 'owed_to_state', horizonDays: 90,
};

/** Card number → the owner's state (two-letter code), from the optional card register. */
export type CardRegister = ReadonlyMap<string, string>;

export interface Claim {
  state: string;
  basis: 'owner_address' | 'holder_incorporation';
}

export function claimOf(card: string, register: CardRegister | undefined, settings: EscheatSettings): Claim {
  const owner = ownerState(card, register, settings);
  return owner ? { state: owner, basis: 'owner_address' } : { state: settings.holderState, basis: 'holder_incorporation' };
}

/** The state that may claim a card (claimOf's), with no claim made for it: asked once per card per analysis. */
export function claimingState(card: string, register: CardRegister | undefined, settings: EscheatSettings): string {
  return ownerState(card, register, settings) || settings.holderState;
}

function ownerState(card: string, register: CardRegister | undefined, settings: EscheatSettings): string | undefined {
  return settings.ownerAddressFirst ? register?.get(card) : undefined;
}

export type Applicable =
  | { kind: 'exempt'; rule: EscheatRule }
  | { kind: 'dormancy'; rule: EscheatRule & { dormancyYears: number } }
  | { kind: 'no_rule' };

/** What a state's rule means for an instrument, given whether the program's cards expire or carry fees. */
export function applicableRule(table: RuleTable, state: string, instrument: Instrument, settings: EscheatSettings): Applicable {
  const rule = table.states.get(state)?.[instrument];
  if (!rule) return { kind: 'no_rule' };
  const exempt =
    rule.exempt === true ||
    (rule.exempt === 'unless_expiry' && !settings.programHasExpiry) ||
    (rule.exempt === 'unless_expiry_or_fees' && !settings.programHasExpiry && !settings.programHasFees);
  if (exempt || rule.dormancyYears === null) return { kind: 'exempt', rule };
  return { kind: 'dormancy', rule: rule as EscheatRule & { dormancyYears: number } };
}

/** The share of a balance ultimately owed to the state: what the breakage estimate must leave out. */
export function owedShare(a: Applicable, settings: EscheatSettings): Ratio {
  if (a.kind === 'exempt') return Ratio.ZERO;
  if (a.kind === 'dormancy') return a.rule.share;
  return settings.noRule === 'owed_to_state' ? Ratio.ONE : Ratio.ZERO;
}

export type EscheatStatus = 'presumed_abandoned' | 'within_horizon' | 'not_yet' | 'undetermined' | 'exempt' | 'no_rule';

export interface CardEscheat {
  card: string;
  instrument: Instrument;
  state: string;
  basis: Claim['basis'];
  status: EscheatStatus;
  balance_cents: number;
  /** What the state takes (the balance times its share, rounded half-even per card); 0 unless dormancy applies. */
  amount_cents: number;
  /** The date the period of dormancy runs (or, where activity predates the history, runs at the latest). */
  dormant_on: string | null;
  /** The date the period is measured from, and whether it is only a bound (no activity in the history). */
  measured_from: string | null;
  bound: boolean;
  vintage: string;
}

/** What each card is judged against: the date, the end of the look-ahead, the rules and the settings. */
export interface EscheatBasis {
  asOf: string;
  horizonEnd: string;
  /** The start of the history: a card with no activity in it has been inactive at least since then. */
  covers: string;
  table: RuleTable;
  register: CardRegister | undefined;
  settings: EscheatSettings;
}

/**
 * Where a card stands on `asOf` under the rule `a` of the state that may claim it (`claim`). A card with no
 * activity in the history has been inactive at least since the history began: it is presumed abandoned if even
 * that bound says so, and undetermined otherwise.
 */
export function cardEscheat(card: CardHistory, state: CardState, claim: Claim, a: Applicable, basis: EscheatBasis): CardEscheat {
  const vintage = state.firstActivation ? monthLabel(monthIndex(state.firstActivation)) : 'before history';
  const out: CardEscheat = {
    card: card.card, instrument: card.instrument, state: claim.state, basis: claim.basis, status: a.kind === 'exempt' ? 'exempt' : 'no_rule',
    balance_cents: state.balance, amount_cents: 0, dormant_on: null, measured_from: null, bound: false, vintage,
  };
  if (a.kind !== 'dormancy') return out;
  const known = a.rule.measuredFrom === 'issuance' ? state.firstActivation : state.lastOwnerActivity;
  const from = known ?? card.carriedSince ?? basis.covers;
  const dormantOn = addYears(from, a.rule.dormancyYears);
  out.measured_from = from;
  out.bound = known === null;
  out.dormant_on = dormantOn;
  if (dormantOn <= basis.asOf) out.status = 'presumed_abandoned';
  else if (out.bound) out.status = 'undetermined';
  else out.status = dormantOn <= basis.horizonEnd ? 'within_horizon' : 'not_yet';
  if (out.status === 'presumed_abandoned' || out.status === 'within_horizon') out.amount_cents = centsTimes(Math.max(0, state.balance), a.rule.share);
  return out;
}

export interface EscheatRow {
  state: string;
  instrument: Instrument;
  /** The card's activation month, or 'before history'. */
  vintage: string;
  presumed_abandoned_cards: number;
  presumed_abandoned_balance_cents: number;
  presumed_abandoned_cents: number;
  within_horizon_cards: number;
  within_horizon_balance_cents: number;
  within_horizon_cents: number;
}

export interface EscheatResult {
  as_of: string;
  horizon_end: string;
  notice: string;
  settings: EscheatSettings;
  /** By state, instrument and vintage: what is presumed abandoned at the date and what will be within the horizon. */
  rows: EscheatRow[];
  totals: { presumed_abandoned_cents: number; within_horizon_cents: number; presumed_abandoned_cards: number; within_horizon_cards: number };
  /** Balances outside the presumption: exempt, claimed by a state without a rule, or undatable. */
  other: { status: 'exempt' | 'no_rule' | 'undetermined' | 'not_yet'; state: string; instrument: Instrument; cards: number; balance_cents: number }[];
  /** The cards presumed abandoned or about to be, for the holder's report. */
  cards: CardEscheat[];
  /** The rules applied, with their sources. */
  rules_applied: { state: string; instrument: Instrument; applies: Applicable['kind']; dormancy_years: number | null; measured_from: string | null; share: string | null; source: string | null }[];
  notes: string[];
}

/** The cards one state may claim of one instrument: the rule that applies, and their rows so far. */
interface ClaimGroup {
  rule: Applicable;
  /** By the cards' vintage. */
  rows: Map<string, EscheatRow>;
  other: Map<EscheatStatus, EscheatResult['other'][number]>;
}

function ruleApplied(state: string, instrument: Instrument, a: Applicable): EscheatResult['rules_applied'][number] {
  const rule = a.kind === 'no_rule' ? null : a.rule;
  return {
    state, instrument, applies: a.kind, dormancy_years: rule?.dormancyYears ?? null, measured_from: rule && a.kind === 'dormancy' ? rule.measuredFrom : null,
    share: rule && a.kind === 'dormancy' ? rule.shareText : null, source: rule?.source ?? null,
  };
}

/** The exposure at `asOf` of every card with a positive balance in the snapshot. */
export function escheatExposure(
  history: History,
  states: CardState[],
  asOf: string,
  table: RuleTable,
  register: CardRegister | undefined,
  settings: EscheatSettings,
): EscheatResult {
  const basis: EscheatBasis = { asOf, horizonEnd: addDays(asOf, settings.horizonDays), covers: history.covers?.start ?? asOf, table, register, settings };
  const groups = new Map<string, Partial<Record<Instrument, ClaimGroup>>>();
  const rows: EscheatRow[] = [];
  /** In the order first met (the note on states without a rule names them so). */
  const other: EscheatResult['other'] = [];
  const cards: CardEscheat[] = [];
  const applied: EscheatResult['rules_applied'] = [];
  const totals = { presumed_abandoned_cents: 0, within_horizon_cents: 0, presumed_abandoned_cards: 0, within_horizon_cards: 0 };
  const groupOf = (state: string, instrument: Instrument): ClaimGroup => {
    let byInstrument = groups.get(state);
    if (!byInstrument) groups.set(state, (byInstrument = {}));
    let g = byInstrument[instrument];
    if (!g) {
      g = byInstrument[instrument] = { rule: applicableRule(table, state, instrument, settings), rows: new Map(), other: new Map() };
      applied.push(ruleApplied(state, instrument, g.rule));
    }
    return g;
  };
  history.cards.forEach((card, i) => {
    const st = states[i];
    if (st.balance <= 0) return;
    const claim = claimOf(card.card, register, settings);
    const g = groupOf(claim.state, card.instrument);
    const e = cardEscheat(card, st, claim, g.rule, basis);
    if (e.status === 'presumed_abandoned' || e.status === 'within_horizon') {
      let r = g.rows.get(e.vintage);
      if (!r) {
        r = {
          state: e.state, instrument: e.instrument, vintage: e.vintage, presumed_abandoned_cards: 0, presumed_abandoned_balance_cents: 0, presumed_abandoned_cents: 0,
          within_horizon_cards: 0, within_horizon_balance_cents: 0, within_horizon_cents: 0,
        };
        g.rows.set(e.vintage, r);
        rows.push(r);
      }
      if (e.status === 'presumed_abandoned') {
        r.presumed_abandoned_cards++;
        r.presumed_abandoned_balance_cents += e.balance_cents;
        r.presumed_abandoned_cents += e.amount_cents;
        totals.presumed_abandoned_cards++;
        totals.presumed_abandoned_cents += e.amount_cents;
      } else {
        r.within_horizon_cards++;
        r.within_horizon_balance_cents += e.balance_cents;
        r.within_horizon_cents += e.amount_cents;
        totals.within_horizon_cards++;
        totals.within_horizon_cents += e.amount_cents;
      }
      cards.push(e);
    } else {
      let o = g.other.get(e.status);
      if (!o) {
        o = { status: e.status, state: e.state, instrument: e.instrument, cards: 0, balance_cents: 0 };
        g.other.set(e.status, o);
        other.push(o);
      }
      o.cards++;
      o.balance_cents += e.balance_cents;
    }
  });
  const notes: string[] = [];
  const noRule = other.filter((o) => o.status === 'no_rule');
  if (noRule.length) {
    notes.push(
      `No rule in the table for ${[...new Set(noRule.map((o) => `${o.state} (${o.instrument.replace('_', ' ')})`))].join(', ')}: ${noRule.reduce((s, o) => s + o.balance_cents, 0)} cents on ${noRule.reduce((s, o) => s + o.cards, 0)} card(s) are not dated; the breakage estimate treats them as ${settings.noRule === 'owed_to_state' ? 'owed to the state' : 'not owed'}.`,
    );
  }
  const undetermined = other.filter((o) => o.status === 'undetermined');
  if (undetermined.length) {
    notes.push(`${undetermined.reduce((s, o) => s + o.cards, 0)} card(s) show no owner activity since the history began (${basis.covers}) and are not yet dormant by that bound: a longer history would date them.`);
  }
  const byKey = (a: { state: string; instrument: string }, b: { state: string; instrument: string }) => (a.state < b.state ? -1 : a.state > b.state ? 1 : a.instrument < b.instrument ? -1 : a.instrument > b.instrument ? 1 : 0);
  return {
    as_of: asOf, horizon_end: basis.horizonEnd, notice: table.notice, settings,
    rows: rows.sort((a, b) => byKey(a, b) || (a.vintage < b.vintage ? -1 : a.vintage > b.vintage ? 1 : 0)),
    totals,
    other: [...other].sort((a, b) => (a.status < b.status ? -1 : a.status > b.status ? 1 : byKey(a, b))),
    cards,
    rules_applied: applied.sort(byKey),
    notes,
  };
}
