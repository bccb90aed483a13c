import { useCaseStore } from '../state/case';
import { useNotice } from '../state/notice';
import { useReportStore } from '../state/report';
import { RunProgress } from './RunProgress';

export function StatusBar() {
  const settings = useCaseStore((s) => s.settings);
  const stale = useCaseStore((s) => s.stale);
  const hasReport = useReportStore((s) => s.report !== null);
  const notice = useNotice((s) => s.message);
  const tone = useNotice((s) => s.tone);
  return (
    <footer className="statusbar" aria-label="Status">
      <span className="sb-item">
        {settings.periodStart} – {settings.periodEnd}
      </span>
      <span className="sb-item">{settings.timezone}</span>
      {hasReport && stale && <span className="sb-item warn">Settings or files changed since the last run — reconcile again</span>}
      <RunProgress compact />
      <span className={tone === 'error' ? 'sb-notice error' : 'sb-notice'} role={tone === 'error' ? 'alert' : 'status'}>
        {notice}
      </span>
    </footer>
  );
}
