// An export of a gift card platform no preset knows ("GiftLoop", invented), written from a generated quarter's
// reference-layout platform ledger, and the profile a user would write for it. Used by the import and the
// command-line tests: a layout the engine was not built for, read with no code change.
import Papa from 'papaparse';
import { DateTime } from 'luxon';
import { PROFILE_FORMAT } from '../../shared/import/profile/types';
import { fileText, type GeneratedQuarter } from '../fixtures/generate';

const GIFTLOOP_TYPES: Record<string, string> = {
  Activation: 'AKTIVIERUNG', Reload: 'AUFLADUNG', Redemption: 'EINLÖSUNG', Refund: 'ERSTATTUNG', Void: 'STORNO', Adjustment: 'KORREKTUR', Expiry: 'VERFALL',
};

/** `1.234,50`, `-15,24`: the European way, with dots grouping thousands. */
function euro(amount: string): string {
  if (amount === '') return '';
  const [whole, frac] = amount.replace('-', '').split('.');
  return `${amount.startsWith('-') ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${frac}`;
}

/**
 * The quarter's platform ledger as an invented European gift card platform ("GiftLoop") would export it: a title
 * block, `;` between fields, German headers, card numbers in groups of four, one signed amount (redemptions and
 * expiries negative) with decimal commas, the date day-first and the time in columns of their own, in local time
 * with no zone, and a total line at the end.
 */
export function giftLoop(q: GeneratedQuarter): string {
  const f = q.files.find((x) => x.name === 'platform.csv')!;
  const [header, ...rows] = Papa.parse<string[]>(fileText(f as never), { skipEmptyLines: true }).data;
  const col = (name: string) => header.indexOf(name);
  const out = ['GiftLoop – Kartenumsätze', 'Zeitraum: 01.07.2026 bis 07.10.2026', '', 'Beleg-Nr;Karte;Vorgang;Betrag;Saldo;Datum;Uhrzeit;Bestellung;Storno zu;Kanal;Mitarbeiter;Notiz'];
  for (const r of rows) {
    const type = r[col('Type')];
    const amount = r[col('Amount')];
    const signed = type === 'Redemption' || type === 'Expiry' ? `-${amount}` : amount;
    const local = DateTime.fromISO(r[col('Timestamp')]).setZone('Europe/Berlin');
    const card = r[col('Card Number')].replace(/(\d{4})(?=\d)/g, '$1 ');
    out.push([r[col('Transaction ID')], card, GIFTLOOP_TYPES[type], euro(signed), euro(r[col('Balance After')]), local.toFormat('dd/MM/yyyy'), local.toFormat('HH:mm:ss'),
      r[col('Order Ref')], r[col('Voids Txn')], r[col('Channel')], r[col('Operator')], `"${r[col('Note')].replace(/"/g, '""')}"`].join(';'));
  }
  out.push(`Summe;;;;;;;;;;;${rows.length} Vorgänge`);
  return `${out.join('\r\n')}\r\n`;
}

/** The profile a user would write for it in the app: nothing in it is a preset's. */
export const GIFTLOOP_PROFILE = {
  format: PROFILE_FORMAT,
  id: 'giftloop-umsaetze',
  name: 'GiftLoop — Kartenumsätze (CSV)',
  role: 'platform',
  version: 1,
  detect: { headers: ['Beleg-Nr', 'Karte', 'Vorgang', 'Betrag', 'Saldo', 'Datum', 'Uhrzeit'] },
  table: { header: 'detect', footer: { when: { column: 0, matches: '^Summe$' }, reason: 'total line' } },
  money: { decimal: ',', thousands: '.' },
  dates: { order: 'DMY', zone: 'Europe/Berlin' },
  fields: {
    'Transaction ID': { column: 'Beleg-Nr' },
    'Card Number': { column: 'Karte' },
    Type: {
      cases: [
        { when: { Vorgang: 'AKTIVIERUNG' }, value: 'Activation' },
        { when: { Vorgang: 'AUFLADUNG' }, value: 'Reload' },
        { when: { Vorgang: 'EINLÖSUNG' }, value: 'Redemption' },
        { when: { Vorgang: 'ERSTATTUNG' }, value: 'Refund' },
        { when: { Vorgang: 'STORNO' }, value: 'Void' },
        { when: { Vorgang: 'KORREKTUR' }, value: 'Adjustment' },
        { when: { Vorgang: 'VERFALL' }, value: 'Expiry' },
      ],
    },
    Amount: { column: 'Betrag', when: [{ if: { Vorgang: ['EINLÖSUNG', 'VERFALL'] }, column: 'Betrag', money: { negate: true } }] },
    'Balance After': { column: 'Saldo' },
    Timestamp: { datetime: { date: 'Datum', time: 'Uhrzeit' } },
    'Order Ref': { column: 'Bestellung' },
    'Voids Txn': { column: 'Storno zu' },
    Channel: { column: 'Kanal' },
    Operator: { column: 'Mitarbeiter' },
    Note: { column: 'Notiz' },
  },
};

