// Online pre-submission (docs/web.md): a citizen on their phone, without an account, fills in a procedure's form and
// gets the dossier code and lookup key; a volunteer or a staff member who is logged in (helper) submits the same form
// on someone's behalf and sees the dossiers they prepared. ?code= names the procedure (from the catalogue page).
'use strict';

const $ = (id) => document.getElementById(id);
const el = (tag, text, className) => Object.assign(document.createElement(tag), text === undefined ? {} : { textContent: text }, className ? { className } : {});
const t = (...a) => motcua.t(...a);
const state = { procedure: null, helper: null, csrf: '', sent: null };

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const r = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await r.json().catch(() => null);
  if (!r.ok) throw Object.assign(new Error(json?.error?.message || r.statusText), { status: r.status, error: json?.error || {} });
  return json;
}

function renderProcedure() {
  const p = state.procedure;
  $('procedure').textContent = p.name;
  $('procedure-info').textContent = `${p.code} · ${t(`cat.online.${p.online_level}`)}`;
  if (p.online_level === 'none') { $('error').textContent = t('sub.not_online'); $('procedure-info').textContent += ` — ${t('sub.not_online')}`; return; }
  const checked = new Set([...document.querySelectorAll('#components input:checked')].map((i) => i.dataset.id));
  $('components').replaceChildren(...p.components.map((c) => {
    const box = Object.assign(el('input'), { type: 'checkbox', checked: checked.has(c.id) });
    box.dataset.id = c.id;
    const label = el('label');
    label.append(box, el('span', c.name), ' ', el('span', t(c.required ? 'cat.required' : 'cat.optional'), c.required ? 'req' : 'muted'));
    // The scan itself (PDF, JPEG or PNG; checked by the server): choosing a file ticks the component.
    const file = Object.assign(el('input'), { type: 'file', accept: 'application/pdf,image/jpeg,image/png' });
    file.dataset.id = c.id;
    file.setAttribute('aria-label', c.name);
    file.addEventListener('change', () => { if (file.files.length) box.checked = true; });
    const li = el('li');
    li.append(label, file);
    return li;
  }));
  $('submit-form').hidden = false;
}

function renderHelper() {
  const h = state.helper;
  if (!h) return;
  const who = h.display_name || h.username;
  $('helper').textContent = t(h.role === 'volunteer' ? 'sub.as_volunteer' : 'sub.as_staff', { who });
  $('helper').hidden = false;
}

async function loadMine() {
  if (!state.helper) return;
  const page = await api('GET', '/api/v1/submissions');
  $('mine-title').textContent = t('sub.mine', { n: page.total });
  $('mine-list').replaceChildren(...page.items.map((d) => el('li', `${d.code} — ${d.applicant.name} — ${t(`status.${d.status}`)}`)));
  $('mine').hidden = false;
}

function showSent() {
  if (!state.sent) return;
  const d = state.sent;
  $('sent-text').textContent = t('sub.sent', { code: d.code, key: d.lookup_key })
    + (state.attached ? ` ${t('sub.attached', { n: state.attached })}` : '')
    + (state.failed ? ` ${t('sub.not_attached', { names: state.failed.join(', ') })}` : '');
  $('sent-link').href = `/lookup.html?code=${encodeURIComponent(d.code)}&key=${encodeURIComponent(d.lookup_key)}`;
}

$('submit-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('error').textContent = '';
  const p = state.procedure;
  const attached = new Set([...document.querySelectorAll('#components input:checked')].map((i) => i.dataset.id));
  if (p.components.some((c) => c.required && !attached.has(c.id))) { $('error').textContent = t('sub.missing'); return; }
  for (const id of ['a-name', 'a-id', 'a-phone', 'a-address'])
    if (!$(id).value.trim()) { $('error').textContent = t('v.required'); $(id).focus(); return; }
  const applicant = { name: $('a-name').value.trim(), id_number: $('a-id').value.trim(), phone: $('a-phone').value.trim(), address: $('a-address').value.trim() };
  if ($('a-email').value.trim()) applicant.email = $('a-email').value.trim();
  const components = p.components.filter((c) => attached.has(c.id)).map((c) => ({
    component_id: c.id, originals: c.originals, copies: c.copies, certified_copies: c.certified_copies,
  }));
  try {
    state.sent = await api('POST', state.helper ? '/api/v1/submissions' : '/api/v1/public/submissions',
      { procedure_code: p.code, applicant, components });
    // Then the scans, each as the raw body of its own request, authenticated by the submission's key.
    const { code, lookup_key: key } = state.sent;
    for (const input of document.querySelectorAll('#components input[type=file]')) {
      for (const f of input.files) {
        const r = await fetch(`/api/v1/public/submissions/${encodeURIComponent(code)}/components/${encodeURIComponent(input.dataset.id)}/files`
          + `?key=${encodeURIComponent(key)}&name=${encodeURIComponent(f.name)}`, { method: 'POST', body: f, headers: { 'Content-Type': f.type || 'application/octet-stream' } });
        if (r.ok) state.attached = (state.attached || 0) + 1;
        else state.failed = [...(state.failed || []), f.name];
      }
    }
    showSent();
    $('submit-form').hidden = true;
    $('sent').hidden = false;
    $('sent-link').focus();
    loadMine().catch(() => {});
  } catch (err) {
    const f = err.error?.field || '';
    $('error').textContent = err.status === 429 ? t('error.busy') : err.message + (f ? ` (${f})` : '');
  }
});

async function main() {
  const code = new URLSearchParams(location.search).get('code');
  try {
    const me = await api('GET', '/api/v1/auth/me');
    state.helper = me.user;
    state.csrf = me.csrf_token;
  } catch (e) { /* no session: a citizen on their own */ }
  renderHelper();
  loadMine().catch(() => {});
  if (!code) { location.replace('/catalogue.html'); return; }
  state.procedure = await api('GET', `/api/v1/procedures/${encodeURIComponent(code)}`);
  renderProcedure();
  motcua.onLang(() => { renderHelper(); renderProcedure(); showSent(); loadMine().catch(() => {}); });
}

document.addEventListener('DOMContentLoaded', () => main().catch((e) => { $('error').textContent = t('error.busy'); console.error(e); }));
