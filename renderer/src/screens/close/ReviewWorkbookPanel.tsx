// The review that leaves the app and comes back: the queue exported as a workbook to edit in Excel, and an edited
// one read back with every change (what, from, to, by whom) and every refused row shown before anything applies.
import type { ReviewPreview } from '../../../../shared/close';
import { categoryLabel } from '../../components/categories';
import { applyReviewWorkbook, discardReviewWorkbook, exportReviewWorkbook, importReviewWorkbook, useCloseStore } from '../../state/close';
import { stamp } from './stamp';

export function ReviewWorkbookPanel() {
  const review = useCloseStore((s) => s.review);
  const busy = useCloseStore((s) => s.busy);
  return (
    <section className="panel" aria-label="Review workbook">
      <h3>Review workbook</h3>
      <p className="muted">
        The exception queue as an Excel workbook: each row’s <em>Decision</em> offers that exception’s choices, with a Note, a Reason code and the
        Reviewer. Everything else is locked; a hidden fingerprint refuses rows whose figures were edited or that changed here since.
      </p>
      <div className="row-actions">
        <button type="button" className="btn" onClick={() => void exportReviewWorkbook()}>
          Export review workbook…
        </button>
        <button type="button" className="btn" onClick={() => void importReviewWorkbook()} disabled={busy}>
          Import edited workbook…
        </button>
      </div>
      {review && <Preview name={review.name} preview={review.preview} busy={busy} />}
    </section>
  );
}

function Preview({ name, preview, busy }: { name: string; preview: ReviewPreview; busy: boolean }) {
  const n = preview.changes.length;
  return (
    <div className="review-preview" aria-label="Changes from the workbook">
      <h4>
        {name} <span className="muted mono small">SHA-256 {preview.workbook.sha256.slice(0, 16)}…</span>
      </h4>
      {preview.exported && (
        <p className="muted small">
          Exported {stamp(preview.exported.at)} at audit entry {preview.exported.chain_head.seq}.
        </p>
      )}
      <p data-testid="review-summary">
        {n} change{n === 1 ? '' : 's'} to apply, {preview.refused.length} row{preview.refused.length === 1 ? '' : 's'} refused, {preview.unchanged} unchanged.
        Nothing is applied until you apply it; each change is then an audit entry naming this workbook and its SHA-256.
      </p>
      {n > 0 && (
        <div className="table-scroll">
          <table className="grid review-changes" aria-label="Changes">
            <thead>
              <tr>
                <th className="num">Row</th>
                <th>Exception</th>
                <th>From → to</th>
                <th>Note · reason code</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr key={c.key} data-id={c.id}>
                  <td className="num">{c.row}</td>
                  <td>
                    <span className="mono nowrap">{c.id}</span>
                    <br />
                    <span className="muted small">{categoryLabel(c.category)}</span>
                  </td>
                  <td className="small">
                    {c.from.status} · {c.from.resolution ?? '—'}
                    <br />→ <strong>{c.to.status}</strong> · {c.to.resolution ?? '—'}
                  </td>
                  <td className="small">
                    {c.note}
                    {c.reason && (
                      <>
                        {c.note && <br />}
                        <span className="muted">{c.reason}</span>
                      </>
                    )}
                  </td>
                  <td className="small">{c.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview.refused.length > 0 && (
        <>
          <h4>Refused</h4>
          <table className="grid refused" aria-label="Refused rows">
            <tbody>
              {preview.refused.map((r) => (
                <tr key={r.row} data-id={r.id ?? ''}>
                  <td className="num">{r.row}</td>
                  <td className="mono nowrap">{r.id}</td>
                  <td className="bad small">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div className="row-actions">
        <button type="button" className="btn primary" disabled={busy || n === 0} onClick={() => void applyReviewWorkbook()}>
          Apply {n} change{n === 1 ? '' : 's'}
        </button>
        <button type="button" className="btn" onClick={discardReviewWorkbook}>
          Discard
        </button>
      </div>
    </div>
  );
}
