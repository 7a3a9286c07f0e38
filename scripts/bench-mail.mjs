// Event to inbox: sign up (the event, answered by the server), then poll
// MailDev's count of messages until the verification email is there (one
// sign-up at a time, so the next message is that one; MailDev's times are
// to the second, too coarse to sort by). Prints p50 and p99 over the given
// number of sign-ups, and checks at the end that each address got its email.
const [site, maildev, count] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 200)];
const origin = new URL(site).origin;
const total = async () => (await (await fetch(`${maildev}/api/email/summary?limit=1`)).json()).total;
const times = [];
const sent = [];
for (let i = 0; i < count; i++) {
  const email = `bench-${Date.now()}-${i}@example.com`;
  const before = await total();
  const start = performance.now();
  const res = await fetch(`${site}/api/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email, password: 'a good password', display_name: 'Bench', role: 'client', accept_terms: true }),
  });
  if (!res.ok) throw new Error(`sign-up ${i}: ${res.status} ${await res.text()}`);
  const answered = performance.now();
  for (;;) {
    if ((await total()) > before) break;
    if (performance.now() - start > 30_000) throw new Error(`no email for ${email} within 30 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
  times.push([performance.now() - answered, answered - start]);
  sent.push(email);
}
const all = await (await fetch(`${maildev}/api/email`)).json();
const arrived = new Set(all.flatMap((m) => m.envelope.to.map((t) => t.address)));
const missing = sent.filter((e) => !arrived.has(e));
if (missing.length) throw new Error(`${missing.length} emails never arrived: ${missing.slice(0, 3)}`);
const report = (what, xs) => {
  xs.sort((a, b) => a - b);
  const at = (q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(1);
  console.log(`${what}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
};
console.log(`${count} sign-ups, one after another:`);
report('  the sign-up answered (its transaction committed, the email queued)', times.map((t) => t[1]));
report('  from that answer to the email in the inbox', times.map((t) => t[0]));
report('  from the request to the email in the inbox', times.map((t) => t[0] + t[1]));
