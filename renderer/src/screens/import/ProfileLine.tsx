// A loaded file's import profile on its card: what reads it (a detected preset, the reference layout, the
// column mapping, the user's profile, or nothing that fits and why), its rows by outcome, and the plausibility
// problems that stop the run, each on one line with the way to accept it. "Edit profile" opens the editor.
import type { FileInspection, FileRole } from '../../../../shared/types';
import { acceptWarnings, restoreDetectedProfile } from '../../state/profile-actions';
import { useProfilesStore } from '../../state/profiles';
import { SYSTEM_LABELS } from '../../theme/systems';
import './profile.css';

const count = new Intl.NumberFormat('en-US');

/** What reads the file, in words, and a tone for its badge. */
export function profileLabel(insp: FileInspection, given: boolean): { text: string; tone: 'ok' | 'info' | 'bad' } {
  const p = insp.profile;
  if (given && p) return { text: `Your profile: ${p.name} (${p.id} v${p.version})`, tone: insp.requiredMissing.length ? 'bad' : 'info' };
  if (!p || insp.requiredMissing.length) return { text: 'No profile fits this file', tone: 'bad' };
  if (!p.detected) return { text: 'Column mapping', tone: 'info' };
  const kind = insp.detection?.best?.kind;
  if (kind === 'reference') return { text: 'Reference layout', tone: 'ok' };
  return { text: `Preset: ${p.name} (${p.id} v${p.version})`, tone: 'ok' };
}

export function ProfileLine({ role, insp }: { role: FileRole; insp: FileInspection }) {
  const entry = useProfilesStore((s) => s.given[role]);
  const accepted = useProfilesStore((s) => s.accepted[role] ?? false);
  const openEditor = useProfilesStore((s) => s.openEditor);
  const label = SYSTEM_LABELS[role];
  const { text, tone } = profileLabel(insp, !!entry);
  const c = insp.counts;
  const problems = insp.problems ?? [];
  return (
    <div className="profile-line" aria-label={`${label} import profile`}>
      <div className="profile-head">
        <span className="muted">Read by</span>
        <span className={`badge profile-${tone}`} data-testid={`profile-${role}`}>
          {text}
        </span>
        {insp.profile?.detected && insp.detection?.best && <span className="muted small">recognised by its headers (row {insp.detection.best.headerRow})</span>}
        {entry && <span className="muted small">from {entry.source}</span>}
        <span className="spacer" />
        {entry && (
          <button type="button" className="btn ghost" onClick={() => void restoreDetectedProfile(role)}>
            Use the detected profile
          </button>
        )}
        <button type="button" className="btn" onClick={() => openEditor(role)} aria-label={`Edit the ${label} profile`}>
          Edit profile…
        </button>
      </div>
      {!entry && insp.requiredMissing.length > 0 && (
        <div className="profile-refusal">
          {insp.detection?.refusal && <div>{insp.detection.refusal}.</div>}
          <div className="muted">
            Map its columns below if only the names differ; otherwise write a profile for it with <strong>Edit profile…</strong> (title blocks, other
            separators, decimal commas, codes to translate, split date and time).
          </div>
        </div>
      )}
      {insp.error && (
        <div className="error-box" role="alert">
          {insp.error}
        </div>
      )}
      {c && (
        <div className="profile-counts" data-testid={`counts-${role}`}>
          <span>
            <strong>{count.format(c.rows)}</strong> rows
          </span>
          <span>
            <strong>{count.format(c.imported)}</strong> imported
          </span>
          <span title={Object.entries(c.out_of_scope_reasons).map(([r, n]) => `${count.format(n)} ${r}`).join('\n')}>
            <strong>{count.format(c.out_of_scope)}</strong> out of scope
          </span>
          <span className={c.quarantined ? 'bad' : ''}>
            <strong>{count.format(c.quarantined)}</strong> quarantined
          </span>
        </div>
      )}
      {problems.length > 0 && (
        <div className={accepted ? 'profile-problems accepted' : 'profile-problems'} role="group" aria-label={`${label} plausibility problems`}>
          {problems.map((p, i) => (
            <div key={i} className="problem" title={p.kind}>
              {p.message}
            </div>
          ))}
          <label className="accept">
            <input type="checkbox" checked={accepted} onChange={(e) => acceptWarnings(role, e.target.checked)} />
            {accepted ? ' Accepted: the run goes on and report.json records these warnings.' : ' Accept and reconcile anyway (the run stops on these otherwise; report.json records them).'}
          </label>
        </div>
      )}
    </div>
  );
}
