// The clerk's desk: log in, take a walk-in dossier (procedure, checklist, applicant, live appointment preview, one
// of the three outcomes), work the agency's queue (sorted by due, overdue and near-due marked, every lifecycle
// action) and open the printable forms. Everything goes through the JSON API; the server enforces roles and scope.
'use strict';

const $ = (id) => document.getElementById(id);
const el = (tag, text, className) => Object.assign(document.createElement(tag), text === undefined ? {} : { textContent: text }, className ? { className } : {});
const t = (...a) => motcua.t(...a);
const state = { csrf: '', user: null, procedures: [], procByCode: new Map(), current: null, dossier: null };

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const r = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await r.json().catch(() => null);
  // The session ended (idle 30 minutes, 12 hours, logout elsewhere): ask for the password again without losing
  // what is on the screen; start() then carries on with the new session.
  if (r.status === 401 && state.user && !path.startsWith('/api/v1/auth/')) { $('login').hidden = false; $('username').focus(); }
  if (!r.ok) throw Object.assign(new Error(json?.error?.message || r.statusText), { status: r.status, error: json?.error || {} });
  return json;
}

// ---------- login ----------
async function boot() {
  try {
    const me = await api('GET', '/api/v1/auth/me');
    await start(me);
  } catch (e) {
    if (e.status !== 401) console.error(e);
    $('login').hidden = false;
    $('username').focus();
  }
}

async function start(session) {
  state.csrf = session.csrf_token;
  state.user = session.user;
  $('login').hidden = true;
  $('tabs').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = `${session.user.display_name || session.user.username} · ${session.user.agency}`;
  state.procedures = await api('GET', '/api/v1/procedures');
  // The clerk's own agency's procedures first, then the others, each by name.
  state.procedures.sort((a, b) => (a.agency === state.user.agency ? 0 : 1) - (b.agency === state.user.agency ? 0 : 1) || a.name.localeCompare(b.name, 'vi'));
  state.procByCode = new Map(state.procedures.map((p) => [p.code, p]));
  filterProcedures();
  fillBookForm();
  loadFeeGroups();
  showTab(location.hash.slice(1) || 'intake');
}

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    await start(await api('POST', '/api/v1/auth/login', { username: $('username').value.trim(), password: $('password').value }));
  } catch (err) {
    $('login-error').textContent = err.status === 429 ? t('desk.too_many') : err.status === 401 ? t('desk.login_failed') : t('error.busy');
  }
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/api/v1/auth/logout').catch(() => {});
  location.replace('/desk.html');
});

function showTab(name) {
  if (!['intake', 'queue', 'book'].includes(name)) name = 'intake';
  for (const s of document.querySelectorAll('.tab')) s.hidden = s.id !== name;
  for (const a of document.querySelectorAll('#tabs a')) a.classList.toggle('active', a.dataset.tab === name);
  if (name === 'queue') loadQueue();
  if (name === 'intake') $('proc-search').focus();
}
window.addEventListener('hashchange', () => state.user && showTab(location.hash.slice(1)));

// ---------- intake: procedure picker ----------
function filterProcedures() {
  const words = motcua.fold($('proc-search').value).split(/\s+/).filter(Boolean);
  const list = $('proc-list');
  const found = state.procedures.filter((p) => words.every((w) => motcua.fold(`${p.name} ${p.code} ${p.field}`).includes(w)));
  list.replaceChildren(...found.map((p) => Object.assign(el('option', `${p.name} — ${p.code}`), { value: p.code })));
  if (state.current && found.some((p) => p.code === state.current.code)) list.value = state.current.code;
}
$('proc-search').addEventListener('input', filterProcedures);
$('proc-search').addEventListener('keydown', (e) => {
  const list = $('proc-list');
  if (e.key === 'ArrowDown' && list.options.length) { e.preventDefault(); list.focus(); if (list.selectedIndex < 0) list.selectedIndex = 0; }
  if (e.key === 'Enter') { e.preventDefault(); if (list.options.length) { list.selectedIndex = Math.max(list.selectedIndex, 0); chooseProcedure(list.value, true); } }
});
$('proc-list').addEventListener('change', () => chooseProcedure($('proc-list').value, false));
$('proc-list').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); chooseProcedure($('proc-list').value, true); } });

