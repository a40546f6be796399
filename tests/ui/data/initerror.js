// An exception in the init context, two frames deep, plus a built-in module's own frame: the
// desktop shows the user's frames only (issue 16, defect 11).
import http from 'k6/http';
export const options = { vus: 1, iterations: 1 };
function helper() {
  http.get('http://127.0.0.1:1/');
}
helper();
export default function () {}
