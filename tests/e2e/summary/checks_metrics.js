// Checks passing and failing, nested groups, one custom metric of each type fed fixed values,
// thresholds passing and failing (a sub-metric of a custom metric, a percentile beyond the
// summary's stats, a counter's count and rate, a gauge's value). No HTTP.
import { check, group } from 'k6';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';

const items = new Counter('items_total');
const depth = new Gauge('queue_depth');
const hits = new Rate('cache_hits');
const size = new Trend('payload_size');
const wait = new Trend('wait_time', true);

export const options = {
  vus: 1,
  iterations: 10,
  thresholds: {
    payload_size: ['p(90)<100', 'p(99)<9', 'avg>1'],
    'payload_size{kind:big}': ['max<50'],
    cache_hits: ['rate>0.9'],
    items_total: ['count>=55', 'rate>0'],
    queue_depth: ['value<100'],
    checks: ['rate>0.5'],
  },
};

let i = 0;
export default function () {
  i++;
  items.add(i);
  depth.add(i * 2);
  hits.add(i % 3 !== 0);
  size.add(i, { kind: i > 5 ? 'big' : 'small' });
  wait.add(i * 3.5);
  check(i, { 'is positive': (x) => x > 0, 'is even': (x) => x % 2 === 0 });
  group('outer', function () {
    check(i, { 'below 8': (x) => x < 8 });
    group('inner', function () {
      check(i, { 'is one digit': (x) => x < 10 });
    });
  });
}
