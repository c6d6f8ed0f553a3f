#pragma once
// The HTTP message types every part of http/ speaks. Handlers take a Request and return a Response; neither knows
// about sockets, so a test can build a Request and call Router::route directly.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

namespace motcua::http {

namespace beast_http = boost::beast::http;

using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Verb = beast_http::verb;

}  // namespace motcua::http
