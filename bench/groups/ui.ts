/**
 * The pre-validation workspace as staff feel it: Chromium (Debian's /usr/bin/chromium when present,
 * same flags as the e2e suite) on the headless host in demo mode, 20,000 requests pulled by the
 * start-up sync before anything is timed.
 *
 * How each figure is measured — always in the page with `performance.now()` (bench/uiProbe.ts: a
 * MutationObserver over the whole document plus `load` events of images, rAF as fallback), never
 * from Playwright round trips:
 * - ui.queue_first_rows_ms: fresh load of `/#/pre-validation` (from about:blank, the token already
 *   in sessionStorage) until the first frame after the first queue row enters the DOM; time zero is
 *   the navigation start (`performance.now()`'s origin). Median of 5 loads after one warm-up.
 * - ui.queue_dom_rows_max: the most <tr> ever in the document (every mutation is counted) while the
 *   whole « à traiter » queue is scrolled top to bottom by 1,500 px steps, two frames per step, until
 *   the last row is rendered.
 * - ui.search_p95_ms: `page.keyboard.type` of the query into the search box of the « Toutes » tab; from the `input` event
 *   of the last key until the table's total and first row equal the services' own answer for that
 *   query (bench/uiSearchQueries.ts). The box is cleared and the full queue awaited between searches.
 * - ui.decision_next_median_ms: `a` pressed on the selected request of « à traiter » with a photo;
 *   from its keydown until the detail shows another file number and its photo <img> is decoded
 *   (`complete` with a natural width). 100 approvals, after 3 warm-up ones.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { type QueueFilter } from '../../shared/ipc/contract';
import { chromiumLaunchOptions } from '../../tests/e2e/chromiumLaunch';
import { type BenchGroup, type BenchRow } from '../benchRow';
import { percentile, round } from '../percentiles';
import { ensureRendererBuilt, startUiHost, type UiHost } from '../uiHost';
import { UI_PROBE_SCRIPT } from '../uiProbe';
import { buildUiSearches, UI_SEARCH_FILTER, type UiSearch } from '../uiSearchQueries';

const REQUESTS = 20_000;
const LOADS = 5;
const SEARCHES = 40;
const SEARCH_WARMUP = 3;
const DECISIONS = 100;
const DECISION_WARMUP = 3;
const SCROLL_STEP_PX = 1_500;
const HASH = '#/pre-validation';
const TO_REVIEW: QueueFilter = { view: 'toReview' };
const WITH_PHOTO: QueueFilter = { view: 'toReview', hasPhoto: true };

const median = (samples: readonly number[]) => percentile(samples, 50);

async function resetWorkspace(ui: UiHost, filter: QueueFilter): Promise<void> {
  await ui.call('workspace:setState', { filter, selectedRequestId: null, scrollOffset: 0 });
}

/** Loads the workspace afresh and answers the in-page time to its first queue row's frame. */
async function loadWorkspace(page: Page, ui: UiHost): Promise<number> {
  await page.goto('about:blank');
  await page.goto(`${ui.host.origin}/${HASH}`);
  // Strings, not functions: the renderer's CSP forbids eval, which waitForFunction relies on.
  return (await page.evaluate('window.__uiBench.firstRowFrame()')) as number;
}

async function measureFirstRows(page: Page, ui: UiHost): Promise<BenchRow> {
  const samples: number[] = [];
  for (let i = 0; i <= LOADS; i++) {
    await resetWorkspace(ui, TO_REVIEW);
    const ms = await loadWorkspace(page, ui);
    if (i > 0) samples.push(ms);
  }
  return {
    id: 'ui.queue_first_rows_ms',
    value: round(median(samples), 1),
    unit: 'ms',
    note: `target < 1000; median of ${samples.length} loads, max ${round(Math.max(...samples), 1)}`,
  };
}

async function measureDomRows(page: Page, ui: UiHost): Promise<BenchRow> {
  await resetWorkspace(ui, TO_REVIEW);
  await loadWorkspace(page, ui);
  const total = (await ui.call('requests:queue', { filter: TO_REVIEW, offset: 0, limit: 1 })).total;
  const run = (await page.evaluate(`window.__uiBench.scrollWholeQueue(${SCROLL_STEP_PX})`)) as {
    steps: number;
    maxRows: number;
  };
  return {
    id: 'ui.queue_dom_rows_max',
    value: run.maxRows,
    unit: 'rows',
    note: `target < 200; ${total.toLocaleString('en-US')} rows scrolled in ${run.steps} steps`,
  };
}

