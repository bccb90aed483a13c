// A card's timeline across the four systems: one lane per system, side by side, in time order. Events the
// engine matched into one group share a row (linked), so what each system recorded for one movement reads across.
import { useMemo } from 'react';
import type { TimelineRow } from '../../../shared/api';
import { SYSTEMS, type RecordRef, type System } from '../../../shared/types';
import { SYSTEM_SHORT } from '../theme/systems';
import { Money } from './Money';

interface Line {
  at: string;
  group: number | null;
  rule: string | null;
  cells: Record<System, TimelineRow[]>;
}

function lines(rows: TimelineRow[]): Line[] {
  const byGroup = new Map<number, Line>();
  const out: Line[] = [];
  const sorted = [...rows].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const r of sorted) {
    let line = r.group_id !== null ? byGroup.get(r.group_id) : undefined;
    if (!line) {
      line = { at: r.at, group: r.group_id, rule: r.rule, cells: { platform: [], storefront: [], payments: [], erp: [] } };
      out.push(line);
      if (r.group_id !== null) byGroup.set(r.group_id, line);
    }
    line.cells[r.system].push(r);
  }
  return out;
}

export function Timeline({ rows, highlight }: { rows: TimelineRow[]; highlight: RecordRef[] }) {
  const ls = useMemo(() => lines(rows), [rows]);
  const hot = useMemo(() => new Set(highlight.map((h) => `${h.system}|${h.ref}`)), [highlight]);
  if (!rows.length) return <p className="muted">No events for this card in any system.</p>;
  return (
    <div className="timeline" role="table" aria-label="Timeline across the four systems">
      <div className="tl-row tl-head" role="row">
        <span role="columnheader" className="tl-when">
          When (UTC)
        </span>
        {SYSTEMS.map((s) => (
          <span role="columnheader" key={s} className={`tl-lane-head sys-${s}`}>
            <span className="swatch" aria-hidden="true" />
            {SYSTEM_SHORT[s]}
          </span>
        ))}
      </div>
      {ls.map((l, i) => {
        const linked = l.group !== null && SYSTEMS.filter((s) => l.cells[s].length).length > 1;
        return (
          <div role="row" key={i} className={linked ? 'tl-row linked' : 'tl-row'} title={l.rule ? `Matched by ${l.rule}` : 'Not matched'}>
            <span role="cell" className="tl-when mono">
              {l.at.slice(0, 16).replace('T', ' ')}
              {l.group !== null && <span className="tl-group">G{l.group}</span>}
            </span>
            {SYSTEMS.map((s) => (
              <span role="cell" key={s} className="tl-cell">
                {l.cells[s].map((r) => (
                  <span
                    key={r.ref}
                    className={['tl-event', `tl-${s}`, hot.has(`${s}|${r.ref}`) ? 'hot' : '', r.in_period ? '' : 'out'].filter(Boolean).join(' ')}
                    title={`${r.ref} · ${r.business_date}${r.in_period ? '' : ' (outside the period)'}`}
                  >
                    <span className="tl-type">{r.type.replace(/_/g, ' ')}</span>
                    <Money cents={r.amount_cents} />
                    <span className="tl-ref mono">{r.ref}</span>
                  </span>
                ))}
              </span>
            ))}
          </div>
        );
      })}
    </div>
  );
}
