// The dossiers behind one figure of the II.06a report (GET /api/v1/reports/timeliness/dossiers), opened from the
// dashboard: the same period, grouping, row key and column, so the list is exactly as long as the figure. Also the
// dossiers behind a count by status (?status=) and the dashboard's lists in full (?list=overdue|near_due|violations).
'use strict';

const COLUMN_NAMES = {
  carried_over: 'Kỳ trước chuyển qua', received_online: 'Mới tiếp nhận trực tuyến',
  received_direct: 'Mới tiếp nhận trực tiếp', received_postal: 'Mới tiếp nhận qua bưu chính',
  received_total: 'Tổng số hồ sơ tiếp nhận', resolved_early: 'Giải quyết trước hạn', resolved_on_time: 'Giải quyết đúng hạn',
  resolved_late: 'Giải quyết quá hạn', resolved_total: 'Tổng số đã giải quyết', pending_within: 'Đang giải quyết trong hạn',
  pending_overdue: 'Đang giải quyết quá hạn', pending_total: 'Tổng số đang giải quyết', closed_other: 'Rút, dừng xử lý',
};
const CHANNELS = { direct: 'Trực tiếp', online: 'Trực tuyến', postal: 'Bưu chính' };
const RESULTS = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };

const $ = (id) => document.getElementById(id);

function when(instant) {
  if (!instant) return '';
  const [date, time] = instant.split('T');
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time.slice(0, 5)}`;
}
const day = (iso) => iso.split('-').reverse().join('/');

const STATUS_NAMES = {
  submitted_online: 'Nộp trực tuyến, chờ tiếp nhận', received: 'Đã tiếp nhận', refused: 'Không tiếp nhận',
  processing: 'Đang xử lý', supplement_requested: 'Yêu cầu bổ sung', financial_obligation: 'Thực hiện nghĩa vụ tài chính',
  withdrawn: 'Công dân rút hồ sơ', stopped: 'Dừng xử lý', result_ready: 'Đã xử lý xong', returned: 'Đã trả kết quả',
};

function rows(items) {
  $('items').querySelector('tbody').replaceChildren(...items.map((i) => {
    const tr = document.createElement('tr');
    for (const text of [i.code, i.agency, i.procedure_code || '', CHANNELS[i.channel] || i.channel || '', when(i.received_at),
      when(i.due_at), when(i.resolved_at || i.result_ready_at), RESULTS[i.timeliness] || '']) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
}

// The dossiers behind one count by status (GET /api/v1/dossiers?status=…, 50 a page, soonest due first).
async function loadStatus(wanted) {
  const status = wanted.get('status');
  const page = Math.max(1, Number(wanted.get('page')) || 1);
  $('downloads').hidden = true;
  const response = await fetch(`/api/v1/dossiers?${new URLSearchParams({ status, page })}`,
    { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    $('error').hidden = false;
    $('error').textContent = response.status === 401 ? 'Vui lòng đăng nhập ở Bảng điều hành trước.' : (body?.error?.message || response.statusText);
    return;
  }
  const pages = Math.max(1, Math.ceil(body.total / body.page_size));
  $('title').textContent = `${STATUS_NAMES[status] || status}: ${body.total} hồ sơ`;
  $('subtitle').textContent = `Hiện tại; trang ${page} / ${pages}`;
  const link = (p, text) => {
    const a = document.createElement('a');
    a.href = `/drilldown.html?${new URLSearchParams({ status, page: p })}`;
    a.textContent = text;
    return a;
  };
  $('pager').replaceChildren(...[page > 1 ? link(page - 1, '‹ Trang trước') : null, page < pages ? link(page + 1, 'Trang sau ›') : null].filter(Boolean));
  $('computed').textContent = '';
  rows(body.items);
}

// The dashboard's lists in full, 50 a page in the lists' own order (limit/offset of the report API): the overdue
// list (most overdue first), the near-due list (soonest first) and the year's apology violations.
const LISTS = {
  overdue: { title: 'Hồ sơ quá hạn', path: () => '/api/v1/reports/overdue?', items: (b) => b.items, total: (b) => b.total },
  near_due: { title: 'Sắp đến hạn (trong 1 ngày làm việc)', path: () => '/api/v1/reports/overdue?near_due=true&', items: (b) => b.items, total: (b) => b.total },
  violations: {
    title: 'Trễ hạn chưa có văn bản xin lỗi',
    path: (w) => `/api/v1/reports/apologies?${new URLSearchParams({ from: w.get('from') || '', to: w.get('to') || '' })}&`,
    items: (b) => b.violations,
    total: (b) => b.violations_total,
  },
};
const LIST_PAGE = 50;

async function loadList(wanted) {
  const list = LISTS[wanted.get('list')];
  if (!list) throw new Error('Danh sách không xác định.');
  const page = Math.max(1, Number(wanted.get('page')) || 1);
  const base = list.path(wanted);
  $('csv').href = `${base}format=csv`;
  $('xlsx').href = `${base}format=xlsx`;
  const response = await fetch(`${base}limit=${LIST_PAGE}&offset=${(page - 1) * LIST_PAGE}`,
    { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    $('error').hidden = false;
    $('error').textContent = response.status === 401 ? 'Vui lòng đăng nhập ở Bảng điều hành trước.' : (body?.error?.message || response.statusText);
    return;
  }
  const total = list.total(body);
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE));
  $('title').textContent = `${list.title}: ${total} hồ sơ`;
  $('subtitle').textContent = (body.period ? `Kỳ ${day(body.period.from)} – ${day(body.period.to)}; ` : 'Hiện tại; ') + `trang ${page} / ${pages}`;
  const link = (p, text) => {
    const a = document.createElement('a');
    const query = new URLSearchParams(wanted);
    query.set('page', p);
    a.href = `/drilldown.html?${query}`;
    a.textContent = text;
    return a;
  };
  $('pager').replaceChildren(...[page > 1 ? link(page - 1, '‹ Trang trước') : null, page < pages ? link(page + 1, 'Trang sau ›') : null].filter(Boolean));
  $('computed').textContent = `Tính lúc ${when(body.computed_at)}.`;
  rows(list.items(body).map((i) => ({ ...i, due_at: i.due_at || i.original_due_at })));
}

async function load() {
  const wanted = new URLSearchParams(location.search);
  if (wanted.get('status')) return loadStatus(wanted);
  if (wanted.get('list')) return loadList(wanted);
  const query = new URLSearchParams();
  for (const k of ['from', 'to', 'group_by', 'window', 'key', 'column']) if (wanted.get(k)) query.set(k, wanted.get(k));
  const path = `/api/v1/reports/timeliness/dossiers?${query}`;
  $('csv').href = `${path}&format=csv`;
  $('xlsx').href = `${path}&format=xlsx`;
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    $('error').hidden = false;
    $('error').textContent = response.status === 401 ? 'Vui lòng đăng nhập ở Bảng điều hành trước.' : (body?.error?.message || response.statusText);
    return;
  }
  $('title').textContent = `${COLUMN_NAMES[body.column] || body.column}: ${body.total} hồ sơ`;
  $('subtitle').textContent = `Kỳ ${day(body.period.from)} – ${day(body.period.to)}` + (body.key ? `; nhóm ${body.key}` : '; tất cả');
  $('computed').textContent = `Tính lúc ${when(body.computed_at)} (quy tắc ${body.rule_version}).`;
  rows(body.items);
}

document.addEventListener('DOMContentLoaded', () => {
  $('print').addEventListener('click', () => window.print());
  load().catch((e) => { $('error').hidden = false; $('error').textContent = e.message; });
});
