// Which case-file paths the renderer may name. A path becomes usable only after the user chose it in a
// native dialog (this session) or it is on the recent-cases list the main process itself keeps; a
// compromised page therefore cannot read or overwrite arbitrary files by sending a path.
import { resolve } from 'node:path';

export class PathGrants {
  private readonly granted = new Set<string>();

  grant(path: string): void {
    this.granted.add(resolve(path));
  }

  has(path: string): boolean {
    return this.granted.has(resolve(path));
  }
}
