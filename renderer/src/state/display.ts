// How the screens show what they show: card numbers masked (the default, as in the exports) or in full. A card
// number is what a customer spends with, so it is shown in full only where the auditor asks, and never kept.
import { create } from 'zustand';

export interface DisplayState {
  /** Every card number in full, on every screen, until switched off (never remembered across sessions). */
  showCards: boolean;
  setShowCards(show: boolean): void;
}

export const useDisplayStore = create<DisplayState>()((set) => ({
  showCards: false,
  setShowCards: (showCards) => set({ showCards }),
}));

/** A card number with all but its last four characters hidden: 6006493773222059 → ••••2059. */
export function maskCard(card: string): string {
  return card.length <= 4 ? card : `••••${card.slice(-4)}`;
}