async function measureSearch(page: Page, ui: UiHost, searches: readonly UiSearch[]): Promise<BenchRow[]> {
  await resetWorkspace(ui, UI_SEARCH_FILTER);
  await loadWorkspace(page, ui);
  const total = (await ui.call('requests:queue', { filter: UI_SEARCH_FILTER, offset: 0, limit: 1 })).total;
  const box = page.getByTestId('queue-search');
  const samples: number[] = [];
  for (const [i, search] of searches.entries()) {
    await box.fill('');
    await page.evaluate(`window.__uiBench.waitTotal(${total})`);
    await box.focus();
    await page.evaluate(
      `window.__uiBench.armSearch(${JSON.stringify(search.text)}, ${search.total}, ${JSON.stringify(search.firstFileNumber)})`,
    );
    await page.keyboard.type(search.text);
    const ms = (await page.evaluate('window.__uiBench.pending()')) as number;
    if (i >= SEARCH_WARMUP) samples.push(ms);
  }
  await box.fill('');
  const kinds = [...new Set(searches.slice(SEARCH_WARMUP).map((s) => s.kind))].join(', ');
  return [
    {
      id: 'ui.search_p95_ms',
      value: round(percentile(samples, 95), 1),
      unit: 'ms',
      note: `target < 100; ${samples.length} searches (${kinds}), p50 ${round(median(samples), 1)}`,
    },
  ];
}

async function measureDecisions(page: Page, ui: UiHost): Promise<BenchRow> {
  await resetWorkspace(ui, WITH_PHOTO);
  await loadWorkspace(page, ui);
  const first = page.locator('[data-testid="queue-table"] tbody tr.pv-row').first();
  const firstFile = await first.getAttribute('data-file-number');
  await first.click();
  await page.waitForSelector(
    `[data-testid="request-detail"][data-file-number="${firstFile}"] img[data-testid="request-photo"]`,
  );
  const samples: number[] = [];
  let current = firstFile ?? '';
  for (let i = 0; i < DECISIONS + DECISION_WARMUP; i++) {
    await page.evaluate(`window.__uiBench.armDecision(${JSON.stringify(current)})`);
    await page.keyboard.press('a');
    const next = (await page.evaluate('window.__uiBench.pending()')) as { ms: number; fileNumber: string };
    if (i >= DECISION_WARMUP) samples.push(next.ms);
    current = next.fileNumber;
  }
  const decided = (await ui.call('decisions:list')).items.filter((d) => d.decision === 'APPROVED').length;
  if (decided < DECISIONS + DECISION_WARMUP) {
    throw new Error(`[bench.ui] only ${decided} approvals recorded for ${DECISIONS + DECISION_WARMUP} key presses`);
  }
  return {
    id: 'ui.decision_next_median_ms',
    value: round(median(samples), 1),
    unit: 'ms',
    note: `target < 150; ${samples.length} approvals, p95 ${round(percentile(samples, 95), 1)}`,
  };
}

async function run(): Promise<BenchRow[]> {
  ensureRendererBuilt();
  const ui = await startUiHost(REQUESTS, 1);
  let browser: Browser | null = null;
  try {
    const searches = await buildUiSearches(ui, SEARCHES + SEARCH_WARMUP);
    browser = await chromium.launch(chromiumLaunchOptions);
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    await context.addInitScript({ content: UI_PROBE_SCRIPT });
    const page = await context.newPage();
    // The token reaches sessionStorage once; every later load of the tab reuses it.
    await page.goto(ui.host.url);
    await page.getByRole('heading', { level: 1 }).waitFor();

    const rows: BenchRow[] = [];
    rows.push(await measureFirstRows(page, ui));
    rows.push(await measureDomRows(page, ui));
    rows.push(...(await measureSearch(page, ui, searches)));
    rows.push(await measureDecisions(page, ui));
    return rows;
  } finally {
    await browser?.close();
    await ui.close();
  }
}

export const uiGroup: BenchGroup = {
  name: 'ui',
  description: 'pre-validation workspace in Chromium through the headless host (20,000 demo requests)',
  run,
};
