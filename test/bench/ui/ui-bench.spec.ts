// The in-app performance figures (docs/performance.md, "In the app"), measured in Chromium with the Performance
// API: after a large match the overview must paint in < 1 s, and a 100k-row exception queue must scroll, filter
// and search without long tasks.
//
//   npm run bench:ui                                   # overview at 100k events + the 100k-exception queue
//   UI_BENCH_SIZES=100k,300k,1m npm run bench:ui       # larger quarters for the overview (1m may not fit a tab)
//   UI_BENCH_ONLY=overview|queue npm run bench:ui      # one of the two measurements
//
// Quarters come from the fixture generator (seed 1, America/Chicago, 2026-04-01..2026-06-30, ERP as CSV) and
// are cached under .cache/bench/ (shared with `npm run bench`) and .cache/bench-ui/. Files are loaded through
// the app's file inputs, as a user would. Figures are printed and written to .cache/bench-ui/results/*.json.
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CATEGORIES, type Category } from '../../../shared/types';
import { generateQuarter } from '../../fixtures/generate';
import { writeQuarter } from '../../fixtures/write-quarter';
import { loadFile, navTo, ROOT, setPeriod } from '../../e2e/helpers';

const SEED = 1;
const TZ = 'America/Chicago';
const START = '2026-04-01';
const END = '2026-06-30';
const OUT = join(ROOT, '.cache', 'bench-ui', 'results');

/** Accounts per size: the generator writes about 7.4 rows per account (as in test/bench/bench.ts). */
const SIZES: Record<string, number> = {
  '10k': 1350,
  '100k': 13500,
  '300k': 40500,
  '500k': 67500,
  '1m': 135000,
};

/**
 * The queue quarter: ~100k exceptions in every category, weighted to the categories that cost the fewest rows
 * (a manual override is ~1.5 rows, an ERP-only entry ~2) so the browser's worker can still match it.
 */
const QUEUE_ANOMALIES: Partial<Record<Category, number>> = {
  MANUAL_OVERRIDE: 34_000,
  UNACTIVATED_SALE: 25_000,
  ERP_ONLY_ENTRY: 20_000,
  DUPLICATE: 8_000,
  AMOUNT_MISMATCH: 5_000,
  MISSING_IN_ERP: 4_000,
  ACTIVATION_LAG: 1_000,
  UNPAID_ACTIVATION: 1_000,
  MISSING_IN_PLATFORM: 1_000,
  VOID_NOT_PROPAGATED: 1_000,
  CUTOFF: 1_000,
  BALANCE_CHAIN_BREAK: 1_000,
};
const QUEUE_CARDS = 110_000;

