// The import profile editor: a role's profile as JSON text (started from the one in use, a copy of any preset,
// or a blank one for the file), checked as it is typed (one line naming the key that is wrong), with a live
// preview of the file's first rows beside the event each becomes or why not, and the file's control totals over
// every row. "Use this profile" reads the file with it from then on (inspection and run); profiles are saved
// and loaded as files a team keeps for next quarter.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LAYOUTS } from '../../../../shared/import/layouts';
import { PROFILE_FORMAT } from '../../../../shared/import/profile/types';
import type { Preview } from '../../../../shared/import/profile/preview';
import type { PresetInfo, ProfileCheck } from '../../../../shared/service/engine-service';
import type { FileInspection, FileRole } from '../../../../shared/types';
import { engine } from '../../engine/client';
import { useFilesStore } from '../../state/files';
import { chooseProfile, openProfileFile, saveProfileFile } from '../../state/profile-actions';
import { useProfilesStore } from '../../state/profiles';
import { SYSTEM_LABELS } from '../../theme/systems';
import { PreviewTable, PreviewTotals } from './ProfilePreview';
import './profile.css';

const PREVIEW_ROWS = 100;
const CHECK_DELAY_MS = 300;

/** Key order kept, two-space indent: the form a user edits and saves. */
const pretty = (json: unknown) => JSON.stringify(json, null, 2) + '\n';

/**
 * The file's column names as far as the first rows show them: the header found, or, under a title block the
 * reader took for the header, the first of the first rows with the most filled cells.
 */
export function likelyHeaders(insp: FileInspection): string[] {
  let best = insp.headers.filter((h) => h.trim() !== '');
  for (const row of insp.preview) {
    const cells = row.filter((c) => c.trim() !== '');
    if (cells.length > best.length) best = cells;
  }
  return best;
}

/** A profile to start from when nothing reads the file: its headers as the signature, each required column to fill in. */
export function blankProfile(role: FileRole, insp: FileInspection): unknown {
  const headers = likelyHeaders(insp);
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const fields: Record<string, unknown> = {};
  for (const ref of LAYOUTS[role].required) {
    const same = headers.find((h) => norm(h) === norm(ref));
    fields[ref] = { column: same ?? `? (one of the file's columns for ${ref})` };
  }
  return {
    format: PROFILE_FORMAT,
    id: `my-${role}-export`,
    name: `My ${SYSTEM_LABELS[role].toLowerCase()} export`,
    role,
    version: 1,
    detect: { headers: headers.slice(0, 6) },
    table: { header: 'detect' },
    money: { decimal: '.', thousands: ',' },
    dates: { order: null, zone: null },
    fields,
  };
}

type Check = { state: 'idle' } | { state: 'checking' } | { state: 'error'; error: string } | { state: 'ok'; check: Extract<ProfileCheck, { ok: true }>; preview: Extract<Preview, { ok: true }> };

/** The JSON text read, or the one line saying where it is not JSON. */
function parse(text: string): { ok: true; json: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (err) {
    const m = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(m);
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      return { ok: false, error: `The profile is not valid JSON at line ${line}, column ${before.length - before.lastIndexOf('\n')}: ${m.replace(/ in JSON at position \d+.*$/, '')}` };
    }
    return { ok: false, error: `The profile is not valid JSON: ${m}` };
  }
}

/** A built-in preset's id kept on an edited profile would name the preset for what it no longer is. */
function presetClash(json: unknown, presets: PresetInfo[]): string | null {
  const id = (json as { id?: unknown }).id;
  const preset = presets.find((p) => p.id === id);
  if (!preset || JSON.stringify(preset.json) === JSON.stringify(json)) return null;
  return `id: "${String(id)}" is the built-in preset's; give your edited profile its own id (e.g. "${String(id)}-ours") before you use or save it`;
}

export function ProfileEditor() {
  const role = useProfilesStore((s) => s.editing);
  const file = useFilesStore((s) => (role ? s.files[role] : undefined));
  if (!role || !file?.inspection) return null;
  return <EditorDialog key={role} role={role} insp={file.inspection} fileName={file.name} />;
}

