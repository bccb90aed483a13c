// What the files say about the period before a run: the dates each file covers, the quarter and zone they
// suggest, and how many of their rows the case's period holds. When most lie outside it, the run is refused
// until the auditor takes the proposal or says to go on: another quarter's files would reconcile to nothing
// and look like a perfect result.
import { useEffect } from 'react';
import { reconcile, scheduleProposal, takeProposedPeriod } from '../../state/actions';
import { useCaseStore } from '../../state/case';
import { useFilesStore } from '../../state/files';
import { periodLabel } from '../../state/settings';
import { FILE_ROLES } from '../../../../shared/types';
import { SYSTEM_LABELS } from '../../theme/systems';

const count = new Intl.NumberFormat('en-US');

export function PeriodPanel() {
  const proposal = useFilesStore((s) => s.proposal);
  const taken = useFilesStore((s) => s.proposalTaken);
  const chosen = useCaseStore((s) => s.periodChosen);
  const mapping = useFilesStore((s) => s.mapping);
  const { periodStart, periodEnd, timezone } = useCaseStore((s) => s.settings);
  // The coverage follows the case's period and the mapping (a date column mapped anew).
  useEffect(() => scheduleProposal(), [periodStart, periodEnd, timezone, mapping]);
  if (!proposal) return null;
  const p = proposal.period;
  const cov = proposal.coverage;
  const same = p && p.start === periodStart && p.end === periodEnd && (!proposal.timezone || proposal.timezone === timezone);
  const dated = proposal.files.filter((f) => f.rows > 0).sort((a, b) => FILE_ROLES.indexOf(a.role) - FILE_ROLES.indexOf(b.role));

  return (
    <div className={cov?.warning ? 'panel period-panel warn-loud' : 'panel period-panel'} aria-label="The period" data-testid="period-panel">
      <h3>The period</h3>
      <p>
        The case’s period: <strong>{periodLabel(periodStart, periodEnd)}</strong> in <strong>{timezone}</strong>
        {cov && (
          <>
            {' '}
            — it holds <strong data-testid="coverage">{count.format(cov.in_period)} of {count.format(cov.rows)}</strong> dated rows of the files.
          </>
        )}
      </p>
      {p && !same && (
        <p>
          The files suggest <strong data-testid="proposed-period">{periodLabel(p.start, p.end)}</strong>
          {proposal.timezone && (
            <>
              {' '}
              in <strong>{proposal.timezone}</strong>
            </>
          )}{' '}
          <span className="muted small">— {proposal.zone_basis}</span>{' '}
          <button type="button" className="btn" onClick={() => void takeProposedPeriod()}>
            Use {periodLabel(p.start, p.end)}
            {proposal.timezone && proposal.timezone !== timezone ? `, ${proposal.timezone}` : ''}
          </button>
        </p>
      )}
      {p && same && (
        <p className="muted small" data-testid="period-basis">
          {taken && !chosen ? 'Taken from the files (the case had no period chosen yet): ' : 'It is the period the files suggest. '}
          {proposal.zone_basis}
        </p>
      )}
      {cov?.warning && (
        <div className="error-box" role="alert" data-testid="period-warning">
          <strong>{cov.warning}</strong> A run would find almost nothing to reconcile and show it as agreement.{' '}
          <button type="button" className="btn" onClick={() => void reconcile({ outsidePeriod: true })}>
            Reconcile anyway
          </button>
        </div>
      )}
      {dated.length > 0 && (
        <table className="grid file-dates" aria-label="Dates in each file">
          <tbody>
            {dated.map((f) => (
              <tr key={f.role}>
                <th scope="row">{SYSTEM_LABELS[f.role]}</th>
                <td>
                  {f.first} to {f.last}
                </td>
                <td className="num">{count.format(f.rows)} dated rows</td>
                <td className="muted small">{f.offsets.length ? `offsets ${f.offsets.join(', ')}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
