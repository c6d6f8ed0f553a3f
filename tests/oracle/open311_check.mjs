// The Open311 façade's live answers against the GeoReport v2 definitions: Service, ServiceDefinition /
// ServiceAttribute / AttributeValue and Request as the Open311 community publishes them (Swagger file
// data/georeport_v2-1.yaml of open311/open311.github.io: required fields, types and enums), the discovery document
// of GeoReport v2 and its error list, plus what peers.md §5 asks of us (datetimes with the +07:00 offset,
// Vietnamese status notes, the notes[] history extension). The schemas are restated here as JSON Schema.
// Usage: node open311_check.mjs PATH/TO/motcua
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [bin] = process.argv.slice(2);
let failures = 0, checks = 0;
const check = (ok, m) => { if (ok) checks++; else { failures++; console.log('FAIL: ' + m); } };

// GeoReport datetimes are W3C ISO 8601 with an offset; ours are office time.
const officeTime = { type: 'string', format: 'date-time', pattern: '\\+07:00$' };
const Service = {
  type: 'object', required: ['service_code', 'service_name', 'type'],
  properties: {
    service_code: { type: 'string', minLength: 1 }, service_name: { type: 'string', minLength: 1 }, description: { type: 'string' },
    metadata: { type: 'boolean' }, type: { enum: ['realtime', 'batch', 'blackbox'] }, keywords: { type: 'string' }, group: { type: 'string' },
  },
};
const AttributeValue = { type: 'object', required: ['key', 'name'], properties: { key: { type: 'string' }, name: { type: 'string' } } };
const ServiceAttribute = {
  type: 'object', required: ['variable', 'code', 'datatype', 'required'],
  properties: {
    variable: { type: 'boolean' }, code: { type: 'string', minLength: 1 },
    datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
    required: { type: 'boolean' }, datatype_description: { type: 'string' }, order: { type: 'integer', minimum: 0 },
    description: { type: 'string' }, values: { type: 'array', items: AttributeValue },
  },
};
const ServiceDefinition = {
  type: 'object', required: ['service_code', 'attributes'],
  properties: { service_code: { type: 'string' }, attributes: { type: 'array', items: ServiceAttribute } },
};
const Request = {
  type: 'object', required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
  properties: {
    service_request_id: { type: 'string', minLength: 1 }, status: { enum: ['open', 'closed'] }, status_notes: { type: 'string' },
    service_name: { type: 'string' }, service_code: { type: 'string' }, description: { type: 'string' },
    agency_responsible: { type: 'string' }, service_notice: { type: 'string' },
    requested_datetime: officeTime, updated_datetime: officeTime, expected_datetime: officeTime,
    address: { type: 'string' }, address_id: { type: 'string' }, zipcode: { type: 'string' },
    lat: { type: 'number' }, long: { type: 'number' }, media_url: { type: 'string', format: 'uri' },
    // The widely implemented notes[] extension (GeoReport/v2/Extensions): the public history.
    notes: { type: 'array', items: { type: 'object', required: ['datetime', 'summary'], properties: { datetime: officeTime, summary: { type: 'string' }, type: { type: 'string' }, description: { type: 'string' } } } },
  },
};
const Discovery = {
  type: 'object', required: ['changeset', 'contact', 'endpoints'],
  properties: {
    changeset: { type: 'string', format: 'date-time' }, contact: { type: 'string' }, key_service: { type: 'string' },
    endpoints: { type: 'array', minItems: 1, items: { type: 'object', required: ['specification', 'url', 'changeset', 'type', 'formats'], properties: {
      specification: { type: 'string', pattern: 'GeoReport_v2' }, url: { type: 'string' }, changeset: { type: 'string', format: 'date-time' },
      type: { enum: ['production', 'test'] }, formats: { type: 'array', minItems: 1, items: { type: 'string' } } } } },
  },
};
const Errors = { type: 'array', minItems: 1, items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } } };

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const valid = (schema, value, what) => {
  const v = ajv.compile(schema);
  check(v(value), `${what} does not match GeoReport v2: ${ajv.errorsText(v.errors)}`);
};

