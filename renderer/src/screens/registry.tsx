// The screens, in navigation order. Part 2 (exceptions, balances, export) replaces its placeholder entry's
// `component` and drops `coming`; nothing else in the shell needs to change.
import type { ComponentType } from 'react';
import type { ScreenId } from '../state/nav';
import { CaseScreen } from './CaseScreen';
import { ComingScreen } from './ComingScreen';
import { ImportScreen } from './ImportScreen';
import { OverviewScreen } from './OverviewScreen';

export interface ScreenEntry {
  id: ScreenId;
  label: string;
  /** One line: what the screen is for (the navigation's description). */
  hint: string;
  component: ComponentType;
  /** Needs a reconciled case to be useful. */
  needsReport: boolean;
  /** Not built yet: the navigation marks it and the screen says what is coming. */
  coming?: boolean;
}

export const SCREENS: ScreenEntry[] = [
  { id: 'case', label: 'Case', hint: 'Period, time zone, tolerances', component: CaseScreen, needsReport: false },
  { id: 'import', label: 'Import', hint: 'Four systems’ files, mappings', component: ImportScreen, needsReport: false },
  { id: 'overview', label: 'Overview', hint: 'Headline, bridge, drift', component: OverviewScreen, needsReport: true },
  {
    id: 'exceptions',
    label: 'Exceptions',
    hint: 'Review queue and decisions',
    component: () => (
      <ComingScreen
        title="Exceptions"
        what="A fast, filterable, keyboard-driven queue of every exception, each with the card’s timeline across the four systems side by side, the explanation and the suggested resolution; accept, choose another, or defer with a note; bulk actions by category or under the auto-settle tolerance."
      />
    ),
    needsReport: true,
    coming: true,
  },
  {
    id: 'balances',
    label: 'Balances',
    hint: 'Every card, the roll-forward',
    component: () => (
      <ComingScreen
        title="Balances"
        what="Every card, reconstructed against the platform, searchable and sortable, virtualised for hundreds of thousands of rows; and the roll-forward of the liability."
      />
    ),
    needsReport: true,
    coming: true,
  },
  {
    id: 'export',
    label: 'Export',
    hint: 'Workpapers and entries',
    component: () => (
      <ComingScreen
        title="Export"
        what="Workpapers (XLSX), correcting journal entries for the ERP (CSV) and balance corrections for the platform (CSV)."
      />
    ),
    needsReport: true,
    coming: true,
  },
];
