// The audit log is append-only and hash-chained: each entry carries the hash of the one before, so an entry
// altered or removed after it was written shows when the chain is walked. The scheme is public, so whoever can
// edit the file can also recompute the chain after an edit: the head (the last entry's hash, with the number of
// entries) is printed in report.json and the workpapers, and a recomputed chain no longer ends at the head an
// auditor signed and kept.
import type { AuditEntry, AuditSeal } from '../types';
import { sha256Text } from '../hash';

const GENESIS = '0'.repeat(64);

/** The hash of one entry, over the previous entry's hash and every field of its own. */
export function auditHash(
  prev: string,
  seq: number,
  at: string,
  user: string,
  action: string,
  detail: string,
): string {
  return sha256Text(JSON.stringify([prev, seq, at, user, action, detail]));
}

/**
 * Walks the hash chain and names every break, in order: an altered entry breaks its own hash, a removed one the
 * numbering or the link to the entry before. Empty when the chain is whole.
 */
export function auditChainProblems(log: readonly AuditEntry[]): string[] {
  const out: string[] = [];
  let prev = GENESIS;
  let expected = 1;
  for (const e of log) {
    if (e.seq !== expected) {
      out.push(
        e.seq > expected
          ? `Audit entr${e.seq - expected > 1 ? `ies ${expected} to ${e.seq - 1} are` : `y ${expected} is`} missing (the log jumps to entry ${e.seq}): removed`
          : `Audit entry ${e.seq} comes after entry ${expected - 1}: the log was reordered or an entry repeated`,
      );
    } else if (e.prev_hash !== prev) {
      out.push(`Audit entry ${e.seq} does not follow entry ${e.seq - 1}: an entry before it was removed or altered`);
    }
    if (auditHash(e.prev_hash, e.seq, e.at, e.user, e.action, e.detail) !== e.hash)
      out.push(`Audit entry ${e.seq} (${e.action} by ${e.user} at ${e.at}) was altered after it was written`);
    prev = e.hash;
    expected = Number(e.seq) + 1;
  }
  return out;
}

/** The seal of a log: how many entries it has and the hash of the last (64 zeros for an empty log). */
export function auditSeal(log: readonly Pick<AuditEntry, 'hash'>[]): AuditSeal {
  return { entries: log.length, head: log.length ? log[log.length - 1].hash : GENESIS };
}

/**
 * A kept head compared with a case's seal: null when they agree, else the one line that says how they differ.
 * `kept` is the head's 64 hex digits, or `ENTRIES:HEAD` as the command line and the app print it.
 */
export function compareSeal(seal: AuditSeal, kept: string): string | null {
  const m = /^\s*(?:(\d+)\s*[:/]\s*)?([0-9a-f]{64})\s*$/i.exec(kept);
  if (!m) return `The kept head '${kept.trim().slice(0, 80)}' is not an audit log head (64 hexadecimal digits, or ENTRIES:HEAD)`;
  const head = m[2].toLowerCase();
  const entries = m[1] === undefined ? null : Number(m[1]);
  if (head === seal.head && (entries === null || entries === seal.entries)) return null;
  const entriesOf = (n: number) => `${n} entr${n === 1 ? 'y' : 'ies'}`;
  return (
    `The case's audit log has ${entriesOf(seal.entries)} ending at head ${seal.head}, not the kept head ${head}` +
    `${entries === null ? '' : ` (${entriesOf(entries)})`}: the log was changed since that head was kept, or this is another case`
  );
}