async function chooseProcedure(code, moveOn) {
  if (!code) return;
  const p = await api('GET', `/api/v1/procedures/${encodeURIComponent(code)}`);
  state.current = p;
  $('proc-info').textContent = `${p.name} · ${p.field} · ${t(p.duration.unit === 'hours' ? 'unit.hours' : 'unit.days', { n: p.duration.value })}`;
  $('checklist').tBodies[0].replaceChildren(...p.components.map((c) => {
    const tr = el('tr');
    tr.dataset.id = c.id;
    const box = Object.assign(el('input'), { type: 'checkbox', checked: false, className: 'handed' });
    box.setAttribute('aria-label', c.name);
    const count = (n, cls) => { const td = el('td', undefined, 'num'); td.append(Object.assign(el('input'), { type: 'number', min: 0, max: 1000, value: n, className: cls })); return td; };
    const name = el('td', c.name + (c.required ? ' *' : ''));
    const first = el('td'); first.append(box);
    tr.append(first, name, count(c.originals, 'originals'), count(c.copies, 'copies'), count(c.certified_copies, 'certified'));
    return tr;
  }));
  await previewDue();
  if (moveOn) {
    const first = $('checklist').querySelector('input.handed');
    (first || $('a-name')).focus();
  }
}

// The appointment if the dossier were received now: the public calculator with the procedure's budget and cut-off
// and the receiving agency's calendar and office hours.
async function previewDue() {
  const p = state.current;
  if (!p) return;
  const q = new URLSearchParams({ received: motcua.officeNow(), agency: state.user.agency, [p.duration.unit]: String(p.duration.value) });
  if (p.cutoff && p.cutoff !== 'auto') q.set('cutoff', p.cutoff);
  try {
    const due = await api('GET', `/api/v1/calendar/due?${q}`);
    $('preview').textContent = t('desk.preview', { due: motcua.dateTime(due.due) }) + (due.provisional ? t('desk.preview_provisional') : '');
    $('preview').dataset.due = due.due;
  } catch (e) {
    $('preview').textContent = e.message;
  }
}
setInterval(() => { if (state.current && !$('intake').hidden) previewDue(); }, 60000);

// ---------- intake: applicant validation (the same rules as the server: core::validate(Applicant)) ----------
const RULES = {
  'a-name': (v) => (v.trim() ? '' : t('v.required')),
  'a-id': (v) => (/^\d{12}$/.test(v.trim()) ? '' : t('v.id_number')),
  'a-phone': (v) => (/^(0\d{9}|\+84\d{9})$/.test(v.trim().replace(/[\s.]/g, '')) ? '' : t('v.phone')),
  'a-email': (v) => (!v.trim() || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim()) ? '' : t('v.email')),
  'a-address': (v) => (v.trim() ? '' : t('v.required')),
  'r-name': (v) => (!$('has-rep').checked || v.trim() ? '' : t('v.required')),
  'r-id': (v) => (!$('has-rep').checked || /^\d{12}$/.test(v.trim()) ? '' : t('v.id_number')),
  'r-phone': (v) => (!$('has-rep').checked || !v.trim() || /^(0\d{9}|\+84\d{9})$/.test(v.trim()) ? '' : t('v.phone')),
};
function check(id, showEmpty = true) {
  const input = $(id);
  const message = RULES[id](input.value);
  const shown = message && (showEmpty || input.value.trim()) ? message : '';
  input.setAttribute('aria-invalid', shown ? 'true' : 'false');
  input.parentElement.querySelector('small.invalid').textContent = shown;
  return !message;
}
for (const id of Object.keys(RULES)) {
  $(id).addEventListener('input', () => check(id, false));
  $(id).addEventListener('blur', () => check(id, true));
}
$('has-rep').addEventListener('change', () => { $('rep').hidden = !$('has-rep').checked; });

function applicant() {
  const a = { name: $('a-name').value.trim(), id_number: $('a-id').value.trim(), phone: $('a-phone').value.trim().replace(/[\s.]/g, ''), address: $('a-address').value.trim() };
  if ($('a-email').value.trim()) a.email = $('a-email').value.trim();
  if ($('has-rep').checked) {
    a.representative = { name: $('r-name').value.trim(), id_number: $('r-id').value.trim() };
    if ($('r-phone').value.trim()) a.representative.phone = $('r-phone').value.trim();
  }
  return a;
}

function handedComponents() {
  return [...$('checklist').tBodies[0].rows].filter((r) => r.querySelector('input.handed').checked).map((r) => ({
    component_id: r.dataset.id,
    originals: Number(r.querySelector('input.originals').value) || 0,
    copies: Number(r.querySelector('input.copies').value) || 0,
    certified_copies: Number(r.querySelector('input.certified').value) || 0,
  }));
}

