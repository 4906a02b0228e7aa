// The one shape of a form post: run the change; on success set a flash and redirect (303); on a
// validation error re-show the form with a 400 and GOV.UK error messages; on an edit conflict
// re-show it with a 409 and say what happened. Anything else is a real error for the error handler.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, ValidationError } from '../errors.js';
import { formErrors, type FormErrors } from './forms.js';
import { setFlash } from './render.js';

export async function handleForm<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    run: () => Promise<T>;
    /** The flash title after success (null for none) and where to go. */
    success: (result: T) => { flash: string | null; redirect: string };
    /** Re-shows the form with its errors; the status is already set. */
    invalid: (errors: FormErrors) => Promise<FastifyReply | string> | FastifyReply | string;
  },
): Promise<FastifyReply | string> {
  let result: T;
  try {
    result = await options.run();
  } catch (error) {
    if (error instanceof ValidationError) {
      reply.status(400);
      return options.invalid(
        formErrors(error.details.length ? error.details : [{ path: 'main-content', message: error.message }]),
      );
    }
    if (error instanceof ConflictError) {
      reply.status(409);
      return options.invalid(formErrors([{ path: 'main-content', message: error.message }]));
    }
    throw error;
  }
  const { flash, redirect } = options.success(result);
  if (flash) await setFlash(request, { kind: 'success', title: flash });
  return reply.redirect(redirect, 303);
}
