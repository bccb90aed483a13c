// Before the run: what each optional column the file lacks (or that is not mapped) costs. The engine reads
// these columns; without them some findings cannot be made or the matching falls back to weaker rules, and the
// numbers differ without a word. Columns the engine does not read are not named.
import type { FileInspection } from '../../../../shared/api';

export function MissingColumns({ label, insp }: { label: string; insp: FileInspection }) {
  const missing = insp.missingOptional ?? [];
  if (!missing.length) return null;
  return (
    <div className="warn-box" role="note" aria-label={`${label}: optional columns missing`}>
      <strong>
        {missing.length === 1 ? 'One optional column is' : `${missing.length} optional columns are`} not in this file (or not mapped); the run
        goes on without {missing.length === 1 ? 'it' : 'them'}, and loses:
      </strong>
      <ul>
        {missing.map((m) => (
          <li key={m.column}>
            <strong>{m.column}</strong>: {m.cost}.
          </li>
        ))}
      </ul>
    </div>
  );
}

/** How many optional columns the files loaded lack, over all of them. */
export function missingCount(inspections: (FileInspection | undefined)[]): number {
  return inspections.reduce((n, i) => n + (i?.missingOptional?.length ?? 0), 0);
}
