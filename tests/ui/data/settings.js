// Run settings before Start: the VU count comes from __ENV, so an environment variable set in the
// window shows in the prepared options; -u/-d overrides replace the scenario, as in k6.
import http from 'k6/http';
export const options = {
  scenarios: { main: { executor: 'constant-vus', vus: Number(__ENV.START_VUS || 1), duration: '20s' } },
};
export default function () { http.get(`${__ENV.BASE_URL}/ok`); }