// Required documents not ticked: the default list of a supplementation request.
function missingRequired() {
  return [...$('checklist').tBodies[0].rows].filter((r) => !r.querySelector('input.handed').checked)
    .map((r) => state.current.components.find((c) => c.id === r.dataset.id)).filter((c) => c && c.required).map((c) => c.name);
}

async function submitIntake(decision) {
  $('intake-error').textContent = '';
  if (!state.current) { $('intake-error').textContent = t('desk.no_procedure'); $('proc-search').focus(); return; }
  const invalid = Object.keys(RULES).filter((id) => !check(id, true));
  if (invalid.length) { $('intake-error').textContent = t('desk.fix_fields'); $(invalid[0]).focus(); return; }
  const body = { procedure_code: state.current.code, channel: $('a-channel').value, decision, applicant: applicant(), components: handedComponents() };
  if ($('a-fee-group').value) body.fee_group = $('a-fee-group').value;
  if (decision === 'request_supplement') {
    if (!$('o-items').value.trim()) $('o-items').value = missingRequired().join('\n');
    body.items = $('o-items').value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (!body.items.length) { $('intake-error').textContent = t('desk.missing_items'); $('o-items').focus(); return; }
    if ($('o-reason').value.trim()) body.reason = $('o-reason').value.trim();
  }
  if (decision === 'refuse') {
    body.reason = $('o-reason').value.trim();
    if (!body.reason) { $('intake-error').textContent = t('desk.missing_reason'); $('o-reason').focus(); return; }
  }
  try {
    const out = await api('POST', '/api/v1/intakes', body);
    const link = $('done-print');
    if (out.outcome === 'received') {
      const d = out.dossier;
      state.done = ['desk.received', { code: d.code, key: d.lookup_key, due: motcua.dateTime(d.due_at) }, 'desk.print_receipt', out.fees_due];
      state.doneCode = d.code;
      link.href = `/print/form.html?form=receipt&code=${encodeURIComponent(d.code)}`;
    } else {
      // Forms 02 and 03 at the counter print what the clerk just recorded (the intake record has no public read).
      const form = out.outcome === 'refused' ? 'refusal' : 'supplement';
      sessionStorage.setItem(`motcua.intake.${out.record_id}`, JSON.stringify({
        ...body, record_id: out.record_id, procedure_name: state.current.name, agency: state.user.agency,
        clerk: state.user.display_name || state.user.username, at: new Date().toISOString(),
      }));
      state.doneCode = null;
      state.done = [form === 'refusal' ? 'desk.refused' : 'desk.supplement_requested', { id: out.record_id },
        form === 'refusal' ? 'desk.print_refusal' : 'desk.print_supplement'];
      link.href = `/print/form.html?form=${form}&record=${out.record_id}`;
    }
    showDone();
    $('b-digitise').hidden = !state.doneCode;
    $('intake-form').hidden = true;
    $('intake-done').hidden = false;
    link.focus();
  } catch (e) {
    const f = e.error?.field || '';
    $('intake-error').textContent = e.message + (f ? ` (${f})` : '');
  }
}
// The answer of the last intake, kept so that it follows a change of language.
function showDone() {
  if (!state.done) return;
  const [text, vars, link, feesDue] = state.done;
  $('done-text').textContent = t(text, vars) + (feesDue ? ` ${vt('Phí, lệ phí phải nộp', 'Fees due')}: ${money(feesDue)}.` : '');
  $('done-print').textContent = t(link);
}
$('intake-form').addEventListener('submit', (e) => { e.preventDefault(); submitIntake('receive'); });
$('b-supplement').addEventListener('click', () => submitIntake('request_supplement'));
$('b-refuse').addEventListener('click', () => submitIntake('refuse'));
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !$('intake').hidden && !$('intake-form').hidden) { e.preventDefault(); submitIntake('receive'); }
});
$('b-new').addEventListener('click', () => {
  $('intake-form').reset();
  $('rep').hidden = true;
  for (const i of document.querySelectorAll('#intake-form [aria-invalid]')) i.setAttribute('aria-invalid', 'false');
  for (const s of document.querySelectorAll('#intake-form small.invalid')) s.textContent = '';
  state.current = null;
  $('checklist').tBodies[0].replaceChildren();
  $('proc-info').textContent = '';
  $('preview').textContent = '';
  filterProcedures();
  $('intake-done').hidden = true;
  $('intake-form').hidden = false;
  $('proc-search').focus();
});

// ---------- queue ----------
const OPEN = ['received', 'processing', 'supplement_requested', 'financial_obligation', 'result_ready'];

