#pragma once
// JSON encodings of the composite columns (applicant, dossier state, event data, procedure body). Storage's own
// format: stable field names, unknown fields ignored on read so that later versions can add some.
#include <string>

#include "core/catalogue.hpp"
#include "core/dossier.hpp"

namespace motcua::storage {

std::string encode_applicant(const core::Applicant& a);
core::Applicant decode_applicant(const std::string& text);

/// Everything of the dossier's derived state that has no column of its own.
std::string encode_state(const core::Dossier& d);
void decode_state(const std::string& text, core::Dossier& d);

std::string encode_event_data(const core::DossierEvent& e);
void decode_event_data(const std::string& text, core::DossierEvent& e);

std::string encode_procedure_body(const core::Procedure& p);
void decode_procedure_body(const std::string& text, core::Procedure& p);

std::string encode_components(const std::vector<core::HandedComponent>& c);
std::string encode_strings(const std::vector<std::string>& items);

}  // namespace motcua::storage
