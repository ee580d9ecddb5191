// Draws the app icons (public/icons/*.png) from the brand mark with Debian's Chromium.
// Run from end2end/: node tools/icons.mjs   (the PNGs are committed; run again if the mark changes)
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const wave = (stroke) =>
  `<path d="M7 19c3-6 6-6 9 0s6 6 9 0" fill="none" stroke="#fff" stroke-width="${stroke}" stroke-linecap="round"/>`;
// "any": the rounded tile of the favicon. "maskable": full-bleed colour, the mark inside the
// central 80 % safe zone so any mask shape keeps it whole.
const any = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0f766e"/>${wave(3)}</svg>`;
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#0f766e"/><g transform="translate(16 16) scale(0.72) translate(-16 -19)">${wave(3.4)}</g></svg>`;

const out = new URL('../../public/icons/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const [name, svg, size] of [
  ['icon-192.png', any, 192],
  ['icon-512.png', any, 512],
  ['icon-maskable-512.png', maskable, 512],
]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: out + name, omitBackground: true });
  await page.close();
}
await browser.close();
console.log('icons written to', out);
