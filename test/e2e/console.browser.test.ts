import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRuntimeOptions, type Runtime, startRuntime } from '../../lambdas/local/runtime.ts';
import { axeViolations, launchChromium, screenshot } from './support/browser.ts';

const customersFile = new URL('../fixtures/cross-channel/customers.ndjson', import.meta.url);
const shots = 'test-output/console';
/** The README's picture: written when missing, or again with UPDATE_SCREENSHOTS=1. */
const readmeShot = 'docs/console.png';
const updateReadmeShot = process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(readmeShot);

// biome-ignore lint/suspicious/noExplicitAny: API answers are read field by field, and each read is asserted.
type Json = Record<string, any>;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A post that reaches triage: `decide` ones are in languages the classifier does not read. */
interface Seed {
  readonly key: string;
  readonly kind: 'decide' | 'identify';
  readonly text: string;
  readonly network?: 'x' | 'facebook' | 'instagram';
  readonly handle?: string;
  readonly authorId?: string;
}

const seeds: readonly Seed[] = [
  {
    key: 'd01',
    kind: 'decide',
    text: 'Fui cobrado duas vezes na minha fatura este mês e ninguém me responde, alguém pode me ajudar?',
  },
  {
    key: 'd02',
    kind: 'decide',
    text: 'Non riesco ad accedere al mio account da ieri sera, qualcuno mi può aiutare per favore?',
  },
  {
    key: 'd03',
    kind: 'decide',
    text: 'A internet caiu outra vez na minha casa e estou sem conexão desde a manhã de hoje',
  },
  {
    key: 'd04',
    kind: 'decide',
    text: 'Che bella giornata oggi, sono andato al mare con i miei amici e abbiamo mangiato una pizza',
  },
  {
    key: 'd05',
    kind: 'decide',
    network: 'facebook',
    text: 'Ganhe dinheiro fácil trabalhando em casa, clique no link da nossa página e descubra como',
  },
  {
    key: 'd06',
    kind: 'decide',
    network: 'instagram',
    text: 'Adoro o atendimento da loja do centro, as meninas foram muito simpáticas comigo ontem',
  },
  {
    key: 'd07',
    kind: 'decide',
    text: 'Sarebbe bello poter pagare con il telefono direttamente nel negozio, pensateci per il futuro',
  },
  {
    key: 'd08',
    kind: 'decide',
    text: 'Bom dia a todos, hoje o tempo está muito bonito aqui na cidade e vou passear no parque',
  },
  {
    key: 'd09',
    kind: 'decide',
    handle: 'ana_costa',
    authorId: '44001',
    text: 'A fatura deste mês veio com um valor errado, cobraram um serviço que eu nunca pedi',
  },
  {
    key: 'd10',
    kind: 'decide',
    text: 'O meu pedido ainda não chegou e já passou uma semana desde a compra, estou muito chateada',
  },
  {
    key: 'd11',
    kind: 'decide',
    text: 'Il mio ordine è arrivato danneggiato e la scatola era completamente aperta, voglio un rimborso',
  },
  {
    key: 'd12',
    kind: 'decide',
    network: 'facebook',
    text: 'La consegna del mio pacco è in ritardo di dieci giorni e nessuno risponde al telefono',
  },
  {
    key: 'd13',
    kind: 'decide',
    text: 'O aplicativo não abre desde a atualização de ontem e não consigo ver a minha conta',
  },
  {
    key: 'i01',
    kind: 'identify',
    handle: 'ana_alt',
    authorId: '55002',
    text: 'Charged twice again and nobody answers the phone, I want my money back today',
  },
  {
    key: 'i02',
    kind: 'identify',
    text: 'This is the third time my card was charged twice for one order, refund me now',
  },
  { key: 'i03', kind: 'identify', text: 'The app keeps crashing when I try to pay my bill, fix it please' },
  {
    key: 'i04',
    kind: 'identify',
    text: 'My parcel never arrived and the tracking page says delivered, this is unacceptable',
  },
  {
    key: 'i05',
    kind: 'identify',
    text: 'I have been locked out of my account for two days and nobody answers the chat',
  },
  { key: 'i06', kind: 'identify', text: 'Your store staff were rude to me today and refused to process my return' },
  {
    key: 'i07',
    kind: 'identify',
    text: 'My flight was cancelled and I still have not received any refund after weeks',
  },
];
const idOf = (key: string): string => {
  const seed = seeds.find((value) => value.key === key);
  if (!seed) throw new Error(`no seed ${key}`);
  return `${seed.network ?? 'x'}:${key}`;
};
const textOf = (key: string): string => seeds.find((value) => value.key === key)?.text ?? '';

