// Supervisor dashboard: reads the report API and draws with Chart.js (served from web/node_modules by the build).
'use strict';

const STATUS_NAMES = {
  received: 'Đã tiếp nhận', processing: 'Đang xử lý', supplement_requested: 'Yêu cầu bổ sung',
  financial_obligation: 'Thực hiện nghĩa vụ tài chính', withdrawn: 'Công dân rút hồ sơ', stopped: 'Dừng xử lý',
  result_ready: 'Đã xử lý xong', returned: 'Đã trả kết quả',
};

const $ = (id) => document.getElementById(id);
const charts = {};

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json', ...(options.headers || {}) }, ...options });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(body?.error?.message || response.statusText), { status: response.status });
  return body;
}

// dd/mm/yyyy HH:mm in office time, from an RFC 3339 instant with +07:00.
function when(instant) {
  if (!instant) return '';
  const [date, time] = instant.split('T');
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time.slice(0, 5)}`;
}

// dd/mm/yyyy from YYYY-MM-DD.
const whenDay = (day) => day.split('-').reverse().join('/');

const rate = (c) => (c.resolved_total ? ((c.resolved_early + c.resolved_on_time) * 100) / c.resolved_total : null);
const fmt = (x) => (x === null ? '–' : x.toLocaleString('vi-VN', { maximumFractionDigits: 1 }));

function fill(tableId, rows) {
  const body = $(tableId).querySelector('tbody');
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      if (cell && typeof cell === 'object') {
        // A figure that opens the dossiers behind it.
        const a = document.createElement('a');
        a.href = cell.href;
        a.textContent = fmt(cell.value);
        a.className = 'drill';
        td.className = 'num';
        td.append(a);
      } else if (typeof cell === 'number') { td.className = 'num'; td.textContent = fmt(cell); } else td.textContent = cell;
      tr.append(td);
    }
    return tr;
  }));
}

function draw(id, config) {
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart($(id), config);
}

// The last day of `year` the reports judge: for the current year, today in office time (Asia/Ho_Chi_Minh), so that
// the dossiers due later this year are not counted as overdue ("Đang quá hạn") before their due date has come.
function periodEnd(year) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  return today.startsWith(`${year}-`) ? today : `${year}-12-31`;
}

// The drill-down page for one II.06a figure of `year` (key '' = the total row).
const drill = (year, key, column, value) => ({
  value,
  href: `/drilldown.html?${new URLSearchParams({ from: `${year}-01-01`, to: periodEnd(year), group_by: 'agency', key, column })}`,
});

// The lists show their first rows; the total and the links open the whole list.
const FIRST_ROWS = 20;

// "20 / 15.000 hồ sơ" under a list, with links to the whole list: the drill-down page (paged) and the downloads.
function listFooter(id, shown, total, drillHref, csvHref) {
  const p = $(id);
  const text = document.createElement('span');
  text.textContent = total > shown ? `Hiển thị ${fmt(shown)} / ${fmt(total)} hồ sơ. ` : `${fmt(total)} hồ sơ. `;
  const links = [];
  if (total > shown) {
    const all = document.createElement('a');
    all.href = drillHref;
    all.textContent = 'Xem toàn bộ danh sách';
    all.className = 'no-print';
    links.push(all, ' ');
  }
  const csv = document.createElement('a');
  csv.href = csvHref;
  csv.textContent = 'Tải CSV';
  csv.className = 'no-print';
  links.push(csv);
  p.replaceChildren(text, ...links);
}

async function load() {
  const year = Number($('year').value);
  const period = `from=${year}-01-01&to=${periodEnd(year)}`;
  // The trend: one call answers the twelve months (group_by=month, rows keyed YYYY-MM).
  const [trend, yearReport, overdue, near, apologies] = await Promise.all([
    // Whole months (the API's rule for group_by=month); a month still to come has nothing resolved in it.
    api(`/api/v1/reports/timeliness?from=${year}-01-01&to=${year}-12-31&group_by=month`),
    api(`/api/v1/reports/timeliness?${period}&group_by=agency`),
    api(`/api/v1/reports/overdue?limit=${FIRST_ROWS}`), api(`/api/v1/reports/overdue?near_due=true&limit=${FIRST_ROWS}`),
    api(`/api/v1/reports/apologies?${period}&limit=${FIRST_ROWS}`),
  ]);
  const monthly = trend.rows;
  const statuses = Object.keys(STATUS_NAMES);
  const counts766 = await api(`/api/v1/reports/index766/counts?${period}`);
  // One call for every status (counters kept with each write); each count opens the dossiers behind it.
  const byStatus = await api('/api/v1/reports/status-counts');

  $('kpi-rate').textContent = `${fmt(rate(yearReport.total))} %`;
  $('kpi-resolved').textContent = fmt(yearReport.total.resolved_total);
  $('kpi-resolved-link').href = drill(year, '', 'resolved_total', 0).href;
  $('kpi-overdue').textContent = fmt(overdue.total);
  $('kpi-violations').textContent = fmt(apologies.counts.violations);

  draw('trend', {
    type: 'line',
    data: { labels: monthly.map((r) => `T${Number(r.key.slice(5))}/${r.key.slice(0, 4)}`), datasets: [{ label: 'Đúng hạn (%)', data: monthly.map(rate), borderColor: '#b3261e', spanGaps: true }] },
    options: { animation: false, scales: { y: { min: 0, max: 100 } } },
  });
  const ranked = [...yearReport.rows].filter((r) => r.resolved_total > 0).sort((a, b) => rate(b) - rate(a));
  draw('ranking', {
    type: 'bar',
    data: { labels: ranked.map((r) => r.name), datasets: [{ label: 'Đúng hạn (%)', data: ranked.map(rate), backgroundColor: '#1f6f8b' }] },
    options: { animation: false, indexAxis: 'y', scales: { x: { min: 0, max: 100 } } },
  });
  fill('ranking-table', ranked.map((r) => [r.name, drill(year, r.key, 'resolved_total', r.resolved_total),
    drill(year, r.key, 'resolved_late', r.resolved_late), drill(year, r.key, 'pending_overdue', r.pending_overdue), rate(r)]));
  fill('status-table', statuses.map((s) => [STATUS_NAMES[s],
    { value: byStatus.counts[s], href: `/drilldown.html?${new URLSearchParams({ status: s })}` }]));
  // Digitisation (MDSH): the indicators for the whole scope, and the raw counts per agency (docs/digitisation.md).
  const mdsh = counts766.total.indicators.filter((i) => i.group === 'MDSH');
  fill('digitisation-indicators', mdsh.map((i) => [`${i.id} ${i.name}`, i.numerator, i.denominator, i.rate_percent, i.points]));
  fill('digitisation-table', counts766.rows.filter((r) => r.dossiers > 0 || r.results_requiring_document > 0).map((r) => [
    r.name, r.dossiers, r.digitised, r.digitised_with_electronic_result, r.certified_copies, r.reused,
    r.results_requiring_document, r.electronic_results]));
  $('digitisation-csv').href = `/api/v1/reports/index766/counts?${period}&format=csv`;
  // The raw counts of the online-services group and how people were served (issue #9), per agency and in total.
  fill('online-table', [...counts766.rows, counts766.total].map((r) => [r.name, `${r.procedures_online} / ${r.procedures}`, r.dossiers,
    r.dossiers_online, r.served_counter, r.served_online_self, r.served_online_volunteer, r.served_home_visit,
    r.submissions_waiting, r.submissions_refused]));
  fill('overdue-table', overdue.items.map((i) => [i.code, when(i.due_at), i.overdue_working_hours, i.current_step, i.apology.issued ? 'Đã có' : 'Chưa']));
  fill('near-table', near.items.map((i) => [i.code, when(i.due_at), -i.overdue_working_hours, i.current_step]));
  fill('violations-table', apologies.violations.map((v) => [v.code, v.agency, when(v.original_due_at), v.result_ready_at ? when(v.result_ready_at) : 'Chưa']));
  listFooter('overdue-more', overdue.items.length, overdue.total, '/drilldown.html?list=overdue', '/api/v1/reports/overdue?format=csv');
  listFooter('near-more', near.items.length, near.total, '/drilldown.html?list=near_due', '/api/v1/reports/overdue?near_due=true&format=csv');
  listFooter('violations-more', apologies.violations.length, apologies.violations_total,
    `/drilldown.html?${new URLSearchParams({ list: 'violations', from: `${year}-01-01`, to: periodEnd(year) })}`,
    `/api/v1/reports/apologies?${period}&format=csv`);
  // Decision 766 TTTT: indicators 3.5, 3.5b, 3.6 and their counts per agency (docs/payments.md).
  fill('tttt-table', counts766.total.indicators.filter((i) => i.group === 'TTTT').map((i) => [`${i.id} ${i.name}`, i.numerator, i.denominator, i.rate_percent, i.points]));
  fill('payments-table', counts766.rows.filter((r) => r.fee_procedures || r.fee_dossiers).map((r) => [r.name, r.fee_procedures, r.procedures_with_fee_data,
    r.procedures_paid_online, r.fee_dossiers, r.paid_online_dossiers, r.paid_online_amount]));
  $('payments-csv').href = `/api/v1/reports/index766/counts?${period}&format=csv`;
  $('computed').textContent = `Số liệu tính lúc ${when(yearReport.computed_at)} (quy tắc ${yearReport.rule_version}); kỳ ${whenDay(yearReport.period.from)} – ${whenDay(yearReport.period.to)}.`;
}

async function start() {
  $('year').value = new Date().getFullYear();
  try {
    const me = await api('/api/v1/auth/me');
    $('scope').textContent = `${me.user.display_name || me.user.username} — ${me.user.role}, ${me.user.agency}`;
    $('login-panel').hidden = true;
    $('content').hidden = false;
    await load();
  } catch (e) {
    if (e.status === 401) { $('login-panel').hidden = false; $('content').hidden = true; }
    else if (e.status === 403) { $('login-panel').hidden = true; $('scope').textContent = 'Tài khoản này không có quyền xem báo cáo.'; }
    // Logged in, but a report failed: say so where the figures would be, not in the hidden login form.
    else if (!$('content').hidden) $('computed').textContent = `Không tải được số liệu: ${e.message}`;
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
  $('period').addEventListener('submit', (event) => { event.preventDefault(); load().catch((e) => { $('computed').textContent = e.message; }); });
  $('print').addEventListener('click', () => window.print());
  start();
});
