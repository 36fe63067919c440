/**
 * A command's options as `parse` reads them (node:util's parseArgs over the given arguments), with
 * the answers every command owes its user: `--help` or `-h` prints the usage and exits 0; an unknown
 * option, a missing value or a stray argument prints what was wrong and the usage and exits 2,
 * never a stack trace.
 */
export function readOptions<T>(usage: string, parse: (args: string[]) => T): T {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parse(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exit(2);
  }
}

/** A word a POSIX shell reads back as it is: plain paths stay plain, anything else goes in single quotes. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
