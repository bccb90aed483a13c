// The audit log is append-only and hash-chained: each entry carries the hash of the one before, so an entry
// altered or removed after it was written shows when the chain is walked.
import type { AuditEntry, ChainCheck } from '../types';
import { sha256Text } from '../hash';

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

/** Walks the hash chain: an altered entry breaks its own hash, a removed one breaks the link or the numbering. */
export function verifyAuditChain(log: AuditEntry[]): ChainCheck {
  let prev = '0'.repeat(64);
  for (let i = 0; i < log.length; i++) {
    const e = log[i];
    if (e.seq !== i + 1)
      return {
        ok: false,
        problem: `Audit entry ${i + 1} is missing (the log jumps to entry ${e.seq}): an entry was removed`,
      };
    if (e.prev_hash !== prev)
      return {
        ok: false,
        problem: `Audit entry ${e.seq} does not follow entry ${e.seq - 1}: an entry before it was removed or altered`,
      };
    if (auditHash(e.prev_hash, e.seq, e.at, e.user, e.action, e.detail) !== e.hash)
      return {
        ok: false,
        problem: `Audit entry ${e.seq} (${e.action} by ${e.user} at ${e.at}) was altered after it was written`,
      };
    prev = e.hash;
  }
  return { ok: true };
}
