/**
 * Errors that reach a user carry a stable id (for support and for API clients)
 * and a message written for the person reading it, not for a developer.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (id: string, message: string, fieldErrors: FieldError[] = []) =>
  new AppError(400, id, message, fieldErrors);
export const unauthenticated = () => new AppError(401, 'sign-in-required', 'Sign in to continue.');
export const forbidden = (message = 'You do not have permission to do this.') =>
  new AppError(403, 'forbidden', message);
export const notFound = (message = 'Page not found.') => new AppError(404, 'not-found', message);
export const conflict = (id: string, message: string) => new AppError(409, id, message);
export const tooManyRequests = (message: string) => new AppError(429, 'too-many-attempts', message);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
