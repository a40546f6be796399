// Only an arrival-rate scenario: no scenario takes a VU change, so the desktop's VU slider and
// max-VUs field are off (with a note saying why) and the rate field steers it.
import http from 'k6/http';
export const options = {
  scenarios: {
    paced: {
      executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '8s',
      preAllocatedVUs: 2, maxVUs: 4, gracefulStop: '30s',
    },
  },
};
export default function () { http.get(`${__ENV.BASE_URL}/ok`); }
