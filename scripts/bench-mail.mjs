// Event to inbox: sign up (the event, answered by the server), then poll
// MailDev's newest message until the verification email to that address
// is there. Prints p50 and p99 over the given number of sign-ups.
const [site, maildev, count] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 200)];
const origin = new URL(site).origin;
const times = [];
for (let i = 0; i < count; i++) {
  const email = `bench-${Date.now()}-${i}@example.com`;
  const start = performance.now();
  const res = await fetch(`${site}/api/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email, password: 'a good password', display_name: 'Bench', role: 'client' }),
  });
  if (!res.ok) throw new Error(`sign-up ${i}: ${res.status} ${await res.text()}`);
  for (;;) {
    const newest = await (await fetch(`${maildev}/api/email/summary?limit=1`)).json();
    if (newest.items?.[0]?.to?.some((t) => t.address === email)) break;
    if (performance.now() - start > 30_000) throw new Error(`no email for ${email} within 30 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(`${count} events: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (from the sign-up request to the email in the inbox)`);
