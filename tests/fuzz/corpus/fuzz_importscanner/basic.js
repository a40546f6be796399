import http from 'k6/http';
import { check, sleep } from 'k6';
export default function () { check(http.get('http://x'), {}); sleep(1); }
