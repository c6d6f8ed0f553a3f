#pragma once
// The liveness check used by scripts, monitors and the contract checks.
#include "http/router.hpp"

namespace motcua::http {

/// Registers GET /healthz, answering 200 {"status":"ok"} (and HEAD, through the router's HEAD rule).
/// It says the process is up and serving; it does not touch the database.
void add_health_routes(Router& router);

}  // namespace motcua::http
