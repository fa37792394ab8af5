/**
 * A CLI command. Each command lives in its own file under src/cli/commands/
 * and is listed once in src/cli/registry.ts. `name` may have two words
 * ("config validate", "audit verify").
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code: 0 success, 1 failure (2 is for usage errors, raised as UsageError). */
  run(argv: string[], io: CommandIo): Promise<number>;
}

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}
