// The PostgreSQL engine of storage::Database, over libpq (docs/decisions/0037-postgresql-backend.md).
//
// Statements are prepared once per connection (named, cached by Database like SQLite's), with `?N`/`?` rewritten to
// `$N`. Parameters go as untyped text so the server infers each one's type from its context, which lets one SQL
// text serve both engines; results come back as text and are parsed on read. Writes are serialised across every
// node by one transaction-level advisory lock taken right after BEGIN: the hash-chained audit log and the gap-free
// daily codes need one total order of writes anyway, and this gives exactly SQLite's BEGIN IMMEDIATE semantics.
#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <optional>
#include <vector>

#include "storage/connection.hpp"

namespace motcua::storage::detail {
namespace {

// pg_advisory_xact_lock / pg_advisory_lock keys: "motcua" in ASCII, then a purpose byte.
constexpr std::string_view kTakeWriterLock = "SELECT pg_advisory_xact_lock(120490289182049)";  // 0x6d6f74637561 + 1
constexpr std::string_view kTakeSchemaLock = "SELECT pg_advisory_lock(120490289182050)";
constexpr std::string_view kDropSchemaLock = "SELECT pg_advisory_unlock(120490289182050)";

/// `?N` → `$N`, and a bare `?` → `$k` where k is one more than the largest index so far (SQLite's rule). String
/// literals, quoted identifiers and comments are left alone. `count` gets the largest index, `used` which indexes
/// appear (SQL built from optional fragments may skip some).
std::string to_dollar_parameters(std::string_view sql, int& count, std::vector<bool>& used) {
    std::string out;
    out.reserve(sql.size() + 8);
    count = 0;
    used.assign(1, false);
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {  // a literal or identifier, doubled quotes included
            const std::size_t end = sql.find(c, i + 1);
            const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const std::size_t end = sql.find('\n', i);
            const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const std::size_t end = sql.find("*/", i + 2);
            const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 2;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '?') {
            std::size_t j = i + 1;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
            int n = count + 1;
            if (j > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + j, n);
            if (n > count) count = n;
            if (static_cast<std::size_t>(n) >= used.size()) used.resize(static_cast<std::size_t>(n) + 1, false);
            used[static_cast<std::size_t>(n)] = true;
            out += '$';
            out += std::to_string(n);
            i = j - 1;
        } else {
            out += c;
        }
    }
    return out;
}

[[noreturn]] void throw_result_error(PGresult* result, PGconn* conn, std::string_view what) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    std::string sqlstate = state != nullptr ? state : "";
    PQclear(result);
    throw StorageError(0, std::string(what) + ": " + message, std::move(sqlstate));
}

bool starts_with_word(const char* status, std::string_view word) {
    return status != nullptr && std::string_view(status).starts_with(word);
}

class PgConnection;

class PgPrepared final : public Prepared {
public:
    PgPrepared(PgConnection& conn, std::string_view sql);
    ~PgPrepared() override { PQclear(result_); }
    PgPrepared(const PgPrepared&) = delete;
    PgPrepared& operator=(const PgPrepared&) = delete;

    void bind_int64(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
    void bind_text(int index, std::string_view value) override { slot(index) = std::string(value); }
    void bind_double(int index, double value) override {
        char buffer[64];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        slot(index) = std::string(buffer, end);
    }
    void bind_null(int index) override { slot(index).reset(); }
    bool step() override;
    void reset() override {
        PQclear(result_);
        result_ = nullptr;
        row_ = -1;
        rows_ = 0;
        for (auto& v : values_) v.reset();
    }
    std::int64_t int64(int column) const override {
        const char* v = value(column);
        if (v == nullptr) return 0;
        if (v[0] == 't' && v[1] == '\0') return 1;  // a boolean expression
        if (v[0] == 'f' && v[1] == '\0') return 0;
        std::int64_t n = 0;
        const std::string_view s(v);
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec == std::errc() && end == s.data() + s.size()) return n;
        return static_cast<std::int64_t>(std::strtod(v, nullptr));  // numeric with a fraction (an average, say)
    }
    double real(int column) const override {
        const char* v = value(column);
        return v == nullptr ? 0.0 : std::strtod(v, nullptr);
    }
    std::string_view text_view(int column) const override {
        const char* v = value(column);
        if (v == nullptr) return {};
        return std::string_view(v, static_cast<std::size_t>(PQgetlength(result_, row_, column)));
    }
    std::string text(int column) const override {
        const char* v = value(column);
        if (v == nullptr) return {};
        return std::string(v, static_cast<std::size_t>(PQgetlength(result_, row_, column)));
    }
    bool is_null(int column) const override {
        return result_ == nullptr || row_ < 0 || row_ >= rows_ || column >= PQnfields(result_) ||
               PQgetisnull(result_, row_, column) != 0;
    }

private:
    std::optional<std::string>& slot(int index) {
        if (index < 1 || index > static_cast<int>(values_.size()))
            throw StorageError(0, "bind: no parameter " + std::to_string(index) + " in: " + sql_);
        return values_[static_cast<std::size_t>(index - 1)];
    }
    const char* value(int column) const {
        if (is_null(column)) return nullptr;
        return PQgetvalue(result_, row_, column);
    }
    void prepare_on_server();

    PgConnection& conn_;
    std::string sql_;  ///< as rewritten for the server
    std::vector<Oid> types_;  ///< 0 (let the server infer) for each parameter the SQL uses, text for a skipped one
    std::string name_;
    std::uint64_t generation_ = 0;  ///< the connection's session this statement was prepared in
    std::vector<std::optional<std::string>> values_;
    PGresult* result_ = nullptr;
    int row_ = -1;
    int rows_ = 0;
};

