// The supervisor's dashboard in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// log in, see the figures, the charts and the lists, with no console or CSP error; a clerk is told they may not.
// Usage: node dashboard.mjs PATH/TO/motcua [screenshot.png]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../oracle/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [bin, screenshot] = process.argv.slice(2);
let failures = 0, checks = 0;
const check = (ok, message) => { if (ok) checks++; else { failures++; console.log('FAIL: ' + message); } };

const dir = mkdtempSync(join(tmpdir(), 'motcua-browser-'));
const db = join(dir, 'm.db');
execFileSync(bin, ['demo', '--db', db, '--dossiers', '400']);
const port = await new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:' + port], { stdio: 'ignore' });
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  for (let i = 0; i < 100; i++) { try { await fetch(base + '/healthz'); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  // 401s are expected (the page asks who is logged in, and one login is wrong on purpose); anything else counts.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
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
  check((await page.textContent('#scope')).includes('supervisor'), 'the scope line names the role');
  check(errors.length === 0, 'no console errors (CSP included): ' + errors.join(' | '));
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

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
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(`dashboard browser: ${checks} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
