// Printable forms, filled in the browser from the JSON API (docs/decisions/0020-print-forms-in-the-browser.md):
//   ?form=receipt|supplement|apology|control|stop&code=CODE  a dossier's form (staff session needed)
//   ?form=supplement|refusal&record=ID                      forms 02/03 at intake, from what the desk just recorded
//   ?form=book&field=F&from=YYYY-MM-DD&to=YYYY-MM-DD        the tracking book of a field for a period
// The form set (2018 or 2025) follows the dossier's receipt date (config.json, domain.md §0 and §2.1).
'use strict';

const $ = (id) => document.getElementById(id);
const el = (tag, text, className) => Object.assign(document.createElement(tag), text === undefined ? {} : { textContent: text }, className ? { className } : {});
const p = (text, className) => el('p', text, className);
const dots = '……………………';
let config = null;
let agencies = new Map();
let me = null;  // the logged-in user: staff are named by display name when it is them, else by username
const staffName = (username) => (me && me.username === username && me.display_name) || username;

// Form numbers and titles per set (domain.md §2.1).
const FORMS = {
  receipt: { no: { 2018: '01', 2025: '01' }, title: { 2018: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', 2025: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' } },
  supplement: { no: { 2018: '02', 2025: '02' }, title: { 2018: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', 2025: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' } },
  refusal: { no: { 2018: '03', 2025: '03' }, title: { 2018: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', 2025: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' } },
  apology: { no: { 2018: '04', 2025: '04' }, title: { 2018: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', 2025: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết' } },
  control: { no: { 2018: '05', 2025: '06' }, title: { 2018: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', 2025: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' } },
  book: { no: { 2018: '06', 2025: '07' }, title: { 2018: 'Sổ theo dõi hồ sơ', 2025: 'Sổ theo dõi hồ sơ' } },
  stop: { no: { 2025: '05' }, title: { 2025: 'Thông báo dừng giải quyết hồ sơ' } },  // new in the 2025 set
};
const SOURCE = { 2018: 'Thông tư số 01/2018/TT-VPCP', 2025: 'Phụ lục I, Thông tư số 03/2025/TT-VPCP' };
const RESULT = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
const METHOD = { counter: 'Trực tiếp tại Bộ phận Một cửa', post: 'Qua dịch vụ bưu chính', electronic: 'Trực tuyến' };

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const json = await r.json().catch(() => null);
  if (!r.ok) throw Object.assign(new Error(json?.error?.message || `${r.status} ${r.statusText}`), { status: r.status });
  return json;
}

// 2018 set for dossiers under the 2018 rules or received before the configured switch; the 2025 set after it.
function formSet(ruleSet, receivedAt) {
  if (ruleSet === 'decree-61-2018') return 2018;
  const day = (receivedAt || '').slice(0, 10);  // office date: the API writes instants with +07:00
  return day && day < config.form_set_2025_from ? 2018 : 2025;
}

function placeOf(code) {
  if (config.places[code]) return config.places[code];
  const name = agencies.get(code)?.name || '';
  return name.replace(/^(Ủy ban nhân dân|UBND)\s+(tỉnh|thành phố|phường|xã|đặc khu)\s+/i, '').replace(/^.*\s(tỉnh|thành phố)\s+/i, '') || name;
}

function header(set, form, agencyCode, number, at) {
  const agency = agencies.get(agencyCode) || { name: agencyCode, level: '' };
  const lines = config.unit_line[set];
  $('issuer-parent').textContent = agency.name.replace(/^Ủy ban nhân dân/, 'UBND');
  $('issuer-unit').textContent = (lines[agency.level] || lines.default).toUpperCase();
  $('number').textContent = number;
  $('place-date').textContent = `${placeOf(agencyCode)}, ${motcua.longDate(at)}`;
  $('form-no').textContent = `Mẫu số ${FORMS[form].no[set]} — ${SOURCE[set]}`;
  $('title').textContent = FORMS[form].title[set];
  $('form-set').textContent = `Bộ biểu mẫu ${set}`;
  document.title = `${FORMS[form].title[set]} — motcua`;
  $('sheet').dataset.form = form;
  $('sheet').dataset.set = String(set);
}

