// Thresholds decide the exit code (99 when one fails): here a mix of fast and slow endpoints,
// with a sub-metric threshold per endpoint via a `name` tag.
//   throttle run --with-demo-target examples/thresholds.js; echo "exit code $?"
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:6580';

export const options = {
  vus: 5,
  duration: __ENV.DURATION || '10s',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:fast}': ['p(95)<250'],
    'http_req_duration{name:slow}': ['p(95)<800', 'avg>50'],
    checks: ['rate>0.95'],
  },
};

export default function () {
  const fast = http.get(`${BASE_URL}/json`, { tags: { name: 'fast' } });
  const slow = http.get(`${BASE_URL}/delay?ms=100`, { tags: { name: 'slow' } });
  check(fast, { 'fast is 200': (r) => r.status === 200 });
  check(slow, { 'slow is 200': (r) => r.status === 200 });
  sleep(0.1);
}
