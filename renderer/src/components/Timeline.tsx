// A card's timeline across the four systems: one lane per system, side by side, in time order. Events the
// engine matched into one group share a row (linked), so what each system recorded for one movement reads across.
// Times are the business time zone's, as the explanations give them; a lane can show its running balance.
import { useMemo } from 'react';
import type { TimelineRow } from '../../../shared/api';
import { BusinessCalendar } from '../../../shared/time';
import { SYSTEMS, type RecordRef, type System } from '../../../shared/types';
import { SYSTEM_SHORT } from '../theme/systems';
import { Money } from './Money';

/** A row of a lane: the engine's timeline row, with its local time where the engine gives it (an ERP line: its date). */
export type TimelineLine = TimelineRow & { local?: string };

interface Line {
  at: string;
  local?: string;
  group: number | null;
  rule: string | null;
  cells: Record<System, TimelineLine[]>;
}

function lines(rows: TimelineLine[]): Line[] {
  const byGroup = new Map<number, Line>();
  const out: Line[] = [];
  const sorted = [...rows].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const r of sorted) {
    let line = r.group_id !== null ? byGroup.get(r.group_id) : undefined;
    if (!line) {
      line = { at: r.at, local: r.local, group: r.group_id, rule: r.rule, cells: { platform: [], storefront: [], payments: [], erp: [] } };
      out.push(line);
      if (r.group_id !== null) byGroup.set(r.group_id, line);
    } else if (onlyErp(line) && r.system !== 'erp') {
      // An ERP line has a posting date, no time: the movement's time is its first timed row's.
      line.at = r.at;
      line.local = r.local;
    }
    line.cells[r.system].push(r);
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

const onlyErp = (l: Line) => l.cells.erp.length > 0 && SYSTEMS.every((s) => s === 'erp' || l.cells[s].length === 0);

const calendars = new Map<string, BusinessCalendar>();

/** An instant as the explanations write it: wall-clock time in the business zone, with the zone's abbreviation. */
export function localTime(iso: string, timezone: string): string {
  let cal = calendars.get(timezone);
  if (!cal) {
    cal = new BusinessCalendar(timezone);
    calendars.set(timezone, cal);
  }
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : cal.local(ms);
}

/** A line's time as the engine gave it (an ERP line's posting date has no time), else the instant in the zone. */
function whenOf(l: Line, timezone: string): string {
  return l.local ?? localTime(l.at, timezone);
}

/** The key of a record in `balanceAfter`. */
export const recordKey = (system: System, ref: string) => `${system}|${ref}`;

export interface TimelineProps {
  rows: TimelineLine[];
  highlight: RecordRef[];
  /** The business time zone the times are shown in. */
  timezone: string;
  /** A lane's balance after each of its records (recordKey → cents), where known. */
  balanceAfter?: Map<string, number>;
}

export function Timeline({ rows, highlight, timezone, balanceAfter }: TimelineProps) {
  const ls = useMemo(() => lines(rows), [rows]);
  const hot = useMemo(() => new Set(highlight.map((h) => recordKey(h.system, h.ref))), [highlight]);
  if (!rows.length) return <p className="muted">No events for this card in any system.</p>;
  return (
    <div className="timeline" role="table" aria-label="Timeline across the four systems">
      <div className="tl-row tl-head" role="row">
        <span role="columnheader" className="tl-when" aria-label={`When, in ${timezone}`}>
          When
          <span className="tl-zone">{timezone}</span>
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
              {whenOf(l, timezone).slice(0, 16)}
              <span className="tl-zone">{whenOf(l, timezone).slice(20)}</span>
              {l.group !== null && <span className="tl-group">G{l.group}</span>}
            </span>
            {SYSTEMS.map((s) => (
              <span role="cell" key={s} className="tl-cell">
                {l.cells[s].map((r) => {
                  const after = balanceAfter?.get(recordKey(s, r.ref));
                  return (
                    <span
                      key={r.ref}
                      className={['tl-event', `tl-${s}`, hot.has(recordKey(s, r.ref)) ? 'hot' : '', r.in_period ? '' : 'out'].filter(Boolean).join(' ')}
                      title={`${r.ref} · ${r.local ?? localTime(r.at, timezone)} · business date ${r.business_date}${r.in_period ? '' : ' (outside the period)'}`}
                    >
                      <span className="tl-type">{r.type.replace(/_/g, ' ')}</span>
                      <Money cents={r.amount_cents} />
                      <span className="tl-ref mono">{r.ref}</span>
                      {after !== undefined && (
                        <span className={after < 0 ? 'tl-balance negative' : 'tl-balance'} title="The lane's balance after this record">
                          bal. <Money cents={after} />
                        </span>
                      )}
                    </span>
                  );
                })}
              </span>
            ))}
          </div>
        );
      })}
    </div>
  );
}
