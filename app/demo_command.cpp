// `motcua demo`: a database a new user can explore at once — the shipped calendar, the demo catalogue (Thanh Hóa),
// demo staff accounts, and N dossiers over the last three years with realistic mixes, each one moved through its
// lifecycle by the same core rules (core::apply) that the server runs.
#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <variant>

#include "app/args.hpp"
#include "app/commands.hpp"
#include "app/system_clock.hpp"
#include "core/auth_service.hpp"
#include "core/catalogue_service.hpp"
#include "core/dossier_service.hpp"
#include "core/engines.hpp"
#include "http/calendar_json.hpp"
#include "http/catalogue_json.hpp"
#include "http/sodium_crypto.hpp"
#include "storage/bulk_load.hpp"
#include "storage/calendar_store.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/migrations.hpp"
#include "storage/payment_store.hpp"
#include "storage/user_store.hpp"

namespace motcua::app {
namespace {

using nlohmann::json;
using std::chrono::minutes;

struct DemoUser {
    const char* username;
    const char* password;
    core::Role role;
    const char* agency;
    const char* name;
};

// Documented in README.md ("Demo accounts"). Demo only: change or deactivate them on a real deployment.
constexpr const char* kDemoAgency = "000.21.40.H56";  // UBND phường Hạc Thành: most demo procedures
constexpr const char* kProvince = "000.00.00.H56";
const DemoUser kDemoUsers[] = {
    {"demo.clerk", "Demo-Clerk-2026!", core::Role::clerk, kDemoAgency, "Lê Thị Thu Hà"},
    {"demo.officer", "Demo-Officer-2026!", core::Role::officer, kDemoAgency, "Nguyễn Văn Hùng"},
    {"demo.head", "Demo-Head-2026!", core::Role::agency_head, kDemoAgency, "Trần Quang Minh"},
    {"demo.supervisor", "Demo-Supervisor-2026!", core::Role::supervisor, kProvince, "Phạm Thị Lan"},
    {"demo.admin", "Demo-Admin-2026!", core::Role::admin, kProvince, "Quản trị hệ thống"},
    {"demo.volunteer", "Demo-Volunteer-2026!", core::Role::volunteer, kDemoAgency, "Đoàn Thị Mai (tình nguyện viên)"},
};

const char* const kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
                               "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Mai", "Trịnh"};
const char* const kMiddle[] = {"Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Thu", "Quang", "Xuân", "Thị Thu",
                               "Văn Tuấn"};
const char* const kGiven[] = {"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương",
                              "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phúc", "Quân",
                              "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Tú", "Vân", "Yến", "Khánh"};
const char* const kStreets[] = {"Lê Lợi", "Trần Phú", "Quang Trung", "Bà Triệu", "Nguyễn Trãi", "Hạc Thành",
                                "Lý Thường Kiệt", "Đại lộ Lê Lợi", "Phan Chu Trinh", "Triệu Quốc Đạt"};
const char* const kWards[] = {"phường Hạc Thành", "phường Hàm Rồng", "phường Sầm Sơn", "xã Thọ Xuân"};

template <typename T, std::size_t N>
const T& pick(std::mt19937_64& rng, const T (&items)[N]) {
    return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

double uniform(std::mt19937_64& rng, double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(rng); }
bool chance(std::mt19937_64& rng, double p) { return uniform(rng, 0, 1) < p; }

std::string digits(std::mt19937_64& rng, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng));
    return s;
}

core::Applicant applicant(std::mt19937_64& rng) {
    core::Applicant a;
    a.name = std::string(pick(rng, kFamily)) + " " + pick(rng, kMiddle) + " " + pick(rng, kGiven);
    // 038 = Thanh Hóa; then century-and-sex digit, two-digit birth year, six digits.
    a.id_number = "038" + std::to_string(std::uniform_int_distribution<int>(0, 3)(rng)) + digits(rng, 8);
    a.phone = std::string("09") + digits(rng, 8);
    if (chance(rng, 0.4)) a.email = "congdan" + digits(rng, 5) + "@example.vn";
    a.address = "Số " + std::to_string(std::uniform_int_distribution<int>(1, 300)(rng)) + ", đường " +
                pick(rng, kStreets) + ", " + pick(rng, kWards) + ", tỉnh Thanh Hóa";
    return a;
}

core::DossierEvent event(core::EventType type, core::Timestamp at) {
    core::DossierEvent e;
    e.type = type;
    e.at = at;
    return e;
}

