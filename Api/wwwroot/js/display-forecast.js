// "When to come" on the entrance displays: one line under the headline, "通常 13:10 后有空位" / "Usually free after 13:10",
// from GET /api/{facilities|canteens}/{id}/forecast. Hooked into each display with one <script> line; its styles load
// as a stylesheet link (the Content-Security-Policy refuses inline styles).
import { ready, t } from './i18n.js';
import { getJson } from './api.js';
import { idFromPath, el } from './screen.js';
import { nowStep } from './forecast-time.js';

const RefreshMs = 5 * 60_000;
const kind = location.pathname.startsWith('/display/canteen') ? 'canteens' : 'facilities';
const id = idFromPath(kind === 'canteens' ? '/display/canteen' : '/display/facility');

document.head.append(el('link', { rel: 'stylesheet', href: '/css/forecast.css' }));
await ready();
const line = el('p', { class: 'forecast-line', id: 'forecast-line', hidden: true });
(document.querySelector('.headline') ?? document.querySelector('.display-foot') ?? document.body).append(line);

async function refresh() {
  if (!id) return;
  const answer = await getJson(`/api/${kind}/${encodeURIComponent(id)}/forecast`);
  const forecast = answer.ok ? answer.body : null;
  const time = forecast?.nextQuietTime;
  // Already quiet (the display says so in its level) or nothing quiet expected today: no line.
  line.hidden = !time || time <= nowStep(forecast.timeZone);
  line.textContent = line.hidden ? '' : t('forecast.freeAfter', { time });
  line.dataset.generated = String((forecast?.generatedDays ?? 0) > 0);
}

refresh();
setInterval(refresh, RefreshMs);
