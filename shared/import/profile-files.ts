// Profile files as users keep them: one profile, a list of profiles, or an object of profiles by role. Each is
// checked here (a wrong role key, a value that is not a profile, a profile for another role: one line naming it),
// so that the command line and the app read them the same way.
import { FILE_ROLES, InputError, type FileRole } from '../types';
import { compileProfile } from './profile';

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `the ${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`);

/**
 * The profiles a file holds, by role. `role`: the role the file was given for (`--profile platform=FILE`), which
 * its one profile must read. Throws an InputError naming the file and the key for anything else.
 */
export function readProfileFile(text: string, source: string, role?: FileRole): Partial<Record<FileRole, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError(`${source}: not a readable profile file (${(err as Error).message.split('\n')[0]})`, source);
  }
  const out: Partial<Record<FileRole, unknown>> = {};
  const add = (p: unknown, where: string, expected?: FileRole): void => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new InputError(`${source}: ${where}must be a profile (an object), not ${describe(p)}`, source);
    let compiled;
    try {
      compiled = compileProfile(p);
    } catch (err) {
      if (err instanceof Error && err.name === 'ProfileError') throw new InputError(`${source}: ${where}${err.message}`, source);
      throw err;
    }
    const want = expected ?? role;
    if (want && compiled.role !== want) throw new InputError(`${source}: ${where}the profile ${compiled.id} reads ${compiled.role} files, not ${want} files`, source);
    if (out[compiled.role] !== undefined) throw new InputError(`${source}: two profiles for the ${compiled.role} role; keep one`, source);
    out[compiled.role] = p;
  };
  if (Array.isArray(json)) json.forEach((p, i) => add(p, `[${i}]: `));
  else if (json !== null && typeof json === 'object' && !('format' in json) && !role) {
    for (const [key, p] of Object.entries(json)) {
      if (!(FILE_ROLES as readonly string[]).includes(key)) throw new InputError(`${source}: '${key.slice(0, 40)}' is not a role (roles: ${FILE_ROLES.join(', ')})`, source);
      add(p, `${key}: `, key as FileRole);
    }
  } else add(json, '');
  if (Object.keys(out).length === 0) throw new InputError(`${source}: holds no profile`, source);
  return out;
}
