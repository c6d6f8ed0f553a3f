// Fees and online payment in real headless Chromium (docs/payments.md). A small HTTP server on loopback plays the
// payment gateway: it checks motcua's signed checkout link, reports the payment with a signed callback, and sends
// the browser back. The citizen sees the fees on the lookup page, pays online and comes back to "paid in full" with a
// receipt number; the clerk records a cash payment on the desk, sees the receipt, and corrects a mistaken entry.
// Usage: node payments.mjs PATH/TO/motcua
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { checker, start, watchErrors } from './harness.mjs';

const [bin] = process.argv.slice(2);
const { check, finish } = checker('payments browser');
const secret = 'browser-test-shared-secret-0123456789abcdef';
const merchant = 'MOTCUA-BROWSER';
const hmac = (text) => createHmac('sha256', secret).update(text).digest('hex');

// The gateway: GET /checkout?...&signature= → verify, call back motcua, redirect to the return URL.
let motcua = '';
const callbacks = [];
const gateway = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://gateway');
  const query = url.search.slice(1);
  const cut = query.lastIndexOf('&signature=');
  const signed = cut > 0 && hmac(query.slice(0, cut)) === query.slice(cut + 11);
  check(signed, 'the checkout link carries a valid signature');
  const p = url.searchParams;
  const body = JSON.stringify({ event: 'payment.succeeded', merchant: p.get('merchant'), reference: p.get('reference'),
    transaction_id: 'GW-' + p.get('reference'), amount: Number(p.get('amount')), currency: 'VND', paid_at: new Date().toISOString() });
  const ts = String(Math.floor(Date.now() / 1000));
  const r = await fetch(motcua + '/api/v1/payments/callback', {
    method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Gateway-Timestamp': ts, 'X-Gateway-Signature': 'sha256=' + hmac(ts + '.' + body) },
  });
  callbacks.push({ status: r.status, body: await r.json() });
  res.writeHead(302, { Location: p.get('return_url') + '?paid=' + encodeURIComponent(p.get('reference')) });
  res.end();
});
await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));
const gatewayUrl = `http://127.0.0.1:${gateway.address().port}/checkout`;

const { base, browser, stop } = await start(bin, 0, (port, dir) => {
  const file = join(dir, 'gateway.json');
  writeFileSync(file, JSON.stringify({ checkout_url: gatewayUrl, merchant_id: merchant, secret, return_url: `http://127.0.0.1:${port}/lookup.html` }));
  return ['--payment-gateway', file];
});
motcua = base;

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
  async function receive(code) {
    const proc = (await api('GET', '/api/v1/procedures/' + code)).json;
    const r = await api('POST', '/api/v1/intakes', {
      procedure_code: code, channel: 'direct', decision: 'receive',
      applicant: { name: 'Trần Văn Nam', id_number: '038190004321', phone: '0903123456', address: '12 Lê Lợi' },
      components: proc.components.map((c) => ({ component_id: c.id, originals: c.originals, copies: c.copies, certified_copies: c.certified_copies })),
    }, session);
    check(r.status === 201, 'intake ' + code + ': ' + r.status);
    return r.json.dossier;
  }

  // The citizen pays a household-business registration (100,000 đ) online from the lookup page.
  const online = await receive('1.001612');
  const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const phoneErrors = watchErrors(phone);
  await phone.goto(`${base}/lookup.html?code=${encodeURIComponent(online.code)}&key=${encodeURIComponent(online.lookup_key)}`);
  await phone.waitForSelector('#pay-online:not([hidden])');
  check((await phone.textContent('#fee-total')).includes('100.000 đ'), 'the amount still to pay, in đồng');
  await Promise.all([phone.waitForURL(/\/lookup\.html\?paid=/), phone.click('#pay-online')]);
  check(callbacks.length === 1 && callbacks[0].status === 200 && callbacks[0].body.result === 'recorded', 'the gateway callback was recorded: ' + JSON.stringify(callbacks));
  await phone.waitForFunction(() => document.getElementById('fee-total').textContent.includes('Đã nộp đủ'));
  check((await phone.textContent('#fee-payments')).includes('-BL'), 'the receipt number is shown after the return');
  check(await phone.isHidden('#pay-online'), 'no pay button once paid');
  check(phoneErrors.length === 0, 'no errors on the lookup page: ' + phoneErrors.join(' | '));

  // The clerk takes a cash payment for a certified copy (2,000 đ) at the desk, and reverses a mistaken entry.
  const cash = await receive('2.000815');
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const deskErrors = watchErrors(desk, 401);
  await desk.goto(`${base}/desk.html#queue`);
  await desk.fill('#username', 'demo.clerk');
  await desk.fill('#password', 'Demo-Clerk-2026!');
  await desk.click('#login button[type=submit]');
  await desk.click(`#queue-table tr[data-code="${cash.code}"]`);
  await desk.waitForSelector('#pay-form:not([hidden])');
  check((await desk.inputValue('#p-amount')) === '2000', 'the amount is filled with what is outstanding');
  await desk.click('#pay-form button[type=submit]');
  await desk.waitForFunction(() => document.getElementById('fee-msg').textContent.includes('-BL26-'));
  check(await desk.isHidden('#pay-form'), 'nothing left to pay');
  desk.once('dialog', (d) => d.accept('Thu nhầm'));
  await desk.click('#fee-payments button.reverse');
  await desk.waitForFunction(() => document.getElementById('fee-msg').textContent.includes('Đã hủy biên lai'));
  check((await desk.textContent('#fee-payments')).includes('đã hủy'), 'the reversed receipt is kept, marked cancelled');
  check(await desk.isVisible('#pay-form'), 'the fee is owed again after the reversal');
  await desk.click(`#queue-table tr[data-code="${online.code}"]`);
  await desk.waitForFunction((c) => document.getElementById('d-code').textContent === c && document.getElementById('fee-payments').textContent.includes('Trực tuyến'), online.code);
  check(true, 'the desk shows the online payment');
  check(deskErrors.length === 0, 'no errors on the desk: ' + deskErrors.join(' | '));
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  await stop();
  gateway.close();
}
finish();
