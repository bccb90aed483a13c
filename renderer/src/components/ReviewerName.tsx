// The reviewer's name: shown in the top bar (click to change it, in the browser), and asked for once, in a
// dialog, before the first decision where the host does not know it (state/reviewer.ts).
import { useEffect, useRef, useState } from 'react';
import { host } from '../host';
import { askName, reviewer, useReviewerStore } from '../state/reviewer';

export function ReviewerName() {
  const name = useReviewerStore((s) => s.name);
  useEffect(() => {
    // Electron knows the name at once; the browser shows the one kept from before, if any (it asks only when needed).
    if (!host.namedUser) void reviewer();
    else void host.namedUser().then((n) => n && useReviewerStore.setState({ name: n }));
  }, []);
  if (host.kind !== 'browser') return name ? <span className="reviewer">Reviewer: {name}</span> : null;
  return (
    <button type="button" className="btn reviewer" onClick={() => void askName()} title="The name the audit log records your decisions under">
      {name ? `Reviewer: ${name}` : 'Reviewer: not named yet'}
    </button>
  );
}

export function ReviewerDialog() {
  const asking = useReviewerStore((s) => s.asking);
  const current = useReviewerStore((s) => s.name);
  const answer = useReviewerStore((s) => s.answer);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (asking) {
      setText(current ?? '');
      input.current?.focus();
    }
  }, [asking, current]);
  if (!asking) return null;
  return (
    <div className="modal-backdrop">
      <form
        className="modal panel narrow"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reviewer-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) answer(text);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') answer(null);
        }}
      >
        <h3 id="reviewer-title">Your name for the audit log</h3>
        <p className="muted">
          Every decision is recorded with who made it and when. This browser keeps the name for next time; it never leaves this
          computer.
        </p>
        <label className="note">
          Name
          <input ref={input} value={text} onChange={(e) => setText(e.target.value)} aria-label="Reviewer name" autoComplete="name" />
        </label>
        <div className="row-actions">
          <button type="submit" className="btn primary" disabled={!text.trim()}>
            Use this name
          </button>
          <button type="button" className="btn" onClick={() => answer(null)}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
