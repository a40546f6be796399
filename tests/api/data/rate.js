// A constant-arrival-rate run (20/s for 60 s): Throttle's live rate change and back to schedule.
import http from 'k6/http';
export const options = {
  scenarios: {
    rate: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '60s', preAllocatedVUs: 2, maxVUs: 10 },
  },
};
export default function () { http.get(`${__ENV.BASE_URL}/ok`); }
