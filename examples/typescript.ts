// A TypeScript test runs as it is (types are stripped by esbuild; nothing is type-checked), with
// a typed helper imported from a .ts file by its full name, as k6 v1 does.
//   throttle run --with-demo-target examples/typescript.ts
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Sample, isSample } from './lib/sample.ts';

const BASE_URL: string = __ENV.BASE_URL || 'http://127.0.0.1:6580';

export const options = {
  vus: 3,
  duration: __ENV.DURATION || '10s',
  thresholds: { checks: ['rate>0.99'] },
};

export default function (): void {
  const res = http.get(`${BASE_URL}/json`);
  const body = res.json() as unknown;
  check(res, {
    'status is 200': (r) => r.status === 200,
    'body is a Sample': () => isSample(body) && (body satisfies Sample).items.length === 3,
  });
  sleep(0.2);
}
