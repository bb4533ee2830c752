// The places the browser tests look at, defined through the administration routes so the tests do not depend on
// the demo catalog or on the hour they run at (meal and opening hours cover the whole day).
export const SiteId = 'webtest';
export const CanteenId = 'webtest-canteen';
export const GymId = 'webtest-gym';
export const KidsId = 'webtest-kids';

/** Staff of the test site only, created below through the administration route. */
export const WebtestDesk = { username: 'webtest.desk', password: 'webtest-desk-2026', name: '测试前台' };

/** The demo catalog's documented resident card and desk account (Grains/Catalog/demo-catalog.json). */
export const DemoResident = { memberId: 'm-1024', name: '杨根有', cardNumber: '10241024', pin: '2468', homeSiteId: 'binjiang' };
export const DemoDesk = { username: 'binjiang.desk', password: 'demo-desk-2026', siteId: 'binjiang' };

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map(day => [day, [['00:00', '24:00']]]));

export async function defineFixture(system) {
  await system.must('PUT', `/api/sites/${SiteId}`, {
    name: '滨江社区嵌入式服务综合体', nameEn: 'Binjiang Community Service Complex', district: '高新区', timeZone: 'Asia/Shanghai',
  });
  await system.must('PUT', `/api/canteens/${CanteenId}`, {
    siteId: SiteId, name: '滨江社区食堂', nameEn: 'Binjiang Community Canteen',
    mealHours: [
      { meal: 'breakfast', from: '00:00', to: '10:00' },
      { meal: 'lunch', from: '10:00', to: '16:00' },
      { meal: 'dinner', from: '16:00', to: '24:00' },
    ],
    tables: Array.from({ length: 15 }, (_, i) => ({ id: `t${String(i + 1).padStart(2, '0')}`, seats: 4, accessible: i < 3 })),
  });
  await system.must('PUT', `/api/facilities/${GymId}`, {
    siteId: SiteId, kind: 'gym', name: '百姓健身房', nameEn: "Residents' Gym", capacity: 40, openingHours: allDay,
    zones: [
      { id: 'machines', name: '器械区', nameEn: 'Machines', capacity: 25 },
      { id: 'studio', name: '操课室', nameEn: 'Studio', capacity: 15 },
    ],
  });
  await system.must('PUT', `/api/facilities/${KidsId}`, {
    siteId: SiteId, kind: 'childrenArea', name: '儿童欢乐谷', nameEn: "Children's Valley", capacity: 60, openingHours: allDay,
    zones: [
      { id: 'reading', name: '阅读区', nameEn: 'Reading', capacity: 20 },
      { id: 'play', name: '活动区', nameEn: 'Play', capacity: 25 },
      { id: 'care', name: '托管区', nameEn: 'After-school care', capacity: 15 },
    ],
  });
  await system.must('PUT', `/api/admin/staff/${WebtestDesk.username}`, {
    name: WebtestDesk.name, role: 'staff', sites: [SiteId], password: WebtestDesk.password,
  });
  // Some people already there, so the screens show a mix of free and taken seats and levels.
  const taken = { t01: 2, t02: 4, t04: 3, t05: 4, t07: 1, t09: 4, t10: 2, t12: 4 };
  for (const [table, occupied] of Object.entries(taken)) {
    await system.must('PUT', `/api/canteens/${CanteenId}/tables/${table}`, { occupied });
  }
  await system.must('PUT', `/api/facilities/${GymId}/occupancy`, { occupied: 22, zoneId: 'machines' });
  await system.must('PUT', `/api/facilities/${GymId}/occupancy`, { occupied: 14, zoneId: 'studio' });
  await system.must('PUT', `/api/facilities/${KidsId}/occupancy`, { occupied: 6, zoneId: 'reading' });
  await system.must('PUT', `/api/facilities/${KidsId}/occupancy`, { occupied: 12, zoneId: 'play' });
}
