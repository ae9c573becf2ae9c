// HEALTHCHECK: exit 0 when /healthz answers 200, 1 otherwise.
const http = require('node:http');
const port = process.env.PORT || 8080;
http
  .get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1500 }, (res) =>
    process.exit(res.statusCode === 200 ? 0 : 1))
  .on('error', () => process.exit(1));
