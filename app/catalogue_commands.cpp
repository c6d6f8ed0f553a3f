#include <fstream>
#include <sstream>

#include "app/args.hpp"
#include "app/calendar_source.hpp"
#include "app/commands.hpp"
#include "app/system_clock.hpp"
#include "core/catalogue_service.hpp"
#include "http/catalogue_json.hpp"
#include "storage/catalogue_store.hpp"

namespace motcua::app {
namespace {

using nlohmann::json;

json import_json(const core::CatalogueImport& r) {
    return json{{"agencies_written", r.agencies_written},
                {"procedures_new", r.procedures_new},
                {"procedures_changed", r.procedures_changed},
                {"procedures_unchanged", r.procedures_unchanged}};
}

}  // namespace

core::Result<json> catalogue_import(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "actor"}, {"demo"}});
    if (!args) return tl::unexpected(args.error());
    const bool demo = args->flag("demo");
    if (args->positional().size() != (demo ? 0u : 1u))
        return tl::unexpected(usage_error("usage: motcua catalogue import FILE --db PATH [--actor NAME] | --demo --db PATH"));
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    core::Catalogue catalogue;
    if (demo) {
        catalogue = http::demo_catalogue();
    } else {
        std::ifstream file(args->positional()[0], std::ios::binary);
        if (!file)
            return core::fail(core::ErrorKind::not_found, "cannot read " + args->positional()[0], "file",
                              "file_not_found");
        std::ostringstream text;
        text << file.rdbuf();
        auto parsed = http::parse_catalogue(text.str());
        if (!parsed) return tl::unexpected(parsed.error());
        catalogue = std::move(*parsed);
    }
    auto db = open_existing_database(*path);
    if (!db) return tl::unexpected(db.error());
    storage::SqliteCatalogueStore store(**db);
    SystemClock clock;
    core::CatalogueService service(store, clock);
    auto result = service.import(catalogue, args->option("actor").value_or("admin"));
    if (!result) return tl::unexpected(result.error());
    return import_json(*result);
}

core::Result<json> catalogue_export(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    auto db = open_existing_database(*path);
    if (!db) return tl::unexpected(db.error());
    storage::SqliteCatalogueStore store(**db);
    SystemClock clock;
    core::CatalogueService service(store, clock);
    return http::to_json(service.export_all());
}

}  // namespace motcua::app
