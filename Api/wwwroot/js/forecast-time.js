// Shared by the forecast's display line and /book's charts.

/** The first 10-minute step at or after now in timeZone, local "HH:mm": a next quiet time equal to it means quiet already. */
export function nowStep(timeZone) {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date()).split(':').map(Number);
  const minute = Math.ceil((h * 60 + m) / 10) * 10;
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
