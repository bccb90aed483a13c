// The close of a case (docs/formats.md §12): the materiality, the sign-offs, and the evidence files of decisions. All
// of it is in the audit log, like every decision: this book appends the entries and replays them, so a reopened
// case has the same sign-offs (and what voided them) as the one saved. A sign-off whose figures move — a
// decision, an undo, a re-run — is voided by an entry of its own, naming what moved and the entry that moved it.
import type { ChainHead, CloseStatus, EvidenceEntry, EvidenceRef, Signoff, SignoffRole } from '../close';
import { sha256Hex } from '../hash';
import { InputError, type AuditEntry, type Report } from '../types';
import { checkSign, closeStatus, figuresMoved, materialItems, sameName, signedFigures, type SignRequest } from './signoff';

/** What the book needs of the case's audit log. */
export interface AuditPort {
  append(user: string, action: string, detail: string): number;
  log(): AuditEntry[];
}

/** An evidence file's bytes, kept in the case (docs/formats.md §10, table evidence). */
export interface EvidenceFile {
  name: string;
  sha256: string;
  bytes: Uint8Array;
}

/** What a re-run carries over from the case it replaces: the materiality, the sign-offs that stood, the evidence. */
export interface CloseCarry {
  materiality_cents: number | null;
  signoffs: Signoff[];
  files: EvidenceFile[];
}

export const ACTION = {
  materiality: 'close:materiality',
  sign: 'signoff:sign',
  carried: 'signoff:carried',
  void: 'signoff:void',
  withdraw: 'signoff:withdraw',
} as const;

/** Evidence files are for documents, not data dumps: each at most this size. */
export const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;

export class CloseBook {
  private materialityCents: number | null = null;
  private readonly signoffs: Signoff[] = [];
  private readonly problems: string[] = [];
  /** Sign-offs were just carried in by a re-run: what voids them then is the re-run. */
  private rerun = false;

  constructor(
    private readonly audit: AuditPort,
    private readonly files: Map<string, EvidenceFile>,
  ) {
    for (const e of audit.log()) this.replay(e);
  }

  /** Whether anything of the close is in the log: report.json shows a `signoffs` section only then. */
  get used(): boolean {
    return this.materialityCents !== null || this.signoffs.length > 0;
  }

  materiality(): number {
    return this.materialityCents ?? 0;
  }

  active(): Signoff[] {
    return this.signoffs.filter((s) => s.status === 'active');
  }

  /** Entries of the close that do not replay as written, in plain words. */
  replayProblems(): string[] {
    return [...this.problems];
  }

  status(report: Report): CloseStatus {
    const active = this.active();
    return {
      materiality_cents: this.materiality(),
      status: closeStatus(active),
      signoffs: this.signoffs.map((s) => ({ ...s })),
      figures: signedFigures(report),
      material: materialItems(report, this.materiality()),
    };
  }

  // ---- changes -----------------------------------------------------------------------------------------

  setMateriality(cents: number, user: string): void {
    if (!Number.isSafeInteger(cents) || cents < 0) throw new InputError('The materiality is an amount, zero or more');
    if (!user.trim()) throw new InputError('Say who sets the materiality');
    this.append(user, ACTION.materiality, JSON.stringify({ cents }));
  }

  /** Records a sign-off of `report`'s figures, after checkSign's rules; `chainProblem`: why the log is broken, if it is. */
  sign(req: SignRequest, report: Report, chainProblem: string | null): Signoff {
    const material = materialItems(report, this.materiality());
    checkSign(req, this.active(), material, this.materiality(), chainProblem);
    const head = this.head();
    const detail = {
      role: req.role, name: req.name.trim(), forced: material.length > 0 && !!req.force, note: req.note?.trim() || null,
      materiality_cents: this.materiality(), chain_head: head, figures: signedFigures(report),
    };
    this.append(detail.name, ACTION.sign, JSON.stringify(detail));
    return this.signoffs[this.signoffs.length - 1];
  }

