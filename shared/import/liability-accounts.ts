// The ERP's lines matched to the liability accounts of the settings (accounts.ts): a line on an account whose
// instrument neither the setting nor the account's name states stops the run, naming the account.
import { instrumentByName, parseLiabilityEntry, type LiabilityEntry } from '../accounts';
import type { Instrument } from '../types';
import { accountTest } from './profile/fields';

/** Account texts → instrument (null: not a liability account), by the settings' entries and a profile's own rules. */
export class LiabilityAccounts {
  private readonly rules: { test: (a: string) => boolean; entry: LiabilityEntry }[];
  private readonly known = new Map<string, Instrument | null>();

  constructor(readonly list: readonly string[]) {
    this.rules = list.map((text) => {
      const e = parseLiabilityEntry(text);
      if (typeof e === 'string') throw new Error(e);
      return { test: accountTest({ match: e.match }), entry: e };
    });
  }

  /**
   * The instrument of a line on `account`, or null when it is not a liability account. Throws an
   * AmbiguousAccount when an entry matches it and neither the entry nor the account's name says which.
   */
  instrumentOf(account: string): Instrument | null {
    const k = this.known.get(account);
    if (k !== undefined) return k;
    let out: Instrument | null = null;
    for (const { test, entry } of this.rules) {
      if (!test(account)) continue;
      const named = entry.instrument ?? instrumentByName(account);
      if (named === null || named === 'ambiguous') throw new AmbiguousAccount(account, entry, named === 'ambiguous');
      out = named;
      break;
    }
    this.known.set(account, out);
    return out;
  }
}

export class AmbiguousAccount extends Error {
  constructor(
    readonly account: string,
    readonly entry: LiabilityEntry,
    both: boolean,
  ) {
    super(
      `account '${account}' is a liability account (setting '${entry.text}'), but ${both ? 'its name says both gift card and store credit' : "neither the setting nor the account's name says gift card or store credit"}: write ${entry.match}=gift_card or ${entry.match}=store_credit in the liability accounts`,
    );
  }
}

