// What a case offers for its close (docs/formats.md §12), in one place the hosts reach through EngineCase.closing():
// the materiality and the sign-offs (close-book.ts), evidence files on decisions, the next quarter's case made
// from this one (prior.ts), and the review workbook that leaves the app and comes back (review-import.ts).
import type { CloseStatus, EvidenceEntry, EvidenceRef, PriorCarry, ReviewPreview, Signoff, SignoffRole } from '../close';
import { sha256Hex, sha256Text } from '../hash';
import { buildReviewWorkbook } from '../report/review-workbook';
import type { NativeDeflate } from '../report/xlsx-writer';
import { addDays } from '../time';
import { InputError, type AuditEntry, type CaseSettings, type ChainCheck, type Decision, type Mapping, type Report } from '../types';
import type { AnalyticsCarry } from './analytics-inputs';
import type { CloseBook, CloseCarry, EvidenceFile } from './close-book';
import { buildPriorCarry, checkContinuity, type PriorCheckSource } from './prior';
import { priorSection, type PriorRun } from './prior-run';
import { applyReview, previewReview } from './review-import';
import type { SignRequest } from './signoff';

/** What the close needs of its case. */
export interface ClosingPort {
  readonly settings: CaseSettings;
  readonly mapping: Mapping | undefined;
  report(): Report;
  reportJson(): string;
  decisions(): Decision[];
  /** Records decisions as one step (checked as every decision is); the new report. */
  decide(decisions: Decision[], label: string): Report;
  auditLog(): AuditEntry[];
  verifyChain(): ChainCheck;
  /** The report again with the close's sections, after an entry of the close (the numbers do not move). */
  refresh(): void;
  /** The instant an exception's movement counts at by default, and whether it counts in the period. */
  movementOf(key: string): { atMs: number; counted: boolean } | null;
  /** The ERP's opening journal total (the prior section compares it with the prior ERP closing). */
  erpOpeningCents(): number;
  exportCase(): Uint8Array;
  /** The close analytics' inputs for the next quarter: this case's, with its own platform export as a prior quarter. */
  analyticsCarry(): AnalyticsCarry;
}

/** A new case made from this one: the file it refers to, and what it takes. */
export interface NextCase {
  /** This case's file, exactly as the new case records it (keep it: the continuity is checked against it). */
  caseFile: Uint8Array;
  carry: PriorCarry;
  settings: CaseSettings;
  mapping?: Mapping;
  /** The close analytics' history the new case starts with (its run records it, naming this case). */
  analytics: AnalyticsCarry;
}

export class CaseClosing {
  constructor(
    private readonly port: ClosingPort,
    private readonly book: CloseBook,
    /** What the case's run recognised of its prior case (matched again when the auditor links or unlinks). */
    private readonly priorRunOf: () => PriorRun | null,
  ) {}

  get priorRun(): PriorRun | null {
    return this.priorRunOf();
  }

  // ---- sign-offs ---------------------------------------------------------------------------------------

  status(): CloseStatus {
    return this.book.status(this.port.report());
  }

  setMateriality(cents: number, user: string): CloseStatus {
    this.book.setMateriality(cents, user);
    this.port.refresh();
    return this.status();
  }

  sign(req: SignRequest): Signoff {
    const chain = this.port.verifyChain();
    const s = this.book.sign(req, this.port.report(), chain.ok ? null : (chain.problem ?? 'broken'));
    this.port.refresh();
    return s;
  }

  withdraw(role: SignoffRole, name: string, note: string): CloseStatus {
    this.book.withdraw(role, name, note);
    this.port.refresh();
    return this.status();
  }

  // ---- evidence ----------------------------------------------------------------------------------------

  /** Keeps a file in the case; a decision names it by the reference returned. */
  putEvidence(name: string, bytes: Uint8Array): EvidenceRef {
    return this.book.putEvidence(name, bytes);
  }

  /**
   * Attaches files to the decision in force on an exception: the decision is recorded again, as it was, with
   * the files besides (an entry of the log, undone as any decision). Refused where nothing was decided yet.
   */
  attachEvidence(key: string, files: { name: string; bytes: Uint8Array }[], user: string): Report {
    if (!files.length) throw new InputError('Choose at least one file');
    const current = [...this.port.decisions()].reverse().find((d) => d.key === key);
    if (!current) throw new InputError('Decide the exception first: evidence goes with a decision');
    const refs = files.map((f) => this.putEvidence(f.name, f.bytes));
    const evidence = [...(current.evidence ?? []), ...refs.filter((r) => !current.evidence?.some((e) => e.sha256 === r.sha256))];
    const d: Decision = { ...current, evidence, user, at: new Date().toISOString() };
    return this.port.decide([d], `evidence for ${key}`);
  }

  evidence(): EvidenceEntry[] {
    return this.book.evidence(this.port.report());
  }

  evidenceFile(sha256: string): EvidenceFile {
    return this.book.evidenceFile(sha256);
  }

  // ---- a re-run ----------------------------------------------------------------------------------------

  carry(): CloseCarry {
    return this.book.carry();
  }

  // ---- the next quarter --------------------------------------------------------------------------------

