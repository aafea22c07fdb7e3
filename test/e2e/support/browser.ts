import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Debian's Chromium, installed by scripts/ensure-chromium.mjs; CHROMIUM points elsewhere. */
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Headless Chromium; as root, Chromium refuses to start without `--no-sandbox`. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });

export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

interface AxeResults {
  readonly violations: readonly {
    readonly id: string;
    readonly impact?: string | null;
    readonly help: string;
    readonly nodes: readonly { readonly target: readonly string[] }[];
  }[];
}

/** The page's global scope once axe-core is injected (this file is type-checked without the DOM library). */
type AxeScope = { axe?: { run: (options: object) => Promise<AxeResults> } };

/**
 * axe-core's violations on the page as it is now, of the given impacts (serious and critical by
 * default), each with the selectors of the offending nodes so a failure says where to look.
 */
export const axeViolations = async (
  page: Page,
  impacts: readonly string[] = ['serious', 'critical'],
): Promise<AxeFinding[]> => {
  if (!(await page.evaluate(() => (globalThis as AxeScope).axe !== undefined))) {
    // Evaluated over the DevTools protocol, which the console's Content-Security-Policy (no inline
    // scripts, as CloudFront serves it) rightly does not let a script tag do.
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  }
  const { violations } = await page.evaluate(() => {
    const { axe } = globalThis as AxeScope;
    if (!axe) throw new Error('axe-core did not load');
    return axe.run({ resultTypes: ['violations'] });
  });
  return violations
    .filter((violation) => impacts.includes(violation.impact ?? ''))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
};

/** A screenshot of the viewport at `path`, creating its folder. */
export const screenshot = async (page: Page, path: string): Promise<void> => {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
};
