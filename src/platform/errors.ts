// Typed errors that services throw and the one error handler turns into pages or API responses.

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super(400, 'validation_failed', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Page not found') {
    super(404, 'not_found', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that') {
    super(403, 'forbidden', message);
  }
}

export class UnauthorisedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super(401, 'unauthorised', message);
  }
}

/** A stale edit: someone else saved the record since it was read. Never a silent overwrite. */
export class ConflictError extends AppError {
  constructor(
    message = 'Someone else changed this record since you opened it. Reload it to see their changes.',
  ) {
    super(409, 'conflict', message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string) {
    super(429, 'too_many_requests', message);
  }
}
