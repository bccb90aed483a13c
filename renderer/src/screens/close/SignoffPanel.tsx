// Sign-off: the materiality, the open exceptions above it, a card per role (who signed, when, what it covered,
// or the form to sign), and every sign-off with what voided or withdrew it.
import { useEffect, useState } from 'react';
import type { CloseStatus, Signoff, SignoffRole, SignedFigures } from '../../../../shared/close';
import { parseAmount } from '../../../../shared/money';
import { categoryLabel } from '../../components/categories';
import { Money } from '../../components/Money';
import { host } from '../../host';
import { setMateriality, sign, useCloseStore, withdraw } from '../../state/close';
import { useNavStore } from '../../state/nav';
import { stamp } from './stamp';

export function MaterialityPanel({ status }: { status: CloseStatus }) {
  const busy = useCloseStore((s) => s.busy);
  const refusal = useCloseStore((s) => (s.refusal?.what === 'materiality' ? s.refusal.message : null));
  const [text, setText] = useState((status.materiality_cents / 100).toFixed(2));
  useEffect(() => setText((status.materiality_cents / 100).toFixed(2)), [status.materiality_cents]);
  const parsed = parseAmount(text);
  const go = useNavStore((s) => s.go);
  return (
    <section className="panel" aria-label="Materiality and material items">
      <h3>Materiality</h3>
      <p className="muted">Open exceptions above it stop a sign-off, unless the signer forces it with a note. Changing it is an audit entry.</p>
      <div className="row-actions">
        <label className="inline-field">
          Materiality
          <input className="num" aria-label="Materiality" value={text} onChange={(e) => setText(e.target.value)} size={12} />
        </label>
        <button
          type="button"
          className="btn"
          disabled={busy || !parsed.ok || parsed.cents < 0 || parsed.cents === status.materiality_cents}
          onClick={() => parsed.ok && void setMateriality(parsed.cents)}
        >
          Set materiality
        </button>
        {!parsed.ok && <span className="bad small">{parsed.reason}</span>}
      </div>
      {refusal && <div className="error-box" role="alert">{refusal}</div>}
      {status.material.length ? (
        <>
          <h4 data-testid="material-count">
            {status.material.length} open exception{status.material.length === 1 ? '' : 's'} above <Money cents={status.materiality_cents} />
          </h4>
          <table className="grid material">
            <tbody>
              {status.material.slice(0, 8).map((m) => (
                <tr key={m.key}>
                  <td className="mono">{m.id}</td>
                  <td>{categoryLabel(m.category)}</td>
                  <td className="num">
                    <Money cents={m.amount_cents} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {status.material.length > 8 && <p className="muted small">and {status.material.length - 8} more</p>}
          <button type="button" className="link" onClick={() => go('exceptions')}>
            Decide them in the review queue
          </button>
        </>
      ) : (
        <p className="ok-text" data-testid="material-count">
          No open exception above the materiality.
        </p>
      )}
    </section>
  );
}

export function SignoffCards({ status }: { status: CloseStatus }) {
  const active = (role: SignoffRole) => status.signoffs.find((s) => s.role === role && s.status === 'active') ?? null;
  return (
    <div className="signoff-cards">
      <RoleCard role="preparer" active={active('preparer')} status={status} />
      <RoleCard role="reviewer" active={active('reviewer')} status={status} />
    </div>
  );
}

function RoleCard({ role, active, status }: { role: SignoffRole; active: Signoff | null; status: CloseStatus }) {
  const busy = useCloseStore((s) => s.busy);
  const refusal = useCloseStore((s) => (s.refusal?.what === role ? s.refusal.message : null));
  // Signing again after a void is usually the same person: the form starts from the last signer of this role,
  // else (the preparer) from the computer's user; the reviewer's name is always typed the first time.
  const lastSigner = status.signoffs.findLast((s) => s.role === role)?.name ?? '';
  const [name, setName] = useState(lastSigner);
  const [note, setNote] = useState('');
  const [force, setForce] = useState(false);
  useEffect(() => {
    if (role === 'preparer') void host.user().then((u) => setName((n) => n || u));
  }, [role]);
  const title = role === 'preparer' ? 'Preparer' : 'Reviewer';
  const waiting = role === 'reviewer' && !status.signoffs.some((s) => s.role === 'preparer' && s.status === 'active');
  return (
    <section className={`panel signoff-card ${active ? 'signed' : ''}`} aria-label={`${title} sign-off`}>
      <h3>{title}</h3>
      {active ? (
        <>
          <p className="signed-line">
            <span className="seal" aria-hidden="true">✓</span> Signed by <strong>{active.name}</strong> at {stamp(active.at)}
            {active.forced && <span className="badge forced">forced</span>}
          </p>
          {active.note && <p className="muted">“{active.note}”</p>}
          <FiguresTable figures={active.figures} />
          <p className="muted small mono" title={active.chain_head.hash}>
            Audit chain head when signed: entry {active.chain_head.seq}, {active.chain_head.hash.slice(0, 16)}…
          </p>
          <WithdrawForm role={role} />
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void sign(role, name, { force, note }).then((ok) => ok && (setNote(''), setForce(false)));
          }}
        >
          {waiting && <p className="muted">The reviewer signs after the preparer.</p>}
          <label className="inline-field">
            Name
            <input aria-label={`${title} name`} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="inline-field wide">
            Note
            <input aria-label={`${title} note`} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Optional; required to sign with material exceptions open" />
          </label>
          {status.material.length > 0 && (
            <label className="check">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Sign with {status.material.length} material exception
              {status.material.length === 1 ? '' : 's'} open (the note says why)
            </label>
          )}
          <div className="row-actions">
            <button type="submit" className="btn primary" disabled={busy || waiting || !name.trim()}>
              Sign as {role}
            </button>
          </div>
          {refusal && (
            <div className="error-box" role="alert">
              {refusal}
            </div>
          )}
        </form>
      )}
    </section>
  );
}

function WithdrawForm({ role }: { role: SignoffRole }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const busy = useCloseStore((s) => s.busy);
  if (!open)
    return (
      <button type="button" className="link small" onClick={() => setOpen(true)}>
        Withdraw this sign-off…
      </button>
    );
  return (
    <div className="row-actions">
      <input aria-label={`Why withdraw the ${role}'s sign-off`} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why" />
      <button type="button" className="btn" disabled={busy || !note.trim()} onClick={() => void withdraw(role, note).then((ok) => ok && setOpen(false))}>
        Withdraw
      </button>
      <button type="button" className="btn ghost" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </div>
  );
}

/** The figures a sign-off covered (or covers now). */
export function FiguresTable({ figures, now }: { figures: SignedFigures; now?: SignedFigures }) {
  const rows: [string, number, number | undefined][] = [
    ['Reconstructed', figures.reconstructed_closing_cents, now?.reconstructed_closing_cents],
    ['ERP', figures.erp_closing_cents, now?.erp_closing_cents],
    ['Platform', figures.platform_reported_closing_cents, now?.platform_reported_closing_cents],
    ['Open exceptions (amount)', figures.open_amount_cents, now?.open_amount_cents],
  ];
  return (
    <table className="grid figures">
      <tbody>
        {rows.map(([label, a, b]) => (
          <tr key={label} className={b !== undefined && a !== b ? 'moved' : ''}>
            <th>{label}</th>
            <td className="num">
              <Money cents={a} />
            </td>
            {now && (
              <td className="num">
                <Money cents={b!} />
              </td>
            )}
          </tr>
        ))}
        <tr>
          <th>Open / deferred exceptions</th>
          <td className="num">
            {figures.open_exceptions} / {figures.deferred_exceptions}
          </td>
          {now && (
            <td className="num">
              {now.open_exceptions} / {now.deferred_exceptions}
            </td>
          )}
        </tr>
      </tbody>
    </table>
  );
}

/** Every sign-off, oldest first, with what voided or withdrew the ones that no longer stand. */
export function SignoffHistory({ status }: { status: CloseStatus }) {
  if (!status.signoffs.length) return <p className="muted">No sign-off yet.</p>;
  return (
    <table className="grid signoff-history" aria-label="Sign-off history">
      <thead>
        <tr>
          <th>Role</th>
          <th>Name</th>
          <th>Signed</th>
          <th className="num">Reconstructed</th>
          <th className="num">Open</th>
          <th>Status</th>
          <th>Why it no longer stands</th>
        </tr>
      </thead>
      <tbody>
        {[...status.signoffs].reverse().map((s) => (
          <tr key={s.seq} className={`signoff-${s.status}`} data-status={s.status}>
            <td>{s.role}</td>
            <td>{s.name}</td>
            <td className="small">
              {stamp(s.at)} <span className="muted">(entry {s.seq})</span>
            </td>
            <td className="num">
              <Money cents={s.figures.reconstructed_closing_cents} />
            </td>
            <td className="num">{s.figures.open_exceptions}</td>
            <td>
              <span className={`status-pill pill-${s.status}`}>{s.status === 'active' ? 'stands' : s.status}</span>
            </td>
            <td className="small">{s.ended ? `${s.ended.reason}; ${s.status === 'void' ? 'void' : 'withdrawn'} at entry ${s.ended.seq}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
