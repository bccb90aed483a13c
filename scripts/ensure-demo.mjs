// `npm start` opens the bundled demo quarter: make sure it is there (it is committed under assets/demo).
import { existsSync } from 'node:fs';
if (!existsSync(new URL('../assets/demo/platform.csv', import.meta.url))) {
  console.error('The demo quarter is missing from assets/demo; run `npm run demo:generate`.');
  process.exit(1);
}
