import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRuntimeOptions, type Runtime, startRuntime } from '../../lambdas/local/runtime.ts';

/** The people's routes on the local runtime: dev sign-in, the JWT check, roles, the console's files. */
describe('people routes and the console, locally', () => {
  let runtime: Runtime;
  const login = async (user: string, roles: string[]) => {
    const response = await fetch(`${runtime.url}/auth/dev-login`, {
      method: 'POST',
      body: JSON.stringify({ user, roles }),
    });
    return { status: response.status, body: (await response.json()) as { token: string; message?: string } };
  };
  const get = (path: string, token?: string) =>
    fetch(`${runtime.url}${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    runtime = await startRuntime({ ...defaultRuntimeOptions, port: 0, inMemory: true });
  }, 120_000);
  afterAll(async () => runtime?.stop());

  it('signs a person in locally and tells them who they are', async () => {
    // Arrange
    const { body } = await login('sam', ['social']);
    // Act
    const me = await get('/me', body.token);
    // Assert
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: 'sam', roles: ['social'] });
  });

  it('refuses a dev login with an unknown role, naming the roles there are', async () => {
    // Act
    const { status, body } = await login('sam', ['admin']);
    // Assert
    expect(status).toBe(400);
    expect(body.message).toBe('roles must be some of social, agent, lead, not admin');
  });

  it('answers 401 without a token or with a forged one, and 403 for the wrong role', async () => {
    // Arrange
    const { body: agent } = await login('ali', ['agent']);
    const forged = `${agent.token.slice(0, -4)}AAAA`;
    // Act
    const missing = await get('/triage/items');
    const bad = await get('/triage/items', forged);
    const wrongRole = await get('/triage/items', agent.token);
    // Assert
    expect([missing.status, bad.status, wrongRole.status]).toEqual([401, 401, 403]);
    expect(await wrongRole.json()).toMatchObject({
      code: 'FORBIDDEN',
      message: 'ali may not do this: it needs the role social or lead, and they have agent',
    });
  });

  it('serves the console at / and its configuration, and no file outside web/', async () => {
    // Act
    const index = await get('/');
    const config = await get('/config.json');
    const outside = await get('/..%2Fpackage.json');
    // Assert
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<html');
    expect(await config.json()).toEqual({
      mode: 'local',
      apiUrl: '',
      teams: expect.arrayContaining(['billing', 'vip']),
    });
    expect(outside.status).toBe(404);
  });
});
