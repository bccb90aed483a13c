// The import profile format (profile@1) as TypeScript types: what a profile file holds once validated, and what
// applying one to a table gives. The validator (validate.ts) is the only way from JSON to these types.
import type { FileRole, Instrument } from '../../types';

export const PROFILE_FORMAT = 'balance-forensics/profile@1';

/** A column of the source file: a header (matched loosely), a 0-based position, or alternative headers (the first present). */
export type ColumnRef = string | number | string[];

export type Literal = string | number | boolean | null;

/** A test on one cell's text (trimmed; literal comparisons ignore case). */
export type ValueTest =
  | Literal
  | Literal[]
  | { blank: boolean }
  | { equals: Literal }
  | { in: Literal[] }
  | { startsWith: string }
  | { matches: string; flags?: string }
  | { not: ValueTest };

/**
 * A condition on a source row. Either structured (`all`, `allOf`, `anyOf`, `not`, `anyCell`, or `column` with one
 * test beside it), or the short form `{ "Kind": "sale", "Gateway": ["gift_card"] }`: every named column passes its test.
 */
export type Condition =
  | { all: 'blank' }
  | { allOf: Condition[] }
  | { anyOf: Condition[] }
  | { not: Condition }
  | { anyCell: ValueTest }
  | ({ column: ColumnRef; optional?: boolean } & Record<string, unknown>)
  | Record<string, ValueTest>;

export interface MoneyOptions {
  /** The decimal mark: `.` (default) or `,`. */
  decimal?: '.' | ',';
  /** The thousands separator: `,` (default), `.`, ` ` (also no-break spaces), `'`, or `` for none. */
  thousands?: ',' | '.' | ' ' | "'" | '';
  /** Currency symbols and ISO codes before or after the number (`$1.00`, `12,00 €`, `USD 5`). Default true. */
  symbols?: boolean;
  /** Accounting parentheses for negatives: `(25.00)`. Default true. */
  parentheses?: boolean;
  /** The value is in minor units (cents): `1250` is 12.50. Default false. */
  minorUnits?: boolean;
  /** Flip the sign (Square writes a decrement as a positive amount). Default false. */
  negate?: boolean;
}

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export interface DateOptions {
  /** How numeric dates are written. Absent or null: inferred from the file when its dates allow only one reading; reported otherwise. */
  order?: DateOrder | null;
  /** The IANA zone of values that carry none (`UTC` for a UTC column). */
  zone?: string | null;
  /** Extra zone names a Time Zone column may hold → IANA zone. */
  zones?: Record<string, string>;
}

/** What a case, an `otherwise` or a failed lookup gives: a value, another spec, or the row's fate. */
export type Target = Literal | FieldSpec | { outOfScope: string } | { quarantine: string };

export interface Case {
  when: Condition;
  value: Target;
}

export interface LookupSpec {
  /** Columns whose values this row and the looked-up row share. */
  match: ColumnRef[];
  /** Conditions the looked-up row meets. */
  where?: Condition;
  /** The looked-up row's column that gives the value. */
  column: ColumnRef;
  /** When no row matches. Default: quarantined. */
  otherwise?: Target;
  /** Only `true` (a value from another file is not supported). */
  sameFile?: true;
}

export interface SplitSpec {
  /** The signed amount column. */
  column: ColumnRef;
  /** The side this field takes. */
  take: 'debit' | 'credit';
  /** Which side a positive amount is on: fixed, or the account's normal balance (accounts / normalBalance). */
  positive: 'debit' | 'credit' | 'normalBalance';
}

interface SpecOptions {
  money?: MoneyOptions;
  dates?: DateOptions;
  /** Overrides, the first whose condition holds: `{ "if": {...}, "lookup": {...} }`. */
  when?: ({ if: Condition } & FieldSpec)[];
  note?: string;
}

