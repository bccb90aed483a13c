// A profile's field specs compiled, against the file's columns, into functions from a row to the reference
// column's text: money as exact decimal text, instants as ISO 8601, dates as YYYY-MM-DD, identifiers checked for
// the damage spreadsheets do to them. A value that cannot be made stops the row with the column and the reason.
import type { FileRole } from '../../types';
import { compileCondition, conditionColumns, type Cond } from './conditions';
import { dateText, excelSerial, instantText, parseDateText, readZone, ZoneOffsets, type WallTime } from './dates';
import { moneyFormat, parseMoney, type MoneyFormat } from './money';
import { fieldKind, referenceColumn, type FieldKind } from './reference';
import { isBlank, RowState, RowStop, type Columns } from './state';
import { keyPath } from './validate';
import type { AccountRule, ColumnRef, Condition, DateOptions, DateOrder, FieldSpec, Literal, NormalBalanceRule, ProfileDef, Target } from './types';

export type Ev = (st: RowState) => string;

/** How the file's undeclared day/month order was settled by the pre-scan (the same for every field). */
export class DateContext {
  inferred: DateOrder | null = null;
  status: 'not needed' | 'inferred' | 'ambiguous' | 'mixed' = 'not needed';
  mdy: { row: number; text: string } | null = null;
  dmy: { row: number; text: string } | null = null;
  ambiguous: { row: number; text: string; count: number } | null = null;

  /** A numeric date seen by the pre-scan. */
  see(row: number, text: string): void {
    const p = parseDateText(text, null);
    if (p.ok === 'ambiguous') {
      if (this.ambiguous) this.ambiguous.count++;
      else this.ambiguous = { row, text, count: 1 };
    } else if (p.ok === true && p.proves === 'MDY') this.mdy ??= { row, text };
    else if (p.ok === true && p.proves === 'DMY') this.dmy ??= { row, text };
  }

  settle(): void {
    if (this.mdy && this.dmy) this.status = 'mixed';
    else if (this.mdy || this.dmy) {
      this.status = 'inferred';
      this.inferred = this.mdy ? 'MDY' : 'DMY';
    } else if (this.ambiguous) this.status = 'ambiguous';
  }
}

/** Rows of the same file indexed by the lookup's match columns: filled by the pre-scan. */
export class LookupIndex {
  private map = new Map<string, { raw: unknown; text: string; row: number; other: { row: number; text: string } | null }>();

  constructor(
    readonly match: number[],
    readonly where: Cond | null,
    readonly value: number,
  ) {}

  key(st: RowState): string {
    let k = st.lower(this.match[0]);
    for (let i = 1; i < this.match.length; i++) k += `\u0001${st.lower(this.match[i])}`;
    return k;
  }

  add(st: RowState): void {
    if (this.where && !this.where(st)) return;
    const k = this.key(st);
    const text = st.text(this.value);
    const had = this.map.get(k);
    if (!had) this.map.set(k, { raw: st.raw(this.value), text, row: st.row, other: null });
    else if (had.text !== text && !had.other) had.other = { row: st.row, text };
  }

  get(st: RowState) {
    return this.map.get(this.key(st));
  }
}

export interface CompileContext {
  def: ProfileDef;
  role: FileRole;
  cols: Columns;
  /** Reference column → its index in the output. */
  fieldIndex: Map<string, number>;
  /** The memoized value of another field of this row. */
  field: (i: number) => Ev;
  dates: DateContext;
  /** Columns whose numeric dates the pre-scan reads to settle an undeclared order. */
  dateColumns: Set<number>;
  /** Columns carried by fill-down, by slot. */
  fillColumns: number[];
  lookups: LookupIndex[];
  absent: Set<string>;
  /** Per money field read in major units: how many text values, and how many of them had no decimal mark. */
  moneyStats: Map<string, { values: number; whole: number; example: string }>;
  /** Accounts → instrument and normal balance. */
  accounts: { test: (account: string) => boolean; instrument: string }[];
  normalBalance: { test: (account: string) => boolean; side: 'debit' | 'credit' }[];
  /** Days added to a spreadsheet date serial: 1,462 in a workbook of the 1904 date system, else 0. */
  serialDays: number;
}

interface FieldCtx {
  column: string;
  kind: FieldKind;
  money: MoneyFormat;
  dates: DateOptions;
  path: string;
}

type Conv = (raw: unknown, st: RowState, src: number) => string;

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const EXCEL_SCIENTIFIC = /^\d(\.\d+)?E\+\d+$/i;

