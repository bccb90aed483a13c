// A mapping file (docs/formats.md §3) as the Import screen loads it: JSON read, an import profile given instead
// named as such, and the mapping checked as the command line checks it (checkMapping). Anything else is refused
// in one line naming the file and the key, never guessed.
import { InputError, type Mapping } from '../types';
import { checkMapping } from './layouts';

export function parseMappingFile(name: string, text: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`${name}: not a readable mapping file (${String((err as Error).message).split('\n')[0]})`, name);
  }
  if (json && typeof json === 'object' && ('fields' in json || 'detect' in json)) {
    throw new InputError(`${name}: this is an import profile (it has "fields"), not a column mapping; load it as a profile`, name);
  }
  return checkMapping(json, name);
}