function signatures(left, right) {
  const block = (s) => {
    const d = el('div', undefined, 'sign');
    if (!s) return d;
    d.append(p(s.role, 'role'), p(s.hint || '(Ký và ghi rõ họ tên)', 'hint'), p(s.name || ''));
    return d;
  };
  $('signatures').replaceChildren(block(left), block(right));
}

function line(label, value) {
  const para = p('');
  para.append(`${label}: `, el('span', value || dots, value ? 'value' : 'dots'));
  return para;
}

function applicantLines(a) {
  const out = [line('Số định danh cá nhân/mã số doanh nghiệp', a.id_number), line('Địa chỉ', a.address),
    line('Số điện thoại', a.phone), line('Thư điện tử', a.email)];
  if (a.representative) out.push(line('Người được ủy quyền', `${a.representative.name}, số định danh ${a.representative.id_number}${a.representative.phone ? `, điện thoại ${a.representative.phone}` : ''}`));
  return out;
}

const seq = (code) => code.split('-').pop();
const duration = (d) => `${d.value} ${d.unit === 'hours' ? 'giờ làm việc' : 'ngày làm việc'}`;
// Hand-over times on the control slip are written "hh:mm dd/mm/yyyy" (domain.md §2.2, form 05/06).
const hm = (instant) => `${motcua.time(instant)} ${motcua.date(instant)}`;
const hourDate = (instant) => { const x = motcua.officeParts(instant); return x ? `${x.h} giờ ${x.mi} phút, ngày ${x.d}/${x.mo}/${x.y}` : dots; };

function table(headers, rows, numeric = []) {
  const t = el('table');
  const head = el('tr');
  for (const h of headers) head.append(el('th', h));
  t.append(Object.assign(el('thead'), {}), el('tbody'));
  t.tHead.append(head);
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((c, i) => tr.append(el('td', c === undefined || c === null ? '' : String(c), numeric.includes(i) ? 'num' : undefined)));
    t.tBodies[0].append(tr);
  }
  return t;
}

// How the person was served (issue #9), printed on the receipt.
const SERVICE_MODE = {
  counter: 'Tại Bộ phận Một cửa', online_self: 'Nộp trực tuyến', online_volunteer: 'Nộp trực tuyến với sự hỗ trợ của tình nguyện viên',
  home_visit: 'Cán bộ phục vụ tại nhà',
};

