// The review by keyboard: j/k move, x tick, a accept, n note, d defer, u undo, Shift+U redo (also Ctrl/⌘+Z,
// Ctrl/⌘+Shift+Z). The application menu's Undo and Redo work on every screen (App.tsx).
import { useEffect, useRef } from 'react';
import type { ExceptionItem } from '../../../../shared/types';
import { useReviewStore } from '../../state/review';
import { decide, redo, undo } from '../../state/review-actions';

export interface ReviewKeys {
  move: (delta: number) => void;
  acceptSelected: () => Promise<void>;
  selected: ExceptionItem | null;
  note: string;
  reason: string;
  noteRef: React.RefObject<HTMLTextAreaElement | null>;
}

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function useReviewKeys(current: ReviewKeys): void {
  // The listener is installed once; it reads the latest selection and note from here.
  const keys = useRef(current);
  keys.current = current;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z' && !isTyping(e.target)) {
        e.preventDefault();
        void (e.shiftKey ? redo() : undo());
        return;
      }
      // A dialog (the bulk preview) has the keyboard while it is open.
      if (mod || e.altKey || isTyping(e.target) || document.querySelector('[role="dialog"]')) return;
      const k = keys.current;
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          e.preventDefault();
          k.move(1);
          break;
        case 'k':
        case 'ArrowUp':
          e.preventDefault();
          k.move(-1);
          break;
        case 'x':
          e.preventDefault();
          if (k.selected) {
            const key = k.selected.key;
            useReviewStore.getState().check([key], !useReviewStore.getState().checked.has(key));
          }
          break;
        case 'a':
          e.preventDefault();
          void k.acceptSelected();
          break;
        case 'd':
          e.preventDefault();
          if (k.selected) void decide([k.selected], 'defer', { note: k.note, reason: k.reason });
          break;
        case 'n':
          e.preventDefault();
          k.noteRef.current?.focus();
          break;
        case 'u':
          e.preventDefault();
          void undo();
          break;
        case 'U':
          e.preventDefault();
          void redo();
          break;
        default:
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
