// Canonical events for the stages' tests, written as short literal lines, one event per line:
//
//   platform   GT-1  07-01 10:00  activation  50.00  card=6006000000000001 order=#1 bal=50.00
//   storefront S-1   07-01 09:58  gift_card_sold 50.00 last4=0001 order=#1
//   payments   ch_1  07-01 09:58  charge      50.00  order=#1
//   erp        J-1:1 07-01        credit      50.00  account=2410 ref=GT-1
//
// system, key, date (MM-DD of 2026) and time (HH:MM, UTC; an ERP line has only its posting date, at noon),
// type, amount, then name=value options: card, last4, order, ref, bal (Balance After), account, memo,
// operator, channel, status (storefront: success unless said), scope (0 or 1). Effects follow the import's
// signs: what raises the liability is positive. Business dates are UTC dates.
import type { CanonicalEvent } from '../events';
import type { Instrument, System } from '../types';

const PLATFORM_SIGN: Record<string, number> = { activation: 1, reload: 1, redemption: -1, refund: 1, void: 0, adjustment: 1, expiry: -1 };
const STOREFRONT_SIGN: Record<string, number> = {
  gift_card_sold: 1, gift_card_applied: -1, gift_card_refunded: 1, store_credit_issued: 1, store_credit_applied: -1, order_voided: 1,
};

/** The events of `text`, one per non-blank line, in order (an event's index is its position). */
export function events(text: string): CanonicalEvent[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return lines.map((line, i) => event(line, i + 2));
}

function event(line: string, row: number): CanonicalEvent {
  const words = line.match(/(?:[^\s"]+="[^"]*"|[^\s"]+)/g) ?? [];
  const [system, key, date, ...rest] = words as [System, string, string, ...string[]];
  const time = system === 'erp' ? '12:00' : rest.shift()!;
  const [type, amount, ...options] = rest;
  const opt = Object.fromEntries(options.map((o) => o.split('=')).map(([k, ...v]) => [k, v.join('=').replace(/^"|"$/g, '')]));
  const at = Date.parse(`2026-${date}T${time}:00Z`);
  if (!Number.isFinite(at)) throw new Error(`not a date and time: ${date} ${time} in "${line}"`);
  const cents = Math.round(Number(amount) * 100);
  const e: CanonicalEvent = {
    system, fileId: 0, row, key, instrument: null, card: opt.card ?? null, last4: opt.last4 ?? opt.card?.slice(-4) ?? null, type,
    amount: cents, effect: 0, at, bdate: new Date(at).toISOString().slice(0, 10), order: opt.order ?? null, ref: opt.ref ?? null,
    operator: opt.operator ?? null, status: opt.status ?? null, balanceAfter: opt.bal === undefined ? null : Math.round(Number(opt.bal) * 100),
    account: opt.account ?? null, journal: null, memo: opt.memo ?? null, scope: 1, currency: 'USD', channel: opt.channel ?? null,
  };
  READERS[system](e);
  if (opt.scope !== undefined) e.scope = opt.scope === '1' ? 1 : 0;
  return e;
}

const READERS: Record<System, (e: CanonicalEvent) => void> = {
  platform(e) {
    e.instrument = instrumentOf(e.card ?? '');
    e.effect = PLATFORM_SIGN[e.type] * e.amount;
  },
  storefront(e) {
    e.status ??= 'success';
    e.instrument = e.type.startsWith('store_credit') ? 'store_credit' : e.type.startsWith('gift_card') ? 'gift_card' : null;
    e.scope = e.status === 'success' ? 1 : 0;
    e.effect = e.scope ? STOREFRONT_SIGN[e.type] * e.amount : 0;
  },
  payments(e) {
    e.memo ??= 'Gift card purchase';
    e.scope = /gift\s*card/i.test(e.memo) ? 1 : 0;
    e.instrument = e.scope ? 'gift_card' : null;
  },
  erp(e) {
    e.journal = e.key.split(':')[0];
    e.amount = e.type === 'debit' ? -e.amount : e.amount;
    e.account ??= '2410';
    e.scope = /^24[12]0/.test(e.account) ? 1 : 0;
    e.effect = e.scope ? e.amount : 0;
    e.instrument = e.scope ? (e.account.startsWith('2420') ? 'store_credit' : 'gift_card') : null;
    e.order = /order\s+(#\S+)/i.exec(e.memo ?? '')?.[1] ?? null;
    e.last4 = /\*{2,}([0-9A-Z]{4})\b/i.exec(e.memo ?? '')?.[1] ?? null;
  },
};

function instrumentOf(card: string): Instrument {
  return /^SC/i.test(card) ? 'store_credit' : 'gift_card';
}

/** The index of the event with `key` (throws if none): tests name rows by key, stages by index. */
export function at(ev: readonly CanonicalEvent[], key: string): number {
  const i = ev.findIndex((e) => e.key === key);
  if (i < 0) throw new Error(`no event ${key}`);
  return i;
}