// ---------- Form 01: receipt and appointment slip, with the lookup QR ----------
function receipt(d, procedure, set) {
  header(set, 'receipt', d.agency, `Số: ${seq(d.code)}/TTPVHCC(BPTNTKQ)`, d.received_at);
  $('subtitle').textContent = `Mã hồ sơ: ${d.code}`;
  const names = new Map(procedure.components.map((c) => [c.id, c.name]));
  const rows = d.components.map((c, i) => [i + 1, names.get(c.component_id) || c.component_id, c.originals, c.copies, c.certified_copies]);
  const qr = el('div', undefined, 'qr');
  const img = Object.assign(el('img'), { id: 'qr', alt: `QR ${d.code}`, src: `/api/v1/dossiers/${encodeURIComponent(d.code)}/receipt-qr.svg` });
  const qrText = el('div');
  qrText.append(p('Quét mã QR hoặc vào trang Tra cứu hồ sơ để theo dõi tình trạng giải quyết.'), p(`Mã hồ sơ: ${d.code}`), p(`Mã tra cứu: ${d.lookup_key}`, 'strong'));
  qr.append(img, qrText);
  $('body').replaceChildren(
    line('Đơn vị tiếp nhận', agencies.get(d.agency)?.name),
    line('Tiếp nhận hồ sơ của', d.applicant.name), ...applicantLines(d.applicant),
    line('Nội dung yêu cầu giải quyết', procedure.name),
    line('Hình thức phục vụ', SERVICE_MODE[d.service_mode || 'counter'] + (d.prepared_by ? ` (${staffName(d.prepared_by)})` : '')
      + (d.submitted_at ? `, nộp trực tuyến lúc ${hourDate(d.submitted_at)}` : '')),
    p('1. Thành phần hồ sơ nộp gồm:'),
    table(['STT', 'Tên giấy tờ', 'Bản chính', 'Bản sao', 'Bản sao chứng thực'], rows, [0, 2, 3, 4]),
    p('2. Số lượng hồ sơ: 01 (bộ)'),
    p(`3. Thời gian giải quyết hồ sơ theo quy định là: ${duration(procedure.duration)}`),
    p(`4. Thời gian nhận hồ sơ: ${hourDate(d.received_at)}`),
    p(`5. Thời gian trả kết quả giải quyết hồ sơ: ${hourDate(d.original_due_at)}`),
    p(`6. Đăng ký nhận kết quả tại: ${agencies.get(d.agency)?.name || d.agency}`),
    p(`Vào Sổ theo dõi hồ sơ, Quyển số: ${d.received_at.slice(0, 4)}, Số thứ tự: ${seq(d.code)}`),
    qr,
    p('Trường hợp có kết quả sớm hơn hẹn, cơ quan sẽ thông báo qua tin nhắn hoặc thư điện tử. Khi đến nhận kết quả, vui lòng mang theo Giấy tiếp nhận này.', 'note'),
  );
  signatures({ role: 'Người nộp hồ sơ', name: d.applicant.name }, { role: 'Người tiếp nhận hồ sơ', name: staffName(d.received_by) });
}

// ---------- Form 02: supplementation request ----------
function supplement(src, set) {
  header(set, 'supplement', src.agency, `Số: ${src.number}/PBS-BPTNTKQ`, src.at);
  $('subtitle').textContent = src.code ? `Mã hồ sơ: ${src.code}` : '';
  $('body').replaceChildren(
    line('Hồ sơ của', src.applicant.name), line('Nội dung yêu cầu giải quyết', src.procedure_name), ...applicantLines(src.applicant),
    p(`Sau khi xem xét thành phần hồ sơ, ${agencies.get(src.agency)?.name || src.agency} yêu cầu Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`),
    el('ol'),
    line('Lý do', src.reason),
    p('Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với cán bộ hướng dẫn để được giải đáp.'),
    line('Cán bộ hướng dẫn', src.officer),
  );
  $('body').querySelector('ol').replaceChildren(...src.items.map((i) => el('li', i)));
  signatures(null, { role: 'Người hướng dẫn', hint: '(Ký và ghi rõ họ tên)', name: src.officer });
}

// ---------- Form 03: refusal slip ----------
function refusal(src, set) {
  header(set, 'refusal', src.agency, `Số: ${src.number}/PTC-BPTNTKQ`, src.at);
  $('subtitle').textContent = '';
  $('body').replaceChildren(
    line('Đơn vị tiếp nhận', agencies.get(src.agency)?.name),
    line('Tiếp nhận hồ sơ của', src.applicant.name), ...applicantLines(src.applicant),
    line('Mã hồ sơ', src.code || '(không cấp mã)'),
    line('Nội dung yêu cầu giải quyết', src.procedure_name),
    p(`Sau khi nghiên cứu, đối chiếu với quy định hiện hành, ${agencies.get(src.agency)?.name || src.agency} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`),
    p(src.reason, 'strong'),
    p('Xin thông báo để Ông/Bà được biết và thực hiện.'),
  );
  signatures({ role: 'Người nộp hồ sơ', name: src.applicant.name }, { role: 'Người tiếp nhận hồ sơ', name: src.officer });
}