export type FieldSpec = SpecOptions &
  (
    | { column: ColumnRef; optional?: boolean }
    | { coalesce: (ColumnRef | FieldSpec)[] }
    | { const: Literal }
    | { cases: Case[]; otherwise?: Target }
    | { extract: { column: ColumnRef; pattern: string; group?: number; flags?: string } }
    | { fillDown: ColumnRef }
    | { generate: 'row' | 'lineInGroup' | 'groupStart'; by?: string; prefix?: string }
    | { lookup: LookupSpec }
    | { section: true }
    | { split: SplitSpec }
    | { datetime: { date: ColumnRef; time?: ColumnRef; zone?: ColumnRef } }
    | { absent: true }
    | { derive: 'balanceDelta' }
    | { infer: 'voidedRedemption' }
  );

export interface AccountRule {
  /** A number prefix (`2410`) or an account name (`Gift Card Liability`). */
  match?: string;
  /** A regular expression on the whole account text. */
  matches?: string;
  instrument: Instrument;
}

export interface NormalBalanceRule {
  match?: string;
  matches?: string;
  side: 'debit' | 'credit';
}

export interface SkipRule {
  when: Condition;
  reason: string;
}

export interface ProfileDef {
  format: typeof PROFILE_FORMAT;
  id: string;
  name: string;
  role: FileRole;
  version: number;
  description?: string;
  detect?: { headers: (string | string[])[]; minShare?: number; maxHeaderRow?: number };
  table?: {
    /** `detect`: the first row whose cells fit detect.headers; a number: that physical row (1-based). */
    header?: 'detect' | number;
    sheet?: string | null;
    skip?: SkipRule[];
    footer?: { when: Condition; reason: string };
    /** Rows that open a section (a General Ledger's account): out of scope, their value given to the rows below. */
    sections?: { when: Condition; value: ColumnRef; reason: string; endsWhen?: Condition; endReason?: string };
    /** Rows that open a group (a journal entry): fill-down and line numbers restart there. */
    group?: { startsWhen: Condition };
  };
  rows?: ({ when: Condition } & ({ outOfScope: string } | { quarantine: string } | { keep: true }))[];
  fields: Record<string, FieldSpec>;
  money?: MoneyOptions;
  dates?: DateOptions;
  accounts?: AccountRule[];
  /** Lines on accounts no `accounts` rule fits: out of scope with this reason (a General Ledger read for its liability accounts). */
  otherAccounts?: { outOfScope: string };
  normalBalance?: NormalBalanceRule[];
}

/** Values the engine passes on for the import to settle once the whole file is read. */
export type Marker = 'balanceDelta' | 'voidedRedemption';

/** What one physical row becomes. */
export type RowOutcome =
  | { kind: 'record'; row: number; values: string[]; markers?: Record<string, Marker> }
  | { kind: 'outOfScope'; row: number; reason: string }
  | { kind: 'quarantine'; row: number; column: string | null; field: string | null; reason: string };

/** A raw row as read-table gives it: the row a spreadsheet shows (1-based) and its cells. */
export interface RawRow {
  row: number;
  cells: unknown[];
}

/** A finding about the whole file that must be shown before the run (an ambiguity, a suspicious column). */
export interface FileProblem {
  kind: 'ambiguous-dates' | 'mixed-date-orders' | 'inferred-date-order' | 'minor-units-suspect' | 'all-out-of-scope' | 'all-quarantined' | 'value-misfit';
  field?: string;
  message: string;
}

export interface ApplySummary {
  profile: { id: string; version: number; role: FileRole };
  /** The header's physical row. */
  headerRow: number;
  /** Physical rows other than the header: records + outOfScope + quarantined. */
  rows: number;
  records: number;
  outOfScope: number;
  quarantined: number;
  outOfScopeReasons: Record<string, number>;
  /** Markers passed on, per reference column and kind. */
  markers: Record<string, number>;
  /** Money fields of the records: total (exact decimal text) and how many values. */
  money: Record<string, { total: string; count: number }>;
  dateOrder: { order: DateOrder | null; how: 'declared' | 'inferred' | 'not needed' | 'ambiguous' | 'mixed'; evidenceRow?: number };
  problems: FileProblem[];
}
