// Absence alerts on a site's staff dashboard: the open alerts of the staff-only topic alerts:{siteId}, live, each
// with the form staff close it with (what they found and a note). An alert left open too long comes back escalated.
// Its own strings (both languages) so the shared i18n files stay as they are.
import { lang } from './i18n.js';
import { postJson, problemSentence } from './api.js';
import { localTime } from './format.js';
import { el } from './screen.js';

const Strings = {
  'zh-CN': {
    title: '缺席提醒', none: '没有未处理的缺席提醒。', count: '{count} 条未处理',
    item: '{name} 没有来 {canteen} 吃{meal}（{date}）', phone: '电话 {phone}', raised: '{time} 提醒',
    booked: '已订餐', regular: '常来用餐', escalated: '已再次提醒：超时未处理',
    outcome: '处理结果', note: '备注', acknowledge: '确认处理', sending: '正在提交…',
    reachedByPhone: '电话联系上', visited: '已上门探望', away: '外出', falseAlarm: '误报',
    breakfast: '早餐', lunch: '午餐', dinner: '晚餐', forbidden: '您不是本社区的工作人员。',
  },
  en: {
    title: 'Absence alerts', none: 'No open absence alerts.', count: '{count} open',
    item: '{name} did not come to {canteen} for {meal} ({date})', phone: 'phone {phone}', raised: 'raised {time}',
    booked: 'booked', regular: 'regular', escalated: 'Raised again: not acknowledged in time',
    outcome: 'Outcome', note: 'Note', acknowledge: 'Acknowledge', sending: 'Sending…',
    reachedByPhone: 'Reached by phone', visited: 'Visited', away: 'Away', falseAlarm: 'False alarm',
    breakfast: 'breakfast', lunch: 'lunch', dinner: 'dinner', forbidden: 'You are not staff of this site.',
  },
};
const Outcomes = ['reachedByPhone', 'visited', 'away', 'falseAlarm'];

function s(key, params = {}) {
  const text = (Strings[lang] ?? Strings['zh-CN'])[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** Adds the panel at the top of a site's dashboard and keeps it live. */
export function mountAbsenceAlerts(main, siteId, connection, watched, timeZone = () => undefined) {
  const list = el('ul', { class: 'absence-alerts', id: 'absence-alerts' });
  const count = el('span', { class: 'absence-count', id: 'absence-count' });
  const section = el('section', { class: 'absence-panel', 'aria-labelledby': 'absence-title' }, [
    el('h2', { id: 'absence-title' }, [s('title'), ' ', count]),
    el('div', { 'aria-live': 'assertive' }, list),
  ]);
  main.prepend(section);
  const topic = `alerts:${siteId}`;
  watched.add(topic);
  connection.watch(topic, snapshot => render(list, count, siteId, snapshot, timeZone()), () => {
    watched.delete(topic);
    list.replaceChildren(el('li', { class: 'no-alerts', text: s('forbidden') }));
  });
}

function render(list, count, siteId, snapshot, timeZone) {
  const open = snapshot?.open ?? [];
  count.textContent = open.length ? s('count', { count: open.length }) : '';
  list.dataset.open = String(open.length);
  // A form being filled in survives the re-render: keep the items whose alert is still open, as they are.
  const kept = new Map([...list.querySelectorAll('li[data-alert-id]')].map(li => [li.dataset.alertId, li]));
  const items = open.map(alert => {
    const existing = kept.get(alert.id);
    if (existing && existing.dataset.status === alert.status) return existing;
    return item(siteId, alert, timeZone);
  });
  list.replaceChildren(...(items.length ? items : [el('li', { class: 'no-alerts', text: s('none') })]));
}

function item(siteId, alert, timeZone) {
  const outcome = el('select', { name: 'outcome', required: true, 'aria-label': s('outcome') },
    Outcomes.map(value => el('option', { value, text: s(value) })));
  const note = el('input', { name: 'note', type: 'text', maxlength: '500', placeholder: s('note'), 'aria-label': s('note') });
  const button = el('button', { type: 'submit', text: s('acknowledge') });
  const message = el('span', { class: 'ack-message', role: 'status' });
  const form = el('form', { class: 'ack-form' }, [outcome, note, button, message]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = s('sending');
    // The alert id is {canteenId}/{date}/{meal}/{memberId}: each part is a path segment of the route.
    const path = alert.id.split('/').map(encodeURIComponent).join('/');
    const answer = await postJson(`/api/sites/${encodeURIComponent(siteId)}/alerts/${path}/acknowledge`,
      { outcome: outcome.value, note: note.value.trim() || null });
    if (answer.ok) {
      // The live push removes it; until then it shows as done.
      form.closest('li')?.classList.add('acknowledged');
      message.textContent = '✓';
      return;
    }
    button.disabled = false;
    message.textContent = problemSentence(answer.code);
  });
  const escalated = alert.status === 'escalated';
  return el('li', { class: escalated ? 'escalated' : '', dataset: { alertId: alert.id, status: alert.status, member: alert.memberId } }, [
    el('div', { class: 'alert-line' }, `⚠ ${s('item', { name: alert.memberName, canteen: alert.canteenName, meal: s(alert.meal), date: alert.date })}`),
    el('div', { class: 'alert-meta' }, [
      alert.phone ? el('a', { href: `tel:${alert.phone}`, text: s('phone', { phone: alert.phone }) }) : null,
      el('span', { text: s(alert.expectedBecause) }),
      el('span', { text: s('raised', { time: localTime(new Date(alert.raisedAt), timeZone) }) }),
      escalated ? el('strong', { class: 'escalated-note', text: s('escalated') }) : null,
    ].filter(Boolean)),
    form,
  ]);
}
