/**
 * API problems carry English detail; in Chinese the known codes read as Chinese sentences (keeping
 * the "Only N" number when there is one). Unknown codes, and English, show the server's own text.
 */
import i18n from '../../../i18n';
import { ApiError, type FieldError } from '../../../api/client';
import { problemText } from '../../../components/feedback';

function localized(code: string, detail: string): string | undefined {
  if (i18n.language === 'en-US') return undefined;
  const key = `ops:problem.${code}`;
  return i18n.exists(key) ? i18n.t(key, { n: /Only (\d+)/.exec(detail)?.[1] ?? '' }) : undefined;
}

export function problemMessage(e: unknown, fallback: string): string {
  return (e instanceof ApiError && localized(e.code, e.detail)) || problemText(e, fallback);
}

export const fieldMessage = (err: FieldError) => localized(err.code, err.message) ?? err.message;
