import { useEffect, useState } from 'react';
import { host } from './host';
import type { MenuCommand, RecoveredAutosave } from './host/types';
import { PriorBanner } from './screens/close/PriorBanner';
import { SCREENS } from './screens/registry';
import { CardNumberToggle } from './components/CardNumber';
import { ReviewerDialog, ReviewerName } from './components/ReviewerName';
import { StatusBar } from './components/StatusBar';
import { discardRecovery, newCase, openCaseFile, openDemo, recoverFrom, saveCase, scheduleAutosave } from './state/actions';
import { useCaseStore } from './state/case';
import { useNavStore, type ScreenId } from './state/nav';
import { useReportStore } from './state/report';
import { warmSearchText } from './state/review';
import { redo, undo } from './state/review-actions';

function runMenu(cmd: MenuCommand): void {
  switch (cmd) {
    case 'new-case':
      void newCase();
      break;
    case 'open-case':
      void openCaseFile();
      break;
    case 'open-demo':
      void openDemo();
      break;
    case 'save':
      void saveCase(false);
      break;
    case 'save-as':
      void saveCase(true);
      break;
    case 'export':
      useNavStore.getState().go('export');
      break;
    case 'undo':
      void undo();
      break;
    case 'redo':
      void redo();
      break;
  }
}

/** Browser shortcuts (Electron's menu carries its own accelerators): Ctrl/⌘+S, Shift+S, O; Alt+1…8 for screens. */
function onKey(e: KeyboardEvent): void {
  const mod = e.ctrlKey || e.metaKey;
  if (e.altKey && !mod && /^Digit[1-8]$/.test(e.code)) {
    const entry = SCREENS[Number(e.code.slice(5)) - 1];
    if (entry) {
      e.preventDefault();
      useNavStore.getState().go(entry.id);
    }
    return;
  }
  if (host.kind !== 'browser' || !mod || e.altKey) return;
  const k = e.key.toLowerCase();
  if (k === 's') {
    e.preventDefault();
    void saveCase(e.shiftKey);
  } else if (k === 'o' && !e.shiftKey) {
    e.preventDefault();
    void openCaseFile();
  }
}

export function App() {
  const screen = useNavStore((s) => s.screen);
  const go = useNavStore((s) => s.go);
  const hasReport = useReportStore((s) => s.report !== null);
  const exceptions = useReportStore((s) => s.report?.exceptions);
  const name = useCaseStore((s) => s.name);
  const dirty = useCaseStore((s) => s.dirty);
  const [recovery, setRecovery] = useState<RecoveredAutosave | null>(null);

  useEffect(() => host.setTitle(name, dirty), [name, dirty]);
  // The queue's search text, made ready while the user reads the overview.
  useEffect(() => (exceptions ? warmSearchText(exceptions) : undefined), [exceptions]);

  useEffect(() => {
    const off = host.onMenu(runMenu);
    window.addEventListener('keydown', onKey);
    // Autosave whenever the case becomes dirty again after a change.
    const unsub = useCaseStore.subscribe((s, prev) => {
      if (s.dirty && (s.settings !== prev.settings || s.name !== prev.name)) scheduleAutosave();
    });
    let cancelled = false;
    void (async () => {
      const rec = await host.recoverAutosave().catch(() => null);
      if (cancelled) return;
      if (rec) setRecovery(rec);
      else if ((await host.startupArgs().catch(() => ({ demo: false }))).demo && !cancelled) void openDemo();
    })();
    return () => {
      cancelled = true;
      off();
      unsub();
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const current = SCREENS.find((s) => s.id === screen) ?? SCREENS[0];
  const Screen = current.component;

  return (
    <div className="shell">
      <header className="topbar">
        <h1>Balance Forensics</h1>
        <span className="case-name" aria-label="Case">
          {name}
          {dirty && <span className="dirty" title="Unsaved changes" aria-label="unsaved changes"> •</span>}
        </span>
        <div className="topbar-actions">
          <ReviewerName />
          <CardNumberToggle />
          <button type="button" className="btn" onClick={() => void newCase()}>
            New case
          </button>
          <button type="button" className="btn" onClick={() => void openCaseFile()}>
            Open case…
          </button>
          <button type="button" className="btn" onClick={() => void saveCase(false)} disabled={!hasReport}>
            Save case
          </button>
        </div>
      </header>
      {recovery && (
        <div className="banner" role="alert">
          <span>
            An unsaved case “{recovery.caseName}” from {new Date(recovery.savedAt).toLocaleString()} was kept when the app last
            closed. Recover it?
          </span>
          <button
            type="button"
            className="btn primary"
            onClick={() => {
              const rec = recovery;
              setRecovery(null);
              void recoverFrom(rec);
            }}
          >
            Recover
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setRecovery(null);
              void discardRecovery();
            }}
          >
            Discard
          </button>
        </div>
      )}
      <div className="body">
        <nav className="sidenav" aria-label="Screens">
          <ul>
            {SCREENS.map((s, i) => (
              <li key={s.id}>
                <button
                  type="button"
                  className={s.id === screen ? 'nav-item active' : 'nav-item'}
                  aria-current={s.id === screen ? 'page' : undefined}
                  aria-keyshortcuts={`Alt+${i + 1}`}
                  onClick={() => go(s.id as ScreenId)}
                >
                  <span className="nav-label">{s.label}</span>
                  <span className="nav-hint">{s.hint}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content" id="main">
          <PriorBanner />
          {current.needsReport && !hasReport ? <NoCaseYet /> : <Screen />}
        </main>
      </div>
      <StatusBar />
      <ReviewerDialog />
    </div>
  );
}

function NoCaseYet() {
  const go = useNavStore((s) => s.go);
  return (
    <section className="screen" aria-labelledby="nocase-title">
      <h2 id="nocase-title">No reconciled case yet</h2>
      <div className="panel">
        <p>Import the four systems’ files and reconcile them, open a saved case, or try the demo quarter.</p>
        <div className="row-actions">
          <button type="button" className="btn primary" onClick={() => go('import')}>
            Go to Import
          </button>
          <button type="button" className="btn" onClick={() => void openDemo()}>
            Open the demo quarter
          </button>
        </div>
      </div>
    </section>
  );
}
