// An HTML form flow: GET the sign-in page, take the hidden CSRF token out of the form with
// res.html() (k6/html), and post the form back with it. The demo target rejects a bad token (403).
//   throttle run --with-demo-target examples/html-form.js
import http from 'k6/http';
import { parseHTML } from 'k6/html';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:6580';

export const options = {
  vus: 2,
  duration: __ENV.DURATION || '10s',
  thresholds: { checks: ['rate==1'], http_req_failed: ['rate<0.01'] },
};

export default function () {
  const page = http.get(`${BASE_URL}/login`);
  const form = page.html('form#login');
  const token = form.find('input[name=csrf]').attr('value');
  check(page, {
    'sign-in page': (r) => r.status === 200 && r.html('head > title').text().startsWith('Sign in'),
    'form has a token': () => typeof token === 'string' && token.length > 0,
  });

  // serializeObject() gives every field of the form, the hidden token included.
  const fields = Object.assign(form.serializeObject(), { user: `user${__VU}`, password: 'secret' });
  const res = http.post(`${BASE_URL}${form.attr('action')}`, fields);
  check(res, { 'signed in with the token': (r) => r.status === 200 && r.json('ok') === true });

  // parseHTML works on any string too.
  const doc = parseHTML(page.body);
  check(doc, { 'one password field': (d) => d.find('input[type=password]').size() === 1 });
  sleep(0.2);
}
