// A finding: an exception of the fixed vocabulary about a movement (or a break in a card's balance chain),
// with the rows it names, an explanation in plain words and the suggested resolution.
import type { CanonicalEvent } from '../events';
import type { Movement } from '../match/movement';
import { formatCents } from '../money';
import type { BusinessCalendar } from '../time';
import type { Category, RecordRef } from '../types';
import { RESOLUTIONS } from './resolutions';

interface FindingBase {
  category: Category;
  /** The finding that the movement's ERP difference (bridge amount) is attributed to. */
  carriesDelta: boolean;
  card: string | null;
  last4: string | null;
  order: string | null;
  amountCents: number;
  records: RecordRef[];
  explanation: string;
  suggestion: string;
  /** Tolerant candidates (amount or time slightly off): shown to the auditor, never matched automatically. */
  suggestions?: RecordRef[];
  /** The spend of an activation the auditor excluded (its part not yet spent): the excluded finding's key. */
  spentFrom?: string;
}

export interface MovementFinding extends FindingBase {
  movement: Movement;
  chainBreak?: undefined;
}

/** A platform row whose Balance After does not follow from the row before: how far it is off. */
export interface ChainBreakFinding extends FindingBase {
  category: 'BALANCE_CHAIN_BREAK';
  movement: null;
  chainBreak: { event: number; cents: number };
}

export type Finding = MovementFinding | ChainBreakFinding;

/** Words for amounts, instants and rows, as explanations give them. */
export class Narrator {
  constructor(
    readonly ev: readonly CanonicalEvent[],
    private readonly calendar: BusinessCalendar,
  ) {}

  money(cents: number): string {
    return formatCents(cents, { parens: false });
  }

  /** The instant in the business zone (an ERP line: its posting date). */
  when(i: number): string {
    const e = this.ev[i];
    return e.system === 'erp' ? `posted ${e.bdate}` : `at ${this.calendar.local(e.at)}`;
  }

  /** A row by its system, key, type, amount and instant. */
  describe(i: number): string {
    const e = this.ev[i];
    return `${e.system} ${e.key} (${e.type} ${this.money(e.amount)}, ${this.when(i)})`;
  }

  local(ms: number): string {
    return this.calendar.local(ms);
  }

  /** A finding about movement `m` naming `records` (event indexes, each once, in order). */
  finding(m: Movement, category: Category, carriesDelta: boolean, amountCents: number, records: number[], explanation: string): MovementFinding {
    return {
      category, movement: m, carriesDelta, card: m.card, last4: m.last4, order: m.order, amountCents,
      records: [...new Set(records)].map((i) => ({ system: this.ev[i].system, ref: this.ev[i].key })), explanation,
      suggestion: RESOLUTIONS[category][0].label,
    };
  }
}
