// A multipart file upload: open() reads the file once in the init context; http.file() makes it
// a form part.
//   throttle run --with-demo-target examples/file-upload.js
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:6580';
const data = open('./data/upload.txt', 'b');

export const options = { iterations: 20, vus: 2, thresholds: { checks: ['rate==1'] } };

export default function () {
  const res = http.post(`${BASE_URL}/upload`, {
    description: 'a text file',
    file: http.file(data, 'upload.txt', 'text/plain'),
  });
  check(res, {
    'uploaded': (r) => r.status === 200,
    'file part received whole': (r) => {
      const part = (r.json('parts') || []).find((p) => p.name === 'file');
      return part !== undefined && part.size === data.byteLength && part.filename === 'upload.txt';
    },
  });
}
