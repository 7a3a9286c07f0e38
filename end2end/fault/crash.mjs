// The crash test. The release server runs on a test cluster with demo
// data; concurrent credit spends, grants, top-ups, lead buys and escrow
// deposits, releases and give-backs run against it; the server is killed
// with SIGKILL mid-load and started again. Then, in SQL: every ledger
// balances, no balance is negative, every move the server acknowledged is
// there (none lost), no key was charged twice, every tranche's held amount
// equals its ledger, and replaying any move moves nothing. Then PostgreSQL
// itself is crashed and restarted under the running server, which must go
// on serving, live tab included, without being restarted by hand.
//
// env: SERVER (release binary), ADMIN_URL (the cluster's postgres URL),
// PGDIR (the cluster's folder), PORT, LEPTOS_SITE_ROOT, LOAD_MS.
import { randomUUID } from 'node:crypto';
import { Person, check, dbUrl, freshDatabase, need, psql, sleep, startServer, SERVER } from './lib.mjs';
import { execFileSync } from 'node:child_process';

const PGDIR = need('PGDIR');
const PORT = Number(process.env.PORT ?? 3117);
const LOAD_MS = Number(process.env.LOAD_MS ?? 4000);
const db = freshDatabase('crash');
const log = [];
const env = { MARKETPLACE_FILES_DIR: `${PGDIR}/crash-files` };

let { child, base } = await startServer({ port: PORT, databaseUrl: db, env, log });
const q = (sql) => psql(db, sql);
const id = (sql) => Number(q(sql));

const claire = await new Person(base).logIn('claire@demo.test');
const paul = await new Person(base).logIn('paul@demo.test');
const staff = await new Person(base).logIn('staff@demo.test');
const people = { claire, paul, staff };
const userId = Object.fromEntries(
  q("SELECT email, id FROM users").split('\n').map((l) => l.split('|')).map(([e, i]) => [e.split('@')[0], Number(i)]),
);
const escrowProject = id('SELECT project_id FROM escrows LIMIT 1');
const spendable = q(
  `SELECT p.id FROM projects p WHERE p.status = 'published' AND p.access = 'tender' ORDER BY p.id`,
)
  .split('\n')
  .flatMap((p) => ['consultation', 'offer', 'contact'].map((kind) => ({ project_id: Number(p), kind })))
  .filter(({ project_id, kind }) => !q(`SELECT 1 FROM unlocks WHERE provider_id = ${userId.paul} AND project_id = ${project_id} AND kind = '${kind}'`));

// Every move sent: who, what, its key, and what came back (or nothing).
const moves = [];
let stop = false;
async function move(who, path, body) {
  const m = { who, path, body, status: null };
  moves.push(m);
  try {
    const r = await people[who].call(path, body);
    m.status = r.status;
  } catch {
    m.status = 'no answer';
  }
  return m;
}
const key = () => randomUUID();
const loops = {
  topUp: () => move('paul', 'credits/top-up', { amount: '10', card: '4242 4242 4242 4242', key: key() }),
  grant: () =>
    move('staff', 'staff/credits', {
      provider_email: 'paul@demo.test', kind: 'offer', count: '1', reason: 'crash test', refund: false, key: key(),
    }),
  release: () => move('claire', 'escrow/release', { project_id: escrowProject, tranche: 1, amount: '0.01', key: key() }),
  giveBack: () => move('paul', 'escrow/refund', { project_id: escrowProject, tranche: 1, amount: '0.01', key: key() }),
  deposit: () =>
    move('claire', 'escrow/deposit', {
      project_id: escrowProject, tranche: 2, amount: '0.01', card: '4242 4242 4242 4242', key: key(),
    }),
  spend: async () => {
    const next = spendable.shift();
    if (next) await move('paul', 'credits/spend', { ...next, key: key() });
    else await sleep(20);
  },
  lead: async () => {
    const start = new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10);
    const created = await move('staff', 'staff/leads/create', {
      form: {
        project: {
          title: `Crash test lead ${randomUUID().slice(0, 8)}`,
          description: 'A lead written during the crash test, to be bought at once.',
          services: ['web_development'], region: 'remote', budget_min: '1000', budget_max: '2000', desired_start: start,
        },
        client_email: 'hugo@demo.test', client_phone: '+33 6 00 00 00 00', price: '1', cap: '', half_price: false,
      },
    });
    if (created.status === 200) {
      const lead = Number(q("SELECT max(project_id) FROM leads"));
      await move('paul', 'leads/buy', { project_id: lead, key: key() });
    }
  },
};
const workers = Object.values(loops).flatMap((loop) =>
  [0, 1].map(async () => {
    while (!stop) await loop();
  }),
);

// Kill the server in the middle of the load: the moves in flight get no answer.
await sleep(LOAD_MS);
stop = true;
child.kill('SIGKILL');
await Promise.all(workers);
({ child, base } = await startServer({ port: PORT, databaseUrl: db, env, log }));
for (const p of Object.values(people)) p.base = base;

const acked = moves.filter((m) => m.status === 200);
const unanswered = moves.filter((m) => m.status === 'no answer');
console.log(`moves sent ${moves.length} in ${LOAD_MS} ms, acknowledged ${acked.length}, refused ${moves.length - acked.length - unanswered.length}, in flight at the kill ${unanswered.length}`);