class Simulator {
public:
    Simulator(std::mt19937_64& rng, const core::DeadlineEngine& engine, const core::Procedure& p, core::Timestamp now)
        : rng_(rng), engine_(engine), p_(p), now_(now) {}

    // A working instant `fraction` of `budget` after `from` (office time).
    core::Timestamp after(core::Timestamp from, core::WorkingTime budget, double fraction) {
        const auto m = std::max<std::int64_t>(1, static_cast<std::int64_t>(static_cast<double>(budget.value.count()) * fraction));
        auto t = engine_.add(core::to_local(from), core::WorkingTime{minutes{m}});
        return t ? core::to_utc(*t) : from;
    }

    // Applies an event unless it would lie in the future; returns false when the story stops here.
    bool step(core::Dossier& d, core::DossierEvent e) {
        // Stories are drawn step by step; an event never precedes the one before it (an apology may have).
        e.at = std::max(e.at, d.timeline.back().at);
        if (e.at > now_) return false;
        e.actor = e.actor.empty() ? "demo.officer" : e.actor;
        auto next = core::apply(d, std::move(e), p_, engine_);
        if (!next) return false;
        d = std::move(*next);
        return true;
    }

    void live(core::Dossier& d) {
        const core::WorkingTime total = engine_.length_of(p_.duration);
        const bool late = chance(rng_, 0.09);
        const double pace = late ? uniform(rng_, 1.05, 1.6) : uniform(rng_, 0.3, 0.98);
        core::Timestamp t = d.clock_start;

        if (chance(rng_, 0.02)) {  // withdrawn early by the applicant
            core::DossierEvent e = event(core::EventType::withdraw, after(t, total, uniform(rng_, 0.1, 0.5)));
            e.reason = "Công dân có đơn xin rút hồ sơ";
            step(d, e);
            return;
        }
        if (chance(rng_, 0.08)) {  // supplementation requested during processing
            core::DossierEvent e = event(core::EventType::request_supplement, after(t, total, uniform(rng_, 0.1, 0.3)));
            e.reason = "Hồ sơ chưa đầy đủ theo quy định";
            e.items = {"Bổ sung bản sao có chứng thực giấy tờ tùy thân", "Ghi đầy đủ thông tin tại mục 5 của tờ khai"};
            if (!step(d, e)) return;
            if (chance(rng_, 0.15)) {
                core::DossierEvent expired = event(core::EventType::supplement_expired, after(d.timeline.back().at, core::WorkingTime{minutes{15 * 480}}, 1.0));
                expired.actor = "system";
                step(d, expired);
                return;
            }
            core::DossierEvent back = event(core::EventType::supplement_received, after(d.timeline.back().at, core::WorkingTime{minutes{480}}, uniform(rng_, 0.5, 5)));
            back.actor = "demo.clerk";
            if (!step(d, back)) return;
            t = d.clock_start;
        }
        if (p_.field == "Đất đai" && chance(rng_, 0.3)) {  // financial obligations
            core::DossierEvent pause = event(core::EventType::pause, after(t, total, uniform(rng_, 0.2, 0.5)));
            pause.reason = "Chờ người sử dụng đất thực hiện nghĩa vụ tài chính";
            if (!step(d, pause)) return;
            core::DossierEvent resume = event(core::EventType::resume, after(pause.at, core::WorkingTime{minutes{480}}, uniform(rng_, 1, 6)));
            if (!step(d, resume)) return;
        }
        if (chance(rng_, 0.01)) {
            core::DossierEvent stop = event(core::EventType::stop, after(t, total, uniform(rng_, 0.2, 0.6)));
            stop.reason = "Dừng giải quyết theo đề nghị của cơ quan có thẩm quyền";
            step(d, stop);
            return;
        }
        // Walk the process steps; a late dossier asks for an extension before (or after) the day before its due.
        core::Timestamp cursor = std::max(t, d.timeline.back().at);
        const core::WorkingTime step_share{minutes{static_cast<std::int64_t>(static_cast<double>(total.value.count()) * pace /
                                                                            static_cast<double>(std::max<std::size_t>(1, p_.steps.size())))}};
        // Some recent dossiers are still being worked on (and some of those are already overdue): the queue a clerk
        // and a supervisor see today.
        const bool stalls = now_ - d.received_at < std::chrono::hours{24 * 45} && chance(rng_, 0.35);
        for (std::size_t i = 0; i + 1 < p_.steps.size(); ++i) {
            if (stalls && i == 1) return;
            cursor = after(cursor, step_share, uniform(rng_, 0.7, 1.3));
            core::DossierEvent h = event(core::EventType::handover, cursor);
            h.to_unit = p_.steps[i + 1].name;
            h.actor = i == 0 ? "demo.clerk" : "demo.officer";
            if (!step(d, h)) return;
            if (!p_.steps[i + 1].agency.empty()) {
                core::DossierEvent c = event(core::EventType::consult, cursor);
                c.agency = p_.steps[i + 1].agency;
                c.note = "Chuyển thông tin để phối hợp giải quyết";
                if (!step(d, c)) return;
            }
            if (late && !d.apologized && chance(rng_, 0.5)) {
                const bool on_time = chance(rng_, 0.8);
                const auto due_day = date::floor<date::days>(core::to_local(d.due_at));
                core::DossierEvent a = event(core::EventType::apologize, on_time ? std::max(cursor, core::to_utc(core::LocalTime{due_day - date::days{1}} + std::chrono::hours{9}))
                                                   : d.due_at);
                a.reason = "Hồ sơ cần xác minh thêm với cơ quan liên quan";
                a.signer = "Trần Quang Minh";
                a.new_due_at = after(d.due_at, core::WorkingTime{minutes{480}}, uniform(rng_, 2, 6));
                a.actor = "demo.head";
                if (a.at > cursor) step(d, a);
            }
        }
        cursor = after(cursor, step_share, uniform(rng_, 0.7, 1.3));
        core::DossierEvent ready = event(core::EventType::result_ready, cursor);
        if (!step(d, ready)) return;
        core::DossierEvent ret = event(core::EventType::return_result, after(cursor, core::WorkingTime{minutes{480}}, uniform(rng_, 0.05, 4)));
        const double m = uniform(rng_, 0, 1);
        ret.method = m < 0.6 ? core::ReturnMethod::counter : (m < 0.7 ? core::ReturnMethod::post : core::ReturnMethod::electronic);
        ret.actor = "demo.clerk";
        step(d, ret);
    }

private:
    std::mt19937_64& rng_;
    const core::DeadlineEngine& engine_;
    const core::Procedure& p_;
    core::Timestamp now_;
};

