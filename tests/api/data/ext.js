// Externally controlled: 2 of 4 VUs active, infinite unless DURATION is set. Each iteration runs a
// group with a check, one request to the demo target and a short sleep.
import http from 'k6/http';
import { check, group, sleep } from 'k6';

export const options = {
  scenarios: { ext: { executor: 'externally-controlled', vus: 2, maxVUs: 4, duration: __ENV.DURATION || '0' } },
  thresholds: { http_req_duration: ['p(95)<60000'], 'checks': ['rate>2'] },
};

export function setup() { return { answer: 42 }; }

export default function () {
  group('g1', () => {
    const r = http.get(`${__ENV.BASE_URL}/ok`);
    check(r, { 'status is 200': (x) => x.status === 200 });
    group('inner', () => {});
  });
  sleep(Number(__ENV.SLEEP || 0.02));
}

export function teardown(data) {}