// Every acknowledged move with a key is committed under that key.
const keyed = acked.filter((m) => m.body.key);
const lost = keyed.filter(
  (m) => !q(`SELECT 1 FROM idempotency_keys WHERE user_id = ${userId[m.who]} AND key = '${m.body.key}' AND response IS NOT NULL`),
);
console.log(`acknowledged moves lost: ${lost.length} of ${keyed.length}`);
check(lost.length === 0, 'no acknowledged move was lost');
check(keyed.length > 50, `the load moved money (${keyed.length} acknowledged moves)`);

function invariants(when) {
  check(q(`SELECT count(*) FROM (SELECT 1 FROM ledger_entries GROUP BY transaction_id, unit HAVING sum(amount) <> 0) t`) === '0', `${when}: every credit and money transaction balances`);
  check(q(`SELECT count(*) FROM (SELECT 1 FROM escrow_entries GROUP BY transaction_id HAVING sum(amount) <> 0) t`) === '0', `${when}: every escrow transaction balances`);
  check(q(`SELECT count(*) FROM (SELECT 1 FROM fee_entries GROUP BY transaction_id HAVING sum(amount) <> 0) t`) === '0', `${when}: every fee transaction balances`);
  check(q(`SELECT count(*) FROM provider_balances WHERE balance < 0`) === '0', `${when}: no balance is negative`);
  check(
    q(`SELECT count(*) FROM provider_balances b WHERE balance <> coalesce((SELECT sum(amount) FROM ledger_entries e
        WHERE e.provider_id = b.provider_id AND e.unit = b.unit AND e.holder = 'provider'), 0)`) === '0',
    `${when}: every cached balance equals its ledger`,
  );
  check(
    q(`SELECT count(*) FROM escrow_tranches t WHERE deposited_cents - released_cents - refunded_cents <> coalesce((
        SELECT sum(e.amount) FROM escrow_entries e JOIN escrow_transactions x ON x.id = e.transaction_id
         WHERE x.agreement_id = t.agreement_id AND e.account = 'held' AND e.position = t.position), 0)`) === '0',
    `${when}: every tranche holds what its ledger says`,
  );
  check(q(`SELECT count(*) FROM (SELECT 1 FROM payments GROUP BY gateway, gateway_reference HAVING count(*) > 1) t`) === '0', `${when}: no charge recorded twice`);
  check(
    q(`SELECT count(*) FROM payment_attempts a WHERE status = 'recorded'
        AND (SELECT count(*) FROM payments p WHERE p.gateway_reference = a.gateway_reference) <> 1`) === '0',
    `${when}: every recorded charge has exactly one payment`,
  );
  check(q(`SELECT count(*) FROM lead_responses GROUP BY project_id HAVING count(*) FILTER (WHERE transaction_id IS NOT NULL) > 4`) === '', `${when}: no lead over its cap`);
}
invariants('after the kill');

// Replays move nothing: the acknowledged ones answer as before, and those
// left unanswered by the kill are done at most once.
const digest = () => q(`SELECT concat_ws(' ', (SELECT count(*) FROM ledger_entries), (SELECT count(*) FROM escrow_entries), (SELECT count(*) FROM payments))`);
const before = digest();
const sample = keyed.slice(-40);
let replayed = 0;
for (const m of sample) if ((await people[m.who].call(m.path, m.body)).status === 200) replayed++;
check(replayed === sample.length && digest() === before, `replaying ${sample.length} acknowledged moves moved nothing`);
const retried = unanswered.filter((m) => m.body.key);
for (const m of retried) await people[m.who].call(m.path, m.body);
const afterRetries = digest();
for (const m of retried) await people[m.who].call(m.path, m.body);
check(digest() === afterRetries, `retrying the ${retried.length} moves the kill left unanswered twice moved them at most once`);
invariants('after the replays');

// PostgreSQL crashes under the running server.
const watcher = new AbortController();
const events = [];
const stream = fetch(`${base}/live/escrow/${escrowProject}`, { headers: { cookie: paul.cookie }, signal: watcher.signal }).then(async (res) => {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const line of decoder.decode(value).split('\n')) if (line.startsWith('event:')) events.push({ at: Date.now(), event: line.slice(6).trim() });
  }
}).catch(() => {});
await sleep(300);
const crashedAt = Date.now();
execFileSync(SERVER, ['db-crash', PGDIR], { stdio: 'inherit' });
let healthyAfter = null;
for (let i = 0; i < 300 && healthyAfter === null; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) healthyAfter = Date.now() - crashedAt;
  } catch {}
  if (healthyAfter === null) await sleep(100);
}
check(healthyAfter !== null, `the server serves again ${healthyAfter} ms after PostgreSQL crashed, without a restart`);
let released = null;
for (let i = 0; i < 50 && released?.status !== 200; i++) {
  released = await claire.call('escrow/release', { project_id: escrowProject, tranche: 1, amount: '0.01', key: key() });
  if (released.status !== 200) await sleep(200);
}
check(released.status === 200, `a release after the database crash is accepted (${released.status})`);
const releasedAt = Date.now();
for (let i = 0; i < 100 && !events.some((e) => e.event === 'changed' && e.at >= releasedAt); i++) await sleep(100);
const seen = events.find((e) => e.event === 'changed' && e.at >= releasedAt);
check(Boolean(seen), `the live tab opened before the crash showed the release ${seen ? seen.at - releasedAt : '∞'} ms after it`);
watcher.abort();
await stream;
invariants('after the database crash');

child.kill('SIGTERM');
await sleep(500);
if (process.exitCode) console.error(log.join('').slice(-4000));
