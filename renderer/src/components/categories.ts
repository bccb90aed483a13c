// Plain-words names of the exception categories (docs/formats.md §2), for every screen.
import { CATEGORY_LABELS } from '../../../shared/types';

// The one table of labels, shared with the workpapers, so a screen and a sheet never name a category apart.
export { CATEGORY_LABELS };

export function categoryLabel(c: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[c] ?? c.replace(/_/g, ' ').toLowerCase().replace(/^./, (x) => x.toUpperCase());
}
