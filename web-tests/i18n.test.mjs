// Every visible string is in both resource files, and every code and value the contract names has its words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './system.mjs';

const wwwroot = join(root, 'Api/wwwroot');
const zh = JSON.parse(readFileSync(join(wwwroot, 'i18n/zh-CN.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(wwwroot, 'i18n/en.json'), 'utf8'));

const ProblemCodes = ['full', 'already-booked', 'overlap', 'not-eligible', 'limit-reached', 'blocked', 'booking-not-open',
  'booking-closed', 'invalid-state', 'request-in-progress', 'idempotency-key-reused', 'rate-limited', 'storage-unavailable',
  'cluster-unavailable', 'invalid-id', 'invalid-request', 'over-capacity', 'not-found', 'unauthenticated', 'forbidden'];
const ContractValues = {
  level: ['closed', 'quiet', 'busy', 'nearlyFull', 'full'],
  meal: ['breakfast', 'lunch', 'dinner'],
  kind: ['gym', 'childrenArea', 'court', 'room', 'culturalCentre', 'garden', 'elderlyCare'],
  category: ['class', 'course', 'court', 'meal', 'care', 'activity'],
  status: ['confirmed', 'waitlisted', 'cancelled', 'expired', 'checkedIn', 'noShow'],
  'book.ageGroup': ['senior', 'adult', 'child'],
  day: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
};

test('Chinese and English have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
  for (const [key, value] of [...Object.entries(zh), ...Object.entries(en)]) assert.ok(value.trim(), `${key} has words`);
});

test('every problem code of the contract reads as a Chinese sentence', () => {
  for (const code of ProblemCodes) {
    assert.match(zh[`problem.${code}`] ?? '', /[\u4e00-\u9fff].*。$/u, `problem.${code} is a Chinese sentence`);
    assert.ok(en[`problem.${code}`], `problem.${code} in English`);
  }
});

test('every enum value of the contract has a label', () => {
  for (const [prefix, values] of Object.entries(ContractValues)) {
    for (const value of values) assert.ok(zh[`${prefix}.${value}`], `${prefix}.${value}`);
  }
  assert.deepEqual([zh['level.quiet'], zh['level.busy'], zh['level.nearlyFull'], zh['level.full'], zh['level.closed']],
    ['空闲', '较忙', '将满', '已满', '未开放']);
});

test('every key the scripts and pages name exists', () => {
  const sources = [
    ...readdirSync(join(wwwroot, 'js')).map(f => readFileSync(join(wwwroot, 'js', f), 'utf8')),
    ...readdirSync(wwwroot).filter(f => f.endsWith('.html')).map(f => readFileSync(join(wwwroot, f), 'utf8')),
  ].join('\n');
  const used = new Set([
    ...[...sources.matchAll(/\bt\('([a-zA-Z.-]+)'/g)].map(m => m[1]),
    ...[...sources.matchAll(/data-i18n="([a-zA-Z.-]+)"/g)].map(m => m[1]),
  ]);
  const missing = [...used].filter(key => !(key in zh));
  assert.deepEqual(missing, []);
  assert.ok(used.size > 80, `the check found the keys in use (${used.size})`);
});