async function sizeQuarter(label: string): Promise<string> {
  const cards = SIZES[label];
  if (!cards)
    throw new Error(`UI_BENCH_SIZES: unknown size '${label}' (known: ${Object.keys(SIZES).join(', ')})`);
  const dir = join(ROOT, '.cache/bench', `${label}-c${cards}-s${SEED}`);
  if (existsSync(join(dir, 'README.txt'))) return dir;
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  // In a child process, as `npm run bench` does: the generator's memory is not this worker's.
  await promisify(execFile)(
    join(ROOT, 'node_modules/.bin/tsx'),
    [
      join(ROOT, 'test/fixtures/write-quarter.ts'),
      '--out',
      tmp,
      '--cards',
      String(cards),
      '--seed',
      String(SEED),
      '--tz',
      TZ,
      '--period',
      `${START}..${END}`,
      '--erp',
      'csv',
    ],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  renameSync(tmp, dir);
  return dir;
}

async function queueQuarter(): Promise<string> {
  const dir = join(ROOT, '.cache/bench-ui', `queue-c${QUEUE_CARDS}-s${SEED}`);
  if (existsSync(join(dir, 'README.txt'))) return dir;
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const q = generateQuarter({
    seed: SEED,
    cards: QUEUE_CARDS,
    timezone: TZ,
    periodStart: START,
    periodEnd: END,
    erpFormat: 'csv',
    anomalies: QUEUE_ANOMALIES,
  });
  await writeQuarter(q, tmp);
  renameSync(tmp, dir);
  return dir;
}

/** Rows in the four systems' files, from the quarter's README. */
function rowsOf(dir: string): number {
  const m = /^Rows: (.*)$/m.exec(readFileSync(join(dir, 'README.txt'), 'utf8'));
  return [...(m?.[1] ?? '').matchAll(/(\w+)\.csv (\d+)/g)]
    .filter((x) => x[1] !== 'opening_balances')
    .reduce((s, x) => s + Number(x[2]), 0);
}

const ROLES = ['platform', 'storefront', 'payments', 'erp'] as const;

/** Sets the case, loads the five files through the file inputs and reconciles; returns the seconds each took. */
/** Seconds between the app's User Timing marks of the last run (renderer/src/state/actions.ts), in order. */
async function runStages(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('bf:run:'));
    const out: Record<string, number> = {};
    for (let i = 1; i < marks.length; i++)
      out[marks[i - 1].name.slice(7)] = Math.round(marks[i].startTime - marks[i - 1].startTime) / 1000;
    return out;
  });
}

async function reconcile(page: Page, dir: string): Promise<{ loadS: number; matchS: number }> {
  await page.goto('/');
  await setPeriod(page, START, END, TZ);
  await navTo(page, 'Import');
  const t0 = Date.now();
  for (const r of ROLES) await loadFile(page, r, join(dir, `${r}.csv`));
  await loadFile(page, 'opening', join(dir, 'opening_balances.csv'));
  const t1 = Date.now();
  await page.getByRole('button', { name: 'Reconcile', exact: true }).click();
  await expect(page.getByText('Reconciled.')).toBeVisible({ timeout: 60 * 60_000 });
  return { loadS: (t1 - t0) / 1000, matchS: (Date.now() - t1) / 1000 };
}

/** Samples every 100 ms, from /proc, the RSS of each Chromium renderer process; stop() gives the largest, in MB. */
function sampleRendererRss(): { stop(): number | null } {
  let peak = 0;
  const tick = () => {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {
        // the process ended between listing and reading
      }
    }
  };
  const timer = setInterval(tick, 100);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return peak ? Math.round(peak / 1e6) : null;
    },
  };
}

/** Installs, once per page, the in-page probes: long tasks, Event Timing, and "click, then wait for the paint". */
async function installProbes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench?: unknown };
    if (w.__bench) return;
    const longtasks: { start: number; duration: number }[] = [];
    const events: { name: string; start: number; duration: number; processing: number }[] = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries() as PerformanceEventTiming[])
        events.push({
          name: e.name,
          start: e.startTime,
          duration: e.duration,
          processing: e.processingEnd - e.processingStart,
        });
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    w.__bench = { longtasks, events };
  });
}

interface Window0 {
  longtasks: { start: number; duration: number }[];
  events: { name: string; start: number; duration: number; processing: number }[];
}

/** Long tasks and slow events (Event Timing) since `since` (performance.now()). */
async function tasksSince(page: Page, since: number) {
  return page.evaluate((t) => {
    const b = (window as unknown as { __bench: Window0 }).__bench;
    const lt = b.longtasks.filter((x) => x.start >= t);
    const ev = b.events.filter((x) => x.start >= t);
    return {
      longTasks: lt.length,
      longestTaskMs: Math.round(Math.max(0, ...lt.map((x) => x.duration))),
      longTaskTotalMs: Math.round(lt.reduce((s, x) => s + x.duration, 0)),
      /** When each long task began, in ms after the measurement started. */
      longTaskStartsMs: lt.map((x) => Math.round(x.start - t)),
      slowEvents: ev.length,
      worstEventMs: Math.round(Math.max(0, ...ev.map((x) => x.duration))),
    };
  }, since);
}