function EditorDialog({ role, insp, fileName }: { role: FileRole; insp: FileInspection; fileName: string }) {
  const closeEditor = useProfilesStore((s) => s.closeEditor);
  const given = useProfilesStore((s) => s.given[role]);
  const label = SYSTEM_LABELS[role];
  const [presets, setPresets] = useState<PresetInfo[]>([]);
  // A file nothing reads starts from a blank profile made from its columns, not from the profile that failed.
  const inUse = insp.requiredMissing.length === 0 ? insp.profile : undefined;
  const [opened] = useState(() => pretty(given?.json ?? inUse?.json ?? blankProfile(role, insp)));
  const [text, setText] = useState(opened);
  const [source, setSource] = useState(given?.source ?? (inUse ? `the profile in use (${inUse.id})` : 'a blank profile'));
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const seq = useRef(0);
  const area = useRef<HTMLTextAreaElement>(null);

  // Edits are not thrown away without asking (Escape, Close, Cancel).
  const edited = text !== opened;
  const close = useCallback(() => {
    if (!edited || window.confirm('Discard the changes to this profile? (Save file… keeps them.)')) closeEditor();
  }, [edited, closeEditor]);

  useEffect(() => {
    void engine()
      .call('presets', null)
      .then(setPresets)
      .catch(() => setPresets([]));
    area.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  // Checked and previewed once the typing pauses; an answer to an older text is dropped.
  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      const parsed = parse(text);
      if (!parsed.ok) return setCheck({ state: 'error', error: parsed.error });
      setCheck((c) => (c.state === 'ok' ? c : { state: 'checking' }));
      void (async () => {
        const check = await engine().call('validateProfile', { profile: parsed.json });
        if (mine !== seq.current) return;
        if (!check.ok) return setCheck({ state: 'error', error: check.error });
        if (check.role !== role) return setCheck({ state: 'error', error: `role: this profile reads a ${check.role} file; this is the ${role} file (${fileName})` });
        const preview = await engine().call('previewProfile', { role, profile: parsed.json, rows: PREVIEW_ROWS });
        if (mine !== seq.current) return;
        if (!preview.ok) return setCheck({ state: 'error', error: preview.error });
        setCheck({ state: 'ok', check, preview });
      })().catch((err: unknown) => mine === seq.current && setCheck({ state: 'error', error: err instanceof Error ? err.message : String(err) }));
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, role, fileName]);

  const parsed = useMemo(() => parse(text), [text]);
  const clash = parsed.ok ? presetClash(parsed.json, presets) : null;
  const usable = check.state === 'ok' && !clash && parsed.ok;

  const startFrom = (value: string) => {
    if (value === 'in-use' && insp.profile) {
      setText(pretty(insp.profile.json));
      setSource(`the profile in use (${insp.profile.id})`);
    } else if (value === 'blank') {
      setText(pretty(blankProfile(role, insp)));
      setSource('a blank profile');
    } else {
      const p = presets.find((x) => x.id === value);
      if (!p) return;
      setText(pretty(p.json));
      setSource(`a copy of the preset ${p.id}`);
    }
  };
  const load = async () => {
    const f = await openProfileFile();
    if (!f) return;
    setText(f.text.endsWith('\n') ? f.text : f.text + '\n');
    setSource(f.name);
  };
  const save = () => {
    const id = parsed.ok ? String((parsed.json as { id?: unknown }).id ?? 'profile') : 'profile';
    void saveProfileFile(`${id.replace(/[^A-Za-z0-9._-]+/g, '-')}.profile.json`, text);
  };
  const use = async () => {
    if (!usable || !parsed.ok) return;
    closeEditor();
    await chooseProfile(role, parsed.json, /^a |^the /.test(source) ? 'the profile editor' : source);
  };

  const roles = Object.keys(SYSTEM_LABELS) as FileRole[];
  return (
    <div className="profile-editor-backdrop">
      <div className="profile-editor" role="dialog" aria-modal="true" aria-labelledby="profile-editor-title">
        <header className="pe-head">
          <h3 id="profile-editor-title">Import profile — {label}</h3>
          <span className="muted">
            {fileName} · started from {source}
          </span>
          <span className="spacer" />
          <button type="button" className="btn ghost" onClick={close}>
            Close
          </button>
        </header>
        <div className="pe-body">
          <div className="pe-left">
            <div className="pe-tools">
              <select aria-label="Start from" value="" onChange={(e) => startFrom(e.target.value)}>
                <option value="">Start from…</option>
                {insp.profile && <option value="in-use">The profile in use: {insp.profile.name}</option>}
                <option value="blank">A blank profile for this file</option>
                {roles.map((r) => {
                  const list = presets.filter((p) => p.role === r);
                  return list.length ? (
                    <optgroup key={r} label={`Copy a preset — ${SYSTEM_LABELS[r]}`}>
                      {list.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    </optgroup>
                  ) : null;
                })}
              </select>
              <button type="button" className="btn" onClick={() => void load()}>
                Load file…
              </button>
              <button type="button" className="btn" onClick={save} disabled={!parsed.ok}>
                Save file…
              </button>
            </div>
            <textarea
              ref={area}
              className="pe-text mono"
              aria-label="Profile (JSON)"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <div className="pe-status" role="status" aria-label="Profile check">
              {check.state === 'error' && <span className="bad">{check.error}</span>}
              {check.state !== 'error' && clash && <span className="bad">{clash}</span>}
              {check.state === 'ok' && !clash && (
                <span className="ok-text">
                  Reads the {check.check.role} file as “{check.check.name}” ({check.check.id} v{check.check.version}).
                </span>
              )}
              {(check.state === 'checking' || check.state === 'idle') && <span className="muted">Checking…</span>}
            </div>
            <ColumnsHelp role={role} insp={insp} />
          </div>
          <div className="pe-right">
            {check.state === 'ok' ? (
              <>
                <PreviewTotals preview={check.preview} />
                <PreviewTable preview={check.preview} />
              </>
            ) : (
              <p className="muted">The preview shows here once the profile reads the file.</p>
            )}
          </div>
        </div>
        <footer className="pe-foot">
          <span className="muted small">The run reads the {label.toLowerCase()} file with this profile; report.json names it, and the case keeps it.</span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="button" className="btn primary" disabled={!usable} onClick={() => void use()}>
            Use this profile
          </button>
        </footer>
      </div>
    </div>
  );
}

/** The names a profile refers to: the file's columns, and the reference columns of the role (required ones marked). */
function ColumnsHelp({ role, insp }: { role: FileRole; insp: FileInspection }) {
  const headers = likelyHeaders(insp);
  const layout = LAYOUTS[role];
  return (
    <details className="pe-help">
      <summary>Column names</summary>
      <p>
        <span className="muted">In the file: </span>
        {headers.map((h, i) => (
          <code key={i}>{h}</code>
        ))}
      </p>
      <p>
        <span className="muted">Fields of the {SYSTEM_LABELS[role].toLowerCase()} (* required): </span>
        {layout.columns.map((c) => (
          <code key={c}>
            {c}
            {layout.required.includes(c) ? '*' : ''}
          </code>
        ))}
      </p>
      <p className="muted small">The format (conditions, value mapping, dates, money, generated keys) is described in docs/importing.md.</p>
    </details>
  );
}
