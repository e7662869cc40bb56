import { request as httpRequest } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserShell, type RunningBrowserShell } from '../../src/server/browser-shell.js';
import { isAllowedOrigin, isLoopbackHost } from '../../src/server/request-guard.js';
import { createVeilService } from '../../src/service/veil-service.js';
import { writeDccnFixture } from '../fixtures/dataset-tree.js';
import { sendRaw as send } from '../support/raw-http.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('request guard', () => {
  it('accepts loopback hosts on any port and nothing else', () => {
    for (const host of ['127.0.0.1:8765', 'localhost:9000', 'LOCALHOST', '[::1]:8765', '127.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of [undefined, '', 'evil.example', 'evil.example:8765', '127.0.0.1.evil.example', 'localhost.evil:80', '10.0.0.1:8765']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });

  it('accepts no Origin or a loopback http Origin only', () => {
    expect(isAllowedOrigin(undefined)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:8765')).toBe(true);
    expect(isAllowedOrigin('https://evil.example')).toBe(false);
    expect(isAllowedOrigin('null')).toBe(false);
  });
});

describe('browser shell over HTTP', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let shell: RunningBrowserShell;
  const token = 'test-token-0123456789';
  const auth = { Authorization: `Bearer ${token}` };
  const json = { ...auth, 'Content-Type': 'application/json' };

  beforeAll(async () => {
    tmp = await makeTempDir();
    const rendererDir = path.join(tmp.path, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Veil</title>');
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(tmp.path, 'outside.txt'), 'secret');
    await writeDccnFixture(path.join(tmp.path, 'dataset'));
    const service = createVeilService({ shell: 'browser', allowTypedPaths: true });
    shell = await startBrowserShell({ service, rendererDir, token });
  });
  afterAll(async () => {
    await shell.close();
    await tmp.remove();
  });

  it('prints a loopback URL with the token', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/?token=${token}`);
  });

  it('refuses requests without the token with 401, also for the API', async () => {
    expect((await send(shell.port, {})).status).toBe(401);
    expect((await send(shell.port, { path: '/?token=wrong' })).status).toBe(401);
    const api = await send(shell.port, { method: 'POST', path: '/api/invoke', headers: { 'Content-Type': 'application/json' }, body: '{"method":"app.info","params":{}}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403, even with the token', async () => {
    expect((await send(shell.port, { headers: { ...auth, Host: 'evil.example' } })).status).toBe(403);
    expect((await send(shell.port, { headers: { ...auth, Origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('exchanges the URL token for an HttpOnly, SameSite=Strict cookie and drops it from the URL', async () => {
    const first = await send(shell.port, { path: `/?token=${token}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send(shell.port, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Veil</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('never sends CORS headers', async () => {
    const preflight = await send(shell.port, {
      method: 'OPTIONS',
      path: '/api/invoke',
      headers: { ...auth, Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const page = await send(shell.port, { headers: auth });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves only files of the renderer folder', async () => {
    expect((await send(shell.port, { path: '/assets/app.js', headers: auth })).body).toBe('console.log(1)');
    expect((await send(shell.port, { path: '/../outside.txt', headers: auth })).body).not.toContain('secret');
    expect((await send(shell.port, { path: '/%2e%2e/outside.txt', headers: auth })).status).toBe(404);
    expect((await send(shell.port, { path: '/assets/missing.js', headers: auth })).status).toBe(404);
  });

  it('carries the API contract: calls answer Results, malformed calls answer 400/415 with a Result', async () => {
    const info = await send(shell.port, { method: 'POST', path: '/api/invoke', headers: json, body: '{"method":"app.info","params":{}}' });
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { shell: 'browser' } });

    const opened = await send(shell.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: json,
      body: JSON.stringify({ method: 'datasets.open', params: { path: path.join(tmp.path, 'dataset') } }),
    });
    const dataset = JSON.parse(opened.body) as { ok: boolean; value: { id: string } };
    expect(dataset.ok).toBe(true);
    const listing = await send(shell.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: json,
      body: JSON.stringify({ method: 'files.list', params: { datasetId: dataset.value.id, path: '' } }),
    });
    expect(JSON.parse(listing.body).value.entries.map((e: { name: string }) => e.name)).toEqual(['raw', 'README.txt']);

    const notJson = await send(shell.port, { method: 'POST', path: '/api/invoke', headers: json, body: '{' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const form = await send(shell.port, { method: 'POST', path: '/api/invoke', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const noMethod = await send(shell.port, { method: 'POST', path: '/api/invoke', headers: json, body: '{"params":{}}' });
    expect(noMethod.status).toBe(400);
  });

  it('streams contract events as server-sent events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: shell.port, path: '/api/events', headers: auth }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.on('data', (chunk: Buffer) => {
          const text = chunk.toString();
          if (text.startsWith('data:')) {
            resolve(text);
            req.destroy();
          } else {
            void send(shell.port, {
              method: 'POST',
              path: '/api/invoke',
              headers: json,
              body: JSON.stringify({ method: 'datasets.open', params: { path: path.join(tmp.path, 'dataset') } }),
            });
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const frame = await received;
    expect(JSON.parse(frame.slice('data:'.length))).toMatchObject({ event: 'datasets.opened', payload: { name: 'dataset' } });
  });
});