  /** Takes back the sign-off of `role` that stands (a reviewer's goes with its preparer's). */
  withdraw(role: SignoffRole, name: string, note: string): void {
    if (!name.trim()) throw new InputError('Say who withdraws the sign-off');
    if (!note.trim()) throw new InputError('Withdrawing a sign-off needs a note saying why');
    const s = this.active().find((x) => x.role === role);
    if (!s) throw new InputError(`No ${role} sign-off stands`);
    const order: SignoffRole[] = role === 'preparer' ? ['reviewer', 'preparer'] : ['reviewer'];
    for (const r of order) {
      const x = this.active().find((a) => a.role === r);
      if (x) this.append(name.trim(), ACTION.withdraw, JSON.stringify({ role: r, signed_seq: x.seq, note: note.trim() }));
    }
  }

  /**
   * After the numbers were recomputed: voids each sign-off whose figures moved, naming what moved and the entry
   * that moved them (the last one before). True when one was voided.
   */
  afterChange(report: Report): boolean {
    const rerun = this.rerun;
    this.rerun = false;
    const now = signedFigures(report);
    const moved = this.active()
      .map((s) => ({ s, what: figuresMoved(s.figures, now) }))
      .filter((x) => x.what.length);
    if (!moved.length) return false;
    // What moved them: a re-run (carryIn), or the last entry that is not the close's own.
    const cause = this.audit.log().findLast((e) => !e.action.startsWith('signoff:') && !e.action.startsWith('close:'));
    const by = rerun ? 'a re-run with other files or settings' : cause ? `entry ${cause.seq} (${cause.action} by ${cause.user})` : 'a change';
    for (const { s, what } of moved)
      this.append('system', ACTION.void, JSON.stringify({ role: s.role, signed_seq: s.seq, reason: `${what.join('; ')}, after ${by}` }));
    return true;
  }

  // ---- evidence ----------------------------------------------------------------------------------------

  /** Keeps a file as evidence (by its SHA-256: the same bytes are kept once); what a decision names it by. */
  putEvidence(name: string, bytes: Uint8Array): EvidenceRef {
    const clean = name.replace(/[\\/]/g, '_').trim();
    if (!clean) throw new InputError('An evidence file needs a name');
    if (bytes.length > MAX_EVIDENCE_BYTES) throw new InputError(`${clean}: an evidence file may be at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`);
    const sha256 = sha256Hex(bytes);
    if (!this.files.has(sha256)) this.files.set(sha256, { name: clean, sha256, bytes: bytes.slice() });
    return { name: clean, sha256, size: bytes.length };
  }

  /** An evidence file's bytes, by its SHA-256. */
  evidenceFile(sha256: string): EvidenceFile {
    const f = this.files.get(sha256);
    if (!f) throw new InputError(`No evidence file with SHA-256 ${sha256} is in this case`);
    return f;
  }

  /** Every evidence file a decision in the log names, oldest first, with the exception's id where it has one. */
  evidence(report: Report): EvidenceEntry[] {
    const ids = new Map(report.exceptions.map((x) => [x.key, x.id]));
    const out: EvidenceEntry[] = [];
    for (const e of this.audit.log()) {
      if (!e.action.startsWith('decision:')) continue;
      const d = parse(e.detail) as { key?: string; evidence?: EvidenceRef[] } | null;
      if (!d?.key || !Array.isArray(d.evidence)) continue;
      for (const f of d.evidence)
        out.push({ name: f.name, sha256: f.sha256, size: f.size, key: d.key, exception_id: ids.get(d.key) ?? null, seq: e.seq, user: e.user, at: e.at });
    }
    return out;
  }

