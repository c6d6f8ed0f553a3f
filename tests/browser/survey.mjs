// The citizen's rating and survey in real headless Chromium on a 360-px-wide phone: the lookup page links to them
// once the result is returned, the survey answers reach the report, a second response is refused, and the
// supervisor's satisfaction page shows the index with its sample size and interval.
// Usage: node survey.mjs PATH/TO/motcua [screenshot.png]
import { checker, start, watchErrors } from './harness.mjs';

const [bin, screenshot] = process.argv.slice(2);
const { check, finish } = checker('survey browser');
const { base, browser, stop } = await start(bin, 0);
async function api(method, path, body, session) {
  const headers = { 'Content-Type': 'application/json' };
  if (session) { headers.Cookie = session.cookie; headers['X-CSRF-Token'] = session.csrf; }
  const r = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null, cookie: (r.headers.get('set-cookie') || '').split(';')[0] };
}
try {
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
  await api('POST', `/api/v1/dossiers/${code}/events`, { type: 'result_ready' }, session);
  const back = await api('POST', `/api/v1/dossiers/${code}/events`, { type: 'return_result', method: 'counter' }, session);
  check(back.status === 201, 'returned ' + back.status);

  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const errors = watchErrors(page, 409);  // the second response is refused on purpose
  await page.goto(`${base}/lookup.html?code=${encodeURIComponent(code)}&key=${encodeURIComponent(key)}`);
  await page.waitForSelector('#survey-link');
  check((await page.getAttribute('#survey-link', 'href')).includes(`key=${encodeURIComponent(key)}`), 'the lookup links to the survey with the key');

  // The rating first: three levels and a comment.
  await page.click('#rate-link');
  await page.waitForSelector('#rating-form:not([hidden])');
  await page.check('input[value="very_satisfied"]');
  await page.fill('#comment', 'Cán bộ hướng dẫn tận tình');
  await page.click('#submit');
  await page.waitForSelector('#done:not([hidden])');
  check((await page.textContent('#done-title')).includes('Cảm ơn'), 'the rating is thanked in Vietnamese');

  // Then the survey, from the rating page's link.
  await page.click('#survey-link');
  await page.waitForSelector('#survey-form:not([hidden])');
  check((await page.textContent('h1')) === 'Khảo sát mức độ hài lòng', 'Vietnamese by default');
  check((await page.$$('#elements fieldset')).length === 5, 'five SIPAS elements');
  check((await page.$$('.scale')).length === 19, '19 criteria, each on the 5-level scale');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 360, 'fits a 360-px phone without sideways scrolling: ' + wide);
  await page.click('#lang');
  check((await page.textContent('h1')) === 'Satisfaction survey', 'English on request');
  check((await page.textContent('#elements legend')).includes('Access'), 'element names in English');
  await page.click('#lang');
  check((await page.textContent('#elements legend')).includes('Tiếp cận'), 'and back to Vietnamese');
  // Answer the first twelve criteria (5 for the first element, 4 elsewhere, 2 for q21), leave the rest blank.
  const names = await page.$$eval('.scale input[value="1"]', (inputs) => inputs.map((i) => i.name));
  for (const [i, name] of names.slice(0, 12).entries()) await page.check(`input[name="${name}"][value="${i < 4 ? 5 : i === 6 ? 2 : 4}"]`);
  await page.check('#expectations input[value="digital"]');
  await page.check('#expectations input[value="attitude"]');
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.click('#submit');
  await page.waitForSelector('#thanks:not([hidden])');
  check(await page.isHidden('#survey-form'), 'the form is replaced by thanks');

  // A second response for the same dossier is refused and explained.
  await page.goto(`${base}/survey.html?code=${encodeURIComponent(code)}&key=${encodeURIComponent(key)}`);
  await page.waitForSelector('#survey-form:not([hidden])');
  await page.check(`input[name="${names[0]}"][value="3"]`);
  await page.click('#submit');
  await page.waitForFunction(() => document.getElementById('error').textContent.length > 0);
  check((await page.textContent('#error')).includes('đã có phiếu'), 'one response per dossier is explained');

  // The supervisor sees it: n = 1, flagged as a small sample, with an interval.
  const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  const desk = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const deskErrors = watchErrors(desk, 401);
  await desk.goto(`${base}/satisfaction.html`);
  await desk.waitForSelector('#login-panel:not([hidden])');
  await desk.fill('#username', 'demo.supervisor');
  await desk.fill('#password', 'Demo-Supervisor-2026!');
  await desk.click('#login button');
  await desk.waitForSelector('#content:not([hidden])');
  await desk.fill('#from', today.slice(0, 4) + '-01-01');
  await desk.fill('#to', today);
  await desk.click('#period button');
  await desk.waitForFunction(() => document.getElementById('kpi-n').textContent === '1');
  // 12 answers (q15–q26): access 4 of 4 satisfied = 100, procedures 3 of 4 (q21 = 2) = 75, civil servants 4 of 4
  // answered = 100 (q27 blank), results and feedback unanswered → (100 + 75 + 100) / 3 = 91.7.
  check((await desk.textContent('#kpi-index')).startsWith('91,7'), 'the overall index: ' + await desk.textContent('#kpi-index'));
  check((await desk.textContent('#kpi-ci')).includes('0–100'), 'one respondent: the interval is the whole range');
  check((await desk.textContent('#rows-table')).includes('Mẫu nhỏ'), 'a one-response group is flagged');
  check((await desk.textContent('#expectations-table')).includes('chuyển đổi số'), 'the expectations ranking');
  check((await desk.textContent('#kpi-rating')).startsWith('100'), 'the rating counts');
  check(await desk.evaluate(() => !!Chart.getChart('trend')), 'the trend chart is drawn');

  // A kiosk tablet at the centre: anonymous, and ready for the next citizen after each response.
  await page.goto(`${base}/survey.html?kiosk=1&agency=000.21.40.H56`);
  await page.waitForSelector('#survey-form:not([hidden])');
  check(!(await page.textContent('#dossier')), 'the kiosk form names no dossier');
  await page.check(`input[name="${names[0]}"][value="4"]`);
  await page.click('#submit');
  await page.waitForSelector('#thanks:not([hidden])');
  check(await page.isVisible('#again'), 'the kiosk offers a new form');
  await page.click('#again');
  check(await page.isVisible('#survey-form') && (await page.$$('.scale input:checked')).length === 0, 'a fresh, empty form');
  check(errors.length === 0 && deskErrors.length === 0, 'no console errors (CSP included): ' + [...errors, ...deskErrors].join(' | '));
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await stop();
}
finish();
