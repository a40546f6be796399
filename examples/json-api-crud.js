// A JSON API: create, read, update and delete an item per iteration, with checks per step and
// thresholds on the whole run.
//   throttle run --with-demo-target examples/json-api-crud.js
import http from 'k6/http';
import { check, group, fail } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:6580';
const json = { headers: { 'Content-Type': 'application/json' } };

export const options = {
  scenarios: {
    crud: { executor: 'constant-vus', vus: 4, duration: __ENV.DURATION || '10s' },
  },
  thresholds: {
    'http_req_duration{expected_response:true}': ['p(95)<500'],
    checks: ['rate>0.99'],
  },
};

export default function () {
  let id;
  group('create', () => {
    const res = http.post(`${BASE_URL}/api/items`, JSON.stringify({ name: `item-${__VU}-${__ITER}`, qty: 1 }), json);
    if (!check(res, { 'created (201)': (r) => r.status === 201 })) fail(`create failed: ${res.status}`);
    id = res.json('id');
  });
  group('read', () => {
    const res = http.get(`${BASE_URL}/api/items/${id}`);
    check(res, { 'read back': (r) => r.status === 200 && r.json('name') === `item-${__VU}-${__ITER}` });
  });
  group('update', () => {
    const res = http.put(`${BASE_URL}/api/items/${id}`, JSON.stringify({ name: 'renamed', qty: 2 }), json);
    check(res, { 'updated': (r) => r.status === 200 });
  });
  group('delete', () => {
    const res = http.del(`${BASE_URL}/api/items/${id}`);
    check(res, { 'deleted (204)': (r) => r.status === 204 });
  });
}
