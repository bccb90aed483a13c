// The reference export layouts of docs/formats.md §1, and loose header matching: case, surrounding spaces, a BOM,
// column order and extra columns do not matter. A mapping (docs/formats.md §3) renames headers per role.
import { InputError, type FileRole, type Mapping } from '../types';
import { oneLine } from './one-line';

export interface Layout {
  role: FileRole;
  columns: readonly string[];
  required: readonly string[];
}

export const LAYOUTS: Record<FileRole, Layout> = {
  platform: {
    role: 'platform',
    columns: ['Transaction ID', 'Card Number', 'Type', 'Amount', 'Balance After', 'Currency', 'Timestamp', 'Order Ref', 'Voids Txn', 'Channel', 'Operator', 'Note'],
    required: ['Transaction ID', 'Card Number', 'Type', 'Amount', 'Timestamp'],
  },
  storefront: {
    role: 'storefront',
    columns: ['Order', 'Transaction ID', 'Created At', 'Event', 'Card Last Four', 'Amount', 'Currency', 'Status', 'Location'],
    required: ['Order', 'Transaction ID', 'Created At', 'Event', 'Amount', 'Status'],
  },
  payments: {
    role: 'payments',
    columns: ['id', 'Type', 'Created (UTC)', 'Amount', 'Fee', 'Net', 'Currency', 'Description', 'Order ID', 'Status'],
    required: ['id', 'Type', 'Created (UTC)', 'Amount'],
  },
  erp: {
    role: 'erp',
    columns: ['Journal', 'Line', 'Date', 'Period', 'Account', 'Debit', 'Credit', 'Memo', 'Reference', 'Source', 'Created By'],
    required: ['Journal', 'Line', 'Date', 'Account', 'Debit', 'Credit'],
  },
  opening: {
    role: 'opening',
    columns: ['Card Number', 'Instrument', 'Balance', 'As Of'],
    required: ['Card Number', 'Balance'],
  },
};

/**
 * Header text reduced to what matters for matching: no BOM, no case, and no spaces or punctuation, so that
 * `Transaction ID`, ` transaction_id `, `TRANSACTION-ID` and `Created (UTC)` / `created utc` all match.
 */
export function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface ColumnResolution {
  /** Reference column → index in the file's header row (or -1 when absent). */
  index: Record<string, number>;
  /** Reference column → the header text it was found under. */
  found: Record<string, string | null>;
  missingRequired: string[];
  layout: 'reference' | 'mapped' | 'incomplete';
  /** The number of header fields: a data row should have as many. */
  width: number;
  /** Layout columns whose header appears more than once: which value is meant cannot be known. */
  duplicates: { column: string; at: number[] }[];
}

export function resolveColumns(role: FileRole, headers: string[], mapping?: Mapping): ColumnResolution {
  const layout = LAYOUTS[role];
  const byName = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = normalizeHeader(String(h ?? ''));
    if (key !== '' && !byName.has(key)) byName.set(key, i);
  });
  const renames = mapping?.[role] ?? {};
  let mapped = false;
  const index: Record<string, number> = Object.create(null);
  const found: Record<string, string | null> = Object.create(null);
  for (const col of layout.columns) {
    const given: unknown = Object.prototype.hasOwnProperty.call(renames, col) ? renames[col] : undefined;
    const wanted = typeof given === 'string' ? given : undefined;
    let i = wanted !== undefined ? (byName.get(normalizeHeader(wanted)) ?? -1) : -1;
    if (i >= 0) mapped = true;
    else i = byName.get(normalizeHeader(col)) ?? -1;
    index[col] = i;
    found[col] = i >= 0 ? String(headers[i]) : null;
  }
  const missingRequired = layout.required.filter((c) => index[c] < 0);
  const duplicates: { column: string; at: number[] }[] = [];
  for (const col of layout.columns) {
    if (index[col] < 0) continue;
    const key = normalizeHeader(String(headers[index[col]] ?? ''));
    const at: number[] = [];
    headers.forEach((h, i) => {
      if (normalizeHeader(String(h ?? '')) === key) at.push(i);
    });
    if (at.length > 1) duplicates.push({ column: col, at });
  }
  return {
    index, found, missingRequired, layout: missingRequired.length ? 'incomplete' : mapped ? 'mapped' : 'reference', width: headers.length, duplicates,
  };
}

/** Guesses a file's role from its headers, for files dropped without saying which system they came from. */
export function detectRole(headers: string[]): FileRole | null {
  let best: FileRole | null = null;
  let bestScore = 0;
  for (const layout of Object.values(LAYOUTS)) {
    const r = resolveColumns(layout.role, headers);
    if (r.missingRequired.length) continue;
    const score = layout.columns.filter((c) => r.index[c] >= 0).length / layout.columns.length;
    if (score > bestScore) [best, bestScore] = [layout.role, score];
  }
  return best;
}

const ROLES = Object.keys(LAYOUTS) as FileRole[];

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return v.trim() === '' ? 'an empty text' : `'${oneLine(v.slice(0, 40))}'`;
  return `the ${typeof v} ${String(v).slice(0, 40)}`;
}

/**
 * A mapping (docs/formats.md §3) checked and put in reference form, or a one-line InputError naming what is wrong:
 * an unknown system or column (named, with what was expected), a header that is not text. A column may be
 * named loosely (`card number`), as headers are; `source` names the mapping in the message.
 */
export function checkMapping(mapping: unknown, source = 'the mapping'): Mapping {
  const refuse = (what: string) => new InputError(`${source}: ${what}`, source);
  if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw refuse(`must be an object of systems (${ROLES.join(', ')}), not ${describe(mapping)}`);
  }
  const out: Mapping = {};
  for (const [role, renames] of Object.entries(mapping as Record<string, unknown>)) {
    if (!ROLES.includes(role as FileRole)) throw refuse(`unknown system '${oneLine(role.slice(0, 40))}' (expected ${ROLES.join(', ')})`);
    const layout = LAYOUTS[role as FileRole];
    if (renames === null || typeof renames !== 'object' || Array.isArray(renames)) {
      throw refuse(`'${role}' must map its column names to header texts, not ${describe(renames)}`);
    }
    const cols: Record<string, string> = {};
    for (const [key, header] of Object.entries(renames as Record<string, unknown>)) {
      const col = layout.columns.find((c) => normalizeHeader(c) === normalizeHeader(key));
      if (!col) throw refuse(`'${oneLine(key.slice(0, 40))}' is not a ${role} column (its columns: ${layout.columns.join(', ')})`);
      if (typeof header !== 'string' || header.trim() === '') throw refuse(`${role} '${col}' must name the header to read it from, not ${describe(header)}`);
      cols[col] = header;
    }
    out[role as FileRole] = cols;
  }
  return out;
}
