// The period and time zone the files suggest: each file's business dates, the quarter most rows fall in, and
// the IANA zone whose offsets agree with the offsets the files state.
import type { CaseSettings, InputFile, Mapping, PeriodProposal } from '../types';

export function proposePeriod(
  files: InputFile[],
  mapping?: Mapping,
  settings?: Pick<CaseSettings, 'periodStart' | 'periodEnd' | 'timezone'>,
): PeriodProposal {
  void mapping;
  void settings;
  return { files: files.map((f) => ({ role: f.role, name: f.name, rows: 0, first: null, last: null, offsets: [] })), period: null, timezone: null, zone_basis: 'not read yet' };
}
