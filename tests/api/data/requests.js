// Throttle's /v1/throttle/requests and /failures: two named requests, a 404 and an exception in
// each VU's first iteration.
import http from 'k6/http';
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 5 } } };
export default function () {
  http.get(`${__ENV.BASE_URL}/ok`, { tags: { name: 'ok' } });
  http.post(`${__ENV.BASE_URL}/echo`, 'x', { tags: { name: 'ok' } });
  http.get(`${__ENV.BASE_URL}/status/404`);
  if (__ITER === 0) throw new Error('boom in iteration');
}
