// The citizen's status lookup in real headless Chromium on a 360-px-wide phone: the receipt's link (?code=&key=)
// opens the status, what to bring after a supplementation request, and the apology's new date; a wrong key is
// explained without revealing anything. Usage: node lookup.mjs PATH/TO/motcua [screenshot.png]
import { checker, start, watchErrors } from './harness.mjs';

const [bin, screenshot] = process.argv.slice(2);
const { check, finish } = checker('lookup browser');
const { base, browser, stop } = await start(bin, 0);
async function api(method, path, body, session) {
  const headers = { 'Content-Type': 'application/json' };
  if (session) { headers.Cookie = session.cookie; headers['X-CSRF-Token'] = session.csrf; }
  const r = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null, cookie: (r.headers.get('set-cookie') || '').split(';')[0] };
}
try {
  // A clerk receives a dossier and asks for a supplement, then apologises with a new date.
  const login = await api('POST', '/api/v1/auth/login', { username: 'demo.clerk', password: 'Demo-Clerk-2026!' });
  const session = { cookie: login.cookie, csrf: login.json.csrf_token };
  const proc = (await api('GET', '/api/v1/procedures/1.001193')).json;
  const intake = await api('POST', '/api/v1/intakes', {
    procedure_code: proc.code, channel: 'direct', decision: 'receive',
    applicant: { name: 'Trần Thị Bích Ngọc', id_number: '038190004321', phone: '0903123456', address: '12 Lê Lợi' },
    components: proc.components.map((c) => ({ component_id: c.id, originals: c.originals, copies: c.copies, certified_copies: c.certified_copies })),
  }, session);
  check(intake.status === 201, 'intake ' + intake.status);
  const { code, lookup_key: key } = intake.json.dossier;
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const errors = watchErrors(page, 404);  // the wrong-key lookup answers 404 on purpose
  await page.goto(`${base}/lookup.html?code=${encodeURIComponent(code)}&key=${encodeURIComponent(key)}`);
  await page.waitForSelector('#result:not([hidden])');
  check((await page.textContent('#status-label')) === 'Đã tiếp nhận', 'status in Vietnamese');
  check((await page.textContent('#procedure')).includes('khai sinh'), 'procedure name shown');
  check(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/.test(await page.textContent('#r-due')), 'appointment as dd/mm/yyyy HH:mm');
  const body = await page.textContent('body');
  check(!body.includes('038190004321') && !body.includes('0903123456'), 'no personal data on the page');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 360, 'fits a 360-px phone without sideways scrolling: ' + wide);

  await api('POST', `/api/v1/dossiers/${code}/events`, { type: 'request_supplement', reason: 'Thiếu giấy tờ', items: ['Giấy chứng sinh (bản chính)'] }, session);
  await page.reload();
  await page.waitForSelector('#supplement:not([hidden])');
  check((await page.textContent('#supplement-items')).includes('Giấy chứng sinh'), 'what to bring is listed');
  await api('POST', `/api/v1/dossiers/${code}/events`, { type: 'supplement_received' }, session);
  await api('POST', `/api/v1/dossiers/${code}/events`, { type: 'apologize', reason: 'Cần xác minh thêm', signer: 'Trần Quang Minh', new_due_at: '2027-01-29T17:00:00+07:00' }, session);
  await page.reload();
  await page.waitForSelector('#apology:not([hidden])');
  check((await page.textContent('#apology-text')).includes('29/01/2027 17:00'), 'the apology gives the new date');
  check(!(await page.textContent('body')).includes('Trần Quang Minh'), 'no staff name on the public page');
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

  await page.goto(`${base}/lookup.html`);
  await page.fill('#code', code);
  await page.fill('#key', 'WRONGKEY99');
  await page.click('#lookup-form button');
  await page.waitForFunction(() => document.getElementById('error').textContent.length > 0);
  check((await page.textContent('#error')).includes('Không tìm thấy'), 'a wrong key is explained');
  check(await page.isHidden('#result'), 'and nothing is shown');
  check(errors.length === 0, 'no console errors (CSP included): ' + errors.join(' | '));
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await stop();
}
finish();
