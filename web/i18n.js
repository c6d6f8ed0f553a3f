// Shared by the pages: Vietnamese by default, English on request (the choice is kept in localStorage), dates as
// dd/mm/yyyy and times as HH:mm in office time (+07:00) whatever the browser's time zone, and the accent folding
// that makes "ho tich" find "hộ tịch".
//
// Static text: an element with data-i18n="key" shows the Vietnamese text written in the HTML; in English its text
// is replaced by EN[key] (data-i18n-placeholder / data-i18n-title do the same for those attributes). Text made by
// scripts goes through motcua.t(key, {name: value}).
'use strict';

(() => {
  const VI = {
    'lang.toggle': 'English',
    'nav.home': 'Trang chủ', 'nav.catalogue': 'Thủ tục hành chính', 'nav.lookup': 'Tra cứu hồ sơ', 'nav.desk': 'Bàn tiếp nhận',
    'unit.days': '{n} ngày làm việc', 'unit.hours': '{n} giờ làm việc',
    'cat.results': '{n} thủ tục', 'cat.none': 'Không có thủ tục nào phù hợp.', 'cat.all_fields': 'Tất cả lĩnh vực',
    'cat.all_agencies': 'Tất cả cơ quan', 'cat.free': 'Miễn phí', 'cat.required': 'Bắt buộc', 'cat.optional': 'Nếu có',
    'cat.online.full': 'Dịch vụ công trực tuyến toàn trình', 'cat.online.partial': 'Dịch vụ công trực tuyến một phần',
    'cat.online.none': 'Nộp trực tiếp hoặc qua bưu chính',
    'desk.login_failed': 'Tên đăng nhập hoặc mật khẩu không đúng.', 'desk.too_many': 'Đăng nhập sai quá nhiều lần, vui lòng thử lại sau.',
    'desk.no_procedure': 'Chọn thủ tục trước.', 'desk.fix_fields': 'Vui lòng sửa các ô được đánh dấu.',
    'desk.received': 'Đã tiếp nhận hồ sơ {code}. Mã tra cứu: {key}. Hẹn trả: {due}.',
    'desk.supplement_requested': 'Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (số {id}).',
    'desk.refused': 'Đã lập phiếu từ chối tiếp nhận hồ sơ (số {id}).',
    'desk.print_receipt': 'In giấy tiếp nhận và hẹn trả kết quả', 'desk.print_supplement': 'In phiếu yêu cầu bổ sung',
    'desk.print_refusal': 'In phiếu từ chối', 'desk.print_apology': 'In văn bản xin lỗi', 'desk.print_control': 'In phiếu kiểm soát', 'desk.print_stop': 'In thông báo dừng giải quyết',
    'desk.preview': 'Hẹn trả kết quả (dự kiến): {due}', 'desk.preview_provisional': ' — lịch nghỉ năm sau chưa công bố, ngày có thể thay đổi',
    'desk.queue_count': '{n} hồ sơ đang giải quyết', 'desk.overdue': 'Quá hạn', 'desk.near_due': 'Sắp đến hạn',
    'desk.apologized': 'Đã xin lỗi', 'desk.event_done': 'Đã ghi nhận: {event}.', 'desk.no_actions': 'Hồ sơ đã kết thúc.',
    'desk.missing_items': 'Nêu ít nhất một giấy tờ cần bổ sung.', 'desk.missing_reason': 'Nêu lý do.',
    'v.required': 'Bắt buộc nhập.', 'v.id_number': 'Số định danh cá nhân gồm đúng 12 chữ số.',
    'v.phone': 'Số điện thoại dạng 0xxxxxxxxx hoặc +84xxxxxxxxx.', 'v.email': 'Địa chỉ thư điện tử không hợp lệ.',
    'v.new_due': 'Ngày hẹn mới phải sau hạn hiện tại.',
    'status.submitted_online': 'Đã nộp trực tuyến', 'status.received': 'Đã tiếp nhận', 'status.refused': 'Không được tiếp nhận',
    'status.processing': 'Đang giải quyết', 'status.supplement_requested': 'Chờ bổ sung hồ sơ',
    'status.financial_obligation': 'Chờ nghĩa vụ tài chính', 'status.withdrawn': 'Đã rút hồ sơ', 'status.stopped': 'Dừng giải quyết',
    'status.result_ready': 'Đã có kết quả', 'status.returned': 'Đã trả kết quả',
    'event.receive': 'Tiếp nhận hồ sơ', 'event.handover': 'Chuyển bước xử lý', 'event.consult': 'Lấy ý kiến cơ quan phối hợp',
    'event.request_supplement': 'Yêu cầu bổ sung hồ sơ', 'event.supplement_received': 'Nhận hồ sơ bổ sung',
    'event.supplement_expired': 'Hết hạn bổ sung hồ sơ', 'event.pause': 'Tạm dừng (nghĩa vụ tài chính)',
    'event.resume': 'Tiếp tục giải quyết', 'event.apologize': 'Xin lỗi và hẹn lại ngày trả kết quả',
    'event.result_ready': 'Đã có kết quả', 'event.return_result': 'Trả kết quả', 'event.withdraw': 'Rút hồ sơ',
    'event.stop': 'Dừng giải quyết', 'event.retime': 'Tính lại hạn theo lịch nghỉ mới',
    'method.counter': 'Tại Bộ phận Một cửa', 'method.post': 'Qua bưu chính', 'method.electronic': 'Trực tuyến',
    'timeliness.early': 'Trước hạn', 'timeliness.on_time': 'Đúng hạn', 'timeliness.late': 'Quá hạn',
    'error.busy': 'Hệ thống đang bận, vui lòng thử lại sau.',
    'pub.new_date': 'Ngày hẹn trả kết quả mới',
    'pub.not_found': 'Không tìm thấy hồ sơ với mã và mã tra cứu này. Vui lòng kiểm tra lại giấy tiếp nhận.',
    'h.digitisation': 'Thành phần hồ sơ số hóa', 'th.files': 'Tệp', 'th.digitised': 'Đã số hóa',
    'th.e_certified': 'Bản sao điện tử chứng thực', 'th.add_file': 'Thêm tệp (PDF, JPEG, PNG)',
    'desk.reused_from': 'dùng lại từ {code}', 'desk.reused_by': 'được dùng lại ở {n} hồ sơ', 'desk.marked': 'Đã lưu: {name}.',
    'desk.uploading': 'Đang tải lên {name}…', 'desk.uploaded': 'Đã lưu tệp {name}.',
    'desk.file_too_large': 'Tệp quá lớn.', 'desk.reuse': 'Dùng lại bản số hóa đã có…', 'desk.reused': 'Đã dùng lại bản số hóa cho: {name}.',
    'desk.reused_mark': 'dùng lại', 'desk.e_result_recorded': 'Đã ghi nhận kết quả điện tử số {number} ngày {date}, người ký {signer}.',
    'desk.e_result_done': 'Đã ghi nhận kết quả điện tử.', 'h.e_result': 'Kết quả điện tử', 'b.digitise': 'Số hóa thành phần hồ sơ',
    'pub.e_result_doc': 'Văn bản số',
    'pub.not_yet_received': 'Chưa tiếp nhận — cán bộ đang kiểm tra hồ sơ',
    'event.submit': 'Nộp hồ sơ trực tuyến', 'event.request_supplement_at_intake': 'Yêu cầu bổ sung trước khi tiếp nhận',
    'event.refuse': 'Từ chối tiếp nhận',
    'service.counter': 'Tại quầy', 'service.online_self': 'Trực tuyến, tự nộp',
    'service.online_volunteer': 'Trực tuyến, có tình nguyện viên hỗ trợ ({who})', 'service.home_visit': 'Cán bộ phục vụ tại nhà ({who})',
    'desk.online_count': '{n} hồ sơ nộp trực tuyến chờ tiếp nhận', 'desk.not_received': 'Chưa tiếp nhận',
    'sub.sent': 'Đã nộp hồ sơ. Mã hồ sơ: {code}. Mã tra cứu: {key}. Vui lòng ghi lại để tra cứu.',
    'sub.not_online': 'Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp.',
    'sub.attached': 'Đã đính kèm {n} tệp.', 'sub.not_attached': 'Không đính kèm được: {names} (chỉ nhận PDF, JPEG, PNG).',
    'sub.missing': 'Đánh dấu các giấy tờ bắt buộc đã đính kèm.', 'sub.as_volunteer': 'Tình nguyện viên {who} nộp thay người dân',
    'sub.as_staff': 'Cán bộ {who} nộp thay (phục vụ tại nhà)', 'sub.mine': 'Hồ sơ tôi đã hỗ trợ nộp ({n})',
  };
  const EN = {
    'lang.toggle': 'Tiếng Việt',
    'nav.home': 'Home', 'nav.catalogue': 'Administrative procedures', 'nav.lookup': 'Track a dossier', 'nav.desk': 'Clerk desk',
    'unit.days': '{n} working days', 'unit.hours': '{n} working hours',
    'unit.days.one': '{n} working day', 'unit.hours.one': '{n} working hour',
    'cat.results': '{n} procedures', 'cat.none': 'No procedure matches.', 'cat.all_fields': 'All fields',
    'cat.all_agencies': 'All agencies', 'cat.free': 'Free', 'cat.required': 'Required', 'cat.optional': 'If applicable',
    'cat.online.full': 'Fully online', 'cat.online.partial': 'Partly online', 'cat.online.none': 'In person or by post',
    'desk.login_failed': 'Wrong username or password.', 'desk.too_many': 'Too many failed logins; try again later.',
    'desk.no_procedure': 'Choose a procedure first.', 'desk.fix_fields': 'Please correct the marked fields.',
    'desk.received': 'Dossier {code} received. Lookup key: {key}. Appointment: {due}.',
    'desk.supplement_requested': 'Supplementation request recorded (no. {id}).',
    'desk.refused': 'Refusal slip recorded (no. {id}).',
    'desk.print_receipt': 'Print the receipt and appointment slip', 'desk.print_supplement': 'Print the supplementation request',
    'desk.print_refusal': 'Print the refusal slip', 'desk.print_apology': 'Print the apology letter', 'desk.print_control': 'Print the control slip', 'desk.print_stop': 'Print the stop notice',
    'desk.preview': 'Appointment (preview): {due}', 'desk.preview_provisional': ' — next year\'s holidays are not announced yet; the date may change',
    'desk.queue_count': '{n} open dossiers', 'desk.overdue': 'Overdue', 'desk.near_due': 'Due soon',
    'desk.apologized': 'Apology sent', 'desk.event_done': 'Recorded: {event}.', 'desk.no_actions': 'This dossier is closed.',
    'desk.missing_items': 'List at least one document to supplement.', 'desk.missing_reason': 'Give the reason.',
    'v.required': 'Required.', 'v.id_number': 'The personal ID number has exactly 12 digits.',
    'v.phone': 'Phone as 0xxxxxxxxx or +84xxxxxxxxx.', 'v.email': 'Not a valid e-mail address.',
    'v.new_due': 'The new date must be after the current due.',
    'status.submitted_online': 'Submitted online', 'status.received': 'Received', 'status.refused': 'Refused',
    'status.processing': 'Processing', 'status.supplement_requested': 'Waiting for documents',
    'status.financial_obligation': 'Waiting for fees/taxes', 'status.withdrawn': 'Withdrawn', 'status.stopped': 'Stopped',
    'status.result_ready': 'Result ready', 'status.returned': 'Result returned',
    'event.receive': 'Received', 'event.handover': 'Handed over', 'event.consult': 'Consulted another agency',
    'event.request_supplement': 'Supplementation requested', 'event.supplement_received': 'Supplement received',
    'event.supplement_expired': 'Supplementation period expired', 'event.pause': 'Paused (financial obligation)',
    'event.resume': 'Resumed', 'event.apologize': 'Apology and new appointment', 'event.result_ready': 'Result ready',
    'event.return_result': 'Result returned', 'event.withdraw': 'Withdrawn', 'event.stop': 'Stopped',
    'event.retime': 'Due recomputed after a calendar change',
    'method.counter': 'At the counter', 'method.post': 'By post', 'method.electronic': 'Online',
    'timeliness.early': 'Early', 'timeliness.on_time': 'On time', 'timeliness.late': 'Late',
    'error.busy': 'The system is busy, please try again.',
    'pub.new_date': 'New appointment', 'pub.title': 'Track your dossier', 'pub.key': 'Lookup key (printed on the receipt)',
    'pub.submit': 'Look up', 'pub.supplement': 'Documents to bring', 'pub.apology': 'Apology and new appointment',
    'pub.not_found': 'No dossier with this code and key. Please check your receipt.',
    'pub.not_yet_received': 'Not received yet — a clerk is checking it',
    'event.submit': 'Submitted online', 'event.request_supplement_at_intake': 'Supplementation requested before receipt',
    'event.refuse': 'Refused at intake',
    'service.counter': 'At the counter', 'service.online_self': 'Online, on their own',
    'service.online_volunteer': 'Online, helped by a volunteer ({who})', 'service.home_visit': 'At home, by staff ({who})',
    'desk.online_count': '{n} online submissions waiting for receipt', 'desk.not_received': 'Not received',
    'sub.sent': 'Submitted. Dossier code: {code}. Lookup key: {key}. Keep them to track your dossier.',
    'sub.not_online': 'This procedure is not offered online; please apply in person.',
    'sub.attached': '{n} file(s) attached.', 'sub.not_attached': 'Could not attach: {names} (PDF, JPEG or PNG only).',
    'sub.missing': 'Tick every required document you attached.', 'sub.as_volunteer': 'Volunteer {who} submitting on someone\'s behalf',
    'sub.as_staff': 'Staff member {who} submitting at a home visit', 'sub.mine': 'Dossiers I helped submit ({n})',
    'h.submit': 'Submit online', 'l.submitted_at': 'Submitted online', 'pub.refused': 'Your dossier was not accepted',
    'h.sub_components': '1. Documents attached', 'h.sub_applicant': '2. Applicant', 'b.submit': 'Submit',
    'th.attached': 'Attached', 'cat.submit_online': 'Submit online', 'h.online_queue': 'Online submissions',
    'l.service_mode': 'Served', 'nav.submit': 'Submit online',
    // Static text of the pages (data-i18n keys).
    'h.catalogue': 'Administrative procedures', 'h.catalogue_lead': 'Documents to bring, time limits, fees and legal basis of every procedure.',
    'l.search': 'Search', 'l.field': 'Field', 'l.agency': 'Agency', 'h.components': 'Documents to submit',
    'th.document': 'Document', 'th.originals': 'Originals', 'th.copies': 'Copies', 'th.certified': 'Certified copies',
    'th.requirement': 'Requirement', 'th.form': 'Form template', 'l.duration': 'Time limit', 'l.fees': 'Fees',
    'l.legal': 'Legal basis', 'l.result': 'Result', 'l.resolving': 'Resolving agency', 'l.code': 'Procedure code',
    'l.online': 'How to apply', 'h.steps': 'Processing steps', 'b.back': '← All procedures',
    'h.desk': 'Clerk desk', 'l.username': 'Username', 'l.password': 'Password', 'b.login': 'Log in', 'b.logout': 'Log out',
    'tab.intake': 'Intake', 'tab.queue': 'Work queue', 'tab.book': 'Tracking book',
    'h.procedure': '1. Procedure', 'l.find_procedure': 'Find a procedure (name or code)', 'h.checklist': '2. Documents handed in',
    'th.handed': 'Handed in', 'h.applicant': '3. Applicant', 'l.name': 'Full name', 'l.id_number': 'Personal ID number (12 digits)',
    'l.phone': 'Phone', 'l.email': 'E-mail (optional)', 'l.address': 'Address', 'l.channel': 'Channel',
    'ch.direct': 'At the counter', 'ch.online': 'Online', 'ch.postal': 'By post',
    'l.rep': 'Submitted by an authorised representative', 'l.rep_name': 'Representative\'s name', 'l.rep_id': 'Representative\'s ID number',
    'l.rep_phone': 'Representative\'s phone', 'h.outcome': '4. Outcome', 'b.receive': 'Receive (Ctrl+Enter)',
    'b.request_supplement': 'Request supplementation', 'b.refuse': 'Refuse', 'l.items': 'Documents to supplement (one per line)',
    'l.reason': 'Reason', 'b.new_intake': 'New intake', 'b.refresh': 'Refresh',
    'th.code': 'Dossier code', 'th.procedure': 'Procedure', 'th.applicant': 'Applicant', 'th.status': 'Status',
    'th.due': 'Due', 'th.mark': '', 'h.dossier': 'Dossier', 'h.timeline': 'History', 'h.actions': 'Actions',
    'l.to_unit': 'Hand over to', 'l.consult_agency': 'Co-operating agency code', 'l.signer': 'Signed by (head of agency)',
    'l.new_due': 'New appointment', 'l.method': 'Return method', 'l.note': 'Note', 'b.record': 'Record',
    'h.book': 'Dossier tracking book', 'l.from': 'From', 'l.to': 'To', 'b.print_book': 'Print the book',
    'l.received_at': 'Received', 'l.due': 'Appointment', 'l.lookup_key': 'Lookup key', 'l.status': 'Status',
    'b.print': 'Print',
    'h.digitisation': 'Digitised components', 'th.files': 'Files', 'th.digitised': 'Digitised',
    'th.e_certified': 'Electronic certified copy', 'th.add_file': 'Add a file (PDF, JPEG, PNG)',
    'desk.reused_from': 'reused from {code}', 'desk.reused_by': 'reused by {n} dossiers', 'desk.reused_by.one': 'reused by 1 dossier',
    'desk.marked': 'Saved: {name}.', 'desk.uploading': 'Uploading {name}…', 'desk.uploaded': 'File {name} saved.',
    'desk.file_too_large': 'The file is too large.', 'desk.reuse': 'Reuse an earlier scan…', 'desk.reused': 'Earlier scan reused for: {name}.',
    'desk.reused_mark': 'reused', 'desk.e_result_recorded': 'Electronic result no. {number} of {date} recorded, signed by {signer}.',
    'desk.e_result_done': 'Electronic result recorded.', 'h.e_result': 'Electronic result', 'b.digitise': 'Scan the dossier\'s components',
    'l.doc_number': 'Document number', 'l.issued_on': 'Date issued', 'l.doc_signer': 'Signed by', 'l.issuing_body': 'Issuing body',
    'l.result_file': 'Result file', 'b.record_e_result': 'Record the electronic result',
    'pub.e_result': 'Electronic result', 'pub.e_result_download': 'Download the electronic result', 'pub.e_result_doc': 'Document no.',
  };
  const KEY = 'motcua.lang';
  let lang = 'vi';
  try { lang = localStorage.getItem(KEY) === 'en' ? 'en' : 'vi'; } catch { /* storage disabled: stay Vietnamese */ }

  function t(key, vars = {}) {
    const en = lang === 'en' ? (Number(vars.n) === 1 && EN[`${key}.one`]) || EN[key] : undefined;
    const text = en ?? VI[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
  }

  // Remembers the Vietnamese text written in the page so that switching back restores it.
  function apply(root = document) {
    document.documentElement.lang = lang;
    for (const [attr, prop, store] of [['data-i18n', 'textContent', 'vi'], ['data-i18n-placeholder', 'placeholder', 'viPlaceholder'], ['data-i18n-title', 'title', 'viTitle']]) {
      for (const el of root.querySelectorAll(`[${attr}]`)) {
        const key = el.getAttribute(attr);
        if (el.dataset[store] === undefined) el.dataset[store] = el[prop];
        el[prop] = lang === 'en' && EN[key] !== undefined ? EN[key] : el.dataset[store];
      }
    }
    for (const b of root.querySelectorAll('.lang-toggle')) b.textContent = t('lang.toggle');
  }

  const listeners = [];
  function setLang(next) {
    lang = next === 'en' ? 'en' : 'vi';
    try { localStorage.setItem(KEY, lang); } catch { /* not persisted */ }
    apply();
    for (const f of listeners) f(lang);
  }

  // Office-time parts of an RFC 3339 instant: the API writes them with +07:00, so the text is already office time.
  // Anything else (Z or another offset) is converted by arithmetic, never through the browser's zone.
  function officeParts(instant) {
    const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/.exec(instant || '');
    if (!m) return null;
    if (!m[6] || m[6] === '+07:00') return { y: m[1], mo: m[2], d: m[3], h: m[4], mi: m[5] };
    const shifted = new Date(Date.parse(instant) + 7 * 3600e3);
    const p = (n) => String(n).padStart(2, '0');
    return { y: String(shifted.getUTCFullYear()), mo: p(shifted.getUTCMonth() + 1), d: p(shifted.getUTCDate()), h: p(shifted.getUTCHours()), mi: p(shifted.getUTCMinutes()) };
  }
  const date = (instant) => { const p = officeParts(instant); return p ? `${p.d}/${p.mo}/${p.y}` : ''; };
  const time = (instant) => { const p = officeParts(instant); return p ? `${p.h}:${p.mi}` : ''; };
  const dateTime = (instant) => (officeParts(instant) ? `${date(instant)} ${time(instant)}` : '');
  // "ngày 26 tháng 11 năm 2026", as the place-and-date line of an official document.
  const longDate = (instant) => { const p = officeParts(instant); return p ? `ngày ${p.d} tháng ${p.mo} năm ${p.y}` : ''; };
  // Office time now, as YYYY-MM-DDTHH:MM.
  const officeNow = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 16);

  // Lower case without Vietnamese diacritics: "Hộ tịch" → "ho tich", "Đất đai" → "dat dai".
  const fold = (s) => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

  function init() {
    for (const b of document.querySelectorAll('.lang-toggle')) b.addEventListener('click', () => setLang(lang === 'en' ? 'vi' : 'en'));
    apply();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();

  window.motcua = {
    t, apply, setLang, onLang: (f) => listeners.push(f), get lang() { return lang; },
    date, time, dateTime, longDate, officeNow, officeParts, fold,
  };
})();
