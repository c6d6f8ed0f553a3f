#include "http/standard_headers.hpp"

#include <boost/beast/http/field.hpp>

namespace motcua::http {

void apply_standard_headers(Response& res) {
    // Beast 345 has no field enumerators for most of these, so they are set by name.
    res.set(beast_http::field::server, "motcua");
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set(beast_http::field::x_frame_options, "DENY");
    res.set("Referrer-Policy", "no-referrer");
}

}  // namespace motcua::http