// A receipt instant inside office hours on a working day (online dossiers may arrive at any hour).
core::Timestamp receipt(std::mt19937_64& rng, const core::DeadlineEngine& engine, core::Timestamp from,
                        core::Timestamp to, core::Channel channel) {
    const auto span = std::chrono::duration_cast<minutes>(to - from).count();
    for (int attempt = 0; attempt < 50; ++attempt) {
        const core::Timestamp t = from + minutes{std::uniform_int_distribution<std::int64_t>(0, span)(rng)};
        if (channel == core::Channel::online || engine.is_open(core::to_local(t))) return t;
    }
    return from;
}

// One batch of drawn dossiers and intake records, in the order they were drawn.
struct DrawnBatch {
    std::vector<std::variant<core::IntakeRecord, core::Dossier>> items;
    /// The dossiers' columns that depend on them alone, encoded on the drawing thread (decision 0052), in order.
    std::vector<storage::EncodedDossier> encoded;
};

// The hand-over from the drawing thread to the writing one: at most two batches wait (memory stays bounded).
class BatchQueue {
public:
    void push(DrawnBatch batch) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return waiting_.size() < 2 || cancelled_; });
        if (cancelled_) return;
        waiting_.push_back(std::move(batch));
        changed_.notify_all();
    }
    /// The next batch; nullopt once the drawing thread has closed the queue and every batch was taken.
    std::optional<DrawnBatch> pop() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !waiting_.empty() || closed_; });
        if (waiting_.empty()) return std::nullopt;
        DrawnBatch batch = std::move(waiting_.front());
        waiting_.pop_front();
        changed_.notify_all();
        return batch;
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }
    /// The writer failed: the drawing thread stops at its next dossier.
    void cancel() {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
        changed_.notify_all();
    }
    bool cancelled() {
        std::lock_guard lock(mutex_);
        return cancelled_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<DrawnBatch> waiting_;
    bool closed_ = false;
    bool cancelled_ = false;
};

