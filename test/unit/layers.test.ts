// The layers of eslint.config.js, shown at work: for each boundary, a file in the forbidden place fails lint
// and the same file importing what it may passes. The files need not exist: ESLint picks the rules by path.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;
/** The engine's stages in the order data flows through them (analytics is added between reconstruct and report). */
const STAGES = ['import', 'store', 'match', 'classify', 'reconstruct', 'analytics', 'report'];

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The no-restricted-imports messages lint gives `code` placed at `filePath` (relative to the repository). */
async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, `${filePath} did not parse`).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** [file, import] pairs: each must be refused. */
const FORBIDDEN: [string, string][] = [
  // electron ↛ renderer
  ['electron/main/probe.ts', "import { host } from '../../renderer/src/host';"],
  ['electron/preload/probe.ts', "import type { Host } from '../../renderer/src/host/types';"],
  // electron/utility (the large-quarter engine's process) ↛ the main process, the electron module, the renderer
  ['electron/utility/probe.ts', "import { PathGrants } from '../main/path-grants';"],
  ['electron/utility/probe.ts', "import { app } from 'electron';"],
  ['electron/utility/probe.ts', "import { engine } from '../../renderer/src/engine/client';"],
  // renderer ↛ electron (the folder and the package), nor the engine's Node edge, nor Node itself
  ['renderer/src/state/probe.ts', "import { atomicWrite } from '../../../electron/main/atomic-write';"],
  ['renderer/src/probe.tsx', "import { ipcRenderer } from 'electron';"],
  ['renderer/src/engine/probe.ts', "import { readInput } from '../../../shared/node/files';"],
  ['renderer/src/state/probe.ts', "import { readFileSync } from 'node:fs';"],
  // shared ↛ renderer, electron, cli, contract, test
  ['shared/probe.ts', "import { host } from '../renderer/src/host';"],
  ['shared/match/probe.ts', "import { IPC } from '../../electron/main/ipc-handlers';"],
  ['shared/report/probe.ts', "import '../../cli/reconcile';"],
  ['shared/service/probe.ts', "import type { BfBridge } from '../../contract/bridge';"],
  ['shared/classify/probe.ts', "import { generateQuarter } from '../../test/fixtures/generate';"],
  // Node built-ins only in shared/node
  ['shared/import/probe.ts', "import { readFileSync } from 'fs';"],
  ['shared/probe.ts', "import { createHash } from 'node:crypto';"],
  ['shared/service/probe.ts', "import { files } from '../node/files';"],
  // contract ↛ renderer, electron, cli; values only from shared's root modules
  ['contract/probe.ts', "import { host } from '../renderer/src/host';"],
  ['contract/probe.ts', "import { validate } from '../electron/main/validate';"],
  ['contract/probe.ts', "import '../cli/reconcile';"],
  ['contract/probe.ts', "import { createEngineService } from '../shared/service/engine-service';"],
  // cli ↛ renderer, electron
  ['cli/probe.ts', "import { demoFiles } from '../renderer/src/demo';"],
  ['cli/probe.ts', "import { atomicWrite } from '../electron/main/atomic-write';"],
  // A root module of shared/ is below every stage.
  ['shared/probe.ts', "import { buildReport } from './report/report-json';"],
  // Engine code never imports the stages' test helpers.
  ['shared/match/probe.ts', "import { events } from '../testing/events';"],
  // The stages' tests run in Node, but stay inside shared/.
  ['shared/match/probe.test.ts', "import { generateQuarter } from '../../test/fixtures/generate';"],
  ['shared/testing/probe.ts', "import { host } from '../../renderer/src/host';"],
  // The case is above the stages, the service above the case.
  ['shared/report/probe.ts', "import { Case } from '../case/case';"],
  ['shared/case/probe.ts', "import { createEngineService } from '../service/engine-service';"],
];

/** [file, import] pairs: each must pass. */
const ALLOWED: [string, string][] = [
  ['electron/main/probe.ts', "import { IPC } from '../../contract/bridge';"],
  ['electron/main/probe.ts', "import { atomicWrite } from '../../shared/node/atomic-write';"],
  ['electron/preload/probe.ts', "import { MENU_COMMANDS } from '../../contract/host';"],
  ['electron/utility/probe.ts', "import { serveEngineHost } from '../../shared/node/engine-host';"],
  ['renderer/src/state/probe.ts', "import { formatTitle } from '../../../contract/title';"],
  ['renderer/src/host/probe.ts', "import { createElectronHost } from './electron';"],
  ['renderer/src/engine/probe.ts', "import { createEngineService } from '../../../shared/service/engine-service';"],
  ['cli/probe.ts', "import { writeFileAtomic } from '../shared/node/atomic-write';"],
  ['cli/probe.ts', "import { settingsProblems } from '../shared/settings';"],
  ['contract/probe.ts', "import type { EngineHandlers } from '../shared/service/engine-service';"],
  ['contract/probe.ts', "import { InputError } from '../shared/types';"],
  ['shared/probe.ts', "import { parseDate } from './time';"],
  ['shared/import/probe.ts', "import { InputError } from '../types';"],
  ['shared/case/probe.ts', "import { buildReport } from '../report/report-json';"],
  ['shared/service/probe.ts', "import type { EngineCase } from '../case/engine-case';"],
  ['shared/node/probe.ts', "import { readFileSync } from 'node:fs';"],
  ['shared/node/probe.ts', "import { buildWorkpapers } from '../report/workpapers';"],
  ['shared/match/probe.test.ts', "import { loadSqlJs } from '../node/files';"],
  ['shared/match/probe.test.ts', "import { classified } from '../testing/stages';"],
  ['shared/testing/probe.ts', "import { reconstruct } from '../reconstruct/replay';"],
];

describe('lint keeps the layers', () => {
  it.each(FORBIDDEN)('%s may not: %s', async (file, code) => {
    expect(await refusals(file, code)).toHaveLength(1);
  });

  it.each(ALLOWED)('%s may: %s', async (file, code) => {
    expect(await refusals(file, code)).toEqual([]);
  });

  it('keeps the engine’s stages in order, each importing only earlier ones', async () => {
    for (const [i, stage] of STAGES.entries()) {
      for (const [j, other] of STAGES.entries()) {
        if (i === j) continue;
        const found = await refusals(`shared/${stage}/probe.ts`, `import { x } from '../${other}/x';`);
        expect(found, `${stage} → ${other}`).toHaveLength(j < i ? 0 : 1);
      }
      // The case may import every stage.
      expect(await refusals('shared/case/probe.ts', `import { x } from '../${stage}/x';`)).toEqual([]);
    }
  });

  it('names the rule in the message, so the one who trips it knows what to do', async () => {
    const [message] = await refusals('shared/match/probe.ts', "import { classify } from '../classify/classify';");
    expect(message).toMatch(/shared\/match imports only earlier stages \(import, store\)/);
  });
});
