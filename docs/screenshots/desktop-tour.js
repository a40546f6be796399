// The desktop screenshots' script (take.sh), not an example to copy: it fails on purpose. Named
// requests for the Requests view, a missing page, a refused connection and an occasional exception
// for the Failures view, thresholds, and a ramping-vus scenario the slider can take over (manual mode).
//   throttle demo-target &        # http://127.0.0.1:6580
//   throttle-desktop -e BASE_URL=http://127.0.0.1:6580 docs/screenshots/desktop-tour.js
import http from 'k6/http';
import { check, group, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:6580';

export const options = {
  scenarios: {
    shoppers: {
      executor: 'ramping-vus',
      startVUs: 2,
      stages: [{ duration: '30s', target: 10 }, { duration: '4m', target: 10 }, { duration: '30s', target: 0 }],
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.05'],
    'http_req_duration{name:catalogue}': ['p(95)<100'],
    'http_req_duration{name:checkout}': ['p(95)<300'],
    checks: ['rate>0.95'],
  },
};

export default function () {
  group('browse', () => {
    const home = http.get(`${BASE_URL}/`, { tags: { name: 'home' } });
    check(home, { 'home is 200': (r) => r.status === 200 });
    http.get(`${BASE_URL}/json`, { tags: { name: 'catalogue' } });
    if (Math.random() < 0.1) http.get(`${BASE_URL}/status/404`, { tags: { name: 'old product page' } });
  });
  group('buy', () => {
    const r = http.get(`${BASE_URL}/delay?ms=${40 + Math.floor(Math.random() * 120)}`, { tags: { name: 'checkout' } });
    check(r, { 'checkout is 200': (x) => x.status === 200 });
    if (Math.random() < 0.02) http.get('http://127.0.0.1:1/payments', { tags: { name: 'payments' } });
  });
  if (Math.random() < 0.01) throw new Error('the basket is empty');
  sleep(0.3 + Math.random() * 0.4);
}
