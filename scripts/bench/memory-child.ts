// Run by memory.ts in its own process: opens the kiosk app on a database of 100,000 workers,
// does what a working day does to memory (lookups, searches, a sign-in), and prints its RSS.
import { createKioskApp } from '../../src/main/kiosk-app';

async function main() {
  const app = await createKioskApp({
    dbPath: process.argv[2]!,
    demo: true,
    minResponseMs: 0,
    log: () => undefined,
  });
  const { registry } = app.services;
  for (let i = 0; i < 1000; i++)
    registry.users.byActivePhone(`+35840${String(i * 97).padStart(7, '0')}`);
  for (const term of ['Korhonen', 'B9999', '0012']) registry.list({ search: term, limit: 100 });
  await app.dispatcher.dispatch('signin.start', { phone: '+358400000042' });
  global.gc?.();
  const rssMB = process.memoryUsage().rss / (1024 * 1024);
  await app.close();
  process.stdout.write(`${JSON.stringify({ rssMB })}\n`);
}

void main();
