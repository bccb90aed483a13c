// Which screen is showing. The screens themselves are listed once, in screens/registry.tsx.
import { create } from 'zustand';

export type ScreenId = 'case' | 'import' | 'overview' | 'exceptions' | 'balances' | 'export' | 'analytics';

export interface NavState {
  screen: ScreenId;
  go(screen: ScreenId): void;
}

export const useNavStore = create<NavState>()((set) => ({
  screen: 'case',
  go: (screen) => set({ screen }),
}));