/**
 * Clicks `clickSel` in the page and waits until `doneSel` is in the DOM (a MutationObserver), then for the frame
 * that paints it: a requestAnimationFrame after the element appears, and a task queued from that frame's rAF
 * (which runs once the frame has been rendered). Returns ms from the click to the commit and to the paint.
 */
async function clickToPaint(page: Page, clickSel: string, doneSel: string, doneTest?: string) {
  return page.evaluate(
    ({ clickSel, doneSel, doneTest }) =>
      new Promise<{ commitMs: number; paintMs: number; at: number }>((resolve, reject) => {
        const target = document.querySelector<HTMLElement>(clickSel);
        if (!target) return reject(new Error(`no ${clickSel}`));
        const ok = () => {
          const el = document.querySelector(doneSel);
          return !!el && (!doneTest || new RegExp(doneTest).test(el.textContent ?? ''));
        };
        let committed = -1;
        const t0 = performance.now();
        const done = () => {
          committed = performance.now();
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () =>
              resolve({ commitMs: committed - t0, paintMs: performance.now() - t0, at: t0 });
            ch.port2.postMessage(0);
          });
        };
        const mo = new MutationObserver(() => {
          if (committed < 0 && ok()) {
            mo.disconnect();
            done();
          }
        });
        mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
        target.click();
        if (committed < 0 && ok()) {
          mo.disconnect();
          done();
        }
      }),
    { clickSel, doneSel, doneTest },
  );
}

const navSel = (name: string) =>
  `nav[aria-label="Screens"] li:nth-child(${['Case', 'Import', 'Overview', 'Exceptions', 'Balances', 'Export'].indexOf(name) + 1}) button`;

