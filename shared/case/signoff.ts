// Sign-offs: what one covers (the figures of docs/formats.md §12.1), whether it may be given now (materiality, order,
// who), and what moved since it was given. Pure functions of a report and the sign-offs in force; the close book
// (close-book.ts) records them in the audit log.
import type { MaterialItem, Signoff, SignoffRole, SignedFigures } from '../close';
import { formatCents } from '../money';
import { InputError, type Report } from '../types';

/** The figures a sign-off covers, as they are in `report`. */
export function signedFigures(report: Report): SignedFigures {
  const L = report.liability;
  let open = 0;
  let openAmount = 0;
  let deferred = 0;
  for (const x of report.exceptions) {
    if (x.status === 'deferred') deferred++;
    if ((x.status ?? 'open') !== 'open') continue;
    open++;
    openAmount += Math.abs(x.amount_cents);
  }
  return {
    reconstructed_closing_cents: L.reconstructed_closing_cents,
    erp_closing_cents: L.erp_closing_cents,
    platform_reported_closing_cents: L.platform_reported_closing_cents,
    bridge: L.bridge.map((b) => ({ category: b.category, amount_cents: b.amount_cents, count: b.count })),
    open_exceptions: open,
    open_amount_cents: openAmount,
    deferred_exceptions: deferred,
  };
}

/** Open exceptions (no decision) whose amount is above the materiality: what stops a sign-off unless forced. */
export function materialItems(report: Report, materialityCents: number): MaterialItem[] {
  return report.exceptions
    .filter((x) => (x.status ?? 'open') === 'open' && Math.abs(x.amount_cents) > materialityCents)
    .map((x) => ({ id: x.id, key: x.key, category: x.category, amount_cents: x.amount_cents }));
}

const money = (c: number) => formatCents(c, { parens: false });

/** What moved between two sets of figures, in plain words; empty when nothing did. */
export function figuresMoved(signed: SignedFigures, now: SignedFigures): string[] {
  const out: string[] = [];
  const total = (label: string, a: number, b: number) => {
    if (a !== b) out.push(`${label} ${money(a)} → ${money(b)}`);
  };
  total('reconstructed', signed.reconstructed_closing_cents, now.reconstructed_closing_cents);
  total('ERP', signed.erp_closing_cents, now.erp_closing_cents);
  total('platform', signed.platform_reported_closing_cents, now.platform_reported_closing_cents);
  const before = new Map(signed.bridge.map((b) => [b.category, b]));
  const lines = new Set([...signed.bridge.map((b) => b.category), ...now.bridge.map((b) => b.category)]);
  const after = new Map(now.bridge.map((b) => [b.category, b]));
  for (const c of lines) {
    const a = before.get(c);
    const b = after.get(c);
    if (a?.amount_cents !== b?.amount_cents || a?.count !== b?.count)
      out.push(`bridge ${c} ${money(a?.amount_cents ?? 0)} (${a?.count ?? 0}) → ${money(b?.amount_cents ?? 0)} (${b?.count ?? 0})`);
  }
  if (signed.open_exceptions !== now.open_exceptions || signed.open_amount_cents !== now.open_amount_cents)
    out.push(`open exceptions ${signed.open_exceptions} (${money(signed.open_amount_cents)}) → ${now.open_exceptions} (${money(now.open_amount_cents)})`);
  if (signed.deferred_exceptions !== now.deferred_exceptions) out.push(`deferred ${signed.deferred_exceptions} → ${now.deferred_exceptions}`);
  return out;
}

export interface SignRequest {
  role: SignoffRole;
  name: string;
  /** Sign although open exceptions above the materiality remain; a note must say why. */
  force?: boolean;
  note?: string;
}

/**
 * Why `req` may not be signed now (an InputError, one line), or nothing: a name; one active sign-off per role;
 * a reviewer only after a preparer, and not the same person; no open exception above the materiality unless
 * forced with a note; an intact audit log.
 */
export function checkSign(req: SignRequest, active: Signoff[], material: MaterialItem[], materialityCents: number, chainProblem: string | null): void {
  const name = req.name.trim();
  if (!name) throw new InputError('Enter the name of the person signing');
  if (req.role !== 'preparer' && req.role !== 'reviewer') throw new InputError(`A sign-off is a preparer's or a reviewer's, not '${String(req.role)}'`);
  if (chainProblem) throw new InputError(`The audit log is broken, so nothing can be signed: ${chainProblem}`);
  const mine = active.find((s) => s.role === req.role);
  if (mine) throw new InputError(`${cap(req.role)} ${mine.name} signed at ${mine.at} and that sign-off stands: withdraw it before signing again`);
  if (req.role === 'reviewer') {
    const preparer = active.find((s) => s.role === 'preparer');
    if (!preparer) throw new InputError('The reviewer signs after the preparer: no preparer sign-off stands');
    if (sameName(preparer.name, name)) throw new InputError(`${name} signed as preparer: the reviewer must be someone else`);
  }
  if (material.length && !req.force) {
    const list = material.slice(0, 5).map((m) => `${m.id} ${m.category} ${money(Math.abs(m.amount_cents))}`).join(', ');
    throw new InputError(
      `${material.length} open exception${material.length === 1 ? '' : 's'} above the materiality of ${money(materialityCents)} remain${material.length === 1 ? 's' : ''} (${list}${material.length > 5 ? ', …' : ''}): decide ${material.length === 1 ? 'it' : 'them'}, or sign with a note saying why`,
    );
  }
  if (req.force && !req.note?.trim()) throw new InputError('Signing with material exceptions open needs a note saying why');
}

export function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('en-US') === b.trim().toLocaleLowerCase('en-US');
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The close's status from the sign-offs that stand. */
export function closeStatus(active: Signoff[]): 'unsigned' | 'prepared' | 'reviewed' {
  if (active.some((s) => s.role === 'reviewer')) return 'reviewed';
  if (active.some((s) => s.role === 'preparer')) return 'prepared';
  return 'unsigned';
}
