// Shared by the fault tests: start and kill the release server, call its
// server functions as a browser would, read PostgreSQL through psql, and
// watch the server's memory. Node's own fetch only; no packages.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const SERVER = need('SERVER');
export const ADMIN_URL = need('ADMIN_URL');

export function need(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return v;
}

/** The URL of `db` in the cluster of ADMIN_URL. */
export function dbUrl(db) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Runs `sql` and returns its rows (tab-separated fields, one row a line). */
export function psql(url, sql) {
  return execFileSync('psql', ['-At', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { encoding: 'utf8' }).trim();
}

export function freshDatabase(db) {
  psql(ADMIN_URL, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  psql(ADMIN_URL, `CREATE DATABASE ${db}`);
  return dbUrl(db);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the release server on `port` against `databaseUrl`. */
export async function startServer({ port, databaseUrl, env = {}, log }) {
  const child = spawn(SERVER, [], {
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? 'target/site',
      DATABASE_URL: databaseUrl,
      MARKETPLACE_DEMO: '1',
      RUST_LOG: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', log ? 'pipe' : 'ignore'],
  });
  if (log) child.stderr.on('data', (d) => log.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${child.exitCode} ${log?.join('')}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base };
    } catch {}
    await sleep(250);
  }
  throw new Error('the server did not start');
}

/** Peak and current resident memory of a process, in MB. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))[1]);
  return { peakMb: Math.round(kb('VmHWM') / 1024), nowMb: Math.round(kb('VmRSS') / 1024) };
}

/** A person at the site: their session cookie and their server functions. */
export class Person {
  constructor(base) {
    this.base = base;
    this.cookie = null;
  }

  async call(path, body) {
    const res = await fetch(`${this.base}/api/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        origin: this.base,
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: JSON.stringify(body),
    });
    const set = res.headers.getSetCookie?.() ?? [];
    for (const c of set) if (c.startsWith('mp_session=')) this.cookie = c.split(';')[0];
    const text = await res.text();
    return { status: res.status, text };
  }

  async logIn(email, password = 'demo-password') {
    const r = await this.call('login', { email, password });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text}`);
    return this;
  }
}

export function check(ok, what) {
  if (!ok) {
    console.error(`FAILED: ${what}`);
    process.exitCode = 1;
  } else {
    console.log(`ok: ${what}`);
  }
}
