/**
 * A read done once per transaction: a command that needs the same rows several times (its rules,
 * each event it emits, its answer) reads them once and sees one value. Outside a transaction every
 * call reads. A command that changes the rows after reading them calls `forget(tx)`.
 */
import type { Executor } from './create-db.js';

export interface PerTransaction<V> {
  (db: Executor, key?: string): Promise<V>;
  forget(db: Executor): void;
}

export function perTransaction<V>(read: (db: Executor, key: string) => Promise<V>): PerTransaction<V> {
  const memo = new WeakMap<Executor, Map<string, Promise<V>>>();
  const get = (db: Executor, key = '') => {
    if (!db.isTransaction) return read(db, key);
    let values = memo.get(db);
    if (!values) memo.set(db, (values = new Map()));
    let value = values.get(key);
    if (!value) values.set(key, (value = read(db, key)));
    return value;
  };
  return Object.assign(get, { forget: (db: Executor) => void memo.delete(db) });
}
