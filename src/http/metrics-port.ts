/**
 * METRICS_PORT: a second listener that serves only `GET /metrics`, without login, for a Prometheus
 * on the same machine or network. It binds to 127.0.0.1 unless TALLY_METRICS_HOST says otherwise:
 * whoever reaches this port reads the figures, so keep it off the load balancer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

export interface MetricsPort {
  port: number;
  close(): Promise<void>;
}

export async function listenMetrics(metrics: Metrics, port: number, host: string, log: (msg: string, err: unknown) => void): Promise<MetricsPort> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served on this port\n');
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      (err) => { log('metrics port: scrape failed', err); res.writeHead(500, { 'content-type': 'text/plain' }).end('scrape failed\n'); },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
  };
}
