// One window-title format for both hosts, so the unsaved marker reads the same everywhere.
export const APP_NAME = 'Balance Forensics';

export function formatTitle(title: string, dirty: boolean): string {
  const name = title.trim();
  if (!name) return dirty ? `• ${APP_NAME}` : APP_NAME;
  return `${name}${dirty ? ' •' : ''} — ${APP_NAME}`;
}
