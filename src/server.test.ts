// The real entry point: SIGTERM lets an in-flight request finish, says goodbye to live sockets (1001) and exits 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, TestSocket } from './live/testing';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('graceful shutdown of the server process', () => {
  let child: ChildProcess;
  let output = '';
  let base = '';
  let dataDir = '';
  let port = 0;

  before(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-shutdown-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: base, SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
        return fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      },
      'the server answers /healthz',
      60_000,
    );
  });

  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('SIGTERM: the request under way is answered, live sockets are closed with 1001, the process exits 0', async () => {
    const socket = await TestSocket.open(`${base.replace('http:', 'ws:')}/live`, { origin: base });

    // A request whose body is still arriving when the signal comes.
    const body = JSON.stringify({ query: '{ categories { slug } }' });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 1500);
    });
    await new Promise((r) => setTimeout(r, 300));

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');

    assert.equal((await socket.closed).code, 1001, 'the live socket is told the server is going away');
    const res = await answer;
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(JSON.parse(res.text), { data: { categories: [] } });
    assert.equal(await exited, 0, output);
    await assert.rejects(fetch(`${base}/healthz`), 'nothing listens any more');
  });
});
