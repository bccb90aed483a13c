// A validated profile, ready to meet files: compileProfile checks the JSON once; bindProfile resolves its columns
// against one file's header row (a column the file does not have is a one-line error naming the key) and builds
// the functions that make each reference column.
import type { FileRole } from '../../types';
import { compileCondition, type Cond } from './conditions';
import { accountRules, compileField, DateContext, instrumentFromAccounts, type CompileContext, type Ev, type LookupIndex } from './fields';
import { EXTENSION_COLUMNS, fieldKind, referenceColumns } from './reference';
import { Columns, RowState } from './state';
import type { Condition, FieldSpec, ProfileDef } from './types';
import { keyPath, validateProfile } from './validate';

export interface CompiledProfile {
  readonly def: ProfileDef;
  readonly id: string;
  readonly name: string;
  readonly role: FileRole;
  readonly version: number;
  /** The reference columns a record holds, in order: `values[i]` is `columns[i]`. */
  readonly columns: readonly string[];
  /** Reference columns the system never exports (the import adapts its matching). */
  readonly absent: readonly string[];
  /** Reference columns the profile leaves blank without saying they are absent. */
  readonly unmapped: readonly string[];
  /** Whether applying it reads the file twice (a lookup, or a day/month order to settle from the file). */
  readonly needsPrescan: boolean;
  /**
   * For a profile that only renames columns (no table shape, filters or transforms): reference column → the
   * file's header. The import then reads the file on its fast path, as a mapping (docs/formats.md §3).
   */
  readonly renameOnly: Readonly<Record<string, string>> | null;
}

/** Validates a profile's JSON (or returns an already compiled one). Throws a ProfileError naming the key path. */
export function compileProfile(json: unknown): CompiledProfile {
  if (isCompiled(json)) return json;
  const def = validateProfile(json);
  const produced = Object.keys(def.fields);
  const columns = referenceColumns(def.role).filter((c) => produced.includes(c) || (c === 'Instrument' && def.accounts));
  const absent = produced.filter((c) => 'absent' in def.fields[c]);
  const unmapped = referenceColumns(def.role).filter((c) => !columns.includes(c));
  return Object.freeze({
    def, id: def.id, name: def.name, role: def.role, version: def.version,
    columns, absent, unmapped, needsPrescan: needsPrescan(def), renameOnly: renameOnly(def),
  });
}

function isCompiled(v: unknown): v is CompiledProfile {
  return v !== null && typeof v === 'object' && 'def' in v && 'columns' in v && 'needsPrescan' in v;
}

function renameOnly(def: ProfileDef): Record<string, string> | null {
  const t = def.table;
  if (t && (t.skip?.length || t.footer || t.sections || t.group || (typeof t.header === 'number' && t.header !== 1))) return null;
  if (def.rows?.length || def.accounts || def.otherAccounts || def.normalBalance) return null;
  if (def.money && Object.keys(def.money).some((k) => k !== 'thousands' && k !== 'decimal' && k !== 'symbols' && k !== 'parentheses')) return null;
  if (def.money && (def.money.decimal === ',' || def.money.thousands === '.' || def.money.thousands === ' ' || def.money.thousands === "'")) return null;
  if (def.dates && (def.dates.zone || def.dates.order === 'DMY' || def.dates.zones)) return null;
  const out: Record<string, string> = {};
  for (const [col, spec] of Object.entries(def.fields)) {
    // A column only a profile produces (Instrument) is not read on the fast path.
    if (EXTENSION_COLUMNS[def.role]?.includes(col)) return null;
    // The fast path reads the processor's Created (UTC) as UTC: saying so changes nothing there.
    const utc = def.role === 'payments' && col === 'Created (UTC)' && spec.dates?.zone === 'UTC' && Object.keys(spec.dates).length === 1;
    const keys = Object.keys(spec).filter((k) => k !== 'note' && k !== 'optional' && !(k === 'dates' && utc));
    if (keys.length !== 1 || keys[0] !== 'column' || typeof (spec as { column: unknown }).column !== 'string') return null;
    out[col] = (spec as { column: string }).column;
  }
  return out;
}

/** Whether a field spec, read with the given day/month order, reads a date cell whose order is not declared. */
function undeclaredDates(spec: FieldSpec, order: string | null): boolean {
  const o = spec.dates?.order !== undefined ? spec.dates.order : order;
  const s = spec as unknown as Record<string, unknown>;
  if (spec.when?.some((w) => undeclaredDates(w as FieldSpec, o))) return true;
  if ('column' in s || 'fillDown' in s || 'datetime' in s || 'lookup' in s || 'extract' in s || 'section' in s) return o === null;
  if ('coalesce' in s) return (s.coalesce as unknown[]).some((x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? undeclaredDates(x as FieldSpec, o) : o === null));
  if ('cases' in s) {
    const targets = [...(s.cases as { value: unknown }[]).map((c) => c.value), s.otherwise];
    return targets.some((t) => t !== null && typeof t === 'object' && !('outOfScope' in t) && !('quarantine' in t) && undeclaredDates(t as FieldSpec, o));
  }
  return false;
}

/** Whether a spec holds an out-of-scope target anywhere. */
function canLeaveScope(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(canLeaveScope);
  return 'outOfScope' in v || Object.values(v).some(canLeaveScope);
}

