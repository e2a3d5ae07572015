// The real entry point (src/server.ts) as a child process on a free port, for tests of signals and crashes.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A guard against a hung start, never an assertion about speed: a busy machine may need most of it. */
const START_GIVE_UP_MS = 90_000;

export class ServerProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly base: string,
  ) {
    child.stdout?.on('data', (d) => (this.output += d));
    child.stderr?.on('data', (d) => (this.output += d));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts `src/server.ts` with `env` over the test's environment and waits until /healthz answers. */
  static async start(env: Record<string, string>, port?: number): Promise<ServerProcess> {
    const p = port ?? (await freePort());
    const base = `http://127.0.0.1:${p}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', ...env, PORT: String(p), PUBLIC_URL: base },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, base);
    const deadline = Date.now() + START_GIVE_UP_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited while starting: ${server.output}`);
      const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (up) return server;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the server did not answer /healthz: ${server.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no shutdown hook runs, as when the machine loses power. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}
