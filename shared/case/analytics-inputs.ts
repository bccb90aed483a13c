// What a case keeps for its close analytics besides its quarter (docs/formats.md §10): the prior quarters'
// platform exports and the card register, stored whole in the case file (table analytics_files), and the
// analytics settings given. The audit log records them, each change an `analytics` entry naming every file by
// its SHA-256 and the settings in force, the last entry in force: a reopened case takes them from the stored
// files the log names, so its analytics are re-performed without the files being given again.
import type { AnalyticsSettingsInput } from '../analytics/close';
import type { AnalyticsRequest } from '../analytics/prior-quarters';
import type { ChainHead } from '../close';
import { sha256Hex } from '../hash';
import { InputError, type AuditEntry, type InputFile } from '../types';

/** The analytics inputs a case holds: files in the order given (history by name, at most one of a name). */
export interface AnalyticsInputs {
  history: InputFile[];
  register: InputFile | null;
  settings: AnalyticsSettingsInput | null;
}

export const NO_ANALYTICS_INPUTS: AnalyticsInputs = { history: [], register: null, settings: null };

/** A change the auditor makes: each part left out is left as it is. */
export interface AnalyticsChange {
  /** Prior quarters to add; one named as a quarter held replaces it. */
  addHistory?: InputFile[];
  /** Prior quarters to take out, by name. */
  removeHistory?: string[];
  /** The card register to use, or null for none. */
  register?: InputFile | null;
  /** The settings given (all of them: they replace those given before), or null for the defaults. */
  settings?: AnalyticsSettingsInput | null;
}

/** A stored analytics file as the case file's analytics_files table holds it. */
export interface StoredAnalyticsFile {
  kind: 'history' | 'register';
  name: string;
  sha256: string;
  bytes: Uint8Array;
}

/** What an `analytics` audit entry records: the inputs in force after it, and what changed, in words. */
export interface LoggedAnalytics {
  history: { name: string; sha256: string }[];
  register: { name: string; sha256: string } | null;
  settings: AnalyticsSettingsInput | null;
}

export function isEmpty(inputs: AnalyticsInputs): boolean {
  return !inputs.history.length && !inputs.register && !inputs.settings;
}

/** The inputs as a run takes them. */
export function asRequest(inputs: AnalyticsInputs): AnalyticsRequest {
  return {
    ...(inputs.history.length ? { history: inputs.history } : {}),
    ...(inputs.register ? { register: inputs.register } : {}),
    ...(inputs.settings ? { analyticsSettings: inputs.settings } : {}),
  };
}

/** A run's request as the inputs a case holds; two prior quarters of one name (from two folders) are refused, never one dropped. */
export function fromRequest(req: AnalyticsRequest): AnalyticsInputs {
  const history = req.history ?? [];
  const twice = history.find((f, i) => history.findIndex((g) => g.name === f.name) !== i);
  if (twice) throw new InputError(`--history: two prior quarters are named ${twice.name}; the case keeps its prior quarters by name: rename one`, twice.name);
  return { history: [...history], register: req.register ?? null, settings: req.analyticsSettings ?? null };
}

/** `held` with `added` in: a file named as one held takes its place, the others come after, in the order given. */
function byName(held: readonly InputFile[], added: readonly InputFile[]): InputFile[] {
  const out = [...held];
  for (const f of added) {
    const at = out.findIndex((h) => h.name === f.name);
    if (at >= 0) out[at] = f;
    else out.push(f);
  }
  return out;
}