function moneyStats(ctx: CompileContext, column: string) {
  let s = ctx.moneyStats.get(column);
  if (!s) ctx.moneyStats.set(column, (s = { values: 0, whole: 0, example: '' }));
  return s;
}

/** The conversion of a cell to the field's text form. */
function converter(f: FieldCtx, ctx: CompileContext): Conv {
  const { cols } = ctx;
  const stop = (src: number, detail: string): never => {
    throw new RowStop('quarantine', `${cols.name(src) ?? f.column} ${detail}`, cols.name(src), f.column);
  };
  switch (f.kind) {
    case 'money': {
      const fmt = f.money;
      const stats = fmt.minorUnits ? null : moneyStats(ctx, f.column);
      return (raw, st, src) => {
        const r = parseMoney(raw, fmt);
        if (!r.ok) return stop(src, r.reason);
        if (stats && typeof raw === 'string') {
          stats.values++;
          if (!raw.includes(fmt.decimal)) {
            stats.whole++;
            if (stats.example === '') stats.example = raw.trim();
          }
        }
        if (r.code) st.code ??= r.code;
        return r.text;
      };
    }
    case 'date':
    case 'instant':
      return dateConverter(f, ctx, stop);
    case 'instrument':
      return (raw, _st, src) => {
        const t = String(raw).trim().toLowerCase();
        if (t === 'gift_card' || t === 'store_credit') return t;
        return stop(src, `'${clip(String(raw))}' is not an instrument (gift_card or store_credit)`);
      };
    case 'id':
      return (raw, _st, src) => {
        if (typeof raw === 'number') {
          if (!Number.isSafeInteger(raw)) {
            return stop(src, Number.isInteger(raw)
              ? `${raw} is a number too long for a spreadsheet to hold exactly: the identifier is lost (export it as text)`
              : `${raw} is a number with a fraction, not an identifier`);
          }
          return String(raw);
        }
        const t = String(raw).trim();
        if (EXCEL_SCIENTIFIC.test(t)) return stop(src, `'${t}' is a number a spreadsheet shortened to scientific notation: the identifier is lost (use the file as exported, not re-saved)`);
        return t;
      };
    default:
      return (raw) => (typeof raw === 'string' ? raw.trim() : String(raw));
  }
}

function dateConverter(f: FieldCtx, ctx: CompileContext, stop: (src: number, detail: string) => never): Conv {
  const declared = f.dates.order ?? null;
  const zoneName = f.dates.zone ?? null;
  const zone = zoneName && !/^(utc|etc\/utc|gmt)$/i.test(zoneName) ? new ZoneOffsets(zoneName) : null;
  const dc = ctx.dates;
  // Zones a Time Zone column names, each read once.
  const named = new Map<string, ZoneOffsets>();
  const zoneOffsets = (name: string): ZoneOffsets => {
    let z = named.get(name);
    if (!z) named.set(name, (z = new ZoneOffsets(name)));
    return z;
  };
  const toText = (w: WallTime, src: number, zoneCell?: string): string => {
    if (f.kind === 'date') return dateText(w);
    if (!w.hasTime) return stop(src, `'${dateText(w)}' has no time of day`);
    if (w.offset !== null) return instantText(w, w.offset);
    let z: { offset: number } | { zone: string } | null = null;
    if (zoneCell !== undefined && zoneCell !== '') {
      z = readZone(zoneCell, f.dates.zones);
      if (!z) return stop(src, `has the time zone '${clip(zoneCell)}', which is not a zone name this profile knows (add it to dates.zones)`);
    } else if (w.zone) z = { zone: w.zone };
    if (z && 'offset' in z) return instantText(w, z.offset);
    const offsets = z ? zoneOffsets(z.zone) : zone;
    if (!offsets) {
      if (zoneName) return instantText(w, 0);
      return stop(src, `'${dateText(w)} ${String(w.h).padStart(2, '0')}:${String(w.mi).padStart(2, '0')}' has no time zone, and the profile declares none (dates.zone)`);
    }
    const o = offsets.offsetOf(w);
    if (!o.ok) return stop(src, o.reason);
    return instantText(w, o.offset);
  };
  const conv = (raw: unknown, st: RowState, src: number, zoneCell?: string): string => {
    if (typeof raw === 'number') {
      const w = excelSerial(raw + ctx.serialDays);
      if (!w) return stop(src, `${raw} is not a date`);
      return toText(w, src, zoneCell);
    }
    const text = String(raw);
    const order = declared ?? dc.inferred;
    const p = parseDateText(text, order);
    if (p.ok === 'ambiguous' || (declared === null && dc.status === 'mixed' && p.ok === true && p.proves)) {
      if (dc.status === 'mixed') {
        return stop(src, `'${clip(text.trim())}' is a day/month date in a file whose dates are month-first in some rows (row ${dc.mdy!.row}: '${dc.mdy!.text}') and day-first in others (row ${dc.dmy!.row}: '${dc.dmy!.text}'): declare dates.order`);
      }
      return stop(src, `'${clip(text.trim())}' reads as ${monthDay(p.ok === 'ambiguous' ? p.mdy : null)} or ${monthDay(p.ok === 'ambiguous' ? p.dmy : null)}, and neither the file nor the profile (dates.order) says which`);
    }
    if (p.ok !== true) return stop(src, p.reason);
    if (f.kind === 'instant' && canonicalInstant(text)) return text.trim();
    return toText(p.wall, src, zoneCell);
  };
  return conv;
}

