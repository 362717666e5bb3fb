/**
 * The revalidation desk in Chromium through the headless host: ten students scanned as a barcode
 * reader types (digits then Enter) while the Region is unreachable, revalidated with Enter, sent
 * once it is back; one class revalidated as a confirmed batch; the daily record exported as CSV and
 * read back. axe-core runs on each screen; screenshots go to tests/artifacts/.
 */
import { readFileSync } from 'node:fs';
import { type APIRequestContext } from '@playwright/test';
import { fr } from '../../renderer/i18n/fr';
import { expect, expectNoSeriousA11yViolations, openShell, test } from './fixtures';
import { type HostInfo } from './hostProcess';

async function setRegionOffline(request: APIRequestContext, host: HostInfo, offline: boolean): Promise<void> {
  if (!host.demoAdmin) throw new Error('[e2e] the host is not in demo mode: no simulator admin');
  const faults = host.demoAdmin.url.replace(/\/admin$/, '/faults');
  const response = await request.post(`${faults}/offline`, {
    headers: { Authorization: `Bearer ${host.demoAdmin.token}` },
    data: { args: [offline] },
  });
  expect(response.status()).toBe(200);
}

/** Splits one CSV line the way French Excel does (`;`, double quotes). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out;
}

test('revalidation desk: ten scans offline then sent, a class in one batch, the daily record as CSV', async ({
  page,
  host,
  callApi,
  request,
}) => {
  test.setTimeout(120_000);
  await openShell(page, host);
  await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.revalidation }).click();
  await expect(page.getByRole('heading', { level: 2, name: fr.revalidation.title })).toBeVisible();
  await expect(page.getByTestId('reval-year')).toContainText('2026-2027');
  await expectNoSeriousA11yViolations(page, 'Revalidation — guichet');
  await page.screenshot({ path: 'tests/artifacts/revalidation-desk.png', fullPage: true });

  const roster = await callApi('cards:roster', {
    filter: { revalidated: 'no', status: 'ACTIVE' },
    offset: 0,
    limit: 200,
  });
  const due = roster.rows.filter((r) => r.eligibility === 'DUE');
  const classes = new Map<string, number>();
  for (const r of due) if (r.classLabel) classes.set(r.classLabel, (classes.get(r.classLabel) ?? 0) + 1);
  const [batchClass] = [...classes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  expect(batchClass).toBeDefined();
  const students = due.filter((r) => r.classLabel !== batchClass).slice(0, 10);
  expect(students).toHaveLength(10);

  const field = page.getByTestId('desk-field');
  // A mistyped number first: the message says what was expected.
  await field.click();
  await page.keyboard.type('4000123');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('desk-problem')).toContainText('16 chiffres');

  await setRegionOffline(request, host, true);
  try {
    for (const student of students) {
      await field.fill('');
      await field.focus();
      await page.keyboard.type(student.cardNumber, { delay: 5 });
      await page.keyboard.press('Enter');
      const card = page.getByTestId('reval-card');
      await expect(card).toHaveAttribute('data-card-number', student.cardNumber);
      await expect(page.getByTestId('reval-submit')).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('desk-announcer')).toContainText(
        `${student.cardNumber} : Revalidation enregistrée`,
      );
      await expect(page.getByTestId('reval-card')).toHaveCount(0);
      await expect(field).toHaveValue('');
      await expect(field).toBeFocused();
    }
    // Scanned again: already done here, nothing queued.
    await field.fill('');
    await field.focus();
    await page.keyboard.type(students[0]!.cardNumber);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('reval-eligibility')).toHaveText(fr.revalidation.eligibility.ALREADY_THIS_YEAR);
    await expectNoSeriousA11yViolations(page, 'Revalidation — carte');
    await page.screenshot({ path: 'tests/artifacts/revalidation-card.png', fullPage: true });

    const pending = await callApi('revalidations:today');
    const mine = pending.revalidations.filter((r) => students.some((s) => s.cardNumber === r.cardNumber));
    expect(mine).toHaveLength(10);
    await page.getByTestId('sync-indicator').getByRole('button', { name: fr.sync.syncNow }).click();
    await expect(page.getByTestId('sync-state')).toHaveText(fr.sync.phase.offline, { timeout: 20_000 });
    expect(
      (await callApi('revalidations:today')).revalidations
        .filter((r) => mine.some((m) => m.id === r.id))
        .every((r) => r.state === 'PENDING'),
    ).toBe(true);
  } finally {
    await setRegionOffline(request, host, false);
  }
  await page.getByTestId('sync-indicator').getByRole('button', { name: fr.sync.syncNow }).click();
  await expect
    .poll(
      async () =>
        (await callApi('revalidations:today')).revalidations.filter(
          (r) => students.some((s) => s.cardNumber === r.cardNumber) && r.state === 'ACKED',
        ).length,
      { timeout: 30_000 },
    )
    .toBe(10);

  // One class in a confirmed batch.
  await page.getByRole('tab', { name: fr.revalidation.tabs.roster }).click();
  await page.getByTestId('roster-class').selectOption(batchClass!);
  await expect(page.getByTestId('roster-count')).not.toHaveText(fr.revalidation.roster.loading);
  await page.getByTestId('roster-select-all').click();
  await expect(page.getByTestId('roster-selected')).not.toHaveText(fr.revalidation.roster.selected('0'));
  await page.getByTestId('batch-class').fill('1re Bac Pro');
  await page.getByTestId('batch-submit').click();
  const dialog = page.getByRole('dialog', { name: fr.revalidation.roster.confirmTitle });
  await expect(dialog).toBeVisible();
  // axe reads colours as painted: wait for the dialog's fade-in to end before checking it.
  await expect.poll(() => dialog.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
  await expectNoSeriousA11yViolations(page, 'Revalidation — confirmation du lot');
  await page.getByTestId('batch-confirm').click();
  await expect(page.getByTestId('roster-announcer')).toContainText('enregistrée(s)');
  await expect(dialog).toBeHidden();
  await expectNoSeriousA11yViolations(page, 'Revalidation — liste des élèves');
  await page.screenshot({ path: 'tests/artifacts/revalidation-roster.png', fullPage: true });

  // The daily record, exported and read back.
  await page.getByRole('tab', { name: fr.revalidation.tabs.today }).click();
  await expect(page.getByTestId('today-revalidations')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Revalidation — registre du jour');
  await page.screenshot({ path: 'tests/artifacts/revalidation-today.png', fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('today-export').click()]);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes
    .subarray(3)
    .toString('utf8')
    .split('\r\n')
    .filter((l) => l !== '');
  const header = csvFields(lines[0]!);
  expect(header.slice(0, 4)).toEqual(['Heure', 'Opération', 'Numéro de carte', 'Numéro de dossier']);
  const rows = lines.slice(1).map(csvFields);
  for (const student of students) {
    const row = rows.find((r) => r[2] === student.cardNumber);
    expect(row?.[1]).toBe('Revalidation');
    expect(row?.[header.indexOf('État')]).toBe('Acceptée par la Région');
  }
  expect(rows.filter((r) => r[8] === '1re Bac Pro').length).toBeGreaterThan(0);
});

test('a revalidation done elsewhere meanwhile shows on the Conflits page and is dismissed after follow-up', async ({
  page,
  host,
  callApi,
  simAdmin,
}) => {
  test.setTimeout(60_000);
  const roster = await callApi('cards:roster', {
    filter: { revalidated: 'no', status: 'ACTIVE' },
    offset: 0,
    limit: 200,
  });
  // The last due card: the desk scenario above takes its students from the top of the list.
  const card = roster.rows.filter((r) => r.eligibility === 'DUE').at(-1);
  expect(card).toBeDefined();
  const recorded = await callApi('revalidations:record', {
    cardNumber: card!.cardNumber,
    training: { type: 'LYCEE', classLabel: '1re générale' },
  });
  expect(recorded.outcome).toBe('RECORDED');
  // Another establishment revalidates the card before this desk's revalidation is sent: a 409.
  await simAdmin('revalidateElsewhere', card!.cardNumber, '0620099W');
  await callApi('sync:run');
  await expect
    .poll(async () => (await callApi('revalidations:problems')).items.map((p) => p.cardNumber), { timeout: 20_000 })
    .toContain(card!.cardNumber);

  await openShell(page, host);
  await page.getByRole('navigation', { name: fr.nav.label }).getByRole('link', { name: fr.nav.conflicts }).click();
  const section = page.getByTestId('revalidation-problems');
  await expect(section.getByRole('heading', { name: fr.conflicts.revalidations.title })).toBeVisible();
  const item = section.getByRole('listitem').filter({ hasText: card!.cardNumber });
  await expect(item).toContainText(/autre établissement/);
  await expectNoSeriousA11yViolations(page, 'Conflits — revalidations');
  await page.screenshot({ path: 'tests/artifacts/revalidation-conflict.png', fullPage: true });

  const dismiss = item.getByRole('button', { name: fr.conflicts.revalidations.dismissLabel(card!.cardNumber) });
  await dismiss.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('conflicts-announcer')).toContainText(
    fr.conflicts.revalidations.dismissed(card!.cardNumber),
  );
  await expect(section.getByRole('listitem').filter({ hasText: card!.cardNumber })).toHaveCount(0);
  expect((await callApi('revalidations:problems')).items.map((p) => p.cardNumber)).not.toContain(card!.cardNumber);
});
