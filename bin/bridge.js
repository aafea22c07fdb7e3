#!/usr/bin/env node
// The `bridge` command. The project runs its TypeScript as is (through tsx), so the command, the
// tests and the Lambdas' bundles all start from the same sources.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