// The reads that follow a batch's commit, on a thread of their own over a second, read-only connection to the work
// file, while the writer writes the next batches (decision 0052): the citizen's view of the batch's dossiers (the
// SQL views' JSON, about a sixth of the writer's time before) and their 766 marks as stored. The writer inserts
// the rows and adds the marks in a later transaction: the same rows, and the same sums, as writing them at once.
// The reader reads only committed batches. A mutex held around each read and each COMMIT (file()) keeps the two
// apart: SQLite's own file locks would wait only for the busy timeout, and then fail a COMMIT behind a long read.
class CommittedReader {
public:
    using Read = storage::BulkLoad::CommittedBatch;
    explicit CommittedReader(std::string path) : thread_([this, path = std::move(path)] { run(path); }) {}
    CommittedReader(const CommittedReader&) = delete;
    CommittedReader& operator=(const CommittedReader&) = delete;
    ~CommittedReader() {
        {
            std::lock_guard lock(mutex_);
            abandoned_ = true;  // the writer failed: no more waiting for the file
        }
        close();
        if (thread_.joinable()) thread_.join();
    }
    /// Dossiers [first, last] are committed: read them.
    void request(std::int64_t first, std::int64_t last) {
        std::lock_guard lock(mutex_);
        requests_.emplace_back(first, last);
        changed_.notify_all();
    }
    /// Held by the reader around each read and by the writer around each COMMIT.
    std::mutex& file() { return file_; }
    /// What has been read so far, without waiting; rethrows the thread's failure.
    std::vector<Read> ready() {
        std::lock_guard lock(mutex_);
        if (error_) std::rethrow_exception(error_);
        return std::exchange(done_, {});
    }
    /// Waits for every requested read and returns what ready() has not; rethrows the thread's failure.
    std::vector<Read> finish() {
        close();
        if (thread_.joinable()) thread_.join();
        if (error_) std::rethrow_exception(error_);
        return std::exchange(done_, {});
    }

private:
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }
    void run(const std::string& path) {
        try {
            storage::Database reader(path, true);
            for (;;) {
                std::pair<std::int64_t, std::int64_t> range;
                {
                    std::unique_lock lock(mutex_);
                    changed_.wait(lock, [&] { return !requests_.empty() || closed_; });
                    if (requests_.empty() || abandoned_) return;  // abandoned: the backlog is of no use
                    range = requests_.front();
                    requests_.pop_front();
                }
                Read read;
                {
                    std::lock_guard file_lock(file_);
                    read = storage::BulkLoad::read_committed(reader, range.first, range.second);
                }
                std::lock_guard lock(mutex_);
                done_.push_back(std::move(read));
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            error_ = std::current_exception();
        }
    }

    std::mutex mutex_;
    std::mutex file_;
    std::condition_variable changed_;
    std::deque<std::pair<std::int64_t, std::int64_t>> requests_;
    std::vector<Read> done_;
    bool closed_ = false;
    bool abandoned_ = false;
    std::exception_ptr error_;
    std::thread thread_;  // last: it starts once everything above is constructed
};

core::Result<json> generate(const std::string& db_path, std::int64_t count, std::int64_t seed, bool new_file);

}  // namespace

core::Result<json> demo(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "dossiers", "seed"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    std::int64_t count = 0, seed = 20261126;
    for (auto [name, target] : {std::pair{"dossiers", &count}, std::pair{"seed", &seed}}) {
        if (auto v = args->option(name)) {
            const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), *target);
            if (ec != std::errc() || end != v->data() + v->size() || *target < 0 || *target > 100'000'000)
                return core::fail(core::ErrorKind::invalid_argument, std::string("--") + name + " must be a whole number",
                                  name, "invalid_number");
        }
    }
    if (!args->option("dossiers")) return tl::unexpected(usage_error("usage: motcua demo --db PATH --dossiers N [--seed S]"));

    // A new SQLite file is generated under a name of its own and renamed into place when complete, so that the load
    // can write it without a rollback journal (storage::BulkLoad::Journal::none): a crash leaves that work file, never
    // a half database under the name asked for. An existing database (or PostgreSQL) is added to in place.
    const std::string target(*path);
    const bool new_file = !storage::is_postgresql_url(target) && !std::filesystem::exists(target);
    const std::string work = new_file ? target + ".generating" : target;
    if (new_file)
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(work + suffix);
    auto generated = generate(work, count, seed, new_file);
    if (!generated) return generated;
    if (new_file) {
        // The connection is closed: the work file has no -wal or -shm of its own. Files left under the target's name by
        // a deleted database belong to nothing now, and SQLite would replay such a WAL into the new file on its first
        // open (or roll a hot journal back into it): they go first.
        for (const char* suffix : {"-wal", "-shm", "-journal"}) std::filesystem::remove(target + suffix);
        // A hard link, unlike rename, fails when the name is taken: a database that appeared while generating is
        // never replaced. (A file system without hard links gets the rename.)
        std::error_code linked;
        std::filesystem::create_hard_link(work, target, linked);
        if (linked == std::errc::file_exists)
            return core::fail(core::ErrorKind::already_exists,
                              target + " appeared while the demo was generated; the demo is left in " + work, "db",
                              "database_exists");
        if (linked) std::filesystem::rename(work, target);
        else std::filesystem::remove(work);
    }
    (*generated)["db"] = target;
    return generated;
}

