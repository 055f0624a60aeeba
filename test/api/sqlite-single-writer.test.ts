/**
 * SQLite supports one server instance: a second server on the same database file refuses to start,
 * clearly and with a non-zero exit; the lock goes with the first server, and a stale one is taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireSqliteLock, SecondWriterError } from '../../src/db/sqlite-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'tally-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function server(file: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, TALLY_DB_FILE: file, PORT: '0', HOST: '127.0.0.1', TALLY_ADMIN_PASSWORD: 'lock-test-password', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const serving = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Tally is serving')) { clearInterval(timer); resolve(); }
    }, 50);
    void exited.then((code) => { clearInterval(timer); reject(new Error(`server exited with ${code}: ${out}`)); });
  });
  serving.catch(() => undefined);
  return { child, exited, serving, output: () => out };
}

const stop = async (s: { child: ChildProcess; exited: Promise<number | null> }) => {
  s.child.kill('SIGTERM');
  return s.exited;
};

describe('one server per SQLite file', () => {
  it('a second server refuses to start, naming the first; after the first stops the file is free again', async () => {
    const file = join(dir, 'tally.db');
    const first = server(file);
    await first.serving;
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(first.child.pid));

    const second = server(file);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Another Tally server (pid ${first.child.pid}) is already using the SQLite database ${file}`);
    expect(second.output()).toContain('DATABASE_URL');
    expect(first.child.exitCode).toBeNull(); // the first one is unharmed

    expect(await stop(first)).toBe(0);
    expect(existsSync(`${file}.lock`)).toBe(false);
    const third = server(file);
    await third.serving;
    expect(await stop(third)).toBe(0);
  });

  it('the lock in-process: held, refused, released; a dead holder\'s lock is taken over', async () => {
    const file = join(dir, 'unit.db');
    const lock = acquireSqliteLock(file);
    expect(() => acquireSqliteLock(file)).toThrow(SecondWriterError);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);

    // a process that has ended left its lock behind
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.on('exit', r));
    writeFileSync(`${file}.lock`, String(gone.pid));
    const again = acquireSqliteLock(file);
    expect(readFileSync(again.path, 'utf8')).toBe(String(process.pid));
    again.release();
  });
});
