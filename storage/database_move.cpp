#include "storage/database_move.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <sodium.h>

#include "storage/audit_log.hpp"
#include "storage/migrations.hpp"

namespace motcua::storage {
namespace {

// ---- The catalogue -------------------------------------------------------------------------------------------------
// Table and column names come from these queries, never from a user; they are still quoted where SQL is built.

constexpr std::string_view kTablesSqlite =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name";
constexpr std::string_view kTablesPostgres =
    "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() "
    "AND table_type = 'BASE TABLE' ORDER BY 1";

constexpr std::string_view kColumnsSqlite = "SELECT name FROM pragma_table_info(?1) ORDER BY cid";
constexpr std::string_view kColumnsPostgres =
    "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND CAST(table_name AS TEXT) = ?1 AND is_generated = 'NEVER' ORDER BY ordinal_position";

constexpr std::string_view kPrimaryKeySqlite = "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk";
constexpr std::string_view kPrimaryKeyPostgres =
    "SELECT CAST(k.column_name AS TEXT) FROM information_schema.table_constraints t "
    "JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema "
    "AND k.constraint_name = t.constraint_name AND k.table_name = t.table_name "
    "WHERE t.table_schema = current_schema() AND CAST(t.table_name AS TEXT) = ?1 "
    "AND t.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position";

// child table, parent table, child column, parent column ("" on SQLite: the parent's primary key).
constexpr std::string_view kForeignKeysSqlite =
    "SELECT m.name, f.\"table\", f.\"from\", coalesce(f.\"to\", '') FROM sqlite_master m, "
    "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY 1, 2";
constexpr std::string_view kForeignKeysPostgres =
    "SELECT CAST(k.table_name AS TEXT), CAST(u.table_name AS TEXT), CAST(k.column_name AS TEXT), "
    "CAST(u.column_name AS TEXT) FROM information_schema.referential_constraints r "
    "JOIN information_schema.key_column_usage k ON k.constraint_schema = r.constraint_schema "
    "AND k.constraint_name = r.constraint_name "
    "JOIN information_schema.key_column_usage u ON u.constraint_schema = r.unique_constraint_schema "
    "AND u.constraint_name = r.unique_constraint_name AND u.ordinal_position = k.position_in_unique_constraint "
    "WHERE r.constraint_schema = current_schema() ORDER BY 1, 2";

constexpr std::string_view kIdentityColumnsPostgres =
    "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND CAST(table_name AS TEXT) = ?1 AND is_identity = 'YES'";

constexpr std::string_view kAuditHead = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";

std::string quoted(std::string_view identifier);

/// PostgreSQL target: the tables' own triggers (dossier_public's rebuild, the append-only guards) are off while
/// the rows load, so the derived table is copied as it is rather than rebuilt per event in PL/pgSQL (about 5 ms per
/// event measured, against 0.05 ms for SQLite's trigger); the check then compares it with the source like any table.
/// DDL cannot be a prepared statement there; the names come from the catalogue and are quoted.
class TriggersOff final {
public:
    TriggersOff(Database& db, const std::vector<std::string>& tables) : db_(db), tables_(tables) { set("DISABLE"); }
    void restore() {
        set("ENABLE");
        restored_ = true;
    }
    ~TriggersOff() {
        if (restored_) return;
        try {
            set("ENABLE");
        } catch (...) {  // the target is partly loaded anyway and must be dropped (docs/deployment.md)
        }
    }
    TriggersOff(const TriggersOff&) = delete;
    TriggersOff& operator=(const TriggersOff&) = delete;

private:
    void set(std::string_view what) {
        for (const auto& t : tables_) db_.exec("ALTER TABLE " + quoted(t) + " " + std::string(what) + " TRIGGER USER");
    }
    Database& db_;
    std::vector<std::string> tables_;
    bool restored_ = false;
};

/// Kept by each database itself: its migrations, and the catalogue's generation (schema 0030, decision 0047), a
/// value that only says whether the catalogue changed since a connection read it, set by the target's own triggers.
const std::set<std::string> kNotCopied{"schema_migration", "catalogue_generation"};
/// SQLite target: filled by the target's triggers as dossiers and events arrive (decision 0026), so not copied.
/// The check compares them like every other table.
const std::set<std::string> kRebuiltByTriggers{"dossier_public"};
/// A target holding any of these already serves a province.
constexpr std::array<std::string_view, 2> kMustBeEmpty{"dossier", "audit_log"};

struct ForeignKey {
    std::string child, parent, from, to;
};

struct TableInfo {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::string> primary_key;
};

using Row = std::vector<std::optional<std::string>>;

std::string quoted(std::string_view identifier) {
    std::string out = "\"";
    for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::vector<std::string> strings(Database& db, std::string_view sql, const std::string* param = nullptr) {
    Statement s = db.prepare(sql);
    if (param != nullptr) s.bind(1, *param);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

bool sqlite(Database& db) { return db.dialect() == Dialect::sqlite; }

std::vector<std::string> tables_of(Database& db) {
    auto all = strings(db, sqlite(db) ? kTablesSqlite : kTablesPostgres);
    std::erase_if(all, [](const std::string& t) { return kNotCopied.contains(t); });
    return all;
}

TableInfo table_info(Database& db, const std::string& table) {
    return TableInfo{table, strings(db, sqlite(db) ? kColumnsSqlite : kColumnsPostgres, &table),
                     strings(db, sqlite(db) ? kPrimaryKeySqlite : kPrimaryKeyPostgres, &table)};
}

std::vector<ForeignKey> foreign_keys(Database& db) {
    Statement s = db.prepare(sqlite(db) ? kForeignKeysSqlite : kForeignKeysPostgres);
    std::vector<ForeignKey> out;
    while (s.step()) out.push_back(ForeignKey{s.text(0), s.text(1), s.text(2), s.text(3)});
    return out;
}

/// Parents before children (Kahn's algorithm, alphabetical among equals); a cycle between tables throws.
std::vector<std::string> in_foreign_key_order(const std::vector<std::string>& tables,
                                              const std::vector<ForeignKey>& fks) {
    std::map<std::string, std::set<std::string>> parents;
    for (const auto& t : tables) parents[t];
    for (const auto& fk : fks)
        if (fk.child != fk.parent && parents.contains(fk.child) && parents.contains(fk.parent))
            parents[fk.child].insert(fk.parent);
    std::vector<std::string> out;
    while (out.size() < tables.size()) {
        bool progressed = false;
        for (auto& [table, waiting_for] : parents) {
            if (std::find(out.begin(), out.end(), table) != out.end() || !waiting_for.empty()) continue;
            out.push_back(table);
            for (auto& [other, deps] : parents) deps.erase(table);
            progressed = true;
            break;
        }
        if (!progressed) throw StorageError(0, "the tables' foreign keys form a cycle; cannot order the copy");
    }
    return out;
}

std::int64_t count_rows(Database& db, const std::string& table) {
    Statement s = db.prepare("SELECT count(*) FROM " + quoted(table));
    s.step();
    return s.int64(0);
}

/// Calls `each` for every row of `info` read from `db`, in primary key order, `page` rows per statement (keyset
/// pagination, so PostgreSQL never holds a whole table's result in memory). A table without a primary key is read
/// in one statement.
template <typename F>
void for_each_row(Database& db, const TableInfo& info, int page, F each) {
    std::string select = "SELECT ";
    for (std::size_t i = 0; i < info.columns.size(); ++i) select += (i ? ", " : "") + quoted(info.columns[i]);
    select += " FROM " + quoted(info.name);
    if (info.primary_key.empty()) {
        Statement s = db.prepare(select);
        Row row(info.columns.size());
        while (s.step()) {
            for (std::size_t i = 0; i < row.size(); ++i) row[i] = s.optional_text(static_cast<int>(i));
            each(row);
        }
        return;
    }
    std::vector<std::size_t> key_index;
    std::string keys, params, order;
    for (std::size_t k = 0; k < info.primary_key.size(); ++k) {
        key_index.push_back(static_cast<std::size_t>(
            std::find(info.columns.begin(), info.columns.end(), info.primary_key[k]) - info.columns.begin()));
        keys += (k ? ", " : "") + quoted(info.primary_key[k]);
        params += (k ? ", ?" : "?") + std::to_string(k + 1);
    }
    const std::string tail = " ORDER BY " + keys + " LIMIT " + std::to_string(page);
    const std::string first_sql = select + tail;
    const std::string next_sql = select + " WHERE (" + keys + ") > (" + params + ")" + tail;
    std::optional<Row> last;
    for (;;) {
        Statement s = db.prepare(last ? next_sql : first_sql);
        if (last)
            for (std::size_t k = 0; k < key_index.size(); ++k) s.bind(static_cast<int>(k + 1), (*last)[key_index[k]]);
        int n = 0;
        Row row(info.columns.size());
        while (s.step()) {
            for (std::size_t i = 0; i < row.size(); ++i) row[i] = s.optional_text(static_cast<int>(i));
            each(row);
            last = row;
            ++n;
        }
        if (n < page) return;
    }
}

/// An order-independent digest of a table's rows: the sum, in four 64-bit lanes, of each row's BLAKE2b-256 over its
/// values (length-prefixed, NULL told apart from '').
std::array<std::uint64_t, 4> table_digest(Database& db, const TableInfo& info) {
    std::array<std::uint64_t, 4> sum{};
    for_each_row(db, info, 5000, [&](const Row& row) {
        crypto_generichash_state st;
        crypto_generichash_init(&st, nullptr, 0, 32);
        for (const auto& v : row) {
            const unsigned char tag = v ? 1 : 0;
            crypto_generichash_update(&st, &tag, 1);
            if (!v) continue;
            const std::uint64_t len = v->size();
            crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(&len), sizeof len);
            crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(v->data()), v->size());
        }
        std::array<unsigned char, 32> h{};
        crypto_generichash_final(&st, h.data(), h.size());
        for (std::size_t lane = 0; lane < 4; ++lane) {
            std::uint64_t x = 0;
            for (std::size_t b = 0; b < 8; ++b) x = (x << 8) | h[lane * 8 + b];
            sum[lane] += x;
        }
    });
    return sum;
}

AuditHead audit_head(Database& db) {
    Statement s = db.prepare(kAuditHead);
    if (!s.step()) return {};
    return AuditHead{s.int64(0), s.text(1)};
}

/// The source's rows as of one instant: a read transaction (SQLite's snapshot; REPEATABLE READ on PostgreSQL).
class Snapshot final {
public:
    explicit Snapshot(Database& db) : db_(db) {
        db_.exec(sqlite(db_) ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }
    ~Snapshot() {
        try {
            db_.exec("ROLLBACK");  // nothing was written
        } catch (...) {
        }
    }
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

private:
    Database& db_;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

/// Copies one table, parents before children inside it too when it refers to itself (agency.parent): a row whose
/// parent has not been inserted yet waits for it.
std::int64_t copy_table(Database& source, Database& target, const TableInfo& info, const std::vector<ForeignKey>& fks,
                        int batch_rows) {
    std::optional<std::size_t> from_index, to_index;
    for (const auto& fk : fks) {
        if (fk.child != info.name || fk.parent != info.name) continue;
        const std::string to = fk.to.empty() && !info.primary_key.empty() ? info.primary_key[0] : fk.to;
        const auto f = std::find(info.columns.begin(), info.columns.end(), fk.from);
        const auto t = std::find(info.columns.begin(), info.columns.end(), to);
        if (f == info.columns.end() || t == info.columns.end() || from_index)
            throw StorageError(0, "cannot order the rows of " + info.name + " (self reference)");
        from_index = static_cast<std::size_t>(f - info.columns.begin());
        to_index = static_cast<std::size_t>(t - info.columns.begin());
    }
    // Rows go in multi-row INSERTs (one round trip per `per_statement` rows), kept in the order they were queued,
    // so a parent queued before its child is inserted first on both engines.
    std::string insert_head = "INSERT INTO " + quoted(info.name) + " (";
    for (std::size_t i = 0; i < info.columns.size(); ++i) insert_head += (i ? ", " : "") + quoted(info.columns[i]);
    insert_head += ") VALUES ";
    const std::size_t width = info.columns.size();
    const std::size_t per_statement = std::max<std::size_t>(
        1, std::min({std::size_t{200}, 6000 / width, static_cast<std::size_t>(std::max(batch_rows, 1))}));
    auto insert_sql = [&](std::size_t rows) {
        std::string sql = insert_head;
        for (std::size_t r = 0; r < rows; ++r) {
            sql += r ? ", (" : "(";
            for (std::size_t i = 0; i < width; ++i) sql += (i ? ", ?" : "?") + std::to_string(r * width + i + 1);
            sql += ")";
        }
        return sql;
    };

    std::int64_t copied = 0;
    std::int64_t uncommitted = 0;
    std::optional<Transaction> tx;
    std::vector<Row> pending;
    auto flush = [&] {
        if (pending.empty()) return;
        if (!tx) tx.emplace(target);
        Statement s = target.prepare(insert_sql(pending.size()));
        for (std::size_t r = 0; r < pending.size(); ++r)
            for (std::size_t i = 0; i < width; ++i) s.bind(static_cast<int>(r * width + i + 1), pending[r][i]);
        s.run();
        copied += static_cast<std::int64_t>(pending.size());
        uncommitted += static_cast<std::int64_t>(pending.size());
        pending.clear();
        if (uncommitted >= batch_rows) {
            tx->commit();
            tx.reset();
            uncommitted = 0;
        }
    };
    std::unordered_set<std::string> inserted;  // values of the referenced column, for a self-referring table
    std::unordered_multimap<std::string, Row> waiting;
    auto put = [&](const Row& first) {
        std::vector<Row> to_put{first};
        while (!to_put.empty()) {
            Row row = std::move(to_put.back());
            to_put.pop_back();
            if (to_index && row[*to_index]) {
                inserted.insert(*row[*to_index]);
                auto [b, e] = waiting.equal_range(*row[*to_index]);
                for (auto it = b; it != e; ++it) to_put.push_back(std::move(it->second));
                waiting.erase(b, e);
            }
            pending.push_back(std::move(row));
            if (pending.size() == per_statement) flush();
        }
    };
    for_each_row(source, info, batch_rows, [&](const Row& row) {
        if (from_index && row[*from_index] && row[*from_index] != row[*to_index] &&
            !inserted.contains(*row[*from_index]))
            waiting.emplace(*row[*from_index], row);
        else
            put(row);
    });
    if (!waiting.empty())
        throw StorageError(0, info.name + ": " + std::to_string(waiting.size()) +
                                  " row(s) refer to a row of the same table that does not exist");
    flush();
    if (tx) tx->commit();
    return copied;
}

/// PostgreSQL: every identity column's sequence continues after the largest id copied.
void advance_sequences(Database& target, const std::vector<std::string>& tables) {
    if (sqlite(target)) return;  // AUTOINCREMENT and rowids follow the largest id by themselves
    for (const auto& table : tables)
        for (const auto& column : strings(target, kIdentityColumnsPostgres, &table)) {
            Statement s = target.prepare("SELECT setval(pg_get_serial_sequence(?1, ?2), (SELECT coalesce(max(" +
                                         quoted(column) + "), 0) + 1 FROM " + quoted(table) + "), false)");
            s.bind(1, quoted(table)).bind(2, column);
            s.step();
        }
}

}  // namespace

MoveCheck check_move(Database& source, Database& target) {
    MoveCheck check;
    auto note = [&](const std::string& problem) {
        if (check.problem.empty()) check.problem = problem;
    };
    for (const auto& table : in_foreign_key_order(tables_of(target), foreign_keys(target))) {
        const TableInfo info = table_info(target, table);
        TableCheck t{table, count_rows(source, table), count_rows(target, table), false};
        t.same_rows = t.source_rows == t.target_rows && table_digest(source, info) == table_digest(target, info);
        if (!t.same_rows)
            note(table + ": " + std::to_string(t.source_rows) + " row(s) in the source, " +
                 std::to_string(t.target_rows) + " in the target" +
                 (t.source_rows == t.target_rows ? ", with different values" : ""));
        check.tables.push_back(std::move(t));
    }
    check.source_head = audit_head(source);
    check.target_head = audit_head(target);
    if (!(check.source_head == check.target_head))
        note("audit chain heads differ: source row " + std::to_string(check.source_head.last_id) + ", target row " +
             std::to_string(check.target_head.last_id));
    const auto verified = verify_audit(target);
    check.target_chain_intact = !verified.first_bad_id;
    if (!check.target_chain_intact) note("the target's audit chain is broken: " + verified.problem);
    return check;
}

core::Result<MoveReport> move_database(Database& source, Database& target, int batch_rows) {
    if (sodium_init() < 0) throw StorageError(0, "libsodium failed to initialise");
    Snapshot snapshot(source);
    const int from_version = schema_version(source);
    const int to_version = schema_version(target);
    if (from_version != to_version)
        return core::fail(core::ErrorKind::failed_precondition,
                          "the source records schema version " + std::to_string(from_version) + " and the target " +
                              std::to_string(to_version) + "; migrate both to the same version first",
                          "db", "schema_versions_differ");
    const auto tables = sorted(tables_of(target));
    if (sorted(tables_of(source)) != tables)
        return core::fail(core::ErrorKind::failed_precondition,
                          "the source and the target do not have the same tables", "db", "schema_mismatch");
    std::vector<TableInfo> infos;
    for (const auto& table : tables) {
        infos.push_back(table_info(target, table));
        if (sorted(table_info(source, table).columns) != sorted(infos.back().columns))
            return core::fail(core::ErrorKind::failed_precondition,
                              "table " + table + " does not have the same columns in the source and the target",
                              "db", "schema_mismatch");
    }
    for (const auto table : kMustBeEmpty)
        if (std::find(tables.begin(), tables.end(), table) != tables.end() && count_rows(target, std::string(table)) > 0)
            return core::fail(core::ErrorKind::failed_precondition,
                              "the target already holds rows of " + std::string(table) +
                                  "; move into a new database only",
                              "to", "target_not_empty");

    const auto fks = foreign_keys(target);
    const auto order = in_foreign_key_order(tables, fks);
    {  // rows a migration seeded (calendar_revision) make way for the source's, children first
        Transaction tx(target);
        for (auto it = order.rbegin(); it != order.rend(); ++it)
            if (count_rows(target, *it) > 0) target.prepare("DELETE FROM " + quoted(*it)).run();
        tx.commit();
    }
    MoveReport report;
    std::optional<TriggersOff> triggers_off;
    if (!sqlite(target)) triggers_off.emplace(target, order);
    for (const auto& table : order) {
        if (sqlite(target) && kRebuiltByTriggers.contains(table)) {
            report.rebuilt.push_back(table);
            continue;
        }
        const TableInfo& info = *std::find_if(infos.begin(), infos.end(), [&](const auto& i) { return i.name == table; });
        const std::int64_t rows = copy_table(source, target, info, fks, batch_rows);
        report.copied.push_back(TableCopy{table, rows});
        report.rows += rows;
    }
    if (triggers_off) triggers_off->restore();
    advance_sequences(target, order);
    // The catalogue changed under the target's generation (decision 0047), and on PostgreSQL its triggers were off:
    // a connection that read the target's seeded catalogue must not take its copy for current.
    target.prepare(sqlite(target) ? "UPDATE catalogue_generation SET generation = random() WHERE id = 1"
                                  : "UPDATE catalogue_generation SET generation = nextval('catalogue_generation_seq') "
                                    "WHERE id = 1")
        .run();
    report.check = check_move(source, target);
    return report;
}

}  // namespace motcua::storage
