// Dates and times are shown in the site's time zone, never the browser's.
import { lang, t } from './i18n.js';

export const DefaultTimeZone = 'Asia/Shanghai';
const Weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const locale = () => (lang === 'en' ? 'en-GB' : 'zh-CN');

function parts(instant, timeZone) {
  const formatter = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', weekday: 'short',
  });
  const out = {};
  for (const { type, value } of formatter.formatToParts(instant)) out[type] = value;
  return out;
}

/** The local date YYYY-MM-DD of an instant in a time zone. */
export function localDate(instant = new Date(), timeZone = DefaultTimeZone) {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** HH:mm (or HH:mm:ss) of an instant in a time zone. */
export function localTime(instant, timeZone = DefaultTimeZone, seconds = false) {
  const p = parts(new Date(instant), timeZone);
  return seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** mon … sun of an instant in a time zone (the keys of openingHours). */
export function weekdayKey(instant = new Date(), timeZone = DefaultTimeZone) {
  return parts(instant, timeZone).weekday.slice(0, 3).toLowerCase();
}

/** mon … sun of a local date YYYY-MM-DD. */
export function weekdayOfDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  return Weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
}

/** The local date `days` after a local date. */
export function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return next.toISOString().slice(0, 10);
}

/** 11月30日 周一 / Mon 30 Nov, relative words for today and tomorrow. */
export function dayLabel(date, today) {
  if (date === today) return t('day.today');
  if (date === addDays(today, 1)) return t('day.tomorrow');
  const [, m, d] = date.split('-').map(Number);
  const weekday = t(`day.${weekdayOfDate(date)}`);
  if (lang === 'en') {
    const month = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m - 1, 1)));
    return `${weekday} ${d} ${month}`;
  }
  return `${m}月${d}日 ${weekday}`;
}

/** A day and time for a sentence: 今天 19:00, 11月30日 周一 19:00. */
export function when(instant, timeZone = DefaultTimeZone, today = localDate(new Date(), timeZone)) {
  return `${dayLabel(localDate(new Date(instant), timeZone), today)} ${localTime(instant, timeZone)}`;
}

/** The big wall clock: 14:05 and the date underneath. */
export function clockParts(timeZone = DefaultTimeZone) {
  const now = new Date();
  const date = new Intl.DateTimeFormat(locale(), { timeZone, month: 'long', day: 'numeric', weekday: 'long' }).format(now);
  return { time: localTime(now, timeZone), date };
}

/** Minutes since local midnight for "HH:mm". */
export function minutesOf(hhmm) {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function number(value) {
  return Number.isFinite(value) ? new Intl.NumberFormat(locale()).format(value) : '—';
}
