// The supervisor's dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// log in, see the figures, the charts and the lists, with no console or CSP error; a clerk is told they may not.
// Usage: node dashboard.mjs PATH/TO/motcua [screenshot.png]
import { checker, start, watchErrors } from './harness.mjs';

const [bin, screenshot] = process.argv.slice(2);
const { check, finish } = checker('dashboard browser');
const { base, browser, stop } = await start(bin, 400);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // 401s are expected (the page asks who is logged in, and one login is wrong on purpose); anything else counts.
  const errors = watchErrors(page, 401);
  // The report calls the page makes (decision 0040: the trend is one call, the lists ask for their first rows).
  const calls = [];
  page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/v1/reports/')) calls.push(u.pathname + u.search); });
  await page.goto(base + '/dashboard.html');
  await page.waitForSelector('#login-panel:not([hidden])');
  check(true, 'login form shown');
  await page.fill('#username', 'demo.supervisor');
  await page.fill('#password', 'wrong-password-123');
  await page.click('#login button[type=submit]');
  await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
  check((await page.textContent('#login-error')).includes('Sai'), 'a wrong password is explained in Vietnamese');
  await page.fill('#password', 'Demo-Supervisor-2026!');
  await page.click('#login button[type=submit]');
  await page.waitForFunction(() => document.getElementById('computed').textContent.length > 0, null, { timeout: 20000 });
  const rate = await page.textContent('#kpi-rate');
  check(/\d/.test(rate) && rate.includes('%'), 'on-time rate shown: ' + rate);
  check(/\d/.test(await page.textContent('#kpi-resolved')), 'resolved count shown');
  const charts = await page.evaluate(() => ['trend', 'ranking'].map((id) => {
    const c = window.Chart.getChart(id);
    return c ? c.data.datasets[0].data.filter((x) => x !== null).length : -1;
  }));
  check(charts[0] > 0, 'the monthly trend has points: ' + charts[0]);
  check(charts[1] > 0, 'the agency ranking has bars: ' + charts[1]);
  check(await page.locator('#ranking-table tbody tr').count() > 0, 'ranking table rows');
  check(await page.locator('#status-table tbody tr').count() === 8, 'every status listed');
  check(await page.locator('#tttt-table tbody tr').count() === 3, 'the three TTTT (online payment) indicators are listed');
  check(await page.locator('#digitisation-indicators tbody tr').count() === 4, 'the four MDSH indicators listed');
  check(await page.locator('#digitisation-table tbody tr').count() > 0, 'digitisation counts per agency');
  check((await page.textContent('#scope')).includes('supervisor'), 'the scope line names the role');
  const timeliness = calls.filter((c) => c.startsWith('/api/v1/reports/timeliness?'));
  check(timeliness.length === 2 && timeliness.some((c) => c.includes('group_by=month')),
    'the trend is one call (group_by=month) beside the year by agency: ' + timeliness.join(' '));
  // The current year is judged up to today (office time): a dossier due later this year is not "Đang quá hạn" yet.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  check(timeliness.some((c) => c.includes('group_by=agency') && c.includes(`to=${today}`)),
    'the current year by agency runs to today: ' + timeliness.join(' '));
  check((await page.textContent('#computed')).includes(today.split('-').reverse().join('/')), 'the period stated ends today');
  check(calls.filter((c) => /^\/api\/v1\/reports\/(overdue|apologies)\?/.test(c)).every((c) => c.includes('limit=20')),
    'the lists ask for their first 20 rows: ' + calls.join(' '));
  const totals = await page.evaluate(async () => {
    const get = async (p) => (await fetch(p, { credentials: 'same-origin' })).json();
    const year = document.getElementById('year').value;
    const [overdue, near, apologies] = await Promise.all([get('/api/v1/reports/overdue'), get('/api/v1/reports/overdue?near_due=true'),
      get(`/api/v1/reports/apologies?from=${year}-01-01&to=${year}-12-31`)]);
    return { overdue: overdue.items.length, near: near.items.length, violations: apologies.violations.length };
  });
  check(Number((await page.textContent('#kpi-overdue')).replace(/\D/g, '')) === totals.overdue,
    `the overdue KPI is the whole list's total (${await page.textContent('#kpi-overdue')} / ${totals.overdue})`);
  check(await page.locator('#overdue-table tbody tr').count() === Math.min(20, totals.overdue), 'the overdue table shows the first rows');
  check(await page.locator('#near-table tbody tr').count() === Math.min(20, totals.near), 'the near-due table shows the first rows');
  check(await page.locator('#violations-table tbody tr').count() === Math.min(20, totals.violations), 'the violations table shows the first rows');
  check((await page.textContent('#overdue-more')).replace(/\D/g, '').endsWith(String(totals.overdue)), 'the overdue total is stated under the list');
  check(await page.getAttribute('#overdue-more a:last-child', 'href') === '/api/v1/reports/overdue?format=csv', 'the whole overdue list is offered as CSV');
  // Printed, the lists stay and the links go.
  await page.emulateMedia({ media: 'print' });
  check(await page.locator('#overdue-table').isVisible() && !(await page.locator('#overdue-more a').first().isVisible()),
    'printed: the overdue table is kept, its links are not');
  await page.emulateMedia({ media: 'screen' });
  check(errors.length === 0, 'no console errors (CSP included): ' + errors.join(' | '));
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

  // Drill-down: a figure of the ranking opens exactly the dossiers it counts.
  const link = page.locator('#ranking-table tbody tr:first-child a.drill').first();
  const figure = Number((await link.textContent()).replace(/\D/g, ''));
  await link.click();
  await page.waitForFunction(() => document.getElementById('computed').textContent.length > 0, null, { timeout: 20000 });
  const listed = await page.locator('#items tbody tr').count();
  check(figure > 0 && listed === figure, `the drill-down lists as many dossiers as the figure (${listed} / ${figure})`);
  check((await page.textContent('#title')).includes(String(figure)), 'the drill-down title states the count');
  check(/^\/api\/v1\/reports\/timeliness\/dossiers\?.*format=csv$/.test(new URL(await page.getAttribute('#csv', 'href'), base).pathname + new URL(await page.getAttribute('#csv', 'href'), base).search), 'a CSV of the same list is offered');
  check(errors.length === 0, 'no console errors on the drill-down: ' + errors.join(' | '));

  // A count by status opens the dossiers behind it, 50 a page.
  await page.goto(base + '/dashboard.html');
  await page.waitForFunction(() => document.getElementById('computed').textContent.length > 0, null, { timeout: 20000 });
  const returned = page.locator('#status-table tbody tr:last-child a.drill');
  const count = Number((await returned.textContent()).replace(/\D/g, ''));
  await returned.click();
  await page.waitForFunction(() => document.getElementById('title').textContent.includes('hồ sơ'), null, { timeout: 20000 });
  check(count > 0 && (await page.textContent('#title')).includes(`: ${count} hồ sơ`), `the status drill-down states the count (${count})`);
  check(await page.locator('#items tbody tr').count() === Math.min(50, count), 'the status drill-down lists its first page');
  check(errors.length === 0, 'no console errors on the status drill-down: ' + errors.join(' | '));

  // The dashboard's lists in full on the drill-down page, 50 a page: the year's violations.
  const year = new Date().getFullYear();
  await page.goto(`${base}/drilldown.html?list=violations&from=${year}-01-01&to=${year}-12-31`);
  await page.waitForFunction(() => document.getElementById('computed').textContent.length > 0, null, { timeout: 20000 });
  const violations = Number((await page.textContent('#title')).replace(/\D/g, ''));
  check(violations === totals.violations, `the violations drill-down states the whole list's total (${violations} / ${totals.violations})`);
  check(await page.locator('#items tbody tr').count() === Math.min(50, violations), 'the violations drill-down lists its first page');
  await page.goto(`${base}/drilldown.html?list=overdue`);
  await page.waitForFunction(() => document.getElementById('computed').textContent.length > 0, null, { timeout: 20000 });
  check(await page.locator('#items tbody tr').count() === Math.min(50, totals.overdue), 'the overdue drill-down lists its first page');
  check(errors.length === 0, 'no console errors on the list drill-downs: ' + errors.join(' | '));

  // A clerk has no reports.
  const clerk = await browser.newPage();
  await clerk.goto(base + '/dashboard.html');
  await clerk.waitForSelector('#login-panel:not([hidden])');
  await clerk.fill('#username', 'demo.clerk');
  await clerk.fill('#password', 'Demo-Clerk-2026!');
  await clerk.click('#login button[type=submit]');
  await clerk.waitForFunction(() => document.getElementById('scope').textContent.includes('quyền'), null, { timeout: 10000 });
  check(true, 'a clerk is told the reports are not theirs');

  // A report that fails after login is explained where the figures would be (not in the hidden login form).
  const failing = await browser.newPage();
  await failing.route('**/api/v1/reports/status-counts', (r) => r.fulfill({ status: 500, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'internal', message: 'lỗi thử nghiệm' } }) }));
  await failing.goto(base + '/dashboard.html');
  await failing.waitForSelector('#login-panel:not([hidden])');
  await failing.fill('#username', 'demo.supervisor');
  await failing.fill('#password', 'Demo-Supervisor-2026!');
  await failing.click('#login button[type=submit]');
  await failing.waitForFunction(() => document.getElementById('computed').textContent.length > 0, null, { timeout: 20000 });
  check((await failing.textContent('#computed')).includes('Không tải được số liệu: lỗi thử nghiệm'),
    'a failed report after login is explained under the figures: ' + (await failing.textContent('#computed')));
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await stop();
}
finish();
