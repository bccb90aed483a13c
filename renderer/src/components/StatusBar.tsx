import { useCaseStore } from '../state/case';
import { showIntegrityProblems, useIntegrity, useReadOnly } from '../state/integrity';
import { useNotice } from '../state/notice';
import { useReportStore } from '../state/report';
import { RunProgress } from './RunProgress';

export function StatusBar() {
  const settings = useCaseStore((s) => s.settings);
  const stale = useCaseStore((s) => s.stale);
  const hasReport = useReportStore((s) => s.report !== null);
  const seal = useReportStore((s) => s.report?.audit_seal);
  // The opened case's check, while the report on screen is still that case's (a new run starts a new log).
  const check = useIntegrity((s) => s.check);
  const readOnly = useReadOnly() !== null;
  const notice = useNotice((s) => s.message);
  const tone = useNotice((s) => s.tone);
  return (
    <footer className="statusbar" aria-label="Status">
      <span className="sb-item">
        {settings.periodStart} – {settings.periodEnd}
      </span>
      <span className="sb-item">{settings.timezone}</span>
      {hasReport && stale && <span className="sb-item warn">Settings or files changed since the last run — reconcile again</span>}
      {seal && (
        <span className="sb-item" title={`Audit log head (SHA-256 of entry ${seal.entries}): ${seal.head}`} data-head={`${seal.entries}:${seal.head}`}>
          Audit log {seal.entries} entries, head {seal.head.slice(0, 12)}…
        </span>
      )}
      {readOnly && check && (
        <button type="button" className="sb-item warn sb-link" onClick={() => showIntegrityProblems(check)} title="Show every problem found">
          Read-only: the case file failed its integrity check ({check.problems.length})
        </button>
      )}
      <RunProgress compact />
      <span className={tone === 'error' ? 'sb-notice error' : 'sb-notice'} role={tone === 'error' ? 'alert' : 'status'} title={notice}>
        {notice}
      </span>
    </footer>
  );
}
