// Conditions on a row, compiled against the file's columns into plain functions. Literal comparisons are on the
// cell's trimmed text and ignore case (`sale` = `Sale`); regular expressions see the trimmed text as it is.
import { keyPath } from './validate';
import type { Columns, RowState } from './state';
import type { Condition, Literal, ValueTest } from './types';

export type Test = (st: RowState, col: number) => boolean;
export type Cond = (st: RowState) => boolean;

const TEST_KEYS = ['blank', 'equals', 'in', 'startsWith', 'matches', 'not'];

function lit(v: Literal): string {
  return v === null ? '' : String(v).trim().toLowerCase();
}

export function compileTest(t: ValueTest, path: string): Test {
  if (Array.isArray(t)) {
    const set = new Set(t.map(lit));
    return (st, i) => set.has(st.lower(i));
  }
  if (t === null || typeof t !== 'object') {
    const v = lit(t);
    return (st, i) => st.lower(i) === v;
  }
  return compileTestKey(t as Record<string, unknown>, TEST_KEYS.find((k) => k in t)!, path);
}

function compileTestKey(o: Record<string, unknown>, key: string, path: string): Test {
  switch (key) {
    case 'blank': {
      const want = o.blank === true;
      return (st, i) => (st.text(i) === '') === want;
    }
    case 'equals': {
      const v = lit(o.equals as Literal);
      return (st, i) => st.lower(i) === v;
    }
    case 'in': {
      const set = new Set((o.in as Literal[]).map(lit));
      return (st, i) => set.has(st.lower(i));
    }
    case 'startsWith': {
      const v = lit(o.startsWith as string);
      return (st, i) => st.lower(i).startsWith(v);
    }
    case 'matches': {
      const re = new RegExp(o.matches as string, (o.flags as string | undefined) ?? '');
      return (st, i) => re.test(st.text(i));
    }
    default: {
      const inner = compileTest(o.not as ValueTest, keyPath(path, 'not'));
      return (st, i) => !inner(st, i);
    }
  }
}

/** The columns a condition reads (for messages: the values that made no case match). */
export function conditionColumns(c: Condition, cols: Columns, path: string): number[] {
  const o = c as Record<string, unknown>;
  if ('column' in o) return [cols.resolve(o.column as never, keyPath(path, 'column'), o.optional === true)].filter((i) => i >= 0);
  const keys = Object.keys(o);
  if (keys.length === 1 && (keys[0] === 'allOf' || keys[0] === 'anyOf')) {
    return (o[keys[0]] as Condition[]).flatMap((x, i) => conditionColumns(x, cols, keyPath(keyPath(path, keys[0]), i)));
  }
  if (keys.length === 1 && keys[0] === 'not') return conditionColumns(o.not as Condition, cols, keyPath(path, 'not'));
  if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'anyCell')) return [];
  return keys.map((k) => cols.resolve(k, keyPath(path, k)));
}

export function compileCondition(c: Condition, cols: Columns, path: string): Cond {
  const o = c as Record<string, unknown>;
  if ('column' in o) {
    const i = cols.resolve(o.column as never, keyPath(path, 'column'), o.optional === true);
    const test = compileTestKey(o, TEST_KEYS.find((k) => k in o)!, path);
    return (st) => test(st, i);
  }
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const k = keys[0];
    if (k === 'all') {
      return (st) => {
        for (let i = 0; i < st.cells.length; i++) if (st.text(i) !== '') return false;
        return true;
      };
    }
    if (k === 'allOf' || k === 'anyOf') {
      const parts = (o[k] as Condition[]).map((x, i) => compileCondition(x, cols, keyPath(keyPath(path, k), i)));
      return k === 'allOf' ? allOf(parts) : anyOf(parts);
    }
    if (k === 'not') {
      const inner = compileCondition(o.not as Condition, cols, keyPath(path, 'not'));
      return (st) => !inner(st);
    }
    if (k === 'anyCell') {
      const test = compileTest(o.anyCell as ValueTest, keyPath(path, 'anyCell'));
      return (st) => {
        for (let i = 0; i < st.cells.length; i++) if (test(st, i)) return true;
        return false;
      };
    }
  }
  const parts = keys.map((k) => {
    const i = cols.resolve(k, keyPath(path, k));
    const test = compileTest(o[k] as ValueTest, keyPath(path, k));
    return (st: RowState) => test(st, i);
  });
  return parts.length === 1 ? parts[0] : allOf(parts);
}

function allOf(parts: Cond[]): Cond {
  return (st) => {
    for (const p of parts) if (!p(st)) return false;
    return true;
  };
}

function anyOf(parts: Cond[]): Cond {
  return (st) => {
    for (const p of parts) if (p(st)) return true;
    return false;
  };
}
