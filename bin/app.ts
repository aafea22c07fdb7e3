#!/usr/bin/env node
/**
 * CDK app entry (cdk.json "app"): the SocialServiceBridge stack, checked by cdk-nag's AWS Solutions
 * pack as a validation plugin. The CLI synthesises it; an unacknowledged cdk-nag error fails the synth.
 */
import { createBridgeApp } from '../lib/bridge-app.ts';

createBridgeApp();
