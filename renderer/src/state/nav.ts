// Which screen is showing, and which card's roll-forward is open on the Balances screen. The screens themselves
// are listed once, in screens/registry.tsx.
import { create } from 'zustand';

export type ScreenId = 'case' | 'import' | 'overview' | 'exceptions' | 'balances' | 'export' | 'analytics' | 'close';

/** A card as the report names it: its number, or (a storefront row without one) its last four and order. */
export interface CardKey {
  card: string | null;
  last_four?: string;
  order?: string;
}

export interface NavState {
  screen: ScreenId;
  /** The card whose roll-forward the Balances screen shows; null: the list of every card. */
  card: CardKey | null;
  go(screen: ScreenId): void;
  openCard(card: CardKey | null): void;
}

export const useNavStore = create<NavState>()((set) => ({
  screen: 'case',
  card: null,
  go: (screen) => set({ screen }),
  openCard: (card) => set(card ? { screen: 'balances', card: { card: card.card, last_four: card.last_four, order: card.order } } : { card: null }),
}));

/** Whether two references name the same card. */
export function sameCard(a: CardKey, b: CardKey): boolean {
  return a.card ? a.card === b.card : !b.card && (a.last_four ?? '') === (b.last_four ?? '') && (a.order ?? '') === (b.order ?? '');
}
