// `npm run bench`: starts the shop on a freshly seeded database in its own process and drives the
// home, category, product and search pages with autocannon (from this process), next to the bare
// `GET /healthz` route. For each page it reports req/s, p50/p99 latency and the server process's CPU
// time per request, as a multiple of the bare route's. A report, not a test: it exits 0 when targets
// are missed.
//
// Environment: BENCH_DURATION (seconds per measured run, default 10), BENCH_CONNECTIONS (default 50),
// BENCH_ACCEPT_ENCODING (sent as Accept-Encoding, default a browser's 'gzip, deflate, br'), LOG_LEVEL (passed to
// the shop; production's default is info).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

function positiveNumberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

const DURATION_S = positiveNumberFromEnv('BENCH_DURATION', 10);
const CONNECTIONS = Math.round(positiveNumberFromEnv('BENCH_CONNECTIONS', 50));
const WARMUP_S = 2;
// Browsers always send this; set BENCH_ACCEPT_ENCODING=identity to measure uncompressed responses.
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? 'gzip, deflate, br';
const STARTUP_TIMEOUT_MS = 60_000;
const SEARCH_WORDS = ['linen', 'stoneware', 'cotton', 'oak', 'glass'];

type TargetName = 'bare' | 'home' | 'category' | 'product' | 'search' | 'category (member)' | 'product (member)';

interface Target {
  name: TargetName;
  path: string;
  /** Session cookie of a signed-in visitor: such pages are rendered per request, never from the page cache. */
  cookie?: string;
}

/** Logs in as the demo Plus member through the real form and returns the session cookie. */
async function memberCookie(base: string): Promise<string> {
  const sid = (res: Response) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .filter((c) => c.startsWith('emporium.sid=') && c.length > 'emporium.sid='.length)
      .pop() ?? '';
  const form = await fetch(`${base}/account/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('no CSRF token on the login page');
  const res = await fetch(`${base}/account/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: sid(form) },
    body: new URLSearchParams({ _csrf: token, email: 'member@emporium.test', password: 'demo-member-pass' }),
  });
  const cookie = sid(res);
  if (res.status !== 303 || !cookie) throw new Error(`demo member login failed: HTTP ${res.status}`);
  return cookie;
}

interface Row {
  target: TargetName;
  path: string;
  reqPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyAvgMs: number;
  responses: number;
  bytesPerResponse: number;
  durationS: number;
  serverCpuMs: number;
  /** Server CPU seconds per wall-clock second over the measured run (1 = one core busy). */
  serverCores: number;
  cpuUsPerReq: number;
  timesBare: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  verdict: 'ok' | 'over' | null;
  rule: string | null;
}

// ---------------------------------------------------------------------------------------------
// The server process

let server: ChildProcess | null = null;
let tmpDir: string | null = null;
let logFiles: { out: string; err: string } | null = null;
let currentRun: autocannon.Instance | null = null;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

function tail(file: string, bytes = 8000): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.length > bytes ? `…${text.slice(-bytes)}` : text;
  } catch {
    return '';
  }
}

function serverLogs(): string {
  if (!logFiles) return '';
  const err = tail(logFiles.err);
  const out = tail(logFiles.out, 4000);
  return [err && `--- server stderr ---\n${err}`, out && `--- server stdout (tail) ---\n${out}`].filter(Boolean).join('\n');
}

function serverAlive(): boolean {
  return server !== null && server.exitCode === null && server.signalCode === null;
}

function startServer(port: number, dataDir: string): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
    SEED_DEMO: 'true',
  };
  // Always the SQLite file in the temp dir, never a database named by the caller's environment.
  delete env.DATABASE_URL;
  delete env.SQLITE_FILE;
  delete env.UPLOAD_DIR;
  // Logs go to files so that no reader in this process competes with the load generator.
  const out = fs.openSync(logFiles!.out, 'a');
  const err = fs.openSync(logFiles!.err, 'a');
  // One process (no npx/tsx wrapper), so its pid is the server's for /proc/<pid>/stat.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', out, err] });
  fs.closeSync(out);
  fs.closeSync(err);
  return child;
}

