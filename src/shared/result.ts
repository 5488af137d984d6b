// Errors cross process boundaries as values, never as thrown Errors (DESIGN.md convention 3).

export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E = AppError> = Ok<T> | Err<E>;

/** The error shape every IPC response and CLI --json output uses. */
export interface AppError {
  code: string;
  message: string;
}

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });
