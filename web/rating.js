// The citizen's rating of a returned dossier (very satisfied / satisfied / dissatisfied, optional comment), once per
// dossier, authenticated by the lookup key from the receipt (?code=&key=). Vietnamese by default.
'use strict';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const code = params.get('code') || '';
const key = params.get('key') || '';
let lang = params.get('lang') === 'en' ? 'en' : 'vi';

const TEXT = {
  vi: {
    dossier: `Hồ sơ ${code}`, notFound: 'Không tìm thấy hồ sơ với mã và mã tra cứu này. Vui lòng kiểm tra lại giấy tiếp nhận.',
    notReturned: 'Ông/Bà có thể đánh giá sau khi nhận kết quả.', choose: 'Vui lòng chọn một mức đánh giá.',
    thanks: 'Cảm ơn Ông/Bà đã đánh giá!', already: 'Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà!',
    failed: 'Hệ thống đang bận, vui lòng thử lại sau.', english: 'English',
  },
  en: {
    dossier: `Dossier ${code}`, notFound: 'No dossier with this code and lookup key. Please check your receipt.',
    notReturned: 'You can rate once you have received the result.', choose: 'Please choose a level.',
    thanks: 'Thank you for your rating!', already: 'This dossier has already been rated. Thank you!',
    failed: 'The system is busy; please try again later.', english: 'Tiếng Việt',
  },
};
let doneKey = null;

function render() {
  const t = TEXT[lang];
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-vi]')) node.textContent = node.dataset[lang];
  $('lang').textContent = t.english;
  $('dossier').textContent = code ? t.dossier : '';
  if (doneKey) $('done-title').textContent = t[doneKey];
  $('survey-link').href = `/survey.html?code=${encodeURIComponent(code)}&key=${encodeURIComponent(key)}${lang === 'en' ? '&lang=en' : ''}`;
}

function done(which, surveyAnswered) {
  doneKey = which;
  $('rating-form').hidden = true;
  $('done').hidden = false;
  $('survey-link').parentElement.hidden = surveyAnswered;
  render();
}

async function start() {
  render();
  if (!code || !key) { $('error').textContent = TEXT[lang].notFound; return; }
  const response = await fetch(`/api/v1/evaluations/${encodeURIComponent(code)}/rating?key=${encodeURIComponent(key)}`, { headers: { Accept: 'application/json' } });
  if (response.status === 404) { $('error').textContent = TEXT[lang].notFound; return; }
  if (!response.ok) { $('error').textContent = TEXT[lang].failed; return; }
  const state = await response.json();
  if (state.rated) { done('already', state.survey_answered); return; }
  if (!state.can_rate) { $('error').textContent = TEXT[lang].notReturned; return; }
  $('rating-form').hidden = false;
}

document.addEventListener('DOMContentLoaded', () => {
  $('lang').addEventListener('click', () => { lang = lang === 'vi' ? 'en' : 'vi'; render(); });
  $('rating-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('error').textContent = '';
    const level = document.querySelector('input[name="level"]:checked');
    if (!level) { $('error').textContent = TEXT[lang].choose; return; }
    $('submit').disabled = true;
    try {
      const response = await fetch(`/api/v1/evaluations/${encodeURIComponent(code)}/rating`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ key, level: level.value, comment: $('comment').value.trim() }),
      });
      const reply = await response.json().catch(() => null);
      if (response.status === 201) done('thanks', false);
      else if (reply?.error?.code === 'already_rated') done('already', false);
      else $('error').textContent = response.status === 404 ? TEXT[lang].notFound : reply?.error?.message || TEXT[lang].failed;
    } finally {
      $('submit').disabled = false;
    }
  });
  start();
});
