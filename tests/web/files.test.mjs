// files.test.mjs — the HTTP port: static files from web_root (types, ETag,
// security headers, no way out of the root), /health, /healthz, methods.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync }
  from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from './daemon.mjs';
import { request } from './http.mjs';

let d;
let root;
let outside;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'callcloud-root-'));
  outside = mkdtempSync(join(tmpdir(), 'callcloud-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'SECRET');
  writeFileSync(join(root, 'index.html'), '<!doctype html><p>bar</p>');
  writeFileSync(join(root, 'monitor.html'), '<p>wall</p>');
  writeFileSync(join(root, 'app.js'), 'export const x = 1;\n');
  writeFileSync(join(root, '.hidden'), 'HIDDEN');
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'sub', 'style.css'), 'p{}');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(outside, join(root, 'out'));
  d = await startDaemon({ ini: `[http]\nweb_root = ${root}\n` +
    "frame_ancestors = https://crm.example.com 'self'\n" });
});

after(async () => {
  assert.equal(await d.stop(), 0, d.log());
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

test('pages and files are served with their type and headers', async () => {
  const index = await request(d.httpPort, '/');
  assert.equal(index.status, 200);
  assert.equal(index.body, '<!doctype html><p>bar</p>');
  assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal(index.headers['cache-control'], 'no-cache');
  const csp = index.headers['content-security-policy'];
  assert.match(csp, /frame-ancestors 'self' https:\/\/crm\.example\.com 'self'/);
  assert.match(csp, /script-src 'self'/);
  assert.equal((await request(d.httpPort, '/monitor')).body, '<p>wall</p>');
  const js = await request(d.httpPort, '/app.js');
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  const css = await request(d.httpPort, '/sub/style.css');
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  // /admin is a page, but this root has no admin.html
  assert.equal((await request(d.httpPort, '/admin')).status, 404);
});

test('ETag revalidation answers 304, HEAD has no body', async () => {
  const first = await request(d.httpPort, '/app.js');
  const etag = first.headers.etag;
  assert.ok(etag);
  const again = await request(d.httpPort, '/app.js',
    { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.body, '');
  const other = await request(d.httpPort, '/app.js',
    { headers: { 'If-None-Match': '"nope"' } });
  assert.equal(other.status, 200);
  const head = await request(d.httpPort, '/app.js', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String(first.body.length));
  assert.equal(head.body, '');
});

test('no path leaves the web root', async () => {
  for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2Fetc%2Fpasswd', '/sub/../../etc/passwd', '/..%2fsecret.txt',
    '/link.txt', '/out/secret.txt', '/.hidden', '/sub/', '/sub',
    '//etc/passwd', '/sub//style.css', '/..\\..\\etc\\passwd',
    '/index.html%00.js', '/nothere.js', '/' + 'a'.repeat(400)]) {
    const r = await request(d.httpPort, path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.body, /SECRET|HIDDEN|root:/, path);
  }
});

test('health endpoints and methods', async () => {
  for (const path of ['/health', '/healthz']) {
    const r = await request(d.httpPort, path);
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.body), { status: 'ok', role: 'master' });
    assert.equal(r.headers['content-type'], 'application/json');
  }
  const si = JSON.parse((await request(d.httpPort, '/sysinfo')).body);
  assert.equal(typeof si.totalAgents, 'number');
  assert.equal((await request(d.httpPort, '/', { method: 'POST' })).status,
    405);
  assert.equal((await request(d.httpPort, '/healthz',
    { method: 'DELETE' })).status, 405);
  // a plain GET of /ws is not an upgrade
  assert.equal((await request(d.httpPort, '/ws')).status, 400);
});

test('without web_root the checkout\'s web/ folder is served', async () => {
  const plain = await startDaemon();
  try {
    const r = await request(plain.httpPort, '/jsonrpc.js');
    assert.equal(r.status, 200);
    assert.match(r.body, /export class JsonRpcSocket/);
  } finally {
    assert.equal(await plain.stop(), 0, plain.log());
  }
});
