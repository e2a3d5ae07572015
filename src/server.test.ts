// The real entry point: SIGTERM lets an in-flight request finish, says goodbye to live sockets (1001) and exits 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { TestSocket } from './live/testing';
import { ServerProcess } from './test-support/server-process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('graceful shutdown of the server process', () => {
  let server: ServerProcess;
  let child: ServerProcess['child'];
  let base = '';
  let dataDir = '';

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-shutdown-'));
    server = await ServerProcess.start({ DATA_DIR: dataDir });
    child = server.child;
    base = server.base;
  });

  after(async () => {
    await server.kill();
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
    assert.equal(await exited, 0, server.output);
    await assert.rejects(fetch(`${base}/healthz`), 'nothing listens any more');
  });
});