async function allPages(path) {
  const items = [];
  for (let page = 1; page <= 40; page++) {
    const r = await api('GET', `${path}&page=${page}`);
    items.push(...r.items);
    if (items.length >= r.total || r.items.length === 0) break;
  }
  return items;
}

// The service mode as the record and the receipt show it ("online, helped by a volunteer (who)").
const serviceText = (d) => t(`service.${d.service_mode || 'counter'}`, { who: d.prepared_by || '' });

// Online submissions waiting for the clerk's decision (status 1, and 5 before receipt), oldest first.
async function loadOnline() {
  const agency = encodeURIComponent(state.user.agency);
  const [fresh, waiting] = await Promise.all([
    allPages(`/api/v1/dossiers?agency=${agency}&status=submitted_online`),
    allPages(`/api/v1/dossiers?agency=${agency}&status=supplement_requested`),
  ]);
  const rows = [...fresh, ...waiting.filter((d) => !d.received_at)]
    .sort((a, b) => a.submitted_at.localeCompare(b.submitted_at) || a.code.localeCompare(b.code));
  $('online-count').textContent = t('desk.online_count', { n: rows.length });
  $('online-table').tBodies[0].replaceChildren(...rows.map((d) => {
    const tr = el('tr');
    tr.tabIndex = 0;
    tr.dataset.code = d.code;
    tr.append(el('td', d.code), el('td', state.procByCode.get(d.procedure_code)?.name || d.procedure_code), el('td', d.applicant.name),
      el('td', t(`status.${d.status}`)), el('td', motcua.dateTime(d.submitted_at)), el('td', serviceText(d)));
    tr.addEventListener('click', () => openDossier(d.code));
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') openDossier(d.code); });
    return tr;
  }));
}

async function loadQueue() {
  loadOnline().catch((e) => console.error(e));
  const agency = encodeURIComponent(state.user.agency);
  const [lists, overdue, near] = await Promise.all([
    Promise.all(OPEN.map((s) => allPages(`/api/v1/dossiers?agency=${agency}&status=${s}`))),
    api('GET', `/api/v1/reports/overdue?agency=${agency}`),
    api('GET', `/api/v1/reports/overdue?agency=${agency}&near_due=true`),
  ]);
  const late = new Set(overdue.items.map((i) => i.code));
  const soon = new Set(near.items.map((i) => i.code));
  // (A status 5 not yet received is an online submission waiting for its supplement: listed above.)
  const rows = lists.flat().filter((d) => d.due_at).sort((a, b) => a.due_at.localeCompare(b.due_at) || a.code.localeCompare(b.code));
  $('queue-count').textContent = t('desk.queue_count', { n: rows.length });
  $('queue-table').tBodies[0].replaceChildren(...rows.map((d) => {
    const tr = el('tr');
    tr.tabIndex = 0;
    tr.dataset.code = d.code;
    const mark = el('td');
    if (late.has(d.code)) { tr.classList.add('overdue'); mark.append(el('span', t('desk.overdue'), 'badge overdue')); }
    else if (soon.has(d.code)) { tr.classList.add('near'); mark.append(el('span', t('desk.near_due'), 'badge near')); }
    if (d.apologized) mark.append(' ', el('span', t('desk.apologized'), 'badge apology'));
    tr.append(el('td', d.code), el('td', state.procByCode.get(d.procedure_code)?.name || d.procedure_code), el('td', d.applicant.name),
      el('td', t(`status.${d.status}`)), el('td', motcua.dateTime(d.due_at)), mark);
    tr.addEventListener('click', () => openDossier(d.code));
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') openDossier(d.code); });
    return tr;
  }));
}
$('b-refresh').addEventListener('click', loadQueue);
// Right after intake: open the new dossier's scans (attach at intake).
$('b-digitise').addEventListener('click', async () => {
  location.hash = 'queue';
  showTab('queue');
  await openDossier(state.doneCode);
  $('d-files').querySelector('input[type=file]')?.focus();
});

const NEEDS = {
  handover: ['to_unit', 'note'], consult: ['agency', 'note'], request_supplement: ['items', 'reason'], supplement_received: ['note'],
  pause: ['reason'], resume: ['note'], apologize: ['reason', 'signer', 'new_due_at'], result_ready: ['note'],
  return_result: ['method', 'note'], withdraw: ['reason'], stop: ['reason'],
  // The decisions on an online submission (POST …/intake, the counter intake's rules).
  receive: [], request_supplement_at_intake: ['items', 'reason'], refuse: ['reason'],
};
const INTAKE_DECISION = { receive: 'receive', request_supplement_at_intake: 'request_supplement', refuse: 'refuse' };

