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

  // A clerk has no reports.
  const clerk = await browser.newPage();
  await clerk.goto(base + '/dashboard.html');
  await clerk.waitForSelector('#login-panel:not([hidden])');
  await clerk.fill('#username', 'demo.clerk');
  await clerk.fill('#password', 'Demo-Clerk-2026!');
  await clerk.click('#login button[type=submit]');
  await clerk.waitForFunction(() => document.getElementById('scope').textContent.includes('quyền'), null, { timeout: 10000 });
  check(true, 'a clerk is told the reports are not theirs');
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await stop();
}
finish();
