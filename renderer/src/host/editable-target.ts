// Undo/redo from the menu mean "undo my typing" while a text field has focus, and "undo my last decision"
// otherwise. This decides which.
export function isEditableTarget(el: Element | null): boolean {
  if (!el) return false;
  if ((el as HTMLElement).isContentEditable) return true;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea') return !(el as HTMLTextAreaElement).readOnly;
  if (tag !== 'input') return false;
  const input = el as HTMLInputElement;
  const textual = ['text', 'search', 'email', 'url', 'tel', 'password', 'number', ''];
  return textual.includes(input.type.toLowerCase()) && !input.readOnly;
}