function printLink(form, code, label) {
  return Object.assign(el('a', t(label)), { href: `/print/form.html?form=${form}&code=${encodeURIComponent(code)}`, target: '_blank', rel: 'noopener' });
}

async function openDossier(code) {
  const d = await api('GET', `/api/v1/dossiers/${encodeURIComponent(code)}`);
  // An action form the clerk opened while this answer was on its way stays open if it still applies.
  const keepForm = state.dossier?.code === code && !$('event-form').hidden && d.allowed_events.includes($('e-type').value);
  state.dossier = d;
  for (const r of $('queue-table').tBodies[0].rows) r.classList.toggle('selected', r.dataset.code === code);
  $('d-code').textContent = d.code;
  $('d-procedure').textContent = state.procByCode.get(d.procedure_code)?.name || d.procedure_code;
  $('d-applicant').textContent = `${d.applicant.name} · ${d.applicant.phone}`;
  $('d-status').textContent = t(`status.${d.status}`);
  $('d-received').textContent = d.received_at ? motcua.dateTime(d.received_at) : t('desk.not_received');
  $('d-due').textContent = d.due_at ? motcua.dateTime(d.due_at) + (d.extended_due_at ? ` (${motcua.dateTime(d.original_due_at)})` : '') : '—';
  $('d-key').textContent = d.lookup_key;
  $('d-service').textContent = serviceText(d);
  const prints = d.received_at ? [printLink('receipt', d.code, 'desk.print_receipt'), printLink('control', d.code, 'desk.print_control')] : [];
  if (d.timeline.some((e) => e.type === 'request_supplement')) prints.push(printLink('supplement', d.code, 'desk.print_supplement'));
  if (d.apologized) prints.push(printLink('apology', d.code, 'desk.print_apology'));
  if (d.status === 'stopped' && d.timeline.some((e) => e.type === 'stop')) prints.push(printLink('stop', d.code, 'desk.print_stop'));
  $('d-prints').replaceChildren(...prints);
  $('d-actions').replaceChildren(...(d.allowed_events.length ? d.allowed_events.map((type) => {
    const b = Object.assign(el('button', t(`event.${type}`)), { type: 'button' });
    b.dataset.event = type;
    b.addEventListener('click', () => openEventForm(type));
    return b;
  }) : [el('p', t('desk.no_actions'))]));
  if (!keepForm) $('event-form').hidden = true;
  $('d-timeline').replaceChildren(...d.timeline.map((e) => el('li', `${motcua.dateTime(e.at)} — ${t(`event.${e.type}`)}${e.actor ? ` (${e.actor})` : ''}${e.reason ? `: ${e.reason}` : ''}${e.items ? ` [${e.items.join('; ')}]` : ''}`)));
  $('dossier').hidden = false;
  await loadFees();
  if (!keepForm) $('files-msg').textContent = '';
  loadFiles(d).catch((err) => { $('files-msg').textContent = err.message; });
}

function openEventForm(type) {
  $('e-type').value = type;
  $('event-form').reset();
  $('e-type').value = type;
  for (const f of ['to_unit', 'agency', 'items', 'reason', 'signer', 'new_due_at', 'method', 'note']) $(`f-${f}`).hidden = !(NEEDS[type] || []).includes(f);
  $('event-msg').textContent = '';
  $('event-form').hidden = false;
  const first = $('event-form').querySelector('label:not([hidden]) input, label:not([hidden]) textarea, label:not([hidden]) select');
  (first || $('event-form').querySelector('button')).focus();
}

$('event-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const type = $('e-type').value;
  const body = { type };
  const needs = NEEDS[type] || [];
  for (const f of ['to_unit', 'agency', 'reason', 'signer', 'note']) if (needs.includes(f) && $(`e-${f}`).value.trim()) body[f] = $(`e-${f}`).value.trim();
  if (needs.includes('items')) body.items = $('e-items').value.split('\n').map((s) => s.trim()).filter(Boolean);
  if (needs.includes('method')) body.method = $('e-method').value;
  if (needs.includes('new_due_at') && $('e-new_due_at').value) body.new_due_at = `${$('e-new_due_at').value.slice(0, 16)}:00+07:00`;
  try {
    if (INTAKE_DECISION[type]) {
      const decision = { decision: INTAKE_DECISION[type] };
      if (body.items) decision.items = body.items;
      if (body.reason) decision.reason = body.reason;
      await api('POST', `/api/v1/dossiers/${encodeURIComponent(state.dossier.code)}/intake`, decision);
    } else {
      await api('POST', `/api/v1/dossiers/${encodeURIComponent(state.dossier.code)}/events`, body);
    }
    $('event-form').hidden = true;
    await openDossier(state.dossier.code);
    $('event-msg').textContent = t('desk.event_done', { event: t(`event.${type}`) });
    loadQueue();
  } catch (err) {
    $('event-msg').textContent = err.message + (err.error?.field ? ` (${err.error.field})` : '');
  }
});

