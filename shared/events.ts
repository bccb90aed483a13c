// The canonical event: every imported row of every system becomes one (docs/formats.md §6.1).
import type { Instrument, System } from './types';

export interface CanonicalEvent {
  system: System;
  fileId: number;
  /** Row number in the source file, the header being row 1 (as a spreadsheet shows it). */
  row: number;
  /** Natural key: platform Transaction ID, storefront Transaction ID, payments id, ERP Journal:Line. */
  key: string;
  instrument: Instrument | null;
  /** Full card / store-credit number where the system knows it. */
  card: string | null;
  last4: string | null;
  /** Lower-case event type as the system names it (activation, gift_card_applied, charge, credit…). */
  type: string;
  /** Amount as the row states it, in cents (positive except signed adjustments and payments refunds). */
  amount: number;
  /** Signed effect on the liability as this system records it; 0 for rows outside the liability. */
  effect: number;
  /** UTC epoch ms (ERP lines: noon of the posting date in the business zone). */
  at: number;
  /** Business date (ERP: the posting date). */
  bdate: string;
  order: string | null;
  /** Platform: the Transaction ID a Void reverses. ERP: Reference. */
  ref: string | null;
  operator: string | null;
  status: string | null;
  balanceAfter: number | null;
  account: string | null;
  /** ERP: the journal the line belongs to. */
  journal: string | null;
  memo: string | null;
  /** Liability scope: 1 when the row may move the liability (or pays for a card), 0 for noise. */
  scope: 0 | 1;
  currency: string | null;
  channel: string | null;
}

export interface OpeningBalance {
  /** The card; null for a liability no card is known for (a prior closing's unactivated sale: last four, order). */
  card: string | null;
  instrument: Instrument;
  cents: number;
  row: number;
  last4?: string | null;
  order?: string | null;
  /** What the platform itself held at the start, where known and not `cents` (a prior case's carried error). */
  platformCents?: number;
}
