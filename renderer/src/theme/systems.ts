// One colour and one label per system, used the same way on every screen (CSS reads the variables set here).
import type { FileRole } from '../../../shared/types';

export const SYSTEM_COLORS: Record<FileRole | 'reconstructed', string> = {
  platform: '#1f5f99',
  storefront: '#b35c1e',
  payments: '#2e7d5b',
  erp: '#6a4c93',
  opening: '#6b7280',
  reconstructed: '#1d2733',
};

export const SYSTEM_LABELS: Record<FileRole, string> = {
  platform: 'Gift card platform',
  storefront: 'Storefront',
  payments: 'Payment processor',
  erp: 'ERP',
  opening: 'Opening balances',
};

export const SYSTEM_SHORT: Record<FileRole, string> = {
  platform: 'Platform',
  storefront: 'Storefront',
  payments: 'Payments',
  erp: 'ERP',
  opening: 'Opening',
};

/** Chart colours besides the systems': increases, decreases, alerts. */
export const CHART = {
  up: '#3b7d4f',
  down: '#b23a3a',
  total: SYSTEM_COLORS.reconstructed,
  grid: '#e3e6ea',
  axis: '#5b6470',
  alert: '#b23a3a',
};

/** Exposes the colours to CSS as --sys-<role> (set once at start, through the CSSOM: allowed by the CSP). */
export function applyThemeVariables(root: HTMLElement = document.documentElement): void {
  for (const [k, v] of Object.entries(SYSTEM_COLORS)) root.style.setProperty(`--sys-${k}`, v);
  root.style.setProperty('--up', CHART.up);
  root.style.setProperty('--down', CHART.down);
}
