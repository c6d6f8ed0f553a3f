#include "http/print_routes.hpp"

#include <boost/beast/http/field.hpp>

#include "http/error_response.hpp"
#include "http/qr_svg.hpp"

namespace motcua::http {

void add_print_routes(Router& router, core::DossierService& dossiers, const Authenticator& auth,
                      std::string public_base) {
    while (!public_base.empty() && public_base.back() == '/') public_base.pop_back();
    router.add(Verb::get, "/api/v1/dossiers/{code}/receipt-qr.svg",
               [&dossiers, &auth, public_base](const Request& req, const RouteParams& params) {
                   auto who = auth.require(req);
                   if (!who) return error_response(who.error(), req);
                   auto d = dossiers.get(params.path("code"), who->user);
                   if (!d) return error_response(d.error(), req);
                   Response res{beast_http::status::ok, req.version()};
                   res.set(beast_http::field::content_type, "image/svg+xml");
                   res.keep_alive(req.keep_alive());
                   res.body() = qr_svg(lookup_url(public_base, d->code, d->lookup_key));
                   res.prepare_payload();
                   return res;
               });
}

}  // namespace motcua::http
