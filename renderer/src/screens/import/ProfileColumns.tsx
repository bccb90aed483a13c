// A file read row by row by a profile: which of its columns each field of the reference layout is made from.
// Read-only (a column mapping does not apply to such a file); the profile editor changes it.
import type { FileInspection } from '../../../../shared/types';
import { SYSTEM_LABELS } from '../../theme/systems';

export function ProfileColumns({ insp }: { insp: FileInspection }) {
  const label = SYSTEM_LABELS[insp.role];
  return (
    <table className="grid mapping-table" aria-label={`${label} columns read by the profile`}>
      <thead>
        <tr>
          <th scope="col">Reference column</th>
          <th scope="col">Made from the file’s columns</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(insp.columns).map(([ref, from]) => (
          <tr key={ref}>
            <th scope="row">{ref}</th>
            <td>{from ?? <span className="muted">— (a value the profile gives, or blank)</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
