// The k6 documentation's externally-controlled example, pointed at a local target.
// Steer it while it runs: `throttle scale --vus 20`, `throttle pause`, `throttle resume`,
// or drag the VU slider in throttle-desktop.
//   throttle run --with-demo-target examples/externally-controlled.js
//   BASE_URL=http://127.0.0.1:8080 throttle run examples/externally-controlled.js
import http from 'k6/http';
import { sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:6580';

export const options = {
  discardResponseBodies: true,
  scenarios: {
    contacts: {
      executor: 'externally-controlled',
      vus: 10,
      maxVUs: 50,
      duration: __ENV.DURATION || '10m',
    },
  },
};

export default function () {
  http.get(`${BASE_URL}/`);
  sleep(0.5);
}
