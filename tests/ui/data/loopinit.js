// An init context that never ends: only cancelling the preparation stops it.
while (true) {}
export default function () {}
