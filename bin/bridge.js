#!/usr/bin/env node
// The `bridge` command. The project runs its TypeScript as is (through tsx), so the command, the
// tests and the Lambdas' bundles all start from the same sources.
import { register } from 'tsx/esm/api';

// The tooling may run on Node 20; the SDK's notice about its future Node 22 floor concerns the
// machine, not the bridge (the Lambdas run Node 24), so it is not repeated on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
