// The pages run under a Content-Security-Policy of script-src 'self' and style-src 'self': no inline script or
// style, no style attribute, no on* handler attribute in any page, and no script writing a style attribute
// (setting element.style through the DOM is allowed and is what the scripts do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './system.mjs';

const wwwroot = join(root, 'Api/wwwroot');
const pages = readdirSync(wwwroot).filter(f => f.endsWith('.html'));
const scripts = readdirSync(join(wwwroot, 'js')).filter(f => f.endsWith('.js'));

test('no page has inline script, inline style, a style attribute or an event handler attribute', () => {
  assert.ok(pages.length >= 6, 'the pages were found');
  const found = [];
  for (const page of pages) {
    const html = readFileSync(join(wwwroot, page), 'utf8');
    for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc=/.test(tag[1]) || tag[2].trim()) found.push(`${page}: inline <script>`);
    }
    if (/<style\b/i.test(html)) found.push(`${page}: <style>`);
    for (const attribute of html.matchAll(/<[a-z][^>]*\s(style|on[a-z]+)\s*=/gi)) found.push(`${page}: ${attribute[1]}= attribute`);
    if (/javascript:/i.test(html)) found.push(`${page}: javascript: URL`);
  }
  assert.deepEqual(found, []);
});

test('no script writes a style attribute or inline markup with one', () => {
  const found = [];
  for (const script of scripts) {
    const source = readFileSync(join(wwwroot, 'js', script), 'utf8');
    if (/setAttribute\(\s*['"]style['"]/.test(source)) found.push(`${script}: setAttribute('style')`);
    if (/\bstyle:\s*['"`]/.test(source)) found.push(`${script}: el(…, { style: '…' }) (a string becomes an attribute)`);
    if (/innerHTML\s*=[^;]*(style=|on[a-z]+=)/.test(source)) found.push(`${script}: innerHTML with style= or on*=`);
    if (/\beval\(|new Function\(/.test(source)) found.push(`${script}: eval`);
  }
  assert.deepEqual(found, []);
});
