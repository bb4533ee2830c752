// Notice preferences on /book: who the acting member's notices go to (own phone, family, nobody) and the quiet hours.
// book.js announces the acting member (resident, a family member, or the member staff act for) with the
// 'occupancy:acting-member' event; this module reads and saves that member's preferences.
import { ready, t } from './i18n.js';
import { getJson, putJson, problemSentence } from './api.js';
import { el } from './screen.js';

// The listener is in place before the strings load: book.js may name the member first.
const strings = ready();
const section = document.getElementById('notice-preferences');
let memberId = null;

document.addEventListener('occupancy:acting-member', event => {
  const id = event.detail?.id ?? null;
  if (id === memberId) return;
  memberId = id;
  load(id);
});

async function load(id) {
  if (!section) return;
  section.hidden = true;
  if (!id) return;
  const [answer] = await Promise.all([getJson(`/api/members/${encodeURIComponent(id)}/notice-preferences`), strings]);
  if (memberId !== id || !answer.ok) return;
  render(id, answer.body);
  section.hidden = false;
}

function render(id, preferences) {
  const channel = el('select', { id: 'notice-channel' }, ['ownPhone', 'family', 'none'].map(value =>
    el('option', { value, selected: value === preferences.channel, text: t(`notices.channel.${value}`) + (preferences.channelIsDefault && value === preferences.channel ? t('notices.byDefault') : '') })));
  const off = el('input', { type: 'checkbox', id: 'notice-quiet-off', checked: preferences.quietFrom === null });
  const from = el('input', { type: 'time', id: 'notice-quiet-from', value: preferences.quietFrom ?? '21:00', 'aria-label': `${t('notices.quiet')} ${t('notices.from')}` });
  const until = el('input', { type: 'time', id: 'notice-quiet-until', value: preferences.quietUntil ?? '08:00', 'aria-label': `${t('notices.quiet')} ${t('notices.until')}` });
  const note = el('div', { class: 'message', role: 'status' });
  const form = el('form', { class: 'row', id: 'notice-form' }, [
    el('div', { class: 'full' }, el('label', { for: 'notice-channel', text: t('notices.channel') })), channel,
    el('div', { class: 'full' }, el('span', { class: 'field-label', text: t('notices.quiet') })),
    el('label', { text: t('notices.from') }), from, el('label', { text: t('notices.until') }), until,
    el('label', {}, [off, ` ${t('notices.quietOff')}`]),
    el('button', { type: 'submit', text: t('notices.save') }),
    el('p', { class: 'hint full', text: t('notices.quietHint') }),
  ]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = {
      // Unchanged default stays the default (it follows the member's phone); a choice is saved as chosen.
      channel: preferences.channelIsDefault && channel.value === preferences.channel ? null : channel.value,
      quietFrom: off.checked ? null : from.value,
      quietUntil: off.checked ? null : until.value,
    };
    const answer = await putJson(`/api/members/${encodeURIComponent(id)}/notice-preferences`, body);
    note.dataset.kind = answer.ok ? 'ok' : 'problem';
    note.textContent = answer.ok ? t('notices.saved') : problemSentence(answer.code);
    if (answer.ok && memberId === id) preferences = answer.body;
  });
  section.replaceChildren(el('h2', { text: t('notices.heading') }), form, note);
}
