/**
 * The in-page side of the `ui` group, installed before the app's own scripts (`addInitScript`).
 * Times are taken in the page with `performance.now()`, never from Playwright round trips: a
 * MutationObserver on the whole document re-checks the awaited condition on every DOM change and on
 * every resource `load` (an <img> finishing its decode), with a requestAnimationFrame loop as a
 * fallback. It also keeps the largest number of <tr> ever present in the document.
 *
 * Plain JavaScript text on purpose: functions compiled by tsx may reference its helpers
 * (`__name`), which do not exist in the page.
 */
export const UI_PROBE_SCRIPT = `(() => {
  const now = () => performance.now();
  const state = { firstRowAt: null, firstRowFrameAt: null, maxRows: 0, lastInputAt: null, lastInputValue: null, keyAt: null, pending: null };
  const watchers = new Set();
  const check = () => {
    const rows = document.getElementsByTagName('tr').length;
    if (rows > state.maxRows) state.maxRows = rows;
    if (state.firstRowAt === null && document.querySelector('tr.pv-row')) {
      state.firstRowAt = now();
      requestAnimationFrame(() => { state.firstRowFrameAt = now(); });
    }
    for (const watcher of [...watchers]) watcher();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener('load', check, true);
  document.addEventListener('input', (event) => {
    state.lastInputAt = now();
    state.lastInputValue = event.target && 'value' in event.target ? event.target.value : null;
  }, true);
  document.addEventListener('keydown', (event) => { state.keyAt = now(); }, true);

  const until = (predicate, timeoutMs, what) => new Promise((resolve, reject) => {
    const started = now();
    let frame = 0;
    const watcher = () => {
      let value = null;
      try { value = predicate(); } catch (error) { value = null; }
      if (value !== null && value !== undefined) { stop(); resolve(value); return; }
      if (now() - started > timeoutMs) { stop(); reject(new Error('[bench.ui] timed out waiting for ' + what)); }
    };
    const loop = () => { watcher(); if (watchers.has(watcher)) frame = requestAnimationFrame(loop); };
    const stop = () => { watchers.delete(watcher); cancelAnimationFrame(frame); };
    watchers.add(watcher);
    loop();
  });

  const table = () => document.querySelector('[data-testid="queue-table"]');
  const firstRow = () => document.querySelector('[data-testid="queue-table"] tbody tr.pv-row');

  window.__uiBench = {
    state,
    /** The search typed last shows its answer: the total and the first row the services gave. */
    armSearch(text, total, firstFileNumber) {
      state.pending = until(() => {
        if (state.lastInputValue !== text || state.lastInputAt === null) return null;
        const t = table();
        if (!t || t.getAttribute('data-total') !== String(total)) return null;
        const row = firstRow();
        if (firstFileNumber === null ? row !== null : !row || row.getAttribute('data-file-number') !== firstFileNumber) return null;
        return now() - state.lastInputAt;
      }, 10000, 'search ' + text);
      state.pending.catch(() => undefined);
    },
    /** The queue shows its unfiltered total again (between two searches). */
    waitTotal(total) {
      return until(() => {
        const t = table();
        return t && t.getAttribute('data-total') === String(total) && firstRow() ? true : null;
      }, 10000, 'total ' + total);
    },
    /** After a decision key: another request in the detail, with its photo decoded. */
    armDecision(previousFileNumber) {
      state.keyAt = null;
      state.pending = until(() => {
        if (state.keyAt === null) return null;
        const detail = document.querySelector('[data-testid="request-detail"]');
        const fileNumber = detail && detail.getAttribute('data-file-number');
        if (!fileNumber || fileNumber === previousFileNumber) return null;
        const img = detail.querySelector('img[data-testid="request-photo"]');
        if (!img || !img.complete || img.naturalWidth === 0) return null;
        return { ms: now() - state.keyAt, fileNumber };
      }, 10000, 'the request after ' + previousFileNumber);
      state.pending.catch(() => undefined);
    },
    pending() { return state.pending; },
    /** Resolves with the time of the first frame after the first queue row appeared. */
    firstRowFrame() { return until(() => state.firstRowFrameAt, 30000, 'the first queue row'); },
    /** Scrolls the queue from top to bottom by 'step' pixels, two frames per step. */
    async scrollWholeQueue(step) {
      const box = document.querySelector('[data-testid="queue-scroll"]');
      box.scrollTop = 0;
      state.maxRows = document.getElementsByTagName('tr').length;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      let steps = 0;
      while (box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
        box.scrollTop = box.scrollTop + step;
        steps++;
        await frame();
        await frame();
        check();
      }
      const total = Number(table().getAttribute('data-total'));
      await until(() => document.querySelector('tr.pv-row[data-index="' + (total - 1) + '"]') ? true : null, 10000, 'the last row');
      check();
      return { steps, maxRows: state.maxRows, scrollHeight: box.scrollHeight };
    },
  };
})();`;