/** The inputs after a change; a prior quarter to take out that is not held is refused in one line. */
export function applyAnalyticsChange(inputs: AnalyticsInputs, change: AnalyticsChange): AnalyticsInputs {
  let history = inputs.history;
  for (const name of change.removeHistory ?? []) {
    if (!history.some((f) => f.name === name)) throw new InputError(`No prior quarter named ${name} is held`);
    history = history.filter((f) => f.name !== name);
  }
  const added = change.addHistory ?? [];
  const twice = added.find((f, i) => added.findIndex((g) => g.name === f.name) !== i);
  if (twice) throw new InputError(`Two of the prior quarters given are named ${twice.name}: give one at a time, or rename one`, twice.name);
  history = byName(history, added.map((f) => ({ ...f, role: 'platform' as const })));
  return {
    history,
    register: change.register === undefined ? inputs.register : change.register && { ...change.register, role: 'platform' },
    settings: change.settings === undefined ? inputs.settings : change.settings,
  };
}

/** The command line's flags given with --case over the stored inputs: --history adds (a name held is replaced), --register and --analytics-settings replace. */
export function withFlags(stored: AnalyticsInputs, flags: AnalyticsRequest | undefined): AnalyticsInputs {
  if (!flags) return stored;
  return {
    history: byName(stored.history, flags.history ?? []),
    register: flags.register ?? stored.register,
    settings: flags.analyticsSettings ?? stored.settings,
  };
}

/** Each file's SHA-256, made once per bytes held (a change, its log entry and the export all name it). */
const digests = new WeakMap<Uint8Array, string>();
function digest(bytes: Uint8Array): string {
  let d = digests.get(bytes);
  if (d === undefined) digests.set(bytes, (d = sha256Hex(bytes)));
  return d;
}

const named = (f: InputFile) => ({ name: f.name, sha256: digest(f.bytes) });

export function loggedForm(inputs: AnalyticsInputs): LoggedAnalytics {
  return { history: inputs.history.map(named), register: inputs.register && named(inputs.register), settings: inputs.settings };
}

/** The detail of an `analytics` entry: what changed, in words, then the inputs in force after it. */
export function analyticsEntryDetail(inputs: AnalyticsInputs, change: string, carried?: CarriedFrom): string {
  return JSON.stringify({ change, ...(carried ? { carried_from: carried } : {}), ...loggedForm(inputs) });
}

/** Whether the inputs are those a logged entry records (the words of the change aside). */
export function sameAsLogged(inputs: AnalyticsInputs, logged: LoggedAnalytics | null): boolean {
  return JSON.stringify(loggedForm(inputs)) === JSON.stringify(logged ? { history: logged.history, register: logged.register, settings: logged.settings } : loggedForm(NO_ANALYTICS_INPUTS));
}

/** What a change did, in words, for the audit log. */
export function describeChange(before: AnalyticsInputs, after: AnalyticsInputs): string {
  const had = new Set(before.history.map((f) => `${f.name}|${digest(f.bytes)}`));
  const has = new Set(after.history.map((f) => f.name));
  const parts: string[] = [];
  const added = after.history.filter((f) => !had.has(`${f.name}|${digest(f.bytes)}`)).map((f) => f.name);
  const removed = before.history.filter((f) => !has.has(f.name)).map((f) => f.name);
  if (added.length) parts.push(`prior quarters added: ${added.join(', ')}`);
  if (removed.length) parts.push(`prior quarters removed: ${removed.join(', ')}`);
  const reg = (x: InputFile | null) => (x ? `${x.name}|${digest(x.bytes)}` : '');
  if (reg(before.register) !== reg(after.register)) parts.push(after.register ? `card register: ${after.register.name}` : 'card register removed');
  if (JSON.stringify(before.settings) !== JSON.stringify(after.settings)) parts.push(`settings: ${after.settings ? JSON.stringify(after.settings) : 'the defaults'}`);
  return parts.join('; ') || 'no change';
}

/** The last `analytics` entry of a log (the one in force); null when none, with a problem for one that does not read. */
export function readAnalyticsLog(log: readonly AuditEntry[]): { logged: LoggedAnalytics | null; problems: string[] } {
  let logged: LoggedAnalytics | null = null;
  const problems: string[] = [];
  for (const e of log) {
    if (e.action !== 'analytics') continue;
    const read = readEntry(e.detail);
    if (read) logged = read;
    else problems.push(`Audit entry ${e.seq} (analytics) does not read as the close analytics' inputs`);
  }
  return { logged, problems };
}

