// While a new case made from a prior one waits for its files: which case it opens from, shown on every screen.
import { useEffect } from 'react';
import { refreshClose, useCloseStore } from '../../state/close';
import { useCaseStore } from '../../state/case';
import { useReportStore } from '../../state/report';

export function PriorBanner() {
  const prior = useCloseStore((s) => s.prior);
  const hasReport = useReportStore((s) => s.report !== null);
  const name = useCaseStore((s) => s.name);
  // Asked again when the case changes (a New case or an opened one lets the prior go): only while one is shown,
  // so that the app's start does not start the engine for nothing.
  const shown = prior !== null;
  useEffect(() => {
    if (shown) void refreshClose();
  }, [name, hasReport, shown]);
  if (!prior || hasReport) return null;
  return (
    <div className="banner prior-banner" role="status" aria-label="Prior case">
      <span>
        This case opens from the prior case <strong>{prior.case_file.name}</strong> ({prior.period.start} .. {prior.period.end}, SHA-256{' '}
        <span className="mono">{prior.case_file.sha256.slice(0, 12)}…</span>): its closing of {prior.cards} lines is the opening, and {prior.items} prior-period
        items come across. Load this period’s four files and reconcile.
      </span>
    </div>
  );
}
