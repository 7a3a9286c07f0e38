// Credit spends per second through the server functions: CLIENTS concurrent
// clients on loopback, each a provider spending one credit per request on
// projects it has not unlocked yet (every request is a real, charged spend).
// Usage: node bench-spends.mjs BASE_URL STAFF_EMAIL STAFF_PASSWORD SECONDS CLIENTS DATABASE_URL
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const [base, staffEmail, staffPassword, secondsArg, clientsArg, databaseUrl] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 20);
const clients = Number(clientsArg ?? 32);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 4 });

function call(path, body, cookie) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request({
      host: url.hostname, port: url.port, path, method: 'POST', agent,
      headers: {
        'content-type': 'application/json', 'content-length': Buffer.byteLength(data),
        origin: base, accept: 'application/json', ...(cookie ? { cookie } : {}),
      },
    }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        const set = res.headers['set-cookie']?.[0]?.split(';')[0];
        resolve({ status: res.statusCode, text, cookie: set });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function must(path, body, cookie) {
  const r = await call(path, body, cookie);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  return r;
}

const tag = Date.now().toString(36);
const staff = (await must('/api/login', { email: staffEmail, password: staffPassword })).cookie;
const client = (await must('/api/signup', {
  email: `bench-client-${tag}@example.com`, password: 'bench password 1', display_name: 'Bench Client', role: 'client', accept_terms: true,
})).cookie;
// People act only once their address is confirmed: the benchmark's own
// accounts are marked confirmed in its database (no mail server here).
const confirm = (pattern) =>
  execFileSync('psql', ['-q', databaseUrl, '-c',
    `UPDATE users SET email_verified_at = now() WHERE email LIKE '${pattern}' AND email_verified_at IS NULL`]);
confirm(`bench-client-${tag}@example.com`);

// Enough projects that no provider runs out of (project, kind) pairs.
const projectCount = Number(process.env.BENCH_PROJECTS ?? 400);
const start = new Date(Date.now() + 10 * 86400e3).toISOString().slice(0, 10);
const projects = [];
for (let i = 0; i < projectCount; i++) {
  const r = await must('/api/projects/post', { form: {
    title: `Bench project ${i}`, description: 'A project written by the benchmark, nothing more.',
    services: ['web_development'], region: 'remote', budget_min: '100', budget_max: '200', desired_start: start,
    phone: '06 12 34 56 78',
  } }, client);
  const id = Number(r.text);
  await must('/api/staff/validate', { id }, staff);
  projects.push(id);
}
const providers = [];
for (let i = 0; i < clients; i++) {
  const email = `bench-provider-${tag}-${i}@example.com`;
  const cookie = (await must('/api/signup', { email, password: 'bench password 1', display_name: `Bench ${i}`, role: 'provider', accept_terms: true })).cookie;
  for (const kind of ['consultation', 'offer', 'contact']) {
    await must('/api/staff/credits', { provider_email: email, kind, count: '1000', reason: 'benchmark', refund: false, key: randomUUID() }, staff);
  }
  providers.push(cookie);
}
confirm(`bench-provider-${tag}-%@example.com`);

const kinds = ['consultation', 'offer', 'contact'];
let done = 0;
let failed = 0;
let firstFailure = null;
const latencies = [];
const deadline = Date.now() + seconds * 1000;
const t0 = Date.now();
await Promise.all(providers.map(async (cookie) => {
  for (let n = 0; Date.now() < deadline; n++) {
    const project_id = projects[Math.floor(n / 3) % projects.length];
    const kind = kinds[n % 3];
    if (n >= projects.length * 3) throw new Error('ran out of projects: raise BENCH_PROJECTS');
    const s = performance.now();
    const r = await call('/api/credits/spend', { project_id, kind, key: randomUUID() }, cookie);
    latencies.push(performance.now() - s);
    if (r.status === 200 && r.text.includes('"charged":true')) done++;
    else {
      failed++;
      firstFailure ??= `${r.status} ${r.text}`;
    }
  }
}));
const elapsed = (Date.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
console.log(JSON.stringify({ spends: done, failed, seconds: elapsed, per_second: done / elapsed, p50_ms: pct(0.5), p99_ms: pct(0.99) }));
// A run whose spends were refused measured nothing: it fails, saying why.
if (failed > 0 || done === 0) {
  console.error(`${failed} spends failed, ${done} charged; the first failure: ${firstFailure}`);
  process.exit(1);
}
