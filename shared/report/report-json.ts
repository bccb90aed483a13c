// report.json exactly as docs/formats.md §5: fixed key order, stable sort orders, no clock or machine in it, so the
// same inputs and settings give the same bytes.
import type { ReportAnalytics } from '../analytics/case-analytics';
import type { Reconstruction } from '../reconstruct/replay';
import type { AuditSeal, CaseSettings, InputSummary, Report } from '../types';

export function buildReport(
  settings: CaseSettings,
  inputs: InputSummary[],
  r: Reconstruction,
  matching: { matched_groups: number; by_rule: Record<string, number> },
  notes: string[],
  seal: AuditSeal,
  analytics?: ReportAnalytics,
): Report {
  const byRule: Record<string, number> = {};
  for (const k of Object.keys(matching.by_rule).sort()) byRule[k] = matching.by_rule[k];
  return {
    period: { start: settings.periodStart, end: settings.periodEnd, timezone: settings.timezone },
    inputs: inputs.map((i) => ({
      system: i.system, file: i.file, sha256: i.sha256, rows: i.rows, imported: i.imported, in_scope: i.in_scope ?? 0,
      out_of_scope: i.out_of_scope ?? 0, out_of_scope_reasons: sortedCounts(i.out_of_scope_reasons), quarantined: i.quarantined,
      quarantine: i.quarantine.map((q) => ({ row: q.row, column: q.column, reason: q.reason })), layout: i.layout, encoding: i.encoding,
      money: (i.money ?? []).map((m) => ({ column: m.column, header: m.header, total_cents: m.total_cents, cells: m.cells, unreadable: m.unreadable })),
      ...(i.profile ? { profile: { id: i.profile.id, name: i.profile.name, version: i.profile.version, detected: i.profile.detected } } : {}),
      ...(i.header_row !== undefined ? { header_row: i.header_row } : {}),
      ...(i.warnings?.length ? { warnings: [...i.warnings] } : {}),
      ...(i.notes?.length ? { notes: [...i.notes] } : {}),
    })),
    liability: {
      reconstructed_closing_cents: r.reconstructedCents,
      by_instrument: { gift_card: r.byInstrument.gift_card, store_credit: r.byInstrument.store_credit },
      platform_reported_closing_cents: r.platformReportedCents,
      erp_closing_cents: r.erpClosingCents,
      rollforward: { ...r.rollforward },
      bridge: r.bridge.map((b) => ({ category: b.category, amount_cents: b.amount_cents, count: b.count })),
    },
    // The reconstruction's own card lines, not copies: neither changes once made, and at 10M events (over a
    // million lines) a copy would be another hundred megabytes held beside them for the life of the case.
    cards: r.cards,
    exceptions: r.exceptions.map((x) => {
      const out: Record<string, unknown> = {
        id: x.id, category: x.category, card: x.card, amount_cents: x.amount_cents, records: x.records,
        explanation: x.explanation, suggested_resolution: x.suggested_resolution,
        erp_effect_cents: x.erp_effect_cents, platform_effect_cents: x.platform_effect_cents, key: x.key,
        resolution: x.resolution, status: x.status,
      };
      if (x.suggestions) out.suggestions = x.suggestions;
      if (x.last_four) out.last_four = x.last_four;
      if (x.order) out.order = x.order;
      return out as unknown as Report['exceptions'][number];
    }),
    matching: { matched_groups: matching.matched_groups, by_rule: byRule },
    // What the reader found in each file (inputs[].notes) leads the notes, so the workpapers' Summary shows it.
    notes: [...inputs.flatMap((i) => [...(i.warnings ?? []).map((w) => `Warning accepted: ${w}`), ...(i.notes ?? [])]), ...notes],
    decisions_applied: r.decisionsApplied,
    ...(analytics ? { analytics } : {}),
    audit_seal: { entries: seal.entries, head: seal.head },
  };
}

/** Counts by key, the keys sorted (out-of-scope reasons): the same bytes whatever order rows came in. */
function sortedCounts(m: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(m ?? {}).sort()) out[k] = m![k];
  return out;
}

export function reportToJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** The seal as reportToJson writes it, last in the report. */
const SEAL_TAIL = /^,\n {2}"audit_seal": \{\n {4}"entries": \d+,\n {4}"head": "[0-9a-f]*"\n {2}\}\n\}\n$/;

/**
 * report.json without its audit seal: what two runs of the same inputs, settings and decisions make alike byte
 * for byte (the seal names the run's audit log, whose entries carry the times they were written).
 */
export function unsealedReportJson(json: string): string {
  // The seal is the report's last key (buildReport, Case.refresh), so its lines are cut off the end where they
  // read exactly as reportToJson writes them: the same text as the report parsed, unsealed and written again,
  // without the parse (a report of 200 MB at 10M events would take gigabytes as objects).
  const at = json.lastIndexOf(',\n  "audit_seal": {');
  if (at >= 0 && SEAL_TAIL.test(json.slice(at))) return `${json.slice(0, at)}\n}\n`;
  const report = JSON.parse(json) as Report;
  delete report.audit_seal;
  return reportToJson(report);
}

