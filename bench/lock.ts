/**
 * One benchmark at a time on this machine: two runs loading the same 2 cores would each report the
 * other's load as Tally's cost. A run waits for the lock file of a live earlier run; a stale one
 * (its process gone) is taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'tally-bench.lock');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function tryLock(): number | null {
  try {
    const fd = openSync(LOCK, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return null;
  } catch {
    const holder = Number(readFileSync(LOCK, 'utf8').trim());
    if (!holder || !alive(holder)) {
      rmSync(LOCK, { force: true });
      return tryLock();
    }
    return holder;
  }
}

/** Waits until no other benchmark runs, then holds the lock until this process exits. */
export async function benchLock(log: (...a: unknown[]) => void): Promise<void> {
  let told = false;
  for (let holder = tryLock(); holder !== null; holder = tryLock()) {
    if (!told) log(`waiting for the benchmark run of pid ${holder} to finish (one run at a time: ${LOCK})`);
    told = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  process.on('exit', () => {
    if (readFileSync(LOCK, 'utf8').trim() === String(process.pid)) rmSync(LOCK, { force: true });
  });
}