function save(name: string, data: unknown): void {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.json`), JSON.stringify(data, null, 2));
  console.log(`\n${name}: ${JSON.stringify(data, null, 2)}`);
}

const only = process.env.UI_BENCH_ONLY ?? '';
const sizes = (process.env.UI_BENCH_SIZES ?? '100k')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);

for (const size of sizes) {
  test(`overview paints after a ${size}-event match`, async ({ page }) => {
    test.skip(only !== '' && only !== 'overview');
    const dir = await sizeQuarter(size);
    const crashed: string[] = [];
    page.on('crash', () => crashed.push('page crashed (renderer or worker out of memory)'));
    page.on('pageerror', (e) => crashed.push(e.message));
    let times: { loadS: number; matchS: number };
    // The largest resident set of any Chromium renderer while the files load and the worker reconciles: the
    // page and its engine worker live in one renderer process.
    const rss = sampleRendererRss();
    try {
      times = await reconcile(page, dir);
    } catch (e) {
      save(`overview-${size}`, { size, dir, failed: String(e).split('\n')[0], pageErrors: crashed });
      throw e;
    }
    await installProbes(page);
    // The first Overview after the match: the "Go to Overview" button on the Import screen.
    const since = await page.evaluate(() => performance.now());
    const go = await page.evaluate(() => {
      const b = [...document.querySelectorAll('button')].find(
        (x) => x.textContent?.trim() === 'Go to Overview',
      );
      b?.setAttribute('data-bench', 'go');
      return !!b;
    });
    expect(go).toBe(true);
    const first = await clickToPaint(page, 'button[data-bench="go"]', '[data-testid="reconstructed"]');
    const firstTasks = await tasksSince(page, since);
    await expect(page.getByTestId('reconstructed')).toBeVisible();
    // Then back and forth: Exceptions (its heading) and Overview (the headline), five times each.
    const toExceptions: number[] = [];
    const toOverview: number[] = [];
    const since2 = await page.evaluate(() => performance.now());
    for (let i = 0; i < 5; i++) {
      toExceptions.push(
        (await clickToPaint(page, navSel('Exceptions'), '[aria-label="Exception queue"] [role="option"]'))
          .paintMs,
      );
      toOverview.push(
        (await clickToPaint(page, navSel('Overview'), '[data-testid="reconstructed"]')).paintMs,
      );
    }
    const switchTasks = await tasksSince(page, since2);
    const exceptions = Number(
      await page
        .getByTestId('exceptions-total')
        .textContent()
        .then((t) => t?.replace(/[^\d]/g, '')),
    );
    const r = (xs: number[]) => xs.map((x) => Math.round(x));
    save(`overview-${size}`, {
      size,
      dir,
      rows: rowsOf(dir),
      exceptions,
      loadFilesS: Math.round(times.loadS * 10) / 10,
      reconcileS: Math.round(times.matchS * 10) / 10,
      /** Each stage of the run as the page saw it: from its mark to the next (the last: the result shown). */
      stagesS: await runStages(page),
      rendererPeakRssMB: rss.stop(),
      firstOverview: {
        commitMs: Math.round(first.commitMs),
        paintMs: Math.round(first.paintMs),
        ...firstTasks,
      },
      toExceptionsPaintMs: r(toExceptions),
      toOverviewPaintMs: r(toOverview),
      switching: switchTasks,
      pageErrors: crashed,
    });
  });
}

test('a 100k-exception queue scrolls, filters and searches', async ({ page }) => {
  test.skip(only !== '' && only !== 'queue');
  const dir = await queueQuarter();
  const times = await reconcile(page, dir);
  await installProbes(page);
  const open = await clickToPaint(
    page,
    navSel('Exceptions'),
    '[aria-label="Exception queue"] [role="option"]',
  );
  const queue = page.getByRole('listbox', { name: 'Exception queue' });
  const total = Number(await queue.getAttribute('data-count'));

  // Scroll from top to bottom: scrollTop moved by one viewport of rows per animation frame, with the long-task
  // observer already registered; each frame's interval is recorded.
  const since = await page.evaluate(() => performance.now());
  const scroll = await page.evaluate(
    () =>
      new Promise<{
        frames: number;
        ms: number;
        steps: number;
        worstFrameMs: number;
        p95FrameMs: number;
        over50: number;
        rendered: number;
      }>((resolve) => {
        const el = document.querySelector<HTMLElement>('[aria-label="Exception queue"]')!;
        el.scrollTop = 0;
        const step = el.clientHeight;
        const gaps: number[] = [];
        let last = performance.now();
        const t0 = last;
        let steps = 0;
        let rendered = 0;
        const tick = (now: number) => {
          gaps.push(now - last);
          last = now;
          rendered += el.querySelectorAll('[role="option"]').length > 0 ? 1 : 0;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) {
            const sorted = [...gaps].sort((a, b) => a - b);
            resolve({
              frames: gaps.length,
              ms: performance.now() - t0,
              steps,
              worstFrameMs: sorted[sorted.length - 1],
              p95FrameMs: sorted[Math.floor(sorted.length * 0.95)],
              over50: gaps.filter((g) => g > 50).length,
              rendered,
            });
            return;
          }
          el.scrollTop += step;
          steps++;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  const scrollTasks = await tasksSince(page, since);
  // The last rows are on screen.
  await expect(queue.getByRole('option').last()).toBeVisible();

  // Mouse wheel: 200 notches of 1,000 px back up from the bottom, as a user flinging the list.
  const box = (await queue.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const sinceWheel = await page.evaluate(() => performance.now());
  const w0 = Date.now();
  for (let i = 0; i < 200; i++) await page.mouse.wheel(0, -1000);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const wheelS = (Date.now() - w0) / 1000;
  const wheelTasks = await tasksSince(page, sinceWheel);

  // Filter by category: the select's change → the queue's new count painted.
  const setSelect = (label: string, value: string) =>
    page.evaluate(
      ({ label, value }) =>
        new Promise<{ paintMs: number; count: number }>((resolve) => {
          const sel = [...document.querySelectorAll('label')]
            .find((l) => l.firstChild?.textContent?.trim() === label)!
            .querySelector('select')!;
          const q = document.querySelector<HTMLElement>('[aria-label="Exception queue"]')!;
          const before = q.getAttribute('data-count');
          const t0 = performance.now();
          const finish = () =>
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () =>
                resolve({ paintMs: performance.now() - t0, count: Number(q.getAttribute('data-count')) });
              ch.port2.postMessage(0);
            });
          const mo = new MutationObserver(() => {
            if (q.getAttribute('data-count') !== before) {
              mo.disconnect();
              finish();
            }
          });
          mo.observe(q, { attributes: true });
          Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(sel, value);
          sel.dispatchEvent(new Event('change', { bubbles: true }));
        }),
      { label, value },
    );
  const sinceFilter = await page.evaluate(() => performance.now());
  const filter: Record<string, { paintMs: number; count: number }> = {};
  for (const c of ['DUPLICATE', 'MANUAL_OVERRIDE', 'CUTOFF', 'all'] as const) {
    const x = await setSelect('Category', c);
    filter[c] = { paintMs: Math.round(x.paintMs), count: x.count };
  }
  const filterTasks = await tasksSince(page, sinceFilter);

  // Search: typed key by key (real keystrokes, 60 ms apart) — the queue filters on every keystroke. Event
  // Timing gives each keystroke's latency to the next paint; then the time until the final count is painted.
  const search = page.getByRole('searchbox');
  await search.click();
  const sinceSearch = await page.evaluate(() => performance.now());
  const s0 = Date.now();
  const word = 'manual';
  await search.pressSequentially(word, { delay: 60 });
  await expect(search).toHaveValue(word);
  await expect.poll(async () => Number(await queue.getAttribute('data-count'))).toBeLessThan(total);
  const typeS = (Date.now() - s0) / 1000;
  const searchCount = Number(await queue.getAttribute('data-count'));
  const searchTasks = await tasksSince(page, sinceSearch);
  const keyEvents = await page.evaluate(
    (t) =>
      (window as unknown as { __bench: Window0 }).__bench.events
        .filter(
          (e) =>
            e.start >= t &&
            (e.name === 'keydown' || e.name === 'keypress' || e.name === 'keyup' || e.name === 'input'),
        )
        .map((e) => Math.round(e.duration)),
    sinceSearch,
  );
  // Clearing the search (one keystroke back to 100k rows).
  const sinceClear = await page.evaluate(() => performance.now());
  await search.fill('');
  await expect.poll(async () => Number(await queue.getAttribute('data-count'))).toBe(total);
  const clearTasks = await tasksSince(page, sinceClear);

  const c = CATEGORIES.length;
  save('queue', {
    dir,
    exceptions: total,
    categories: c,
    rows: rowsOf(dir),
    loadFilesS: Math.round(times.loadS * 10) / 10,
    reconcileS: Math.round(times.matchS * 10) / 10,
    openExceptions: { commitMs: Math.round(open.commitMs), paintMs: Math.round(open.paintMs) },
    scroll: {
      px: await queue.evaluate((el) => el.scrollHeight),
      steps: scroll.steps,
      frames: scroll.frames,
      seconds: Math.round(scroll.ms) / 1000,
      fps: Math.round((scroll.frames / scroll.ms) * 1000 * 10) / 10,
      worstFrameMs: Math.round(scroll.worstFrameMs),
      p95FrameMs: Math.round(scroll.p95FrameMs),
      framesOver50ms: scroll.over50,
      ...scrollTasks,
    },
    wheel: { notches: 200, seconds: wheelS, ...wheelTasks },
    filter: { ...filter, ...filterTasks },
    search: { word, typedS: typeS, count: searchCount, keyEventMs: keyEvents, ...searchTasks },
    clearSearch: clearTasks,
  });
});
