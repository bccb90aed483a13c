// A profile file's JSON to a ProfileDef, or one line naming the key path of the first thing wrong: an unknown key,
// a wrong type, a regular expression that does not compile, a reference column the role does not have. Columns of
// the source file are checked later, when the profile meets a file's headers (compile.ts).
import { FILE_ROLES, type FileRole } from '../../types';
import { referenceColumn, referenceColumns, requiredColumns, fieldKind } from './reference';
import {
  PROFILE_FORMAT,
  type ColumnRef,
  type Condition,
  type FieldSpec,
  type Literal,
  type ProfileDef,
  type Target,
  type ValueTest,
} from './types';

/** A profile that cannot be used: the message is one line, naming the profile and the key path. */
export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

type Json = unknown;
type Obj = Record<string, Json>;

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `fields["Transaction ID"].cases[2].when` */
export function keyPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const k = IDENT.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (base === '') return k;
  return k.startsWith('[') ? `${base}${k}` : `${base}.${k}`;
}

function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

const VALUE_TEST_KEYS = ['blank', 'equals', 'in', 'startsWith', 'matches', 'not'] as const;
const SPEC_KINDS = [
  'column', 'coalesce', 'const', 'cases', 'extract', 'fillDown', 'generate', 'lookup', 'section', 'split', 'datetime', 'absent', 'derive', 'infer',
] as const;
const SPEC_OPTIONS = ['money', 'dates', 'when', 'note'];
/** Keys that go with one kind of spec only. */
const COMPANION_KEYS: Record<string, string> = { optional: 'column', otherwise: 'cases', by: 'generate', prefix: 'generate' };

class Validator {
  constructor(private id: string) {}

  fail(path: string, message: string): never {
    throw new ProfileError(`profile ${this.id}: ${path || '(top level)'}: ${message}`);
  }

