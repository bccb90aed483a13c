import type { FileRole } from '../../../shared/types';
import { SYSTEM_LABELS, SYSTEM_SHORT } from '../theme/systems';

/** The system's colour swatch and name: the one visual key for a system everywhere. */
export function SystemTag({ role, short = false }: { role: FileRole; short?: boolean }) {
  return (
    <span className={`system-tag sys-${role}`}>
      <span className="swatch" aria-hidden="true" />
      {short ? SYSTEM_SHORT[role] : SYSTEM_LABELS[role]}
    </span>
  );
}
