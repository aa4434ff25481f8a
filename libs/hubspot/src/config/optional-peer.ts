/**
 * Loads an optional peer dependency (e.g. '@nestjs/schedule') when the host has it installed; undefined when
 * not, so the module still loads in a host without it. Never import such a package statically.
 */
export function optionalPeer<T>(name: string): T | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String(err).includes(name))
      return undefined;
    throw err;
  }
}
