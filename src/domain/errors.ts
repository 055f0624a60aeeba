/** One error type for the whole system; the HTTP layer renders it as RFC 9457 problem+json. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);

export const forbidden = (detail = 'Your role may not do this') => new AppError(403, 'FORBIDDEN', detail);

/** A business rule refused the request: 422 with the rule's code and, when known, the field. */
export const ruleViolation = (code: string, detail: string, field?: string) =>
  new AppError(422, code, detail, field ? [{ field, code, message: detail }] : []);

/** The document is not in a state that allows this action, or someone changed it first. */
export const conflict = (code: string, detail: string, extra: Record<string, unknown> = {}) =>
  new AppError(409, code, detail, [], extra);

export const staleVersion = (what: string) =>
  conflict('VERSION_CONFLICT', `${what} was changed by someone else; reload it and try again`);