  /** The evidence files the log names (those only: a file put and never used by a decision is not kept). */
  filesToStore(): EvidenceFile[] {
    if (!this.files.size) return [];
    const named = new Set<string>();
    for (const e of this.audit.log()) {
      if (!e.action.startsWith('decision:')) continue;
      const d = parse(e.detail) as { evidence?: EvidenceRef[] } | null;
      for (const f of d?.evidence ?? []) named.add(f.sha256);
    }
    return [...this.files.values()].filter((f) => named.has(f.sha256)).sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
  }

  // ---- a re-run ----------------------------------------------------------------------------------------

  /** What a re-run of this case carries over. */
  carry(): CloseCarry {
    return { materiality_cents: this.materialityCents, signoffs: this.active().map((s) => ({ ...s })), files: [...this.files.values()] };
  }

  /** Records in a new case (a re-run) the close of the case it replaces; afterChange then voids what moved. */
  carryIn(carry: CloseCarry): void {
    this.rerun = carry.signoffs.length > 0;
    for (const f of carry.files) if (!this.files.has(f.sha256)) this.files.set(f.sha256, f);
    if (carry.materiality_cents !== null) this.append('system', ACTION.materiality, JSON.stringify({ cents: carry.materiality_cents }));
    for (const s of carry.signoffs) this.append(s.name, ACTION.carried, JSON.stringify({ ...s, status: undefined, ended: undefined, carried_from_seq: s.seq }));
  }

  // ---- the log -----------------------------------------------------------------------------------------

  private head(): ChainHead {
    const last = this.audit.log().at(-1);
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: '0'.repeat(64) };
  }

  private append(user: string, action: string, detail: string): void {
    const seq = this.audit.append(user, action, detail);
    const entry = this.audit.log().find((e) => e.seq === seq);
    if (entry) this.replay(entry);
  }

  /** Applies one entry of the log to the book; entries of other kinds are passed over. */
  private replay(e: AuditEntry): void {
    if (e.action === ACTION.materiality) {
      const d = parse(e.detail) as { cents?: unknown } | null;
      if (typeof d?.cents === 'number' && Number.isSafeInteger(d.cents) && d.cents >= 0) this.materialityCents = d.cents;
      else this.problems.push(`Audit entry ${e.seq} (${e.action}) does not read as a materiality`);
    } else if (e.action === ACTION.sign || e.action === ACTION.carried) {
      const s = readSignoff(e);
      if (s) this.signoffs.push(s);
      else this.problems.push(`Audit entry ${e.seq} (${e.action} by ${e.user}) does not read as a sign-off`);
    } else if (e.action === ACTION.void || e.action === ACTION.withdraw) {
      const d = parse(e.detail) as { signed_seq?: unknown; reason?: unknown; note?: unknown } | null;
      const s = this.signoffs.find((x) => x.seq === d?.signed_seq && x.status === 'active');
      if (!s) {
        this.problems.push(`Audit entry ${e.seq} (${e.action}) names no sign-off that stood`);
        return;
      }
      s.status = e.action === ACTION.void ? 'void' : 'withdrawn';
      const why = e.action === ACTION.void ? String(d?.reason ?? '') : `withdrawn by ${e.user}: ${String(d?.note ?? '')}`;
      s.ended = { seq: e.seq, at: e.at, by: e.user, reason: why };
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function readSignoff(e: AuditEntry): Signoff | null {
  const d = parse(e.detail) as Partial<Signoff> | null;
  if (!d || (d.role !== 'preparer' && d.role !== 'reviewer') || typeof d.name !== 'string' || !d.figures || !d.chain_head) return null;
  if (!sameName(d.name, e.user)) return null;
  return {
    role: d.role, name: d.name, at: e.action === ACTION.carried && typeof d.at === 'string' ? d.at : e.at, seq: e.seq,
    chain_head: d.chain_head, materiality_cents: Number(d.materiality_cents ?? 0), figures: d.figures, forced: !!d.forced,
    note: typeof d.note === 'string' ? d.note : null, status: 'active', ended: null,
  };
}
