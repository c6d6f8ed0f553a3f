#pragma once
// The head of an HTTP response as bytes, for the server's write path.
#include <string>

#include "http/message.hpp"

namespace motcua::http {

/// Replaces `out` with the bytes Beast's serializer sends before the body of `res` (basic_fields::writer): the status
/// line ("HTTP/1.1 200 OK", the reason set on `res` or the standard one), every field as "Name: value" in the order
/// the fields were set, and the empty line. The body follows as it is. For a response with a Content-Length (every
/// answer of the router): a chunked one is for Beast's serializer.
///
/// Why: the server sends the answer as two buffers (this head and the body) in one sendmsg; Beast's serializer walks
/// a buffer sequence of one buffer per field several times per write, about 7 % of the public lookup's CPU
/// (docs/performance-history.md, "The lookup's request path").
void write_response_head(const Response& res, std::string& out);

}  // namespace motcua::http
