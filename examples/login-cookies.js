// A login flow: the session cookie set by POST /login is kept in the VU's cookie jar and sent
// on the next requests of the same iteration (k6 empties the jar before every iteration).
//   throttle run --with-demo-target examples/login-cookies.js
import http from 'k6/http';
import { check, group, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:6580';

export const options = {
  vus: 3,
  duration: __ENV.DURATION || '10s',
  thresholds: { checks: ['rate==1'], http_req_failed: ['rate<0.01'] },
};

export default function () {
  group('login', () => {
    const res = http.post(`${BASE_URL}/login`, { user: `user${__VU}`, password: 'secret' });
    check(res, {
      'logged in': (r) => r.status === 200 && r.json('ok') === true,
      'session cookie set': (r) => (r.headers['Set-Cookie'] || '').startsWith('session='),
    });
  });
  group('with session', () => {
    const res = http.get(`${BASE_URL}/cookies`);
    check(res, { 'session cookie sent back': (r) => r.json('cookies.session') !== undefined });
  });
  sleep(0.2);
}
