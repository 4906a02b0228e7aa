// Records the SQL that node-postgres sends (every pool client's query goes through
// pg.Client#query), for counting statements per request and for EXPLAINing them.
import pg from 'pg';

export interface CapturedQuery {
  text: string;
  values: unknown[];
}

export interface SqlCapture {
  /** Starts recording, forgetting anything recorded before. */
  start(): void;
  /** Stops recording and returns what was recorded. */
  stop(): CapturedQuery[];
  /** Puts pg.Client#query back as it was. */
  restore(): void;
}

export function captureSql(): SqlCapture {
  const original = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown;
  let recording = false;
  let captured: CapturedQuery[] = [];
  function query(this: pg.Client, ...args: unknown[]): unknown {
    if (recording) {
      const [first, second] = args;
      if (typeof first === 'string')
        captured.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first && typeof first === 'object' && 'text' in first) {
        // drizzle passes a query config and its parameters separately: query({ text, … }, params)
        const config = first as { text: string; values?: unknown[] };
        captured.push({ text: config.text, values: Array.isArray(second) ? second : (config.values ?? []) });
      }
    }
    return original.apply(this, args);
  }
  Reflect.set(pg.Client.prototype, 'query', query);
  return {
    start() {
      captured = [];
      recording = true;
    },
    stop() {
      recording = false;
      return captured;
    },
    restore() {
      Reflect.set(pg.Client.prototype, 'query', original);
    },
  };
}
