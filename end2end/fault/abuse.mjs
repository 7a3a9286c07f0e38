// The abuse test, against the release server with production's limits: a
// 256 MiB body (declared, and streamed without a length), 300 parallel
// sign-ups, 40 parallel wrong passwords on one account, 300 parallel
// password checks. The server stays healthy, its memory bounded (the peak
// is reported), and the limiter counts every attempt.
//
// env: SERVER, ADMIN_URL, PORT, LEPTOS_SITE_ROOT, MAX_PEAK_MB.
import http from 'node:http';
import { Person, check, freshDatabase, memory, psql, startServer } from './lib.mjs';

const PORT = Number(process.env.PORT ?? 3118);
const MAX_PEAK_MB = Number(process.env.MAX_PEAK_MB ?? 200);
const db = freshDatabase('abuse');
const log = [];
const { child, base } = await startServer({ port: PORT, databaseUrl: db, log });
const pid = child.pid;
const healthy = async () => (await fetch(`${base}/healthz`)).ok;
const start = memory(pid);
console.log(`memory after start: ${start.nowMb} MB (peak ${start.peakMb} MB)`);

/** POSTs `size` bytes to `path` without holding them in memory; returns the status. */
function bigPost(path, size, { declared }) {
  return new Promise((resolve) => {
    const req = http.request(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: base,
        // As browsers and curl do for a large body, ask before sending it.
        ...(declared ? { 'content-length': size, expect: '100-continue' } : { 'transfer-encoding': 'chunked' }),
      },
    });
    const chunk = Buffer.alloc(1 << 20, 0x61);
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode, sentMb: Math.round(sent / (1 << 20)) });
      req.destroy();
    });
    // The server may close the connection right after its answer: the
    // answer may still be read, else the cut is reported.
    req.on('error', (e) =>
      setTimeout(() => {
        if (!answered) {
          answered = true;
          resolve({ status: `closed (${e.code})`, sentMb: Math.round(sent / (1 << 20)) });
        }
      }, 500),
    );
    const pump = () => {
      while (!answered && sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    if (declared) req.on('continue', pump);
    else pump();
  });
}

{
  const r = await bigPost('/api/login', 256 << 20, { declared: true });
  check(r.status === 413 && r.sentMb === 0, `a declared 256 MiB body is answered 413 before any of it is sent (${r.status})`);
  // Without a declared length the server keeps 64 KiB, reads and throws
  // away up to 64 MiB more so that its 413 reaches the sender, then answers
  // and closes: the client may see the answer or only the closed connection,
  // and it never gets to send the whole body (what it counts as sent
  // includes the sockets' buffers).
  const s = await bigPost('/api/login', 256 << 20, { declared: false });
  check(
    (s.status === 413 || String(s.status).startsWith('closed')) && s.sentMb < 128,
    `a streamed 256 MiB body is cut short: ${s.status} after ${s.sentMb} MiB of 256 were sent`,
  );
}
/** POSTs `size` bytes at once, as a script or a browser posting a form
 * does (no `Expect: 100-continue`): the answer, or how the connection ended. */
function wholePost(path, size) {
  return new Promise((resolve) => {
    const req = http.request(`${base}${path}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', origin: base, 'content-length': size },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, text }));
    });
    req.on('error', (e) => resolve({ status: `lost (${e.code})` }));
    req.end(Buffer.alloc(size, 0x61));
  });
}
{
  // Fifty 5 MB bodies to a server function: each refusal must reach its
  // sender, who is still sending when the server has decided.
  const answers = await Promise.all(Array.from({ length: 50 }, () => wholePost('/api/login', 5 << 20)));
  const got = answers.filter((a) => a.status === 413 && a.text.includes('RequestTooLarge')).length;
  console.log(`50 bodies of 5 MB sent whole: ${got} received the 413, ${answers.filter((a) => a.status !== 413).map((a) => a.status).join(', ') || 'none lost'}`);
  check(got === 50, 'every refused body receives its 413');
  // Past what the server reads to the end (64 MiB), it says it closes.
  const huge = await wholePost('/api/login', 80 << 20);
  console.log(`an 80 MB body sent whole: ${huge.status}, Connection: ${huge.connection}`);
  check(huge.status === 413 ? huge.connection === 'close' : String(huge.status).startsWith('lost'), 'an answer the server will not read to the end says Connection: close');
}
check(await healthy(), 'healthy after the big bodies');
console.log(`memory after the big bodies: peak ${memory(pid).peakMb} MB`);

// 300 parallel sign-ups from one address.
const signups = await Promise.all(
  Array.from({ length: 300 }, (_, i) =>
    new Person(base).call('signup', {
      email: `flood-${i}@example.com`, password: 'a good password', display_name: 'Flood', role: 'client', accept_terms: true,
    }),
  ),
);
const byStatus = (rs) => rs.reduce((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
const s = byStatus(signups);
console.log(`300 parallel sign-ups: ${JSON.stringify(s)}`);
check((s[200] ?? 0) === 10 && (s[429] ?? 0) === 290, 'ten accounts per address per hour, the rest told to wait (429)');
check(psql(db, `SELECT count(*) FROM users WHERE email LIKE 'flood-%'`) === '10', 'exactly ten accounts were created');
check(await healthy(), 'healthy after the sign-up flood');
console.log(`memory after the sign-ups: peak ${memory(pid).peakMb} MB`);

// 40 parallel wrong passwords on one account.
const guesses = await Promise.all(
  Array.from({ length: 40 }, () => new Person(base).call('login', { email: 'paul@demo.test', password: 'not his password' })),
);
const g = byStatus(guesses);
console.log(`40 parallel wrong logins on one account: ${JSON.stringify(g)}`);
check((g[422] ?? 0) === 5 && (g[429] ?? 0) === 35, 'five password checks, thirty-five refused before any check');
check(psql(db, `SELECT hits FROM rate_limits WHERE bucket = 'login' AND key LIKE 'paul@demo.test|%'`) === '40', 'the limiter counted all forty attempts');
// Paul himself, from elsewhere, is not locked out (counted per address).
check(await healthy(), 'healthy after the guesses');

// 300 parallel password checks on distinct accounts from one address.
const checks = await Promise.all(
  Array.from({ length: 300 }, (_, i) => new Person(base).call('login', { email: `nobody-${i}@example.com`, password: 'whatever it is' })),
);
const c = byStatus(checks);
console.log(`300 parallel password checks: ${JSON.stringify(c)}`);
check(Object.keys(c).every((k) => ['422', '503', '429'].includes(k)), 'each is checked, told the server is busy (503) or told to wait (429), never a crash');
// One address trying many accounts is spraying: after 20 failed log-ins
// (five of them on Paul above) the address waits, whatever the account.
check((c[422] ?? 0) + (c[503] ?? 0) <= 20 && (c[429] ?? 0) >= 280, 'at most twenty failed log-ins per address, across accounts');
check(await healthy(), 'healthy after the password checks');

const end = memory(pid);
console.log(`memory at the end: ${end.nowMb} MB, peak over the whole test ${end.peakMb} MB`);
check(end.peakMb < MAX_PEAK_MB, `peak memory ${end.peakMb} MB stays under ${MAX_PEAK_MB} MB`);
child.kill('SIGTERM');
if (process.exitCode) console.error(log.join('').slice(-4000));
