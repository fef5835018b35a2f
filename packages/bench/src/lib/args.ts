import { parseArgs, ParseArgsConfig } from 'node:util';

/** Parses flags, turning parse errors into a message with the usage. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  options: T,
  usage: string,
  argv = process.argv.slice(2),
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return process.exit(2);
  }
}

export function numberFlag(
  value: string | undefined,
  flag: string,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`${flag} needs a non-negative number, got "${value}"`);
  }
  return n;
}

export function sizesFlag(
  value: string | undefined,
  fallback: number[],
): number[] {
  if (value === undefined) return fallback;
  const sizes = value.split(',').map(s => Number(s.trim().replace(/_/g, '')));
  if (sizes.some(n => !Number.isInteger(n) || n < 1 || n > 20_000)) {
    throw new Error(
      `--sizes needs whole numbers from 1 to 20000 separated by commas, got "${value}"`,
    );
  }
  return sizes;
}