  /** The carry of this case as the file with SHA-256 `caseFile.sha256` (this case, saved). */
  priorCarry(caseFile: { name: string; sha256: string }): PriorCarry {
    const report = this.port.report();
    const status = this.status();
    return buildPriorCarry({
      report, reportJson: this.port.reportJson(), currency: this.port.settings.currency ?? 'USD', decisions: this.port.decisions(),
      log: this.port.auditLog(), close: status, caseFile, movementOf: (key) => this.port.movementOf(key),
    });
  }

  /**
   * A new case from this one: this case's file (made now; its SHA-256 is what the new case records), the carry,
   * and the settings for the next period (the same zone, tolerances, accounts, reason codes) with the mapping.
   */
  nextCase(name: string): NextCase {
    const analytics = this.analyticsCarry();
    const caseFile = this.port.exportCase();
    const carry = this.priorCarry({ name, sha256: sha256Hex(caseFile) });
    return { caseFile, carry, analytics, ...this.nextSettings() };
  }

  /** The prior quarters, register and settings the next quarter's case takes, with this case's platform export as a prior quarter. */
  analyticsCarry(): AnalyticsCarry {
    return this.port.analyticsCarry();
  }

  /** The next period's settings (the same zone, tolerances, accounts, reason codes) and this case's mapping. */
  nextSettings(): { settings: CaseSettings; mapping?: Mapping } {
    const s = this.port.settings;
    const next = nextPeriod(s.periodStart, s.periodEnd);
    return { settings: { ...s, periodStart: next.start, periodEnd: next.end }, ...(this.port.mapping ? { mapping: this.port.mapping } : {}) };
  }

  /** The prior case this one was made from (null: none). */
  prior(): PriorCarry | null {
    return this.priorRun?.carry ?? null;
  }

  /** Re-performs the continuity against the prior case file given (reopened by the host): the problems, if any. */
  checkPrior(prior: PriorCheckSource): string[] {
    const carry = this.prior();
    if (!carry) throw new InputError('This case was not made from a prior case');
    return checkContinuity(carry, prior);
  }

  // ---- the review workbook -----------------------------------------------------------------------------

  reviewWorkbook(deflate?: NativeDeflate): Uint8Array {
    return buildReviewWorkbook(this.port.report(), this.port.settings, this.port.auditLog().at(-1) ?? null, { deflate });
  }

  previewReview(name: string, bytes: Uint8Array): ReviewPreview {
    return previewReview(name, bytes, this.port.report(), this.port.settings);
  }

  /** Applies the changes the preview shows (the same workbook read again): one step, each decision naming it. */
  applyReview(name: string, bytes: Uint8Array, user: string): { preview: ReviewPreview; applied: number } {
    return applyReview(name, bytes, this.port.report(), this.port.settings, user, (ds, label) => this.port.decide(ds, label), (n, b) => this.putEvidence(n, b));
  }

  /**
   * What the close's entries say that the case does not: an entry that does not replay, or a prior case's
   * record that is not the one its audit entry hashed.
   */
  problems(): string[] {
    const out = this.book.replayProblems();
    const carry = this.prior();
    if (carry) {
      const entry = this.port.auditLog().find((e) => e.action === 'prior');
      const logged = entry ? (JSON.parse(entry.detail) as { carry_sha256?: string }).carry_sha256 : undefined;
      if (logged !== sha256Text(JSON.stringify(carry)))
        out.push(entry ? `The prior case's record in the case file is not the one audit entry ${entry.seq} hashed: it was altered` : 'The case names a prior case, but no audit entry records it');
    }
    return out;
  }

  // ---- the report --------------------------------------------------------------------------------------

  /** The report with the close's sections: `prior` (and each exception's prior_item), `signoffs`, `evidence`. */
  decorate(base: Report): Report {
    const out: Report = { ...base };
    const run = this.priorRun;
    if (run) {
      const ids = new Map([...run.links].map(([key, item]) => [key, item.id]));
      out.exceptions = base.exceptions.map((x) => (ids.has(x.key) ? { ...x, prior_item: ids.get(x.key) } : x));
      out.prior = priorSection(run, out, { openingCents: this.port.erpOpeningCents() });
    }
    if (this.book.used) {
      const s = this.book.status(out);
      out.signoffs = { materiality_cents: s.materiality_cents, status: s.status, entries: s.signoffs };
    }
    const evidence = this.book.evidence(out);
    if (evidence.length) out.evidence = evidence;
    return out;
  }
}

/** The period after `start..end`: the next as many whole months when it is whole months, else as many days. */
export function nextPeriod(start: string, end: string): { start: string; end: string } {
  const next = addDays(end, 1);
  const wholeMonths = start.endsWith('-01') && next.endsWith('-01');
  if (!wholeMonths) {
    const days = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
    return { start: next, end: addDays(next, days) };
  }
  const months = (Number(next.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(next.slice(5, 7)) - Number(start.slice(5, 7));
  const [y, m] = next.split('-').map(Number);
  const endMonth = m - 1 + months;
  const last = new Date(Date.UTC(y, endMonth, 0));
  return { start: next, end: last.toISOString().slice(0, 10) };
}
