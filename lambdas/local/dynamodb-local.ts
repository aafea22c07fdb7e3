/**
 * Launcher for DynamoDB Local, AWS's own implementation of DynamoDB, for the local runtime and
 * tests.
 *
 * The jar ships inside the npm package `amplify-dynamodb-simulator` (folder `emulator/`); it is
 * started here with `java -jar` directly, not through that package's JavaScript.
 *
 * ## Lifetime and shutdown
 *
 * - The owner (for example `bridge serve`) calls {@link DynamoDbLocal.stop} when it shuts down,
 *   typically from its own SIGINT/SIGTERM handler after it has drained its work. `stop()` sends
 *   SIGTERM, escalates to SIGKILL after 3 s, and resolves once the JVM has exited.
 * - The JVM runs in its own process group, so a Ctrl-C in the terminal reaches only Node and the
 *   owner can finish in-flight writes before stopping the database.
 * - The JVM does not keep Node's event loop alive: a script that forgets `stop()` still exits.
 * - As a last resort the launcher kills every JVM it started, synchronously with SIGKILL, when
 *   Node exits for any reason that runs `process.on('exit')` (normal end, `process.exit()`, an
 *   uncaught exception).
 * - For SIGINT, SIGTERM and SIGHUP the launcher adds a listener that acts only when it is the
 *   sole listener for that signal: it kills the JVMs and re-raises the signal, so the process
 *   ends exactly as it would have without the launcher. As soon as the owner adds a listener of
 *   its own, the launcher's listener does nothing and the owner decides what the signal means
 *   (and calls `stop()`, or exits and lets the exit hook kill the JVM).
 * - Nothing can clean up after `kill -9` of Node itself: such a JVM stays behind until killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { isMainThread } from 'node:worker_threads';
import { DynamoDBClient, type DynamoDBClientConfig, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './free-port.ts';

export interface DynamoDbLocalOptions {
  /** TCP port to listen on; 0 or undefined picks a free port. */
  port?: number;
  /** Keep all data in memory (lost on stop); when false, `dataDir` holds the database file. */
  inMemory: boolean;
  /** Folder for the database file (created when missing); required when `inMemory` is false. */
  dataDir?: string;
  /** Java binary; defaults to the `JAVA` environment variable, then `java` on the PATH. */
  java?: string;
  /** Receives every line DynamoDB Local writes to stdout or stderr. */
  onLog?: (line: string) => void;
  /** How long to wait for DynamoDB Local to answer requests; default 30 s. */
  startTimeoutMs?: number;
  /**
   * Extra JVM options, placed before `-jar`. Defaults to {@link fastStartJavaOptions}, which
   * roughly halve the start-up time; pass `[]` for the JVM's defaults (better peak throughput
   * for long benchmarks).
   */
  javaOptions?: readonly string[];
}

/**
 * JVM options that start DynamoDB Local about twice as fast on small machines: the C1 compiler
 * only (no C2 warm-up competing for the CPU) and the serial garbage collector.
 */
export const fastStartJavaOptions: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface DynamoDbLocal {
  /** For example `http://127.0.0.1:8000`. */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the JVM. */
  readonly pid: number;
  /**
   * Stops the JVM: SIGTERM, then SIGKILL if it is still running after 3 s. Resolves once the JVM
   * has exited. Idempotent: later calls return the same promise.
   */
  stop(): Promise<void>;
}

/** Java version DynamoDB Local is run with on the project's machines. */
export const minimumJavaMajor = 17;

const installHint =
  'Java 17+ is needed to run DynamoDB Local; install it with `sudo apt-get install -y default-jre-headless` ' +
  '(Debian/Ubuntu) or `brew install openjdk` (macOS), or set JAVA to a java binary';

/** Java could not be run, or is older than {@link minimumJavaMajor}. */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  /** The java binary that was tried. */
  readonly java: string;
  /** The version reported by that binary, when it ran but is too old. */
  readonly foundVersion: string | undefined;

  constructor(java: string, detail: string, foundVersion?: string) {
    super(`${installHint}. (${detail})`);
    this.java = java;
    this.foundVersion = foundVersion;
  }
}

/** DynamoDB Local exited, or did not answer, while starting. */
export class DynamoDbLocalStartError extends Error {
  override readonly name = 'DynamoDbLocalStartError';
  /** The last lines DynamoDB Local wrote to stdout and stderr. */
  readonly outputTail: string;

