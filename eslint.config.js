import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

// ---- Layers ------------------------------------------------------------------------------------------------
// Who may import whom (VS Code's "code-layering" idea, checked by no-restricted-imports per folder):
//
//   electron/ ──┐                      electron and renderer never import each other: what crosses between
//   renderer/ ──┼─→ contract/ ─→ shared/   them is in contract/. cli/ is a host like them. contract/ takes
//   cli/ ───────┘                          values only from shared's root modules, types from anywhere in it.
//   electron/utility (the large-quarter engine's process) imports neither the main process nor Electron's module.
//
// Inside shared/ the engine's stages keep their order: a file in a stage imports only earlier stages and the
// root modules (shared/*.ts, usable by all); shared/case may import every stage; shared/service may import
// the case; shared/node (the only Node edge) may import all of shared. Node built-ins stay in shared/node.
// The stages' tests (*.test.ts beside them) and their helpers (shared/testing/) run in Node: they may use any
// of shared/, and nothing outside it; no engine code imports them.
// test/unit/layers.test.ts shows each boundary refusing a forbidden import and letting an allowed one pass.
const STAGES = ['import', 'store', 'match', 'classify', 'reconstruct', 'analytics', 'report'];

const NODE_BUILTINS = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];

/**
 * Specifiers that reach one of `folders` by a relative path: top-level folders of the repository (always up
 * through `../`), or shared/'s folders (also `./` from a root module of shared/).
 */
function reaching(folders, { inShared = false } = {}) {
  return inShared ? `^(\\./|(\\.\\./)+)(shared/)?(${folders.join('|')})(/|$)` : `^(\\.\\./)+(${folders.join('|')})(/|$)`;
}

function layer(files, { ignores, folders = [], sharedFolders = [], node = false, packages = [], extra = [], why }) {
  const patterns = [...extra];
  if (folders.length) patterns.push({ regex: reaching(folders), message: why });
  if (sharedFolders.length) patterns.push({ regex: reaching(sharedFolders, { inShared: true }), message: why });
  const paths = packages.map((name) => ({ name, message: why }));
  if (node) {
    patterns.push({ regex: '^node:', message: 'Node built-ins are only for shared/node/ (the engine runs in a Web Worker too).' });
    paths.push(...NODE_BUILTINS.map((name) => ({ name, message: 'Node built-ins are only for shared/node/ (the engine runs in a Web Worker too).' })));
  }
  return { files, ...(ignores ? { ignores } : {}), rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

const HOSTS = ['renderer', 'electron', 'cli'];
/** The stages' tests and their helpers: test code inside shared/. */
const TESTS = ['shared/**/*.test.ts', 'shared/testing/**/*.ts'];
const ENGINE_EDGES = ['case', 'service', 'node', 'testing'];

const LAYERS = [
  layer(['electron/**/*.ts'], {
    ignores: ['electron/utility/**'],
    folders: ['renderer', 'cli'],
    why: 'electron/ never imports renderer/ (nor cli/): shared shapes go in contract/.',
  }),
  // The large-quarter engine's utility process: a thin adapter around the engine's Node edge (shared/node), with
  // no window, dialog or IPC of the main process, and no renderer.
  layer(['electron/utility/**/*.ts'], {
    folders: ['renderer', 'cli'],
    packages: ['electron'],
    extra: [{ regex: '^\\.\\./(main|preload)(/|$)', message: 'electron/utility serves the engine only: nothing of the main process or the preload.' }],
    why: 'electron/utility serves the engine only (shared/node/engine-host.ts): no renderer/, cli/ or electron module.',
  }),
  layer(['renderer/src/**/*.{ts,tsx}'], {
    folders: ['electron', 'cli'],
    sharedFolders: ['node'],
    packages: ['electron'],
    node: true,
    why: 'renderer/ is a web page: no electron/, cli/, shared/node or Node (shared shapes go in contract/).',
  }),
  layer(['renderer/*.{ts,tsx}'], { folders: ['electron', 'cli'], why: 'renderer/ never imports electron/ or cli/.' }),
  layer(['cli/**/*.ts'], { folders: ['renderer', 'electron'], why: 'cli/ is a host of the engine: no renderer/ or electron/.' }),
  layer(['contract/**/*.ts'], {
    folders: [...HOSTS, 'test'],
    packages: ['electron', 'react', 'react-dom'],
    node: true,
    extra: [
      {
        regex: '^(\\.\\./)+shared/[^/]+/',
        allowTypeImports: true,
        message: 'contract/ takes values only from shared/ root modules (types from anywhere in shared/).',
      },
    ],
    why: 'contract/ sits between the hosts and the engine: it imports no renderer/, electron/, cli/ or test/.',
  }),
  // The root modules are below every stage. engine.ts and api.ts still hold the case; they move to shared/case.
  layer(['shared/*.ts'], {
    ignores: ['shared/engine.ts', 'shared/api.ts', ...TESTS],
    folders: [...HOSTS, 'contract', 'test'],
    sharedFolders: [...STAGES, ...ENGINE_EDGES],
    packages: ['electron', 'react', 'react-dom'],
    node: true,
    why: 'A root module of shared/ is usable by every stage, so it imports no stage and nothing outside shared/.',
  }),
  layer(['shared/engine.ts', 'shared/api.ts'], {
    folders: [...HOSTS, 'contract', 'test'],
    sharedFolders: ['service', 'node', 'testing'],
    packages: ['electron', 'react', 'react-dom'],
    node: true,
    why: 'The engine imports nothing outside shared/, and not the service or the Node edge.',
  }),
  ...STAGES.map((stage, i) =>
    layer([`shared/${stage}/**/*.ts`], {
      ignores: TESTS,
      folders: [...HOSTS, 'contract', 'test'],
      sharedFolders: [...STAGES.slice(i + 1), ...ENGINE_EDGES],
      packages: ['electron', 'react', 'react-dom'],
      node: true,
      why: `shared/${stage} imports only earlier stages (${STAGES.slice(0, i).join(', ') || 'none'}) and shared/*.ts: the stages run ${STAGES.join(' → ')} → case.`,
    }),
  ),
  layer(['shared/case/**/*.ts'], {
    ignores: TESTS,
    folders: [...HOSTS, 'contract', 'test'],
    sharedFolders: ['service', 'node', 'testing'],
    packages: ['electron', 'react', 'react-dom'],
    node: true,
    why: 'shared/case imports the stages and shared/*.ts, not the service above it, nor the Node edge.',
  }),
  layer(['shared/service/**/*.ts'], {
    ignores: TESTS,
    folders: [...HOSTS, 'contract', 'test'],
    sharedFolders: ['node', 'testing'],
    packages: ['electron', 'react', 'react-dom'],
    node: true,
    why: 'shared/service serves the case to any host: nothing outside shared/, no Node edge.',
  }),
  layer(['shared/node/**/*.ts'], {
    ignores: TESTS,
    folders: [...HOSTS, 'contract', 'test'],
    sharedFolders: ['testing'],
    packages: ['electron', 'react', 'react-dom'],
    why: 'shared/node is the engine’s Node edge: nothing outside shared/, and no test helpers.',
  }),
  layer(TESTS, {
    folders: [...HOSTS, 'contract', 'test'],
    packages: ['electron', 'react', 'react-dom'],
    why: 'The engine’s own tests use shared/ (its stages, shared/node, shared/testing) and nothing outside it.',
  }),
];

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'assets/demo/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  ...LAYERS,
);
