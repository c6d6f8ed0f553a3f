// The public procedure catalogue: every procedure is loaded once (a province publishes a few thousand at most) and
// searched here, accent-insensitively ("ho tich" finds "Hộ tịch"), by name, code or field; ?code= opens one.
'use strict';

const $ = (id) => document.getElementById(id);
const el = (tag, text, className) => Object.assign(document.createElement(tag), text === undefined ? {} : { textContent: text }, className ? { className } : {});
let procedures = [];
let agencies = new Map();

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

const durationText = (d) => motcua.t(d.unit === 'hours' ? 'unit.hours' : 'unit.days', { n: d.value });

function options(select, allKey, values) {
  const current = select.value;
  select.replaceChildren(el('option', motcua.t(allKey)), ...values.map(([value, label]) => Object.assign(el('option', label), { value })));
  select.options[0].value = '';
  select.value = current;
}

function render() {
  const words = motcua.fold($('q').value).split(/\s+/).filter(Boolean);
  const field = $('field').value, agency = $('agency').value;
  const found = procedures.filter((p) => {
    if (field && p.field !== field) return false;
    if (agency && p.agency !== agency) return false;
    const haystack = motcua.fold(`${p.name} ${p.code} ${p.field}`);
    return words.every((w) => haystack.includes(w));
  });
  $('count').textContent = found.length ? motcua.t('cat.results', { n: found.length }) : motcua.t('cat.none');
  $('results').replaceChildren(...found.map((p) => {
    const li = el('li');
    const a = Object.assign(el('a', p.name), { href: `/catalogue.html?code=${encodeURIComponent(p.code)}` });
    li.append(a, el('span', `${p.code} · ${p.field} · ${agencies.get(p.agency) || p.agency} · ${durationText(p.duration)}`, 'meta'));
    return li;
  }));
}

function money(amount) { return amount === 0 ? motcua.t('cat.free') : `${amount.toLocaleString('vi-VN')} đồng`; }

async function showProcedure(code) {
  const p = await getJson(`/api/v1/procedures/${encodeURIComponent(code)}`);
  document.title = `${p.name} — motcua`;
  $('p-name').textContent = p.name;
  $('p-code').textContent = p.code;
  $('p-field').textContent = p.field;
  $('p-agency').textContent = agencies.get(p.agency) || p.agency;
  $('p-duration').textContent = durationText(p.duration);
  $('p-online').textContent = motcua.t(`cat.online.${p.online_level}`);
  $('p-result').textContent = p.result_type || '';
  // Procedures offered online (partly or fully) can be submitted from here (submit.html).
  $('p-submit').hidden = p.online_level === 'none';
  $('p-submit-link').href = `/submit.html?code=${encodeURIComponent(p.code)}`;
  const labels = [...$('p-components').tHead.rows[0].cells].map((th) => th.textContent);
  $('p-components').tBodies[0].replaceChildren(...p.components.map((c) => {
    const tr = el('tr');
    tr.append(el('td', c.name), el('td', String(c.originals), 'num'), el('td', String(c.copies), 'num'),
      el('td', String(c.certified_copies), 'num'), el('td', motcua.t(c.required ? 'cat.required' : 'cat.optional')), el('td', c.form || ''));
    [...tr.cells].forEach((td, i) => { td.dataset.label = labels[i]; });  // phones show each cell as "label  value"
    return tr;
  }));
  $('p-fees').replaceChildren(...(p.fees.length ? p.fees : [{ name: '', amount: 0, note: '' }]).map((f) =>
    el('li', [f.name, money(f.amount), f.note].filter(Boolean).join(' — '))));
  $('p-legal').replaceChildren(...p.legal_basis.map((l) => el('li', l)));
  $('p-steps').replaceChildren(...(p.steps || []).map((s) => el('li', `${s.name} (${motcua.t('unit.hours', { n: s.hours })})`)));
  $('browse').hidden = true;
  $('procedure').hidden = false;
}

async function main() {
  const [list, agencyList] = await Promise.all([getJson('/api/v1/procedures'), getJson('/api/v1/agencies')]);
  procedures = list;
  agencies = new Map(agencyList.map((a) => [a.code, a.name]));
  const fill = () => {
    const fields = [...new Set(procedures.map((p) => p.field))].sort((a, b) => a.localeCompare(b, 'vi'));
    options($('field'), 'cat.all_fields', fields.map((f) => [f, f]));
    const used = [...new Set(procedures.map((p) => p.agency))].map((c) => [c, agencies.get(c) || c]);
    options($('agency'), 'cat.all_agencies', used.sort((a, b) => a[1].localeCompare(b[1], 'vi')));
  };
  fill();
  const params = new URLSearchParams(location.search);
  if (params.get('q')) $('q').value = params.get('q');
  if (params.get('field')) $('field').value = params.get('field');
  if (params.get('agency')) $('agency').value = params.get('agency');
  for (const id of ['q', 'field', 'agency']) $(id).addEventListener('input', render);
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  motcua.onLang(() => { fill(); render(); if (params.get('code')) showProcedure(params.get('code')); });
  render();
  if (params.get('code')) await showProcedure(params.get('code'));
}

document.addEventListener('DOMContentLoaded', () => main().catch((e) => { $('count').textContent = motcua.t('error.busy'); console.error(e); }));
