// The clerk's desk and the printed forms in real headless Chromium, as one journey: a clerk logs in, receives a
// walk-in dossier with the keyboard and prints the receipt; the receipt's QR code, decoded from a screenshot with
// zbarimg, opens the citizen's status page on a phone; the clerk asks for a supplement and the citizen sees what to
// bring; the dossier is late, the clerk apologises with a new date and the citizen sees it; the clerk returns the
// result. Also: inline validation, the refusal slip, the work queue's order and marks, the process control slip,
// the tracking book, the 2018 form set for an old dossier, and the English toggle.
// Usage: node desk.mjs PATH/TO/motcua [screenshot-dir]
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checker, start, watchErrors } from './harness.mjs';

const [bin, shotsArg] = process.argv.slice(2);
const { check, finish, scratch } = checker('desk browser');
// Screenshots go where asked (kept), or to a scratch directory removed after a passing run.
const shots = shotsArg || scratch(mkdtempSync(join(tmpdir(), 'motcua-desk-')));
const { base, browser, stop } = await start(bin, 400);

async function printed(context, click) {
  const [tab] = await Promise.all([context.waitForEvent('page'), click()]);
  await tab.waitForFunction(() => document.body.dataset.ready);
  check((await tab.getAttribute('body', 'data-ready')) === 'true', 'the form is filled: ' + (await tab.textContent('#error')));
  return tab;
}

