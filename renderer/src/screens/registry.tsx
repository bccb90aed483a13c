// The screens, in navigation order: the shell's navigation and its Alt+1…8 shortcuts follow this list.
import type { ComponentType } from 'react';
import type { ScreenId } from '../state/nav';
import { AnalyticsScreen } from './AnalyticsScreen';
import { BalancesScreen } from './BalancesScreen';
import { CaseScreen } from './CaseScreen';
import { CloseScreen } from './CloseScreen';
import { ExceptionsScreen } from './ExceptionsScreen';
import { ExportScreen } from './ExportScreen';
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
}

export const SCREENS: ScreenEntry[] = [
  { id: 'case', label: 'Case', hint: 'Period, time zone, tolerances', component: CaseScreen, needsReport: false },
  { id: 'import', label: 'Import', hint: 'Four systems’ files, mappings', component: ImportScreen, needsReport: false },
  { id: 'overview', label: 'Overview', hint: 'Headline, bridge, drift', component: OverviewScreen, needsReport: true },
  { id: 'exceptions', label: 'Exceptions', hint: 'Review queue and decisions', component: ExceptionsScreen, needsReport: true },
  { id: 'balances', label: 'Balances', hint: 'Every card, the roll-forward', component: BalancesScreen, needsReport: true },
  { id: 'export', label: 'Export', hint: 'Workpapers, entries, SQL', component: ExportScreen, needsReport: true },
  { id: 'analytics', label: 'Analytics', hint: 'Aging, breakage, escheat, disclosure', component: AnalyticsScreen, needsReport: true },
  { id: 'close', label: 'Close', hint: 'Sign-off, review workbook, next quarter', component: CloseScreen, needsReport: true },
];
