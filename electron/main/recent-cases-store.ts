// Recent cases as JSON in userData (plain Node: the directory is passed in).
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseLocation, RecentCase } from '../../contract/host';
import { addToRecent, parseRecent, type StoredRecent } from '../../contract/recent-list';
import { atomicWrite } from '../../shared/node/atomic-write';

export class RecentCasesStore {
  private readonly file: string;

  constructor(userDataDir: string) {
    this.file = join(userDataDir, 'recent-cases.json');
  }

  async stored(): Promise<StoredRecent[]> {
    try {
      return parseRecent(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      return []; // Missing or unreadable: an empty list, not a broken start screen.
    }
  }

  async list(): Promise<RecentCase[]> {
    const stored = await this.stored();
    return Promise.all(
      stored.map(async (r) => ({
        ...r,
        reopenable: await access(r.path).then(
          () => true,
          () => false,
        ),
      })),
    );
  }

  async includes(path: string): Promise<boolean> {
    return (await this.stored()).some((r) => r.path === path);
  }

  async add(loc: CaseLocation): Promise<void> {
    await atomicWrite(this.file, JSON.stringify(addToRecent(await this.stored(), loc, new Date()), null, 2));
  }
}
