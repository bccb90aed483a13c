import { describe, expect, it } from 'vitest';
import type { Progress } from '../types';
import { StageRunner } from './stage-runner';

describe('StageRunner', () => {
  it('announces a stage, runs it, and returns what it made', async () => {
    const seen: Progress[] = [];
    const runner = new StageRunner({ onProgress: (p) => seen.push(p) });
    expect(await runner.stage({ stage: 'match', done: 0, total: 3 }, () => 42)).toBe(42);
    expect(seen).toEqual([{ stage: 'match', done: 0, total: 3 }]);
  });

  it('a cancel that comes while a stage runs stops the run once the stage lets it in', async () => {
    const controller = new AbortController();
    const runner = new StageRunner({ signal: controller.signal });
    const run = runner.stage({ stage: 'import', done: 0, total: 1 }, () => controller.abort());
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'The run was cancelled' });
    await expect(new StageRunner({ signal: controller.signal }).breathe()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('the pacer says yes at most every few tens of milliseconds', async () => {
    const due = new StageRunner().pacer();
    expect(due()).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(due()).toBe(true);
    expect(due()).toBe(false);
  });
});
