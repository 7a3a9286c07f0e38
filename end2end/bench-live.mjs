// Benchmark (not a test): the time from a release made in one browser,
// connected to server instance A, to its appearance in another browser
// watching the same payment tab through instance B. Both instances share
// one PostgreSQL; B learns of the change only through NOTIFY.
// Usage: node bench-live.mjs URL_A URL_B PROJECT_ID EVENTS
import { chromium } from '@playwright/test';

const [urlA, urlB, projectId, events] = process.argv.slice(2);
const count = Number(events ?? 200);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function person(base, email) {
  const page = await (await browser.newContext({ baseURL: base })).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.goto(`/projects/${projectId}`);
  await page.locator('.escrow .live-badge.on').waitFor();
  return page;
}

const client = await person(urlA, 'claire@demo.test');
const provider = await person(urlB, 'paul@demo.test');
const version = (page) => page.locator('.escrow').getAttribute('data-version').then(Number);

const times = [];
const answered = [];
for (let i = 0; i < count; i++) {
  const before = await version(provider);
  const t0 = performance.now();
  const status = await client.evaluate(async ([id, key]) => {
    const r = await fetch('/api/escrow/release', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ project_id: id, tranche: 1, amount: '0.01', key }),
    });
    return r.status;
  }, [Number(projectId), `bench-${Date.now()}-${i}-${Math.random().toString(36).slice(2)}`]);
  answered.push(performance.now() - t0);
  if (status !== 200) throw new Error(`release ${i} answered ${status}`);
  await provider.waitForFunction(
    (v) => Number(document.querySelector('.escrow')?.dataset.version) > v, before, { polling: 'raf', timeout: 10_000 });
  times.push(performance.now() - t0);
}
await browser.close();
times.sort((a, b) => a - b);
answered.sort((a, b) => a - b);
const quantile = (xs, q) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
const at = (q) => quantile(times, q);
console.log(JSON.stringify({
  events: times.length,
  p50_ms: +at(0.5).toFixed(1),
  p99_ms: +at(0.99).toFixed(1),
  mean_ms: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(1),
  max_ms: +times[times.length - 1].toFixed(1),
  // For scale: the release's own answer in the first browser.
  release_answer_p50_ms: +quantile(answered, 0.5).toFixed(1),
}));
