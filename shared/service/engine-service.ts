// The engine as a service for a user interface: it holds the files handed over and the current case, and
// answers calls from one table of handlers. Each method is declared here once: the port's dispatch
// (serve.ts) calls `handlers[method](params, ctx)`, and the client's types (contract/engine.ts) are derived
// from `typeof handlers`. To add a method, add a handler below; nothing else lists them.
//
// Pure: no DOM and no Node, so the same service runs in the renderer's Web Worker and, on DuckDB, behind an
// Electron utility process's port (shared/node/engine-host.ts).
import type { PriorCarry, SignoffRole } from '../close';
import type { AnalyticsSettingsInput } from '../analytics/close';
import { APP_WORDING, checkAnalyticsSettings } from '../analytics/prior-quarters';
import type { CardLine, DecisionHistory, EngineCase, ExportOptions, RunHooks, RunRequest } from '../case/api';
import type { AnalyticsCarry, AnalyticsChange } from '../case/analytics-inputs';
import type { SignRequest } from '../case/signoff';
import { profileText } from '../import/choose-profile';
import type { Inspection, InspectOptions } from '../import/inspect';
import { proposePeriod } from '../import/period';
import { compileProfile, PRESET_FILES, PRESETS, type Preview } from '../import/profile';
import { fileSize, type CaseSettings, type Decision, type DriftPoint, type FileInspection, type FileRole, type InputFile, type Mapping, type Progress, type Report } from '../types';
import { Emitter } from './emitter';

/** What the service needs from its host: the engine's entry points, and sql.js loaded the host's way. */
export interface EngineServiceDeps<SQL> {
  loadSql: () => Promise<SQL>;
  runCase: (SQL: SQL, req: RunRequest, hooks?: RunHooks) => Promise<EngineCase>;
  openCase: (SQL: SQL, bytes: Uint8Array, hooks?: RunHooks) => Promise<EngineCase>;
  inspectFile: (file: InputFile, mapping?: Mapping, opts?: InspectOptions) => FileInspection;
  /** The file read whole as the run would (counts, problems, the profile preview); inspectFile alone without it. */
  examineFile?: (file: InputFile, mapping?: Mapping, opts?: InspectOptions) => Promise<Inspection>;
  /** A profile applied to a file, its first rows shown and its control totals over every row. */
  previewFile?: (file: InputFile, mapping: Mapping | undefined, profile: unknown, rows?: number) => Preview;
  /**
   * A file the host process granted, by its id, read from disk when the engine takes its bytes: a host that can
   * read files (the large-quarter engine's process) gives it; the Web Worker cannot.
   */
  readGranted?: (id: string, role: FileRole) => InputFile;
}

/** A preset as the profile editor lists it: what it reads, the headers it is recognised by, its JSON to copy. */
export interface PresetInfo {
  id: string;
  role: FileRole;
  name: string;
  version: number;
  description: string;
  /** The header signature: each entry a header or its alternatives. */
  headers: (string | string[])[];
  json: unknown;
}

/** A profile JSON checked: what it reads and makes, or its one-line error naming the key. */
export type ProfileCheck =
  | { ok: true; id: string; name: string; role: FileRole; version: number; columns: string[]; absent: string[]; renameOnly: boolean; sha256: string }
  | { ok: false; error: string };

/** What a handler gets besides its parameters. */
export interface CallContext {
  /** Aborted when the caller cancels the call. */
  readonly signal: AbortSignal;
  /** Tells the caller how far the call has got (sent as a `progress` event). */
  progress(p: Progress): void;
}

/** The case as the screens show it. */
export interface CaseView {
  settings: CaseSettings;
  report: Report;
  /** Cumulative divergence at the end of each week. */
  drift: DriftPoint[];
  /** What undo and redo would act on now. */
  history: DecisionHistory;
}

export interface CaseChange extends CaseView {
  cause: 'run' | 'open' | 'decide' | 'undo' | 'redo' | 'close' | 'analytics';
}

/** The events the service pushes to its client. */
export interface EngineEvents {
  /** How far a call has got; `call` is the call's id (its caller's progress callback gets it too). */
  progress: { call: number; progress: Progress };
  /** The case's numbers changed (a run, an open, a decision, an undo or a redo): the report, the drift, the history. */
  caseChanged: CaseChange;
}

