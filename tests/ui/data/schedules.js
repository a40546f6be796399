// Two scheduled scenarios for RunController's steering beyond k6: a ramping-vus holding 2 VUs
// (maxVUs 6) and a constant-arrival-rate at 20/s.
import http from 'k6/http';
export const options = {
  scenarios: {
    ramp: {
      executor: 'ramping-vus', startVUs: 2, gracefulRampDown: '0s', gracefulStop: '0s',
      stages: [{ duration: '0s', target: 6 }, { duration: '0s', target: 2 }, { duration: '60s', target: 2 }],
    },
    rate: {
      executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '60s',
      preAllocatedVUs: 4, maxVUs: 8, gracefulStop: '0s',
    },
  },
};
export default function () { http.get(`${__ENV.BASE_URL}/delay?ms=20`); }
