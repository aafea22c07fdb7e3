import { fileURLToPath } from 'node:url';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../lib/definitions.ts';
import { metricsOfComprehendCalls, metricsOfDisposition } from '../../lambdas/domain/metrics-catalog.ts';
import { emitMetrics, observability } from '../../lambdas/handlers/observability.ts';
import { devLogin } from '../../lambdas/local/dev-login.ts';
import { DevTokens } from '../../lambdas/local/dev-tokens.ts';
import { type LocalGateway, startLocalGateway } from '../../lambdas/local/local-gateway.ts';
import { LocalMetrics, localMetricsRoute } from '../../lambdas/local/local-metrics.ts';
import type { Clock } from '../../lambdas/ports/clock.ts';
import { axeViolations, launchChromium, screenshot } from '../e2e/support/browser.ts';

/** The page's global scope (this file is type-checked without the DOM library). */
type BrowserScope = { sessionStorage?: { setItem(key: string, value: string): void } };

const webDir = fileURLToPath(new URL('../../web/', import.meta.url));

/** The console's Metrics view on a gateway serving `web/`, a dev login and `GET /metrics`, in headless Chromium. */
describe('the console’s Metrics view in a real browser', () => {
  let now = new Date('2030-01-02T08:00:00.000Z').getTime();
  const clock: Clock = { now: () => new Date(now) };
  const sink = new LocalMetrics({ clock });
  const tokens = new DevTokens();
  let gateway: LocalGateway;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** What `/config.json` answers: the local runtime's, or one as the stack deploys it. */
  let consoleConfig: Record<string, unknown> = { mode: 'local', apiUrl: '', teams: [] };

  /** What handlers emit, flushed into the sink as at the end of an invocation. */
  const emit = (functionName: string, work: (metrics: ReturnType<typeof observability>['metrics']) => void) => {
    const { metrics } = observability(functionName, sink);
    work(metrics);
    metrics.publishStoredMetrics();
  };

  beforeAll(async () => {
    // Earlier than the last hour: two chatter mentions and a resolution.
    emit('escalate', (metrics) => {
      for (const _ of [1, 2]) emitMetrics(metrics, metricsOfDisposition({ disposition: { kind: 'chatter' } }));
    });
    now += 2 * 3_600_000;
    // Within the last hour: four decided, two of them escalated, one joined to a phone case.
    emit('escalate', (metrics) => {
      emitMetrics(
        metrics,
        metricsOfDisposition({ disposition: { kind: 'case-created' }, classification: { confidence: 0.92 } }),
      );
      emitMetrics(
        metrics,
        metricsOfDisposition({
          disposition: { kind: 'case-appended' },
          classification: { confidence: 0.81 },
          caseOriginChannel: 'phone',
        }),
      );
      emitMetrics(
        metrics,
        metricsOfDisposition({ disposition: { kind: 'spam' }, classification: { confidence: 0.35 } }),
      );
      emitMetrics(
        metrics,
        metricsOfDisposition({ disposition: { kind: 'chatter' }, classification: { confidence: 0.15 } }),
      );
      emitMetrics(metrics, metricsOfComprehendCalls(25, 0.0075));
      metrics.addMetric('Redeliveries', MetricUnit.Count, 1);
    });
    emit('agent-api', (metrics) => {
      emitMetrics(metrics, [{ name: 'ResolutionTime', unit: 'Seconds', value: 5400 }]);
      emitMetrics(metrics, [{ name: 'FirstResponseTime', unit: 'Seconds', value: 600 }]);
    });
    emit('sla-monitor', (metrics) => {
      // The monitor's own breaches by kind share the name: the view reads the service-wide series only.
      const single = metrics.singleMetric();
      single.addDimension('kind', 'first-response');
      single.addMetric('SlaBreaches', MetricUnit.Count, 2);
      emitMetrics(metrics, [
        { name: 'SlaBreaches', unit: 'Count', value: 3 },
        { name: 'SlaBreach_first-response', unit: 'Count', value: 2 },
        { name: 'SlaBreach_resolution', unit: 'Count', value: 1 },
      ]);
    });

    gateway = await startLocalGateway({
      host: '127.0.0.1',
      port: 0,
      staticDir: webDir,
      userTokens: tokens,
      routes: [
        {
          method: 'GET',
          path: '/me',
          functionId: 'triageApi',
          authorized: false,
          users: ['social', 'agent', 'lead'],
          fn: functions.triageApi,
          handler: async () => ({ statusCode: 200, body: JSON.stringify({ user: 'lee', roles: ['lead'] }) }),
        },
      ],
      authorizer: {
        fn: functions.authorizer,
        handler: async () => ({ isAuthorized: false }),
      },
      localRoutes: [
        {
          method: 'GET',
          path: '/config.json',
          reply: async () => ({ status: 200, body: consoleConfig }),
        },
        { method: 'POST', path: '/auth/dev-login', reply: (request) => devLogin(tokens, request.body) },
        localMetricsRoute(sink),
      ],
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  const text = (selector: string) => page.locator(selector).textContent();
  const cardText = (title: string) =>
    page.locator('.metric-card', { has: page.getByRole('heading', { name: title }) }).textContent();

  it('shows the last hour’s figures and charts, and those since start, under the console’s CSP and accessibly', async () => {
    // Arrange: sign in as a lead through the dev login.
    await page.goto(gateway.url);
    await page.getByLabel('User').fill('lee');
    await page.getByRole('checkbox', { name: 'lead' }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Act
    await page.getByRole('button', { name: 'Metrics', exact: true }).click();
    await expect.poll(() => page.locator('.metrics-view').getAttribute('data-busy')).toBe('false');
    await expect.poll(() => text('#metrics-body')).toContain('Mentions by disposition');
    const lastHour = {
      dispositions: await cardText('Mentions by disposition'),
      escalation: await cardText('Escalation rate'),
      times: await cardText('Response and resolution'),
      breaches: await cardText('SLA breaches'),
      joins: await cardText('Cross-channel joins'),
      confidence: await cardText('Classifier confidence'),
      comprehend: await cardText('Amazon Comprehend'),
    };
    const histogramBars = await page.locator('.histogram rect.bar:not(.empty)').count();
    const violations = await axeViolations(page);
    await screenshot(page, 'test-output/console/metrics-last-hour.png');
    await page.getByRole('radio', { name: 'Since start' }).check();
    const sinceStart = await cardText('Escalation rate');
    await page.keyboard.press('w');
    const toggledBack = await cardText('Escalation rate');

    // Assert
    expect(lastHour.dispositions).toContain('4 mentions decided');
    expect(await page.locator('.bars title').first().textContent()).toBe(
      'Mentions by disposition: case-created 1, case-appended 1, triage 0, chatter 1, spam 1, duplicate 0, rejected 0',
    );
    expect(lastHour.escalation).toContain('50%');
    expect(lastHour.escalation).toContain('2 of 4 handed to people');
    expect(lastHour.times).toContain('10 min');
    expect(lastHour.times).toContain('1.5 h');
    expect(lastHour.breaches).toContain('3 due times missed');
    expect(lastHour.joins).toContain('50% of 2 contacts put on a case');
    expect(lastHour.confidence).toContain('median of 4 mentions');
    expect(histogramBars).toBe(4);
    expect(lastHour.comprehend).toContain('25 calls');
    expect(lastHour.comprehend).toContain('$0.0075');
    expect(sinceStart).toContain('2 of 6 handed to people');
    expect(toggledBack).toContain('2 of 4 handed to people');
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('links to the CloudWatch dashboard when deployed, where there is no GET /metrics', async () => {
    // Arrange: the config the stack uploads, and a session as the hosted UI's sign-in leaves it.
    const dashboardUrl =
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/bridge';
    consoleConfig = {
      mode: 'cognito',
      apiUrl: '',
      teams: [],
      cognito: {
        domain: 'https://example.auth.eu-west-1.amazoncognito.com',
        clientId: 'client',
        redirectUri: gateway.url,
      },
      dashboardUrl,
    };
    const issued = await tokens.issue('lee', ['lead']);
    const deployed = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await deployed.addInitScript(
      (session) => (globalThis as BrowserScope).sessionStorage?.setItem('bridge.session', JSON.stringify(session)),
      {
        mode: 'cognito',
        token: issued.token,
        user: 'lee',
        roles: ['lead'],
        expiresAt: issued.expiresAt,
      },
    );

    // Act
    await deployed.goto(gateway.url);
    await deployed.getByRole('button', { name: 'Metrics', exact: true }).click();
    const link = deployed.getByRole('link', { name: 'Open the CloudWatch dashboard' });
    await link.waitFor();

    // Assert
    expect(await link.getAttribute('href')).toBe(dashboardUrl);
    expect(await deployed.getByRole('radio').count()).toBe(0);
    expect(await axeViolations(deployed)).toEqual([]);
    await deployed.close();
  }, 60_000);
});