/**
 * Issue #6 as the social team lives it: the local runtime with 20 mentions in triage (posts in
 * Portuguese and Italian, complaints from authors nobody knows), the console in headless Chromium,
 * a dev sign-in, and every item settled with the keyboard alone: confirm, dismiss as each kind,
 * priority, topic, link to a customer, merge into a phone case, assign a team, draft a reply, and
 * one bulk confirm. Then the API is asked what came of it, and axe checks every screen.
 */
describe('triage console in a real browser', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  let token = '';

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: {
        'x-api-key': runtime.apiKey,
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      text,
      body: (text && type.includes('json') && !type.includes('ndjson') ? JSON.parse(text) : {}) as Json,
    };
  };

  // ------------------------------------------------------------------ reading the page's state
  /** Waits on the page's state, never on the clock: generous, for a busy two-core CI machine. */
  const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 50 });
  const view = () => page.locator('.triage-view');
  const listedIds = () =>
    page
      .locator('#queue [role=option][data-id]')
      .evaluateAll((rows) => rows.map((row) => row.dataset.id as string | undefined));
  const selectedId = () =>
    page
      .locator('#queue [role=option][aria-selected=true]')
      .evaluateAll((rows) => rows[0]?.dataset.id as string | undefined);
  const idle = () => poll(() => view().getAttribute('data-busy')).toBe('false');
  const dialog = () => page.locator('dialog[open]');
  const dialogShown = () => poll(() => dialog().count()).toBe(1);
  const dialogGone = () => poll(() => dialog().count()).toBe(0);
  const gone = async (...ids: string[]) => {
    await poll(async () => (await listedIds()).filter((id) => ids.includes(id ?? ''))).toEqual([]);
    await idle();
  };
  const statusText = async () => (await page.locator('#status').textContent()) ?? '';
  const press = (key: string) => page.keyboard.press(key);

  /** Moves the selection with j and k alone until `itemId` is the selected row and its detail is shown. */
  const goTo = async (itemId: string) => {
    for (let step = 0; step < 40; step += 1) {
      const ids = await listedIds();
      const here = await selectedId();
      if (here === itemId) break;
      const target = ids.indexOf(itemId);
      expect(target, `${itemId} is listed`).toBeGreaterThanOrEqual(0);
      await press(target > ids.indexOf(here) ? 'j' : 'k');
      await poll(selectedId).not.toBe(here);
    }
    expect(await selectedId()).toBe(itemId);
    await poll(() => page.locator('#detail').getAttribute('data-item')).toBe(itemId);
  };

  /** Picks the numbered choice whose label is `label` in the open dialog, by its number key. */
  const chooseByKey = async (label: string) => {
    const labels = await dialog()
      .locator('label.choice span:not(.hint)')
      .evaluateAll((spans) => spans.map((span) => span.textContent?.trim()));
    const index = labels.indexOf(label);
    expect(index, `${label} is offered`).toBeGreaterThanOrEqual(0);
    await press(String(index + 1));
  };

  const expectAccessible = async (where: string) => {
    expect(await axeViolations(page), `axe on ${where}`).toEqual([]);
  };

  beforeAll(async () => {
    runtime = await startRuntime({
      ...defaultRuntimeOptions,
      port: 0,
      inMemory: true,
      apiKey: 'e2e-key',
      queue: { visibilityTimeoutMs: 5_000, concurrency: 2 },
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it('triages twenty items with the keyboard alone, and the API shows what each decision did', async () => {
    // Arrange: the CRM import, a phone case for C-1001, and 20 mentions that land in triage.
    expect(
      (
        await call('POST', '/customers', readFileSync(customersFile, 'utf8'), {
          'content-type': 'application/x-ndjson',
        })
      ).status,
    ).toBe(200);
    const phone = await call(
      'POST',
      '/cases',
      {
        caseId: 'phone-5001',
        customerId: 'C-1001',
        channel: 'phone',
        summary: 'Charged twice for order 1234; refund promised within 5 days',
        at: minutesAgo(24 * 60),
        topic: 'billing',
        priority: 'P3',
        assignee: 'agent-7',
      },
      { 'x-actor': 'agent-7' },
    );
    expect(phone.status).toBe(201);
    const post = async (batch: readonly Seed[]) => {
      const posted = await call(
        'POST',
        '/mentions',
        batch.map((seed) => {
          const index = seeds.indexOf(seed);
          return {
            network: seed.network ?? 'x',
            postId: seed.key,
            author: {
              id: seed.authorId ?? `7${String(index).padStart(4, '0')}`,
              handle: seed.handle ?? `user_${seed.key}`,
            },
            text: seed.text,
            createdAt: minutesAgo(60 - index),
          };
        }),
      );
      expect(posted.status).toBe(202);
      await runtime.queue.whenIdle();
    };
    // The last one arrives while the console is open, to be seen live.
    const late = seeds.filter((seed) => seed.key === 'i07');
    const early = seeds.filter((seed) => !late.includes(seed));
    await post(early);

    const login = await call('POST', '/auth/dev-login', { user: 'auditor', roles: ['lead'] });
    expect(login.status).toBe(200);
    token = login.body.token;
    const seeded = (await call('GET', '/triage/items?state=open&limit=100')).body.items as Json[];
    expect(seeded.map((item) => item.itemId).sort()).toEqual(early.map((seed) => idOf(seed.key)).sort());
    const identify = seeded.filter((item) => item.kind === 'identify').map((item) => item.itemId);
    expect(identify.sort()).toEqual(early.filter((seed) => seed.kind === 'identify').map((seed) => idOf(seed.key)));
    // Only Ana's own handle is known; every other author is a stranger.
    const known = seeded.filter((item) => !item.unknownCustomer).map((item) => item.itemId);
    expect(known).toEqual([idOf('d09')]);

    // Act: sign in through the console's dev login, by keyboard.
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The runtime sends the console's Content-Security-Policy as CloudFront does: anything it blocks is a defect.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        pageErrors.push(message.text());
    });
    await page.goto(runtime.url);
    await page.locator('#signin-user').waitFor();
    await expectAccessible('the sign-in form');
    await press('Control+A');
    await page.keyboard.type('sam');
    await press('Tab'); // social, checked
    await press('Tab'); // agent
    await press('Space');
    await press('Tab'); // lead
    await press('Space');
    await press('Tab');
    await press('Enter');
    await poll(async () => (await listedIds()).length).toBe(19);
    await idle();
    await poll(() => page.locator('#detail').getAttribute('data-item')).toBe((await listedIds())[0]);
    const firstSelected = await selectedId();

    // A mention arriving now shows up by itself, is announced politely, and the selection stays.
    await post(late);
    await poll(async () => (await listedIds()).length).toBe(20);
    await poll(() => page.locator('#announcer').textContent()).toContain('1 new item');
    expect(await selectedId()).toBe(firstSelected);
    await expectAccessible('the triage queue');
    await screenshot(page, `${shots}/00-queue.png`);

    // The help overlay lists every key; Escape closes it.
    await press('?');
    await dialogShown();
    const help = (await dialog().textContent()) ?? '';
    for (const key of ['j', 'k', 'c', 'd', 'm', 'l', 'p', 't', 'a', 'r', 'x', '?']) expect(help).toContain(key);
    await expectAccessible('the help overlay');
    await screenshot(page, `${shots}/01-help.png`);
    await press('Escape');
    await dialogGone();

    // The unknown author of i01 is Ana: link the handle to C-1001 (an identify item is then settled).
    await goTo(idOf('i01'));
    await poll(() => page.locator('#detail').textContent()).toContain('Not linked to a customer');
    await screenshot(page, `${shots}/02-identify-item.png`);
    await press('l');
    await dialogShown();
    await page.keyboard.type('Ana');
    await poll(() => dialog().locator('input[type=radio]').count()).toBeGreaterThan(0);
    await poll(() => dialog().textContent()).toContain('C-1001');
    await expectAccessible('the link dialog');
    await screenshot(page, `${shots}/03-link-dialog.png`);
    await press('Enter');
    await dialogGone();
    await gone(idOf('i01'));
    expect(await statusText()).toContain('C-1001');

    // Confirm two posts the classifier could not read.
    for (const key of ['d01', 'd02']) {
      await goTo(idOf(key));
      await press('c');
      await gone(idOf(key));
      expect(await statusText()).toMatch(/Confirmed .*case /);
    }

    // d03 is more urgent than it looks: P1, then confirm.
    await goTo(idOf('d03'));
    await press('p');
    await dialogShown();
    await press('1');
    await dialogGone();
    await idle();
    await poll(() => page.locator(`#queue [data-id="${idOf('d03')}"] .badge.priority`).textContent()).toBe('P1');
    await goTo(idOf('d03'));
    await press('c');
    await gone(idOf('d03'));

    // Dismiss four, one as each kind, by number key.
    const dismissals: [string, string][] = [
      ['d04', '1'],
      ['d05', '2'],
      ['d06', '3'],
      ['d07', '4'],
    ];
    for (const [key, choice] of dismissals) {
      await goTo(idOf(key));
      await press('d');
      await dialogShown();
      if (key === 'd04') {
        await expectAccessible('the dismiss dialog');
        await screenshot(page, `${shots}/04-dismiss-dialog.png`);
      }
      await press(choice);
      await dialogGone();
      await gone(idOf(key));
    }
    // …and one with Enter, which takes the checked choice (chatter).
    await goTo(idOf('d08'));
    await press('d');
    await dialogShown();
    await press('Enter');
    await dialogGone();
    await gone(idOf('d08'));

    // d09 is Ana's own handle writing in Portuguese: the detail shows her, her phone case and the
    // case i01 joined her to. It is about billing: topic, then merge into the suggested phone-5001.
    await goTo(idOf('d09'));
    await poll(() => page.locator('#detail').textContent()).toContain('Ana Costa');
    await poll(() => page.locator('#detail').textContent()).toContain('Charged twice for order 1234');
    await press('t');
    await dialogShown();
    await chooseByKey('billing');
    await dialogGone();
    await idle();
    await poll(() => page.locator(`#queue [data-id="${idOf('d09')}"] .row-meta`).textContent()).toContain('billing');
    if (updateReadmeShot) await screenshot(page, readmeShot);
    await screenshot(page, `${shots}/05-known-customer.png`);
    await press('m');
    await dialogShown();
    expect(await dialog().locator('input').inputValue()).toBe('phone-5001');
    await press('Enter');
    await dialogGone();
    await gone(idOf('d09'));

    // i02 is Ana's double charge too: its case goes into phone-5001.
    await goTo(idOf('i02'));
    await press('m');
    await dialogShown();
    await press('Control+A');
    await page.keyboard.type('phone-5001');
    await press('Enter');
    await dialogGone();
    await gone(idOf('i02'));

    // Assign teams: i03 (which has a case) to billing, d10 (no case yet) to orders before confirming.
    for (const [key, team] of [
      ['i03', 'billing'],
      ['d10', 'orders'],
    ] as const) {
      await goTo(idOf(key));
      await press('a');
      await dialogShown();
      if (key === 'i03') await expectAccessible('the assign dialog');
      await chooseByKey(team);
      await dialogGone();
      await idle();
      await poll(() => statusText()).toContain(`team ${team}`);
      await press('c');
      await gone(idOf(key));
    }

    // Draft a reply to i04: personal data is refused in the dialog, plainly; a clean text is drafted.
    await goTo(idOf('i04'));
    await press('r');
    await dialogShown();
    await page.keyboard.type('Sorry! Write to us at help@example.com with your card 4111 1111 1111 1111');
    await press('Control+Enter');
    await poll(() => dialog().locator('.dialog-error').textContent()).toContain('VALIDATION_FAILED');
    await expectAccessible('the reply dialog with its error');
    await screenshot(page, `${shots}/06-reply-refused.png`);
    await press('Control+A');
    await page.keyboard.type('Sorry to hear your parcel went missing: we are on it and will update you here today.');
    await press('Control+Enter');
    await dialogGone();
    await idle();
    await poll(() => page.locator('#detail').textContent()).toContain('we are on it');
    await press('c');
    await gone(idOf('i04'));

    // Bulk: select the last six with x, then one confirm for all of them.
    const rest = ['d11', 'd12', 'd13', 'i05', 'i06', 'i07'].map(idOf);
    expect((await listedIds()).sort()).toEqual([...rest].sort());
    for (const itemId of rest) {
      await goTo(itemId);
      await press('x');
      await poll(() => page.locator(`#queue [data-id="${itemId}"]`).getAttribute('aria-checked')).toBe('true');
    }
    await poll(() => page.locator('#bulk-count').textContent()).toBe('6 selected');
    await expectAccessible('the bulk selection');
    await screenshot(page, `${shots}/07-bulk-selection.png`);
    await press('c');
    await gone(...rest);
    await poll(() => statusText()).toContain('6 done');
    await poll(() => page.locator('#queue').textContent()).toContain('Nothing to triage');
    await expectAccessible('the empty queue');
    await screenshot(page, `${shots}/08-empty-queue.png`);

    // The agent view: i03's case waits in billing; claim it, see why it came, note and resolve it.
    await page.getByRole('button', { name: 'Agent', exact: true }).click();
    const billing = page.getByRole('button', { name: 'Claim next in billing' });
    await poll(() => billing.isEnabled()).toBe(true);
    await billing.click();
    await poll(() => page.locator('#agent-case').textContent()).toContain('Why it came here');
    await poll(() => page.locator('#agent-case').textContent()).toContain(textOf('i03'));
    await expectAccessible('the agent view');
    await screenshot(page, `${shots}/09-agent-case.png`);
    await page.getByLabel('Note for the timeline').fill('Called back: the app update fixes the crash.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await poll(() => page.locator('#agent-case').textContent()).toContain('the app update fixes the crash');
    await page.getByRole('button', { name: 'Resolve…' }).click();
    await dialogShown();
    await press('Control+Enter');
    await dialogGone();
    await poll(() => statusText()).toContain('Resolved');
    await page.getByRole('button', { name: 'Approvals', exact: true }).click();
    await poll(() => page.locator('.approvals-view').getAttribute('data-busy')).toBe('false');
    await expectAccessible('the approvals view');
    expect(pageErrors).toEqual([]);

    // Assert: the queue is empty and all 20 are settled, each with its audit.
    expect((await call('GET', '/triage/items?state=open')).body.items).toEqual([]);
    const done = (await call('GET', '/triage/items?state=done&limit=100')).body.items as Json[];
    expect(done).toHaveLength(20);
    const byId = new Map(done.map((item) => [item.itemId as string, item]));
    const item = (key: string): Json => byId.get(idOf(key)) ?? {};
    for (const settled of done) {
      expect(settled.outcome, settled.itemId).toMatchObject({ by: 'sam' });
      expect(settled.history.length, settled.itemId).toBeGreaterThan(0);
      expect(
        settled.history.every((entry: Json) => entry.actor === 'sam'),
        settled.itemId,
      ).toBe(true);
    }
    const actionsOf = (key: string) => item(key).history.map((entry: Json) => entry.action);
    expect(item('i01').outcome.action).toBe('link');
    expect(actionsOf('d03')).toEqual(['priority', 'confirm']);
    expect(item('d03').history[0]).toMatchObject({ before: { priority: 'P4' }, after: { priority: 'P1' } });
    expect(actionsOf('d09')).toEqual(['topic', 'merge']);
    expect(actionsOf('i03')).toEqual(['assign', 'confirm']);
    expect(actionsOf('i04')).toEqual(['draft-reply', 'confirm']);
    for (const key of ['d11', 'd12', 'd13', 'i05', 'i06', 'i07']) expect(item(key).outcome.action, key).toBe('confirm');

    // Confirmed posts have cases; d03's carries the priority chosen; the teams hold their cases.
    for (const key of ['d01', 'd02', 'd03', 'd10', 'i03', 'i04', 'd11', 'd12', 'd13', 'i05', 'i06', 'i07']) {
      expect(item(key).outcome.caseId, key).toEqual(expect.any(String));
    }
    const caseOf = async (key: string) =>
      (await call('GET', `/cases/${encodeURIComponent(item(key).outcome.caseId)}`)).body;
    expect(await caseOf('d03')).toMatchObject({ priority: 'P1' });
    expect(await caseOf('i03')).toMatchObject({ queue: 'billing', status: 'resolved', assignee: 'sam' });
    expect(await caseOf('d10')).toMatchObject({ queue: 'orders' });

    // Both merges went onto Ana's phone case; linking made i01's author Ana and offered the merge.
    expect(item('d09').outcome.caseId).toBe('phone-5001');
    expect(item('i02').outcome.caseId).toBe('phone-5001');
    const story = (await call('GET', '/cases/phone-5001')).body;
    expect(story.timeline.map((entry: Json) => entry.mentionId ?? entry.channel)).toEqual(
      expect.arrayContaining(['phone', idOf('d09'), idOf('i02')]),
    );
    const i01Case = (await call('GET', `/cases/${encodeURIComponent(item('i01').caseId)}`)).body;
    expect(i01Case).toMatchObject({
      party: { kind: 'customer', customerId: 'C-1001' },
      mergeOffer: { caseId: 'phone-5001' },
    });

    // The reply waits as a draft on i04, beside the bridge's thank-you for the idea dismissed as
    // one (d07); nothing with personal data was stored.
    const drafts = (await call('GET', '/replies?state=draft')).body;
    const replies = (Array.isArray(drafts) ? drafts : (drafts.items ?? drafts.replies ?? [])) as Json[];
    expect(replies.map((reply) => [reply.itemId, reply.kind, reply.createdBy]).sort()).toEqual([
      [idOf('d07'), 'public', 'bridge'],
      [idOf('i04'), 'public', 'sam'],
    ]);
    for (const reply of replies) expect(reply.text).not.toContain('@example.com');

    // The labels: every dismissal as chosen, every confirmation and merge as a service need.
    const labels = (await call('GET', '/triage/labels')).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    const intentOf = new Map(labels.map((label) => [label.text as string, label.intent as string]));
    expect(
      Object.fromEntries(['d04', 'd05', 'd06', 'd07', 'd08'].map((key) => [key, intentOf.get(textOf(key))])),
    ).toEqual({
      d04: 'chatter',
      d05: 'spam',
      d06: 'praise',
      d07: 'idea',
      d08: 'chatter',
    });
    for (const key of [
      'd01',
      'd02',
      'd03',
      'd09',
      'd10',
      'd11',
      'd12',
      'd13',
      'i02',
      'i03',
      'i04',
      'i05',
      'i06',
      'i07',
    ]) {
      expect(['complaint', 'request'], key).toContain(intentOf.get(textOf(key)));
    }
    expect(intentOf.has(textOf('i01')), 'linking labels nothing').toBe(false);
    expect(labels).toHaveLength(19);
  }, 110_000);
});
