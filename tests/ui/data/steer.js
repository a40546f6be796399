// Fixture for the desktop tests: an externally-controlled scenario against BASE_URL.
import http from 'k6/http';
import { check, group, sleep } from 'k6';

export const options = {
  scenarios: { steer: { executor: 'externally-controlled', vus: 2, maxVUs: 10, duration: '30s' } },
  thresholds: { http_req_duration: ['p(95)<5000'], checks: ['rate>0.5'] },
};

export default function () {
  group('front page', () => {
    const r = http.get(`${__ENV.BASE_URL}/ok`);
    check(r, { 'status is 200': (x) => x.status === 200 });
  });
  console.log(`hello from VU ${__VU}`);
  sleep(0.05);
}
