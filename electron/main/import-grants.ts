// The import files the user picked in a native dialog this session, each under an opaque id: the renderer names
// files to the large-quarter engine by these ids, never by path, and the engine process reads only what is here.
import { randomUUID } from 'node:crypto';

export interface ImportGrant {
  path: string;
  /** The size the main process saw when the file was picked. */
  size: number;
}

export class ImportGrants {
  private readonly granted = new Map<string, ImportGrant>();

  grant(path: string, size: number): string {
    const id = randomUUID();
    this.granted.set(id, { path, size });
    return id;
  }

  get(id: string): ImportGrant | undefined {
    return this.granted.get(id);
  }

  entries(): [string, ImportGrant][] {
    return [...this.granted];
  }
}