function hasLookup(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasLookup);
  return 'lookup' in v || Object.values(v).some(hasLookup);
}

function needsPrescan(def: ProfileDef): boolean {
  if (hasLookup(def.fields)) return true;
  const order = def.dates?.order ?? null;
  return Object.entries(def.fields).some(([col, spec]) => {
    const k = fieldKind(def.role, col);
    return (k === 'date' || k === 'instant') && undeclaredDates(spec, order);
  });
}

/** A profile bound to one file's header row. */
export interface BoundProfile {
  profile: CompiledProfile;
  cols: Columns;
  /** The value of each output column for the row in the state. */
  fields: Ev[];
  /** The order fields are made in: those that can set the row out of scope first (that decision wins anyway). */
  order: number[];
  /** Each output column's source columns, as the file names them (for the editor). */
  sources: string[][];
  skip: { cond: Cond; reason: string }[];
  footer: { cond: Cond; reason: string } | null;
  sections: { start: Cond; value: number; reason: string; end: Cond | null; endReason: string } | null;
  groupStart: Cond | null;
  filters: { cond: Cond; outOfScope?: string; quarantine?: string; quarantineColumn: string | null }[];
  dates: DateContext;
  dateColumns: number[];
  fillColumns: number[];
  lookups: LookupIndex[];
  moneyStats: CompileContext['moneyStats'];
  /** The reason for lines on accounts no rule fits, when they are out of scope; the Instrument column's position. */
  otherAccounts: string | null;
  instrumentAt: number;
  /** Output positions of Currency and of the money columns. */
  currencyAt: number;
  moneyAt: number[];
}

export function bindProfile(profile: CompiledProfile, headers: string[], opts: { date1904?: boolean } = {}): BoundProfile {
  const def = profile.def;
  const cols = new Columns(def.id, headers.map((h) => String(h ?? '')));
  const fieldIndex = new Map(profile.columns.map((c, i) => [c, i] as const));
  const evs: Ev[] = new Array(profile.columns.length);
  // Each field's value once per row, whoever asks first (a field another is made from).
  const getters: Ev[] = profile.columns.map((_, i) => (st: RowState) => {
    if (st.outGen[i] === st.generation) return st.out[i];
    const v = evs[i](st);
    st.out[i] = v;
    st.outGen[i] = st.generation;
    return v;
  });
  const ctx: CompileContext = {
    def, role: def.role, cols, fieldIndex, field: (i) => getters[i], dates: new DateContext(), dateColumns: new Set(), fillColumns: [], lookups: [],
    absent: new Set(), moneyStats: new Map(), ...accountRules(def), serialDays: opts.date1904 ? 1462 : 0,
  };
  const sources: string[][] = [];
  const touched = new Set<number>();
  const resolve = cols.resolve.bind(cols);
  cols.resolve = (ref, path, optional) => {
    const i = resolve(ref, path, optional);
    if (i >= 0) touched.add(i);
    return i;
  };
  profile.columns.forEach((col, i) => {
    touched.clear();
    const spec = def.fields[col];
    evs[i] = spec ? compileField(col, spec, ctx) : instrumentFromAccounts(ctx);
    sources[i] = [...touched].sort((a, b) => a - b).map((j) => cols.name(j)!);
  });
  cols.resolve = resolve;
  const t = def.table ?? {};
  const cond = (c: Condition, path: string) => compileCondition(c, cols, path);
  const s = t.sections;
  return {
    profile, cols, fields: getters, sources,
    order: profile.columns.map((_, i) => i).sort((a, b) => Number(canLeaveScope(def.fields[profile.columns[b]])) - Number(canLeaveScope(def.fields[profile.columns[a]])) || a - b),
    skip: (t.skip ?? []).map((r, i) => ({ cond: cond(r.when, keyPath(keyPath('table.skip', i), 'when')), reason: r.reason })),
    footer: t.footer ? { cond: cond(t.footer.when, 'table.footer.when'), reason: t.footer.reason } : null,
    sections: s ? {
      start: cond(s.when, 'table.sections.when'), value: cols.resolve(s.value, 'table.sections.value'), reason: s.reason,
      end: s.endsWhen ? cond(s.endsWhen, 'table.sections.endsWhen') : null, endReason: s.endReason ?? '',
    } : null,
    groupStart: t.group ? cond(t.group.startsWhen, 'table.group.startsWhen') : null,
    filters: (def.rows ?? []).map((r, i) => {
      const path = keyPath(keyPath('rows', i), 'when');
      const c = cond(r.when, path);
      const first = Object.keys(r.when).includes('column') ? cols.name(cols.resolve((r.when as { column: never }).column, path, true)) : null;
      return { cond: c, outOfScope: 'outOfScope' in r ? r.outOfScope : undefined, quarantine: 'quarantine' in r ? r.quarantine : undefined, quarantineColumn: first };
    }),
    dates: ctx.dates, dateColumns: [...ctx.dateColumns], fillColumns: ctx.fillColumns, lookups: ctx.lookups, moneyStats: ctx.moneyStats,
    otherAccounts: def.otherAccounts?.outOfScope ?? null,
    instrumentAt: profile.columns.indexOf('Instrument'),
    currencyAt: profile.columns.indexOf('Currency'),
    moneyAt: profile.columns.map((c, i) => (fieldKind(def.role, c) === 'money' ? i : -1)).filter((i) => i >= 0),
  };
}
