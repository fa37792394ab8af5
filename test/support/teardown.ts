/** Anything a test's `before` starts: a browser, Premises, a camera server, a namespace, a scratch folder. */
export type Stoppable = { stop(): unknown } | { close(): unknown } | { destroy(): unknown } | { remove(): unknown } | { cleanup(): unknown } | undefined;

/**
 * The `after` of a test: stop what `before` started, in the order given (the
 * browser before Premises before the cameras, the scratch folder last). A
 * part `before` never reached is undefined and skipped; one that fails to
 * stop does not keep the others running, and its error is thrown at the end.
 */
export async function stopAll(...parts: Stoppable[]): Promise<void> {
  const errors: unknown[] = [];
  for (const part of parts) {
    if (!part) continue;
    try {
      if ('close' in part) await part.close();
      else if ('stop' in part) await part.stop();
      else if ('destroy' in part) await part.destroy();
      else if ('remove' in part) await part.remove();
      else await part.cleanup();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'several parts of the test failed to stop');
}
