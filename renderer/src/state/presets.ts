// Reusable column mappings ("presets"), kept in localStorage so next quarter's files map in one click.
import { createStore, useStore } from 'zustand';
import type { FileRole } from '../../../shared/types';

export interface Preset {
  name: string;
  role: FileRole;
  columns: Record<string, string>;
  savedAt: string;
}

export interface PresetState {
  presets: Preset[];
  save(name: string, role: FileRole, columns: Record<string, string>, now?: Date): void;
  remove(name: string, role: FileRole): void;
  forRole(role: FileRole): Preset[];
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const PRESET_KEY = 'bf.mappingPresets';

function isPreset(p: unknown): p is Preset {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return (
    typeof o.name === 'string' &&
    typeof o.role === 'string' &&
    typeof o.savedAt === 'string' &&
    !!o.columns &&
    typeof o.columns === 'object' &&
    Object.values(o.columns as object).every((v) => typeof v === 'string')
  );
}

function read(storage: KeyValueStorage | null): Preset[] {
  try {
    const raw = JSON.parse(storage?.getItem(PRESET_KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter(isPreset) : [];
  } catch {
    return [];
  }
}

function write(storage: KeyValueStorage | null, presets: Preset[]): void {
  try {
    storage?.setItem(PRESET_KEY, JSON.stringify(presets));
  } catch {
    // Storage full or disabled: the presets still live for this session.
  }
}

function defaultStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function createPresetStore(storage: KeyValueStorage | null = defaultStorage()) {
  return createStore<PresetState>()((set, get) => ({
    presets: read(storage),
    save: (name, role, columns, now = new Date()) => {
      const clean = name.trim();
      if (!clean) return;
      const preset: Preset = { name: clean, role, columns: { ...columns }, savedAt: now.toISOString() };
      const presets = [...get().presets.filter((p) => !(p.name === clean && p.role === role)), preset].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      write(storage, presets);
      set({ presets });
    },
    remove: (name, role) => {
      const presets = get().presets.filter((p) => !(p.name === name && p.role === role));
      write(storage, presets);
      set({ presets });
    },
    forRole: (role) => get().presets.filter((p) => p.role === role),
  }));
}

export const presetStore = createPresetStore();

export function usePresets<T>(selector: (s: PresetState) => T): T {
  return useStore(presetStore, selector);
}
