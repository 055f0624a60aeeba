/**
 * SQLite supports one server instance (SPEC §8: several instances need PostgreSQL). The server takes
 * an exclusive lock file next to the database, `<file>.lock`, holding its pid; a second server on
 * the same file refuses to start. A lock left by a process that no longer runs is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class SecondWriterError extends Error {
  constructor(readonly file: string, readonly pid: number) {
    super(
      `Another Tally server (pid ${pid}) is already using the SQLite database ${file}. ` +
      'SQLite supports a single server instance: stop the other one, point TALLY_DB_FILE elsewhere, ' +
      'or use PostgreSQL (DATABASE_URL) to run several instances.',
    );
    this.name = 'SecondWriterError';
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks this process holds (a lock naming our pid but not held here is a previous run's, e.g. pid 1 in a container). */
const held = new Set<string>();

export interface SqliteLock {
  path: string;
  release(): void;
}

/** Takes `<file>.lock` for this process or throws SecondWriterError naming the holder. */
export function acquireSqliteLock(file: string): SqliteLock {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true }); // the first start makes the data folder
  const path = `${file}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(path);
      const release = () => {
        if (!held.delete(path)) return;
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch { /* already gone */ }
      };
      process.once('exit', release);
      return { path, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      try { holder = Number(readFileSync(path, 'utf8').trim()); } catch { continue; } // removed meanwhile: retry
      const ours = holder === process.pid;
      if ((ours && held.has(path)) || (!ours && alive(holder))) throw new SecondWriterError(file, holder);
      try { unlinkSync(path); } catch { /* another starter took it over first */ }
    }
  }
  throw new SecondWriterError(file, NaN);
}
