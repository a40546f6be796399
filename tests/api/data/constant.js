// A constant-vus run: cannot be paused after its start.
import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 1, duration: '60s' };
export default function () { http.get(`${__ENV.BASE_URL}/ok`); sleep(0.05); }