const isNamed = (x: unknown): x is { name: string; sha256: string } =>
  !!x && typeof (x as { name?: unknown }).name === 'string' && typeof (x as { sha256?: unknown }).sha256 === 'string';

function readEntry(detail: string): LoggedAnalytics | null {
  let v: { history?: unknown; register?: unknown; settings?: unknown };
  try {
    v = JSON.parse(detail) as typeof v;
  } catch {
    return null;
  }
  if (!v || !Array.isArray(v.history) || !v.history.every(isNamed)) return null;
  if (v.register !== null && !isNamed(v.register)) return null;
  if (v.settings !== null && (typeof v.settings !== 'object' || Array.isArray(v.settings))) return null;
  return {
    history: v.history.map((h) => ({ name: h.name, sha256: h.sha256 })),
    register: v.register ? { name: v.register.name, sha256: v.register.sha256 } : null,
    settings: (v.settings as AnalyticsSettingsInput | null) ?? null,
  };
}

/**
 * The inputs a reopened case takes: each file the log's entry names, from the stored files by its SHA-256 (under
 * the log's name); one the case file no longer holds is named as a problem and left out.
 */
export function storedInputs(logged: LoggedAnalytics | null, stored: readonly StoredAnalyticsFile[]): { inputs: AnalyticsInputs; problems: string[] } {
  const problems: string[] = [];
  if (!logged) {
    if (stored.length) problems.push(`The case file holds ${stored.length} analytics file(s) (${stored.map((f) => f.name).join(', ')}) that no analytics entry of the audit log names; they were left out`);
    return { inputs: NO_ANALYTICS_INPUTS, problems };
  }
  const find = (kind: StoredAnalyticsFile['kind'], want: { name: string; sha256: string }): InputFile | null => {
    const f = stored.find((s) => s.kind === kind && s.sha256 === want.sha256 && sha256Hex(s.bytes) === want.sha256);
    if (f) return { role: 'platform', name: want.name, bytes: f.bytes };
    problems.push(`The audit log's analytics entry names the ${kind === 'history' ? 'prior quarter' : 'card register'} ${want.name} (SHA-256 ${want.sha256.slice(0, 12)}…), which the case file no longer holds as it was`);
    return null;
  };
  const history = logged.history.map((h) => find('history', h)).filter((f): f is InputFile => f !== null);
  const register = logged.register ? find('register', logged.register) : null;
  return { inputs: { history, register, settings: logged.settings }, problems };
}

/** The inputs' files as the analytics_files table stores them. */
export function filesToStore(inputs: AnalyticsInputs): StoredAnalyticsFile[] {
  const out: StoredAnalyticsFile[] = inputs.history.map((f) => ({ kind: 'history', name: f.name, sha256: digest(f.bytes), bytes: f.bytes }));
  if (inputs.register) out.push({ kind: 'register', name: inputs.register.name, sha256: digest(inputs.register.bytes), bytes: inputs.register.bytes });
  return out;
}

/**
 * The analytics inputs a case hands to the case of the next quarter (CaseClosing.nextCase, the command line's
 * --prior): its prior quarters, its own platform export as one more prior quarter, its card register and settings.
 */
export interface AnalyticsCarry {
  inputs: AnalyticsInputs;
  /** The case's own platform export as the prior quarter it becomes: its name in the case, its name in the history. */
  quarter: { file: string; name: string; sha256: string } | null;
  /** Why the new case could not take them (the refusal of reading them there): it starts without them. */
  refused?: string;
}

/**
 * What a case carries to the next quarter. Its platform export is renamed to state the case's period
 * (`2026-04-01..2026-06-30 platform.csv`), for a prior quarter's period is read from its name first.
 */