/** Already the text form an instant is written in (`2026-07-01T10:43:37-04:00`, `…Z`): kept as it is. */
function canonicalInstant(raw: string): boolean {
  const t = raw.length > 0 && raw.charCodeAt(0) > 32 && raw.charCodeAt(raw.length - 1) > 32 ? raw : raw.trim();
  if (t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return false;
  if (t.length === 20) return t.charCodeAt(19) === 90;
  if (t.length !== 25 || t.charCodeAt(22) !== 58) return false;
  const sign = t.charCodeAt(19);
  return (sign === 43 || sign === 45) && t.slice(20) !== '00:00';
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthDay(w: WallTime | null): string {
  return w ? `${w.d} ${MONTH_NAMES[w.mo - 1]} ${w.y}` : '?';
}

/** `{Kind}` in a reason becomes the row's Kind. */
function reasonText(reason: string, cols: Columns, path: string): (st: RowState) => string {
  const parts = reason.split(/(\{[^{}]+\})/);
  if (parts.length === 1) return () => reason;
  const fns = parts.map((p) => {
    if (!/^\{[^{}]+\}$/.test(p)) return () => p;
    const i = cols.resolve(p.slice(1, -1), path, true);
    if (i < 0) return () => p;
    return (st: RowState) => clip(st.text(i));
  });
  return (st) => fns.map((fn) => fn(st)).join('');
}

/** An account's number prefix, name or pattern. */
export function accountTest(rule: { match?: string; matches?: string }): (account: string) => boolean {
  if (rule.matches !== undefined) {
    const re = new RegExp(rule.matches, 'i');
    return (a) => re.test(a);
  }
  const m = rule.match!.trim();
  if (/^\d+$/.test(m)) {
    return (a) => {
      const n = /^\s*(\d[\d.-]*)/.exec(a);
      return !!n && n[1].replace(/[.-]/g, '').startsWith(m);
    };
  }
  const name = m.toLowerCase();
  return (a) => {
    const t = a.trim().toLowerCase();
    if (t === name) return true;
    const withoutNumber = t.replace(/^\d[\d.-]*\s*(?:[·:\-–]\s*)?/, '');
    if (withoutNumber === name) return true;
    const last = t.split(':').pop()!.trim();
    return last === name || last.replace(/^\d[\d.-]*\s*(?:[·\-–]\s*)?/, '') === name;
  };
}

export function accountRules(def: ProfileDef): Pick<CompileContext, 'accounts' | 'normalBalance'> {
  return {
    accounts: (def.accounts ?? []).map((r: AccountRule) => ({ test: accountTest(r), instrument: r.instrument })),
    normalBalance: (def.normalBalance ?? []).map((r: NormalBalanceRule) => ({ test: accountTest(r), side: r.side })),
  };
}

function literalEv(v: Literal, f: FieldCtx, ctx: CompileContext, path: string): Ev {
  if (v === null || v === '') return () => '';
  const conv = converter({ ...f, money: moneyFormat(f.money, { minorUnits: false, negate: false }) }, ctx);
  try {
    const text = conv(v, new RowState(), -1);
    return () => text;
  } catch (err) {
    if (err instanceof RowStop) return ctx.cols.fail(path, `${JSON.stringify(v)} is not a value for '${f.column}': ${err.reason}`);
    throw err;
  }
}

function targetEv(t: Target, f: FieldCtx, ctx: CompileContext, path: string, defaultColumn: string | null): Ev {
  if (t !== null && typeof t === 'object') {
    if ('outOfScope' in t) {
      const reason = reasonText(t.outOfScope, ctx.cols, keyPath(path, 'outOfScope'));
      return (st) => {
        throw new RowStop('outOfScope', reason(st));
      };
    }
    if ('quarantine' in t) {
      const reason = reasonText(t.quarantine, ctx.cols, keyPath(path, 'quarantine'));
      return (st) => {
        throw new RowStop('quarantine', reason(st), defaultColumn, f.column);
      };
    }
    return compileSpec(t as FieldSpec, path, f, ctx);
  }
  return literalEv(t, f, ctx, path);
}

function leaf(read: (st: RowState) => unknown, src: number, conv: Conv): Ev {
  return (st) => {
    const raw = read(st);
    return isBlank(raw) ? '' : conv(raw, st, src);
  };
}

function columnLeaf(ref: ColumnRef, path: string, f: FieldCtx, ctx: CompileContext, optional = false): Ev {
  const i = ctx.cols.resolve(ref, path, optional);
  if (i < 0) return () => '';
  if ((f.kind === 'date' || f.kind === 'instant') && (f.dates.order ?? null) === null) ctx.dateColumns.add(i);
  return leaf((st) => st.raw(i), i, converter(f, ctx));
}

function fillSlot(ctx: CompileContext, i: number): number {
  const at = ctx.fillColumns.indexOf(i);
  if (at >= 0) return at;
  ctx.fillColumns.push(i);
  return ctx.fillColumns.length - 1;
}

/** A field spec (or a case's value) to its function, with the money and date options it sets for its branch. */
export function compileSpec(spec: FieldSpec, path: string, parent: FieldCtx, ctx: CompileContext): Ev {
  const f: FieldCtx = {
    ...parent,
    money: spec.money ? moneyFormat(parent.money, spec.money) : parent.money,
    dates: spec.dates ? { ...parent.dates, ...spec.dates } : parent.dates,
  };
  const base = compileKind(spec, path, f, ctx);
  if (!spec.when) return base;
  const overrides = spec.when.map((w, i) => {
    const wp = keyPath(keyPath(path, 'when'), i);
    const { if: cond, ...rest } = w;
    return { cond: compileCondition(cond, ctx.cols, keyPath(wp, 'if')), ev: compileSpec(rest as FieldSpec, wp, f, ctx) };
  });
  return (st) => {
    for (const o of overrides) if (o.cond(st)) return o.ev(st);
    return base(st);
  };
}

function compileKind(spec: FieldSpec, path: string, f: FieldCtx, ctx: CompileContext): Ev {
  const { cols } = ctx;
  const s = spec as unknown as Record<string, unknown>;
  if ('column' in s) return columnLeaf(s.column as ColumnRef, keyPath(path, 'column'), f, ctx, s.optional === true);
  if ('coalesce' in s) {
    const items = (s.coalesce as (ColumnRef | FieldSpec)[]).map((x, i) => {
      const ip = keyPath(keyPath(path, 'coalesce'), i);
      return x !== null && typeof x === 'object' && !Array.isArray(x) ? compileSpec(x as FieldSpec, ip, f, ctx) : columnLeaf(x as ColumnRef, ip, f, ctx);
    });
    return (st) => {
      for (const ev of items) {
        const v = ev(st);
        if (v !== '') return v;
      }
      return '';
    };
  }
  if ('const' in s) return literalEv(s.const as Literal, f, ctx, keyPath(path, 'const'));
  if ('cases' in s) {
    const cases = (s.cases as { when: Condition; value: Target }[]).map((c, i) => {
      const cp = keyPath(keyPath(path, 'cases'), i);
      return { cond: compileCondition(c.when, cols, keyPath(cp, 'when')), ev: targetEv(c.value, f, ctx, keyPath(cp, 'value'), null) };
    });
    // The columns the cases look at: the quarantine of a row no case fits names them and their values.
    const seen = [...new Set((s.cases as { when: Condition }[]).flatMap((c, i) => conditionColumns(c.when, cols, keyPath(keyPath(keyPath(path, 'cases'), i), 'when'))))];
    const firstColumn = seen.length ? cols.name(seen[0]) : null;
    const otherwise: Ev = s.otherwise !== undefined
      ? targetEv(s.otherwise as Target, f, ctx, keyPath(path, 'otherwise'), firstColumn)
      : (st) => {
          const values = seen.map((i) => `${cols.name(i)} '${clip(st.text(i))}'`).join(', ');
          throw new RowStop('quarantine', `no case of ${f.column} fits ${values || 'this row'}`, firstColumn, f.column);
        };
    return (st) => {
      for (const c of cases) if (c.cond(st)) return c.ev(st);
      return otherwise(st);
    };
  }
  if ('extract' in s) {
    const e = s.extract as { column: ColumnRef; pattern: string; group?: number; flags?: string };
    const i = cols.resolve(e.column, keyPath(keyPath(path, 'extract'), 'column'));
    const re = new RegExp(e.pattern, e.flags ?? '');
    const group = e.group ?? 1;
    const conv = converter(f, ctx);
    return (st) => {
      const m = re.exec(st.text(i));
      const v = m?.[group];
      return v === undefined || v === '' ? '' : conv(v, st, i);
    };
  }
  if ('fillDown' in s) {
    const i = cols.resolve(s.fillDown as ColumnRef, keyPath(path, 'fillDown'));
    if ((f.kind === 'date' || f.kind === 'instant') && (f.dates.order ?? null) === null) ctx.dateColumns.add(i);
    const slot = fillSlot(ctx, i);
    return leaf((st) => st.fill[slot], i, converter(f, ctx));
  }
  if ('generate' in s) {
    const prefix = (s.prefix as string | undefined) ?? (s.generate === 'lineInGroup' ? '' : 'R');
    if (s.generate === 'row') return (st) => `${prefix}${st.row}`;
    if (s.generate === 'groupStart') return (st) => (st.groupStart ? `${prefix}${st.groupStart}` : '');
    if (s.by !== undefined) {
      const dep = ctx.field(ctx.fieldIndex.get(referenceColumn(ctx.role, s.by as string)!)!);
      const counts = new Map<string, number>();
      return (st) => {
        const k = dep(st);
        const n = (counts.get(k) ?? 0) + 1;
        counts.set(k, n);
        return `${prefix}${n}`;
      };
    }
    return (st) => (st.groupPos ? `${prefix}${st.groupPos}` : '');
  }
  if ('lookup' in s) return lookupEv(s.lookup as never, keyPath(path, 'lookup'), f, ctx);
  if ('section' in s) {
    const conv = converter(f, ctx);
    return (st) => {
      const v = st.sections[st.sections.length - 1];
      return v === undefined || v === '' ? '' : conv(v, st, -1);
    };
  }
  if ('split' in s) return splitEv(s.split as never, keyPath(path, 'split'), f, ctx);
  if ('datetime' in s) {
    const d = s.datetime as { date: ColumnRef; time?: ColumnRef; zone?: ColumnRef };
    const dp = keyPath(path, 'datetime');
    const di = cols.resolve(d.date, keyPath(dp, 'date'));
    const ti = d.time === undefined ? -1 : cols.resolve(d.time, keyPath(dp, 'time'));
    const zi = d.zone === undefined ? -1 : cols.resolve(d.zone, keyPath(dp, 'zone'));
    if ((f.dates.order ?? null) === null) ctx.dateColumns.add(di);
    const conv = converter(f, ctx) as (raw: unknown, st: RowState, src: number, zone?: string) => string;
    return (st) => {
      const date = st.raw(di);
      if (isBlank(date)) return '';
      const time = st.raw(ti);
      let text: unknown = date;
      if (!isBlank(time)) {
        const serial = typeof date === 'number' ? excelSerial(date + ctx.serialDays) : null;
        const dateT = typeof date === 'number' ? (serial ? dateText(serial) : String(date)) : String(date).trim();
        const timeT = typeof time === 'number' ? serialTime(time) : String(time).trim();
        text = `${dateT} ${timeT}`;
      }
      return conv(text, st, di, zi >= 0 ? st.text(zi) : undefined);
    };
  }
  if ('absent' in s) {
    ctx.absent.add(f.column);
    return () => '';
  }
  if ('derive' in s || 'infer' in s) {
    const marker = 'derive' in s ? 'balanceDelta' : 'voidedRedemption';
    return (st) => {
      st.mark(f.column, marker);
      return '';
    };
  }
  throw new Error(`${path}: unknown field spec`);
}

/** A time cell (the fraction of a day) as HH:MM:SS. */
function serialTime(n: number): string {
  const secs = Math.round((((n % 1) + 1) % 1) * 86400) % 86400;
  const p = (x: number) => String(x).padStart(2, '0');
  return `${p(Math.floor(secs / 3600))}:${p(Math.floor((secs % 3600) / 60))}:${p(secs % 60)}`;
}

function lookupEv(
  l: { match: ColumnRef[]; where?: Condition; column: ColumnRef; otherwise?: Target },
  path: string,
  f: FieldCtx,
  ctx: CompileContext,
): Ev {
  const { cols } = ctx;
  const match = l.match.map((c, i) => cols.resolve(c, keyPath(keyPath(path, 'match'), i)));
  const where = l.where ? compileCondition(l.where, cols, keyPath(path, 'where')) : null;
  const value = cols.resolve(l.column, keyPath(path, 'column'));
  const index = new LookupIndex(match, where, value);
  ctx.lookups.push(index);
  const conv = converter(f, ctx);
  const describe = (st: RowState): string => match.map((i) => `${cols.name(i)} '${clip(st.text(i))}'`).join(' and ');
  const otherwise: Ev = l.otherwise !== undefined
    ? targetEv(l.otherwise, f, ctx, keyPath(path, 'otherwise'), cols.name(value))
    : (st) => {
        throw new RowStop('quarantine', `no row of the file with ${describe(st)}${where ? ' meets the lookup\'s conditions' : ''}, so ${f.column} cannot be taken from its ${cols.name(value)}`, cols.name(value), f.column);
      };
  return (st) => {
    const hit = index.get(st);
    if (!hit) return otherwise(st);
    if (hit.other) {
      throw new RowStop('quarantine',
        `the rows with ${describe(st)} give different ${cols.name(value)} (row ${hit.row}: '${clip(hit.text)}', row ${hit.other.row}: '${clip(hit.other.text)}'): which one ${f.column} takes is not known`,
        cols.name(value), f.column);
    }
    return isBlank(hit.raw) ? '' : conv(hit.raw, st, value);
  };
}

function splitEv(s: { column: ColumnRef; take: 'debit' | 'credit'; positive: 'debit' | 'credit' | 'normalBalance' }, path: string, f: FieldCtx, ctx: CompileContext): Ev {
  const { cols } = ctx;
  const i = cols.resolve(s.column, keyPath(path, 'column'));
  const account = s.positive === 'normalBalance' ? ctx.field(ctx.fieldIndex.get('Account')!) : null;
  return (st) => {
    const raw = st.raw(i);
    if (isBlank(raw)) return '';
    const r = parseMoney(raw, f.money);
    if (!r.ok) throw new RowStop('quarantine', `${cols.name(i)} ${r.reason}`, cols.name(i), f.column);
    if (r.code) st.code ??= r.code;
    let positive: 'debit' | 'credit';
    if (account) {
      const a = account(st);
      const side = normalSide(a, ctx);
      if (!side) {
        throw new RowStop('quarantine',
          `which side the balance of account '${clip(a)}' is on is not known, so the sign of ${cols.name(i)} does not say debit or credit (add the account to the profile's normalBalance)`,
          cols.name(i), f.column);
      }
      positive = side;
    } else positive = s.positive as 'debit' | 'credit';
    const side = r.negative ? (positive === 'debit' ? 'credit' : 'debit') : positive;
    if (side !== s.take) return '';
    return r.negative ? r.text.slice(1) : r.text;
  };
}

function normalSide(account: string, ctx: CompileContext): 'debit' | 'credit' | null {
  for (const r of ctx.normalBalance) if (r.test(account)) return r.side;
  // A liability account's balance is a credit.
  for (const r of ctx.accounts) if (r.test(account)) return 'credit';
  return null;
}

/** The compiled field of one reference column. */
export function compileField(column: string, spec: FieldSpec, ctx: CompileContext): Ev {
  const def = ctx.def;
  const f: FieldCtx = {
    column,
    kind: fieldKind(ctx.role, column),
    money: moneyFormat(def.money),
    dates: { ...def.dates },
    path: keyPath('fields', column),
  };
  return compileSpec(spec, f.path, f, ctx);
}

/** The erp Instrument made from the accounts: the instrument of the first rule the line's account fits. */
export function instrumentFromAccounts(ctx: CompileContext): Ev {
  const account = ctx.field(ctx.fieldIndex.get('Account')!);
  return (st) => {
    const a = account(st);
    for (const r of ctx.accounts) if (r.test(a)) return r.instrument;
    return '';
  };
}
