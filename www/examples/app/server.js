// The Sunaba demo app. Everything that differs between environments comes from the
// environment (12-factor): nothing here knows whether it runs in test, staging or prod.
const express = require('express');
const pino = require('pino');

const log = pino();
const app = express();
const port = Number(process.env.PORT || 8080);
const seconds = (name) => Number(process.env[name] || 0);

let healthy = true;
if (seconds('UNHEALTHY_AFTER')) setTimeout(() => { healthy = false; }, seconds('UNHEALTHY_AFTER') * 1000);
if (seconds('EXIT_AFTER')) setTimeout(() => process.exit(Number(process.env.EXIT_CODE || 1)), seconds('EXIT_AFTER') * 1000);

const health = (req, res) => res.status(healthy ? 200 : 500).send(healthy ? 'ok' : 'unhealthy');
app.get(['/healthz', '/livez', '/readyz', '/ready'], health);
app.get('/', (req, res) => res.json({ app: 'sunaba-demo-app', version: require('./package.json').version }));

const server = app.listen(port, () => log.info({ port, database: process.env.DATABASE_URL ? 'configured' : 'none' }, 'listening'));
process.on('SIGTERM', () => {
  log.info('SIGTERM received: draining connections');
  server.close(() => process.exit(0));
});