namespace {

core::Result<json> generate(const std::string& db_path, std::int64_t count, std::int64_t seed, bool new_file) {
    auto init = init_database(std::vector<std::string_view>{"--db", db_path});
    if (!init) return init;
    storage::Database db(db_path);
    SystemClock clock;
    storage::SqliteCatalogueStore catalogue_store(db);
    core::CatalogueService catalogue(catalogue_store, clock);
    auto imported = catalogue.import(http::demo_catalogue(), "system");
    if (!imported) return tl::unexpected(imported.error());

    http::SodiumCrypto crypto;
    storage::SqliteUserStore user_store(db);
    core::AuthService auth(user_store, crypto, clock);
    json users = json::array();
    for (const DemoUser& u : kDemoUsers) {
        core::User user;
        user.username = u.username;
        user.display_name = u.name;
        user.role = u.role;
        user.agency = u.agency;
        if (!user_store.find_with_hash(u.username)) {
            auto added = auth.add_user(user, u.password, "system");
            if (!added) return tl::unexpected(added.error());
        }
        users.push_back(json{{"username", u.username}, {"password", u.password}, {"role", core::to_string(u.role)},
                             {"agency", u.agency}});
    }

    storage::SqliteCalendarStore calendar_store(db);
    core::CalendarService calendar(calendar_store, clock);
    core::EngineRegistry engines(calendar, http::shipped_recurring());
    storage::SqliteDossierStore dossiers(db);
    storage::SqlitePaymentStore payments(db, dossiers);
    const auto procedures = catalogue_store.procedures();
    std::map<std::string, core::Agency> agencies;
    for (const auto& a : catalogue_store.agencies()) agencies.emplace(a.code, a);

    // Bulk load (docs/performance.md): big transactions, no fsync per commit, secondary indexes built at the end, the
    // citizen's view written once per dossier on SQLite (storage/bulk_load.hpp). A demo that a crash interrupts is
    // simply generated again. The server's connections stay durable.
    storage::BulkLoad load(db, new_file ? storage::BulkLoad::Journal::none : storage::BulkLoad::Journal::memory);
    std::map<std::string, std::shared_ptr<const core::DeadlineEngine>, std::less<>> engine_of;
    std::vector<const core::Procedure*> local;
    for (const auto& q : procedures)
        if (q.agency == kDemoAgency) local.push_back(&q);

    std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
    const core::Timestamp now = clock.now();
    const core::Timestamp start = now - std::chrono::hours{24 * 365 * 3};
    std::map<std::string, int> by_status;
    std::int64_t records = 0;
    std::vector<core::Dossier> batch;
    std::vector<storage::EncodedDossier> encoded;  // batch's, in order
    // Dossiers and intake records of one batch share a transaction; the records are written as they come (in
    // their own savepoints), the dossiers at the end of the batch.
    std::optional<storage::Transaction> tx;
    // Fees (docs/payments.md): every dossier owes its procedure's fees; most of those that got as far as a result paid
    // them — at the counter, by transfer, or online (more often when submitted online). A generator of its own keeps
    // the dossiers themselves exactly what they were before fees existed.
    std::mt19937_64 pay_rng(static_cast<std::uint64_t>(seed) ^ 0x9e3779b97f4a7c15ULL);
    auto pay_fees = [&](const core::Dossier& d) {
        std::int64_t due = 0;
        for (const auto& l : d.fees) due += l.due();
        const bool done = d.status == core::DossierStatus::result_ready || d.status == core::DossierStatus::returned;
        if (due <= 0 || !(done || d.status == core::DossierStatus::processing) || !chance(pay_rng, done ? 0.9 : 0.4))
            return;
        core::Payment p;
        p.dossier_code = d.code;
        p.agency = d.agency;
        p.amount = due;
        p.at = std::min(d.received_at + std::chrono::minutes{10}, now);
        const double m = uniform(pay_rng, 0, 1);
        const double online = d.channel == core::Channel::online ? 0.7 : 0.15;
        p.method = m < online ? core::PaymentMethod::online
                              : (m < online + 0.2 ? core::PaymentMethod::bank_transfer : core::PaymentMethod::cash);
        if (p.method == core::PaymentMethod::online) {
            p.gateway = "demo";
            p.reference = "DEMO-" + d.code;
        } else if (p.method == core::PaymentMethod::bank_transfer) {
            p.reference = "FT" + d.code.substr(d.code.size() - 4);
        }
        p.recorded_by = p.method == core::PaymentMethod::online ? "gateway" : "demo.clerk";
        p.recorded_at = p.at;
        // What record_payment writes, less its savepoint and its two reads of the dossier's 766 marks: the batch's
        // marks are counted once, after its payments (flush).
        payments.record_payment_unlocked(
            d.id, p, core::AuditRecord{now, p.recorded_by, "payment.recorded", "dossier:" + d.code, {}});
    };
    // A new SQLite file: the view and the 766 marks of each committed batch are read on a third thread (decision
    // 0052). Declared after `load`, so that it has closed its connection before `load` puts the file's settings back.
    std::optional<CommittedReader> reader;
    if (new_file && load.fills_public()) reader.emplace(db_path);
    auto write_read = [&](std::vector<CommittedReader::Read> reads) {
        for (auto& read : reads) load.write_committed(read);
    };
    auto flush = [&] {
        if (!tx) return;
        dossiers.insert_many_unlocked(batch, "demo.clerk", now, false, &encoded);
        for (const auto& d : batch) pay_fees(d);
        if (reader) {
            write_read(reader->ready());
            std::lock_guard file_lock(reader->file());
            tx->commit();
        } else {
            dossiers.add_counts766(batch);
            if (!batch.empty()) load.fill_public(batch.front().id, batch.back().id);
            tx->commit();
        }
        tx.reset();
        if (reader && !batch.empty()) reader->request(batch.front().id, batch.back().id);
        batch.clear();
        encoded.clear();
    };
    // Two threads: this one writes; a second one draws and simulates the next batch meanwhile (the same random
    // streams in the same order, so the same dossiers for the same seed). It needs no database: the deadline engines
    // are built here first, and the batches reach the writer in the order they were drawn.
    for (const auto& q : procedures) {
        if (engine_of.count(q.agency) != 0) continue;
        auto built = engines.engine_for(agencies.at(q.agency));
        if (!built) return tl::unexpected(built.error());
        engine_of.emplace(q.agency, *built);
    }
    const std::int64_t batch_size = 5000;
    BatchQueue queue;
    std::optional<core::Error> failed;  // the drawing thread's outcome, read after it has ended
    std::exception_ptr draw_error;
    std::thread draw([&] {
        try {
            DrawnBatch drawn;
            for (std::int64_t i = 0; i < count && !queue.cancelled(); ++i) {
                // The demo clerk's ward gets half of the dossiers; the rest spread over every procedure.
                const core::Procedure* p =
                    &procedures[std::uniform_int_distribution<std::size_t>(0, procedures.size() - 1)(rng)];
                if (chance(rng, 0.5)) {
                    if (!local.empty()) p = local[std::uniform_int_distribution<std::size_t>(0, local.size() - 1)(rng)];
                }
                const core::Agency& agency = agencies.at(p->agency);
                const core::DeadlineEngine& engine = *engine_of.at(agency.code);
                const double c = uniform(rng, 0, 1);
                const core::Channel channel =
                    c < 0.6 ? core::Channel::direct : (c < 0.92 ? core::Channel::online : core::Channel::postal);

                core::Dossier draft;
                draft.agency = agency.code;
                draft.channel = channel;
                draft.applicant = applicant(rng);
                for (const auto& comp : p->components)
                    draft.components.push_back({comp.id, comp.originals, comp.copies, comp.certified_copies});
                draft.received_by = "demo.clerk";
                draft.received_at = receipt(rng, engine, start, now - std::chrono::hours{1}, channel);
                draft.lookup_key = crypto.token(core::kLookupKeyLength);
                if (chance(rng, 0.05)) {  // not received: supplementation asked at the counter, or refused
                    const bool refuse = chance(rng, 0.3);
                    drawn.items.emplace_back(core::IntakeRecord{
                        0, refuse ? "refuse" : "request_supplement", agency.code, p->code, p->version, channel,
                        draft.applicant, draft.components, refuse ? "Thủ tục không thuộc thẩm quyền giải quyết" : "",
                        refuse ? std::vector<std::string>{} : std::vector<std::string>{"Tờ khai theo mẫu"},
                        draft.received_at, "demo.clerk", core::ServiceMode::counter, ""});
                } else {
                    if (auto fees = core::intake_fee_lines(*p, "", {}, draft.received_at, "demo.clerk"))
                        draft.fees = std::move(*fees);
                    auto d = core::start_dossier(std::move(draft), *p, engine);
                    if (!d) {
                        failed = d.error();
                        break;
                    }
                    Simulator(rng, engine, *p, now).live(*d);
                    drawn.encoded.push_back(storage::encode_for_insert(*d));
                    drawn.items.emplace_back(std::move(*d));
                }
                if ((i + 1) % batch_size == 0) queue.push(std::exchange(drawn, {}));
            }
            if (!drawn.items.empty()) queue.push(std::move(drawn));
        } catch (...) {
            draw_error = std::current_exception();  // rethrown by the writer once the thread has ended
        }
        queue.close();
    });
    try {
        while (auto drawn = queue.pop()) {
            tx.emplace(db);
            encoded = std::move(drawn->encoded);
            // Intake records are written as they come, the dossiers at the end of the batch.
            for (auto& item : drawn->items) {
                if (auto* r = std::get_if<core::IntakeRecord>(&item)) {
                    dossiers.insert_intake_record(
                        *r, core::AuditRecord{now, "demo.clerk", std::string("intake.") + r->outcome, "", {}});
                    ++records;
                } else {
                    auto& d = std::get<core::Dossier>(item);
                    ++by_status[core::to_string(d.status)];
                    batch.push_back(std::move(d));
                }
            }
            flush();
        }
    } catch (...) {
        queue.cancel();
        draw.join();
        throw;
    }
    draw.join();
    if (draw_error) std::rethrow_exception(draw_error);
    if (failed) return tl::unexpected(*failed);
    if (reader) {
        auto rest = reader->finish();
        reader.reset();  // its connection closed before finish() takes the file back to WAL
        storage::Transaction last(db);
        write_read(std::move(rest));
        last.commit();
    }
    load.finish();
    // A few online pre-submissions waiting on the clerk's desk (status 1): two by citizens on their own, one
    // prepared by the demo volunteer. None in an empty demo (--dossiers 0).
    int submissions = 0;
    for (int i = 0; count > 0 && i < 3; ++i) {
        const core::Procedure* p = nullptr;
        for (const core::Procedure* q : local)
            if (q->online_level != core::OnlineLevel::none) p = q;
        if (p == nullptr) break;
        core::Dossier draft;
        draft.agency = kDemoAgency;
        draft.applicant = applicant(rng);
        for (const auto& comp : p->components)
            draft.components.push_back({comp.id, comp.originals, comp.copies, comp.certified_copies});
        draft.lookup_key = crypto.token(core::kLookupKeyLength);
        const bool helped = i == 2;
        draft.service_mode = helped ? core::ServiceMode::online_volunteer : core::ServiceMode::online_self;
        draft.prepared_by = helped ? "demo.volunteer" : "";
        const core::Timestamp at = now - std::chrono::minutes{90 - 30 * i};
        dossiers.insert_received(core::start_submission(std::move(draft), *p, at, helped ? "demo.volunteer" : "citizen"),
                                 core::AuditRecord{at, helped ? "demo.volunteer" : "citizen", "dossier.submitted", "", {}});
        ++by_status[core::to_string(core::DossierStatus::submitted_online)];
        ++submissions;
    }
    return json{{"db", db_path},
                {"agencies", agencies.size()},
                {"procedures", procedures.size()},
                {"users", users},
                {"dossiers", count - records},
                {"intake_records", records},
                {"online_submissions", submissions},
                {"by_status", by_status}};
}

}  // namespace

}  // namespace motcua::app
