// Throttle's /v1/throttle/thresholds: five expressions on four metrics — one fails (half the
// requests are 404s), one has abortOnFail, one is on a metric that never gets a sample.
import http from 'k6/http';
import { Counter } from 'k6/metrics';

const never = new Counter('never_added');

export const options = {
  scenarios: { s: { executor: 'per-vu-iterations', vus: 1, iterations: 4 } },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:ok}': ['p(95)<60000', { threshold: 'max>=0', abortOnFail: true }],
    data_received: ['count>0'],
    never_added: ['count<1'],
  },
};

export default function () {
  http.get(`${__ENV.BASE_URL}/ok`, { tags: { name: 'ok' } });
  http.get(`${__ENV.BASE_URL}/status/404`);
  if (__ITER < 0) never.add(1);
}