// ---------- fees and payments (docs/payments.md) ----------
// Texts of this part in both languages, without touching the shared dictionary.
const vt = (vi, en) => (motcua.lang === 'en' ? en : vi);
const money = (n) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
const METHOD = { cash: ['Tiền mặt', 'cash'], bank_transfer: ['Chuyển khoản', 'bank transfer'], online: ['Trực tuyến', 'online'] };
function translateFeeTexts() {
  for (const n of document.querySelectorAll('.vi-en')) n.textContent = vt(n.dataset.vi, n.dataset.en);
}

async function loadFeeGroups() {
  try {
    const r = await api('GET', '/api/v1/fee-groups');
    $('a-fee-group').replaceChildren(Object.assign(el('option', '—'), { value: '' }),
      ...r.groups.map((g) => Object.assign(el('option', g.percent === 100 ? g.name : `${g.name} (${g.percent}%)`), { value: g.id })));
  } catch (e) { console.error(e); }
}

async function loadFees() {
  const d = state.dossier;
  const a = await api('GET', `/api/v1/dossiers/${encodeURIComponent(d.code)}/fees`);
  state.fees = a;
  $('fee-lines').tBodies[0].replaceChildren(...a.lines.map((l) => {
    const tr = el('tr');
    tr.append(el('td', l.name + (l.exemption ? ` — ${l.exemption}` : '')), el('td', money(l.amount), 'num'), el('td', money(l.exempted), 'num'), el('td', money(l.due), 'num'));
    return tr;
  }));
  $('fee-payments').replaceChildren(...a.payments.map((p) => {
    const li = el('li', `${motcua.dateTime(p.at)} — ${vt(...METHOD[p.method])} ${money(p.amount)} · ${vt('Biên lai', 'Receipt')} ${p.receipt_no}` +
      (p.reference ? ` · ${p.reference}` : '') + (p.reversed ? ` · ${vt('đã hủy', 'reversed')}` : '') + (p.note ? ` · ${p.note}` : ''));
    li.dataset.payment = p.id;
    if (p.amount > 0 && !p.reversed && p.method !== 'online') {
      const b = Object.assign(el('button', vt('Hủy (nhập nhầm)', 'Reverse (mistake)')), { type: 'button', className: 'reverse' });
      b.addEventListener('click', () => reversePayment(p));
      li.append(' ', b);
    }
    return li;
  }));
  $('fee-total').textContent = a.lines.length
    ? `${vt('Phải nộp', 'Due')}: ${money(a.due)} · ${vt('Đã nộp', 'Paid')}: ${money(a.paid)} · ${vt('Còn phải nộp', 'Outstanding')}: ${money(a.outstanding)}`
    : vt('Hồ sơ không có phí, lệ phí.', 'No fees on this dossier.');
  const open = !['refused', 'withdrawn', 'stopped', 'returned'].includes(d.status);
  $('pay-form').hidden = !(open && a.outstanding > 0 && ['clerk', 'agency_head', 'admin'].includes(state.user.role));
  if (!$('pay-form').hidden && !$('p-amount').value) $('p-amount').value = String(a.outstanding);
  $('f-p-reference').hidden = $('p-method').value !== 'bank_transfer';
  $('obligation-form').hidden = !d.allowed_events.includes('pause');
}
$('p-method').addEventListener('change', () => { $('f-p-reference').hidden = $('p-method').value !== 'bank_transfer'; });

$('pay-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { method: $('p-method').value, amount: Number($('p-amount').value.replace(/[.\s]/g, '')) };
  if (body.method === 'bank_transfer') body.reference = $('p-reference').value.trim();
  try {
    const out = await api('POST', `/api/v1/dossiers/${encodeURIComponent(state.dossier.code)}/payments`, body);
    $('pay-form').reset();
    $('p-amount').value = '';
    await openDossier(state.dossier.code);
    $('fee-msg').textContent = `${vt('Đã thu', 'Recorded')} ${money(out.payment.amount)} · ${vt('Biên lai', 'Receipt')} ${out.payment.receipt_no}` +
      (out.resumed ? ` · ${vt('Hồ sơ tiếp tục giải quyết', 'the dossier resumed')}` : '');
    if (out.resumed) loadQueue();
  } catch (err) {
    $('fee-msg').textContent = err.message + (err.error?.field ? ` (${err.error.field})` : '');
  }
});