class PgConnection final : public Connection {
public:
    PgConnection(const std::string& url, bool read_only) : read_only_(read_only) {
        conn_ = PQconnectdb(url.c_str());
        if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
            std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
            while (!message.empty() && message.back() == '\n') message.pop_back();
            PQfinish(conn_);
            conn_ = nullptr;
            throw StorageError(0, "cannot connect to PostgreSQL: " + message, "08001");
        }
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // "already exists, skipping" and the like
        configure_session();
    }
    ~PgConnection() override { PQfinish(conn_); }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    Dialect dialect() const override { return Dialect::postgresql; }

    void exec(std::string_view sql) override {
        const std::string text(sql);
        PGresult* r = PQexec(conn_, text.c_str());
        const auto status = PQresultStatus(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            check_connection();
            throw_result_error(r, conn_, "SQL failed");
        }
        // COMMIT of a transaction that had failed answers ROLLBACK without an error: never report it as durable.
        if (text == "COMMIT" && starts_with_word(PQcmdStatus(r), "ROLLBACK")) {
            PQclear(r);
            throw StorageError(0, "COMMIT failed: the transaction had failed and was rolled back", "40000");
        }
        PQclear(r);
    }

    std::unique_ptr<Prepared> prepare(std::string_view sql) override {
        return std::make_unique<PgPrepared>(*this, sql);
    }

    void begin_write() override {
        exec("BEGIN");
        try {
            exec(kTakeWriterLock);
        } catch (...) {
            try {
                exec("ROLLBACK");
            } catch (...) {
            }
            throw;
        }
    }

    std::int64_t last_insert_rowid() const override {
        throw StorageError(0, "last_insert_rowid is SQLite only: use INSERT ... RETURNING id");
    }
    int changes() const override { return changes_; }
    bool in_autocommit() const override { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }
    void lock_schema(bool locked) override { exec(locked ? kTakeSchemaLock : kDropSchemaLock); }

    PGconn* raw() const { return conn_; }
    std::uint64_t generation() const { return generation_; }
    std::string next_statement_name() { return "motcua_" + std::to_string(++statements_); }
    void set_changes(int n) { changes_ = n; }

    /// After a failure: if the connection itself is gone (the server restarted, a failover), reconnect, so the
    /// next request works. Statements prepared on the old session are prepared again on first use.
    void check_connection() {
        if (PQstatus(conn_) != CONNECTION_BAD) return;
        PQreset(conn_);
        if (PQstatus(conn_) == CONNECTION_OK) {
            ++generation_;
            configure_session();
        }
    }

private:
    void configure_session() {
        exec("SET client_encoding TO 'UTF8'");
        exec("SET standard_conforming_strings TO on");
        if (read_only_) exec("SET default_transaction_read_only TO on");
    }

    PGconn* conn_ = nullptr;
    bool read_only_ = false;
    int changes_ = 0;
    std::uint64_t statements_ = 0;
    std::uint64_t generation_ = 0;
};

PgPrepared::PgPrepared(PgConnection& conn, std::string_view sql) : conn_(conn) {
    int count = 0;
    std::vector<bool> used;
    sql_ = to_dollar_parameters(sql, count, used);
    values_.resize(static_cast<std::size_t>(count));
    constexpr Oid kText = 25;  // a parameter the SQL never mentions still needs a type
    types_.resize(static_cast<std::size_t>(count), 0);
    for (int i = 1; i <= count; ++i)
        if (!used[static_cast<std::size_t>(i)]) types_[static_cast<std::size_t>(i - 1)] = kText;
    prepare_on_server();
}

void PgPrepared::prepare_on_server() {
    name_ = conn_.next_statement_name();
    generation_ = conn_.generation();
    PGresult* r = PQprepare(conn_.raw(), name_.c_str(), sql_.c_str(), static_cast<int>(types_.size()),
                            types_.empty() ? nullptr : types_.data());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        conn_.check_connection();
        throw_result_error(r, conn_.raw(), "cannot prepare statement");
    }
    PQclear(r);
}

bool PgPrepared::step() {
    if (result_ == nullptr) {
        if (generation_ != conn_.generation()) prepare_on_server();
        std::vector<const char*> params(values_.size());
        for (std::size_t i = 0; i < values_.size(); ++i) params[i] = values_[i] ? values_[i]->c_str() : nullptr;
        PGresult* r = PQexecPrepared(conn_.raw(), name_.c_str(), static_cast<int>(params.size()), params.data(),
                                     nullptr, nullptr, 0);
        const auto status = PQresultStatus(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            conn_.check_connection();
            throw_result_error(r, conn_.raw(), "statement failed");
        }
        const char* tag = PQcmdStatus(r);
        if (starts_with_word(tag, "INSERT") || starts_with_word(tag, "UPDATE") || starts_with_word(tag, "DELETE"))
            conn_.set_changes(std::atoi(PQcmdTuples(r)));
        result_ = r;
        rows_ = status == PGRES_TUPLES_OK ? PQntuples(r) : 0;
        row_ = -1;
    }
    if (row_ < rows_) ++row_;
    return row_ < rows_;
}

}  // namespace

std::unique_ptr<Connection> open_postgresql(const std::string& url, bool read_only) {
    return std::make_unique<PgConnection>(url, read_only);
}

}  // namespace motcua::storage::detail