export function carryAnalytics(held: AnalyticsInputs, platform: InputFile | undefined, period: { start: string; end: string }): AnalyticsCarry {
  if (!platform) return { inputs: held, quarter: null };
  const name = `${period.start}..${period.end} ${platform.name}`;
  const own: InputFile = { role: 'platform', name, bytes: platform.bytes };
  const quarter = { file: platform.name, name, sha256: digest(own.bytes) };
  return { inputs: { ...held, history: byName(held.history, [own]) }, quarter };
}

/**
 * A new case's inputs from a carry and the inputs given besides: --history given replaces the carried prior
 * quarters (all of them), --register and --analytics-settings replace the carried register and settings.
 */
export function overCarry(carry: AnalyticsCarry, given: AnalyticsInputs): AnalyticsInputs {
  return {
    history: given.history.length ? given.history : carry.inputs.history,
    register: given.register ?? carry.inputs.register,
    settings: given.settings ?? carry.inputs.settings,
  };
}

/** Where an `analytics` entry's carried inputs came from: the prior case as the `prior` entry names it, and what was taken. */
export interface CarriedFrom {
  case_file: { name: string; sha256: string };
  chain_head: ChainHead;
  period: { start: string; end: string };
  /** The prior quarters taken from the prior case, by their names here; the prior case's own platform export among them. */
  prior_quarters: string[];
  this_quarter: { file: string; name: string; sha256: string } | null;
  register: boolean;
  settings: boolean;
  /** Why nothing was carried: the carried inputs do not read in the new case. */
  refused?: string;
}

/** What of a carry a new case took (the inputs in force against the carry), in the entry's form and in words. */
export function carriedFrom(carry: AnalyticsCarry, inputs: AnalyticsInputs, prior: Pick<CarriedFrom, 'case_file' | 'chain_head' | 'period'>): { from: CarriedFrom; words: string } {
  const same = (a: InputFile | null, b: InputFile | null) => !!a && !!b && a.name === b.name && digest(a.bytes) === digest(b.bytes);
  // The carried prior quarters are taken whole or not at all (--history given takes their place).
  const tookHistory = inputs.history.length === carry.inputs.history.length && inputs.history.every((f, i) => same(carry.inputs.history[i], f));
  const prior_quarters = tookHistory ? inputs.history.map((f) => f.name) : [];
  const quarter = carry.quarter && prior_quarters.includes(carry.quarter.name) ? carry.quarter : null;
  const register = same(carry.inputs.register, inputs.register);
  const settings = !!carry.inputs.settings && JSON.stringify(carry.inputs.settings) === JSON.stringify(inputs.settings);
  const from: CarriedFrom = { ...prior, prior_quarters, this_quarter: quarter, register, settings, ...(carry.refused ? { refused: carry.refused } : {}) };
  const own = quarter ? ` (its own platform export ${quarter.file} as ${quarter.name}, SHA-256 ${quarter.sha256})` : '';
  const taken = [
    prior_quarters.length ? `prior quarters ${prior_quarters.join(', ')}${own}` : '',
    register ? `card register ${inputs.register!.name}` : '',
    settings ? 'analytics settings' : '',
  ].filter(Boolean);
  const head = `from the prior case ${prior.case_file.name} (SHA-256 ${prior.case_file.sha256}, audit log entry ${prior.chain_head.seq} ${prior.chain_head.hash}, ${prior.period.start}..${prior.period.end})`;
  // What the run gave in place of the carried parts.
  const took: AnalyticsInputs = { history: tookHistory ? inputs.history : [], register: register ? inputs.register : null, settings: settings ? inputs.settings : null };
  const besides = describeChange(took, inputs);
  const words = [taken.length ? `carried ${head}: ${taken.join('; ')}` : `nothing carried ${head}${carry.refused ? `: its inputs do not read in this case (${carry.refused})` : ''}`, besides === 'no change' ? '' : `given besides: ${besides}`];
  return { from, words: words.filter(Boolean).join('; ') };
}
