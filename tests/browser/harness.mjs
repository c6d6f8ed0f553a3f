// Shared set-up of the browser tests: a demo database, `motcua serve` on a free loopback port, Debian's Chromium
// driven by playwright-core (never a downloaded browser), and a check counter that prints the closing line.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../oracle/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export function checker(name) {
  let failures = 0, checks = 0;
  const scratchDirs = [];
  return {
    check: (ok, message) => { if (ok) checks++; else { failures++; console.log('FAIL: ' + message); } },
    // A directory of the test's own files (screenshots, uploads): removed when every check passed, kept and named
    // when one failed, so that a failure can be looked at and a passing run leaves nothing behind.
    scratch: (dir) => { scratchDirs.push(dir); return dir; },
    finish: () => {
      console.log(`${name}: ${checks} passed, ${failures} failed`);
      for (const dir of scratchDirs) {
        if (failures) console.log(`kept for inspection: ${dir}`);
        else rmSync(dir, { recursive: true, force: true });
      }
      process.exit(failures ? 1 : 0);
    },
  };
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/// Starts a server on a fresh demo database with `dossiers` dossiers and a headless Chromium. `extraArgs(port, dir)`
/// gives more `serve` options (e.g. a payment gateway configuration written into the temporary `dir`).
export async function start(bin, dossiers, extraArgs = () => []) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-browser-'));
  const db = join(dir, 'm.db');
  execFileSync(bin, ['demo', '--db', db, '--dossiers', String(dossiers)]);
  const port = await freePort();
  const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:' + port, ...extraArgs(port, dir)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  for (let i = 0; i < 100; i++) { try { await fetch(base + '/healthz'); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }
  return {
    base,
    browser,
    async stop() {
      await browser.close();
      server.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// Collects console and page errors of `page`, ignoring HTTP statuses the test expects (e.g. 401 before login).
export function watchErrors(page, expectedStatus) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !(expectedStatus && new RegExp(`status of ${expectedStatus}`).test(m.text()))) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
