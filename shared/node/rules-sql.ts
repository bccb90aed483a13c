// The matching rules' SQL in each dialect another engine speaks (match/rule-dialects.ts), written beside the
// Parquet export (--export-parquet) so that the rules run elsewhere are exactly the engine's own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_NAMES, readsLeftovers, ruleIn, type RuleDialect } from '../match/rule-dialects';

const DIALECTS: RuleDialect[] = ['duckdb', 'spark', 'bigquery'];

/** rules/<dialect>/<rule>.sql under `dir`, one file per rule; the files written, relative to `dir`. */
export function writeRulesSql(dir: string): string[] {
  const written: string[] = [];
  for (const dialect of DIALECTS) {
    mkdirSync(join(dir, 'rules', dialect), { recursive: true });
    for (const rule of RULE_NAMES) {
      const head = readsLeftovers(rule)
        ? `-- ${rule}: over events and the rows the rules before it left (leftovers/${rule}/).\n`
        : `-- ${rule}: over events.\n`;
      const name = join('rules', dialect, `${rule}.sql`);
      writeFileSync(join(dir, name), `${head}${ruleIn(rule, dialect)};\n`);
      written.push(name);
    }
  }
  return written;
}
