// The ERP's liability accounts, as the settings name them: each entry an account-number prefix (`2410`) or an
// account's name (`Store Credit Liability`), with its instrument given after `=` (`2410=gift_card`) or read from
// the account's own name ("… Store Credit …"). The position of an entry in the list never decides its instrument:
// `2420,2410` reads the same as `2410,2420`. The import matches lines to them (import/liability-accounts.ts).
import type { Instrument } from './types';

export interface LiabilityEntry {
  /** The entry as written in the settings. */
  text: string;
  /** The prefix or name it matches. */
  match: string;
  /** The instrument stated after `=`, or null (then the account's name decides). */
  instrument: Instrument | null;
}

const INSTRUMENTS: Record<string, Instrument> = { gift_card: 'gift_card', giftcard: 'gift_card', store_credit: 'store_credit', storecredit: 'store_credit' };

/** An entry read, or the reason it cannot be. */
export function parseLiabilityEntry(text: string): LiabilityEntry | string {
  const t = String(text).trim();
  const eq = t.lastIndexOf('=');
  const match = (eq < 0 ? t : t.slice(0, eq)).trim();
  if (match === '') return `Liability account '${t}' names no account before '='`;
  if (eq < 0) return { text: t, match, instrument: null };
  const given = t.slice(eq + 1).trim().toLowerCase().replace(/[\s-]+/g, '_');
  const instrument = INSTRUMENTS[given] ?? INSTRUMENTS[given.replace(/_/g, '')];
  if (!instrument) return `Liability account '${t}': after '=' write gift_card or store_credit`;
  const named = instrumentByName(match);
  if (named && named !== 'ambiguous' && named !== instrument) return `Liability account '${t}': its name says ${named.replace('_', ' ')}, its instrument ${instrument}`;
  return { text: t, match, instrument };
}

/** The instrument an account's name states: gift card, store credit, both (ambiguous), or neither (null). */
export function instrumentByName(account: string): Instrument | 'ambiguous' | null {
  const gift = /gift\s*-?\s*(card|certificate|voucher)s?/i.test(account);
  const credit = /store\s*-?\s*credits?/i.test(account);
  if (gift && credit) return 'ambiguous';
  return gift ? 'gift_card' : credit ? 'store_credit' : null;
}

/** Why the list cannot be used (empty, an entry unreadable, one account given two instruments), or null. */
export function liabilityAccountsProblem(list: readonly string[]): string | null {
  if (!Array.isArray(list) || list.length === 0) return 'Name at least one liability account';
  const entries: LiabilityEntry[] = [];
  for (const raw of list) {
    if (typeof raw !== 'string') return `Liability account ${JSON.stringify(raw)} is not a text`;
    const e = parseLiabilityEntry(raw);
    if (typeof e === 'string') return e;
    entries.push(e);
  }
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [a, b] = [entries[i], entries[j]];
      if (a.instrument === b.instrument) continue;
      const same = a.match.toLowerCase() === b.match.toLowerCase();
      const nested = /^\d+$/.test(a.match) && /^\d+$/.test(b.match) && (a.match.startsWith(b.match) || b.match.startsWith(a.match));
      if (same || (nested && a.instrument && b.instrument)) {
        return `Liability accounts '${a.text}' and '${b.text}' name the same account${same ? '' : 's'} with different instruments: which is it?`;
      }
    }
  }
  return null;
}

/**
 * The account a correcting journal line posts to for an instrument: the entry that states it (a prefix gets the
 * instrument's name after it), else the first whose name says it, else the entry at the instrument's place in
 * the list (the first for gift cards, the second for store credit), as the default list 2410,2420 is written.
 */
export function correctionAccount(list: readonly string[], instrument: Instrument): string {
  const label = instrument === 'gift_card' ? 'Gift Card Liability' : 'Store Credit Liability';
  const entries = list.map(parseLiabilityEntry).filter((e): e is LiabilityEntry => typeof e !== 'string');
  const stated = entries.find((e) => e.instrument === instrument) ?? entries.find((e) => !e.instrument && instrumentByName(e.match) === instrument);
  const e = stated ?? (instrument === 'gift_card' ? entries[0] : (entries[1] ?? entries[0]));
  if (!e) return label;
  return /^\d+$/.test(e.match) ? `${e.match} ${label}` : e.match;
}
