// What a bulk action will change, shown before it acts: how many exceptions, from which status, which of them
// have an alternative resolution in force now (accepting or deferring puts the default back, and the numbers
// move), and the exceptions themselves. Confirming records the decisions as one step; undo takes it back whole.
import { useEffect, useMemo, useRef, useState } from 'react';
import { resolutionLabel } from '../../../../shared/classify/resolutions';
import { DEFAULT_REASON_CODES, type Decision, type ExceptionItem } from '../../../../shared/types';
import { CardNumber } from '../../components/CardNumber';
import { categoryLabel } from '../../components/categories';
import { Money } from '../../components/Money';
import { useCaseStore } from '../../state/case';
import { statusOf, useReviewStore } from '../../state/review';
import { decide } from '../../state/review-actions';
import { ReasonCodeSelect } from '../../components/ReasonCodeSelect';

export interface BulkPlan {
  action: Extract<Decision['action'], 'accept' | 'defer'>;
  items: ExceptionItem[];
  /** What the audit log and undo call the step. */
  label: string;
  note?: string;
  /** Untick the exceptions once decided (the action was on the ticked ones). */
  clearTicks?: boolean;
}

const SHOWN = 200;
const BECOMES = { accept: 'accepted', defer: 'deferred' } as const;

export function BulkPreview({ plan, onClose }: { plan: BulkPlan; onClose: () => void }) {
  const busy = useReviewStore((s) => s.busy);
  const [note, setNote] = useState(plan.note ?? '');
  const [reason, setReason] = useState('');
  const codes = useCaseStore((s) => s.settings.reasonCodes ?? DEFAULT_REASON_CODES);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  const { byStatus, alternatives, unchanged } = useMemo(() => {
    const byStatus = new Map<string, number>();
    const alternatives: ExceptionItem[] = [];
    let unchanged = 0;
    for (const x of plan.items) {
      const st = statusOf(x);
      byStatus.set(st, (byStatus.get(st) ?? 0) + 1);
      if (st === 'resolved') alternatives.push(x);
      if (st === BECOMES[plan.action]) unchanged++;
    }
    return { byStatus, alternatives, unchanged };
  }, [plan]);
  const n = plan.items.length;
  const verb = plan.action === 'accept' ? 'Accept' : 'Defer';

  const run = async () => {
    const ok = await decide(plan.items, plan.action, { label: plan.label, note, reason });
    if (ok && plan.clearTicks) useReviewStore.getState().clearChecked();
    if (ok) onClose();
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="bulk-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
        }}
      >
        <h3 id="bulk-title">
          {verb} {n.toLocaleString('en-US')} exception{n === 1 ? '' : 's'}: {plan.label}
        </h3>
        <ul className="bulk-summary" data-testid="bulk-summary">
          {[...byStatus].map(([st, count]) => (
            <li key={st}>
              {count.toLocaleString('en-US')} {st} → {BECOMES[plan.action]}
              {st === BECOMES[plan.action] ? ' (no change but a new record)' : ''}
            </li>
          ))}
          {alternatives.length > 0 ? (
            <li className="bad">
              {alternatives.length.toLocaleString('en-US')} ha{alternatives.length === 1 ? 's' : 've'} an alternative resolution in force: it goes back to
              the default, and the reconstructed liability moves with it.
            </li>
          ) : (
            <li>The numbers do not move: every one keeps its default resolution, which is in force already.</li>
          )}
          {unchanged > 0 && unchanged === n && <li>Nothing changes but the record of who decided.</li>}
        </ul>
        <div className="modal-list">
          <table className="grid" aria-label="Exceptions this will decide">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Category</th>
                <th scope="col">Card</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Now</th>
                <th scope="col">Becomes</th>
              </tr>
            </thead>
            <tbody>
              {plan.items.slice(0, SHOWN).map((x) => (
                <tr key={x.key}>
                  <td className="mono">{x.id}</td>
                  <td>{categoryLabel(x.category)}</td>
                  <td>
                    <CardNumber of={x} />
                  </td>
                  <td className="num">
                    <Money cents={x.amount_cents} />
                  </td>
                  <td>
                    {statusOf(x)}
                    {statusOf(x) === 'resolved' && x.resolution ? ` (${resolutionLabel(x.category, x.resolution)})` : ''}
                  </td>
                  <td>{BECOMES[plan.action]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {n > SHOWN && <p className="muted small">The first {SHOWN} of {n.toLocaleString('en-US')} are listed.</p>}
        </div>
        <label className="note">
          Reason code for each decision
          <ReasonCodeSelect codes={codes} value={reason} onChange={setReason} />
        </label>
        <label className="note">
          Note for each decision
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why — kept in the audit log with your name and the time" />
        </label>
        <div className="row-actions">
          <button ref={confirm} type="button" className="btn primary" disabled={busy} onClick={() => void run()}>
            {verb} {n.toLocaleString('en-US')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <span className="muted small">One step: undo takes all of it back.</span>
        </div>
      </div>
    </div>
  );
}