// ---------- Form 04: apology and re-appointment / extension request ----------
function apology(d, procedure, set) {
  const e = [...d.timeline].reverse().find((x) => x.type === 'apologize');
  if (!e) throw new Error('Hồ sơ này chưa có văn bản xin lỗi.');
  header(set, 'apology', d.resolving_agency, `Số: ${seq(d.code)}/PXL`, e.at);
  $('subtitle').textContent = '';
  const agencyName = agencies.get(d.resolving_agency)?.name || d.resolving_agency;
  $('body').replaceChildren(
    p(`Kính gửi: Ông/Bà ${d.applicant.name}`, 'center strong'),
    p(`Ngày ${motcua.date(d.received_at)}, ${agencies.get(d.agency)?.name || d.agency} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính ${procedure.name} của Ông/Bà ${d.applicant.name} (số định danh ${d.applicant.id_number}), mã hồ sơ ${d.code}.`),
    p(`Thời gian hẹn trả kết quả giải quyết hồ sơ: ${hourDate(d.original_due_at)}.`),
    p(`Tuy nhiên đến nay, ${agencyName} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng hẹn.`),
    line('Lý do', e.reason),
    p(`Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${agencyName} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào ${hourDate(e.new_due_at)}.`),
    p('Rất mong nhận được sự thông cảm của Ông/Bà.'),
  );
  signatures(null, { role: 'Thủ trưởng cơ quan, đơn vị', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: e.signer });
}

// ---------- Form 05 of the 2025 set: stop notice (the 2018 set has none) ----------
function stopNotice(d, procedure, set) {
  const e = [...d.timeline].reverse().find((x) => x.type === 'stop');
  if (!e) throw new Error('Hồ sơ này không bị dừng giải quyết.');
  if (set !== 2025) throw new Error('Bộ biểu mẫu 2018 không có mẫu thông báo dừng giải quyết hồ sơ.');
  header(set, 'stop', d.resolving_agency, `Số: ${seq(d.code)}/TB-DGQ`, e.at);
  $('subtitle').textContent = `Mã hồ sơ: ${d.code}`;
  const agencyName = agencies.get(d.resolving_agency)?.name || d.resolving_agency;
  const step = procedure.steps?.[d.step.index];
  $('body').replaceChildren(
    p(`Kính gửi: Ông/Bà ${d.applicant.name}`, 'center strong'),
    p(`Ngày ${motcua.date(d.received_at)}, ${agencies.get(d.agency)?.name || d.agency} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính ${procedure.name} của Ông/Bà (số định danh ${d.applicant.id_number}), mã hồ sơ ${d.code}.`),
    line('Bước giải quyết đã thực hiện đến', step ? `${d.step.index + 1}. ${step.name}` : ''),
    p(`Ngày ${motcua.date(e.at)}, ${agencyName} dừng giải quyết hồ sơ nêu trên.`),
    line('Lý do', e.reason),
    line('Phí, lệ phí và nghĩa vụ tài chính đã nộp được xử lý như sau', ''),
    p(`${agencyName} thông báo để Ông/Bà được biết.`),
  );
  signatures(null, { role: 'Thủ trưởng cơ quan, đơn vị', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: '' });
}