async function reversePayment(p) {
  const reason = window.prompt(vt('Lý do hủy khoản thu', 'Why is this entry reversed?'));
  if (!reason) return;
  try {
    await api('POST', `/api/v1/dossiers/${encodeURIComponent(state.dossier.code)}/payments/${p.id}/reversal`, { reason });
    await openDossier(state.dossier.code);
    $('fee-msg').textContent = vt(`Đã hủy biên lai ${p.receipt_no}`, `Receipt ${p.receipt_no} reversed`);
  } catch (err) {
    $('fee-msg').textContent = err.message;
  }
}

$('obligation-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { reason: $('o-ob-reason').value.trim(), lines: [{ name: $('o-ob-name').value.trim(), amount: Number($('o-ob-amount').value.replace(/[.\s]/g, '')) }] };
  try {
    await api('POST', `/api/v1/dossiers/${encodeURIComponent(state.dossier.code)}/obligations`, body);
    $('obligation-form').reset();
    await openDossier(state.dossier.code);
    $('fee-msg').textContent = vt('Đã yêu cầu thực hiện nghĩa vụ tài chính; hồ sơ tạm dừng đến khi nộp đủ.', 'Obligation raised; the dossier is paused until it is paid.');
    loadQueue();
  } catch (err) {
    $('fee-msg').textContent = err.message + (err.error?.field ? ` (${err.error.field})` : '');
  }
});

// ---------- digitisation: scans on components, marks, reuse, electronic result (docs/digitisation.md) ----------
async function upload(path, file) {
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream', 'X-CSRF-Token': state.csrf };
  const r = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: file });
  const json = await r.json().catch(() => null);
  if (!r.ok) throw Object.assign(new Error(json?.error?.message || r.statusText), { status: r.status, error: json?.error || {} });
  return json;
}

const fileLink = (code, a) => Object.assign(el('a', a.file_name), {
  href: `/api/v1/dossiers/${encodeURIComponent(code)}/files/${a.id}`, title: `${a.content_type}, ${Math.ceil(a.size / 1024)} KB`,
});