  obj(v: Json, path: string, allowed: readonly string[]): Obj {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `must be an object, not ${describe(v)}`);
    const o = v as Obj;
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(keyPath(path, k), `unknown key '${k}' (allowed here: ${allowed.join(', ')})`);
    }
    return o;
  }

  str(v: Json, path: string, opts: { empty?: boolean } = {}): string {
    if (typeof v !== 'string') this.fail(path, `must be text, not ${describe(v)}`);
    if (!opts.empty && v.trim() === '') this.fail(path, 'must not be empty');
    return v;
  }

  bool(v: Json, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, `must be true or false, not ${describe(v)}`);
    return v;
  }

  int(v: Json, path: string, min: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(path, `must be a whole number of at least ${min}, not ${describe(v)}`);
    return v;
  }

  oneOf<T extends string>(v: Json, path: string, values: readonly T[]): T {
    if (typeof v !== 'string' || !values.includes(v as T)) this.fail(path, `must be one of ${values.map((x) => `'${x}'`).join(', ')}, not ${describe(v)}`);
    return v as T;
  }

  list(v: Json, path: string, opts: { empty?: boolean } = {}): Json[] {
    if (!Array.isArray(v)) this.fail(path, `must be a list, not ${describe(v)}`);
    if (!opts.empty && v.length === 0) this.fail(path, 'must not be an empty list');
    return v;
  }

  literal(v: Json, path: string): Literal {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
    return this.fail(path, `must be a text, a number, true/false or null, not ${describe(v)}`);
  }

  regex(v: Json, path: string, flags?: Json, flagsPath?: string): void {
    const source = this.str(v, path);
    let f = '';
    if (flags !== undefined) {
      f = this.str(flags, flagsPath ?? `${path}.flags`);
      if (!/^[imsu]*$/.test(f)) this.fail(flagsPath ?? `${path}.flags`, `'${f}' is not a set of regular expression flags (i, m, s, u)`);
    }
    try {
      new RegExp(source, f);
    } catch (err) {
      this.fail(path, `'${source}' is not a regular expression (${String((err as Error).message).replace(/^Invalid regular expression: /, '')})`);
    }
  }

  columnRef(v: Json, path: string): ColumnRef {
    if (typeof v === 'number') return this.int(v, path, 0);
    if (typeof v === 'string') return this.str(v, path, { empty: true });
    if (Array.isArray(v)) {
      this.list(v, path);
      v.forEach((x, i) => this.str(x, keyPath(path, i), { empty: true }));
      return v as string[];
    }
    return this.fail(path, `must name a column (a header, a 0-based position or a list of alternative headers), not ${describe(v)}`);
  }

  valueTest(v: Json, path: string): ValueTest {
    if (Array.isArray(v)) {
      v.forEach((x, i) => this.literal(x, keyPath(path, i)));
      return v as Literal[];
    }
    if (v === null || typeof v !== 'object') return this.literal(v, path);
    const o = this.obj(v, path, [...VALUE_TEST_KEYS, 'flags']);
    const keys = Object.keys(o).filter((k) => k !== 'flags');
    if (keys.length !== 1) this.fail(path, `must hold exactly one test of ${VALUE_TEST_KEYS.join(', ')}`);
    this.testBody(o, keys[0], path);
    if (o.flags !== undefined && keys[0] !== 'matches') this.fail(keyPath(path, 'flags'), "'flags' goes only with 'matches'");
    return o as ValueTest;
  }

  /** One test key of a value test or of a `column` condition. */
  private testBody(o: Obj, key: string, path: string): void {
    const p = keyPath(path, key);
    switch (key) {
      case 'blank':
        this.bool(o.blank, p);
        break;
      case 'equals':
        this.literal(o.equals, p);
        break;
      case 'in':
        this.list(o.in, p).forEach((x, i) => this.literal(x, keyPath(p, i)));
        break;
      case 'startsWith':
        this.str(o.startsWith, p);
        break;
      case 'matches':
        this.regex(o.matches, p, o.flags, keyPath(path, 'flags'));
        break;
      case 'not':
        this.valueTest(o.not, p);
        break;
    }
  }

  condition(v: Json, path: string): Condition {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `must be a condition object, not ${describe(v)}`);
    const o = v as Obj;
    const keys = Object.keys(o);
    if (keys.length === 0) this.fail(path, 'an empty condition');
    if ('column' in o) {
      this.obj(o, path, ['column', 'optional', 'flags', ...VALUE_TEST_KEYS]);
      this.columnRef(o.column, keyPath(path, 'column'));
      if (o.optional !== undefined) this.bool(o.optional, keyPath(path, 'optional'));
      const tests = keys.filter((k) => (VALUE_TEST_KEYS as readonly string[]).includes(k));
      if (tests.length !== 1) this.fail(path, `a 'column' condition needs exactly one test of ${VALUE_TEST_KEYS.join(', ')}`);
      this.testBody(o, tests[0], path);
      if (o.flags !== undefined && tests[0] !== 'matches') this.fail(keyPath(path, 'flags'), "'flags' goes only with 'matches'");
      return o as Condition;
    }
    if (keys.length === 1) {
      const [k] = keys;
      if (k === 'all') {
        if (o.all !== 'blank') this.fail(keyPath(path, 'all'), `must be 'blank', not ${describe(o.all)}`);
        return o as Condition;
      }
      if (k === 'allOf' || k === 'anyOf') {
        this.list(o[k], keyPath(path, k)).forEach((c, i) => this.condition(c, keyPath(keyPath(path, k), i)));
        return o as Condition;
      }
      if (k === 'not') {
        this.condition(o.not, keyPath(path, 'not'));
        return o as Condition;
      }
      if (k === 'anyCell') {
        this.valueTest(o.anyCell, keyPath(path, 'anyCell'));
        return o as Condition;
      }
    }
    // The short form: every key a column, every value a test.
    for (const k of keys) {
      if (k.trim() === '') this.fail(keyPath(path, k), "an empty column name (use { \"column\": 0, ... } for a column without a header)");
      this.valueTest(o[k], keyPath(path, k));
    }
    return o as Condition;
  }

  target(v: Json, path: string, field: FieldContext): Target {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Obj;
      if ('outOfScope' in o) {
        this.obj(o, path, ['outOfScope', 'note']);
        this.str(o.outOfScope, keyPath(path, 'outOfScope'));
        return o as Target;
      }
      if ('quarantine' in o) {
        this.obj(o, path, ['quarantine', 'note']);
        this.str(o.quarantine, keyPath(path, 'quarantine'));
        return o as Target;
      }
      return this.spec(o, path, field);
    }
    return this.literal(v, path);
  }

  spec(v: Json, path: string, field: FieldContext, inWhen = false): FieldSpec {
    const allowed = [...SPEC_KINDS, ...SPEC_OPTIONS, ...Object.keys(COMPANION_KEYS), ...(inWhen ? ['if'] : [])];
    const o = this.obj(v, path, allowed);
    const kinds = SPEC_KINDS.filter((k) => k in o);
    if (kinds.length !== 1) {
      this.fail(path, kinds.length === 0 ? `needs one of ${SPEC_KINDS.join(', ')}` : `has both '${kinds[0]}' and '${kinds[1]}': a field is made one way`);
    }
    const kind = kinds[0];
    for (const [k, owner] of Object.entries(COMPANION_KEYS)) {
      if (k in o && owner !== kind) this.fail(keyPath(path, k), `'${k}' goes only with '${owner}'`);
    }
    const p = keyPath(path, kind);
    if (o.money !== undefined) {
      if (field.kind !== 'money') this.fail(keyPath(path, 'money'), `'${field.column}' is not a money column`);
      this.money(o.money, keyPath(path, 'money'));
    }
    if (o.dates !== undefined) {
      if (field.kind !== 'instant' && field.kind !== 'date') this.fail(keyPath(path, 'dates'), `'${field.column}' is not a date or time column`);
      this.dates(o.dates, keyPath(path, 'dates'));
    }
    if (o.note !== undefined) this.str(o.note, keyPath(path, 'note'), { empty: true });
    if (o.when !== undefined) {
      if (inWhen) this.fail(keyPath(path, 'when'), "an override cannot hold overrides of its own");
      this.list(o.when, keyPath(path, 'when')).forEach((w, i) => {
        const wp = keyPath(keyPath(path, 'when'), i);
        const wo = this.obj(w, wp, [...SPEC_KINDS, ...SPEC_OPTIONS, ...Object.keys(COMPANION_KEYS), 'if']);
        if (!('if' in wo)) this.fail(wp, "an override needs 'if' (its condition)");
        this.condition(wo.if, keyPath(wp, 'if'));
        this.spec(wo, wp, field, true);
      });
    }
    switch (kind) {
      case 'column':
        this.columnRef(o.column, p);
        if (o.optional !== undefined) this.bool(o.optional, keyPath(path, 'optional'));
        break;
      case 'coalesce':
        this.list(o.coalesce, p).forEach((x, i) => {
          const ip = keyPath(p, i);
          if (x !== null && typeof x === 'object' && !Array.isArray(x)) this.spec(x, ip, field);
          else this.columnRef(x, ip);
        });
        break;
      case 'const':
        this.literal(o.const, p);
        break;
      case 'cases': {
        this.list(o.cases, p).forEach((c, i) => {
          const cp = keyPath(p, i);
          const co = this.obj(c, cp, ['when', 'value', 'note']);
          if (!('when' in co)) this.fail(cp, "a case needs 'when'");
          if (!('value' in co)) this.fail(cp, "a case needs 'value' (a value, a field spec, { \"outOfScope\": reason } or { \"quarantine\": reason })");
          this.condition(co.when, keyPath(cp, 'when'));
          this.target(co.value, keyPath(cp, 'value'), field);
        });
        if (o.otherwise !== undefined) this.target(o.otherwise, keyPath(path, 'otherwise'), field);
        break;
      }
      case 'extract': {
        const e = this.obj(o.extract, p, ['column', 'pattern', 'group', 'flags']);
        if (!('column' in e) || !('pattern' in e)) this.fail(p, "needs 'column' and 'pattern'");
        this.columnRef(e.column, keyPath(p, 'column'));
        this.regex(e.pattern, keyPath(p, 'pattern'), e.flags, keyPath(p, 'flags'));
        const group = e.group === undefined ? 1 : this.int(e.group, keyPath(p, 'group'), 0);
        const groups = new RegExp(`${e.pattern as string}|`).exec('')!.length - 1;
        if (group > groups) this.fail(keyPath(p, 'group'), `the pattern has ${groups} group${groups === 1 ? '' : 's'}, so there is no group ${group}`);
        break;
      }
      case 'fillDown':
        this.columnRef(o.fillDown, p);
        break;
      case 'generate': {
        const g = this.oneOf(o.generate, p, ['row', 'lineInGroup', 'groupStart'] as const);
        if (o.prefix !== undefined) this.str(o.prefix, keyPath(path, 'prefix'), { empty: true });
        if (o.by !== undefined) {
          if (g !== 'lineInGroup') this.fail(keyPath(path, 'by'), "'by' goes only with 'generate: lineInGroup'");
          const by = this.str(o.by, keyPath(path, 'by'));
          field.dependsOn.push({ column: by, path: keyPath(path, 'by') });
        } else if (g !== 'row') {
          field.needsGroup.push(p);
        }
        break;
      }
      case 'lookup': {
        const l = this.obj(o.lookup, p, ['match', 'where', 'column', 'otherwise', 'sameFile']);
        if (!('match' in l) || !('column' in l)) this.fail(p, "needs 'match' (the columns both rows share) and 'column' (the value to take)");
        if (l.sameFile !== undefined && l.sameFile !== true) this.fail(keyPath(p, 'sameFile'), 'only true is supported: a lookup reads the same file');
        this.list(l.match, keyPath(p, 'match')).forEach((c, i) => this.columnRef(c, keyPath(keyPath(p, 'match'), i)));
        if (l.where !== undefined) this.condition(l.where, keyPath(p, 'where'));
        this.columnRef(l.column, keyPath(p, 'column'));
        if (l.otherwise !== undefined) this.target(l.otherwise, keyPath(p, 'otherwise'), field);
        break;
      }
      case 'section':
        if (o.section !== true) this.fail(p, 'must be true');
        field.needsSections.push(p);
        break;
      case 'split': {
        if (field.kind !== 'money') this.fail(p, `'${field.column}' is not a money column`);
        const s = this.obj(o.split, p, ['column', 'take', 'positive']);
        if (!('column' in s) || !('take' in s) || !('positive' in s)) this.fail(p, "needs 'column', 'take' and 'positive'");
        this.columnRef(s.column, keyPath(p, 'column'));
        this.oneOf(s.take, keyPath(p, 'take'), ['debit', 'credit'] as const);
        const pos = this.oneOf(s.positive, keyPath(p, 'positive'), ['debit', 'credit', 'normalBalance'] as const);
        if (pos === 'normalBalance') field.needsNormalBalance.push(keyPath(p, 'positive'));
        break;
      }
      case 'datetime': {
        if (field.kind !== 'instant' && field.kind !== 'date') this.fail(p, `'${field.column}' is not a date or time column`);
        const d = this.obj(o.datetime, p, ['date', 'time', 'zone']);
        if (!('date' in d)) this.fail(p, "needs 'date' (the column of the date)");
        this.columnRef(d.date, keyPath(p, 'date'));
        if (d.time !== undefined) this.columnRef(d.time, keyPath(p, 'time'));
        if (d.zone !== undefined) this.columnRef(d.zone, keyPath(p, 'zone'));
        break;
      }
      case 'absent':
        if (o.absent !== true) this.fail(p, 'must be true');
        if (path !== field.path) this.fail(p, "'absent' describes the whole field, not one of its cases");
        if (requiredColumns(field.role).includes(field.column)) this.fail(p, `'${field.column}' is required in the ${field.role} layout: map it or generate it`);
        break;
      case 'derive':
        if (o.derive !== 'balanceDelta') this.fail(p, `must be 'balanceDelta', not ${describe(o.derive)}`);
        if (field.role !== 'platform' || field.column !== 'Amount') this.fail(p, "'derive: balanceDelta' makes a platform Amount from the balance chain; it fits no other field");
        break;
      case 'infer':
        if (o.infer !== 'voidedRedemption') this.fail(p, `must be 'voidedRedemption', not ${describe(o.infer)}`);
        if (field.role !== 'platform' || field.column !== 'Voids Txn') this.fail(p, "'infer: voidedRedemption' fills a platform Voids Txn; it fits no other field");
        break;
    }
    return o as unknown as FieldSpec;
  }

  money(v: Json, path: string): void {
    const o = this.obj(v, path, ['decimal', 'thousands', 'symbols', 'parentheses', 'minorUnits', 'negate']);
    if (o.decimal !== undefined) this.oneOf(o.decimal, keyPath(path, 'decimal'), ['.', ','] as const);
    if (o.thousands !== undefined) this.oneOf(o.thousands, keyPath(path, 'thousands'), [',', '.', ' ', "'", ''] as const);
    if (o.decimal !== undefined && o.thousands !== undefined && o.decimal === o.thousands) {
      this.fail(keyPath(path, 'thousands'), `the thousands separator cannot be the decimal mark '${o.decimal as string}'`);
    }
    for (const k of ['symbols', 'parentheses', 'minorUnits', 'negate']) if (o[k] !== undefined) this.bool(o[k], keyPath(path, k));
  }

  dates(v: Json, path: string): void {
    const o = this.obj(v, path, ['order', 'zone', 'zones']);
    if (o.order !== undefined && o.order !== null) this.oneOf(o.order, keyPath(path, 'order'), ['MDY', 'DMY', 'YMD'] as const);
    if (o.zone !== undefined && o.zone !== null) {
      const z = this.str(o.zone, keyPath(path, 'zone'));
      if (!isZone(z)) this.fail(keyPath(path, 'zone'), `'${z}' is not an IANA time zone (e.g. America/New_York, UTC)`);
    }
    if (o.zones !== undefined) {
      const zs = this.obj(o.zones, keyPath(path, 'zones'), keysOf(o.zones));
      for (const [name, zone] of Object.entries(zs)) {
        const z = this.str(zone, keyPath(keyPath(path, 'zones'), name));
        if (!isZone(z)) this.fail(keyPath(keyPath(path, 'zones'), name), `'${z}' is not an IANA time zone`);
      }
    }
  }
}