const dir = mkdtempSync(join(tmpdir(), 'motcua-open311-'));
const db = join(dir, 'm.db');
execFileSync(bin, ['demo', '--db', db, '--dossiers', '0']);
const port = await new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:' + port], { stdio: 'ignore' });
const base = 'http://127.0.0.1:' + port;
let cookie = '', csrf = '';
async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (cookie) headers.Cookie = cookie;
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const set = r.headers.get('set-cookie');
  if (set) cookie = set.split(';')[0];
  return { status: r.status, json: await r.json() };
}
try {
  for (let i = 0; i < 100; i++) { try { await fetch(base + '/healthz'); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }
  const discovery = await call('GET', '/open311/v2/discovery.json');
  valid(Discovery, discovery.json, 'discovery.json');
  const services = await call('GET', '/open311/v2/services.json');
  valid({ type: 'array', minItems: 1, items: Service }, services.json, 'services.json');
  check(services.json.length === 30, 'every demo procedure is a service: ' + services.json.length);
  for (const s of services.json.filter((x) => x.metadata).slice(0, 5)) {
    const def = await call('GET', `/open311/v2/services/${s.service_code}.json`);
    valid(ServiceDefinition, def.json, `services/${s.service_code}.json`);
    check(def.json.service_code === s.service_code, 'the definition names its service');
  }
  const missing = await call('GET', '/open311/v2/services/9.999999.json');
  check(missing.status === 404, 'an unknown service answers 404');
  valid(Errors, missing.json, 'the 404 body');

  const login = await call('POST', '/api/v1/auth/login', { username: 'demo.clerk', password: 'Demo-Clerk-2026!' });
  csrf = login.json.csrf_token;
  const intake = await call('POST', '/api/v1/intakes', {
    procedure_code: '1.001193', decision: 'receive',
    applicant: { name: 'Trần Thị Bích Ngọc', id_number: '038190004321', phone: '0903123456', address: '12 Lê Lợi' },
    components: ['c1', 'c2', 'c3'].map((id) => ({ component_id: id, originals: 1 })),
  });
  const { code, lookup_key: key } = intake.json.dossier;
  await call('POST', `/api/v1/dossiers/${code}/events`, { type: 'request_supplement', items: ['Giấy chứng sinh'], reason: 'Thiếu' });
  const open = await call('GET', `/open311/v2/requests/${code}.json?key=${key}`);
  valid({ type: 'array', minItems: 1, maxItems: 1, items: Request }, open.json, 'requests/{code}.json (open)');
  const r = open.json[0];
  check(r.service_request_id === code && r.status === 'open', 'the dossier is an open request');
  check(!ajv.validate(Request, { ...r, status: "pending" }) && !ajv.validate(Request, { ...r, expected_datetime: "2026-12-01T10:00:00Z" }), "the schema refuses a status outside open/closed and a time without +07:00");
  check(/bổ sung/.test(r.status_notes), 'status notes in Vietnamese: ' + r.status_notes);
  check(r.expected_datetime === intake.json.dossier.due_at, 'expected_datetime is the appointment');
  check(r.notes.length === 2, 'notes[] holds the public history');
  for (const type of ['supplement_received', 'handover', 'result_ready']) await call('POST', `/api/v1/dossiers/${code}/events`, { type, to_unit: 'Công chức hộ tịch' });
  await call('POST', `/api/v1/dossiers/${code}/events`, { type: 'return_result', method: 'counter' });
  const closed = await call('GET', `/open311/v2/requests/${code}.json?key=${key}`);
  valid({ type: 'array', items: Request }, closed.json, 'requests/{code}.json (closed)');
  check(closed.json[0].status === 'closed', 'a returned result closes the request');
  const wrong = await call('GET', `/open311/v2/requests/${code}.json?key=WRONGKEY00`);
  check(wrong.status === 404, 'a wrong key answers 404');
  valid(Errors, wrong.json, 'the wrong-key body');
} catch (e) {
  check(false, 'exception: ' + e.stack);
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(`open311: ${checks} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
