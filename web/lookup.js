// The citizen's status lookup: code + key (from the receipt, or from the receipt's QR link ?code=&key=).
'use strict';

const STATUS = {
  submitted_online: 'Đã nộp trực tuyến, chờ tiếp nhận', received: 'Đã tiếp nhận', refused: 'Không được tiếp nhận',
  processing: 'Đang giải quyết', supplement_requested: 'Cần bổ sung hồ sơ',
  financial_obligation: 'Chờ thực hiện nghĩa vụ tài chính', withdrawn: 'Đã rút hồ sơ', stopped: 'Dừng giải quyết',
  result_ready: 'Đã có kết quả, mời đến nhận', returned: 'Đã trả kết quả',
};
const EVENT = {
  receive: 'Tiếp nhận hồ sơ', handover: 'Chuyển bước xử lý', consult: 'Lấy ý kiến cơ quan phối hợp',
  request_supplement: 'Yêu cầu bổ sung hồ sơ', supplement_received: 'Đã nhận hồ sơ bổ sung',
  supplement_expired: 'Hết hạn bổ sung hồ sơ', pause: 'Tạm dừng chờ nghĩa vụ tài chính', resume: 'Tiếp tục giải quyết',
  apologize: 'Xin lỗi và hẹn lại ngày trả kết quả', result_ready: 'Đã có kết quả', return_result: 'Đã trả kết quả',
  withdraw: 'Rút hồ sơ', stop: 'Dừng giải quyết', retime: 'Tính lại hạn theo lịch nghỉ mới',
  submit: 'Nộp hồ sơ trực tuyến', request_supplement_at_intake: 'Yêu cầu bổ sung hồ sơ trước khi tiếp nhận',
  refuse: 'Từ chối tiếp nhận hồ sơ',
};
const $ = (id) => document.getElementById(id);