/** An object's own keys (none for anything else): every key is allowed where keys are names. */
function keysOf(v: Json): string[] {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

function isZone(z: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: z });
    return true;
  } catch {
    return false;
  }
}

/** What a field's spec needs from the rest of the profile, collected while validating it. */
interface FieldContext {
  role: FileRole;
  column: string;
  kind: ReturnType<typeof fieldKind>;
  path: string;
  dependsOn: { column: string; path: string }[];
  needsGroup: string[];
  needsSections: string[];
  needsNormalBalance: string[];
}

const TOP_KEYS = [
  'format', 'id', 'name', 'role', 'version', 'description', 'note', 'detect', 'table', 'rows', 'fields', 'money', 'dates', 'accounts', 'otherAccounts', 'normalBalance',
];

/** Checks a profile file's JSON and returns it typed, or throws a ProfileError naming the key path. */
export function validateProfile(json: Json): ProfileDef {
  const pre = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Obj) : null;
  const id = pre && typeof pre.id === 'string' && pre.id.trim() !== '' ? pre.id : '(no id)';
  const v = new Validator(id);
  const o = v.obj(json, '', TOP_KEYS);
  if (o.format !== PROFILE_FORMAT) v.fail('format', `must be '${PROFILE_FORMAT}', not ${o.format === undefined ? 'missing' : describe(o.format)}`);
  const pid = v.str(o.id, 'id');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(pid)) v.fail('id', `'${pid}' may hold only letters, digits, '.', '_' and '-'`);
  v.str(o.name, 'name');
  const role = v.oneOf(o.role, 'role', FILE_ROLES);
  v.int(o.version, 'version', 1);
  const val = new Validator(pid);
  if (o.description !== undefined) val.str(o.description, 'description', { empty: true });
  if (o.note !== undefined) val.str(o.note, 'note', { empty: true });

  if (o.detect !== undefined) {
    const d = val.obj(o.detect, 'detect', ['headers', 'minShare', 'maxHeaderRow']);
    if (!('headers' in d)) val.fail('detect', "needs 'headers'");
    val.list(d.headers, 'detect.headers').forEach((h, i) => {
      const p = keyPath('detect.headers', i);
      if (Array.isArray(h)) val.list(h, p).forEach((x, j) => val.str(x, keyPath(p, j)));
      else val.str(h, p);
    });
    if (d.minShare !== undefined && (typeof d.minShare !== 'number' || !(d.minShare > 0 && d.minShare <= 1))) {
      val.fail('detect.minShare', `must be a share above 0 and at most 1, not ${describe(d.minShare)}`);
    }
    if (d.maxHeaderRow !== undefined) val.int(d.maxHeaderRow, 'detect.maxHeaderRow', 1);
  }

  let hasGroup = false;
  let hasSections = false;
  if (o.table !== undefined) {
    const t = val.obj(o.table, 'table', ['header', 'sheet', 'skip', 'footer', 'sections', 'group', 'note']);
    if (t.header !== undefined && t.header !== 'detect') val.int(t.header, 'table.header', 1);
    if (t.header === 'detect' && o.detect === undefined) val.fail('table.header', "'detect' needs the profile's 'detect.headers'");
    if (t.sheet !== undefined && t.sheet !== null) val.str(t.sheet, 'table.sheet');
    if (t.skip !== undefined) {
      val.list(t.skip, 'table.skip', { empty: true }).forEach((r, i) => {
        const p = keyPath('table.skip', i);
        const ro = val.obj(r, p, ['when', 'reason', 'note']);
        if (!('when' in ro) || !('reason' in ro)) val.fail(p, "a skip rule needs 'when' and 'reason'");
        val.condition(ro.when, keyPath(p, 'when'));
        val.str(ro.reason, keyPath(p, 'reason'));
      });
    }
    if (t.footer !== undefined) {
      const f = val.obj(t.footer, 'table.footer', ['when', 'reason', 'note']);
      if (!('when' in f) || !('reason' in f)) val.fail('table.footer', "needs 'when' and 'reason'");
      val.condition(f.when, 'table.footer.when');
      val.str(f.reason, 'table.footer.reason');
    }
    if (t.sections !== undefined) {
      hasSections = true;
      const s = val.obj(t.sections, 'table.sections', ['when', 'value', 'reason', 'endsWhen', 'endReason', 'note']);
      if (!('when' in s) || !('value' in s) || !('reason' in s)) val.fail('table.sections', "needs 'when', 'value' and 'reason'");
      val.condition(s.when, 'table.sections.when');
      val.columnRef(s.value, 'table.sections.value');
      val.str(s.reason, 'table.sections.reason');
      if (s.endsWhen !== undefined) {
        val.condition(s.endsWhen, 'table.sections.endsWhen');
        val.str(s.endReason, 'table.sections.endReason');
      } else if (s.endReason !== undefined) val.fail('table.sections.endReason', "goes only with 'endsWhen'");
    }
    if (t.group !== undefined) {
      hasGroup = true;
      const g = val.obj(t.group, 'table.group', ['startsWhen', 'note']);
      if (!('startsWhen' in g)) val.fail('table.group', "needs 'startsWhen'");
      val.condition(g.startsWhen, 'table.group.startsWhen');
    }
  }
  if (o.rows !== undefined) {
    val.list(o.rows, 'rows', { empty: true }).forEach((r, i) => {
      const p = keyPath('rows', i);
      const ro = val.obj(r, p, ['when', 'outOfScope', 'quarantine', 'keep', 'note']);
      if (!('when' in ro)) val.fail(p, "a row filter needs 'when'");
      val.condition(ro.when, keyPath(p, 'when'));
      const acts = ['outOfScope', 'quarantine', 'keep'].filter((k) => k in ro);
      if (acts.length !== 1) val.fail(p, "a row filter does one of 'outOfScope' (a reason), 'quarantine' (a reason) or 'keep' (true)");
      if (acts[0] === 'keep') {
        if (ro.keep !== true) val.fail(keyPath(p, 'keep'), 'must be true');
      } else val.str(ro[acts[0]], keyPath(p, acts[0]));
    });
  }

  if (o.money !== undefined) val.money(o.money, 'money');
  if (o.dates !== undefined) val.dates(o.dates, 'dates');

  const accounts = o.accounts !== undefined;
  if (accounts) {
    if (role !== 'erp') val.fail('accounts', 'liability accounts belong to an erp profile');
    val.list(o.accounts, 'accounts').forEach((a, i) => {
      const p = keyPath('accounts', i);
      const ao = val.obj(a, p, ['match', 'matches', 'instrument', 'note']);
      if (('match' in ao) === ('matches' in ao)) val.fail(p, "needs one of 'match' (a number prefix or an account name) and 'matches' (a regular expression)");
      if ('match' in ao) val.str(ao.match, keyPath(p, 'match'));
      else val.regex(ao.matches, keyPath(p, 'matches'));
      val.oneOf(ao.instrument, keyPath(p, 'instrument'), ['gift_card', 'store_credit'] as const);
    });
  }
  if (o.otherAccounts !== undefined) {
    if (!accounts) val.fail('otherAccounts', "needs 'accounts' (the accounts that are not 'other')");
    const oa = val.obj(o.otherAccounts, 'otherAccounts', ['outOfScope', 'note']);
    val.str(oa.outOfScope, 'otherAccounts.outOfScope');
  }
  const normal = o.normalBalance !== undefined;
  if (normal) {
    if (role !== 'erp') val.fail('normalBalance', 'normal balances belong to an erp profile');
    val.list(o.normalBalance, 'normalBalance').forEach((a, i) => {
      const p = keyPath('normalBalance', i);
      const ao = val.obj(a, p, ['match', 'matches', 'side', 'note']);
      if (('match' in ao) === ('matches' in ao)) val.fail(p, "needs one of 'match' (a number prefix or an account name) and 'matches' (a regular expression)");
      if ('match' in ao) val.str(ao.match, keyPath(p, 'match'));
      else val.regex(ao.matches, keyPath(p, 'matches'));
      val.oneOf(ao.side, keyPath(p, 'side'), ['debit', 'credit'] as const);
    });
  }

  if (o.fields === undefined) val.fail('fields', 'missing: a profile says how each reference column is made');
  const fields = val.obj(o.fields, 'fields', keysOf(o.fields));
  const produced = new Map<string, FieldContext>();
  for (const [key, spec] of Object.entries(fields)) {
    const path = keyPath('fields', key);
    const column = referenceColumn(role, key) ?? '';
    if (!column) val.fail(path, `'${key}' is not a column of the ${role} reference layout (columns: ${referenceColumns(role).join(', ')})`);
    if (produced.has(column)) val.fail(path, `'${key}' and another field both name the reference column '${column}'`);
    const ctx: FieldContext = {
      role, column, kind: fieldKind(role, column), path, dependsOn: [], needsGroup: [], needsSections: [], needsNormalBalance: [],
    };
    val.spec(spec, path, ctx);
    produced.set(column, ctx);
    if (ctx.needsGroup.length && !hasGroup) val.fail(ctx.needsGroup[0], "line numbers and group starts need 'table.group' (where a group starts)");
    if (ctx.needsSections.length && !hasSections) val.fail(ctx.needsSections[0], "needs 'table.sections' (the rows that open a section)");
    if (ctx.needsNormalBalance.length) {
      if (role !== 'erp') val.fail(ctx.needsNormalBalance[0], 'a normal balance needs an erp profile (it is the account\'s)');
      if (!accounts && !normal) val.fail(ctx.needsNormalBalance[0], "needs 'accounts' or 'normalBalance' (which side each account's balance is on)");
      ctx.dependsOn.push({ column: 'Account', path: ctx.needsNormalBalance[0] });
    }
  }
  if (accounts && produced.has('Instrument')) val.fail(keyPath('fields', 'Instrument'), "with 'accounts' the Instrument column is made from the accounts: do not map it as well");
  if (accounts && !produced.has('Account')) val.fail('accounts', "needs the field 'Account' (the account each line is on)");
  for (const col of requiredColumns(role)) {
    if (!produced.has(col)) val.fail('fields', `the ${role} layout needs '${col}': map it, generate it or make it from other columns`);
  }
  // Fields made from other fields must not go round in a circle.
  for (const ctx of produced.values()) {
    for (const dep of ctx.dependsOn) {
      const target = referenceColumn(role, dep.column);
      if (!target || !produced.has(target)) val.fail(dep.path, `'${dep.column}' is not a field of this profile`);
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (col: string): void => {
    if (done.has(col)) return;
    const ctx = produced.get(col)!;
    if (visiting.has(col)) val.fail(ctx.path, `'${col}' is made from itself (through ${[...visiting].join(' → ')})`);
    visiting.add(col);
    for (const dep of ctx.dependsOn) visit(referenceColumn(role, dep.column)!);
    visiting.delete(col);
    done.add(col);
  };
  for (const col of produced.keys()) visit(col);

  const def = json as ProfileDef;
  // Field keys as the reference layout spells them.
  const canonical: Record<string, FieldSpec> = {};
  for (const [key, spec] of Object.entries(def.fields)) canonical[referenceColumn(role, key)!] = spec;
  return { ...def, fields: canonical };
}
