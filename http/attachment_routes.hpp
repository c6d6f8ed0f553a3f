#pragma once
// Digitisation routes (docs/digitisation.md): file uploads on a dossier's components (the file is the raw request
// body), marks, reuse, the electronic result, downloads for staff and the citizen.
#include <string>
#include <vector>

#include "core/attachment_service.hpp"
#include "core/rate_limit.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace motcua::http {

/// The routes whose body is a file (for ServerOptions::upload_routes), with `max_file_bytes` as their body limit.
[[nodiscard]] std::vector<UploadRoute> attachment_upload_routes(std::size_t max_file_bytes);

void add_attachment_routes(Router& router, core::AttachmentService& attachments, core::RateLimiter& lookup_limit);

}  // namespace motcua::http