async function loadFiles(d) {
  const base = `/api/v1/dossiers/${encodeURIComponent(d.code)}`;
  const [files, procedure, reusable] = await Promise.all([
    api('GET', `${base}/files`),
    api('GET', `/api/v1/procedures/${encodeURIComponent(d.procedure_code)}`),
    api('GET', `${base}/reusable`).catch(() => ({ items: [] })),  // read-only roles may not reuse
  ]);
  if (state.dossier?.code !== d.code) return;  // another dossier was opened meanwhile
  const marks = new Map(files.components.map((m) => [m.component_id, m]));
  const closed = d.status === 'withdrawn' || d.status === 'stopped';
  $('d-files').tBodies[0].replaceChildren(...procedure.components.map((c) => {
    const mine = files.attachments.filter((a) => a.component_id === c.id);
    const mark = marks.get(c.id) || { digitised: false, certified_copy: false, reused: false };
    const tr = el('tr');
    tr.dataset.component = c.id;
    const list = el('td');
    for (const a of mine) {
      list.append(fileLink(d.code, a));
      if (a.reused_from) list.append(' ', el('span', t('desk.reused_from', { code: a.reused_from.dossier_code }), 'badge'));
      if (a.reused_by.length) list.append(' ', el('span', t('desk.reused_by', { n: a.reused_by.length }), 'badge'));
      list.append(el('br'));
    }
    const digitised = Object.assign(el('input'), { type: 'checkbox', checked: mark.digitised, disabled: closed || !mine.length });
    const certified = Object.assign(el('input'), { type: 'checkbox', checked: mark.certified_copy, disabled: closed || !mine.length });
    digitised.setAttribute('aria-label', `${t('th.digitised')}: ${c.name}`);
    certified.setAttribute('aria-label', `${t('th.e_certified')}: ${c.name}`);
    const saveMark = async () => {
      if (certified.checked) digitised.checked = true;
      try {
        await api('POST', `${base}/components/${encodeURIComponent(c.id)}/digitisation`, { digitised: digitised.checked, certified_copy: certified.checked });
        $('files-msg').textContent = t('desk.marked', { name: c.name });
      } catch (err) { $('files-msg').textContent = err.message; }
      loadFiles(state.dossier);
    };
    digitised.addEventListener('change', () => { if (!digitised.checked) certified.checked = false; saveMark(); });
    certified.addEventListener('change', saveMark);
    const add = el('td');
    if (!closed) {
      const input = Object.assign(el('input'), { type: 'file', accept: 'application/pdf,image/jpeg,image/png' });
      input.setAttribute('aria-label', `${t('th.add_file')}: ${c.name}`);
      input.addEventListener('change', async () => {
        if (!input.files.length) return;
        const file = input.files[0];
        $('files-msg').textContent = t('desk.uploading', { name: file.name });
        try {
          await upload(`${base}/components/${encodeURIComponent(c.id)}/files?name=${encodeURIComponent(file.name)}`, file);
          $('files-msg').textContent = t('desk.uploaded', { name: file.name });
        } catch (err) { $('files-msg').textContent = err.status === 413 ? t('desk.file_too_large') : err.message; }
        loadFiles(state.dossier);
      });
      add.append(input);
      if (reusable.items.length) {
        const pick = el('select');
        pick.setAttribute('aria-label', `${t('desk.reuse')}: ${c.name}`);
        pick.append(Object.assign(el('option', t('desk.reuse')), { value: '' }),
          ...reusable.items.map((r) => Object.assign(el('option', `${r.file_name} — ${r.dossier_code} (${motcua.date(r.received_at)})`), { value: r.id })));
        pick.addEventListener('change', async () => {
          if (!pick.value) return;
          try {
            await api('POST', `${base}/components/${encodeURIComponent(c.id)}/reuse`, { attachment_id: Number(pick.value) });
            $('files-msg').textContent = t('desk.reused', { name: c.name });
          } catch (err) { $('files-msg').textContent = err.message; }
          loadFiles(state.dossier);
        });
        add.append(' ', pick);
      }
    }
    tr.append(el('td', c.name), list, Object.assign(el('td'), { className: 'num' }), Object.assign(el('td'), { className: 'num' }), add);
    tr.cells[2].append(digitised);
    tr.cells[3].append(certified);
    if (mark.reused) tr.cells[2].append(' ', el('span', t('desk.reused_mark'), 'badge'));
    return tr;
  }));
  // The electronic result, once the result is ready.
  const ready = d.status === 'result_ready' || d.status === 'returned';
  $('result-form').hidden = !ready || procedure.electronic_result === false;
  const r = files.result;
  $('result-current').replaceChildren();
  if (r) {
    const a = files.attachments.find((x) => x.id === r.attachment_id);
    $('result-current').append(t('desk.e_result_recorded', { number: r.number, date: motcua.date(`${r.issued_on}T00:00:00+07:00`), signer: r.signer }), ' ');
    if (a) $('result-current').append(fileLink(d.code, a));
  } else if (!$('er-issued').value) $('er-issued').value = motcua.officeNow().slice(0, 10);
}

$('result-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('er-file').files[0];
  if (!file) { $('er-file').focus(); return; }
  const q = new URLSearchParams({ number: $('er-number').value.trim(), issued_on: $('er-issued').value, signer: $('er-signer').value.trim(),
    issuing_body: $('er-body').value.trim(), name: file.name });
  try {
    await upload(`/api/v1/dossiers/${encodeURIComponent(state.dossier.code)}/result-document?${q}`, file);
    $('files-msg').textContent = t('desk.e_result_done');
    $('result-form').reset();
  } catch (err) { $('files-msg').textContent = err.message + (err.error?.field ? ` (${err.error.field})` : ''); }
  loadFiles(state.dossier);
});

// ---------- tracking book ----------
function fillBookForm() {
  const fields = [...new Set(state.procedures.map((p) => p.field))].sort((a, b) => a.localeCompare(b, 'vi'));
  $('book-field').replaceChildren(...fields.map((f) => Object.assign(el('option', f), { value: f })));
  const today = motcua.officeNow().slice(0, 10);
  $('book-from').value = `${today.slice(0, 8)}01`;
  $('book-to').value = today;
}
$('book-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = new URLSearchParams({ form: 'book', field: $('book-field').value, from: $('book-from').value, to: $('book-to').value });
  window.open(`/print/form.html?${q}`, '_blank', 'noopener');
});

translateFeeTexts();
motcua.onLang(translateFeeTexts);
motcua.onLang(() => { if (state.user) { filterProcedures(); showDone(); if (!$('queue').hidden) loadQueue(); if (state.dossier) openDossier(state.dossier.code); } });
boot();