  constructor(message: string, outputTail: string) {
    super(outputTail ? `${message}\n--- DynamoDB Local output (tail) ---\n${outputTail}` : message);
    this.outputTail = outputTail;
  }
}

/** Dummy credentials DynamoDB Local accepts (it checks only that they are present). */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const localRegion = 'us-east-1';

/** A client for DynamoDB Local at `endpoint`, with dummy credentials and region us-east-1. */
export function dynamoClientFor(endpoint: string, overrides: Partial<DynamoDBClientConfig> = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
    maxAttempts: 3,
    ...overrides,
  });
}

/** Absolute path of the `emulator/` folder holding `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`. */
export function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('amplify-dynamodb-simulator/package.json');
  } catch (error) {
    throw new Error(
      'DynamoDB Local ships in the npm package amplify-dynamodb-simulator, which is not installed: run `npm ci`',
      { cause: error },
    );
  }
  return join(dirname(packageJson), 'emulator');
}

interface JavaInfo {
  readonly version: string;
  readonly major: number;
}

const javaChecks = new Map<string, Promise<JavaInfo>>();

/**
 * Runs `java -version` once per binary and process, and rejects with {@link JavaMissingError}
 * when it cannot be run or is older than {@link minimumJavaMajor}.
 */
export function checkJava(java: string): Promise<JavaInfo> {
  let check = javaChecks.get(java);
  if (!check) {
    check = runJavaVersion(java);
    javaChecks.set(java, check);
    // A failed check is not cached, so installing Java fixes a long-running process too.
    check.catch(() => javaChecks.delete(java));
  }
  return check;
}

function runJavaVersion(java: string): Promise<JavaInfo> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    let child: ChildProcess;
    try {
      child = spawn(java, ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      reject(new JavaMissingError(java, `could not run ${java}: ${(error as Error).message}`));
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const detail = error.code === 'ENOENT' ? `${java} was not found` : `could not run ${java}: ${error.message}`;
      reject(new JavaMissingError(java, detail));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const version = /version "([^"]+)"/.exec(output)?.[1];
      if (code !== 0 || version === undefined) {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(new JavaMissingError(java, `\`${java} -version\` ${how}: ${output.trim().slice(0, 500)}`));
        return;
      }
      const major = javaMajor(version);
      if (major < minimumJavaMajor) {
        reject(new JavaMissingError(java, `${java} is Java ${version}`, version));
        return;
      }
      resolvePromise({ version, major });
    });
  });
}

/** "1.8.0_381" → 8, "17.0.15" → 17, "25" → 25, "21-ea" → 21. */
function javaMajor(version: string): number {
  const parts = version.split(/[.\-_+]/);
  const first = Number(parts[0]);
  return first === 1 ? Number(parts[1]) : first;
}

