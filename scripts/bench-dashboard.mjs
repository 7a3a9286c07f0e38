// Times /api/dashboard for the demo provider: p50 and p99 over N calls,
// one after another, after a warm-up. Usage: node bench-dashboard.mjs BASE N
const [base, n] = [process.argv[2], Number(process.argv[3] ?? 200)];
const login = await fetch(`${base}/api/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: base },
  body: JSON.stringify({ email: 'paul@demo.test', password: 'demo-password' }),
});
if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
async function call() {
  const started = performance.now();
  const res = await fetch(`${base}/api/dashboard`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: '{}',
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`dashboard: ${res.status} ${body}`);
  return [performance.now() - started, body];
}
const [, sample] = await call();
const board = JSON.parse(sample).Provider;
const counts = board.columns.map((c) => `${c.stage} ${c.count}`).join(', ');
console.log(`pipeline: ${counts}; ${board.earnings.length} escrows; response ${sample.length} bytes`);
for (let i = 0; i < 10; i++) await call();
const times = [];
for (let i = 0; i < n; i++) times.push((await call())[0]);
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
console.log(`dashboard over ${n} calls: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
