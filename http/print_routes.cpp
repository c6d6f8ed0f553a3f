#include "http/print_routes.hpp"

#include <boost/beast/http/field.hpp>

#include "http/error_response.hpp"
#include "http/qr_svg.hpp"

namespace motcua::http {

void add_print_routes(Router& router, core::DossierService& dossiers, std::string public_base) {
    while (!public_base.empty() && public_base.back() == '/') public_base.pop_back();
    // The receipt page itself reads the full record (GET /api/v1/dossiers/{code}, audited as an opening); the
    // picture only needs the code and key, so it is a scoped read.
    router.add(Verb::get, "/api/v1/dossiers/{code}/receipt-qr.svg", Access::staff(),
               [&dossiers, public_base](const Request& req, const RouteParams& params) {
                   auto d = dossiers.get(params.path("code"), params.principal().user);
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