/**
 * Starts DynamoDB Local and resolves once it answers a `ListTables` request.
 *
 * Always runs with `-sharedDb` (one database whatever the credentials and region) and
 * `-disableTelemetry`; `inMemory` selects `-inMemory` or `-dbPath <dataDir>`.
 *
 * @throws {JavaMissingError} when Java cannot be run or is too old.
 * @throws {DynamoDbLocalStartError} when the JVM exits while starting or does not answer in time.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  if (!options.inMemory && !options.dataDir) {
    throw new TypeError('startDynamoDbLocal: dataDir is required when inMemory is false');
  }
  const java = options.java ?? process.env.JAVA ?? 'java';
  const javaInfo = await checkJava(java);
  const emulator = emulatorDir();
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir as string);
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const fixedPort = options.port !== undefined && options.port !== 0;
  // A picked port may be taken by someone else before the JVM binds it; pick again then.
  const attempts = fixedPort ? 1 : 3;
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ? (options.port as number) : await freePort();
    try {
      return await launch({ java, javaInfo, emulator, port, dataDir, options });
    } catch (error) {
      if (error instanceof PortInUseError && attempt < attempts) continue;
      throw error;
    }
  }
}

class PortInUseError extends DynamoDbLocalStartError {}

interface LaunchParameters {
  readonly java: string;
  readonly javaInfo: JavaInfo;
  readonly emulator: string;
  readonly port: number;
  readonly dataDir: string | undefined;
  readonly options: DynamoDbLocalOptions;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

async function launch({ java, javaInfo, emulator, port, dataDir, options }: LaunchParameters): Promise<DynamoDbLocal> {
  const args = [
    `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
    // sqlite4java loads a native library; Java 22+ warns about that unless it is allowed.
    ...(javaInfo.major >= 22 ? ['--enable-native-access=ALL-UNNAMED'] : []),
    ...(options.javaOptions ?? fastStartJavaOptions),
    '-jar',
    join(emulator, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
  ];
  const child = spawn(java, args, { cwd: emulator, stdio: ['ignore', 'pipe', 'pipe'], detached: true });

  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    options.onLog?.(line);
  };
  let spawnError: Error | undefined;
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolveExit) => {
    child.once('error', (error) => {
      spawnError = error;
      // When spawning fails no 'exit' event follows.
      if (child.pid === undefined) {
        exit = { code: null, signal: null };
        resolveExit(exit);
      }
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolveExit(exit);
    });
  });
  // Settles once the pipes are drained too, so that the output tail is complete.
  const closed = new Promise<void>((resolveClosed) => {
    child.once('close', () => resolveClosed());
    if (child.pid === undefined) exited.then(() => resolveClosed());
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', onLine);
  }

  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    const error = spawnError as NodeJS.ErrnoException | undefined;
    if (error?.code === 'ENOENT') throw new JavaMissingError(java, `${java} was not found`);
    throw new DynamoDbLocalStartError(`could not start ${java}: ${error?.message ?? 'unknown error'}`, '');
  }
  running.add(child);
  installExitHooks();
  exited.then(() => running.delete(child));
  unrefChild(child);

  const endpoint = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const probe = dynamoClientFor(endpoint, {
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  try {
    let delayMs = 50;
    for (;;) {
      if (exit) break;
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() - started > timeoutMs) break;
        await Promise.race([sleep(delayMs), exited]);
        delayMs = Math.min(delayMs * 2, 250);
      }
    }
  } finally {
    probe.destroy();
  }

  if (exit) {
    await closed;
    const outputTail = tail.join('\n');
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    if (/BindException|Address already in use/i.test(outputTail)) {
      throw new PortInUseError(`DynamoDB Local could not listen on port ${port}`, outputTail);
    }
    if (/UnsupportedClassVersionError/.test(outputTail)) {
      throw new JavaMissingError(
        java,
        `${java} (Java ${javaInfo.version}) cannot run DynamoDBLocal.jar`,
        javaInfo.version,
      );
    }
    throw new DynamoDbLocalStartError(`DynamoDB Local ${how} while starting`, outputTail);
  }

  const instance = new RunningDynamoDbLocal(endpoint, port, pid, child, exited);
  if (Date.now() - started > timeoutMs) {
    await instance.stop();
    throw new DynamoDbLocalStartError(
      `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`,
      tail.join('\n'),
    );
  }
  return instance;
}

class RunningDynamoDbLocal implements DynamoDbLocal {
  readonly #child: ChildProcess;
  readonly #exited: Promise<Exit>;
  #stopping: Promise<void> | undefined;

  constructor(
    readonly endpoint: string,
    readonly port: number,
    readonly pid: number,
    child: ChildProcess,
    exited: Promise<Exit>,
  ) {
    this.#child = child;
    this.#exited = exited;
  }

  stop(): Promise<void> {
    this.#stopping ??= stopChild(this.#child, this.#exited);
    return this.#stopping;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<Exit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // This timer also keeps the event loop alive until the (unref'd) JVM has exited.
  const escalate = setTimeout(() => child.kill('SIGKILL'), 3_000);
  try {
    await exited;
  } finally {
    clearTimeout(escalate);
  }
}

/** JVMs started by this module that have not exited yet. */
const running = new Set<ChildProcess>();
let hooksInstalled = false;

function killAllNow(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  // Signals are delivered to the main thread only.
  if (!isMainThread) return;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const listener = (): void => {
      // Someone else listens too: the owner decides what the signal means, and will call stop()
      // or exit (and then the 'exit' hook kills the JVMs).
      if (process.listenerCount(signal) > 1) return;
      killAllNow();
      // Behave as if no listener had been there: with none left, Node's default action applies.
      process.removeListener(signal, listener);
      process.kill(process.pid, signal);
    };
    process.on(signal, listener);
  }
}

function unrefChild(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
