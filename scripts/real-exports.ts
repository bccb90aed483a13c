// Runs export files through the engine's own import, as a run would read them: for each file, the role and
// profile detection chooses (or why it refuses the file), then the file read whole through that profile, and
// what became of its rows — imported (in scope or not), out of scope, quarantined — with the top reasons and
// the plausibility problems that would stop a run. Nothing here is a second reader: the counts are the ones
// report.json would give.
//
//   npx tsx scripts/real-exports.ts DIR|FILE... [--tz ZONE] [--reasons N]
//   npx tsx scripts/real-exports.ts ../shared/real-exports
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readFile, sharedState } from '../shared/import/import-files';
import { inspectFile } from '../shared/import/inspect';
import { BusinessCalendar } from '../shared/time';
import { DEFAULT_SETTINGS, type FileInspection, type FileRole, type InputFile } from '../shared/types';

const ROLES: FileRole[] = ['platform', 'storefront', 'payments', 'erp', 'opening'];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((n) => filesUnder(join(path, n)))
    .filter((p) => /\.(csv|tsv|txt|xlsx|xlsm|xls)$/i.test(p));
}

/** The role whose detection fits the file best: a preset or reference layout that fits, else the best refusal. */
function chooseRole(name: string, bytes: Uint8Array): { role: FileRole; inspection: FileInspection } | { refusal: string } {
  let best: { role: FileRole; inspection: FileInspection; score: number } | null = null;
  let refusal: string | null = null;
  for (const role of ROLES) {
    let ins: FileInspection;
    try {
      ins = inspectFile({ role, name, bytes }, undefined);
    } catch (err) {
      refusal ??= (err as Error).message;
      continue;
    }
    const fit = ins.detection?.best;
    if (ins.detection?.refusal) refusal ??= ins.detection.refusal;
    if (ins.error && !fit) refusal ??= ins.error;
    if (!fit || ins.error || ins.requiredMissing.length) continue;
    if (!best || fit.score > best.score) best = { role, inspection: ins, score: fit.score };
  }
  if (best) return { role: best.role, inspection: best.inspection };
  return { refusal: refusal ?? 'no preset or reference layout of any role fits its headers' };
}

/** A reason with its quoted value taken out, so that reasons group: `Amount '…' is not a number`. */
const reasonKind = (r: string) => r.replace(/'[^']*'/g, "'…'").replace(/\b\d{2,}\b/g, 'N');

function top(counts: Map<string, number>, n: number): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([r, c]) => `${c} × ${r}`)
    .join('; ');
}

async function report(path: string, root: string, tz: string, n: number): Promise<string[]> {
  const name = relative(root, path) || path;
  const bytes = new Uint8Array(readFileSync(path));
  const chosen = chooseRole(name, bytes);
  if ('refusal' in chosen) return [`${name}`, `  refused (not read, the run stops with this line): ${chosen.refusal}`];
  const { role, inspection } = chosen;
  const file: InputFile = { role, name, bytes };
  const out = [`${name}`, `  role ${role}; profile ${inspection.profile?.id ?? '?'} v${inspection.profile?.version ?? '?'} (${inspection.profile?.detected ? 'detected' : 'given'}); header row ${inspection.headerRow}; encoding ${inspection.encoding}`];
  try {
    const s = DEFAULT_SETTINGS;
    const shared = sharedState(new BusinessCalendar(tz), { liabilityAccounts: s.liabilityAccounts });
    const r = await readFile(file, 0, undefined, shared, { liabilityAccounts: s.liabilityAccounts });
    const sum = r.file.summary;
    const oos = sum.out_of_scope ?? 0;
    const balanced = sum.rows === sum.imported + oos + sum.quarantined;
    out.push(
      `  rows ${sum.rows}: imported ${sum.imported} (in scope ${sum.in_scope ?? '?'}), out of scope ${oos}, quarantined ${sum.quarantined}${balanced ? '' : '  ** COUNTS DO NOT ADD UP **'}`,
    );
    if (oos) out.push(`  out of scope: ${top(new Map(Object.entries(sum.out_of_scope_reasons ?? {})), n)}`);
    if (sum.quarantined) {
      const byReason = new Map<string, number>();
      for (const q of sum.quarantine) byReason.set(reasonKind(q.reason), (byReason.get(reasonKind(q.reason)) ?? 0) + 1);
      out.push(`  quarantined: ${top(byReason, n)}`);
      const first = sum.quarantine[0];
      out.push(`  first quarantined: row ${first.row}${first.column ? `, ${first.column}` : ''}: ${first.reason}`);
    }
    if (r.derive.length) out.push(`  amounts to take from the balance chain once the other files are read: ${r.derive.length}`);
    for (const note of sum.notes ?? []) out.push(`  note: ${note}`);
    for (const p of r.file.problems) out.push(`  STOPS THE RUN (${p.kind}): ${p.message}`);
  } catch (err) {
    out.push(`  refused (the run stops with this line): ${(err as Error).message.split('\n')[0]}`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (flag: string, dflt: string) => {
    const i = args.indexOf(flag);
    if (i < 0) return dflt;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const tz = opt('--tz', 'UTC');
  const n = Number(opt('--reasons', '4'));
  if (!args.length) throw new Error('usage: npx tsx scripts/real-exports.ts DIR|FILE... [--tz ZONE] [--reasons N]');
  for (const root of args) {
    const base = statSync(root).isDirectory() ? root : '.';
    for (const f of filesUnder(root)) process.stdout.write(`${(await report(f, base, tz, n)).join('\n')}\n\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`real-exports: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
