// Evidence files of decisions: on an exception (beside its decision in the review), and for the whole case (the
// Close screen). Files are kept in the case by their SHA-256; a decision names them.
import { useMemo } from 'react';
import type { EvidenceEntry } from '../../../../shared/close';
import type { ExceptionItem } from '../../../../shared/types';
import { attachEvidence, saveEvidence } from '../../state/close';
import { useReportStore } from '../../state/report';

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** The evidence of one exception's decisions, and a way to attach more to the decision in force. */
export function EvidencePanel({ x }: { x: ExceptionItem }) {
  const all = useReportStore((s) => s.report?.evidence);
  const files = useMemo(() => (all ?? []).filter((e) => e.key === x.key), [all, x.key]);
  const decided = (x.status ?? 'open') !== 'open';
  return (
    <section className="panel" aria-label="Evidence">
      <h4>Evidence</h4>
      {files.length ? <EvidenceTable files={files} /> : <p className="muted small">No file kept with its decisions.</p>}
      <button type="button" className="btn" disabled={!decided} title={decided ? undefined : 'Decide first: evidence goes with a decision'} onClick={() => void attachEvidence(x.key)}>
        Attach evidence…
      </button>
    </section>
  );
}

export function EvidenceTable({ files, withException = false }: { files: EvidenceEntry[]; withException?: boolean }) {
  return (
    <table className="grid evidence">
      <tbody>
        {files.map((f) => (
          <tr key={`${f.seq}-${f.sha256}`}>
            {withException && <td className="mono">{f.exception_id ?? '—'}</td>}
            <td>
              <button type="button" className="link" onClick={() => void saveEvidence(f.sha256)} title="Save a copy">
                {f.name}
              </button>
            </td>
            <td className="num small">{size(f.size)}</td>
            <td className="mono small" title={f.sha256}>
              {f.sha256.slice(0, 12)}…
            </td>
            <td className="small">
              {f.user}, entry {f.seq}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every evidence file of the case. */
export function EvidenceList() {
  const files = useReportStore((s) => s.report?.evidence);
  return (
    <section className="panel" aria-label="Evidence files">
      <h3>Evidence</h3>
      {files?.length ? (
        <EvidenceTable files={files} withException />
      ) : (
        <p className="muted">No evidence file yet. Attach files to a decision in the review (Exceptions), or import a review workbook: it is kept as the evidence of the changes it brings.</p>
      )}
    </section>
  );
}
