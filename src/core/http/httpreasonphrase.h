#pragma once
// HttpReasonPhrase: the standard reason phrase of a status code, for status texts on HTTP/2
// (which has none on the wire; Go, and so k6, still reports "200 OK"). Stateless; any thread.

namespace throttle {

class HttpReasonPhrase {
public:
    static const char *of(int status);  // "" for codes without a common phrase
};

} // namespace throttle