// ---------- Form 05 (2018) / 06 (2025): process control slip, from the recorded hand-overs ----------
function control(d, procedure, set) {
  header(set, 'control', d.agency, `Số: ${seq(d.code)}/PKS`, motcua.officeNow().slice(0, 10) + 'T00:00:00+07:00');
  $('subtitle').textContent = `Mã hồ sơ: ${d.code}`;
  const consults = d.timeline.filter((e) => e.type === 'consult').map((e) => agencies.get(e.agency)?.name || e.agency);
  const rows = [];
  let holder = `Bộ phận tiếp nhận và trả kết quả (${staffName(d.received_by)})`;
  for (const e of d.timeline) {
    if (e.type === 'handover') {
      rows.push([`1. Giao: ${holder}\n2. Nhận: ${e.to_unit}`, hm(e.at), RESULT[e.step_result] || '', e.note || '', '', '']);
      holder = e.to_unit;
    } else if (e.type === 'result_ready') {
      rows.push([`1. Giao: ${holder}\n2. Nhận: Bộ phận tiếp nhận và trả kết quả`, hm(e.at), RESULT[e.timeliness] || '', 'Có kết quả', '', '']);
    } else if (e.type === 'return_result') {
      rows.push([`1. Giao: Bộ phận tiếp nhận và trả kết quả\n2. Nhận: ${d.applicant.name}`, hm(e.at), '', METHOD[e.method] || '', '', '']);
    }
  }
  const t = table(['Tên cơ quan, đơn vị', 'Thời gian giao, nhận hồ sơ', 'Kết quả giải quyết (trước/đúng/quá hạn)', 'Ghi chú', 'Người giao', 'Người nhận'], rows);
  for (const td of t.querySelectorAll('tbody td:first-child')) td.classList.add('multiline');
  $('body').replaceChildren(
    line('Cơ quan (bộ phận) giải quyết hồ sơ', agencies.get(d.resolving_agency)?.name || d.resolving_agency),
    line('Cơ quan phối hợp giải quyết hồ sơ', consults.join('; ')),
    line('Tên thủ tục', procedure.name),
    line('Thời gian nhận hồ sơ', hourDate(d.received_at)),
    line('Thời gian hẹn trả kết quả', hourDate(d.original_due_at) + (d.extended_due_at ? ` (hẹn lại: ${hourDate(d.extended_due_at)})` : '')),
    t,
  );
  signatures(null, null);
}

// ---------- Form 06 (2018) / 07 (2025): dossier tracking book of a field for a period ----------
async function book(params) {
  const field = params.get('field') || '';
  const from = params.get('from') || '', to = params.get('to') || '';
  if (!/^\d{4}-\d\d-\d\d$/.test(from) || !/^\d{4}-\d\d-\d\d$/.test(to) || from > to) throw new Error('Chọn khoảng thời gian hợp lệ (từ ngày – đến ngày).');
  const procedures = new Map((await api('/api/v1/procedures')).map((x) => [x.code, x]));
  const items = [];
  for (let page = 1; page <= 200; page++) {
    const r = await api(`/api/v1/dossiers?agency=${encodeURIComponent(me.agency)}&page=${page}`);
    items.push(...r.items);
    if (items.length >= r.total || !r.items.length) break;
  }
  const rows = items.filter((d) => procedures.get(d.procedure_code)?.field === field && d.received_at.slice(0, 10) >= from && d.received_at.slice(0, 10) <= to)
    .sort((a, b) => a.received_at.localeCompare(b.received_at) || a.code.localeCompare(b.code));
  // The return method is on the return event: read the timelines of the returned dossiers only.
  const methods = new Map();
  const returned = rows.filter((d) => d.returned_at);
  for (let i = 0; i < returned.length; i += 8) {
    await Promise.all(returned.slice(i, i + 8).map(async (d) => {
      const full = await api(`/api/v1/dossiers/${encodeURIComponent(d.code)}`);
      methods.set(d.code, full.timeline.find((e) => e.type === 'return_result')?.method);
    }));
  }
  const set = formSet('', from);
  header(set, 'book', me.agency, `Số: STD-${from.slice(0, 4)}`, motcua.officeNow().slice(0, 10) + 'T00:00:00+07:00');
  $('sheet').classList.add('landscape', 'book');
  $('subtitle').textContent = `Lĩnh vực: ${field} — từ ngày ${motcua.date(from + 'T00:00')} đến ngày ${motcua.date(to + 'T00:00')}`;
  $('body').replaceChildren(table(
    ['STT', 'Mã hồ sơ', 'Tên thủ tục hành chính', 'Tên cá nhân, tổ chức', 'Địa chỉ, số điện thoại', 'Cơ quan chủ trì giải quyết', 'Ngày nhận hồ sơ', 'Ngày hẹn trả kết quả', 'Ngày trả kết quả', 'Phương thức nhận kết quả', 'Ký nhận'],
    rows.map((d, i) => [i + 1, d.code, procedures.get(d.procedure_code)?.name || d.procedure_code, d.applicant.name, `${d.applicant.address}; ${d.applicant.phone}`,
      agencies.get(d.resolving_agency)?.name || d.resolving_agency, motcua.date(d.received_at), motcua.date(d.original_due_at),
      d.returned_at ? motcua.date(d.returned_at) : '', METHOD[methods.get(d.code)] || '', '']),
    [0]),
  p(`Tổng số: ${rows.length} hồ sơ.`, 'note'));
  signatures(null, null);
}

