// Two scenarios one after the other against the loopback target (BASE_URL): requests that
// pass and fail, checks and groups inside scenarios, thresholds on HTTP sub-metrics.
import http from 'k6/http';
import { check, group } from 'k6';
import { Trend } from 'k6/metrics';

const stage = new Trend('stage_time', true);
const BASE = __ENV.BASE_URL;

export const options = {
  scenarios: {
    browse: { executor: 'shared-iterations', vus: 1, iterations: 3, exec: 'browse' },
    missing: { executor: 'per-vu-iterations', vus: 2, iterations: 2, exec: 'missing', startTime: '500ms' },
  },
  thresholds: {
    http_req_duration: ['p(99) < 5000', 'avg<5000'],
    'http_req_duration{scenario:browse}': ['max<5000'],
    http_req_failed: ['rate<0.5'],
    iterations: ['count>1'],
    'checks{scenario:missing}': ['rate>=0'],
    'group_duration{group:::browse page}': ['p(50)<10000'],
  },
};

export function browse() {
  group('browse page', function () {
    const r = http.get(`${BASE}/ok`);
    check(r, { 'status is 200': (res) => res.status === 200 });
    group('details', function () {
      stage.add(12);
      check(null, { 'details shown': () => true });
    });
  });
}

export function missing() {
  const r = http.get(`${BASE}/status/404`);
  check(r, { 'status is 404': (res) => res.status === 404, 'has a body': () => false });
}
