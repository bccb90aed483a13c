// Next quarter from this one, and, for a case made from a prior one, the continuity: which case it opened from
// (file, SHA-256, audit chain head), what the platform and the ERP opened at against it, and what became of each
// prior-period item here.
import type { PriorSection } from '../../../../shared/close';
import { CardNumber } from '../../components/CardNumber';
import { categoryLabel } from '../../components/categories';
import { Money } from '../../components/Money';
import { newCaseFromThis, useCloseStore } from '../../state/close';
import { useReportStore } from '../../state/report';

export function NextQuarterPanel() {
  const busy = useCloseStore((s) => s.busy);
  const status = useCloseStore((s) => s.status?.status ?? 'unsigned');
  return (
    <section className="panel" aria-label="Next quarter">
      <h3>Next quarter</h3>
      <p className="muted">
        Saves this case, then starts the next period’s case from it: this closing per card is its opening (no opening balances file needed), the open
        and deferred exceptions come across with their notes and decisions, and the settings, mapping, accounts and reason codes come along. The new
        case records this file’s SHA-256 and audit chain head, so the continuity can be re-performed.
      </p>
      {status !== 'reviewed' && <p className="warn-text small">This case is not reviewed yet ({status}): the new case will record that.</p>}
      <button type="button" className="btn primary" disabled={busy} onClick={() => void newCaseFromThis()}>
        New case from this case…
      </button>
    </section>
  );
}

export function PriorPanel() {
  const prior = useReportStore((s) => s.report?.prior);
  if (!prior) return null;
  return <PriorDetail prior={prior} />;
}

function PriorDetail({ prior }: { prior: PriorSection }) {
  const completed = prior.items.filter((i) => i.outcome === 'completed').length;
  const diff = prior.platform_opening.differences;
  return (
    <section className="panel wide" aria-label="Prior period">
      <h3>From the prior case</h3>
      <dl className="facts">
        <div>
          <dt>Period</dt>
          <dd>
            {prior.period.start} .. {prior.period.end}
          </dd>
        </div>
        <div>
          <dt>Case file</dt>
          <dd>{prior.case_file.name}</dd>
        </div>
        <div>
          <dt>Its status then</dt>
          <dd>{prior.prior_status}</dd>
        </div>
        <div>
          <dt>Opening</dt>
          <dd>
            <Money cents={prior.opening_cents} /> ({prior.opening_lines} lines)
          </dd>
        </div>
        <div>
          <dt>ERP opening − prior ERP closing</dt>
          <dd>
            <Money cents={prior.erp_opening.difference_cents} signed />
          </dd>
        </div>
        <div className="wide">
          <dt>SHA-256</dt>
          <dd className="hash mono">{prior.case_file.sha256}</dd>
        </div>
        <div className="wide">
          <dt>Audit chain head</dt>
          <dd className="hash mono">
            entry {prior.chain_head.seq}, {prior.chain_head.hash}
          </dd>
        </div>
      </dl>
      <h4 data-testid="prior-items">
        {prior.items.length} prior-period item{prior.items.length === 1 ? '' : 's'}: {completed} completed here, {prior.items.length - completed} outstanding
      </h4>
      <table className="grid prior-items">
        <thead>
          <tr>
            <th>Prior ID</th>
            <th>Category</th>
            <th>Card</th>
            <th className="num">Amount</th>
            <th>Came across as</th>
            <th>Note</th>
            <th>Here</th>
          </tr>
        </thead>
        <tbody>
          {prior.items.map((i) => (
            <tr key={i.id} className={i.outcome === 'completed' ? 'completed' : ''}>
              <td className="mono">{i.id}</td>
              <td>{categoryLabel(i.category)}</td>
              <td className="small">
                <CardNumber of={{ card: i.card ?? null, last_four: i.last_four, order: i.order }} long />
              </td>
              <td className="num">
                <Money cents={i.amount_cents} />
              </td>
              <td>
                {i.carried}
                {i.prior_status !== 'open' && i.prior_status !== i.carried ? ` (${i.prior_status})` : ''}
              </td>
              <td className="small">{i.note}</td>
              <td>{i.outcome === 'completed' ? <span className="ok-text">completed here by {i.counterpart}</span> : <span className="muted">outstanding</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff.length > 0 && (
        <>
          <h4>
            The platform opens {diff.length} card{diff.length === 1 ? '' : 's'} elsewhere than the prior closing ({prior.platform_opening.basis === 'file' ? 'its opening file' : 'its first rows'})
          </h4>
          <table className="grid">
            <tbody>
              {diff.map((d) => (
                <tr key={d.card}>
                  <td className="small">
                    <CardNumber of={{ card: d.card }} />
                  </td>
                  <td className="num">
                    <Money cents={d.platform_opening_cents} />
                  </td>
                  <td className="small">
                    {d.kind === 'carried' ? (
                      <span className="muted">carried: what the platform held at the prior period end; the prior closing is <Money cents={d.prior_closing_cents} /></span>
                    ) : (
                      <span className="bad">finding: neither the prior closing nor what the platform held then</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
