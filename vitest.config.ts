import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DynamoDB Local is a JVM per test file; two cores do not gain from more than two at once.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Handlers log and emit metrics through Powertools; keep test output to the test results.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_DEV: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
