// The SIPAS-style survey for citizens: after a dossier is returned (?code=&key=, one response per dossier) or at a
// kiosk/tablet in the centre (?kiosk=1&agency=CODE, anonymous). Vietnamese by default, English on request.
'use strict';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const kiosk = params.get('kiosk') === '1';
let lang = params.get('lang') === 'en' ? 'en' : 'vi';
let survey = null;

const TEXT = {
  vi: {
    expectations: (n) => `Ông/Bà mong muốn cơ quan ưu tiên cải thiện điều gì? (chọn tối đa ${n})`,
    dossier: (code) => `Hồ sơ ${code}`,
    tooMany: (n) => `Chỉ chọn tối đa ${n} mong muốn.`,
    nothing: 'Vui lòng trả lời ít nhất một câu.',
    notFound: 'Không tìm thấy hồ sơ với mã và mã tra cứu này.',
    notReturned: 'Phiếu khảo sát mở sau khi hồ sơ đã được trả kết quả.',
    already: 'Hồ sơ này đã có phiếu khảo sát. Cảm ơn Ông/Bà!',
    busy: 'Đã có nhiều phiếu từ thiết bị này, vui lòng thử lại sau ít phút.',
    failed: 'Hệ thống đang bận, vui lòng thử lại sau.',
    thanks: 'Ý kiến của Ông/Bà đã được ghi nhận.',
    english: 'English',
  },
  en: {
    expectations: (n) => `What should the office improve first? (choose up to ${n})`,
    dossier: (code) => `Dossier ${code}`,
    tooMany: (n) => `Choose at most ${n}.`,
    nothing: 'Please answer at least one question.',
    notFound: 'No dossier with this code and lookup key.',
    notReturned: 'The survey opens once the result has been returned.',
    already: 'This dossier already has a survey response. Thank you!',
    busy: 'Many forms came from this device; please try again in a few minutes.',
    failed: 'The system is busy; please try again later.',
    thanks: 'Your answers have been recorded.',
    english: 'Tiếng Việt',
  },
};
const SCALE_EN = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
const t = () => TEXT[lang];
const pick = (vi, en) => (lang === 'en' && en ? en : vi);

function el(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function render() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-vi]')) node.textContent = node.dataset[lang];
  $('lang').textContent = t().english;
  $('lang').lang = lang === 'vi' ? 'en' : 'vi';
  if (params.get('code')) $('dossier').textContent = t().dossier(params.get('code'));
  if (!survey) return;
  const chosen = new Map([...document.querySelectorAll('.scale input:checked')].map((i) => [i.name, i.value]));
  const ticked = new Set([...document.querySelectorAll('#expectations input:checked')].map((i) => i.value));
  $('elements').replaceChildren(...survey.elements.map((e) => el('fieldset', { className: 'card' }, [
    el('legend', { textContent: pick(e.name, e.name_en) }),
    ...e.criteria.map((c) => el('div', { className: 'question' }, [
      el('p', { id: `q-${c.id}`, textContent: pick(c.text, c.text_en) }),
      el('div', { className: 'scale', role: 'radiogroup' }, survey.scale.map((v, i) => {
        const input = el('input', { type: 'radio', name: c.id, value: String(v), checked: chosen.get(c.id) === String(v) });
        input.setAttribute('aria-describedby', `q-${c.id}`);
        const label = el('label', { className: input.checked ? 'chosen' : '' }, [input, pick(survey.scale_labels[i], SCALE_EN[i])]);
        return label;
      })),
    ])),
  ])));
  $('expectations-title').textContent = t().expectations(survey.max_expectations);
  $('expectations').replaceChildren(...survey.expectations.map((x) => el('label', { className: 'choice' }, [
    el('input', { type: 'checkbox', value: x.id, checked: ticked.has(x.id) }), el('span', { textContent: pick(x.text, x.text_en) }),
  ])));
  $('expectations-box').hidden = survey.expectations.length === 0;
}

async function submit(event) {
  event.preventDefault();
  $('error').textContent = '';
  const answers = {};
  for (const e of survey.elements) for (const c of e.criteria) {
    const input = document.querySelector(`input[name="${c.id}"]:checked`);
    answers[c.id] = input ? Number(input.value) : null;
  }
  const expectations = [...document.querySelectorAll('#expectations input:checked')].map((i) => i.value);
  if (expectations.length > survey.max_expectations) { $('error').textContent = t().tooMany(survey.max_expectations); return; }
  if (Object.values(answers).every((v) => v === null)) { $('error').textContent = t().nothing; return; }
  const body = kiosk
    ? { channel: 'kiosk', agency: params.get('agency') || undefined, answers, expectations }
    : { channel: 'online', dossier_code: params.get('code'), key: params.get('key'), answers, expectations };
  $('submit').disabled = true;
  try {
    const response = await fetch(`/api/v1/surveys/${encodeURIComponent(survey.id)}/responses`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body),
    });
    const reply = await response.json().catch(() => null);
    if (response.status === 201) {
      $('survey-form').hidden = true;
      $('thanks').hidden = false;
      $('thanks-text').textContent = t().thanks;
      $('again').hidden = !kiosk;
      window.scrollTo(0, 0);
      return;
    }
    const code = reply?.error?.code;
    $('error').textContent = response.status === 404 ? t().notFound : code === 'not_returned' ? t().notReturned
      : code === 'already_responded' ? t().already : response.status === 429 ? t().busy : reply?.error?.message || t().failed;
  } finally {
    $('submit').disabled = false;
  }
}

async function start() {
  const response = await fetch('/api/v1/surveys/current', { headers: { Accept: 'application/json' } });
  if (!response.ok) { $('error').textContent = t().failed; return; }
  survey = await response.json();
  if (!kiosk && !(params.get('code') && params.get('key'))) { $('error').textContent = t().notFound; render(); return; }
  $('survey-form').hidden = false;
  render();
}

document.addEventListener('DOMContentLoaded', () => {
  $('lang').addEventListener('click', () => { lang = lang === 'vi' ? 'en' : 'vi'; render(); });
  $('survey-form').addEventListener('submit', submit);
  $('elements').addEventListener('change', (event) => {
    if (event.target.type !== 'radio') return;
    for (const label of event.target.closest('.scale').querySelectorAll('label')) label.classList.toggle('chosen', label.contains(event.target));
  });
  $('again').addEventListener('click', () => {
    for (const input of document.querySelectorAll('#survey-form input')) input.checked = false;
    for (const label of document.querySelectorAll('.scale label')) label.classList.remove('chosen');
    $('thanks').hidden = true;
    $('survey-form').hidden = false;
  });
  start();
});
