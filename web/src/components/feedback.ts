/** Turns an API problem into the form's field errors and a message naming what to fix. */
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

export function problemText(e: unknown, fallback: string): string {
  return e instanceof ApiError ? e.detail : e instanceof Error && e.message ? e.message : fallback;
}

/** Field paths like `lines[0].qty` become antd name paths ['lines', 0, 'qty']. */
export function applyFieldErrors(form: FormInstance, e: unknown): boolean {
  if (!(e instanceof ApiError) || !e.errors.length) return false;
  form.setFields(e.errors.map((err) => ({
    name: err.field.split(/[.[\]]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    errors: [err.message],
  })));
  return true;
}
