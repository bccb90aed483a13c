import { formatCents } from '../../../shared/money';

/** An amount in cents, right-aligned by its container, negatives in parentheses. */
export function Money({ cents, signed = false, className = '' }: { cents: number; signed?: boolean; className?: string }) {
  const text = formatCents(cents);
  const cls = ['money', cents < 0 ? 'neg' : '', className].filter(Boolean).join(' ');
  return <span className={cls}>{signed && cents > 0 ? `+${text}` : text}</span>;
}

/** Axis labels in whole currency units: 1,775,000 cents → "17,750". */
export function compactCents(cents: number): string {
  const v = Math.round(cents / 100);
  const body = Math.abs(v).toLocaleString('en-US');
  return v < 0 ? `(${body})` : body;
}
