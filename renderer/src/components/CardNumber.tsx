// A card number as the screens show it: masked unless the auditor asked for the numbers in full (display.ts).
// Without a card number (a storefront row that names only the last four and an order), what is known is said.
import { maskCard, useDisplayStore } from '../state/display';

export interface CardRef {
  card: string | null;
  last_four?: string;
  order?: string;
}

/** What the last four of a row without a card number is: said once, where the asterisk is. */
export const LAST_FOUR_NOTE = 'Only the last four digits are known (the storefront names no full card number): the card is not identified.';

export function CardNumber({ of, long = false }: { of: CardRef; long?: boolean }) {
  const show = useDisplayStore((s) => s.showCards);
  if (of.card) {
    return (
      <span className="mono card-number" title={show ? undefined : 'Masked: “Show card numbers” shows them in full'}>
        {show ? of.card : maskCard(of.card)}
      </span>
    );
  }
  if (of.last_four) {
    return (
      <span className="mono card-number" title={LAST_FOUR_NOTE}>
        {long ? `last four ${of.last_four}${of.order ? `, order ${of.order}` : ''}` : `…${of.last_four}`}
        <abbr className="last-four-mark" aria-label={LAST_FOUR_NOTE}>
          *
        </abbr>
      </span>
    );
  }
  return <span className="muted">—</span>;
}

/** Shows or masks card numbers on every screen. */
export function CardNumberToggle() {
  const show = useDisplayStore((s) => s.showCards);
  const set = useDisplayStore((s) => s.setShowCards);
  return (
    <button type="button" className="btn" aria-pressed={show} onClick={() => set(!show)} title="Card numbers are masked unless you ask">
      {show ? 'Mask card numbers' : 'Show card numbers'}
    </button>
  );
}

/** Text that names card numbers (an explanation): each of `cards` in it masked unless the numbers are shown. */
export function MaskedText({ text, cards }: { text: string; cards: (string | null | undefined)[] }) {
  const show = useDisplayStore((s) => s.showCards);
  if (show) return <>{text}</>;
  let out = text;
  for (const c of cards) if (c && c.length > 4) out = out.split(c).join(maskCard(c));
  return <>{out}</>;
}