/** A run's or an open's answer: the case itself comes with the caseChanged event, sent just before. */
export interface CaseSummary {
  settings: CaseSettings;
  exceptions: number;
}

/**
 * A handler's answer with what goes with it: buffers to transfer (moved to the caller, not copied), and work to
 * do once the answer is sent (while the caller is busy showing it).
 */
export class Reply<T> {
  constructor(
    readonly value: T,
    readonly transfer: ArrayBuffer[] = [],
    readonly afterSend?: () => void,
  ) {}
}

/** The value a handler's answer carries, with or without a Reply around it. */
export type Unwrap<R> = R extends Reply<infer T> ? T : R;

/** A Uint8Array as a standalone ArrayBuffer that can be transferred without detaching anything else. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

/** A file handed over by the page (its bytes transferred), as the engine reads it. */
type GivenFile = { name: string; bytes: ArrayBuffer };
const asInput = (f: GivenFile): InputFile => ({ role: 'platform', name: f.name, bytes: new Uint8Array(f.bytes) });

function transferred(bytes: Uint8Array): Reply<ArrayBuffer> {
  const buffer = ownBuffer(bytes);
  return new Reply(buffer, [buffer]);
}

export function createEngineService<SQL>(deps: EngineServiceDeps<SQL>) {
  const events = new Emitter<EngineEvents>();
  const files = new Map<FileRole, InputFile>();
  let current: EngineCase | null = null;
  /** The prior case a new case is being made from (nextCase), until that case is run, reset or another opened. */
  let pendingPrior: PriorCarry | null = null;
  /** The close analytics' inputs the prior case carries (nextCase), for the new case's first run. */
  let pendingAnalytics: AnalyticsCarry | null = null;
  let sqlPromise: Promise<SQL> | null = null;

  const sql = (): Promise<SQL> => (sqlPromise ??= deps.loadSql());
  const hooks = (ctx: CallContext): RunHooks => ({ signal: ctx.signal, onProgress: (p) => ctx.progress(p) });
  const needFile = (role: FileRole): InputFile => {
    const file = files.get(role);
    if (!file) throw new Error(`No ${role} file has been loaded`);
    return file;
  };
  const needCase = (): EngineCase => {
    if (!current) throw new Error('No case is loaded: run or open a case first');
    return current;
  };
  /** Closes the case, if any: sql.js memory is not garbage-collected. */
  const closeCase = (): void => {
    current?.close();
    current = null;
  };
  const changed = (cause: CaseChange['cause']): void => {
    const c = needCase();
    events.emit('caseChanged', { cause, settings: c.settings, report: c.report, drift: c.drift(), history: c.history() });
  };
  // A new case replaces the old only once it is built (a failed or cancelled run leaves the old one in use),
  // and the old one's database is freed then.
  const replace = (c: EngineCase, cause: CaseChange['cause']): Reply<CaseSummary> => {
    const old = current;
    current = c;
    if (old && old !== c) old.close();
    changed(cause);
    // The overview is on its way: build the case's look-up indexes now, before the first click needs them.
    // A failure here is not the run's; a later timeline or query tries again and reports it.
    const prepare = (): void => {
      try {
        c.prepareLookups();
      } catch {
        /* reported by the look-up that needs them */
      }
    };
    return new Reply({ settings: c.settings, exceptions: c.report.exceptions.length }, [], prepare);
  };

  const analyticsChange = async (change: AnalyticsChange, user: string): Promise<null> => {
    await needCase().changeAnalytics(change, user);
    changed('analytics');
    return null;
  };

  const handlers = {
    /** Answers at once when the host is free (tells a busy worker from an idle one). */
    ping: () => 'pong' as const,

    /** Keeps a file's bytes (transferred, not copied) for inspect and run. */
    putFile: ({ role, name, bytes }: { role: FileRole; name: string; bytes: ArrayBuffer }) => {
      files.set(role, { role, name, bytes: new Uint8Array(bytes) });
      return { role, size: bytes.byteLength };
    },
    /** Keeps a file the host granted (too large to pass as bytes), read from disk when the engine takes it. */
    putGrantedFile: ({ role, grant }: { role: FileRole; grant: string }) => {
      if (!deps.readGranted) throw new Error('This engine reads no files from disk: give it their bytes');
      const file = deps.readGranted(grant, role);
      files.set(role, file);
      return { role, size: fileSize(file) };
    },
    removeFile: ({ role }: { role: FileRole }) => {
      files.delete(role);
      return null;
    },
    /** A new case: forgets the files and closes the case. */
    reset: (params?: { keepPrior?: boolean } | null) => {
      files.clear();
      closeCase();
      if (!params?.keepPrior) pendingPrior = pendingAnalytics = null;
      return null;
    },
    /**
     * What the import screen shows for a loaded file: the profile that reads it (detected, or `profile` when
     * given) and the detection's candidates, the header row, the counts by outcome, the problems that would
     * stop the run, and the profile preview with control totals. `settings`: those the run will use.
     */
    inspect: async ({ role, mapping, profile, settings, rows }: { role: FileRole; mapping?: Mapping } & InspectOptions): Promise<Inspection> => {
      const file = needFile(role);
      const opts = { profile, settings, rows };
      return deps.examineFile ? deps.examineFile(file, mapping, opts) : deps.inspectFile(file, mapping, opts);
    },
    /** The shipped presets, for the editor's "copy and edit". */
    presets: (): PresetInfo[] =>
      PRESETS.map((p) => ({
        id: p.id, role: p.role, name: p.name, version: p.version, description: p.def.description ?? '', headers: p.def.detect?.headers ?? [], json: PRESET_FILES[p.id],
      })),
    /** Checks a profile's JSON: what it reads, or the one line naming the key that is wrong. */
    validateProfile: ({ profile }: { profile: unknown }): ProfileCheck => {
      try {
        const p = compileProfile(profile);
        return {
          ok: true, id: p.id, name: p.name, role: p.role, version: p.version, columns: [...p.columns], absent: [...p.absent],
          renameOnly: p.renameOnly !== null, sha256: profileText(profile).sha256,
        };
      } catch (err) {
        if (err instanceof Error && err.name === 'ProfileError') return { ok: false, error: err.message };
        throw err;
      }
    },
    /** A profile tried on a loaded file: the first `rows` rows beside what each becomes, control totals over all. */
    previewProfile: ({ role, profile, rows }: { role: FileRole; profile: unknown; rows?: number }): Preview => {
      const file = needFile(role);
      if (!deps.previewFile) throw new Error('This engine host cannot preview profiles');
      return deps.previewFile(file, undefined, profile, rows);
    },

    /**
     * The period and time zone the files held suggest (each file's business dates, the quarter most rows fall in,
     * the zone their offsets agree with), and, for `settings`, how many rows fall in their period.
     */
    proposePeriod: ({ settings, mapping }: { settings?: Pick<CaseSettings, 'periodStart' | 'periodEnd' | 'timezone'>; mapping?: Mapping } = {}) =>
      proposePeriod([...files.values()], mapping, settings),

    /**
     * Runs the engine on the files held; the decisions of the case in force carry over to the new one, and so do
     * its exception ids (a finding keeps its id; new ones are numbered after the highest given). A run the import
     * finds implausible stops with one line (the problems are in inspect) unless `acceptWarnings`.
     */
    run: async (
      { settings, mapping, profiles, acceptWarnings }: { settings: CaseSettings; mapping?: Mapping; profiles?: RunRequest['profiles']; acceptWarnings?: boolean },
      ctx: CallContext,
    ) => {
      const SQL = await sql();
      ctx.signal.throwIfAborted();
      const decisions: Decision[] = current?.decisions() ?? [];
      const exceptionIds = current?.exceptionIds();
      // A case made from a prior one keeps it through re-runs; a re-run keeps the close (voided where figures move).
      const prior = pendingPrior ?? current?.closing().prior() ?? undefined;
      const close = current?.closing().carry();
      // The close analytics' prior quarters, register and settings stay with the case through its re-runs.
      // The first run of a case made from a prior one (no case in force) takes the prior case's.
      const analytics = current ? current.analyticsRequest() : pendingPrior && pendingAnalytics ? { analyticsCarry: pendingAnalytics } : {};
      const c = await deps.runCase(
        SQL,
        { files: [...files.values()], settings, mapping, profiles, acceptWarnings, decisions, exceptionIds, prior, close, ...analytics, historyWording: APP_WORDING },
        hooks(ctx),
      );
      pendingAnalytics = null;
      return replace(c, 'run');
    },
    /** Opens a saved case file (bytes transferred). Its sources are in it: the files held before are let go. */
    open: async ({ bytes }: { bytes: ArrayBuffer }, ctx: CallContext) => {
      const SQL = await sql();
      ctx.signal.throwIfAborted();
      const c = await deps.openCase(SQL, new Uint8Array(bytes), hooks(ctx));
      files.clear();
      pendingPrior = null;
      pendingAnalytics = null;
      return replace(c, 'open');
    },

    /**
     * Records decisions (audit-logged with user and time) as one step that undo takes back whole; `action` labels
     * it. The new numbers come as a caseChanged event. Refused (an InputError with checkDecisions' reason) where
     * they would break an identity or a card's history; link and unlink are decisions too.
     */
    decide: ({ decisions, action }: { decisions: Decision[]; action: string }) => {
      needCase().decide(decisions, action);
      changed('decide');
      return null;
    },
    /** What decide would do with these decisions (allowed or not, why, what it would change), recording nothing. */
    checkDecisions: ({ decisions }: { decisions: Decision[] }) => needCase().checkDecisions(decisions),
    /** Every resolution of the exception, each with whether it can be chosen now and why not. */
    resolutionOptions: ({ key }: { key: string }) => needCase().resolutionOptions(key),
    /** The audit log's entries on the exception (decisions with note, decider, time, reason; undos, redos). */
    evidence: ({ key }: { key: string }) => needCase().evidence(key),
    /** Takes back the last step of this session: every exception it touched is as it was. Audit-logged. */
    undo: ({ user }: { user: string }) => {
      needCase().undo(user);
      changed('undo');
      return null;
    },
    /** Brings back the step undone last. Audit-logged. */
    redo: ({ user }: { user: string }) => {
      needCase().redo(user);
      changed('redo');
      return null;
    },

    timeline: ({ card, order }: { card: string | null; order?: string | null }) => needCase().timeline(card, order),
    /** Any card's roll-forward (or a card-less line): each system's lane, the reconstructed line, the findings. */
    cardRollforward: (line: CardLine) => needCase().cardRollforward(line),
    /** How many of the case's in-scope rows fall in its period, with a warning when most do not. */
    coverage: () => needCase().coverage(),
    quarantine: ({ role }: { role: FileRole }) => needCase().quarantine(role),
    query: ({ sql, limit }: { sql: string; limit?: number }) => needCase().query(sql, limit),
    auditLog: () => needCase().auditLog(),
    verifyChain: () => needCase().verifyChain(),

    /** The case file bytes (transferred). */
    exportCase: () => transferred(needCase().exportCase()),
    /** The case file as a Blob made here: the page's thread never copies the bytes (autosave). */
    exportCaseBlob: () => new Blob([needCase().exportCase() as Uint8Array<ArrayBuffer>]),
    /** The workbook (transferred); card numbers masked unless `unmasked`. */
    workpapers: (options: ExportOptions | null) => transferred(needCase().workpapers(undefined, options ?? {})),
    journalEntriesCsv: (options: ExportOptions | null) => needCase().journalEntriesCsv(options ?? {}),
    platformCorrectionsCsv: (options: ExportOptions | null) => needCase().platformCorrectionsCsv(options ?? {}),
    reportJson: () => needCase().reportJson(),

    // ---- the close analytics' inputs (docs/analytics.md, docs/formats.md §10) ----------------------------------

    /** The prior quarters, card register and settings the case holds. */
    analyticsInputs: () => needCase().analyticsInputs(),
    /**
     * Adds prior quarters' platform exports (bytes transferred; one named as a quarter held replaces it): read as
     * the run reads --history, the analytics made again, an `analytics` audit entry. Refused in one line.
     */
    addPriorQuarters: ({ files: given, user }: { files: GivenFile[]; user: string }) => analyticsChange({ addHistory: given.map(asInput) }, user),
    /** Takes a prior quarter out of the history, by name. An audit entry. */
    removePriorQuarter: ({ name, user }: { name: string; user: string }) => analyticsChange({ removeHistory: [name] }, user),
    /** Sets the card register (bytes transferred), or takes it out (`file` null). An audit entry. */
    setCardRegister: ({ file, user }: { file: GivenFile | null; user: string }) => analyticsChange({ register: file && asInput(file) }, user),
    /** Sets the analytics settings given (they replace those given before; null: the defaults). An audit entry. */
    setAnalyticsSettings: ({ settings, user }: { settings: AnalyticsSettingsInput | null; user: string }) => analyticsChange({ settings }, user),
    /** The analytics settings' problems, each naming its setting (`breakage.prudenceMargin`), as the engine checks them. */
    checkAnalyticsSettings: ({ settings }: { settings: AnalyticsSettingsInput }) => checkAnalyticsSettings(settings),

    // ---- the close (docs/formats.md §12) ----------------------------------------------------------------------

    /** The materiality, every sign-off and what ended it, the figures now and the open exceptions above materiality. */
    closeStatus: () => needCase().closing().status(),
    /** Sets the materiality sign-offs are judged against (an audit entry). */
    setMateriality: ({ cents, user }: { cents: number; user: string }) => {
      needCase().closing().setMateriality(cents, user);
      changed('close');
      return null;
    },
    /** Signs as preparer or reviewer (refused in one line where the rules say no: signoff.ts). An audit entry. */
    sign: (req: SignRequest) => {
      const s = needCase().closing().sign(req);
      changed('close');
      return s;
    },
    /** Withdraws the sign-off of a role that stands (a reviewer's goes with its preparer's). An audit entry. */
    withdrawSignoff: ({ role, name, note }: { role: SignoffRole; name: string; note: string }) => {
      needCase().closing().withdraw(role, name, note);
      changed('close');
      return null;
    },
    /** Attaches files (transferred) to the decision in force on an exception: the decision again, with them. */
    attachEvidence: ({ key, files: list, user }: { key: string; files: { name: string; bytes: ArrayBuffer }[]; user: string }) => {
      needCase().closing().attachEvidence(key, list.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })), user);
      changed('decide');
      return null;
    },
    /** Every evidence file the decisions name. */
    evidenceFiles: () => needCase().closing().evidence(),
    /** An evidence file's bytes (transferred), by its SHA-256. */
    evidenceFile: ({ sha256 }: { sha256: string }) => {
      const f = needCase().closing().evidenceFile(sha256);
      const buffer = ownBuffer(f.bytes);
      return new Reply({ name: f.name, bytes: buffer }, [buffer]);
    },
    /** The review workbook of the exception queue (transferred). */
    reviewWorkbook: () => transferred(needCase().closing().reviewWorkbook()),
    /** What an edited review workbook would change, row by row, and what it refuses. Nothing is recorded. */
    previewReview: ({ name, bytes }: { name: string; bytes: ArrayBuffer }) => needCase().closing().previewReview(name, new Uint8Array(bytes)),
    /** Applies an edited review workbook's changes as one step (each decision naming it and its SHA-256). */
    applyReview: ({ name, bytes, user }: { name: string; bytes: ArrayBuffer; user: string }) => {
      const out = needCase().closing().applyReview(name, new Uint8Array(bytes), user);
      if (out.applied) changed('decide');
      return out;
    },
    /**
     * A new case from this one: this case's file (transferred; the host saves it, for the new case records its
     * SHA-256), the next period's settings and the mapping. The next run takes the prior case (until a reset).
     */
    nextCase: ({ name }: { name: string }) => {
      const next = needCase().closing().nextCase(name);
      pendingPrior = next.carry;
      pendingAnalytics = next.analytics;
      const buffer = ownBuffer(next.caseFile);
      const summary = {
        period: next.carry.period, sha256: next.carry.case_file.sha256, cards: next.carry.cards.length, items: next.carry.items.length,
        priorQuarters: next.analytics.inputs.history.length,
      };
      return new Reply({ caseFile: buffer, settings: next.settings, mapping: next.mapping, summary }, [buffer]);
    },
    /** Forgets the prior case nextCase set aside (the user did not save this case: no new case is made from it). */
    forgetPrior: () => {
      pendingPrior = pendingAnalytics = null;
      return null;
    },
    /** The prior case the next run takes, if any (a case made from one, or one pending from nextCase). */
    pendingPrior: () => {
      const p = pendingPrior ?? current?.closing().prior() ?? null;
      return p ? { period: p.period, case_file: p.case_file, chain_head: p.chain_head, cards: p.cards.length, items: p.items.length } : null;
    },
  };

  return { handlers, events };
}

export type EngineService = ReturnType<typeof createEngineService>;
export type EngineHandlers = EngineService['handlers'];
