// No silent misreads: what a file's rows show about how it was read that makes its numbers implausible — amounts
// that look like cents read as dollars, last fours that are not, a role with nothing in scope, an ERP with no
// line on a liability account, day-first dates read month-first, a mapped header the file does not have. Each is
// one line naming the file and the fix. They stop the run (PlausibilityError) unless the user accepts them; the
// app's inspection shows them before the run.
import { InputError, type FileRole } from '../types';
import type { FileProblem } from './profile';

export type ProblemKind =
  | Exclude<FileProblem['kind'], 'inferred-date-order'>
  | 'mapped-header-missing'
  | 'day-first-dates'
  | 'no-scope-column'
  | 'nothing-in-scope';

export interface InputProblem {
  role: FileRole;
  file: string;
  kind: ProblemKind;
  /** One line: the file, what was found, and the fix. */
  message: string;
}

/** The run stopped on plausibility problems: the first is the message, all are listed. */
export class PlausibilityError extends InputError {
  constructor(readonly problems: InputProblem[]) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(`${problems[0].message}${more}; to run anyway, accept the warnings (--accept-warnings)`, problems[0].file);
    this.name = 'PlausibilityError';
  }
}

/** What a file's reading came to, as the checks need it. */
export interface ReadFacts {
  role: FileRole;
  file: string;
  /** Data rows (title block aside). */
  dataRows: number;
  imported: number;
  inScope: number;
  quarantine: { row: number; column: string | null; reason: string }[];
  outOfScope: number;
  outOfScopeReasons: Record<string, number>;
  /** The liability accounts in force, and some of the accounts the ERP's lines use (for the message). */
  liabilityAccounts?: readonly string[];
  accountsSeen?: readonly string[];
  /** payments: the file has neither a Description column nor a profile's Instrument. */
  noScopeColumn?: boolean;
}

/** A share of rows quarantined for one column at or above which the column, not the rows, is taken to be wrong. */
const MISFIT_SHARE = 0.1;

const FIT: Partial<Record<FileRole, { column: string; what: string }[]>> = {
  platform: [{ column: 'Card Number', what: 'a card number (8 to 19 digits, or SC and letters or digits)' }],
  opening: [{ column: 'Card Number', what: 'a card number (8 to 19 digits, or SC and letters or digits)' }],
  storefront: [{ column: 'Card Last Four', what: 'the last four of a card' }],
};

const SCOPE_FIX: Record<FileRole, string> = {
  platform: 'check that this is the gift card platform\'s export',
  storefront: 'no row is a successful tender (Status success); check the Status column and that this is the storefront\'s export',
  payments: 'no row is a gift card payment (a Description mentioning a gift card, or a profile\'s Instrument): no sale would show as paid; map the column that says so, or read the file with a profile',
  erp: '',
  opening: '',
};

/** The problems of one file after its rows were read. */
export function fileProblems(f: ReadFacts): InputProblem[] {
  const out: InputProblem[] = [];
  const add = (kind: ProblemKind, message: string) => out.push({ role: f.role, file: f.file, kind, message: `${f.file}: ${message}` });
  const total = f.imported + f.quarantine.length;
  if (f.dataRows > 0 && f.imported === 0 && f.quarantine.length > 0) {
    const q = f.quarantine[0];
    const others = f.outOfScope ? ` (the ${f.outOfScope} others are out of scope)` : '';
    add('all-quarantined', `every one of its ${f.quarantine.length} rows that are not out of scope is quarantined${others}, first at row ${q.row}: ${q.reason}: the file is not read as its layout; check the profile or the mapping`);
  } else if (f.dataRows > 0 && f.imported === 0 && f.quarantine.length === 0) {
    const reasons = Object.entries(f.outOfScopeReasons).map(([r, n]) => `${r}: ${n}`).join('; ');
    add('all-out-of-scope', `every row is out of scope (${reasons}): nothing of this file reaches the reconciliation; check that this is the ${f.role} export and the profile's row filters`);
  } else if (f.noScopeColumn) {
    add('no-scope-column', 'has no Description column: no processor row can be told to be a gift card payment, so every row would be out of scope; map the column (mapping: payments Description) or read the file with a profile that gives Instrument');
  } else if (f.imported > 0 && f.inScope === 0 && f.role !== 'opening') {
    if (f.role === 'erp') {
      const seen = (f.accountsSeen ?? []).slice(0, 5).map((a) => `'${a}'`).join(', ');
      add(
        'nothing-in-scope',
        `no line is on a liability account (liability accounts: ${(f.liabilityAccounts ?? []).join(', ')}; the file's accounts include ${seen}): the ERP closing would be 0; name the accounts (--liability-accounts, e.g. 'Gift Cards Outstanding=gift_card', or the profile's accounts)`,
      );
    } else add('nothing-in-scope', `none of its ${f.imported} rows moves the liability: ${SCOPE_FIX[f.role]}`);
  }
  for (const fit of FIT[f.role] ?? []) {
    const bad = f.quarantine.filter((q) => q.column === fit.column);
    if (bad.length === 0 || bad.length < MISFIT_SHARE * total || bad.length === f.quarantine.length && f.imported === 0) continue;
    add('value-misfit', `${fit.column}: ${bad.length} of ${total} rows hold a value that is not ${fit.what} (first at row ${bad[0].row}: ${bad[0].reason}): is the right column mapped?`);
  }
  return out;
}
