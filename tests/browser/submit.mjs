// Online pre-submission in real headless Chromium: a citizen on a 360-px phone finds a procedure offered online,
// submits it without an account and gets the code and key, looks it up (status 1, no appointment yet); a clerk
// receives it from the desk's queue of online submissions (status 2, appointment shown); the citizen then sees the
// receipt and the appointment. A volunteer logged in submits on someone's behalf and lists only what they prepared.
// Usage: node submit.mjs PATH/TO/motcua [screenshot.png]
import { checker, start, watchErrors } from './harness.mjs';

const [bin, screenshot] = process.argv.slice(2);
const { check, finish } = checker('submit browser');
const { base, browser, stop } = await start(bin, 0);
try {
  // 1. The citizen, on a phone, from the catalogue's procedure page.
  const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const errors = watchErrors(phone, 401);  // /auth/me without a session answers 401 on purpose
  await phone.goto(`${base}/catalogue.html?code=1.004873`);
  await phone.waitForSelector('#p-submit:not([hidden])');
  await phone.click('#p-submit-link');
  await phone.waitForSelector('#submit-form:not([hidden])');
  check((await phone.textContent('#procedure')).includes('tình trạng hôn nhân'), 'the procedure is named');
  await phone.click('#b-submit');
  await phone.waitForFunction(() => document.getElementById('error').textContent !== '');
  check((await phone.textContent('#error')).includes('giấy tờ bắt buộc'), 'a missing required document is explained');
  for (const box of await phone.$$('#components input[type=checkbox]')) await box.check();
  // The application form, scanned: a small real PDF attached to the first component.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n'
    + 'trailer << /Root 1 0 R >>\n%%EOF\n');
  await (await phone.$('#components input[type=file]')).setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf });
  await phone.fill('#a-name', 'Trần Thị Bích Ngọc');
  await phone.fill('#a-id', '038190004321');
  await phone.fill('#a-phone', '0903123456');
  await phone.fill('#a-address', '12 Lê Lợi, phường Hạc Thành');
  await phone.click('#b-submit');
  await phone.waitForSelector('#sent:not([hidden])');
  const sent = await phone.textContent('#sent-text');
  const code = (sent.match(/000\.21\.40\.H56-\d{6}-\d{4}/) || [''])[0];
  const key = (sent.match(/Mã tra cứu: ([0-9A-Z]{10})/) || ['', ''])[1];
  check(code !== '' && key !== '', 'the code and the key are shown: ' + sent);
  check(sent.includes('Đã đính kèm 1 tệp'), 'the scan is attached: ' + sent);
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 360, 'the submission page fits a 360-px phone: ' + wide);

  // 2. The citizen looks it up: status 1, not received yet, no appointment.
  await phone.click('#sent-link');
  await phone.waitForSelector('#result:not([hidden])');
  check((await phone.textContent('#status-label')) === 'Đã nộp trực tuyến, chờ tiếp nhận', 'status 1 in words');
  check((await phone.textContent('#r-due')) === '—', 'no appointment before receipt');
  check((await phone.textContent('#r-received')).includes('Chưa tiếp nhận'), 'not received yet');
  check(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/.test(await phone.textContent('#r-submitted')), 'the submission time is shown');

  // 3. A clerk receives it from the desk's queue of online submissions.
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const deskErrors = watchErrors(desk, 401);
  await desk.goto(`${base}/desk.html#queue`);
  await desk.waitForSelector('#login:not([hidden])');
  await desk.fill('#username', 'demo.clerk');
  await desk.fill('#password', 'Demo-Clerk-2026!');
  await desk.click('#login button[type=submit]');
  await desk.waitForSelector(`#online-table tr[data-code="${code}"]`);
  check((await desk.textContent('#online-count')).startsWith('1 '), 'one online submission waiting');
  await desk.click(`#online-table tr[data-code="${code}"]`);
  await desk.waitForSelector('#dossier:not([hidden])');
  check((await desk.textContent('#d-service')).includes('Trực tuyến, tự nộp'), 'the record shows how the person was served');
  const files = await desk.evaluate(async (c) => (await fetch(`/api/v1/dossiers/${encodeURIComponent(c)}/files`)).text(), code);
  check(files.includes('to-khai.pdf'), 'the clerk finds the citizen\'s scan on the dossier');
  await desk.click('#d-actions button[data-event="receive"]');
  await desk.click('#event-form button[type=submit]');
  await desk.waitForFunction(() => document.getElementById('d-status').textContent === 'Đã tiếp nhận');
  const due = await desk.textContent('#d-due');
  check(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/.test(due), 'the appointment is shown once received: ' + due);
  await desk.waitForFunction(() => !document.querySelector('#online-table tbody tr'));
  check(true, 'the submission left the online queue');

  // 4. The citizen sees the receipt and the same appointment.
  await phone.reload();
  await phone.waitForSelector('#result:not([hidden])');
  check((await phone.textContent('#status-label')) === 'Đã tiếp nhận', 'received (status 2)');
  check((await phone.textContent('#r-due')) === due, 'the appointment the clerk saw');
  check((await phone.textContent('#timeline')).includes('Nộp hồ sơ trực tuyến'), 'the timeline starts with the submission');
  if (screenshot) await phone.screenshot({ path: screenshot, fullPage: true });

  // 5. A volunteer, logged in, submits on someone's behalf and sees what they prepared.
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const helper = await ctx.newPage();
  const helperErrors = watchErrors(helper, 401);
  const login = await helper.request.post(`${base}/api/v1/auth/login`, { data: { username: 'demo.volunteer', password: 'Demo-Volunteer-2026!' } });
  check(login.status() === 200, 'the volunteer logs in');
  await helper.goto(`${base}/submit.html?code=1.004873`);
  await helper.waitForSelector('#helper:not([hidden])');
  check((await helper.textContent('#helper')).includes('Tình nguyện viên'), 'the page says who submits on whose behalf');
  for (const box of await helper.$$('#components input[type=checkbox]')) await box.check();
  await helper.fill('#a-name', 'Lê Văn Hùng');
  await helper.fill('#a-id', '038190009999');
  await helper.fill('#a-phone', '0912345678');
  await helper.fill('#a-address', '5 Trần Phú, phường Hạc Thành');
  await helper.click('#b-submit');
  await helper.waitForSelector('#sent:not([hidden])');
  await helper.waitForSelector('#mine:not([hidden])');
  const mine = await helper.textContent('#mine-list');
  check(mine.includes('Lê Văn Hùng') && !mine.includes('Trần Thị Bích Ngọc'), 'the volunteer lists only what they prepared: ' + mine);

  check(errors.length === 0 && deskErrors.length === 0 && helperErrors.length === 0,
    'no console errors (CSP included): ' + [...errors, ...deskErrors, ...helperErrors].join(' | '));
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await stop();
}
finish();
