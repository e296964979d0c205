/**
 * Starts telemetry before anything it instruments is loaded. Production preloads it
 * (`node --require ./dist/src/telemetryBootstrap.js dist/src/index.js`, the App Service startup command
 * and `npm run start:prod`); src/index.ts also imports it first, so every other way of starting the bot
 * (`npm start`, `npm run start:bot`, tests) gets the same order. Starting twice is a no-op. Without
 * APPLICATIONINSIGHTS_CONNECTION_STRING it loads nothing.
 */
import { loadTelemetryConfig } from './config';
import { startTelemetry } from './telemetry';

startTelemetry(loadTelemetryConfig().connectionString);
