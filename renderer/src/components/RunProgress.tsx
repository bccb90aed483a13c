import { cancelRun } from '../state/actions';
import { percent, STAGE_LABEL, useRunStore } from '../state/run';

const rateFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The progress of the engine's current work: stage, percent, rows per second, and Cancel. */
export function RunProgress({ compact = false }: { compact?: boolean }) {
  const status = useRunStore((s) => s.status);
  const label = useRunStore((s) => s.label);
  const progress = useRunStore((s) => s.progress);
  const rate = useRunStore((s) => s.rate);
  if (status !== 'running') return null;
  const pct = percent(progress);
  const stage = progress ? STAGE_LABEL[progress.stage] : 'Starting';
  const text = `${stage}${progress?.file ? ` ${progress.file}` : ''}${pct !== null ? ` — ${pct}%` : ''}${
    rate ? ` — ${rateFmt.format(rate)} rows/s` : ''
  }`;
  return (
    <div className={compact ? 'run-progress compact' : 'run-progress'} role="status" aria-live="polite">
      {!compact && <div className="run-label">{label}</div>}
      <div
        className="bar"
        role="progressbar"
        aria-label={compact ? `${label || 'Progress'} (status bar)` : label || 'Progress'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={text}
      >
        <div className={pct === null ? 'fill indeterminate' : 'fill'} style={{ width: `${pct ?? 30}%` }} />
      </div>
      <span className="run-text" data-testid={compact ? undefined : 'run-text'}>
        {text}
      </span>
      <button type="button" className="btn" onClick={() => void cancelRun()} aria-label={compact ? 'Cancel the run' : 'Cancel'}>
        Cancel
      </button>
    </div>
  );
}
