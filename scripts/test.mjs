// `npm test`: the API/unit project and the browser project as two vitest runs side by side.
//
// Inside one vitest run a project whose files run one at a time (the browser journeys: a Chromium and a
// server per file) is its own group, started only after every other file has finished, so the suite took
// the two projects' times added up (≈ 320 s + 530 s). Side by side it takes about the longer of the two.
// With arguments (`npm test -- test/api/x.test.ts`, `--project e2e`, …) this is plain `vitest run`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const vitest = (args, prefix) => new Promise((resolve) => {
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], {
    stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, ...(prefix ? { FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } : {}) },
  });
  const tail = [];
  if (prefix) {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        process.stdout.write(`${prefix} ${line}\n`);
        tail.push(line);
        if (tail.length > 12) tail.shift();
      });
    }
  }
  child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), tail }));
});

const args = process.argv.slice(2);
if (args.length) process.exit((await vitest(args)).code);

const started = Date.now();
const runs = await Promise.all([vitest(['--project', 'api'], '[api]'), vitest(['--project', 'e2e'], '[e2e]')]);
const names = ['api', 'e2e'];
process.stdout.write(`\n${'='.repeat(72)}\n`);
runs.forEach((r, i) => {
  process.stdout.write(`[${names[i]}] ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}\n`);
  for (const line of r.tail.filter((l) => /Test Files|Tests |Duration/.test(l))) process.stdout.write(`[${names[i]}] ${line.trim()}\n`);
});
process.stdout.write(`npm test: ${Math.round((Date.now() - started) / 1000)} s in all\n`);
process.exit(runs.some((r) => r.code !== 0) ? 1 : 0);