// Forms 02/03 at intake: the desk left what it sent in sessionStorage, keyed by the record id.
function intakeRecord(id) {
  const raw = sessionStorage.getItem(`motcua.intake.${id}`);
  if (!raw) throw new Error('Không tìm thấy dữ liệu phiếu: hãy in từ bàn tiếp nhận ngay sau khi lập phiếu.');
  const r = JSON.parse(raw);
  const at = new Date(Date.parse(r.at) + 7 * 3600e3).toISOString().slice(0, 19) + '+07:00';
  return { ...r, at, number: String(r.record_id).padStart(4, '0'), officer: r.clerk, items: r.items || [] };
}

async function main() {
  const params = new URLSearchParams(location.search);
  const form = params.get('form');
  if (!FORMS[form]) throw new Error('Biểu mẫu không xác định.');
  [config, me] = await Promise.all([api('/print/config.json'), api('/api/v1/auth/me').then((s) => s.user)]);
  agencies = new Map((await api('/api/v1/agencies')).map((a) => [a.code, a]));
  if (form === 'book') { await book(params); return; }
  if (params.get('record')) {
    const r = intakeRecord(params.get('record'));
    const set = formSet('', r.at);
    if (form === 'refusal') refusal(r, set); else supplement(r, set);
    return;
  }
  const d = await api(`/api/v1/dossiers/${encodeURIComponent(params.get('code') || '')}`);
  const procedure = await api(`/api/v1/procedures/${encodeURIComponent(d.procedure_code)}`);
  const set = formSet(d.rule_set, d.received_at);
  if (form === 'receipt') receipt(d, procedure, set);
  else if (form === 'apology') apology(d, procedure, set);
  else if (form === 'control') control(d, procedure, set);
  else if (form === 'stop') stopNotice(d, procedure, set);
  else if (form === 'supplement') {
    const e = [...d.timeline].reverse().find((x) => x.type === 'request_supplement');
    if (!e) throw new Error('Hồ sơ này chưa có yêu cầu bổ sung.');
    supplement({ code: d.code, agency: d.agency, at: e.at, number: seq(d.code), applicant: d.applicant, procedure_name: procedure.name,
      items: e.items || [], reason: e.reason, officer: staffName(e.actor) }, set);
  } else throw new Error('Biểu mẫu này không in theo hồ sơ.');
}

document.addEventListener('DOMContentLoaded', () => {
  $('print').addEventListener('click', () => window.print());
  main().then(() => {
    $('sheet').hidden = false;
    const img = $('qr');
    // Tell tests and the print button when the QR has arrived.
    if (img && !img.complete) {
      img.addEventListener('load', () => { document.body.dataset.ready = 'true'; });
      img.addEventListener('error', () => { $('error').textContent = 'Không tải được mã QR.'; document.body.dataset.ready = 'error'; });
    } else document.body.dataset.ready = 'true';
  }).catch((e) => {
    $('error').textContent = e.status === 401 ? 'Cần đăng nhập tại Bàn tiếp nhận để in biểu mẫu.' : e.message;
    document.body.dataset.ready = 'error';
  });
});
