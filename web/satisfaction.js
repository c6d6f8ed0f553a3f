// Supervisor page: the SIPAS-style indexes with their sample sizes and 95% intervals, a monthly trend with its
// interval band, the expectations ranking and the citizens' ratings (report API; Chart.js from web/node_modules).
'use strict';

const $ = (id) => document.getElementById(id);
const GROUPS = { agency: 'cơ quan', procedure: 'thủ tục', channel: 'kênh khảo sát' };
const CHANNELS = { online: 'Trực tuyến (sau khi trả kết quả)', kiosk: 'Máy khảo sát tại Trung tâm', paper: 'Phiếu giấy' };
let chart = null;
let survey = null;

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json', ...(options.headers || {}) }, ...options });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(body?.error?.message || response.statusText), { status: response.status });
  return body;
}

const fmt = (x) => (x === null || x === undefined ? '–' : x.toLocaleString('vi-VN', { maximumFractionDigits: 1 }));
const ci = (v) => (v.ci_low === null || v.ci_low === undefined ? '–' : `${fmt(v.ci_low)}–${fmt(v.ci_high)}`);
const pad = (n) => String(n).padStart(2, '0');

function fill(tableId, rows) {
  $(tableId).querySelector('tbody').replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      if (cell && typeof cell === 'object') { td.textContent = cell.text; td.className = cell.className; } else {
        td.textContent = typeof cell === 'number' ? fmt(cell) : cell;
        if (typeof cell === 'number') td.className = 'num';
      }
      tr.append(td);
    }
    return tr;
  }));
}

function months(from, to) {
  const out = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) { out.push(`${y}-${pad(m)}`); m += 1; if (m > 12) { m = 1; y += 1; } }
  return out;
}

async function load() {
  const from = $('from').value, to = $('to').value, group = $('group-by').value;
  const query = `from=${from}&to=${to}`;
  const [report, monthly, ratings] = await Promise.all([
    api(`/api/v1/reports/satisfaction?${query}&group_by=${group}`),
    api(`/api/v1/reports/satisfaction?${query}&group_by=month`),
    api(`/api/v1/reports/ratings?${query}`),
  ]);
  const total = report.total;
  $('kpi-index').textContent = total.index.value === null ? '–' : `${fmt(total.index.value)} %`;
  $('kpi-ci').textContent = `KTC 95%: ${ci(total.index)}`;
  $('kpi-n').textContent = fmt(total.n);
  $('kpi-flag').textContent = total.small_sample ? 'Mẫu nhỏ: chưa đủ căn cứ xếp hạng' : `${fmt(total.responses)} phiếu`;
  $('kpi-rating').textContent = ratings.total.value === null ? '–' : `${fmt(ratings.total.value)} %`;
  $('kpi-rating-ci').textContent = `n = ${fmt(ratings.total.n)}; KTC 95%: ${ci(ratings.total)}`;
  $('group-name').textContent = GROUPS[group];
  $('csv').href = `/api/v1/reports/satisfaction?${query}&group_by=${group}&format=csv`;
  $('xlsx').href = `/api/v1/reports/satisfaction?${query}&group_by=${group}&format=xlsx`;

  const label = (r) => (group === 'channel' ? CHANNELS[r.key] || r.key : r.name || r.key || '(không rõ)');
  const sorted = [...report.rows].sort((a, b) => (a.small_sample - b.small_sample) || ((b.index.value ?? -1) - (a.index.value ?? -1)));
  fill('rows-table', sorted.map((r) => [label(r), r.n, r.index.value, ci(r.index),
    r.small_sample ? { text: 'Mẫu nhỏ', className: 'small' } : '']));
  fill('elements-table', total.elements.map((e) => [e.name || e.id, e.n, e.value, ci(e)]));
  const optionText = Object.fromEntries((survey?.expectations || []).map((x) => [x.id, x.text]));
  fill('expectations-table', total.expectations.map((x) => [optionText[x.id] || x.id, x.count, x.value, ci(x)]));
  $('method').textContent = `Phiếu ${report.survey.id} (phiên bản ${report.survey.version}). Tiêu chí: ${report.method.criterion}; yếu tố: ${report.method.element}; chỉ số chung: ${report.method.overall}; mẫu nhỏ: ${report.method.small_sample}.`;

  const labels = months(from, to);
  const byMonth = Object.fromEntries(monthly.rows.map((r) => [r.key, r]));
  const series = (f) => labels.map((m) => (byMonth[m] && byMonth[m].index.value !== null ? f(byMonth[m].index) : null));
  if (chart) chart.destroy();
  chart = new Chart($('trend'), {
    type: 'line',
    data: {
      labels: labels.map((m) => `T${Number(m.slice(5))}/${m.slice(0, 4)}`),
      datasets: [
        { label: 'Cận dưới KTC 95%', data: series((v) => v.ci_low), borderColor: 'rgba(179,38,30,0.25)', pointRadius: 0, spanGaps: true, fill: false },
        { label: 'Cận trên KTC 95%', data: series((v) => v.ci_high), borderColor: 'rgba(179,38,30,0.25)', backgroundColor: 'rgba(179,38,30,0.12)', pointRadius: 0, spanGaps: true, fill: '-1' },
        { label: 'Chỉ số hài lòng (%)', data: series((v) => v.value), borderColor: '#b3261e', spanGaps: true },
      ],
    },
    options: { animation: false, scales: { y: { min: 0, max: 100 } } },
  });
}

async function start() {
  const today = new Date();
  if (!$('to').value) $('to').value = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  if (!$('from').value) $('from').value = `${today.getFullYear()}-01-01`;
  try {
    const me = await api('/api/v1/auth/me');
    $('scope').textContent = `${me.user.display_name || me.user.username} — ${me.user.role}, ${me.user.agency}`;
    $('login-panel').hidden = true;
    $('content').hidden = false;
    survey = survey || await api('/api/v1/surveys/current');
    await load();
  } catch (e) {
    if (e.status === 401) { $('login-panel').hidden = false; $('content').hidden = true; }
    else if (e.status === 403) { $('login-panel').hidden = true; $('content').hidden = true; $('scope').textContent = 'Tài khoản này không có quyền xem báo cáo.'; }
    else throw e;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      await api('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: $('username').value, password: $('password').value }) });
      await start();
    } catch (e) { $('login-error').textContent = e.status === 401 ? 'Sai tên đăng nhập hoặc mật khẩu.' : e.message; }
  });
  $('period').addEventListener('submit', (event) => { event.preventDefault(); load().catch((e) => { $('method').textContent = e.message; }); });
  start();
});