// dd/mm/yyyy HH:mm from an RFC 3339 instant in office time (+07:00), without the browser's time zone.
function when(instant) {
  const [date, time] = instant.split('T');
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time.slice(0, 5)}`;
}

// Vietnamese phrases above are written for citizens; in English the shared dictionary is used.
const statusText = (s) => (motcua.lang === 'en' ? motcua.t(`status.${s}`) : STATUS[s] || s);
const eventText = (t) => (motcua.lang === 'en' ? motcua.t(`event.${t}`) : EVENT[t] || t);
let shown = null;
let shownKey = null;

function show(d, key = shownKey) {
  shown = d;
  shownKey = key;
  $('procedure').textContent = d.procedure_name;
  $('status-label').textContent = statusText(d.status);
  $('r-code').textContent = d.code;
  // An online submission shows when it was sent; the receipt and the appointment come when a clerk receives it.
  $('r-submitted-row').hidden = !d.submitted_at;
  $('r-submitted').textContent = d.submitted_at ? when(d.submitted_at) : '';
  $('r-received').textContent = d.received_at ? when(d.received_at) : motcua.t('pub.not_yet_received');
  $('r-due').textContent = d.due_at ? when(d.due_at) : '—';
  const lastSupplement = [...d.timeline].reverse().find((e) => e.type === 'request_supplement' || e.type === 'request_supplement_at_intake');
  const refusal = d.timeline.find((e) => e.type === 'refuse');
  $('refusal').hidden = !refusal;
  $('refusal-reason').textContent = refusal ? refusal.reason || '' : '';
  $('supplement').hidden = !(d.status === 'supplement_requested' && lastSupplement);
  if (lastSupplement) {
    $('supplement-reason').textContent = lastSupplement.reason || '';
    $('supplement-items').replaceChildren(...(lastSupplement.items || []).map((i) => Object.assign(document.createElement('li'), { textContent: i })));
  }
  const apology = d.timeline.find((e) => e.type === 'apologize');
  $('apology').hidden = !apology;
  if (apology) $('apology-text').textContent = `${apology.reason}. ${motcua.t('pub.new_date')}: ${when(apology.new_due_at)}.`;
  $('timeline').replaceChildren(...d.timeline.map((e) => Object.assign(document.createElement('li'), { textContent: `${when(e.at)} — ${eventText(e.type)}` })));
  showFeedback(d, key);
  showElectronicResult(d, key);
  $('result').hidden = false;
  showFees(d.code, key);
}

// ---------- fees and online payment (docs/payments.md) ----------
const vt = (vi, en) => (motcua.lang === 'en' ? en : vi);
const money = (n) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
const METHOD = { cash: ['tiền mặt', 'cash'], bank_transfer: ['chuyển khoản', 'bank transfer'], online: ['trực tuyến', 'online'] };

async function showFees(code, key) {
  const box = $('fees');
  const r = await fetch(`/api/v1/public/dossiers/${encodeURIComponent(code)}/fees?key=${encodeURIComponent(key)}`, { headers: { Accept: 'application/json' } });
  if (!r.ok) { box.hidden = true; return; }
  const a = await r.json();
  box.hidden = a.lines.length === 0;
  $('fees-title').textContent = vt('Phí, lệ phí', 'Fees and charges');
  $('fee-lines').replaceChildren(...a.lines.map((l) => Object.assign(document.createElement('li'), {
    textContent: `${l.name}: ${money(l.due)}` + (l.exempted ? ` (${vt('đã miễn, giảm', 'exempted')} ${money(l.exempted)})` : ''),
  })));
  $('fee-total').textContent = a.outstanding > 0 ? `${vt('Còn phải nộp', 'Still to pay')}: ${money(a.outstanding)}` : vt('Đã nộp đủ.', 'Paid in full.');
  $('fee-payments').replaceChildren(...a.payments.filter((p) => p.amount > 0).map((p) => Object.assign(document.createElement('li'), {
    textContent: `${when(p.at)} — ${vt('Đã nộp', 'Paid')} ${money(p.amount)} (${vt(...METHOD[p.method])}) · ${vt('biên lai', 'receipt')} ${p.receipt_no}` + (p.reversed ? ` · ${vt('đã hủy', 'cancelled')}` : ''),
  })));
  const pay = $('pay-online');
  pay.textContent = vt(`Thanh toán trực tuyến ${money(a.outstanding)}`, `Pay ${money(a.outstanding)} online`);
  pay.hidden = !(a.online_payment && a.outstanding > 0);
  pay.onclick = () => payOnline(code, key);
  $('pay-error').textContent = '';
}

// Sends the browser to the gateway's checkout page; the gateway tells motcua the outcome (signed callback) and
// brings the citizen back to this page.
async function payOnline(code, key) {
  $('pay-error').textContent = '';
  $('pay-online').disabled = true;
  try {
    const r = await fetch(`/api/v1/public/dossiers/${encodeURIComponent(code)}/payment-requests`, {
      method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify({ key }),
    });
    const body = await r.json().catch(() => null);
    if (!r.ok) { $('pay-error').textContent = body?.error?.message || motcua.t('error.busy'); return; }
    // The gateway brings the citizen back to this page without the key: keep it for this tab only.
    sessionStorage.setItem('motcua.lookup', JSON.stringify({ code, key }));
    location.assign(body.redirect_url);
  } finally {
    $('pay-online').disabled = false;
  }
}

// The electronic result, when one is recorded ({"result": null} when there is none).
async function showElectronicResult(d, key) {
  $('e-result').hidden = true;
  if (d.status !== 'result_ready' && d.status !== 'returned') return;
  const base = `/api/v1/public/dossiers/${encodeURIComponent(d.code)}/result`;
  const query = `key=${encodeURIComponent(key)}`;
  const response = await fetch(`${base}?${query}`, { headers: { Accept: 'application/json' } });
  if (!response.ok || shown !== d) return;
  const r = (await response.json()).result;
  if (!r) return;
  const [y, m, day] = r.issued_on.split('-');
  $('e-result-text').textContent = `${motcua.t('pub.e_result_doc')} ${r.number}, ${day}/${m}/${y} — ${r.issuing_body} (${r.signer})`;
  $('e-result-link').href = `${base}/file?${query}`;
  $('e-result').hidden = false;
}

// After the result is returned: links to the rating and the survey, carrying code and key.
function showFeedback(d, key) {
  let box = $('feedback');
  if (!box) {
    box = Object.assign(document.createElement('div'), { id: 'feedback', className: 'notice' });
    $('result').append(box);
  }
  box.hidden = d.status !== 'returned';
  const query = `code=${encodeURIComponent(d.code)}&key=${encodeURIComponent(key)}`;
  box.replaceChildren(
    Object.assign(document.createElement('h3'), { textContent: 'Đánh giá sự phục vụ' }),
    document.createElement('p'),
  );
  const links = box.querySelector('p');
  links.append(Object.assign(document.createElement('a'), { id: 'rate-link', href: `/rating.html?${query}`, textContent: 'Đánh giá mức độ hài lòng' }),
    ' · ', Object.assign(document.createElement('a'), { id: 'survey-link', href: `/survey.html?${query}`, textContent: 'Trả lời phiếu khảo sát' }));
}

async function lookup(code, key) {
  $('error').textContent = '';
  $('result').hidden = true;
  const response = await fetch(`/api/v1/public/dossiers/${encodeURIComponent(code)}?key=${encodeURIComponent(key)}`, { headers: { Accept: 'application/json' } });
  if (response.status === 404) { $('error').textContent = motcua.t('pub.not_found'); return; }
  if (!response.ok) { $('error').textContent = motcua.t('error.busy'); return; }
  show(await response.json(), key);
}

document.addEventListener('DOMContentLoaded', () => {
  motcua.onLang(() => { if (shown) show(shown); });
  const params = new URLSearchParams(location.search);
  // Back from the payment gateway: the dossier the citizen was paying for.
  const saved = JSON.parse(sessionStorage.getItem('motcua.lookup') || 'null');
  if (!params.get('code') && saved?.code && saved?.key) { params.set('code', saved.code); params.set('key', saved.key); }
  if (params.get('code')) $('code').value = params.get('code');
  if (params.get('key')) $('key').value = params.get('key');
  $('lookup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    lookup($('code').value.trim(), $('key').value.trim());
  });
  if (params.get('code') && params.get('key')) lookup(params.get('code'), params.get('key'));
});