async function waitForHealthy(base: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!serverAlive()) throw new Error(`the shop exited while starting (code ${server?.exitCode}, signal ${server?.signalCode})\n${serverLogs()}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok && (await res.text()).trim() === 'ok') return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the shop did not answer /healthz within ${STARTUP_TIMEOUT_MS / 1000} s\n${serverLogs()}`);
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(15_000).then(() => true)]);
    if (timedOut) {
      log('the shop did not stop within 15 s of SIGTERM; sending SIGKILL');
      child.kill('SIGKILL');
      await Promise.race([exited, sleep(5000)]);
    }
  }
  server = null;
}

async function cleanup(): Promise<void> {
  currentRun?.stop();
  await stopServer();
  if (tmpDir) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    tmpDir = null;
  }
}

// ---------------------------------------------------------------------------------------------
// /proc readings

const CLK_TCK = (() => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of the process (all its threads), in milliseconds. */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: split after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so fields 14 and 15 (utime, stime) are at indexes 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLK_TCK;
}

function processRssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Finding real pages to test

async function getText(base: string, pathAndQuery: string): Promise<string> {
  const res = await fetch(base + pathAndQuery, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${res.status}`);
  return body;
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

function sitemapPaths(xml: string): string[] {
  const paths: string[] = [];
  for (const match of xml.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const loc = match[1].replace(/&amp;/g, '&');
    try {
      const url = new URL(loc);
      paths.push(url.pathname + url.search);
    } catch {
      // not an absolute URL: skip
    }
  }
  return paths;
}

async function pickCategory(base: string, paths: string[]): Promise<string> {
  const categories = paths.filter((p) => p.startsWith('/categories/'));
  if (categories.length === 0) throw new Error('sitemap.xml lists no /categories/ page');
  const candidates: { path: string; cards: number; total: number; topLevel: boolean }[] = [];
  for (const p of categories) {
    let html: string;
    try {
      html = await getText(base, p);
    } catch (err) {
      log(`skipping ${p}: ${(err as Error).message}`);
      continue;
    }
    const breadcrumb = /<nav class="breadcrumb"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    const countText = /id="results-count"[^>]*>([^<]*)</.exec(html)?.[1] ?? '';
    candidates.push({
      path: p,
      cards: count(html, 'class="card-name"'),
      total: Number(/\d+/.exec(countText.replace(/[,\s\u00a0\u202f](?=\d{3})/g, ''))?.[0] ?? 0),
      // A subcategory's breadcrumb names its parent category too.
      topLevel: count(breadcrumb, 'href="/categories/') <= 1,
    });
  }
  const pool = candidates.some((c) => c.topLevel && c.cards > 0) ? candidates.filter((c) => c.topLevel) : candidates;
  pool.sort((a, b) => b.cards - a.cards || b.total - a.total);
  const best = pool[0];
  if (!best) throw new Error('no category page answered 200');
  log(`category: ${best.path} (${best.cards} products on the page, ${best.total} in all, ${best.topLevel ? 'top-level' : 'subcategory'}; checked ${candidates.length})`);
  return best.path;
}

async function pickSearch(base: string, productPath: string): Promise<string> {
  const fromProduct = decodeURIComponent(productPath.split('/').pop() ?? '').split('-').find((w) => w.length >= 4);
  const words = [...SEARCH_WORDS, ...(fromProduct ? [fromProduct] : [])];
  for (const word of words) {
    const p = `/search?q=${encodeURIComponent(word)}`;
    try {
      const html = await getText(base, p);
      const hits = count(html, 'class="card-name"');
      if (hits > 0) {
        log(`search: ${p} (${hits} products on the page)`);
        return p;
      }
    } catch (err) {
      log(`search for "${word}" failed: ${(err as Error).message}`);
    }
  }
  throw new Error(`no search word gave results (tried ${words.join(', ')})`);
}

async function discoverTargets(base: string): Promise<Target[]> {
  const paths = sitemapPaths(await getText(base, '/sitemap.xml'));
  const product = paths.find((p) => p.startsWith('/products/'));
  if (!product) throw new Error('sitemap.xml lists no /products/ page');
  await getText(base, product);
  await getText(base, '/');
  const category = await pickCategory(base, paths);
  const search = await pickSearch(base, product);
  log(`product: ${product}`);
  return [
    { name: 'bare', path: '/healthz' },
    { name: 'home', path: '/' },
    { name: 'category', path: category },
    { name: 'product', path: product },
    { name: 'search', path: search },
  ];
}

// ---------------------------------------------------------------------------------------------
// Load

function load(url: string, durationS: number, cookie?: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (ACCEPT_ENCODING) headers['accept-encoding'] = ACCEPT_ENCODING;
    // Without a cookie every request is an anonymous visitor; with one, the signed-in member.
    if (cookie) headers.cookie = cookie;
    currentRun = autocannon({ url, connections: CONNECTIONS, duration: durationS, headers }, (err, result) => {
      currentRun = null;
      if (err) reject(err);
      else resolve(result);
    });
  });
}

const RULES: Partial<Record<TargetName, { maxTimes: number; maxP99Ms?: number }>> = {
  product: { maxTimes: 6, maxP99Ms: 25 },
  category: { maxTimes: 10 },
  search: { maxTimes: 10 },
};

function ruleText(name: TargetName): string | null {
  const rule = RULES[name];
  if (!rule) return null;
  return `≤ ${rule.maxTimes}×${rule.maxP99Ms ? `, p99 < ${rule.maxP99Ms} ms` : ''}`;
}

async function measure(base: string, target: Target, pid: number): Promise<Omit<Row, 'timesBare' | 'verdict' | 'rule'>> {
  const url = base + target.path;
  log(`${target.name}: warm-up ${WARMUP_S} s`);
  await load(url, WARMUP_S, target.cookie);
  // Let requests still in flight from the warm-up finish before the first reading.
  await sleep(250);
  if (!serverAlive()) throw new Error(`the shop exited during the warm-up of ${target.name}\n${serverLogs()}`);

  log(`${target.name}: measuring ${DURATION_S} s with ${CONNECTIONS} connections`);
  const cpuBefore = processCpuMs(pid);
  const result = await load(url, DURATION_S, target.cookie);
  const cpuAfter = processCpuMs(pid);
  if (!serverAlive()) throw new Error(`the shop exited while ${target.name} was measured\n${serverLogs()}`);

  const responses = result.requests.total;
  const serverCpuMs = cpuAfter - cpuBefore;
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(stat.count);
  return {
    target: target.name,
    path: target.path,
    reqPerSec: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyAvgMs: result.latency.average,
    responses,
    bytesPerResponse: responses > 0 ? result.throughput.total / responses : 0,
    durationS: result.duration,
    serverCpuMs,
    serverCores: result.duration > 0 ? serverCpuMs / 1000 / result.duration : 0,
    cpuUsPerReq: responses > 0 ? (serverCpuMs * 1000) / responses : NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(value: number, digits: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function markdown(rows: Row[], footer: string): string {
  const lines = [
    '| target | URL | req/s | p50 ms | p99 ms | CPU µs/req | × bare | target |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const verdict = r.verdict ? `${r.verdict} (${r.rule})` : '—';
    lines.push(
      `| ${r.target} | \`${r.path}\` | ${fmt(r.reqPerSec, 0)} | ${fmt(r.latencyP50Ms, 0)} | ${fmt(r.latencyP99Ms, 0)} | ${fmt(r.cpuUsPerReq, 0)} | ${fmt(r.timesBare, 1)} | ${verdict} |`,
    );
  }
  return `${lines.join('\n')}\n\n${footer}\n`;
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('the benchmark reads /proc/<pid>/stat and runs on Linux only');
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emporium-bench-'));
  const dataDir = path.join(tmpDir, 'data');
  fs.mkdirSync(dataDir);
  logFiles = { out: path.join(tmpDir, 'server.out.log'), err: path.join(tmpDir, 'server.err.log') };

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(`starting the shop on ${base} (data in ${dataDir}; the first start migrates and seeds)`);
  const started = Date.now();
  server = startServer(port, dataDir);
  server.on('error', (err) => log(`could not start the shop: ${err.message}`));
  await waitForHealthy(base);
  const pid = server.pid!;
  log(`the shop answers after ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${pid})`);

  const targets = await discoverTargets(base);
  const cookie = await memberCookie(base);
  const category = targets.find((t) => t.name === 'category')!;
  const product = targets.find((t) => t.name === 'product')!;
  targets.push({ name: 'category (member)', path: category.path, cookie }, { name: 'product (member)', path: product.path, cookie });
  const measured: Omit<Row, 'timesBare' | 'verdict' | 'rule'>[] = [];
  for (const target of targets) measured.push(await measure(base, target, pid));

  const rssBytes = processRssBytes(pid);
  const bare = measured.find((m) => m.target === 'bare')!;
  const rows: Row[] = measured.map((m) => {
    const timesBare = m.cpuUsPerReq / bare.cpuUsPerReq;
    const rule = RULES[m.target];
    let verdict: Row['verdict'] = null;
    if (rule) {
      const withinCpu = Number.isFinite(timesBare) && timesBare <= rule.maxTimes;
      const withinLatency = rule.maxP99Ms === undefined || m.latencyP99Ms < rule.maxP99Ms;
      verdict = withinCpu && withinLatency ? 'ok' : 'over';
    }
    return { ...m, timesBare, verdict, rule: ruleText(m.target) };
  });

  const cores = os.availableParallelism();
  const logLevel = process.env.LOG_LEVEL || 'info';
  const footer =
    `Server RSS at the end: ${rssBytes === null ? 'n/a' : `${fmt(rssBytes / 1024 / 1024, 1)} MB`} · ` +
    `${CONNECTIONS} connections · ${DURATION_S} s per target after a ${WARMUP_S} s warm-up · ` +
    `node ${process.version} · ${cores} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}) · ` +
    `NODE_ENV=production, LOG_LEVEL=${logLevel}, SQLite · ` +
    `Accept-Encoding: ${ACCEPT_ENCODING || 'none'} · anonymous rows send no cookie; (member) rows are signed in as the demo Plus member`;

  const warnings: string[] = [];
  for (const r of rows) {
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
      const codes = Object.entries(r.statusCodes)
        .filter(([code]) => !code.startsWith('2'))
        .map(([code, n]) => `${code}: ${n}`)
        .join(', ');
      warnings.push(
        `WARNING: ${r.target} (${r.path}): ${r.non2xx} non-2xx responses${codes ? ` (${codes})` : ''}, ${r.errors} errors, ${r.timeouts} timeouts out of ${r.responses} responses`,
      );
    }
    if (r.responses === 0) warnings.push(`WARNING: ${r.target} (${r.path}) got no responses at all`);
  }

  process.stdout.write(`\n${markdown(rows, footer)}`);
  if (warnings.length) process.stdout.write(`\n${warnings.join('\n')}\n`);
  else process.stdout.write('\nAll measured responses were 2xx, with no connection errors or timeouts.\n');

  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    settings: {
      connections: CONNECTIONS,
      durationS: DURATION_S,
      warmupS: WARMUP_S,
      node: process.version,
      cores,
      cpuModel: os.cpus()[0]?.model.trim() ?? null,
      clkTck: CLK_TCK,
      logLevel,
      acceptEncoding: ACCEPT_ENCODING || null,
    },
    serverRssBytes: rssBytes,
    rows,
    warnings,
  };
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'latest.json'))}`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping the shop`);
    cleanup().finally(() => process.exit(130));
  });
}

main().then(
  async () => {
    await cleanup();
    process.exit(0);
  },
  async (err: unknown) => {
    if (interrupted) return;
    console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
    await cleanup();
    process.exit(1);
  },
);
