// summaryTrendStats with count and an uncommon percentile, summaryTimeUnit, setup() and
// teardown() with checks and a group (k6 v1 shows a "setup" group only for groups inside it).
import http from 'k6/http';
import { check, group } from 'k6';
import { Trend } from 'k6/metrics';

const latency = new Trend('latency', true);
const BASE = __ENV.BASE_URL;

export const options = {
  vus: 1,
  iterations: 4,
  summaryTrendStats: ['count', 'min', 'med', 'p(99.9)', 'max'],
  summaryTimeUnit: 'ms',
  thresholds: { latency: ['p(95)<1000', 'med>0'] },
};

export function setup() {
  group('prepare', function () {
    const r = http.get(`${BASE}/ok`);
    check(r, { 'setup ok': (res) => res.status === 200 });
  });
  return { n: 3 };
}

export default function (data) {
  for (let k = 1; k <= data.n; k++) latency.add(k * 250.5);
  check(data, { 'data arrived': (d) => d.n === 3 });
}

export function teardown() {
  check(null, { 'teardown ran': () => true });
}
