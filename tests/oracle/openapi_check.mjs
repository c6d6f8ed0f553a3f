// docs/api/openapi.yaml against the real server: the spec is valid OpenAPI 3, it documents exactly the routes the
// server registers, and live responses of a clerk's and a citizen's journey match the documented schemas.
// Usage: node openapi_check.mjs PATH/TO/motcua PATH/TO/openapi.yaml
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [bin, specPath] = process.argv.slice(2);
let failures = 0, checks = 0;
const fail = (m) => { failures++; console.log('FAIL: ' + m); };
const ok = () => { checks++; };

const spec = await SwaggerParser.validate(specPath);  // throws on an invalid document
ok();

// 1. Documented routes == registered routes.
const documented = new Set();
for (const [path, item] of Object.entries(spec.paths))
  for (const method of Object.keys(item)) documented.add(method.toUpperCase() + ' ' + path);
const registered = new Set(JSON.parse(execFileSync(bin, ['routes'])).map((r) => r.method + ' ' + r.path));
for (const r of registered) if (!documented.has(r)) fail('route not documented: ' + r); else ok();
for (const d of documented) if (!registered.has(d)) fail('documented route the server does not have: ' + d); else ok();

// 2. Live responses match their schemas.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
function schemaFor(path, method, status) {
  const op = spec.paths[path]?.[method.toLowerCase()];
  const res = op?.responses?.[String(status)];
  return res?.content?.['application/json']?.schema;
}
const dir = mkdtempSync(join(tmpdir(), 'motcua-openapi-'));
const db = join(dir, 'm.db');
execFileSync(bin, ['demo', '--db', db, '--dossiers', '20']);
const port = await new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:' + port], { stdio: 'ignore' });
const base = 'http://127.0.0.1:' + port;
let cookie = '', csrf = '';
async function call(method, target, templatePath, body, expect, raw) {
  const headers = { Accept: 'application/json' };
  if (cookie) headers.Cookie = cookie;
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = raw ? 'application/octet-stream' : 'application/json';
  const r = await fetch(base + target, { method, headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
  const set = r.headers.get('set-cookie');
  if (set) cookie = set.split(';')[0];
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (expect && r.status !== expect) { fail(`${method} ${target}: ${r.status}, want ${expect}: ${text.slice(0, 200)}`); return json; }
  const schema = schemaFor(templatePath, method, r.status);
  if (!schema) { fail(`${method} ${templatePath} answered ${r.status}, which the spec does not document`); return json; }
  const validate = ajv.compile(schema);
  if (!validate(json)) fail(`${method} ${target} ${r.status} does not match the spec: ${ajv.errorsText(validate.errors)}`);
  else ok();
  return json;
}
try {
  for (let i = 0; i < 100; i++) { try { await fetch(base + '/healthz'); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }
  await call('GET', '/healthz', '/healthz', undefined, 200);
  await call('GET', '/api/v1/calendar/holidays?year=2026', '/api/v1/calendar/holidays', undefined, 200);
  await call('GET', '/api/v1/calendar/holidays?year=abc', '/api/v1/calendar/holidays', undefined, 400);
  await call('GET', '/api/v1/calendar/lunar?date=2026-02-17', '/api/v1/calendar/lunar', undefined, 200);
  await call('GET', '/api/v1/calendar/due?received=2026-02-13T16:00&days=1', '/api/v1/calendar/due', undefined, 200);
  await call('GET', '/api/v1/agencies', '/api/v1/agencies', undefined, 200);
  const procedures = await call('GET', '/api/v1/procedures?agency=000.21.40.H56', '/api/v1/procedures', undefined, 200);
  const summary = procedures.find((p) => p.duration.unit === 'days' && p.duration.value >= 3);
  const proc = await call('GET', '/api/v1/procedures/' + summary.code, '/api/v1/procedures/{code}', undefined, 200);
  await call('GET', '/api/v1/procedures/9.999999', '/api/v1/procedures/{code}', undefined, 404);
  await call('POST', '/api/v1/intakes', '/api/v1/intakes', {}, 401);
  await call('POST', '/api/v1/auth/login', '/api/v1/auth/login', { username: 'demo.clerk', password: 'wrong-password-123' }, 401);
  const login = await call('POST', '/api/v1/auth/login', '/api/v1/auth/login', { username: 'demo.clerk', password: 'Demo-Clerk-2026!' }, 200);
  csrf = login.csrf_token;
  await call('GET', '/api/v1/auth/me', '/api/v1/auth/me', undefined, 200);
  const body = {
    procedure_code: proc.code, channel: 'direct', decision: 'receive',
    applicant: { name: 'Trần Thị Bích Ngọc', id_number: '079190004321', phone: '0903123456', address: '12 Đường Số 5' },
    components: proc.components.map((c) => ({ component_id: c.id, originals: c.originals, copies: c.copies, certified_copies: c.certified_copies })),
  };
  await call('POST', '/api/v1/intakes', '/api/v1/intakes', { ...body, applicant: { ...body.applicant, id_number: '1' } }, 400);
  await call('POST', '/api/v1/intakes', '/api/v1/intakes', { ...body, components: [] }, 422);
  const received = await call('POST', '/api/v1/intakes', '/api/v1/intakes', body, 201);
  const code = received.dossier.code, key = received.dossier.lookup_key;
  await call('POST', '/api/v1/intakes', '/api/v1/intakes', { ...body, decision: 'refuse', reason: 'Không thuộc thẩm quyền' }, 201);
  await call('GET', '/api/v1/dossiers', '/api/v1/dossiers', undefined, 200);
  await call('GET', '/api/v1/dossiers?overdue=maybe', '/api/v1/dossiers', undefined, 400);
  await call('GET', '/api/v1/dossiers/' + code, '/api/v1/dossiers/{code}', undefined, 200);
  const outbox = await call('GET', '/api/v1/dossiers/' + code + '/notifications', '/api/v1/dossiers/{code}/notifications', undefined, 200);
  if (!outbox.items.length) throw new Error('the intake enqueued no notification');
  await call('GET', '/api/v1/notifications?status=pending', '/api/v1/notifications', undefined, 200);
  await call('GET', '/api/v1/notifications?status=nope', '/api/v1/notifications', undefined, 400);
  await call('POST', '/api/v1/notifications/' + outbox.items[0].id + '/retry', '/api/v1/notifications/{id}/retry', {}, 409);
  const ev = '/api/v1/dossiers/{code}/events', evPath = '/api/v1/dossiers/' + code + '/events';
  await call('POST', evPath, ev, { type: 'return_result', method: 'counter' }, 409);
  await call('POST', evPath, ev, { type: 'handover' }, 400);
  await call('POST', evPath, ev, { type: 'handover', to_unit: 'Công chức hộ tịch' }, 201);
  await call('POST', evPath, ev, { type: 'result_ready' }, 201);
  await call('POST', evPath, ev, { type: 'return_result', method: 'counter' }, 201);
  await call('POST', '/api/v1/dossiers/NOPE-000000-0001/events', ev, { type: 'result_ready' }, 404);
  // Fees and payments (docs/payments.md): a fee-bearing intake, a financial obligation, a cash payment that resumes
  // the dossier, its reversal, the citizen's view; this server has no gateway, so online payment answers 409.
  await call('GET', '/api/v1/fee-groups', '/api/v1/fee-groups', undefined, 200);
  const feeProc = await call('GET', '/api/v1/procedures/1.001612', '/api/v1/procedures/{code}', undefined, 200);
  const feeIntake = await call('POST', '/api/v1/intakes', '/api/v1/intakes', {
    ...body, procedure_code: feeProc.code,
    components: feeProc.components.map((c) => ({ component_id: c.id, originals: c.originals, copies: c.copies, certified_copies: c.certified_copies })),
  }, 201);
  if (feeIntake.fees_due !== 100000) fail('fee-bearing intake: fees_due ' + feeIntake.fees_due); else ok();
  const fc = feeIntake.dossier.code, fk = feeIntake.dossier.lookup_key;
  const fees = '/api/v1/dossiers/{code}/fees', pay = '/api/v1/dossiers/{code}/payments';
  await call('GET', `/api/v1/dossiers/${fc}/fees`, fees, undefined, 200);
  await call('POST', `/api/v1/dossiers/${fc}/payments`, pay, { method: 'online', amount: 100000 }, 400);
  await call('POST', `/api/v1/dossiers/${fc}/payments`, pay, { method: 'cash', amount: 5 }, 422);
  await call('POST', `/api/v1/dossiers/${fc}/obligations`, '/api/v1/dossiers/{code}/obligations', { reason: 'Nộp lệ phí' }, 400);
  await call('POST', `/api/v1/dossiers/${fc}/obligations`, '/api/v1/dossiers/{code}/obligations',
    { reason: 'Nộp lệ phí trước bạ', lines: [{ name: 'Lệ phí trước bạ', amount: 20000 }] }, 201);
  const paid = await call('POST', `/api/v1/dossiers/${fc}/payments`, pay, { method: 'cash', amount: 120000 }, 201);
  if (!paid.resumed || paid.status !== 'processing') fail('payment did not resume the dossier'); else ok();
  const rev = '/api/v1/dossiers/{code}/payments/{id}/reversal';
  await call('POST', `/api/v1/dossiers/${fc}/payments/${paid.payment.id}/reversal`, rev, { reason: 'Nhập nhầm' }, 201);
  await call('POST', `/api/v1/dossiers/${fc}/payments/${paid.payment.id}/reversal`, rev, { reason: 'Nhập nhầm' }, 409);
  const pf = '/api/v1/public/dossiers/{code}/fees';
  const pubFees = await call('GET', `/api/v1/public/dossiers/${fc}/fees?key=${fk}`, pf, undefined, 200);
  if (pubFees.outstanding !== 120000) fail('public fees: outstanding ' + pubFees.outstanding); else ok();
  await call('GET', `/api/v1/public/dossiers/${fc}/fees?key=WRONG`, pf, undefined, 404);
  await call('POST', `/api/v1/public/dossiers/${fc}/payment-requests`, '/api/v1/public/dossiers/{code}/payment-requests', { key: fk }, 409);
  await call('POST', '/api/v1/payments/callback', '/api/v1/payments/callback', { event: 'payment.succeeded' }, 409);
  await call('GET', '/open311/v2/discovery.json', '/open311/v2/discovery.json', undefined, 200);
  await call('GET', '/open311/v2/services.json', '/open311/v2/services.json', undefined, 200);
  await call('GET', '/open311/v2/services/' + proc.code + '.json', '/open311/v2/services/{code}.json', undefined, 200);
  await call('GET', '/open311/v2/services/9.999999.json', '/open311/v2/services/{code}.json', undefined, 404);
  await call('GET', `/open311/v2/requests/${code}.json?key=${key}`, '/open311/v2/requests/{code}.json', undefined, 200);
  await call('GET', `/open311/v2/requests/${code}.json?key=WRONG`, '/open311/v2/requests/{code}.json', undefined, 404);
  const pub = await call('GET', `/api/v1/public/dossiers/${code}?key=${key}`, '/api/v1/public/dossiers/{code}', undefined, 200);
  for (const k of ['applicant', 'lookup_key', 'received_by']) if (k in pub) fail('public view has ' + k); else ok();
  await call('GET', `/api/v1/public/dossiers/${code}?key=WRONG`, '/api/v1/public/dossiers/{code}', undefined, 404);
  // Digitisation: a scan as the raw body, a refused non-scan, the marks, reuse candidates, the electronic result.
  const c1 = proc.components[0].id, dp = '/api/v1/dossiers/' + code;
  const upT = '/api/v1/dossiers/{code}/components/{component_id}/files';
  const scan = await call('POST', `${dp}/components/${c1}/files?name=scan.pdf`, upT, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 201, true);
  await call('POST', `${dp}/components/${c1}/files?name=scan.pdf`, upT, '#!/bin/sh\necho not a scan\n', 422, true);
  await call('POST', `${dp}/components/nope/files?name=scan.pdf`, upT, '%PDF-1.4\n%%EOF\n', 422, true);
  await call('POST', `${dp}/components/${c1}/digitisation`, '/api/v1/dossiers/{code}/components/{component_id}/digitisation', { digitised: true, certified_copy: true }, 200);
  await call('POST', `${dp}/components/${c1}/digitisation`, '/api/v1/dossiers/{code}/components/{component_id}/digitisation', { digitised: false, certified_copy: true }, 400);
  await call('GET', `${dp}/files`, '/api/v1/dossiers/{code}/files', undefined, 200);
  await call('GET', `${dp}/reusable`, '/api/v1/dossiers/{code}/reusable', undefined, 200);
  await call('POST', `${dp}/components/${c1}/reuse`, '/api/v1/dossiers/{code}/components/{component_id}/reuse', { attachment_id: scan.id }, 404);
  const rdT = '/api/v1/dossiers/{code}/result-document';
  await call('POST', `${dp}/result-document?issued_on=2026-01-05&signer=A&issuing_body=B`, rdT, '%PDF-1.4\n%%EOF\n', 400, true);
  await call('POST', `${dp}/result-document?number=1%2FKQ&issued_on=2026-01-05&signer=A&issuing_body=B&name=kq.pdf`, rdT, '%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n', 201, true);
  await call('GET', `/api/v1/public/dossiers/${code}/result?key=${key}`, '/api/v1/public/dossiers/{code}/result', undefined, 200);
  await call('GET', `/api/v1/public/dossiers/${code}/result?key=WRONG`, '/api/v1/public/dossiers/{code}/result', undefined, 404);
  await call('GET', `/api/v1/public/dossiers/${code}/result/file?key=WRONG`, '/api/v1/public/dossiers/{code}/result/file', undefined, 404);
  // Satisfaction: the questionnaire, an online response and a rating for the returned dossier, the staff view.
  const survey = await call('GET', '/api/v1/surveys/current', '/api/v1/surveys/current', undefined, 200);
  await call('GET', '/api/v1/surveys/' + survey.id, '/api/v1/surveys/{id}', undefined, 200);
  await call('GET', '/api/v1/surveys/nope', '/api/v1/surveys/{id}', undefined, 404);
  const sr = '/api/v1/surveys/{id}/responses', srPath = '/api/v1/surveys/' + survey.id + '/responses';
  const answers = Object.fromEntries(survey.elements.flatMap((e) => e.criteria.map((c, i) => [c.id, i === 0 ? null : 4])));
  await call('POST', srPath, sr, { channel: 'online', dossier_code: code, key: 'WRONG', answers }, 404);
  await call('POST', srPath, sr, { channel: 'online', dossier_code: code, key, answers: { ...answers, zz: 3 } }, 422);
  await call('POST', srPath, sr, { channel: 'online', dossier_code: code, key, answers, expectations: [survey.expectations[0].id] }, 201);
  await call('POST', srPath, sr, { channel: 'online', dossier_code: code, key, answers }, 409);
  await call('POST', srPath, sr, { channel: 'paper', answers: { ...answers, [survey.elements[0].criteria[1].id]: 'invalid' } }, 201);
  const rt = '/api/v1/evaluations/{code}/rating', rtPath = '/api/v1/evaluations/' + code + '/rating';
  await call('GET', `${rtPath}?key=${key}`, rt, undefined, 200);
  await call('GET', `${rtPath}?key=WRONG`, rt, undefined, 404);
  await call('POST', rtPath, rt, { key, level: 'great' }, 400);
  await call('POST', rtPath, rt, { key, level: 'satisfied', comment: 'Nhanh' }, 201);
  await call('POST', rtPath, rt, { key, level: 'satisfied' }, 409);
  await call('GET', '/api/v1/evaluations/' + code, '/api/v1/evaluations/{code}', undefined, 200);
  await call('PUT', `/api/v1/evaluations/${code}/self`, '/api/v1/evaluations/{code}/self', { scores: { 5: 2 } }, 422);
  await call('PUT', `/api/v1/evaluations/${code}/self`, '/api/v1/evaluations/{code}/self', { scores: { 5: 2, 6: 2, 8: 2, 9: 1 } }, 200);
  await call('PUT', `/api/v1/evaluations/${code}/appraised`, '/api/v1/evaluations/{code}/appraised', { scores: { 5: 2 } }, 403);
  await call('GET', '/api/v1/reports/overdue', '/api/v1/reports/overdue', undefined, 200);
  await call('GET', '/api/v1/reports/overdue?near_due=true&limit=5&offset=1', '/api/v1/reports/overdue', undefined, 200);
  await call('GET', '/api/v1/reports/overdue?limit=0', '/api/v1/reports/overdue', undefined, 400);
  await call('GET', '/api/v1/reports/timeliness?from=2026-01-01&to=2026-03-31', '/api/v1/reports/timeliness', undefined, 403);
  await call('POST', '/api/v1/auth/logout', '/api/v1/auth/logout', undefined, 200);
  cookie = ''; csrf = '';
  await call('GET', '/api/v1/reports/timeliness?from=2026-01-01&to=2026-03-31', '/api/v1/reports/timeliness', undefined, 401);
  const sup = await call('POST', '/api/v1/auth/login', '/api/v1/auth/login', { username: 'demo.supervisor', password: 'Demo-Supervisor-2026!' }, 200);
  csrf = sup.csrf_token;
  await call('GET', '/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&group_by=field', '/api/v1/reports/timeliness', undefined, 200);
  await call('GET', '/api/v1/reports/timeliness?from=2025-01-01', '/api/v1/reports/timeliness', undefined, 400);
  const drill = '/api/v1/reports/timeliness/dossiers';
  await call('GET', drill + '?from=2025-01-01&to=2025-12-31&column=resolved_total', drill, undefined, 200);
  await call('GET', drill + '?from=2025-01-01&to=2025-12-31&column=nope', drill, undefined, 400);
  await call('GET', '/api/v1/reports/apologies?from=2025-01-01&to=2025-12-31', '/api/v1/reports/apologies', undefined, 200);
  await call('GET', '/api/v1/reports/apologies?from=2025-01-01&to=2025-12-31&limit=3', '/api/v1/reports/apologies', undefined, 200);
  await call('GET', '/api/v1/reports/apologies?from=2025-01-01&to=2025-12-31&offset=x', '/api/v1/reports/apologies', undefined, 400);
  await call('GET', '/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&group_by=month', '/api/v1/reports/timeliness', undefined, 200);
  await call('GET', '/api/v1/reports/timeliness?from=2025-01-02&to=2025-12-31&group_by=month', '/api/v1/reports/timeliness', undefined, 400);
  await call('GET', '/api/v1/reports/index766?from=2025-01-01&to=2025-12-31', '/api/v1/reports/index766', undefined, 200);
  const withFees = await call('GET', '/api/v1/reports/index766/counts?from=2026-01-01&to=' + new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10), '/api/v1/reports/index766/counts', undefined, 200);
  if (!withFees.total.indicators.some((i) => i.id === '3.6') || !(withFees.total.fee_dossiers >= 1)) fail('the 766 counts carry no TTTT figures'); else ok();
  const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  for (const g of ['agency', 'channel', 'month'])
    await call('GET', `/api/v1/reports/satisfaction?from=2025-01-01&to=${today}&group_by=${g}`, '/api/v1/reports/satisfaction', undefined, 200);
  await call('GET', '/api/v1/reports/satisfaction?from=2025-01-01&to=2025-12-31&group_by=weekday', '/api/v1/reports/satisfaction', undefined, 400);
  await call('GET', `/api/v1/reports/ratings?from=2025-01-01&to=${today}`, '/api/v1/reports/ratings', undefined, 200);
  await call('GET', `/api/v1/reports/evaluations?from=2025-01-01&to=${today}&kind=self`, '/api/v1/reports/evaluations', undefined, 200);
  await call('GET', `/api/v1/reports/evaluations?from=2025-01-01&to=${today}&group_by=channel`, '/api/v1/reports/evaluations', undefined, 400);
} catch (e) {
  fail('exception: ' + e.stack);
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(`openapi: ${checks} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
