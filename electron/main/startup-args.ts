// Command-line flags the renderer needs to know about. `npm start` passes --demo to open the demo quarter.
import type { StartupArgs } from '../../contract/host';

export function parseStartupArgs(argv: readonly string[]): StartupArgs {
  return { demo: argv.includes('--demo') };
}