try {
  const clerk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await clerk.newPage();
  const errors = watchErrors(page, 401);  // /auth/me before login answers 401 on purpose
  await page.goto(`${base}/desk.html`);
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#username', 'demo.clerk');
  await page.fill('#password', 'wrong password!');
  await page.press('#password', 'Enter');
  await page.waitForFunction(() => document.getElementById('login-error').textContent !== '');
  check((await page.textContent('#login-error')).includes('không đúng'), 'a wrong password is refused in words');
  await page.fill('#password', 'Demo-Clerk-2026!');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#intake:not([hidden])');
  check((await page.textContent('#who')).includes('000.21.40.H56'), 'the clerk and the agency are shown');

  // --- Intake of a walk-in dossier, from the keyboard.
  const started = Date.now();
  await page.focus('#proc-search');
  await page.keyboard.type('khai sinh');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#checklist tbody tr');
  await page.waitForFunction(() => document.getElementById('preview').textContent.length > 0);
  check(/\d\d\/\d\d\/\d{4} \d\d:\d\d/.test(await page.textContent('#preview')), 'live appointment preview as dd/mm/yyyy HH:mm: ' + (await page.textContent('#preview')));
  check(await page.evaluate(() => document.activeElement.classList.contains('handed')), 'Enter moves on to the checklist');
  for (let i = 0; i < 3; i++) { await page.keyboard.press('Space'); for (let k = 0; k < 4; k++) await page.keyboard.press('Tab'); }
  await page.fill('#a-name', 'Trần Thị Bích Ngọc');
  await page.fill('#a-id', '03819000432');
  await page.press('#a-id', 'Tab');
  check((await page.textContent('#a-id + small')).includes('12 chữ số'), 'inline validation explains the ID number rule');
  check((await page.getAttribute('#a-id', 'aria-invalid')) === 'true', 'and marks the field');
  await page.fill('#a-id', '038190004321');
  await page.press('#a-id', 'Tab');
  check((await page.textContent('#a-id + small')) === '', 'the message goes once the field is right');
  await page.fill('#a-phone', '0903123456');
  await page.fill('#a-address', '12 Lê Lợi, phường Hạc Thành');
  await page.screenshot({ path: `${shots}/desk-intake.png`, fullPage: true });
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#intake-done:not([hidden])');
  const seconds = (Date.now() - started) / 1000;
  check(seconds < 60, `the walk-in dossier took ${seconds.toFixed(1)} s`);
  const done = await page.textContent('#done-text');
  const [, code, key] = /hồ sơ (\S+)\. Mã tra cứu: (\S+)\./.exec(done) || [];
  check(Boolean(code && key), 'the receipt answer names the code and the lookup key: ' + done);

  // --- The printed receipt, its QR decoded from the screenshot.
  const receipt = await printed(clerk, () => page.click('#done-print'));
  await receipt.emulateMedia({ media: 'print' });
  await receipt.setViewportSize({ width: 794, height: 1123 });  // A4 at 96 dpi
  const receiptText = await receipt.textContent('#sheet');
  check(receiptText.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM') && receiptText.includes('Độc lập - Tự do - Hạnh phúc'), 'the national motto');
  check((await receipt.textContent('#title')) === 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', 'the receipt title');
  check((await receipt.textContent('#form-no')).includes('Mẫu số 01') && (await receipt.getAttribute('#sheet', 'data-set')) === '2025', 'form 01 of the 2025 set for a dossier received today');
  check(/Số: \d{4}\/TTPVHCC\(BPTNTKQ\)/.test(await receipt.textContent('#number')), 'the document number with its suffix');
  check(/Hạc Thành, ngày \d\d tháng \d\d năm \d{4}/.test(await receipt.textContent('#place-date')), 'place and date');
  check(receiptText.includes(code) && receiptText.includes(key) && receiptText.includes('038190004321'), 'code, key and applicant on the slip');
  check(/5\. Thời gian trả kết quả giải quyết hồ sơ: \d\d giờ \d\d phút, ngày \d\d\/\d\d\/\d{4}/.test(receiptText), 'the appointment as hh:mm dd/mm/yyyy');
  const receiptPng = `${shots}/receipt-print.png`;
  await receipt.screenshot({ path: receiptPng, fullPage: true });
  const decoded = execFileSync('zbarimg', ['--raw', '-q', receiptPng], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  const expected = `${base}/lookup.html?code=${encodeURIComponent(code)}&key=${encodeURIComponent(key)}`;
  check(decoded === expected, `the printed QR decodes to the lookup link: ${decoded}`);
  await receipt.close();

  // --- The citizen scans it on a phone.
  const citizen = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const phone = await citizen.newPage();
  const phoneErrors = watchErrors(phone);
  await phone.goto(decoded);
  await phone.waitForSelector('#result:not([hidden])');
  check((await phone.textContent('#status-label')) === 'Đã tiếp nhận', 'the QR link opens the right dossier, received');
  check((await phone.textContent('#r-code')) === code, 'with its code');

  // --- The queue: sorted by due, overdue and near-due marked; the clerk asks for a supplement.
  // A 4-working-hour procedure received now is due within one working day, whenever it is received.
  const quick = await page.evaluate(async () => {
    const { csrf_token: csrf } = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch('/api/v1/intakes', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify({
      procedure_code: '2.000815', decision: 'receive', applicant: { name: 'Phạm Minh Đức', id_number: '038190009876', phone: '0987654321', address: '3 Bà Triệu' },
      components: [{ component_id: 'c1', originals: 1 }] }) });
    return (await r.json()).dossier?.code;
  });
  check(Boolean(quick), 'a four-hour dossier is received for the near-due mark');
  await page.click('#b-new');
  await page.click('#tabs a[data-tab=queue]');
  await page.waitForSelector(`#queue-table tr[data-code="${code}"]`);
  const dues = await page.$$eval('#queue-table tbody tr', (trs) => trs.map((tr) => tr.cells[4].textContent));
  const sortable = dues.map((d) => d.replace(/(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d)/, '$3$2$1$4$5'));
  check(sortable.every((d, i) => i === 0 || sortable[i - 1] <= d), 'the queue is sorted by due');
  const overdue = await page.$$eval('#queue-table tr.overdue', (l) => l.length);
  check(overdue > 0, `overdue dossiers are marked (${overdue} of ${dues.length})`);
  check(await page.$$eval('#queue-table tr.overdue .badge.overdue', (l) => l.length) === overdue, 'with a visible badge');
  check(await page.$eval(`#queue-table tr[data-code="${quick}"]`, (tr) => tr.classList.contains('near') && tr.textContent.includes('Sắp đến hạn')), 'a dossier due within one working day is marked near-due');
  check(!(await page.$eval(`#queue-table tr[data-code="${code}"]`, (tr) => tr.classList.contains('overdue'))), 'a dossier received today is not marked overdue');
  await page.screenshot({ path: `${shots}/desk-queue.png` });
  const act = async (event, fill, target = code) => {
    await page.click(`#queue-table tr[data-code="${target}"]`);
    await page.waitForFunction((c) => document.getElementById('d-code').textContent === c, target);
    await page.waitForSelector(`#d-actions button[data-event=${event}]`);
    await page.click(`#d-actions button[data-event=${event}]`);
    if (fill) await fill();
    await page.click('#event-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('event-msg').textContent.length > 0);
    const msg = await page.textContent('#event-msg');
    check(msg.startsWith('Đã ghi nhận'), `${event} recorded: ${msg}`);
  };
  await act('request_supplement', async () => {
    await page.fill('#e-items', 'Giấy chứng sinh (bản chính)\nSổ hộ khẩu (bản sao)');
    await page.fill('#e-reason', 'Giấy chứng sinh bị mờ');
  });
  await phone.reload();
  await phone.waitForSelector('#supplement:not([hidden])');
  check((await phone.textContent('#supplement-items')).includes('Giấy chứng sinh (bản chính)'), 'the citizen sees what to bring');
  await phone.screenshot({ path: `${shots}/phone-supplement.png`, fullPage: true });
  const supplementSlip = await printed(clerk, () => page.click('#d-prints a[href*="form=supplement"]'));
  check((await supplementSlip.textContent('#title')) === 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', 'form 02 prints');
  check((await supplementSlip.$$eval('#body ol li', (l) => l.length)) === 2, 'with the numbered list of items');
  await supplementSlip.screenshot({ path: `${shots}/supplement-print.png`, fullPage: true });
  await supplementSlip.close();

  // --- Late: the clerk apologises with a new date; the citizen sees it.
  await act('supplement_received');
  await act('apologize', async () => {
    await page.fill('#e-reason', 'Cần xác minh thông tin với cơ quan khác');
    await page.fill('#e-signer', 'Lê Văn Hùng');
    await page.fill('#e-new_due_at', '2027-01-29T16:30');
  });
  await phone.reload();
  await phone.waitForSelector('#apology:not([hidden])');
  check((await phone.textContent('#apology-text')).includes('29/01/2027 16:30'), 'the citizen sees the new date');
  await phone.screenshot({ path: `${shots}/phone-apology.png`, fullPage: true });
  const apology = await printed(clerk, () => page.click('#d-prints a[href*="form=apology"]'));
  check((await apology.textContent('#title')) === 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', 'form 04 of the 2025 set');
  const apologyText = await apology.textContent('#sheet');
  check(apologyText.includes('16 giờ 30 phút, ngày 29/01/2027') && apologyText.includes('Lê Văn Hùng'), 'with the new date and the signer');
  await apology.screenshot({ path: `${shots}/apology-print.png`, fullPage: true });
  await apology.close();

  // --- Processing and return.
  await act('handover', async () => page.fill('#e-to_unit', 'Công chức Tư pháp - Hộ tịch'));
  await act('result_ready');
  await act('return_result', async () => page.selectOption('#e-method', 'counter'));
  await page.screenshot({ path: `${shots}/desk-dossier.png`, fullPage: true });
  await phone.reload();
  await phone.waitForSelector('#result:not([hidden])');
  check((await phone.textContent('#status-label')) === 'Đã trả kết quả', 'the citizen sees the result returned');
  await phone.click('.lang-toggle');
  check((await phone.textContent('#status-label')) === 'Result returned' && (await phone.textContent('h1')) === 'Track your dossier', 'the lookup page in English on request');
  await phone.screenshot({ path: `${shots}/phone-returned-en.png`, fullPage: true });
  await phone.click('.lang-toggle');
  const controlSlip = await printed(clerk, () => page.click('#d-prints a[href*="form=control"]'));
  check((await controlSlip.textContent('#form-no')).includes('Mẫu số 06'), 'the control slip is form 06 of the 2025 set');
  const handovers = await controlSlip.$$eval('#body tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));
  check(handovers.length === 3 && handovers[0].includes('Công chức Tư pháp - Hộ tịch'), 'one row per hand-over: ' + handovers.join(' | '));
  await controlSlip.screenshot({ path: `${shots}/control-print.png`, fullPage: true });
  await controlSlip.close();

  // --- The four-hour dossier is stopped: the 2025 set's stop notice (form 05).
  await act('stop', async () => page.fill('#e-reason', 'Người nộp đề nghị dừng để bổ sung giấy tờ khác'), quick);
  const stopNotice = await printed(clerk, () => page.click('#d-prints a[href*="form=stop"]'));
  check((await stopNotice.textContent('#title')) === 'Thông báo dừng giải quyết hồ sơ' && (await stopNotice.textContent('#form-no')).includes('Mẫu số 05 — Phụ lục I'), 'a stop prints the 2025 stop notice, form 05');
  check((await stopNotice.textContent('#sheet')).includes('Người nộp đề nghị dừng để bổ sung giấy tờ khác'), 'with the reason');
  await stopNotice.close();

  // --- A refusal at the counter prints form 03 from what was recorded.
  await page.click('#tabs a[data-tab=intake]');
  await page.fill('#proc-search', 'ho tich');
  await page.press('#proc-search', 'Enter');
  await page.waitForSelector('#checklist tbody tr');
  await page.fill('#a-name', 'Nguyễn Văn An');
  await page.fill('#a-id', '038190001234');
  await page.fill('#a-phone', '+84912345678');
  await page.fill('#a-address', '5 Trần Phú');
  await page.fill('#o-reason', 'Thủ tục không thuộc thẩm quyền của phường');
  await page.click('#b-refuse');
  await page.waitForSelector('#intake-done:not([hidden])');
  const refusal = await printed(clerk, () => page.click('#done-print'));
  check((await refusal.textContent('#title')) === 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', 'form 03 prints after a refusal');
  check((await refusal.textContent('#sheet')).includes('Thủ tục không thuộc thẩm quyền của phường'), 'with the specific reason');
  await refusal.screenshot({ path: `${shots}/refusal-print.png`, fullPage: true });
  await refusal.close();

  // --- An old dossier prints on the 2018 set.
  const old = await page.evaluate(async () => (await (await fetch('/api/v1/dossiers?agency=000.21.40.H56')).json()).items.find((d) => d.received_at < '2025-07-01'));
  check(Boolean(old), 'the demo has a dossier received under the 2018 rules');
  if (old) {
    const oldSlip = await clerk.newPage();
    await oldSlip.goto(`${base}/print/form.html?form=control&code=${encodeURIComponent(old.code)}`);
    await oldSlip.waitForFunction(() => document.body.dataset.ready);
    check((await oldSlip.getAttribute('#sheet', 'data-set')) === '2018' && (await oldSlip.textContent('#form-no')).includes('Mẫu số 05 — Thông tư số 01/2018/TT-VPCP'), 'its control slip is form 05 of the 2018 set');
    await oldSlip.close();
  }

  // --- Between Decree 118 (1/7/2025) and the configured switch to the 2025 forms (15/9/2025) the 2018 set is kept.
  const between = await page.evaluate(async () => {
    for (let page = 1; page < 40; page++) {
      const r = await (await fetch(`/api/v1/dossiers?agency=000.21.40.H56&due_before=2025-12-31&page=${page}`)).json();
      const found = r.items.find((d) => d.received_at >= '2025-07-01' && d.received_at < '2025-09-15');
      if (found || r.items.length === 0) return found;
    }
    return undefined;
  });
  check(Boolean(between) && between.rule_set === 'decree-118-2025', 'the demo has a dossier under Decree 118 received before the forms changed');
  if (between) {
    const slip = await clerk.newPage();
    await slip.goto(`${base}/print/form.html?form=receipt&code=${encodeURIComponent(between.code)}`);
    await slip.waitForFunction(() => document.body.dataset.ready);
    check((await slip.getAttribute('#sheet', 'data-set')) === '2018', 'its receipt prints on the 2018 set (config.json form_set_2025_from)');
    await slip.close();
  }

  // --- The tracking book of the field for this month lists today's dossier.
  await page.click('#tabs a[data-tab=book]');
  await page.selectOption('#book-field', 'Hộ tịch');
  const book = await printed(clerk, () => page.click('#book-form button[type=submit]'));
  check((await book.textContent('#title')) === 'Sổ theo dõi hồ sơ' && (await book.textContent('#form-no')).includes('Mẫu số 07'), 'the tracking book, form 07');
  const bookCodes = await book.$$eval('#body tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
  check(bookCodes.includes(code), `today's dossier is in the book (${bookCodes.length} rows)`);
  const bookRow = await book.$eval(`#body tbody tr:nth-child(${bookCodes.indexOf(code) + 1})`, (tr) => [...tr.cells].map((c) => c.textContent));
  check(bookRow[9] === 'Trực tiếp tại Bộ phận Một cửa', 'with the return method');
  await book.screenshot({ path: `${shots}/book-print.png` });
  await book.close();

  // --- English on request, kept after a reload.
  await page.click('#tabs a[data-tab=intake]');
  await page.click('.lang-toggle');
  check((await page.textContent('#tabs a[data-tab=intake]')) === 'Intake', 'English on request');
  await page.screenshot({ path: `${shots}/desk-intake-en.png`, fullPage: true });
  await page.reload();
  await page.waitForSelector('#tabs:not([hidden])');
  check((await page.textContent('#tabs a[data-tab=queue]')) === 'Work queue', 'and kept after a reload');
  await page.click('.lang-toggle');
  check(errors.length === 0, 'no console errors on the desk (CSP included): ' + errors.join(' | '));
  check(phoneErrors.length === 0, 'no console errors on the phone: ' + phoneErrors.join(' | '));
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await stop();
}
finish();
