#include "app/cli.hpp"

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "storage/database.hpp"

namespace motcua::app {
namespace {

using Handler = std::function<core::Result<nlohmann::json>(CommandArgs, CliIo)>;

struct Command {
    std::vector<std::string_view> words;
    std::string_view summary;
    Handler run;
};

template <typename F>
Handler plain(F f) {
    return [f](CommandArgs a, CliIo) { return f(a); };
}

const std::vector<Command>& commands() {
    static const std::vector<Command> table{
        {{"serve"}, "serve --db PATH [--listen HOST:PORT] [--public-url URL] [--web DIR] [--supplement-expiry-days N]"
                    " [--index766 FILE] [--notify-config FILE] [--satisfaction FILE] [--group-commit on|off]"
                    " [--max-connections-per-client N] [--files DIR] [--trusted-proxy ADDR,...]   run the web server"
                    " (--db takes a SQLite file or a postgresql:// URL)",
         serve},
        {{"init"}, "init --db PATH   create or upgrade a database and load the shipped calendar", plain(init_database)},
        {{"migrate"}, "migrate --db PATH   apply pending schema migrations", plain(migrate_database)},
        {{"calendar", "lunar"}, "calendar lunar YYYY-MM-DD | --from D --to D   solar → lunar", plain(calendar_lunar)},
        {{"calendar", "solar"}, "calendar solar YYYY-MM-DD [--leap]   lunar → solar", plain(calendar_solar)},
        {{"calendar", "holidays"}, "calendar holidays --year Y [--agency CODE] [--db PATH]   weekdays off and working "
                                   "Saturdays",
         plain(calendar_holidays)},
        {{"calendar", "due"}, "calendar due --received YYYY-MM-DDTHH:MM (--hours H | --days N) [--cutoff HH:MM|none] "
                              "[--agency CODE] [--db PATH]   appointment",
         plain(calendar_due)},
        {{"calendar", "import"}, "calendar import FILE --db PATH [--actor NAME]   add or replace a year's notice",
         plain(calendar_import)},
        {{"calendar", "retime"}, "calendar retime --db PATH [--apply] [--actor NAME]   after a calendar change, "
                                 "recompute open dossiers' dues (dry run unless --apply)",
         plain(calendar_retime)},
        {{"calendar", "notices"}, "calendar notices --db PATH   list the notices a database holds",
         plain(calendar_notices)},
        {{"catalogue", "import"}, "catalogue import FILE --db PATH | --demo --db PATH   add agencies and procedures "
                                  "(a changed procedure becomes a new version)",
         plain(catalogue_import)},
        {{"catalogue", "export"}, "catalogue export --db PATH   the catalogue as JSON (importable again)",
         plain(catalogue_export)},
        {{"demo"}, "demo --db PATH --dossiers N [--seed S]   demo agencies, catalogue, users and N dossiers",
         plain(demo)},
        {{"sweep"}, "sweep --db PATH [--supplement-expiry-days N]   close supplementation requests left unanswered "
                    "(run daily)",
         plain(sweep)},
        {{"notify"}, "notify --db PATH --config FILE   deliver the notification outbox once (SMTP, webhook)",
         plain(notify_once)},
        {{"routes"}, "routes   the HTTP routes the server answers (method, path pattern, who may call it)", plain(list_routes)},
        {{"backup"}, "backup --db PATH --to FILE [--files DIR]   consistent copy of a live database and its files", plain(backup_database)},
        {{"export"}, "export --db SRC --to DST   copy every row into a new database (a PostgreSQL URL or a new SQLite "
                     "file), then check counts and the audit chain head",
         plain(export_database)},
        {{"import"}, "import --db DST --from SRC   the same move, named from the new database", plain(import_database)},
        {{"audit", "verify"}, "audit verify --db PATH [--files DIR]   check the audit log's hash chain and the stored files' hashes", plain(audit_verify)},
        {{"audit", "keygen"}, "audit keygen --out KEYFILE   a new Ed25519 key pair for signing digests (owner-only "
                              "file)",
         plain(audit_keygen)},
        {{"audit", "digest"}, "audit digest --db PATH --date YYYY-MM-DD --key KEYFILE   the chain head at the end of "
                              "that office day, signed",
         plain(audit_digest)},
        {{"audit", "check-digest"}, "audit check-digest --db PATH --digest FILE --public-key HEX   prove the history "
                                    "a digest signed is unchanged",
         plain(audit_check_digest)},
        {{"users", "add"}, "users add --db PATH --username U --role R --agency CODE [--name \"Display Name\"]   add a "
                           "staff account; the password is the first line of stdin",
         users_add},
        {{"users", "list"}, "users list --db PATH   list staff accounts", plain(users_list)},
    };
    return table;
}

void print_usage(std::ostream& os) {
    os << "usage: motcua COMMAND [OPTIONS]\n\ncommands:\n";
    for (const Command& c : commands()) os << "  " << c.summary << "\n";
}

}  // namespace

int run_cli(std::span<const std::string_view> args, CliIo io) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_usage(args.empty() ? io.err : io.out);
        return args.empty() ? 2 : 0;
    }
    for (const Command& c : commands()) {
        if (args.size() < c.words.size() || !std::equal(c.words.begin(), c.words.end(), args.begin())) continue;
        try {
            auto result = c.run(args.subspan(c.words.size()), io);
            if (!result) {
                const core::Error& e = result.error();
                io.err << "motcua: " << e.message;
                if (!e.field.empty()) io.err << " [" << e.field << "]";
                io.err << " (" << e.code << ")\n";
                return e.code == "usage" ? 2 : 1;
            }
            if (!result->is_null()) io.out << result->dump(2) << "\n";
            return 0;
        } catch (const storage::StorageError& e) {
            io.err << "motcua: database error: " << e.what() << "\n";
            return 1;
        } catch (const std::exception& e) {
            io.err << "motcua: " << e.what() << "\n";
            return 1;
        }
    }
    io.err << "motcua: unknown command \"" << args[0] << (args.size() > 1 ? " " + std::string(args[1]) : "")
           << "\"\n";
    print_usage(io.err);
    return 2;
}

}  // namespace motcua::app
