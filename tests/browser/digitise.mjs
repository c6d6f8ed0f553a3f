// Digitisation in real headless Chromium (docs/digitisation.md): a clerk receives a dossier, attaches a scan to a
// component from the keyboard, marks it digitised and an electronic certified copy, is refused a renamed executable,
// reuses the scan on the same applicant's next dossier, records the electronic result; the citizen downloads it from
// the lookup page with the key.
// Usage: node digitise.mjs PATH/TO/motcua
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checker, start, watchErrors } from './harness.mjs';

const [bin] = process.argv.slice(2);
const { check, finish, scratch } = checker('digitise browser');
const { base, browser, stop } = await start(bin, 0);
const dir = scratch(mkdtempSync(join(tmpdir(), 'motcua-digitise-')));
const pdf = join(dir, 'cccd.pdf');
writeFileSync(pdf, '%PDF-1.4\n1 0 obj<</Title (CCCD)>>endobj\ntrailer<<>>\n%%EOF\n');
const result = join(dir, 'ket-qua.pdf');
writeFileSync(result, '%PDF-1.4\n1 0 obj<</Title (KET QUA)>>endobj\ntrailer<<>>\n%%EOF\n');
const fake = join(dir, 'scan.pdf');
writeFileSync(fake, readFileSync(bin).subarray(0, 65536));  // an executable renamed .pdf

// Receives a dossier for the applicant through the API with the page's session; returns {code, key}.
async function receive(page) {
  return page.evaluate(async () => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const list = await (await fetch('/api/v1/procedures?agency=000.21.40.H56')).json();
    const p = await (await fetch('/api/v1/procedures/' + list[0].code)).json();
    const r = await fetch('/api/v1/intakes', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify({ procedure_code: p.code, channel: 'direct', decision: 'receive',
        applicant: { name: 'Trần Thị Bích Ngọc', id_number: '038190004321', phone: '0903123456', address: '12 Lê Lợi' },
        components: p.components.map((c) => ({ component_id: c.id, originals: 1 })) }),
    });
    const d = (await r.json()).dossier;
    return { code: d.code, key: d.lookup_key };
  });
}

async function open(page, code) {
  await page.goto(`${base}/desk.html?open=${encodeURIComponent(code)}#queue`);  // a fresh load: the queue is read anew
  await page.waitForSelector(`#queue-table tbody tr[data-code="${code}"]`);
  await page.focus(`#queue-table tbody tr[data-code="${code}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#d-files tbody tr');
}

const message = (page) => page.textContent('#files-msg');

try {
  const clerk = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await clerk.newPage();
  // 401 before login and the 422 refusing the renamed executable are expected; anything else counts.
  const errors = watchErrors(page, '(401|422)');
  await page.goto(`${base}/desk.html`);
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#username', 'demo.clerk');
  await page.fill('#password', 'Demo-Clerk-2026!');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#intake:not([hidden])');

  const first = await receive(page);
  await open(page, first.code);
  const row = page.locator('#d-files tbody tr').first();
  check(await row.locator('input[type=checkbox]').first().isDisabled(), 'a component without a file cannot be marked digitised');

  // A renamed executable is refused by its content.
  await row.locator('input[type=file]').setInputFiles(fake);
  await page.waitForFunction(() => /PDF, JPEG|content/.test(document.getElementById('files-msg').textContent));
  check((await row.locator('td:nth-child(2) a').count()) === 0, 'the renamed executable is not attached: ' + (await message(page)));

  // The real scan goes in, then the marks, from the keyboard.
  await row.locator('input[type=file]').setInputFiles(pdf);
  await page.waitForFunction(() => document.querySelector('#d-files tbody tr td:nth-child(2) a'));
  check((await row.locator('td:nth-child(2) a').textContent()) === 'cccd.pdf', 'the scan is listed under its component');
  await row.locator('input[type=checkbox]').nth(1).focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelectorAll('#d-files tbody tr:first-child input[type=checkbox]:checked').length === 2);
  check(true, 'marking the certified copy marks it digitised too');
  const download = await Promise.all([page.waitForEvent('download'), row.locator('td:nth-child(2) a').click()]);
  check(download[0].suggestedFilename() === 'cccd.pdf', 'the scan downloads under its name');

  // The same applicant's next dossier reuses it.
  const second = await receive(page);
  await open(page, second.code);
  const pick = page.locator('#d-files tbody tr').first().locator('select');
  check(await pick.count() === 1, 'the earlier scan is offered for reuse');
  await pick.selectOption({ index: 1 });
  await page.waitForFunction(() => document.querySelector('#d-files tbody tr:first-child .badge'));
  check((await page.textContent('#d-files tbody tr:first-child')).includes(first.code), 'the reuse names the source dossier');

  // The result is ready: the electronic result is recorded.
  await open(page, first.code);
  check(await page.locator('#result-form').isHidden(), 'no electronic result before the result is ready');
  await page.click('#d-actions button[data-event="result_ready"]');
  await page.click('#event-form button[type=submit]');
  await page.waitForSelector('#result-form:not([hidden])');
  await page.fill('#er-number', '15/QĐ-UBND');
  await page.fill('#er-signer', 'Trần Quang Minh');
  await page.fill('#er-body', 'UBND phường Hạc Thành');
  await page.setInputFiles('#er-file', result);
  await page.press('#er-body', 'Enter');
  await page.waitForFunction(() => document.getElementById('result-current').textContent.includes('15/QĐ-UBND'));
  check(true, 'the electronic result is recorded');
  check(errors.length === 0, 'no console errors at the desk: ' + errors.join(' | '));

  // The citizen downloads it with the key.
  const citizen = await browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
  const phone = await citizen.newPage();
  const phoneErrors = watchErrors(phone);
  await phone.goto(`${base}/lookup.html?code=${encodeURIComponent(first.code)}&key=${first.key}`);
  await phone.waitForSelector('#e-result:not([hidden])');
  check((await phone.textContent('#e-result-text')).includes('15/QĐ-UBND'), 'the citizen sees the document number');
  const got = await Promise.all([phone.waitForEvent('download'), phone.click('#e-result-link')]);
  const saved = join(dir, 'got.pdf');
  await got[0].saveAs(saved);
  check(readFileSync(saved).toString() === readFileSync(result).toString(), 'the citizen downloads the same file');
  check(phoneErrors.length === 0, 'no console errors on the lookup page: ' + phoneErrors.join(' | '));
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await stop();
}
finish();
