// Turns the ways a data folder can fail (read-only, no permission, full) into sentences an operator can act on.

// Emscripten's errno numbers, which PGlite's WASM file system reports instead of Node's codes.
const WASM_ERRNO: Record<number, string> = {
  2: 'EACCES',
  44: 'ENOENT',
  51: 'ENOSPC',
  63: 'EPERM',
  69: 'EROFS',
};

export function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; errno?: unknown; name?: unknown; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (e.name === 'ErrnoError' && typeof e.errno === 'number')
    return WASM_ERRNO[e.errno] ?? `errno ${e.errno}`;
  return e.cause ? errorCode(e.cause) : null;
}

export function describeDataDirError(error: unknown, dataDir: string): string | null {
  switch (errorCode(error)) {
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return `Waymark cannot write to its data folder ${dataDir} (it is read-only or you lack permission). Check the folder's permissions or set WAYMARK_DATA_DIR to a writable folder. Nothing was changed.`;
    case 'ENOSPC':
      return `There is no space left on the disk that holds the data folder ${dataDir}. Free some space and start Waymark again. Nothing was changed.`;
    case 'ENOENT':
      return `Waymark cannot create its data folder ${dataDir}. Check that its parent folder exists and is writable, or set WAYMARK_DATA_DIR.`;
    default:
      return null;
  }
}
